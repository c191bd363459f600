"""Small edits to generated plans, for the properties of diff and merge.

An edit changes a text field of a part by its id, adds a small goal under an outcome or
goal, moves a goal under another, or removes a part nothing refers to (a goal with its
subtree, a concern, a safeguard). Each says which ids it changes and which it needs to
still be there, so a test can tell whether two writers' edits touch different elements.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.editing import REFERRED
from recoveryplan.goals import walk_goals

_TEXT_FIELDS = {
    rp.CircleMember: "name",
    rp.AssessmentItem: "text",
    rp.Outcome: "statement",
    rp.Goal: "statement",
    rp.RiskPlan: "activity",
    rp.Concern: "description",
    rp.Safeguard: "action",
}
"""A text field of each kind of part with an id, that any text may be written in."""


@attrs.frozen(kw_only=True)
class Edit:
    """One edit, and the ids it changes and needs."""

    kind: str
    """``field``, ``add``, ``move`` or ``remove``."""
    id: str
    """The part edited, added or removed."""
    field: str | None
    apply: Callable[[rp.Plan], rp.Plan] = attrs.field(eq=False, repr=False)
    changes: frozenset[str]
    """The ids whose content or existence the edit changes."""
    needs: frozenset[str]
    """The ids that must still be there for the edit to make sense."""


@attrs.frozen(kw_only=True)
class Edits:
    """Edits made one after another to a plan, and the plan they made."""

    edits: tuple[Edit, ...]
    plan: rp.Plan

    @property
    def changes(self) -> frozenset[str]:
        return frozenset().union(*(edit.changes for edit in self.edits))

    @property
    def needs(self) -> frozenset[str]:
        return frozenset().union(*(edit.needs for edit in self.edits))

    def apart_from(self, other: Edits) -> bool:
        """Whether these edits and ``other`` touch different elements."""
        return not (
            self.changes & other.changes or self.needs & other.changes or other.needs & self.changes
        )


def _referenced(plan: rp.Plan) -> set[str]:
    return {
        reference.value
        for kind in REFERRED
        if kind != "person"
        for reference in plan.references(kind)
    }


def _subtree(part: rp.Goal | rp.Concern | rp.Safeguard) -> set[str]:
    if isinstance(part, rp.Goal):
        outcome = rp.Outcome(id="~", statement="~", status=rp.Status.ACTIVE, goals=(part,))
        return {part.id, *(place.goal.id for place in walk_goals(outcome))}
    return {part.id}


@st.composite
def edits(draw: st.DrawFn, plan: rp.Plan, side: str, count: int = 3) -> Edits:
    """Up to ``count`` edits made one after another to ``plan``; new ids and texts carry
    ``side`` so two writers never make the same one by chance."""
    made: list[Edit] = []
    for number in range(draw(st.integers(1, count))):
        edit = draw(_edit(plan, f"{side}{number}"))
        if edit is None:
            break
        plan = edit.apply(plan)
        made.append(edit)
    return Edits(edits=tuple(made), plan=plan)


@st.composite
def _edit(draw: st.DrawFn, plan: rp.Plan, mark: str) -> Edit | None:
    index = plan.index()
    choices: list[str] = []
    if index:
        choices.append("field")
    aims = [place for place in plan.walk_goals() if place.depth < 6]
    if plan.outcomes:
        choices.append("add")
    removable = _removable(plan)
    if removable:
        choices.append("remove")
    movable = _movable(plan)
    if movable:
        choices.append("move")
    if not choices:
        return None
    kind = draw(st.sampled_from(choices))
    if kind == "field":
        id = draw(st.sampled_from(sorted(index)))
        name = _TEXT_FIELDS[type(index[id])]
        value = f"Written by {mark}"
        return Edit(
            kind=kind,
            id=id,
            field=name,
            apply=lambda p: p.evolve_item(id, **{name: value}),
            changes=frozenset({id}),
            needs=frozenset({id}),
        )
    if kind == "add":
        parents = [outcome.id for outcome in plan.outcomes] + [p.goal.id for p in aims]
        parent = draw(st.sampled_from(parents))
        new_id = f"zz-{mark}-new"
        goal = rp.Goal(id=new_id, statement=f"A goal from {mark}", status=rp.Status.PLANNED)
        return Edit(
            kind=kind,
            id=new_id,
            field=None,
            apply=lambda p: p.with_goal(parent, goal),
            changes=frozenset({new_id}),
            needs=frozenset({parent}),
        )
    if kind == "move":
        (goal, old_parent), new_parent = draw(st.sampled_from(movable))

        def move(p: rp.Plan) -> rp.Plan:
            moving = p.find(goal.id)
            assert isinstance(moving, rp.Goal)
            holder = p.find(old_parent)
            assert isinstance(holder, rp.Goal | rp.Outcome)
            siblings = holder.goals
            kept = tuple(child for child in siblings if child.id != goal.id)
            return p.evolve_item(old_parent, goals=kept).with_goal(new_parent, moving)

        return Edit(
            kind=kind,
            id=goal.id,
            field="parent",
            apply=move,
            changes=frozenset({goal.id}),
            needs=frozenset({new_parent}),
        )
    holder, slot, part = draw(st.sampled_from(removable))
    gone = part.id

    def remove(p: rp.Plan) -> rp.Plan:
        kept = tuple(child for child in getattr(p.find(holder), slot) if child.id != gone)
        return p.evolve_item(holder, **{slot: kept})

    return Edit(
        kind="remove",
        id=gone,
        field=None,
        apply=remove,
        changes=frozenset(_subtree(part)),
        needs=frozenset(),
    )


def _movable(plan: rp.Plan) -> list[tuple[tuple[rp.Goal, str], str]]:
    """Goals that can move under another outcome or goal: ``((goal, its parent's id), the
    new parent's id)``, never into the goal's own subtree."""
    aims = [outcome.id for outcome in plan.outcomes] + [p.goal.id for p in plan.walk_goals()]
    return [
        ((place.goal, place.parent.id), aim)
        for place in plan.walk_goals()
        for aim in aims
        if aim != place.parent.id and aim not in _subtree(place.goal)
    ]


def _removable(plan: rp.Plan) -> list[tuple[str, str, rp.Goal | rp.Concern | rp.Safeguard]]:
    """Parts that can go without leaving a reference to nothing: ``(holder id, the holder's
    list, the part)``."""
    referenced = _referenced(plan)
    found: list[tuple[str, str, rp.Goal | rp.Concern | rp.Safeguard]] = []
    for place in plan.walk_goals():
        if not _subtree(place.goal) & referenced:
            found.append((place.parent.id, "goals", place.goal))
    for risk in plan.risk_plans:
        found.extend((risk.id, "concerns", c) for c in risk.concerns if c.id not in referenced)
        found.extend((risk.id, "safeguards", s) for s in risk.safeguards)
    return found


__all__ = ["Edit", "Edits", "edits"]
