"""Two writers at once: :func:`merge` combines two versions of a plan made from one base.

The person adds a hope on their phone while their worker records the review: both started
from the same saved plan, and neither should lose the other's work. The merge is three-way
and by element id (:mod:`recoveryplan.elements`): each part with an id is kept, changed,
moved or removed as either side did; edits to different parts, or to different fields of
one part, combine; entries added to the same list (two ratings, two consents) both stay.
What cannot be combined is a :class:`Conflict`, never a silent choice: the same field
changed two ways, a part one side removed and the other changed, one id given to two
different parts, or a reference to a part the other side removed. Where there is a
conflict the merged plan keeps our side, so a caller can show the conflicts, settle them,
and save.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ._converter import converter
from ._fields import child_path, json_key
from ._frozen import FrozenDict
from ._walking import differing
from .editing import REFERRED
from .elements import ROOT, Element, Slot, assemble, elements, match_entries
from .errors import PlanError, PlanFormatError
from .plan import Plan
from .serialize import from_data, to_data

__all__ = ["Conflict", "merge"]


class _Missing:
    """A value one version does not have (a key of an extension it lacks, a part it has not
    got)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@attrs.frozen(kw_only=True)
class Conflict:
    """Something two versions changed in ways that cannot both be kept; ``str()`` says what,
    naming the part's id, the field and both values."""

    id: str | None
    """The id of the part (``None`` for the plan's own fields)."""
    path: str
    """Where it is, as a JSON path in our version."""
    field: str | None
    """The field's key in the format (``None`` for a whole part)."""
    base: Any
    ours: Any
    theirs: Any
    """The values in the base and on each side, as JSON values (``None`` where absent)."""
    reason: str
    """What happened, in words."""

    def __str__(self) -> str:
        where = f"{self.id!r}" if self.id is not None else "the plan"
        field = f" field {self.field!r}" if self.field is not None else ""
        return (
            f"{where}{field} at {self.path}: {self.reason}; ours {_shown(self.ours)}, "
            f"theirs {_shown(self.theirs)} (base {_shown(self.base)})"
        )


def merge(base: Plan, ours: Plan, theirs: Plan) -> tuple[Plan, list[Conflict]]:
    """Combine ``ours`` and ``theirs``, two versions of the plan ``base``: the merged plan,
    checked as any loaded plan is, and what could not be combined (where our side was kept).
    """
    for name, plan in (("base", base), ("ours", ours), ("theirs", theirs)):
        if not isinstance(plan, Plan):
            raise TypeError(f"merge() takes three Plans; {name} is a {type(plan).__name__}")
    if ours == theirs or theirs == base:
        return ours, []
    if ours == base:
        return theirs, []
    return _Merge(base, ours, theirs).run()


class _Merge:
    def __init__(self, base: Plan, ours: Plan, theirs: Plan) -> None:
        self.plans = (base, ours, theirs)
        self.base, self.ours, self.theirs = (elements(plan) for plan in self.plans)
        self.conflicts: list[Conflict] = []
        self.owns: dict[str, Any] = {}
        self.places: dict[str, tuple[str, Slot]] = {}

    def run(self) -> tuple[Plan, list[Conflict]]:
        keys = dict.fromkeys([*self.ours, *self.theirs, *self.base])
        for key in keys:
            self._element(key)
        self._keep_parents()
        self._untangle()
        plan = assemble(self.owns, self._children())
        try:
            plan = from_data(to_data(plan))
        except PlanFormatError as error:
            for problem in error.problems:
                self._conflict(None, problem.path, None, None, None, None, problem.message)
            return self.plans[1], self.conflicts
        self._references(plan)
        return plan, self.conflicts

    # -- elements --------------------------------------------------------------------------

    def _element(self, key: str) -> None:
        b, o, t = self.base.get(key), self.ours.get(key), self.theirs.get(key)
        if o is not None and t is not None and type(o.part) is not type(t.part):
            self._whole(o, t, f"the id {key!r} names different kinds of part on each side")
            self._keep(key, o)
            return
        if b is None:
            if o is not None and t is not None and (o.own, _place(o)) != (t.own, _place(t)):
                self._whole(o, t, f"the id {key!r} was given to a different part on each side")
                self._keep(key, o)
                return
            kept = o if o is not None else t
            if kept is not None:
                self._keep(key, kept)
            return
        if o is not None and t is not None:
            if o.part is t.part or b.part is t.part or o.part == t.part or b.part == t.part:
                self.owns[key] = o.part
            elif b.part is o.part or b.part == o.part:
                self.owns[key] = t.part
            else:
                self.owns[key] = self._value(b.own, o.own, t.own, o.path, _id(key), None)
            if key != ROOT:
                self.places[key] = self._place(b, o, t)
            return
        changed = o if o is not None else t
        if changed is None:
            return  # removed on both sides
        if (changed.own, _place(changed)) != (b.own, _place(b)):
            side = "theirs" if o is not None else "ours"
            self._whole(o, t, f"{side} removed it and the other side changed it")
            self._keep(key, changed)

    def _keep(self, key: str, element: Element) -> None:
        self.owns[key] = element.part
        if element.parent is not None:
            self.places[key] = (element.parent, element.slot)

    def _place(self, b: Element, o: Element, t: Element) -> tuple[str, Slot]:
        place = self._value(_place(b), _place(o), _place(t), o.path, None, None, check=False)
        if place is MISSING:
            self._conflict(
                _id(o.key), o.path, "parent", _id(b.parent), _id(o.parent), _id(t.parent),
                "each side moved it somewhere else",
            )  # fmt: skip
            place = _place(o)
        moved: tuple[str, Slot] = place
        return moved

    def _whole(self, o: Element | None, t: Element | None, reason: str) -> None:
        either = o if o is not None else t
        assert either is not None
        self._conflict(
            _id(either.key),
            either.path,
            None,
            None,
            _json(o.part) if o is not None else None,
            _json(t.part) if t is not None else None,
            reason,
        )

    def _keep_parents(self) -> None:
        """Keep a part one side removed when the other added or moved something into it:
        removing it would lose what was put there."""
        waiting = [key for key, (parent, _) in self.places.items() if parent not in self.owns]
        while waiting:
            key = waiting.pop()
            parent = self.places[key][0]
            if parent in self.owns:
                continue
            sides = (self.base.get(parent), self.ours.get(parent), self.theirs.get(parent))
            found = sides[1] or sides[2] or sides[0]
            assert found is not None
            self._conflict(
                _id(parent),
                found.path,
                None,
                _json(sides[0].part) if sides[0] is not None else None,
                _json(sides[1].part) if sides[1] is not None else None,
                _json(sides[2].part) if sides[2] is not None else None,
                f"one side removed it while the other put {key!r} into it",
            )
            self._keep(parent, found)
            if found.parent is not None and found.parent not in self.owns:
                waiting.append(parent)

    def _untangle(self) -> None:
        """Put back where we had it each part that the two sides' moves together left
        outside the plan: each moved a goal under the other's."""
        while True:
            held: dict[str, list[str]] = {}
            for key, (parent, _) in self.places.items():
                held.setdefault(parent, []).append(key)
            reached, waiting = set(), [ROOT]
            while waiting:
                for child in held.get(waiting.pop(), ()):
                    if child not in reached:
                        reached.add(child)
                        waiting.append(child)
            lost = [key for key in self.places if key not in reached]
            moved = False
            for key in lost:
                ours = self.ours.get(key) or self.theirs.get(key)
                assert ours is not None
                if self.places[key] != _place(ours):
                    self._conflict(
                        _id(key), ours.path, "parent", None, _id(ours.parent),
                        _id(self.places[key][0]), "each side moved it under the other's move",
                    )  # fmt: skip
                    self.places[key] = _place(ours)
                    moved = True
            if not moved:
                return

    def _children(self) -> dict[tuple[str, Slot], list[str]]:
        """The elements of each list, in an order that keeps both sides' orderings where it
        can: one side's when only that side reordered, else ours with theirs' new elements
        each after the one it follows in theirs."""
        placed = _lists(self.places.items())
        sides = [
            _lists((key, _place(element)) for key, element in found.items() if key != ROOT)
            for found in (self.base, self.ours, self.theirs)
        ]
        children: dict[tuple[str, Slot], list[str]] = {}
        for place, keys in placed.items():
            b, o, t = (side.get(place, []) for side in sides)
            order = t if o == b else o if t == b else _interleave(o, t)
            here = set(keys)
            listed = [key for key in order if key in here]
            rest = [key for key in keys if key not in set(listed)]
            children[place] = listed + rest
        return children

    # -- values ----------------------------------------------------------------------------

    def _value(
        self,
        b: Any,
        o: Any,
        t: Any,
        path: str,
        id: str | None,
        field: str | None,
        *,
        check: bool = True,
    ) -> Any:
        """The three-way merge of one value; a conflict keeps ours (``check=False``: a
        conflict is ``MISSING``, for the caller to say)."""
        if o == t or b == t:
            return o
        if b == o:
            return t
        if not check:
            return MISSING
        if attrs.has(type(o)) and type(o) is type(t):
            return self._part(b if type(b) is type(o) else MISSING, o, t, path, id)
        if isinstance(o, Mapping) and isinstance(t, Mapping):
            return self._mapping(b if isinstance(b, Mapping) else {}, o, t, path, id)
        self._conflict(id, path, field, _json(b), _json(o), _json(t), "changed both ways")
        return o

    def _part(self, b: Any, o: Any, t: Any, path: str, id: str | None) -> Any:
        changes: dict[str, Any] = {}
        for shape, ours, theirs, here in differing(o, t, path):
            base = MISSING if b is MISSING else getattr(b, shape.name)
            if type(ours) is tuple and type(theirs) is tuple and base is not MISSING:
                if shape.entries is not None:
                    merged = self._entries(base, ours, theirs, here, id)
                else:
                    merged = _sequence(base, ours, theirs)
            else:
                merged = self._value(base, ours, theirs, here, id, shape.key)
            if merged != ours:
                changes[shape.name] = merged
        if not changes:
            return o
        try:
            return attrs.evolve(o, **changes)
        except (PlanError, ValueError, TypeError) as error:
            self._conflict(id, path, None, _json(b), _json(o), _json(t), str(error))
            return o

    def _entries(
        self, b: tuple[Any, ...], o: tuple[Any, ...], t: tuple[Any, ...], path: str, id: str | None
    ) -> tuple[Any, ...]:
        """Two versions of a list of entries without ids: each side's additions kept, each
        side's removals made, entries both sides kept merged."""
        theirs_of: dict[int, int | None] = {}
        added_by_them: list[int] = []
        for i, k in match_entries(b, t):
            if i is None:
                assert k is not None
                added_by_them.append(k)
            else:
                theirs_of[i] = k
        merged: list[Any] = []
        for i, j in match_entries(b, o):
            here = f"{path}[{j if j is not None else i}]"
            if j is None:  # we removed it
                assert i is not None
                k = theirs_of[i]
                if k is not None and t[k] != b[i]:
                    self._conflict(
                        id, here, None, _json(b[i]), None, _json(t[k]),
                        "we removed it and they changed it",
                    )  # fmt: skip
                    merged.append(t[k])
            elif i is None:
                merged.append(o[j])
            elif theirs_of[i] is None:
                if o[j] != b[i]:
                    self._conflict(
                        id, here, None, _json(b[i]), _json(o[j]), None,
                        "they removed it and we changed it",
                    )  # fmt: skip
                    merged.append(o[j])
            else:
                k = theirs_of[i]
                assert k is not None
                merged.append(self._value(b[i], o[j], t[k], here, id, None))
        for k in added_by_them:
            if t[k] not in merged:
                merged.append(t[k])
        return tuple(merged)

    def _mapping(
        self, b: Mapping[str, Any], o: Mapping[str, Any], t: Mapping[str, Any], path: str,
        id: str | None,
    ) -> Mapping[str, Any]:  # fmt: skip
        merged: dict[str, Any] = {}
        for key in dict.fromkeys([*o, *t]):
            here = child_path(path, key)
            value = self._value(
                b.get(key, MISSING), o.get(key, MISSING), t.get(key, MISSING), here, id, key
            )
            if value is not MISSING:
                merged[key] = value
        return FrozenDict(merged) if isinstance(o, FrozenDict) else merged

    # -- what a merge can break ------------------------------------------------------------

    def _references(self, plan: Plan) -> None:
        """A conflict for each reference the merge left pointing at nothing while one side
        still had its target: one side removed what the other came to refer to."""
        for kind in REFERRED:
            known = [_referable(version, kind) for version in (plan, *self.plans[1:])]
            for reference in plan.references(kind):
                value = reference.value
                if value in known[0] or not (value in known[1] or value in known[2]):
                    continue
                owner = reference.owner
                self._conflict(
                    getattr(owner, "id", None),
                    reference.path,
                    json_key(type(owner), reference.field),
                    None,
                    value if value in known[1] else None,
                    value if value in known[2] else None,
                    f"it refers to {value!r}, which one side removed",
                )

    def _conflict(
        self,
        id: str | None,
        path: str,
        field: str | None,
        base: Any,
        ours: Any,
        theirs: Any,
        reason: str,
    ) -> None:
        self.conflicts.append(
            Conflict(id=id, path=path, field=field, base=base, ours=ours, theirs=theirs,
                     reason=reason)
        )  # fmt: skip


def _place(element: Element) -> tuple[str, Slot]:
    return (element.parent or ROOT, element.slot)


def _lists(
    places: Iterable[tuple[str, tuple[str, Slot]]],
) -> dict[tuple[str, Slot], list[str]]:
    """The keys in each list, in order, from where each key is."""
    found: dict[tuple[str, Slot], list[str]] = {}
    for key, place in places:
        found.setdefault(place, []).append(key)
    return found


def _interleave(ours: list[str], theirs: list[str]) -> list[str]:
    """Ours, with each of theirs not in it placed after the one it follows in theirs."""
    merged = list(ours)
    for index, key in enumerate(theirs):
        if key in merged:
            continue
        before = next((k for k in reversed(theirs[:index]) if k in merged), None)
        merged.insert(merged.index(before) + 1 if before is not None else 0, key)
    return merged


def _sequence(b: tuple[Any, ...], o: tuple[Any, ...], t: tuple[Any, ...]) -> tuple[Any, ...]:
    """Two versions of a list of plain values: what either side added, less what either
    removed, in our order then theirs."""
    kept = [value for value in o if value in t or value not in b]
    kept += [value for value in t if value not in b and value not in kept]
    return tuple(kept)


def _referable(plan: Plan, kind: str) -> set[str]:
    if kind == "person":
        return {"person", "service", *(member.id for member in plan.circle)}
    return set(plan.index())


def _id(key: str | None) -> str | None:
    return None if key in (None, ROOT) else key


def _json(value: Any) -> Any:
    if value is MISSING:
        return None
    found: Any = converter(False).unstructure(value)
    return found


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
