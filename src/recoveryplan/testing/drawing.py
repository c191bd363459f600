"""How a part of a plan is drawn from what the model says of its fields.

Each field is drawn from its type (text, a date, an enumeration, a part, a list of them,
optional or not) and its metadata: a field that ``refers_to`` something names something of
that kind drawn earlier in the same plan, so references always resolve; a field named ``id``
is unique across the plan. What the metadata cannot say is in three small tables here:
:data:`TARGETS` (what each kind of reference names), :data:`LOCAL` (references that stay
inside their holder) and :data:`VALUES` (the few values valid only within the plan's
framework or a standard). A field of a type nothing here can draw is an error naming it.

Part of :mod:`recoveryplan.testing.strategies`, which builds its strategies on it.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any, Literal, TypeAlias, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on what is installed
    from ..errors import MissingExtraError

    raise MissingExtraError.needing("testing") from error

from .._fields import (
    Enumeration,
    is_json_object,
    is_optional,
    optional_inner,
    refers_to,
    sequence_of,
    text_or_part,
    type_hints,
)
from ..assessment import AssessmentItem
from ..communication import LARGEST_PRINT, SMALLEST_LARGE_PRINT, Need, NeedKind
from ..frameworks import Framework, RatingScale
from ..goals import Goal, Outcome
from ..people import CircleMember, Person
from ..plan import Plan
from ..ratings import Rating
from ..reviews import ReviewDecision
from ..risk import Concern, RiskPlan
from .values import dates, ids

__all__ = [
    "CHIME_DOMAINS",
    "LOCAL",
    "PARTS",
    "RESERVED",
    "TARGETS",
    "VALUES",
    "Consent",
    "Draw",
    "Shape",
    "build",
]

T = TypeVar("T")

CHIME_DOMAINS = ("connectedness", "hope", "identity", "meaning", "empowerment")
"""The domains of the ``chime`` framework, which generated plans use unless given another."""

Consent: TypeAlias = Literal["drawn", "none", "everything"]
"""How the person shares with the circle: a drawn mixture, with nobody, or everything with
every member."""

# -- what the model's metadata cannot say ------------------------------------------------------

TARGETS: Mapping[str, tuple[type, ...]] = {
    "person": (CircleMember,),
    "assessment item": (AssessmentItem,),
    "aim": (Outcome, Goal),
    "concern": (Concern,),
    "goal or risk plan": (Outcome, Goal, RiskPlan),
}
"""For each kind of reference a field's metadata names (``refers_to``), the parts whose ids
it may hold. A person reference may also be ``"person"`` or ``"service"``; a ``"domain"`` is
one of the framework's domains."""

LOCAL: Mapping[str, type] = {"concern": RiskPlan}
"""Kinds of reference that name only parts inside the same holder: a safeguard addresses the
concerns of its own risk plan."""

RESERVED = ("person", "service")


def _framework_id(d: Draw) -> str:
    return d.shape.framework_id


def _language(d: Draw) -> str:
    return d(st.sampled_from(["en-GB", "gd", "ar", "he", "pl", "ur"]))


def _rating_value(d: Draw) -> int:
    if d.shape.scale is None:
        raise ValueError(f"the framework {d.shape.framework_id!r} has no rating scale")
    low, high = d.shape.scale
    return d(st.integers(min_value=low, max_value=high))


def _decision_date(d: Draw) -> date:
    return d(dates())


def _print_size(d: Draw) -> int:
    return d(st.integers(min_value=SMALLEST_LARGE_PRINT, max_value=LARGEST_PRINT))


def _need(d: Draw) -> Need:
    """A need's detail belongs to its kind: a size to large print, a language to an
    interpreter, the words to ``other``; every kind may carry the person's words too."""
    kind = d(st.sampled_from(NeedKind))
    words = d.words() if kind is NeedKind.OTHER else d.maybe(d.words)
    return Need(
        kind=kind,
        size=_print_size(d) if kind is NeedKind.LARGE_PRINT else None,
        language=_language(d) if kind is NeedKind.INTERPRETER else None,
        text=words,
    )


VALUES: Mapping[tuple[type, str], Callable[[Draw], Any]] = {
    (Plan, "framework"): _framework_id,
    (Person, "language"): _language,
    (CircleMember, "language"): _language,
    (Rating, "value"): _rating_value,
    (ReviewDecision, "due_on"): _decision_date,
}
"""The few values whose validity needs more than their type and metadata: the plan's
framework, a language tag, a rating within the framework's scale, a review decision's date
(which a new date needs, and any decision may give). Everything else is drawn
from the field's type; ids (a field named ``id``) are unique across the plan."""

PARTS: Mapping[type, Callable[[Draw], Any]] = {Need: _need}
"""Parts whose fields depend on each other (a need's detail on its kind), drawn whole."""

for _cls, _name in VALUES:
    if _name not in attrs.fields_dict(_cls):  # pragma: no cover - a renamed field
        raise AttributeError(f"{_cls.__name__} has no field {_name!r} to draw a value for")


# -- drawing ---------------------------------------------------------------------------------


class Shape:
    """What the caller asked the plan to look like."""

    def __init__(
        self,
        framework: Framework | None,
        sections: frozenset[str],
        consent: Consent,
        max_depth: int,
        max_goals: int,
    ) -> None:
        self.framework_id = framework.id if framework is not None else "chime"
        self.domains = tuple(framework.domain_ids) if framework is not None else CHIME_DOMAINS
        scale = framework.rating_scale if framework is not None else RatingScale(1, 10)
        self.scale = (scale.minimum, scale.maximum) if scale is not None else None
        self.sections = sections
        self.consent = consent
        self.max_depth = max_depth
        self.max_goals = max_goals


class Draw:
    """What every part's builder needs: the draw, the text, fresh ids and what can be named."""

    def __init__(
        self,
        draw: st.DrawFn,
        text: st.SearchStrategy[str],
        max_items: int,
        prefix: str,
        shape: Shape,
    ) -> None:
        self.draw = draw
        self.text = text
        self.max_items = max_items
        self.prefix = prefix
        self.shape = shape
        self.extension: st.SearchStrategy[dict[str, Any]] = st.just({})
        self.counter = itertools.count(1)
        self.named: dict[str, list[str]] = {kind: [] for kind in TARGETS}
        self.named["person"].extend(RESERVED)
        self.named["domain"] = list(shape.domains)
        # Only the first tree (the first outcome's goals) may go deep; the rest stay shallow
        # so that a plan stays a quick draw.
        self.depths = itertools.chain([shape.max_depth], itertools.repeat(min(2, shape.max_depth)))
        self.budget = shape.max_goals
        self.bits = 0
        self.bits_left = 0

    def __call__(self, strategy: st.SearchStrategy[T]) -> T:
        return self.draw(strategy)

    def new_id(self) -> str:
        """An id no other part of this plan has (the counter makes it so, whatever is drawn)."""
        return f"{self.draw(ids())}{self.prefix}{next(self.counter)}"

    def words(self) -> str:
        return self.draw(self.text)

    def maybe(self, make: Callable[[], T]) -> T | None:
        """``make()`` or ``None``; the choices come 32 to a draw, which keeps generation quick.

        Shrinking the drawn number towards zero leaves optional fields out, so a failing plan
        still shrinks to a small one.
        """
        if not self.bits_left:
            self.bits = self.draw(st.integers(min_value=0, max_value=2**32 - 1))
            self.bits_left = 32
        present = self.bits & 1
        self.bits >>= 1
        self.bits_left -= 1
        return make() if present else None

    def many(self, make: Callable[[], T]) -> tuple[T, ...]:
        count = self.draw(st.integers(min_value=0, max_value=self.max_items))
        return tuple(make() for _ in range(count))

    def pick(self, choices: Sequence[T]) -> tuple[T, ...]:
        """A few distinct entries from ``choices``, in any order."""
        if not choices:
            return ()
        return tuple(
            self.draw(st.lists(st.sampled_from(choices), unique=True, max_size=self.max_items))
        )

    def take(self, wanted: int) -> int:
        """How many of ``wanted`` more goals the plan may still hold (beyond the spine)."""
        granted = min(wanted, self.budget)
        self.budget -= granted
        return granted

    def allows(self, section: str) -> bool:
        """Whether the caller lets this section of the plan be filled."""
        return section in self.shape.sections


Given = Mapping[str, Callable[[], Any]]
"""Values a builder is told to use for some fields of the part it builds, by field name."""


def build(d: Draw, cls: type, given: Given | None = None) -> Any:
    """One ``cls``, every field drawn from what the model says of it."""
    whole = PARTS.get(cls)
    if whole is not None and given is None:
        return whole(d)
    local = [kind for kind, holder in LOCAL.items() if issubclass(cls, holder)]
    outer = {kind: d.named[kind] for kind in local}
    for kind in local:
        d.named[kind] = []
    values: dict[str, Any] = {}
    for field in attrs.fields(cls):
        make = (given or {}).get(field.name)
        values[field.name] = make() if make is not None else _value(d, cls, field)
    d.named.update(outer)
    part = cls(**values)
    part_id = values.get("id")
    if isinstance(part_id, str):
        for kind in _answers(cls):
            d.named[kind].append(part_id)
    return part


def _value(d: Draw, cls: type, field: attrs.Attribute[Any]) -> Any:
    # A subclass of a model class (one that adds a field) keeps its base's rules.
    special = next(
        (VALUES[key] for base in cls.__mro__ if (key := (base, field.name)) in VALUES), None
    )
    if special is not None:
        return special(d)
    hint = type_hints(cls)[field.name]
    if field.name == "id" and hint is str:
        return d.new_id()
    kind = refers_to(field)
    if kind is not None:
        return _reference(d, cls, field, hint, kind)
    return _of_type(d, cls, field, hint)


def _reference(d: Draw, cls: type, field: attrs.Attribute[Any], hint: Any, kind: str) -> Any:
    if kind not in d.named:
        raise TypeError(
            f"{cls.__name__}.{field.name} refers to {kind!r}, which the strategies cannot draw "
            f"yet; say in recoveryplan.testing.drawing.TARGETS what it names"
        )
    choices = d.named[kind]
    if sequence_of(hint) is str:
        return d.pick(choices)
    if is_optional(hint):
        return d.maybe(lambda: d(st.sampled_from(choices))) if choices else None
    if not choices:
        # Only a part drawn on its own gets here (a list of such parts is left empty when
        # there is nothing to name): what it is about is outside it, so it names a fresh id.
        return d.new_id()
    return d(st.sampled_from(choices))


def _of_type(d: Draw, cls: type, field: attrs.Attribute[Any], hint: Any) -> Any:
    if is_optional(hint):
        inner = optional_inner(hint)
        return d.maybe(lambda: _of_type(d, cls, field, inner))
    element = sequence_of(hint)
    if element is not None:
        if element is str:
            return d.many(d.words)
        part = text_or_part(element)
        if part is not None:
            return d.many(lambda: d.words() if d(st.booleans()) else build(d, part))
        if isinstance(element, type) and issubclass(element, Enumeration):
            return tuple(d(st.lists(st.sampled_from(element), unique=True)))
        if isinstance(element, type) and attrs.has(element):
            if not _can_name(d, element):
                return ()
            if _is_tree(element):
                return _tree_from(d, element)
            return d.many(lambda: build(d, element))
    elif is_json_object(hint):
        return d(d.extension)
    elif isinstance(hint, type):
        if issubclass(hint, Enumeration):
            return d(st.sampled_from(hint))
        if attrs.has(hint):
            return build(d, hint)
        drawn = _SCALARS.get(hint)
        if drawn is not None:
            return drawn(d)
    raise TypeError(
        f"{cls.__name__}.{field.name} is of a type the strategies cannot draw ({hint!r}); "
        "teach recoveryplan.testing.drawing its values"
    )


_SCALARS: Mapping[type, Callable[[Draw], Any]] = {
    str: Draw.words,
    bool: lambda d: d(st.booleans()),
    int: lambda d: d(st.integers(min_value=-(2**53), max_value=2**53)),
    date: lambda d: d(dates()),
}


def _can_name(d: Draw, cls: type) -> bool:
    """Whether a ``cls`` drawn here has something for each reference it must make (a review
    decision must be about a goal or a risk plan): a list of parts that cannot is empty."""
    hints = type_hints(cls)
    return all(
        d.named.get(kind, True)
        for field in attrs.fields(cls)
        if (kind := refers_to(field)) is not None
        and not is_optional(hints[field.name])
        and sequence_of(hints[field.name]) is None
    )


@cache
def _answers(cls: type) -> tuple[str, ...]:
    """The kinds of reference that may name a part of ``cls`` by its id."""
    return tuple(kind for kind, targets in TARGETS.items() if issubclass(cls, targets))


@cache
def _tree_field(cls: type) -> str | None:
    """The field of ``cls`` that holds more of ``cls`` (a goal's smaller goals), if any."""
    for field in attrs.fields(cls):
        if sequence_of(type_hints(cls)[field.name]) is cls:
            name: str = field.name
            return name
    return None


def _is_tree(cls: type) -> bool:
    return _tree_field(cls) is not None


def _tree_from(d: Draw, cls: type) -> tuple[Any, ...]:
    """A tree of ``cls`` (an outcome's goals) nested to a drawn depth; the nodes' own
    children come from :func:`_tree`."""
    depth = d(st.integers(min_value=0, max_value=next(d.depths)))
    return _tree(d, cls, 1, depth)


def _tree(d: Draw, cls: type, level: int, depth: int) -> tuple[Any, ...]:
    """The nodes at ``level``; the first one carries on down to ``depth`` (the spine)."""
    if level > depth:
        return ()
    extra = d.take(d(st.integers(min_value=0, max_value=2)))
    below = [depth, *(d(st.integers(min_value=level, max_value=depth)) for _ in range(extra))]
    children = _tree_field(cls)
    assert children is not None
    return tuple(
        build(d, cls, {children: functools.partial(_tree, d, cls, level + 1, reach)})
        for reach in below
    )
