"""Review meetings: who was there, what went well, what changed and what is next."""

from __future__ import annotations

from datetime import date

import attrs

from ._base import PersonRef

__all__ = ["Review"]


@attrs.frozen(kw_only=True)
class Review:
    """One review of the plan; ``attendees`` is ``with`` in the format."""

    on: date
    attendees: tuple[PersonRef, ...] = ()
    went_well: str | None = None
    changed: str | None = None
    next: str | None = None
