"""The person's own rating of each framework domain, over time."""

from __future__ import annotations

from datetime import date

import attrs

from ._checks import Checked
from ._fields import meaning

__all__ = ["Rating"]


@attrs.frozen(kw_only=True)
class Rating(Checked):
    """One rating of one domain on one day; a series of them is the person's journey."""

    on: date = attrs.field(metadata=meaning("The day of the rating."))
    domain: str = attrs.field(
        metadata=meaning("The id of the framework domain rated.", refers_to="domain")
    )
    value: int = attrs.field(
        metadata=meaning("The rating, a whole number within the framework's rating scale.")
    )
    by: str = attrs.field(
        metadata=meaning("Who gave the rating (normally the person).", refers_to="person")
    )
    note: str | None = attrs.field(
        default=None, metadata=meaning("What the person said about it.", voice="by")
    )
