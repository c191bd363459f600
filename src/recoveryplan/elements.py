"""A plan as its elements by id: what comparing and merging versions of a plan work on.

Two versions of a plan are compared, and three merged, by element id rather than by list
position: a goal moved to another outcome is the same goal, and an outcome inserted first
does not make every later one "changed". This module takes a plan apart into its elements
(the plan itself and every part that has an id), each with the element holding it and the
list it sits in, and its own fields with the elements it holds taken out; and puts a plan
back together from such elements. Which fields hold elements is read from the model's type
hints, so a new kind of element, or a new list of them, needs no change here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from functools import cache, cached_property
from typing import Any

import attrs

from ._fields import (
    child_path,
    is_optional,
    json_key,
    optional_inner,
    refers_to,
    shapes,
    type_hints,
)
from .plan import IDENTIFIED, Plan

__all__ = [
    "ROOT",
    "Element",
    "Slot",
    "assemble",
    "elements",
    "entry_key",
    "entry_key_fields",
    "match_entries",
    "slots",
]

ROOT = "$"
"""The key of the plan itself among its elements (no part's id is ``$``)."""

Slot = tuple[str, ...]
"""Where a list of elements sits in the part holding it: the attribute names leading to it
(``("goals",)`` in a goal, ``("assessment", "items")`` in the plan)."""


@cache
def entry_key_fields(cls: Any) -> tuple[str, ...]:
    """What names an entry of a list without ids across versions, from the model: the fields
    it must have that are a day or a reference (a rating's day, domain and rater; the member
    a consent is for; a review's day; who does a support action). A consent whose sections
    change is the same consent, and a rating is the one for its day, domain and rater.
    Entries without such fields (a distraction, a professional) are the same only when
    equal, or by their place among those left."""
    hints = type_hints(cls)
    return tuple(
        field.name
        for field in attrs.fields(cls)
        if field.default is attrs.NOTHING
        and (hints[field.name] is date or (refers_to(field) and hints[field.name] is str))
    )


def entry_key(entry: Any) -> Any:
    """What identifies an entry of a list without ids across versions (see
    :func:`entry_key_fields`); an entry without such fields is its own key."""
    names = entry_key_fields(entry.__class__)
    if not names:
        return entry
    return (entry.__class__, *(getattr(entry, name) for name in names))


def match_entries(
    before: Sequence[Any], after: Sequence[Any]
) -> list[tuple[int | None, int | None]]:
    """The entries of two versions of a list without ids that are the same entry, as index
    pairs: ``(i, j)`` the same, ``(i, None)`` removed, ``(None, j)`` added; in the newer
    order, removals last. Equal entries pair first, then entries with the same key (see
    :func:`entry_key_fields`), then, for lists without a key, what is left pairs up in order."""
    waiting: dict[Any, list[int]] = {}
    for i, entry in enumerate(before):
        waiting.setdefault(entry, []).append(i)
    pairs: dict[int, int | None] = {}
    for j, entry in enumerate(after):
        same = waiting.get(entry)
        pairs[j] = same.pop(0) if same else None
    left = sorted(i for indices in waiting.values() for i in indices)
    by_key: dict[Any, list[int]] = {}
    for i in left:
        by_key.setdefault(entry_key(before[i]), []).append(i)
    unkeyed = [i for i in left if not entry_key_fields(before[i].__class__)]
    for j, paired in pairs.items():
        if paired is not None:
            continue
        entry = after[j]
        if entry_key_fields(entry.__class__):
            same = by_key.get(entry_key(entry))
            pairs[j] = same.pop(0) if same else None
        elif unkeyed:
            pairs[j] = unkeyed.pop(0)
    used = {i for i in pairs.values() if i is not None}
    found: list[tuple[int | None, int | None]] = [(i, j) for j, i in pairs.items()]
    found.extend((i, None) for i in range(len(before)) if i not in used)
    return found


@attrs.frozen(kw_only=True)
class Element:
    """One element of a plan: the plan itself, or a part with an id."""

    key: str
    """The element's id (:data:`ROOT` for the plan)."""
    part: Any = attrs.field(eq=False, repr=False)
    """The part itself, whole."""
    path: str
    """Its JSON path in the plan."""
    parent: str | None
    """The key of the element holding it (``None`` for the plan)."""
    slot: Slot
    """Which of the parent's lists it sits in."""

    @cached_property
    def own(self) -> Any:
        """The part with the elements it holds taken out: what is the element's own to
        change (worked out only for the few elements a comparison needs it of)."""
        return _own(self.part)


@cache
def slots(cls: Any) -> tuple[Slot, ...]:
    """The lists of elements a part of class ``cls`` holds, directly or through parts without
    an id (the plan holds assessment items through its assessment)."""
    found: list[Slot] = []
    for shape in shapes(cls):
        if shape.entries is not None and shape.entries in IDENTIFIED:
            found.append((shape.name,))
            continue
        inner = shape.part
        if inner is not None and inner not in IDENTIFIED:
            found.extend((shape.name, *deeper) for deeper in slots(inner))
    return tuple(found)


def _single_part(hint: Any) -> type | None:
    """The model class a field holds one of (perhaps optionally), else ``None``."""
    if is_optional(hint):
        hint = optional_inner(hint)
    return hint if isinstance(hint, type) and attrs.has(hint) else None


def elements(plan: Plan) -> dict[str, Element]:
    """Every element of ``plan`` by key, in document order, the plan first (where an id is
    used twice, the first part with it)."""
    found: dict[str, Element] = {}
    found[ROOT] = Element(key=ROOT, part=plan, path="$", parent=None, slot=())
    _collect(plan, ROOT, "$", found)
    return found


def _collect(part: Any, key: str, path: str, found: dict[str, Element]) -> None:
    for slot, holder, where in _lists(part, path):
        for index, child in enumerate(holder):
            here = f"{where}[{index}]"
            if child.id not in found:
                found[child.id] = Element(
                    key=child.id, part=child, path=here, parent=key, slot=slot
                )
            _collect(child, child.id, here, found)


def _lists(part: Any, path: str) -> Iterator[tuple[Slot, tuple[Any, ...], str]]:
    """Each list of elements in ``part``, with its slot and JSON path."""
    for slot, suffix in _slot_paths(part.__class__):
        holder: Any = part
        for name in slot:
            if holder is None:
                break
            holder = getattr(holder, name)
        else:
            yield slot, holder, path + suffix


@cache
def _slot_paths(cls: Any) -> tuple[tuple[Slot, str], ...]:
    """Each slot of ``cls`` with the JSON path it adds (``.assessment.items``)."""
    found = []
    for slot in slots(cls):
        holder, suffix = cls, ""
        for name in slot:
            suffix = child_path(suffix, json_key(holder, name))
            holder = _single_part(type_hints(holder)[name])
        found.append((slot, suffix))
    return tuple(found)


def _own(part: Any) -> Any:
    """``part`` with every list of elements it holds emptied, made anew once."""
    changes: dict[str, Any] = {}
    for slot in slots(part.__class__):
        name = slot[0]
        if len(slot) == 1:
            changes[name] = ()
        elif getattr(part, name) is not None and name not in changes:
            changes[name] = _own(getattr(part, name))
    return attrs.evolve(part, **changes) if changes else part


def _set(part: Any, slot: Slot, value: tuple[Any, ...]) -> Any:
    """``part`` with the list at ``slot`` set to ``value``; a part without an id on the way
    that is missing is made (the plan's assessment, for items that need one)."""
    name, rest = slot[0], slot[1:]
    if not rest:
        return attrs.evolve(part, **{name: value})
    inner = getattr(part, name)
    if inner is None:
        if not value:
            return part
        cls = _single_part(type_hints(part.__class__)[name])
        assert cls is not None
        inner = cls()
    return attrs.evolve(part, **{name: _set(inner, rest, value)})


def assemble(parts: Mapping[str, Any], children: Mapping[tuple[str, Slot], Sequence[str]]) -> Plan:
    """A plan put together from elements' parts (by key) and, for each element and slot, the
    keys of the elements in that list, in order; what a part held before is replaced by
    those lists. Keys in no list are left out. A part whose lists come out the same is
    kept as it is, so a merge rebuilds only what it changed."""

    def build(key: str) -> Any:
        part = parts[key]
        for slot in slots(part.__class__):
            built = tuple(build(child) for child in children.get((key, slot), ()))
            if not _holds(part, slot, built):
                part = _set(part, slot, built)
        return part

    plan: Plan = build(ROOT)
    return plan


def _holds(part: Any, slot: Slot, value: tuple[Any, ...]) -> bool:
    """Whether ``part`` holds exactly these parts at ``slot``."""
    for name in slot:
        if part is None:
            return not value
        part = getattr(part, name)
    return len(part) == len(value) and all(a is b for a, b in zip(part, value, strict=True))
