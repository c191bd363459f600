"""The person's consent about who sees which parts of their plan."""

from __future__ import annotations

from datetime import date

import attrs

from ._checks import Checked
from ._fields import Enumeration, meaning
from ._typed import Words

__all__ = ["Section", "SharingConsent"]


class Section(Enumeration):
    """A part of the plan the person can agree to share with a circle member."""

    ASSESSMENT = "assessment"
    OUTCOMES = "outcomes"
    RATINGS = "ratings"
    RISK_PLANS = "risk_plans"
    SAFETY_PLAN = "safety_plan"
    REVIEWS = "reviews"
    CIRCLE = "circle"


@attrs.frozen(kw_only=True)
class SharingConsent(Checked):
    """Which sections one circle member may see (``with`` in the format names the member).

    The person and the staff team see everything; anyone else sees only what is listed here.
    """

    member: str = attrs.field(
        metadata=meaning(
            "The circle member the person agrees to share with.", key="with", refers_to="person"
        )
    )
    sections: tuple[Section, ...] = attrs.field(
        converter=Words[Section],
        default=(),
        metadata=meaning("The sections of the plan that member may see."),
    )
    consented_on: date | None = attrs.field(
        default=None, metadata=meaning("When the person gave this consent.")
    )
