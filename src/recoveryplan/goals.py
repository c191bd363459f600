"""Longer-term outcomes and the small goals under them, nested to any depth.

Small goals exist so that progress is seen and celebrated along the way, not only measured at
the end; that is why a goal carries its own celebration.
"""

from __future__ import annotations

from datetime import date

import attrs

from ._base import Enumeration, PersonRef

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
class SupportAction:
    """Who does what to help: doing *with* the person, not *for* them."""

    by: PersonRef
    action: str


@attrs.frozen(kw_only=True)
class Goal:
    """A small step towards an outcome; it may hold smaller steps of its own."""

    id: str
    statement: str
    status: Status
    due_on: date | None = None
    achieved_on: date | None = None
    status_note: str | None = None
    support: tuple[SupportAction, ...] = ()
    celebration: str | None = None
    goals: tuple[Goal, ...] = ()


@attrs.frozen(kw_only=True)
class Outcome:
    """A longer-term outcome in the person's own words, based on what the assessment found."""

    id: str
    statement: str
    domain: str | None = None
    based_on: tuple[str, ...] = ()
    target_on: date | None = None
    status: Status
    achieved_on: date | None = None
    status_note: str | None = None
    goals: tuple[Goal, ...] = ()


attrs.resolve_types(Goal)
attrs.resolve_types(Outcome)
