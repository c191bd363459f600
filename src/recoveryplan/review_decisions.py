"""What a review decided, applied to the plan when it is recorded, and checked afterwards.

A review that decides "achieved" while the goal still says "not started yet" is the kind of
contradiction that makes a plan untrustworthy. So a review recorded through the API
(:meth:`recoveryplan.Plan.with_review`, or ``plan.add(review)``) applies its decisions to what
they are about, and a plan edited elsewhere (or by hand) is checked against its latest review:
:func:`disagreements` finds each decision the plan no longer agrees with, and the practice
checks report them. Applying a decision always leaves the plan agreeing with it.

What each decision means for a small goal or an outcome:

- ``achieved``: its status becomes achieved, on the review's date;
- ``closed``: an open one is dropped (one already achieved or not achieved stays so);
- ``new-date``: its due date (an outcome's target date) moves to ``due_on``, and a closed
  one is opened again;
- ``carried-on``: it is active (worked on from now);
- ``smaller-step``: an open status is kept (the smaller step is in the note), a closed one is
  opened again.

A risk plan has no status: ``new-date`` moves when it is looked at again; the other decisions
are recorded and change nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, Protocol, Self, TypeVar

import attrs

from .goals import Goal, Outcome, Status
from .reviews import DecisionKind, Review, ReviewDecision
from .risk import RiskPlan

__all__ = [
    "Became",
    "Decided",
    "Disagreement",
    "agrees",
    "applied",
    "date_field",
    "disagreements",
    "latest_review",
    "what_became",
]

Decided = Goal | Outcome | RiskPlan
"""What a review decision can be about."""


class Whole(Protocol):
    """What this module needs of a plan (:class:`recoveryplan.Plan`, which imports it)."""

    @property
    def reviews(self) -> tuple[Review, ...]: ...

    def identified(self) -> Iterator[tuple[str, Any]]: ...

    def evolve_item(self, id: str, **changes: Any) -> Self: ...


W = TypeVar("W", bound=Whole)


def latest_review(plan: Whole, before: date | None = None) -> Review | None:
    """The review held last (on or before ``before``, when given); of two on one day, the one
    later in the document."""
    found: Review | None = None
    for review in plan.reviews:
        if before is not None and review.on > before:
            continue
        if found is None or review.on >= found.on:
            found = review
    return found


def date_field(part: Decided) -> str:
    """The date a new date moves: a goal's due date, an outcome's target, a risk plan's
    review."""
    if isinstance(part, RiskPlan):
        return "review_on"
    return "target_on" if isinstance(part, Outcome) else "due_on"


def applied(plan: W, review: Review) -> W:
    """``plan`` with each of ``review``'s decisions applied to what it is about, in order."""
    for decision in review.decisions:
        part = _part(plan, decision.about)
        if part is None:
            continue  # the edit that records the review refuses a reference to nothing
        changes = _changes(decision, part, review.on)
        if changes:
            plan = plan.evolve_item(decision.about, **changes)
    return plan


def _changes(decision: ReviewDecision, part: Decided, on: date) -> dict[str, Any]:
    kind = decision.decision
    if kind is DecisionKind.NEW_DATE:
        moved = {date_field(part): decision.due_on}
        return moved if isinstance(part, RiskPlan) else {**_opened(part), **moved}
    if isinstance(part, RiskPlan):
        return {}
    if kind is DecisionKind.ACHIEVED:
        already = part.status is Status.ACHIEVED and part.achieved_on is not None
        return {} if already else {"status": Status.ACHIEVED, "achieved_on": on}
    if kind is DecisionKind.CLOSED:
        return {"status": Status.DROPPED, "achieved_on": None} if part.status.is_open else {}
    if kind is DecisionKind.CARRIED_ON:
        active = {"status": Status.ACTIVE, "achieved_on": None}
        return {} if part.status is Status.ACTIVE else active
    return _opened(part)


def _opened(part: Goal | Outcome) -> dict[str, Any]:
    return {} if part.status.is_open else {"status": Status.ACTIVE, "achieved_on": None}


def agrees(decision: ReviewDecision, part: Decided) -> bool:
    """Whether ``part`` as it stands is what ``decision`` left it, or has moved on from it
    the way a plan does between reviews (a goal carried on and since achieved agrees)."""
    kind = decision.decision
    if isinstance(part, RiskPlan):
        return kind is not DecisionKind.NEW_DATE or part.review_on == decision.due_on
    if kind is DecisionKind.ACHIEVED:
        return part.status is Status.ACHIEVED
    if kind is DecisionKind.CLOSED:
        return not part.status.is_open
    if kind is DecisionKind.NEW_DATE:
        still_open = part.status.is_open
        return not still_open or getattr(part, date_field(part)) == decision.due_on
    return part.status not in (Status.DROPPED, Status.NOT_ACHIEVED)


@attrs.frozen(kw_only=True)
class Disagreement:
    """A decision of the latest review that the plan no longer agrees with."""

    review: Review
    review_index: int
    decision: ReviewDecision
    part: Decided
    path: str
    """The JSON path of the part the decision is about."""
    field: str
    """The field of the part that disagrees (``status`` or its date)."""


def disagreements(
    plan: Whole, *, parts: Callable[[], Mapping[str, object] | None] | None = None
) -> Iterator[Disagreement]:
    """Each decision of the latest review that ``plan`` disagrees with (of two decisions
    about one part in that review, the later one counts).

    ``parts``, asked only when the latest review has decisions, gives the plan's parts by id,
    or ``None`` when an id is used twice (the practice checks give it): each decision is then
    held first to the one part it is about, and the parts' paths are written only when one of
    them disagrees."""
    review = latest_review(plan)
    if review is None or not review.decisions:
        return
    last = {decision.about: decision for decision in review.decisions}
    by_id = parts() if parts is not None else None
    if by_id is not None and all(
        not isinstance(part := by_id.get(about), Decided) or agrees(decision, part)
        for about, decision in last.items()
    ):
        return
    index = max(i for i, r in enumerate(plan.reviews) if r is review)
    for path, part in plan.identified():
        decision = last.get(getattr(part, "id", ""))
        if decision is None or not isinstance(part, Goal | Outcome | RiskPlan):
            continue
        if not agrees(decision, part):
            field = date_field(part) if _about_date(decision, part) else "status"
            yield Disagreement(
                review=review,
                review_index=index,
                decision=decision,
                part=part,
                path=path,
                field=field,
            )


def _about_date(decision: ReviewDecision, part: Decided) -> bool:
    return isinstance(part, RiskPlan) or (
        decision.decision is DecisionKind.NEW_DATE and part.status.is_open
    )


@attrs.frozen(kw_only=True)
class Became:
    """One decision of a review, and what became of what it was about."""

    decision: ReviewDecision
    part: Decided | None
    """What it is about as the plan holds it now (``None``: no longer in the reader's copy)."""
    agrees: bool


def what_became(plan: Whole, review: Review) -> tuple[Became, ...]:
    """Each decision of ``review`` with what it is about as ``plan`` holds it now, for the
    review pack's opening section."""
    found = []
    for decision in review.decisions:
        part = _part(plan, decision.about)
        found.append(
            Became(
                decision=decision,
                part=part,
                agrees=part is not None and agrees(decision, part),
            )
        )
    return tuple(found)


def _part(plan: Whole, id: str) -> Decided | None:
    for _, part in plan.identified():
        if isinstance(part, Goal | Outcome | RiskPlan) and part.id == id:
            return part
    return None
