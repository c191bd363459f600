"""Adding, replacing and removing the parts of a plan, by id, in types a checker can follow.

An embedding system edits a plan one part at a time: a goal posted by a form, a safeguard
agreed at a meeting, a circle member who has left. Each edit here returns a new plan (plans
are immutable), and refuses, with what, where and how to fix it, an edit that would leave
the plan unable to mean what it says: an unknown id, a part put under the wrong kind of
parent, an id used twice, or a part removed while something still refers to it.

Nothing here names a collection by hand. Where each kind of part lives (a goal under an
outcome or a goal, a safeguard under a risk plan, a rating in the plan's ratings) is read from
the model's types, and what refers to what from the fields' ``refers_to`` metadata, so a new
collection in the model is editable the day it is declared. The parts without an id (ratings,
reviews, sharing entries) are found by what identifies them: see :func:`key_of`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any, Protocol, TypeAlias, TypeVar

import attrs

from ._fields import model_classes, sequence_of, type_hints, types_in
from ._walking import replaced
from .assessment import Assessment, AssessmentItem
from .errors import PlanValueError, UnknownReferenceError
from .goals import Goal, Outcome
from .people import CircleMember, Person
from .ratings import Rating
from .reviews import Review
from .risk import Concern, RiskPlan, Safeguard
from .sharing import SharingConsent

__all__ = [
    "KEYED",
    "Keyed",
    "Nested",
    "Part",
    "TopLevel",
    "add",
    "find",
    "find_keyed",
    "key_of",
    "remove",
    "replace",
]

Nested: TypeAlias = Goal | Concern | Safeguard
"""Parts that live under another part: ``under=`` names it when one is added."""

TopLevel: TypeAlias = (
    Outcome | AssessmentItem | CircleMember | RiskPlan | Rating | Review | SharingConsent
)
"""Parts that live in one of the plan's own lists (the assessment's items among them)."""

Part: TypeAlias = Nested | TopLevel
"""Every part of a plan that can be added, replaced and removed on its own."""

Keyed: TypeAlias = Rating | Review | SharingConsent
"""Parts without an id, found by what identifies them (see :func:`key_of`)."""

KEYED: tuple[type, ...] = (Rating, Review, SharingConsent)

REFERRED_PARTS: dict[str, tuple[type, ...]] = {
    "person": (CircleMember,),
    "assessment item": (AssessmentItem,),
    "aim": (Outcome, Goal),
    "concern": (Concern,),
    "goal or risk plan": (Outcome, Goal, RiskPlan),
}
"""Each kind of reference that fields make by id, as their ``refers_to`` metadata names it,
and the parts it may name (``"person"`` also means the person and the service)."""

REFERRED = tuple(REFERRED_PARTS)

P = TypeVar("P", bound=Part)
Q = TypeVar("Q", bound=Nested | Outcome | AssessmentItem | CircleMember | RiskPlan)


class Whole(Protocol):
    """What editing needs of a plan (:class:`recoveryplan.Plan`, which imports this module)."""

    @property
    def id(self) -> str: ...

    @property
    def circle(self) -> tuple[CircleMember, ...]: ...

    @property
    def assessment(self) -> Assessment | None: ...

    @property
    def person(self) -> Person: ...

    def identified(self) -> Iterator[tuple[str, Any]]: ...

    def references(self, kind: str = "person") -> Iterator[Any]: ...


W = TypeVar("W", bound=Whole)

NAMES: dict[type, str] = {
    Goal: "small goal",
    Outcome: "outcome",
    AssessmentItem: "assessment item",
    CircleMember: "circle member",
    RiskPlan: "risk plan",
    Concern: "concern",
    Safeguard: "safeguard",
    Rating: "rating",
    Review: "review",
    SharingConsent: "sharing entry",
}
"""How a message names each kind of part."""


def _name(cls: type) -> str:
    return NAMES.get(_kind(cls) or cls, cls.__name__)


def _a(name: str) -> str:
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


# -- where parts live ------------------------------------------------------------------------


@cache
def homes(root: type, cls: type) -> tuple[tuple[type, str], ...]:
    """Every ``(holder class, field)`` of the model under ``root`` whose list holds ``cls``."""
    return tuple(
        (holder, field.name)
        for holder in model_classes(root)
        for field in attrs.fields(holder)
        if sequence_of(type_hints(holder)[field.name]) is cls
    )


def key_of(part: Part) -> tuple[Any, ...]:
    """What identifies a part: its id, or for the parts without one, the member a sharing
    entry is with, the day of a review, and a rating's domain, day and rater."""
    if isinstance(part, SharingConsent):
        return ("sharing", part.member)
    if isinstance(part, Review):
        return ("review", part.on)
    if isinstance(part, Rating):
        return ("rating", part.domain, part.on, part.by)
    return ("id", part.id)


def _describe_key(part: Part) -> str:
    if isinstance(part, SharingConsent):
        return f"the sharing entry with {part.member!r}"
    if isinstance(part, Review):
        return f"the review of {part.on.isoformat()}"
    if isinstance(part, Rating):
        return f"the rating of {part.domain!r} on {part.on.isoformat()} by {part.by!r}"
    return f"the {_name(type(part))} with the id {part.id!r}"


def _places(plan: Whole, cls: type) -> Iterator[tuple[str, Any, str, int, Any]]:
    """Every ``(path, holder, field, index, part)`` of a part of kind ``cls``."""
    for holder_cls, field in homes(type(plan), cls):
        for path, holder in _holders(plan, holder_cls):
            for index, part in enumerate(getattr(holder, field)):
                yield f"{path}.{field}[{index}]", holder, field, index, part


def _holders(plan: Whole, cls: type) -> Iterator[tuple[str, Any]]:
    if isinstance(plan, cls):
        yield "$", plan
    elif cls is Assessment:
        if plan.assessment is not None:
            yield "$.assessment", plan.assessment
    else:
        for path, part in plan.identified():
            if isinstance(part, cls):
                yield path, part


# -- finding -------------------------------------------------------------------------------


def find(plan: Whole, id: str, kind: type[Q]) -> Q:
    """The part of kind ``kind`` whose id is ``id``."""
    if type(id) is not str:
        raise TypeError(f"{_a(_name(kind))}'s id is text, not {type(id).__name__}")
    for path, part in plan.identified():
        if part.id != id:
            continue
        if isinstance(part, kind):
            return part
        raise UnknownReferenceError(
            f"{id!r} is the {_name(type(part))} at {path}, not {_a(_name(kind))}; "
            f"{_finder_hint(type(part), id)}"
        )
    known = [part.id for _, part in plan.identified() if isinstance(part, kind)]
    raise UnknownReferenceError(
        f"no {_name(kind)} in plan {plan.id!r} has the id {id!r} "
        f"({_name(kind)} ids: {_listed(known)})"
    )


def _finder_hint(cls: type, id: str) -> str:
    finder = {
        Goal: "goal",
        Outcome: "outcome",
        AssessmentItem: "item",
        CircleMember: "member",
        RiskPlan: "risk_plan",
        Concern: "concern",
        Safeguard: "safeguard",
    }.get(_kind(cls) or cls)
    return f"find it with plan.{finder}({id!r})" if finder else "look for it by its own kind"


def _listed(ids: Iterable[str], most: int = 12) -> str:
    shown = list(ids)
    if not shown:
        return "none yet"
    more = f" and {len(shown) - most} more" if len(shown) > most else ""
    return ", ".join(shown[:most]) + more


def find_keyed(plan: Whole, kind: type[P], key: tuple[Any, ...], what: str) -> P:
    """The part of kind ``kind`` (a part without an id) with this :func:`key_of`."""
    found: P = _located(plan, kind, key, what, "")[4]
    return found


# -- editing -------------------------------------------------------------------------------


def add(plan: W, part: Part, under: str | None = None) -> W:
    """The plan with ``part`` added last in its list: under the part ``under`` names for a
    small goal (an outcome or a goal), a concern or a safeguard (a risk plan)."""
    cls = _part_class(part, "add")
    if under is None:
        top = [(holder, field) for holder, field in homes(type(plan), cls) if not _has_id(holder)]
        if not top:
            parents = " or ".join(_name(h) for h, _ in homes(type(plan), cls))
            raise PlanValueError(
                f"{_a(_name(cls))} goes under {_a(parents)}; pass under= the id of the one it "
                f"belongs to, such as plan.add({cls.__name__.lower()}, under=...)"
            )
        holder_cls, field = top[0]
        holder = next((h for _, h in _holders(plan, holder_cls)), None)
        if holder is None:  # the first assessment item: the plan has no assessment yet
            holder = holder_cls()
            new_plan = attrs.evolve(plan, assessment=holder)  # type: ignore[misc]
            return add(new_plan, part)
    else:
        holder = _parent(plan, cls, under)
        field = next(f for h, f in homes(type(plan), cls) if isinstance(holder, h))
    _refuse_taken(plan, part)
    return _checked(plan, _with_list(plan, holder, field, (*getattr(holder, field), part)))


def replace(plan: W, part: Part) -> W:
    """The plan with the part that has ``part``'s id (or key) replaced by ``part``, in place."""
    cls = _part_class(part, "replace")
    old = _located(plan, cls, key_of(part), _describe_key(part))
    _, holder, field, index, current = old
    items = list(getattr(holder, field))
    items[index] = part
    _refuse_taken(plan, part, replacing=current)
    new_plan = _with_list(plan, holder, field, tuple(items))
    _refuse_referenced(new_plan, _ids_in(current) - _ids_in(part), current)
    return _checked(plan, new_plan)


def remove(plan: W, target: str | Part) -> W:
    """The plan without the part ``target`` (an id, or a part: a rating, a review or a sharing
    entry is found by what identifies it), nor anything under it."""
    if isinstance(target, str):
        for path, part in plan.identified():
            if part.id == target:
                cls = _part_class(part, "remove")
                key, what = ("id", target), f"the {_name(cls)} at {path}"
                break
        else:
            raise UnknownReferenceError(
                f"nothing in plan {plan.id!r} has the id {target!r}; ids in the plan: "
                f"{_listed(part.id for _, part in plan.identified())}"
            )
    else:
        cls, key, what = _part_class(target, "remove"), key_of(target), _describe_key(target)
    _, holder, field, index, current = _located(plan, cls, key, what)
    items = getattr(holder, field)
    new_plan = _with_list(plan, holder, field, (*items[:index], *items[index + 1 :]))
    _refuse_referenced(new_plan, _ids_in(current), current)
    return new_plan


# -- the steps -----------------------------------------------------------------------------


def _part_class(part: object, verb: str) -> type:
    """The model class ``part`` is, or extends (a plugin's subclass that adds fields)."""
    cls = _kind(type(part))
    if cls is None:
        kinds = ", ".join(c.__name__ for c in NAMES)
        raise TypeError(f"{verb}() takes a part of a plan ({kinds}), not {type(part).__name__}")
    return cls


def _kind(cls: type) -> type | None:
    return next((base for base in cls.__mro__ if base in NAMES), None)


def _has_id(cls: type) -> bool:
    kind = _kind(cls)
    return kind is not None and kind not in KEYED


def _parent(plan: Whole, cls: type, under: str) -> Any:
    kinds = tuple(holder for holder, _ in homes(type(plan), cls) if _has_id(holder))
    names = " or ".join(_name(k) for k in kinds)
    if not kinds:
        raise PlanValueError(
            f"{_a(_name(cls))} belongs to the plan itself, not under another part; leave out "
            f"under={under!r}"
        )
    for path, part in plan.identified():
        if part.id != under:
            continue
        if isinstance(part, kinds):
            return part
        raise PlanValueError(
            f"{_a(_name(cls))} goes under {_a(names)}, and {under!r} is the {_name(type(part))} "
            f"at {path}; pass under= the id of {_a(names)}"
        )
    known = [p.id for _, p in plan.identified() if _kind(type(p)) in kinds]
    raise UnknownReferenceError(
        f"no {names} in plan {plan.id!r} has the id {under!r}, so the {_name(cls)} has "
        f"nowhere to go ({names} ids: {_listed(known)})"
    )


def _located(
    plan: Whole,
    cls: type,
    key: tuple[Any, ...],
    what: str,
    hint: str = "; add it with plan.add(...) instead",
) -> tuple[str, Any, str, int, Any]:
    matches = [place for place in _places(plan, cls) if key_of(place[4]) == key]
    if len(matches) > 1:
        raise PlanValueError(
            f"plan {plan.id!r} has {len(matches)} of the {what.removeprefix('the ')}, so which "
            "one is meant cannot be told; keep one of them (or tell them apart, by the day or "
            "who gave it) and edit again"
        )
    if matches:
        return matches[0]
    known = [_describe_key(part).removeprefix("the ") for *_, part in _places(plan, cls)]
    raise UnknownReferenceError(
        f"plan {plan.id!r} has no {what.removeprefix('the ')} (in it: {_listed(known, 6)})" + hint
    )


def _ids_in(part: Any) -> set[str]:
    """The ids of ``part`` and of every part inside it (a goal's smaller goals...)."""
    found: set[str] = set()
    stack: list[Any] = [part]
    while stack:
        item = stack.pop()
        cls: type = type(item)
        if _has_id(cls):
            found.add(item.id)
        for name in _holding(cls):
            stack.extend(getattr(item, name))
    return found


@cache
def _holding(cls: type) -> tuple[str, ...]:
    """The list fields of ``cls`` that hold parts with ids."""
    return tuple(
        field.name
        for field in attrs.fields(cls)
        if (inner := sequence_of(type_hints(cls)[field.name])) is not None
        and attrs.has(inner)
        and any(t in NAMES for t in model_classes(inner))
    )


def _refuse_taken(plan: Whole, part: Part, replacing: Part | None = None) -> None:
    """Refuse a part whose id (or an id inside it), or key, is already in the plan."""
    if isinstance(part, KEYED):
        if replacing is None and any(
            key_of(p) == key_of(part) for *_, p in _places(plan, _part_class(part, "add"))
        ):
            raise PlanValueError(
                f"plan {plan.id!r} already has {_describe_key(part)}; change it with "
                "plan.replace(...) instead of adding another"
            )
        return
    keep = _ids_in(replacing) if replacing is not None else set()
    taken = {part.id: path for path, part in plan.identified()}
    taken.setdefault(plan.person.id, "$.person")
    taken.setdefault(plan.id, "$")
    seen: set[str] = set()
    for new_id in sorted(_ids_in(part)):
        if new_id in seen:
            raise PlanValueError(f"the id {new_id!r} is used twice in the new {_name(type(part))}")
        seen.add(new_id)
        if new_id in taken and new_id not in keep:
            raise PlanValueError(
                f"the id {new_id!r} is already used at {taken[new_id]} in plan {plan.id!r}; "
                f"ids are unique across the whole plan, so give the new {_name(type(part))} "
                "an id of its own"
            )


def _with_list(plan: W, holder: Any, field: str, items: tuple[Any, ...]) -> W:
    """The plan with ``holder``'s list ``field`` set to ``items``, and every part that holds
    ``holder`` rebuilt around the new one (so each is checked as a new part is)."""
    new_holder = attrs.evolve(holder, **{field: items})
    if holder is plan:
        rebuilt: W = new_holder
    else:
        rebuilt = replaced(plan, _containing, lambda part: new_holder if part is holder else part)
    return rebuilt


@cache
def _containing(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` that can hold, however deep, a list of parts."""
    hints = type_hints(cls)
    return tuple(
        field.name
        for field in attrs.fields(cls)
        if any(
            isinstance(inner, type) and attrs.has(inner) and inner is not cls and _holding(inner)
            for inner in types_in(hints[field.name])
        )
        or field.name in _holding(cls)
    )


def _dangling(plan: Whole) -> dict[tuple[str, str], str]:
    """The references of ``plan`` that name nothing in it, ``(kind, value) -> path``."""
    by_kind: dict[str, set[str]] = {kind: set() for kind in REFERRED}
    by_kind["person"].update(("person", "service"))
    for _, part in plan.identified():
        cls = _kind(type(part)) or type(part)
        for kind, targets in REFERRED_PARTS.items():
            if cls in targets:
                by_kind[kind].add(part.id)
    found: dict[tuple[str, str], str] = {}
    for kind, known in by_kind.items():
        for reference in plan.references(kind):
            if reference.value not in known:
                found.setdefault((kind, reference.value), reference.path)
    return found


def _checked(old: W, new: W) -> W:
    """Refuse an edit that leaves a reference naming nothing, where there was none before."""
    before = _dangling(old)
    for (kind, value), path in _dangling(new).items():
        if (kind, value) in before:
            continue
        if kind == "person":
            what = "the person, the service or anyone in the circle"
            hint = 'use "person", "service" or a circle id, or add them to the circle first'
        else:
            what = f"{_a(kind)} in the plan"
            hint = f"add the {kind} first, or name one that is in plan {old.id!r}"
        raise PlanValueError(f"{path}: {value!r} is not {what}; {hint}", path=path)
    return new


def _refuse_referenced(new: Whole, gone: set[str], part: Any) -> None:
    """Refuse an edit that takes away a part something in the plan still refers to."""
    if not gone:
        return
    places = [
        reference
        for kind in REFERRED
        for reference in new.references(kind)
        if reference.value in gone
    ]
    if places:
        where = ", ".join(f"{r.path} ({r.value!r})" for r in places[:6])
        more = f" and {len(places) - 6} more" if len(places) > 6 else ""
        raise PlanValueError(
            f"cannot take away {_describe_key(part)}: the plan still refers to it (or to "
            f"what is under it) at "
            f"{where}{more}; change or remove those first",
            path=places[0].path,
        )
