"""Practice checks on positive risk taking: each risk plan starts from what the person gains,
answers every concern with a safeguard, records the person's own view, their capacity, a
contingency and a decision made with them, and is reviewed when it said it would be.

They yield ``(code, path, message)``; :mod:`recoveryplan.builtin.practice` gives each its
severity from its catalogue of codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from ..messages import day as _day
from ..messages import gettext as _
from ..plan import Plan
from ..risk import CapacityStatus, DecisionStatus, RiskPlan
from ._wording import Speaker, blank, quoted

__all__ = ["AGREED", "risk_plan_findings"]

Found = tuple[str, str, str]

AGREED = frozenset({DecisionStatus.AGREED, DecisionStatus.AGREED_WITH_CHANGES})


def risk_plan_findings(plan: Plan, today: date) -> Iterator[Found]:
    for r, risk in enumerate(plan.risk_plans):
        yield from _risk_plan(plan, risk, f"$.risk_plans[{r}]", today)


def _risk_plan(plan: Plan, risk: RiskPlan, path: str, today: date) -> Iterator[Found]:
    # Most risk plans have nothing said about them: how a message names one is worked out
    # for the first message said.
    named: list[dict[str, str]] = []

    def words() -> dict[str, str]:
        if not named:
            # Translators: %(activity)s is the risk plan's activity, quoted from the plan.
            # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
            # English grammar: a translation may leave them out and use %(name)s instead.
            called = _("the risk plan %(activity)s") % {"activity": quoted(risk.activity)}
            named.append({**Speaker(plan).words, "called": called})
        return named[0]

    if not risk.benefits:
        yield (
            "risk.no-benefits",
            path,
            # Translators: %(called)s names the risk plan ("the risk plan ...").
            # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
            # English grammar: a translation may leave them out and use %(name)s instead.
            _(
                "%(called)s records no benefits; positive risk taking starts from what %(name)s "
                "gains by doing it, so ask %(them)s and list the benefits"
            )
            % words(),
        )
    addressed = {ref for safeguard in risk.safeguards for ref in safeguard.addresses}
    for c, concern in enumerate(risk.concerns):
        if concern.id not in addressed:
            yield (
                "risk.concern-unaddressed",
                f"{path}.concerns[{c}]",
                # Translators: %(called)s names the risk plan; %(concern)s is quoted from it.
                _(
                    "in %(called)s, no safeguard addresses the concern %(concern)s; agree with "
                    "%(name)s what would make it safer and who does it, and mark that safeguard "
                    "as addressing this concern"
                )
                % {**words(), "concern": quoted(concern.description)},
            )
    if blank(risk.persons_view):
        yield (
            "risk.no-persons-view",
            path,
            # Translators: %(called)s names the risk plan ("the risk plan ...").
            # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
            # English grammar: a translation may leave them out and use %(name)s instead.
            _(
                "%(called)s does not record %(name)s's own view; ask %(name)s what %(they)s "
                "%(think)s about the risks and the plan, and write it down in %(their)s words"
            )
            % words(),
        )
    if risk.capacity is None:
        yield (
            "risk.no-capacity",
            path,
            # Translators: %(called)s names the risk plan ("the risk plan ...").
            _(
                "%(called)s does not say whether %(name)s has capacity for this decision; "
                'record the capacity status (or "not assessed") with a note of how it was '
                "considered"
            )
            % words(),
        )
    if blank(risk.contingency):
        yield (
            "risk.no-contingency",
            path,
            # Translators: %(called)s names the risk plan ("the risk plan ...").
            _(
                "%(called)s has no contingency; agree with %(name)s what happens if things go "
                "wrong, so that everyone knows what to do"
            )
            % words(),
        )
    yield from _decision(plan, risk, path, words)
    if risk.review_on is None:
        yield (
            "risk.no-review-date",
            path,
            # Translators: %(called)s names the risk plan ("the risk plan ...").
            _(
                "%(called)s has no review date; agree with %(name)s when you will look at how it "
                "is going, and set the date"
            )
            % words(),
        )
    elif risk.review_on < today:
        yield (
            "risk.overdue",
            f"{path}.review_on",
            # Translators: %(called)s names the risk plan ("the risk plan ...").
            _(
                "%(called)s was due for review on %(date)s; review it with %(name)s (what "
                "happened, what was learned, the next step up) and set the next review date"
            )
            % {**words(), "date": _day(risk.review_on)},
        )


def _decision(
    plan: Plan, risk: RiskPlan, path: str, words: Callable[[], dict[str, str]]
) -> Iterator[Found]:
    decision = risk.decision
    if decision is None:
        yield (
            "risk.no-decision",
            path,
            # Translators: %(called)s names the risk plan ("the risk plan ...").
            _(
                "%(called)s records no decision; record what was decided with %(name)s, when, "
                "and who agreed (and anyone who did not)"
            )
            % words(),
        )
        return
    lacks_capacity = (
        risk.capacity is not None and risk.capacity.status is CapacityStatus.LACKS_CAPACITY
    )
    took_part = "person" in decision.agreed_by or any(d.by == "person" for d in decision.dissent)
    if decision.status in AGREED and not took_part and not lacks_capacity:
        yield (
            "risk.decided-without-person",
            f"{path}.decision",
            # Translators: %(called)s names the risk plan ("the risk plan ...").
            # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
            # English grammar: a translation may leave them out and use %(name)s instead.
            _(
                "%(called)s was agreed without %(name)s: %(they)s %(are)s not among those who "
                "agreed or disagreed; positive risk taking is decided with %(name)s, so record "
                "%(them)s as agreeing once %(they)s %(do)s, or record %(their)s view as dissent"
            )
            % words(),
        )
