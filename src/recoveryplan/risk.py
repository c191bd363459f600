"""Positive risk taking: an informed choice, planned for with safeguards.

A risk plan starts from what the person wants to do and why, not from what might go wrong. A
defensible decision records the benefits, the concerns, the person's own view, their capacity
for this decision, the safeguards, the contingency, who agreed (and who did not) and when it
will be looked at again.
"""

from __future__ import annotations

from datetime import date

import attrs

from ._checks import Checked
from ._fields import Enumeration, meaning
from ._typed import Items, Word

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
class Concern(Checked):
    """Something that might go wrong, with how likely and how serious it is thought to be."""

    id: str = attrs.field(
        metadata=meaning("The concern's id; safeguards refer to it in `addresses`.")
    )
    description: str = attrs.field(metadata=meaning("What might go wrong.", voice="service"))
    likelihood: Likelihood = attrs.field(
        converter=Word[Likelihood], metadata=meaning("How likely it is thought to be.")
    )
    severity: Severity = attrs.field(
        converter=Word[Severity], metadata=meaning("How serious it would be.")
    )


@attrs.frozen(kw_only=True)
class Capacity(Checked):
    """The person's capacity for this particular decision (capacity is decision-specific)."""

    status: CapacityStatus = attrs.field(
        converter=Word[CapacityStatus],
        metadata=meaning("The person's capacity for this particular decision."),
    )
    note: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "How that was judged.", voice="service", where="the capacity note of {owner}"
        ),
    )


@attrs.frozen(kw_only=True)
class Safeguard(Checked):
    """An agreed action that makes the risk safer, who does it, and which concerns it meets."""

    id: str = attrs.field(metadata=meaning("The safeguard's id."))
    action: str = attrs.field(metadata=meaning("What is done.", voice="service"))
    by: str = attrs.field(metadata=meaning("Who does it.", refers_to="person"))
    addresses: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=meaning(
            "The ids of the concerns (in the same risk plan) it addresses.", refers_to="concern"
        ),
    )


@attrs.frozen(kw_only=True)
class Dissent(Checked):
    """Someone who did not fully agree, in their words: recorded, not hidden."""

    by: str = attrs.field(metadata=meaning("Who did not fully agree.", refers_to="person"))
    note: str = attrs.field(
        metadata=meaning(
            "Their view, in their words.", voice="by", where="a dissent note on {owner}"
        )
    )


@attrs.frozen(kw_only=True)
class Decision(Checked):
    """What was decided, when, and by whom."""

    status: DecisionStatus = attrs.field(
        converter=Word[DecisionStatus], metadata=meaning("What was decided.")
    )
    on: date | None = attrs.field(default=None, metadata=meaning("When."))
    agreed_by: tuple[str, ...] = attrs.field(
        converter=Items[str], default=(), metadata=meaning("Who agreed.", refers_to="person")
    )
    dissent: tuple[Dissent, ...] = attrs.field(
        converter=Items[Dissent], default=(), metadata=meaning("Who did not fully agree, and why.")
    )


@attrs.frozen(kw_only=True)
class RiskPlan(Checked):
    """One positive risk plan, starting from the activity the person wants to do."""

    id: str = attrs.field(metadata=meaning("The risk plan's id."))
    activity: str = attrs.field(metadata=meaning("What the person wants to do.", voice="person"))
    supports: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=meaning(
            "The ids of the outcomes and goals this activity serves.", refers_to="aim"
        ),
    )
    benefits: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=meaning("What the person gains by doing it.", voice="person"),
    )
    if_not_done: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "What happens if the person does not do it.",
            voice="person",
            where="what happens if it is not done, in {owner}",
        ),
    )
    concerns: tuple[Concern, ...] = attrs.field(
        converter=Items[Concern], default=(), metadata=meaning("What might go wrong.")
    )
    persons_view: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "The person's own view of the risk, in their words.",
            voice="person",
            where="the person's own view in {owner}",
        ),
    )
    capacity: Capacity | None = attrs.field(
        default=None, metadata=meaning("The person's capacity for this decision.")
    )
    safeguards: tuple[Safeguard, ...] = attrs.field(
        converter=Items[Safeguard],
        default=(),
        metadata=meaning("The agreed actions that make the activity safer."),
    )
    contingency: str | None = attrs.field(
        default=None, metadata=meaning("What happens if things do go wrong.", voice="service")
    )
    decision: Decision | None = attrs.field(
        default=None, metadata=meaning("What was decided, when and by whom.")
    )
    review_on: date | None = attrs.field(
        default=None, metadata=meaning("When the risk plan is to be looked at again.")
    )
