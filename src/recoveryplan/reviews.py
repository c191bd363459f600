"""Review meetings: who was there, what went well, what changed, what was decided and what is
next.

A review is where the plan carries on from one meeting to the next: each decision it records
about a goal, an outcome or a risk plan ("achieved", "a new date", "a smaller step", "closed",
"carried on") is applied to the plan when the review is recorded through the API, and the next
review pack opens with what became of each (:mod:`recoveryplan.review_decisions`).
"""

from __future__ import annotations

from datetime import date

import attrs

from ._checks import Checked
from ._fields import SHOWN_PARTS, Enumeration, meaning
from ._typed import Items, Word
from .errors import PlanValueError
from .messages import gettext as _

__all__ = ["DecisionKind", "Review", "ReviewDecision"]


class DecisionKind(Enumeration):
    """What a review decided about one goal, outcome or risk plan."""

    ACHIEVED = "achieved"
    NEW_DATE = "new-date"
    SMALLER_STEP = "smaller-step"
    CLOSED = "closed"
    CARRIED_ON = "carried-on"


@attrs.frozen(kw_only=True)
class ReviewDecision(Checked):
    """What one review decided about one goal, outcome or risk plan it discussed."""

    about: str = attrs.field(
        metadata=meaning(
            "The id of the small goal, outcome or risk plan the decision is about.",
            refers_to="goal or risk plan",
        )
    )
    decision: DecisionKind = attrs.field(
        converter=Word[DecisionKind],
        metadata=meaning(
            "What was decided: `achieved`, `new-date` (give `due_on`), `smaller-step`, "
            "`closed` or `carried-on`."
        ),
    )
    due_on: date | None = attrs.field(
        default=None,
        metadata=meaning(
            "The new date: for a goal its due date, for an outcome its target date, for a "
            "risk plan when it is looked at again. Needed for `new-date`."
        ),
    )
    note: str | None = attrs.field(
        default=None,
        metadata=meaning("Why, or what the smaller step is.", voice="service"),
    )

    def __check__(self) -> None:
        if self.decision is DecisionKind.NEW_DATE and self.due_on is None:
            raise PlanValueError(
                "ReviewDecision.due_on: "
                + _(
                    "the decision about %(about)s is to move its date, but it gives no new "
                    "date; add `due_on` with the date agreed at the review"
                )
                % {"about": repr(self.about)}
            )


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
    decisions: tuple[ReviewDecision, ...] = attrs.field(
        converter=Items[ReviewDecision],
        default=(),
        metadata=meaning(
            "What the review decided about each small goal, outcome or risk plan it "
            "discussed; recording the review applies them to the plan.",
            shown_to=SHOWN_PARTS,
        ),
    )
