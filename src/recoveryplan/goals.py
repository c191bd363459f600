"""Longer-term outcomes and the small goals under them, nested to any depth.

Small goals exist so that progress is seen and celebrated along the way, not only measured at
the end; that is why a goal carries its own celebration.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import attrs

from ._checks import Checked
from ._fields import Enumeration, meaning
from ._typed import Items, Word

__all__ = [
    "Goal",
    "GoalPlace",
    "Outcome",
    "Status",
    "SupportAction",
    "goals_under",
    "nested_deeper_than",
    "walk_goals",
]


class Status(Enumeration):
    """Where an outcome or a goal stands."""

    PLANNED = "planned"
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not-achieved"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        """Still being worked towards (so it can become overdue)."""
        return self in (Status.PLANNED, Status.ACTIVE, Status.ON_HOLD)


@attrs.frozen(kw_only=True)
class SupportAction(Checked):
    """Who does what to help: doing *with* the person, not *for* them."""

    by: str = attrs.field(metadata=meaning("Who does it.", refers_to="person"))
    action: str = attrs.field(
        metadata=meaning(
            "What they do, written as doing with the person rather than for them.",
            voice="service",
            where="a support action of {owner}",
        )
    )


@attrs.frozen(kw_only=True)
class Goal(Checked):
    """A small step towards an outcome; it may hold smaller steps of its own."""

    id: str = attrs.field(metadata=meaning("The goal's id."))
    statement: str = attrs.field(
        metadata=meaning("The small goal, in the person's own words.", voice="person")
    )
    status: Status = attrs.field(converter=Word[Status], metadata=meaning("Where the goal stands."))
    due_on: date | None = attrs.field(
        default=None, metadata=meaning("When it is meant to be done by.")
    )
    achieved_on: date | None = attrs.field(
        default=None,
        metadata=meaning("When it was achieved; give it whenever `status` is `achieved`."),
    )
    status_note: str | None = attrs.field(
        default=None, metadata=meaning("A word about how it is going.", voice="service")
    )
    support: tuple[SupportAction, ...] = attrs.field(
        converter=Items[SupportAction], default=(), metadata=meaning("Who helps, and how.")
    )
    celebration: str | None = attrs.field(
        default=None, metadata=meaning("How achieving it will be celebrated.", voice="person")
    )
    goals: tuple[Goal, ...] = attrs.field(
        converter=Items["Goal"],
        default=(),
        metadata=meaning("Smaller goals on the way to this one, nested to any depth."),
    )


@attrs.frozen(kw_only=True)
class Outcome(Checked):
    """A longer-term outcome in the person's own words, based on what the assessment found."""

    id: str = attrs.field(metadata=meaning("The outcome's id."))
    statement: str = attrs.field(
        metadata=meaning("The outcome, in the person's own words.", voice="person")
    )
    domain: str | None = attrs.field(
        default=None,
        metadata=meaning("The id of the framework domain it belongs to.", refers_to="domain"),
    )
    based_on: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=meaning(
            "The ids of the assessment items it grows from.", refers_to="assessment item"
        ),
    )
    target_on: date | None = attrs.field(
        default=None, metadata=meaning("When the person hopes to have achieved it.")
    )
    status: Status = attrs.field(
        converter=Word[Status], metadata=meaning("Where the outcome stands.")
    )
    achieved_on: date | None = attrs.field(default=None, metadata=meaning("When it was achieved."))
    status_note: str | None = attrs.field(
        default=None, metadata=meaning("A word about how it is going.", voice="service")
    )
    goals: tuple[Goal, ...] = attrs.field(
        converter=Items["Goal"],
        default=(),
        metadata=meaning("The small goals on the way to the outcome."),
    )


@attrs.frozen(kw_only=True)
class GoalPlace:
    """Where a goal sits: its outcome, its parent, how deep, and its JSON path."""

    goal: Goal
    outcome: Outcome
    parent: Outcome | Goal
    depth: int
    path: str


def walk_goals(
    parent: Outcome | Goal,
    path: str = "$",
    *,
    outcome: Outcome | None = None,
    depth: int = 1,
) -> Iterator[GoalPlace]:
    """Every small goal under ``parent``, depth first in document order, with where it sits.

    The one walk over the goal tree: the plan's own :meth:`~recoveryplan.Plan.walk_goals`,
    the depth limit and the exports all use it, so they agree on the order, the depths and
    the paths (the practice checks walk the same order without a place made for each goal,
    :func:`recoveryplan._walking.goal_tree`, a property test holding the two equal). ``path``
    is the JSON path of ``parent`` and ``depth`` the depth of its goals (1 for an outcome's).
    Walking a goal's subtree needs the ``outcome`` it is under, which the places name.

    The walk keeps its own stack rather than Python's, so however deep a tree someone built
    in Python, walking it (to find that it is too deep) cannot overflow; and it is lazy, so
    a caller that stops at the first goal it wants pays for no more.
    """
    if outcome is None:
        if not isinstance(parent, Outcome):
            raise TypeError("walk_goals() needs the outcome a goal's subtree is under")
        outcome = parent
    stack = _below(parent, path, depth)
    while stack:
        goal, holder, level, where = stack.pop()
        yield GoalPlace(goal=goal, outcome=outcome, parent=holder, depth=level, path=where)
        if goal.goals:
            stack += _below(goal, where, level + 1)


def goals_under(parent: Outcome | Goal) -> Iterator[Goal]:
    """The goals :func:`walk_goals` walks to under ``parent``, in its order, without their
    places (a rendering looks parts up by id and never needs where they sit)."""
    stack = list(reversed(parent.goals))
    while stack:
        goal = stack.pop()
        yield goal
        if goal.goals:
            stack += reversed(goal.goals)


def _below(
    parent: Outcome | Goal, path: str, depth: int
) -> list[tuple[Goal, Outcome | Goal, int, str]]:
    """The goals right under ``parent``, last first (the walk pops the first one next)."""
    goals = parent.goals
    return [
        (goals[index], parent, depth, f"{path}.goals[{index}]")
        for index in range(len(goals) - 1, -1, -1)
    ]


def nested_deeper_than(outcomes: Iterable[Outcome], depth: int) -> bool:
    """Whether any small goal under ``outcomes`` is nested more than ``depth`` levels deep.

    One level of the tree at a time, without a call or a place per goal: a plan asks this
    whenever it is made, and most plans never come near the limit, so the places of
    :func:`walk_goals` are worked out only when a reader asks for them.
    """
    level = [goal for outcome in outcomes for goal in outcome.goals]
    reached = 1
    while level:
        if reached > depth:
            return True
        level = [child for goal in level if goal.goals for child in goal.goals]
        reached += 1
    return False
