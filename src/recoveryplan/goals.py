"""Longer-term outcomes and the small goals under them, nested to any depth.

Small goals exist so that progress is seen and celebrated along the way, not only measured at
the end; that is why a goal carries its own celebration.
"""

from __future__ import annotations

from datetime import date

import attrs

from ._checks import Checked
from ._fields import Enumeration, meaning

__all__ = ["Goal", "Outcome", "Status", "SupportAction"]


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
    status: Status = attrs.field(metadata=meaning("Where the goal stands."))
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
        default=(), metadata=meaning("Who helps, and how.")
    )
    celebration: str | None = attrs.field(
        default=None, metadata=meaning("How achieving it will be celebrated.", voice="person")
    )
    goals: tuple[Goal, ...] = attrs.field(
        default=(), metadata=meaning("Smaller goals on the way to this one, nested to any depth.")
    )


@attrs.frozen(kw_only=True)
class Outcome(Checked):
    """A longer-term outcome in the person's own words, based on what the assessment found."""

    id: str = attrs.field(metadata=meaning("The outcome's id."))
    statement: str = attrs.field(
        metadata=meaning("The outcome, in the person's own words.", voice="person")
    )
    domain: str | None = attrs.field(
        default=None, metadata=meaning("The id of the framework domain it belongs to.")
    )
    based_on: tuple[str, ...] = attrs.field(
        default=(),
        metadata=meaning(
            "The ids of the assessment items it grows from.", refers_to="assessment item"
        ),
    )
    target_on: date | None = attrs.field(
        default=None, metadata=meaning("When the person hopes to have achieved it.")
    )
    status: Status = attrs.field(metadata=meaning("Where the outcome stands."))
    achieved_on: date | None = attrs.field(default=None, metadata=meaning("When it was achieved."))
    status_note: str | None = attrs.field(
        default=None, metadata=meaning("A word about how it is going.", voice="service")
    )
    goals: tuple[Goal, ...] = attrs.field(
        default=(), metadata=meaning("The small goals on the way to the outcome.")
    )
