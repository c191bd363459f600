"""A person's recovery plan, and the edits an embedding system makes to it.

Plans are immutable: every edit returns a new plan, so a case-management system can keep the
version it loaded, compare, and save only what a person has confirmed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, TypeAlias

import attrs

from .assessment import Assessment, AssessmentItem
from .errors import PlanValueError, UnknownReferenceError
from .goals import Goal, Outcome, Status
from .people import CircleMember, Person, Service
from .ratings import Rating
from .reviews import Review
from .risk import Concern, RiskPlan, Safeguard
from .safety import SafetyPlan
from .sharing import SharingConsent

__all__ = ["FORMAT", "GoalPlace", "Identified", "Plan"]

FORMAT = "recoveryplan/1"
"""The format version this library reads and writes."""

Identified: TypeAlias = (
    CircleMember | AssessmentItem | Outcome | Goal | RiskPlan | Concern | Safeguard
)
"""Every part of a plan that has an ``id`` (ids are unique across the whole document)."""


@attrs.frozen(kw_only=True)
class GoalPlace:
    """Where a goal sits: its outcome, its parent, how deep, and its JSON path."""

    goal: Goal
    outcome: Outcome
    parent: Outcome | Goal
    depth: int
    path: str


@attrs.frozen(kw_only=True)
class Plan:
    """One person's recovery plan (a ``recoveryplan/1`` document)."""

    id: str
    framework: str
    person: Person
    service: Service | None = None
    created_on: date | None = None
    next_review_on: date | None = None
    circle: tuple[CircleMember, ...] = ()
    assessment: Assessment | None = None
    outcomes: tuple[Outcome, ...] = ()
    ratings: tuple[Rating, ...] = ()
    risk_plans: tuple[RiskPlan, ...] = ()
    safety_plan: SafetyPlan | None = None
    reviews: tuple[Review, ...] = ()
    sharing: tuple[SharingConsent, ...] = ()
    extensions: dict[str, Any] = attrs.field(factory=dict)

    # -- reading ---------------------------------------------------------------------------

    def walk_goals(self) -> Iterator[GoalPlace]:
        """Every goal, depth first in document order, with its outcome, parent and depth."""
        for o_index, outcome in enumerate(self.outcomes):
            yield from _walk(outcome, outcome, outcome.goals, 1, f"$.outcomes[{o_index}]")

    def identified(self) -> Iterator[tuple[str, Identified]]:
        """Every ``(json_path, part)`` that has an id, in document order."""
        for i, member in enumerate(self.circle):
            yield f"$.circle[{i}]", member
        if self.assessment is not None:
            for i, item in enumerate(self.assessment.items):
                yield f"$.assessment.items[{i}]", item
        for o_index, outcome in enumerate(self.outcomes):
            path = f"$.outcomes[{o_index}]"
            yield path, outcome
            for place in _walk(outcome, outcome, outcome.goals, 1, path):
                yield place.path, place.goal
        for r, risk in enumerate(self.risk_plans):
            yield f"$.risk_plans[{r}]", risk
            for c, concern in enumerate(risk.concerns):
                yield f"$.risk_plans[{r}].concerns[{c}]", concern
            for s, safeguard in enumerate(risk.safeguards):
                yield f"$.risk_plans[{r}].safeguards[{s}]", safeguard

    def index(self) -> dict[str, Identified]:
        """Every part with an id, by id (the first wins where ids are duplicated)."""
        found: dict[str, Identified] = {}
        for _, part in self.identified():
            found.setdefault(part.id, part)
        return found

    def find(self, id: str) -> Identified:
        """The part of the plan with this id; :class:`UnknownReferenceError` if there is none."""
        for _, part in self.identified():
            if part.id == id:
                return part
        raise UnknownReferenceError(f"nothing in plan {self.id!r} has the id {id!r}")

    def member(self, id: str) -> CircleMember:
        """The circle member with this id."""
        for member in self.circle:
            if member.id == id:
                return member
        known = ", ".join(m.id for m in self.circle) or "none"
        raise UnknownReferenceError(
            f"{id!r} is not in the circle of plan {self.id!r} (circle ids: {known})"
        )

    def name_of(self, ref: str) -> str:
        """The name to show for a person reference: the person, the service or a member."""
        if ref == "person":
            return self.person.called
        if ref == "service":
            return self.service.name if self.service is not None else "the service"
        return self.member(ref).name

    # -- editing (each returns a new plan) -------------------------------------------------

    def with_goal_status(self, id: str, status: Status | str, on: date | None = None) -> Plan:
        """Set the status of the goal or outcome ``id``.

        ``on`` is the day it was achieved and is kept only for ``achieved``; leaving a goal
        achieved without a date is a practice warning, so pass it when you know it.
        """
        new_status = _status(status)

        def change(part: Goal | Outcome) -> Goal | Outcome:
            achieved_on = (on or part.achieved_on) if new_status is Status.ACHIEVED else None
            return attrs.evolve(part, status=new_status, achieved_on=achieved_on)

        return self._replace(id, change)

    def with_goal(self, parent_id: str, goal: Goal) -> Plan:
        """Add ``goal`` as the last small goal under the outcome or goal ``parent_id``."""
        taken = self.index()
        seen: set[str] = set()
        for new_id in _goal_ids(goal):
            if new_id in taken:
                raise PlanValueError(f"the id {new_id!r} is already used in plan {self.id!r}")
            if new_id in seen:
                raise PlanValueError(f"the id {new_id!r} is used twice in the new goal")
            seen.add(new_id)

        def add(part: Goal | Outcome) -> Goal | Outcome:
            return attrs.evolve(part, goals=(*part.goals, goal))

        return self._replace(parent_id, add)

    def with_review(self, review: Review, next_review_on: date | None = None) -> Plan:
        """Record a review meeting, and optionally when the next one is due."""
        return attrs.evolve(
            self,
            reviews=(*self.reviews, review),
            next_review_on=next_review_on or self.next_review_on,
        )

    def with_rating(self, rating: Rating) -> Plan:
        """Add one of the person's ratings."""
        return attrs.evolve(self, ratings=(*self.ratings, rating))

    def _replace(self, id: str, change: Callable[[Goal | Outcome], Goal | Outcome]) -> Plan:
        found = False

        def in_goals(goals: tuple[Goal, ...]) -> tuple[Goal, ...]:
            nonlocal found
            result = []
            for goal in goals:
                if goal.id == id:
                    found = True
                    changed = change(goal)
                    assert isinstance(changed, Goal)
                    goal = changed
                elif goal.goals:
                    goal = attrs.evolve(goal, goals=in_goals(goal.goals))
                result.append(goal)
            return tuple(result)

        outcomes = []
        for outcome in self.outcomes:
            if outcome.id == id:
                found = True
                changed = change(outcome)
                assert isinstance(changed, Outcome)
                outcome = changed
            elif not found:
                outcome = attrs.evolve(outcome, goals=in_goals(outcome.goals))
            outcomes.append(outcome)
        if not found:
            raise UnknownReferenceError(f"no outcome or goal in plan {self.id!r} has the id {id!r}")
        return attrs.evolve(self, outcomes=tuple(outcomes))


def _walk(
    outcome: Outcome, parent: Outcome | Goal, goals: tuple[Goal, ...], depth: int, path: str
) -> Iterator[GoalPlace]:
    for i, goal in enumerate(goals):
        here = f"{path}.goals[{i}]"
        yield GoalPlace(goal=goal, outcome=outcome, parent=parent, depth=depth, path=here)
        yield from _walk(outcome, goal, goal.goals, depth + 1, here)


def _goal_ids(goal: Goal) -> Iterator[str]:
    yield goal.id
    for child in goal.goals:
        yield from _goal_ids(child)


def _status(value: Status | str) -> Status:
    try:
        return Status(value)
    except ValueError:
        allowed = ", ".join(Status.values())
        raise PlanValueError(f"{value!r} is not a status; use one of: {allowed}") from None
