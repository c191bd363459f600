"""The person's agreement to their plan: who agreed it, and on what day.

A plan written *with* the person is one they agree; the day they did is part of the record
(and a later agreement, after a review, is a new entry, so the history of agreeing is kept).
"""

from __future__ import annotations

from datetime import date

import attrs

from ._checks import Checked
from ._fields import meaning

__all__ = ["Agreement"]


@attrs.frozen(kw_only=True)
class Agreement(Checked):
    """One agreement to the plan as it stood that day."""

    on: date = attrs.field(metadata=meaning("The day the plan was agreed."))
    by: str = attrs.field(
        metadata=meaning(
            "Who agreed it: normally `person`, or a circle member's id.", refers_to="person"
        )
    )
