"""Positive risk taking: an informed choice, planned for with safeguards.

A risk plan starts from what the person wants to do and why, not from what might go wrong. A
defensible decision records the benefits, the concerns, the person's own view, their capacity
for this decision, the safeguards, the contingency, who agreed (and who did not) and when it
will be looked at again.
"""

from __future__ import annotations

from datetime import date

import attrs

from ._base import Enumeration, PersonRef

__all__ = [
    "Capacity",
    "CapacityStatus",
    "Concern",
    "Decision",
    "DecisionStatus",
    "Dissent",
    "Likelihood",
    "RiskPlan",
    "Safeguard",
    "Severity",
]


class Likelihood(Enumeration):
    RARE = "rare"
    UNLIKELY = "unlikely"
    POSSIBLE = "possible"
    LIKELY = "likely"
    ALMOST_CERTAIN = "almost-certain"


class Severity(Enumeration):
    NEGLIGIBLE = "negligible"
    MINOR = "minor"
    MODERATE = "moderate"
    MAJOR = "major"
    SEVERE = "severe"


class CapacityStatus(Enumeration):
    HAS_CAPACITY = "has-capacity"
    LACKS_CAPACITY = "lacks-capacity"
    NOT_ASSESSED = "not-assessed"
    FLUCTUATING = "fluctuating"


class DecisionStatus(Enumeration):
    PROPOSED = "proposed"
    AGREED = "agreed"
    AGREED_WITH_CHANGES = "agreed-with-changes"
    NOT_AGREED = "not-agreed"
    DEFERRED = "deferred"


@attrs.frozen(kw_only=True)
class Concern:
    """Something that might go wrong, with how likely and how serious it is thought to be."""

    id: str
    description: str
    likelihood: Likelihood
    severity: Severity


@attrs.frozen(kw_only=True)
class Capacity:
    """The person's capacity for this particular decision (capacity is decision-specific)."""

    status: CapacityStatus
    note: str | None = None


@attrs.frozen(kw_only=True)
class Safeguard:
    """An agreed action that makes the risk safer, who does it, and which concerns it meets."""

    id: str
    action: str
    by: PersonRef
    addresses: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Dissent:
    """Someone who did not fully agree, in their words: recorded, not hidden."""

    by: PersonRef
    note: str


@attrs.frozen(kw_only=True)
class Decision:
    """What was decided, when, and by whom."""

    status: DecisionStatus
    on: date | None = None
    agreed_by: tuple[PersonRef, ...] = ()
    dissent: tuple[Dissent, ...] = ()


@attrs.frozen(kw_only=True)
class RiskPlan:
    """One positive risk plan, starting from the activity the person wants to do."""

    id: str
    activity: str
    supports: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    if_not_done: str | None = None
    concerns: tuple[Concern, ...] = ()
    persons_view: str | None = None
    capacity: Capacity | None = None
    safeguards: tuple[Safeguard, ...] = ()
    contingency: str | None = None
    decision: Decision | None = None
    review_on: date | None = None
