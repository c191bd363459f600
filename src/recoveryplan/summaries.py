"""Long plans, summarised: how much of a plan one printed copy lists, and how it counts the rest.

A plan kept for five years holds hundreds of small steps, dozens of reviews and ratings. Listed
one by one, the person's copy runs to hundreds of pages and nobody reads it; so every list in
every copy holds at most :data:`LIST_LIMIT` items and says how many more there are and where
they are (the person's full plan, the staff copy, the plan's file), a long rating table shows
its latest rows, the reviews section its latest :data:`REVIEWS_IN_FULL` reviews with the
earlier ones counted, and steps nobody has touched for a year are counted per outcome as "to
close or re-plan" instead of listed. The person-held plan also keeps to a budget of outcomes and
steps (:data:`OUTCOME_BUDGET`, :data:`STEP_BUDGET`), so that it stays a booklet however large
the plan grows; ``full_history=True`` prints everything. What is cut is decided here, in
Python, so that templates only lay out what they are given.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Generic, Protocol, TypeVar

import attrs

from .goals import Goal, Outcome, goals_under, walk_goals
from .plan import Plan
from .reviews import Review

__all__ = [
    "LIST_LIMIT",
    "ONE_BY_ONE",
    "OUTCOME_BUDGET",
    "PACK_LIMIT",
    "REVIEWS_IN_FULL",
    "STEP_BUDGET",
    "TABLE_LIMIT",
    "UNTOUCHED_AFTER",
    "Capped",
    "OverdueGroup",
    "RecentReviews",
    "StepsLeftOut",
    "capped",
    "in_date_order",
    "latest",
    "recent_reviews",
    "set_aside_untouched",
    "talk_about",
    "untouched",
    "within_budget",
]

T = TypeVar("T")

LIST_LIMIT = 25
"""The most items any list in any copy holds; the rest are counted, with where they are."""

TABLE_LIMIT = 6
"""The most rows a rating table shows: the latest ones (the chart above it shows them all)."""

UNTOUCHED_AFTER = timedelta(days=365)
"""An open step whose date passed longer ago than this is untouched: to close or re-plan."""

OUTCOME_BUDGET = 5
"""The most outcomes the person-held plan shows in full; the rest are named in one list."""

STEP_BUDGET = 15
"""How many small steps (nested ones too) the person-held plan lists in all, shared among its
outcomes (never fewer than :data:`STEPS_PER_OUTCOME` each)."""

STEPS_PER_OUTCOME = 3
"""The fewest small steps the person-held plan lists under an outcome when it has more."""

REVIEWS_IN_FULL = 3
"""How many of the latest reviews a copy prints in full; earlier ones are counted, with the
dates they span. Each review is a section of its own, so sixty of them would be the longest
part of a five-year plan's staff copy while the latest few are what a reader acts on."""


@attrs.frozen
class Capped(Generic[T]):
    """The items a list shows, and how many there were in all."""

    shown: tuple[T, ...]
    total: int

    @property
    def more(self) -> int:
        """How many were left out."""
        return self.total - len(self.shown)

    def __iter__(self) -> Iterator[T]:
        return iter(self.shown)

    def __len__(self) -> int:
        return len(self.shown)

    def __bool__(self) -> bool:
        return self.total > 0


def capped(items: Iterable[T], limit: int = LIST_LIMIT) -> Capped[T]:
    """The first ``limit`` of ``items`` (a template filter: ``list | capped``)."""
    every = tuple(items)
    return Capped(every[:limit], len(every))


def latest(items: Iterable[T], limit: int | None = TABLE_LIMIT) -> Capped[T]:
    """The last ``limit`` of ``items``, in their order: a long rating series' latest rows
    (``None``: all of them, for a copy of the full history)."""
    every = tuple(items)
    if limit is None:
        return Capped(every, len(every))
    return Capped(every[-limit:] if limit else (), len(every))


def untouched(goal: Goal, today: date) -> bool:
    """Whether an open step's date passed more than a year ago (:data:`UNTOUCHED_AFTER`)."""
    return goal.status.is_open and goal.due_on is not None and goal.due_on < today - UNTOUCHED_AFTER


@attrs.frozen(kw_only=True)
class StepsLeftOut:
    """What a copy leaves out of one outcome's small steps."""

    untouched: int = 0
    """Open steps untouched for a year, counted as "to close or re-plan" instead of listed."""
    more: int = 0
    """Current steps the person-held plan had no room for; the full plan lists them."""

    def __bool__(self) -> bool:
        return bool(self.untouched or self.more)


def _size(goal: Goal, outcome: Outcome) -> int:
    return 1 + sum(1 for _ in walk_goals(goal, outcome=outcome))


def set_aside_untouched(plan: Plan, today: date) -> tuple[Plan, dict[str, StepsLeftOut]]:
    """The plan without its untouched steps (a step holding a current one stays, so nothing
    current loses its place), and how many each outcome had, by outcome id."""
    counts: dict[str, StepsLeftOut] = {}

    def kept(goals: tuple[Goal, ...], outcome: Outcome, found: list[int]) -> tuple[Goal, ...]:
        result = []
        for goal in goals:
            children = kept(goal.goals, outcome, found)
            if untouched(goal, today) and not children:
                found[0] += 1  # its own steps were each counted as they were set aside
                continue
            result.append(attrs.evolve(goal, goals=children) if children != goal.goals else goal)
        return tuple(result)

    outcomes = []
    for outcome in plan.outcomes:
        if not any(untouched(goal, today) for goal in goals_under(outcome)):
            outcomes.append(outcome)  # nothing to set aside: its steps as they are
            continue
        found = [0]
        goals = kept(outcome.goals, outcome, found)
        if found[0]:
            counts[outcome.id] = StepsLeftOut(untouched=found[0])
            outcome = attrs.evolve(outcome, goals=goals)
        outcomes.append(outcome)
    if not counts:
        return plan, counts
    return attrs.evolve(plan, outcomes=tuple(outcomes)), counts


def within_budget(
    plan: Plan, left: Mapping[str, StepsLeftOut]
) -> tuple[Plan, dict[str, StepsLeftOut], tuple[Outcome, ...]]:
    """The person-held plan cut to its budget: :data:`OUTCOME_BUDGET` outcomes in full (those
    with open steps first), each with its share of :data:`STEP_BUDGET` small steps (open ones
    first, then the latest done), and the outcomes beyond the budget, taken out to be named
    without their steps."""
    # the outcomes with open steps lead; the others follow in the plan's own order
    ranked = sorted(plan.outcomes, key=lambda o: not any(g.status.is_open for g in o.goals))
    chosen = {id(outcome) for outcome in ranked[:OUTCOME_BUDGET]}
    full = tuple(outcome for outcome in plan.outcomes if id(outcome) in chosen)
    beyond = tuple(outcome for outcome in plan.outcomes if id(outcome) not in chosen)
    share = max(STEPS_PER_OUTCOME, STEP_BUDGET // max(len(full), 1))
    counts = dict(left)
    outcomes = []
    for outcome in full:
        if sum(1 for _ in goals_under(outcome)) <= share:
            outcomes.append(outcome)  # every step fits: none is dropped
            continue
        room = [share]
        goals, dropped = _trim(outcome.goals, room, outcome)
        if dropped:
            before = counts.get(outcome.id, StepsLeftOut())
            counts[outcome.id] = attrs.evolve(before, more=before.more + dropped)
            outcome = attrs.evolve(outcome, goals=goals)
        outcomes.append(outcome)
    if len(outcomes) == len(plan.outcomes) and all(map(operator.is_, outcomes, plan.outcomes)):
        return plan, counts, beyond  # within the budget already: the plan as it is
    return attrs.evolve(plan, outcomes=tuple(outcomes)), counts, beyond


def _trim(
    goals: tuple[Goal, ...], room: list[int], outcome: Outcome
) -> tuple[tuple[Goal, ...], int]:
    """The steps that fit in ``room`` (shared with the steps inside them), open ones first,
    in the plan's order; and how many steps did not fit."""
    kept: dict[int, Goal] = {}
    dropped = 0
    for goal in sorted(goals, key=_current_first):
        if room[0] <= 0:
            dropped += _size(goal, outcome)
            continue
        room[0] -= 1
        children, lost = _trim(goal.goals, room, outcome)
        dropped += lost
        kept[id(goal)] = attrs.evolve(goal, goals=children) if lost else goal
    return tuple(kept[id(goal)] for goal in goals if id(goal) in kept), dropped


def _current_first(goal: Goal) -> tuple[bool, int]:
    """Open steps first, then the latest done."""
    when = goal.achieved_on or goal.due_on or date.min
    return (not goal.status.is_open, -when.toordinal())


# -- the review pack ----------------------------------------------------------------------------

PACK_LIMIT = 6
"""The most items a list of the review pack holds: the pack is a few pages for one meeting."""

ONE_BY_ONE = 8
"""Up to this many things past their dates, the review pack asks about each on its own; more
are grouped by outcome, with counts."""


class _Late(Protocol):
    """Something past its date in the review pack (:class:`recoveryplan.views.Overdue`)."""

    @property
    def part(self) -> Outcome | Goal: ...

    @property
    def due(self) -> date: ...


@attrs.frozen(kw_only=True)
class OverdueGroup:
    """The things under one outcome that are past their dates, counted for the review pack."""

    outcome: Outcome
    overdue: int
    """How many are past their dates (the outcome itself included, when it is)."""
    untouched: int
    """How many of them passed more than a year ago: to close or re-plan."""
    oldest: date


def talk_about(plan: Plan, late: Sequence[_Late], today: date) -> tuple[_Late | OverdueGroup, ...]:
    """What the review pack asks about things past their dates: each on its own when there
    are few (:data:`ONE_BY_ONE`), else one group per outcome, those with most steps passed
    within the year first."""
    if len(late) <= ONE_BY_ONE:
        return tuple(late)
    outcome_of: dict[int, Outcome] = {id(outcome): outcome for outcome in plan.outcomes}
    for place in plan.walk_goals():
        outcome_of[id(place.goal)] = place.outcome
    grouped: dict[int, list[_Late]] = {}
    found: dict[int, Outcome] = {}
    for item in late:
        outcome = outcome_of.get(id(item.part))
        if outcome is None:
            continue
        grouped.setdefault(id(outcome), []).append(item)
        found[id(outcome)] = outcome
    groups = [
        OverdueGroup(
            outcome=found[key],
            overdue=len(items),
            untouched=sum(1 for item in items if item.due < today - UNTOUCHED_AFTER),
            oldest=min(item.due for item in items),
        )
        for key, items in grouped.items()
    ]
    # the outcomes with steps that passed their dates lately lead: they are still live
    return tuple(sorted(groups, key=lambda g: (-(g.overdue - g.untouched), -g.overdue, g.oldest)))


def in_date_order(items: Iterable[T]) -> list[T]:
    """Items with an ``on`` date in date order, undated ones last (achievements)."""
    return sorted(items, key=lambda item: getattr(item, "on", None) or date.max)


@attrs.frozen
class RecentReviews:
    """The reviews a copy prints in full, latest first, and the earlier ones it only counts:
    how many, and the first and last of their dates."""

    shown: tuple[Review, ...]
    earlier: int = 0
    first: date | None = None
    last: date | None = None

    def __iter__(self) -> Iterator[Review]:
        return iter(self.shown)


def recent_reviews(reviews: Iterable[Review], limit: int | None = REVIEWS_IN_FULL) -> RecentReviews:
    """The latest ``limit`` of ``reviews`` in full, latest first, and the rest counted (every
    one in full with ``limit=None``: a copy printed with its whole history)."""
    newest = sorted(reviews, key=lambda review: review.on, reverse=True)
    if limit is None or len(newest) <= limit:
        return RecentReviews(tuple(newest))
    rest = newest[limit:]
    return RecentReviews(tuple(newest[:limit]), len(rest), rest[-1].on, rest[0].on)
