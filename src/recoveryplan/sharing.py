"""The person's consent about who sees which parts of their plan."""

from __future__ import annotations

from datetime import date

import attrs

from ._base import Enumeration, PersonRef

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
class SharingConsent:
    """Which sections one circle member may see (``with`` in the format names the member).

    The person and the staff team see everything; anyone else sees only what is listed here.
    """

    member: PersonRef
    sections: tuple[Section, ...] = ()
    consented_on: date | None = None
