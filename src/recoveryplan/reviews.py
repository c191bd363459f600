"""Review meetings: who was there, what went well, what changed and what is next."""

from __future__ import annotations

from datetime import date

import attrs

from ._checks import Checked
from ._fields import meaning
from ._typed import Items

__all__ = ["Review"]


@attrs.frozen(kw_only=True)
class Review(Checked):
    """One review of the plan; ``attendees`` is ``with`` in the format."""

    on: date = attrs.field(metadata=meaning("When the review meeting took place."))
    attendees: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=meaning("Who was there.", key="with", refers_to="person"),
    )
    went_well: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "What went well.", voice="service", where='the "what went well" note of {owner}'
        ),
    )
    changed: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "What changed.", voice="service", where='the "what changed" note of {owner}'
        ),
    )
    next: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "What happens next.", voice="service", where='the "what is next" note of {owner}'
        ),
    )
