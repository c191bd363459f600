"""The person's own rating of each framework domain, over time."""

from __future__ import annotations

from datetime import date

import attrs

from ._base import PersonRef

__all__ = ["Rating"]


@attrs.frozen(kw_only=True)
class Rating:
    """One rating of one domain on one day; a series of them is the person's journey."""

    on: date
    domain: str
    value: int
    by: PersonRef
    note: str | None = None
