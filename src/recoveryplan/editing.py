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

from collections.abc import Iterator
from functools import cache
from typing import Any, Protocol, TypeAlias, TypeVar

import attrs

from ._fields import model_classes, sequence_of, type_hints, types_in
from ._walking import replaced
from .assessment import Assessment, AssessmentItem
from .errors import PlanValueError, UnknownReferenceError
from .goals import Goal, Outcome
from .messages import N_, gettext
from .part_names import a_part
from .part_phrases import (
    NAMES,
    either,
    finder_code,
    kind_name,
    kind_of,
    listed,
    nothing_has,
    part_phrase,
)
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
    "nothing_has",
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
    return part_phrase(type(part), key_of(part))


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
        raise TypeError(f"the id of a {kind.__name__} is text, not {type(id).__name__}")
    for path, part in plan.identified():
        if part.id != id:
            continue
        if isinstance(part, kind):
            return part
        # Translators: %(id)s is the id asked for, quoted; %(found)s names the kind of part it
        # is ("small goal") and %(path)s where it is (a JSON path); %(part)s names the kind
        # asked for ("an outcome"); %(finder)s is code, kept as it is.
        raise UnknownReferenceError(
            gettext("%(id)s is the %(found)s at %(path)s, not %(part)s; find it with %(finder)s")
            % {
                "id": repr(id),
                "found": kind_name(type(part)),
                "path": path,
                "part": a_part(kind),
                "finder": finder_code(type(part), id),
            }
        )
    known = [part.id for _, part in plan.identified() if isinstance(part, kind)]
    # Translators: %(part)s names a kind of part ("small goal"); %(plan)s and %(id)s are ids,
    # quoted; %(known)s lists the ids of that kind of part.
    raise UnknownReferenceError(
        gettext("no %(part)s in plan %(plan)s has the id %(id)s (%(part)s ids: %(known)s)")
        % {"part": kind_name(kind), "plan": repr(plan.id), "id": repr(id), "known": listed(known)}
    )


def find_keyed(plan: Whole, kind: type[P], key: tuple[Any, ...]) -> P:
    """The part of kind ``kind`` (a part without an id) with this :func:`key_of`."""
    found: P = _located(plan, kind, key, adding_hint=False)[4]
    return found


# -- editing -------------------------------------------------------------------------------


def add(plan: W, part: Part, under: str | None = None) -> W:
    """The plan with ``part`` added last in its list: under the part ``under`` names for a
    small goal (an outcome or a goal), a concern or a safeguard (a risk plan)."""
    cls = _part_class(part, "add")
    if under is None:
        top = [(holder, field) for holder, field in homes(type(plan), cls) if not _has_id(holder)]
        if not top:
            # Translators: %(part)s and %(parents)s name kinds of parts ("a safeguard", "a risk
            # plan"); under= and %(example)s are code, kept as they are.
            raise PlanValueError(
                gettext(
                    "%(part)s goes under %(parents)s; pass under= the id of the one it belongs "
                    "to, such as %(example)s"
                )
                % {
                    "part": a_part(cls),
                    "parents": either([a_part(h) for h, _f in homes(type(plan), cls)]),
                    "example": f"plan.add({cls.__name__.lower()}, under=...)",
                }
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
    old = _located(plan, cls, key_of(part))
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
        for _path, part in plan.identified():
            if part.id == target:
                cls = _part_class(part, "remove")
                key = ("id", target)
                break
        else:
            # Translators: %(nothing)s says no part has the id (a message of its own); %(known)s
            # lists the ids in the plan.
            raise UnknownReferenceError(
                gettext("%(nothing)s; ids in the plan: %(known)s")
                % {
                    "nothing": nothing_has(plan, target),
                    "known": listed(part.id for _, part in plan.identified()),
                }
            )
    else:
        cls, key = _part_class(target, "remove"), key_of(target)
    _, holder, field, index, current = _located(plan, cls, key)
    items = getattr(holder, field)
    new_plan = _with_list(plan, holder, field, (*items[:index], *items[index + 1 :]))
    _refuse_referenced(new_plan, _ids_in(current), current)
    return new_plan


# -- the steps -----------------------------------------------------------------------------


def _part_class(part: object, verb: str) -> type:
    """The model class ``part`` is, or extends (a plugin's subclass that adds fields)."""
    cls = kind_of(type(part))
    if cls is None:
        kinds = ", ".join(c.__name__ for c in NAMES)
        raise TypeError(f"{verb}() takes a part of a plan ({kinds}), not {type(part).__name__}")
    return cls


def _has_id(cls: type) -> bool:
    kind = kind_of(cls)
    return kind is not None and kind not in KEYED


def _parent(plan: Whole, cls: type, under: str) -> Any:
    kinds = tuple(holder for holder, _f in homes(type(plan), cls) if _has_id(holder))
    if not kinds:
        # Translators: %(part)s names a kind of part ("a rating"); %(under)s is code, kept
        # as it is.
        raise PlanValueError(
            gettext(
                "%(part)s belongs to the plan itself, not under another part; leave out %(under)s"
            )
            % {"part": a_part(cls), "under": f"under={under!r}"}
        )
    parents = either([a_part(k) for k in kinds])
    for path, part in plan.identified():
        if part.id != under:
            continue
        if isinstance(part, kinds):
            return part
        # Translators: %(part)s and %(parents)s name kinds of parts ("a small goal", "an
        # outcome or a small goal"), %(found)s the kind %(under)s is ("risk plan"); %(under)s
        # is an id, quoted, and %(path)s a JSON path; under= is code, kept as it is.
        raise PlanValueError(
            gettext(
                "%(part)s goes under %(parents)s, and %(under)s is the %(found)s at %(path)s; "
                "pass under= the id of %(parents)s"
            )
            % {
                "part": a_part(cls),
                "parents": parents,
                "under": repr(under),
                "found": kind_name(type(part)),
                "path": path,
            }
        )
    known = [p.id for _, p in plan.identified() if kind_of(type(p)) in kinds]
    # Translators: %(parents)s names the kinds of parts it may go under ("an outcome or a small
    # goal"), %(part)s the kind of the new part ("small goal"); %(plan)s and %(under)s are
    # ids, quoted; %(known)s lists the ids of the parts it may go under.
    raise UnknownReferenceError(
        gettext(
            "nothing in plan %(plan)s with the id %(under)s is %(parents)s, so the new %(part)s "
            "has nowhere to go (ids it can go under: %(known)s)"
        )
        % {
            "plan": repr(plan.id),
            "under": repr(under),
            "parents": parents,
            "part": kind_name(cls),
            "known": listed(known),
        }
    )


def _located(
    plan: Whole, cls: type, key: tuple[Any, ...], *, adding_hint: bool = True
) -> tuple[str, Any, str, int, Any]:
    matches = [place for place in _places(plan, cls) if key_of(place[4]) == key]
    what = part_phrase(cls, key)
    if len(matches) > 1:
        # Translators: %(what)s names a part ("the review of 2026-06-02"), a message of its
        # own; %(plan)s is an id, quoted.
        raise PlanValueError(
            gettext(
                "plan %(plan)s holds %(what)s %(count)s times, so which one is meant cannot be "
                "told; keep one of them (or tell them apart, by the day or who gave it) and "
                "edit again"
            )
            % {"plan": repr(plan.id), "what": what, "count": len(matches)}
        )
    if matches:
        return matches[0]
    known = listed((_describe_key(part) for *_, part in _places(plan, cls)), 6)
    # Translators: %(what)s names a part ("the review of 2026-06-02"), a message of its own;
    # %(plan)s is an id, quoted; %(known)s lists the parts of that kind the plan has;
    # plan.add(...) is code, kept as it is.
    said = (
        gettext(
            "plan %(plan)s does not hold %(what)s (it holds: %(known)s); add it with "
            "plan.add(...) instead"
        )
        if adding_hint
        else gettext("plan %(plan)s does not hold %(what)s (it holds: %(known)s)")
    )
    raise UnknownReferenceError(said % {"plan": repr(plan.id), "what": what, "known": known})


def _ids_in(part: Any) -> set[str]:
    """The ids of ``part`` and of every part inside it (a goal's smaller goals...)."""
    return set(_each_id_in(part))


def _each_id_in(part: Any) -> list[str]:
    """Every id in ``part`` and in every part inside it, as often as each is given."""
    found: list[str] = []
    stack: list[Any] = [part]
    while stack:
        item = stack.pop()
        cls: type = type(item)
        if _has_id(cls):
            found.append(item.id)
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
            # Translators: %(what)s names a part ("the review of 2026-06-02"), a message of
            # its own; %(plan)s is an id, quoted; plan.replace(...) is code, kept as it is.
            raise PlanValueError(
                gettext(
                    "plan %(plan)s already has %(what)s; change it with plan.replace(...) "
                    "instead of adding another"
                )
                % {"plan": repr(plan.id), "what": _describe_key(part)}
            )
        return
    keep = _ids_in(replacing) if replacing is not None else set()
    taken = {part.id: path for path, part in plan.identified()}
    taken.setdefault(plan.person.id, "$.person")
    taken.setdefault(plan.id, "$")
    seen: set[str] = set()
    for new_id in sorted(_each_id_in(part)):
        if new_id in seen:
            # Translators: %(id)s is an id, quoted; %(part)s names a kind of part ("risk plan").
            raise PlanValueError(
                gettext("the id %(id)s is used twice in the new %(part)s")
                % {"id": repr(new_id), "part": kind_name(type(part))}
            )
        seen.add(new_id)
        if new_id in taken and new_id not in keep:
            # Translators: %(id)s and %(plan)s are ids, quoted, %(path)s a JSON path; %(part)s
            # names a kind of part ("risk plan").
            raise PlanValueError(
                gettext(
                    "the id %(id)s is already used at %(path)s in plan %(plan)s; ids are unique "
                    "across the whole plan, so give the new %(part)s an id of its own"
                )
                % {
                    "id": repr(new_id),
                    "path": taken[new_id],
                    "plan": repr(plan.id),
                    "part": kind_name(type(part)),
                }
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
        cls = kind_of(type(part)) or type(part)
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
        raise PlanValueError(
            gettext(_NAMES_NOTHING[kind])
            % {"path": path, "value": repr(value), "plan": repr(old.id)},
            path=path,
        )
    return new


# Translators: %(path)s is a JSON path and %(value)s the id the plan gives there, quoted;
# %(plan)s is the plan's id, quoted; "person" and "service" are words a plan writes, kept.
_NAMES_NOTHING: dict[str, str] = {
    "person": N_(
        "%(path)s: %(value)s is not the person, the service or anyone in the circle; use "
        '"person", "service" or a circle id, or add them to the circle first'
    ),
    "assessment item": N_(
        "%(path)s: %(value)s is not an assessment item in the plan; add the assessment item "
        "first, or name one that is in plan %(plan)s"
    ),
    "aim": N_(
        "%(path)s: %(value)s is not an outcome or small goal in the plan; add it first, or "
        "name one that is in plan %(plan)s"
    ),
    "concern": N_(
        "%(path)s: %(value)s is not a concern in the plan; add the concern first, or name one "
        "that is in plan %(plan)s"
    ),
    "goal or risk plan": N_(
        "%(path)s: %(value)s is not a goal or risk plan in the plan; add it first, or name "
        "one that is in plan %(plan)s"
    ),
}
"""What is said of a reference an edit leaves naming nothing, for each kind of reference
(:data:`REFERRED_PARTS`)."""


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
        where = listed((f"{r.path} ({r.value!r})" for r in places), 6)
        # Translators: %(what)s names a part ("the small goal with the id 'g-bus'"), a message
        # of its own; %(where)s lists JSON paths, each with the id found there.
        raise PlanValueError(
            gettext(
                "cannot take away %(what)s: the plan still refers to it (or to what is under "
                "it) at %(where)s; change or remove those first"
            )
            % {"what": _describe_key(part), "where": where},
            path=places[0].path,
        )
