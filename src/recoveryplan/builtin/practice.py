"""Practice checks: what the SRI 2 action plans asked services to get right, every time.

None of these stops a plan from being used, so each is a warning (or a note): a plan can be
shared while its team works on them. They look for what recovery-focused practice needs to see:
the person's own words behind every outcome, small goals so that progress can be celebrated,
strengths as well as needs, duties kept apart from choices, positive risk taking that is
planned *with* the person, and plans that are reviewed when they said they would be. Messages
say what can be done next, not what is wrong with anyone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from .._fields import child_path, json_key
from ..assessment import ItemKind, Voice
from ..findings import Finding, FindingSeverity
from ..goals import Goal, Outcome, Status, walk_goals
from ..hookspecs import hookimpl
from ..plan import Plan
from ..review_decisions import disagreements
from ..reviews import DecisionKind, Review
from ..risk import CapacityStatus, DecisionStatus, RiskPlan
from ..textformats import friendly_date as _day
from ..textformats import isolate
from ..views import has_safety_plan
from ._circle import circle_findings
from ._wording import Speaker, blank, quoted

__all__ = ["CODES", "validate_plan"]

CODES: dict[str, FindingSeverity] = {
    "circle.no-informal-support": "info",
    "circle.carer-no-support-plan": "info",
    "communication.arrange": "warning",
    "assessment.missing": "warning",
    "assessment.no-strengths": "warning",
    "assessment.no-statutory-basis": "warning",
    "assessment.need-unanswered": "warning",
    "outcome.no-goals": "warning",
    "outcome.not-own-voice": "warning",
    "outcome.overdue": "warning",
    "outcome.achieved-undated": "warning",
    "outcome.achieved-in-future": "warning",
    "goal.overdue": "warning",
    "goal.achieved-undated": "warning",
    "goal.achieved-in-future": "warning",
    "goal.no-celebration": "info",
    "risk.no-benefits": "warning",
    "risk.concern-unaddressed": "warning",
    "risk.no-persons-view": "warning",
    "risk.no-capacity": "warning",
    "risk.no-contingency": "warning",
    "risk.no-decision": "warning",
    "risk.decided-without-person": "warning",
    "risk.no-review-date": "warning",
    "risk.overdue": "warning",
    "safety.contact-unreachable": "warning",
    "safety.no-round-the-clock-contact": "warning",
    "review.not-scheduled": "warning",
    "review.overdue": "warning",
    "review.without-person": "warning",
    "review.decision-disagrees": "warning",
}
"""Every code these checks can report, with its severity (``docs/checks.md`` explains each)."""

_ACHIEVEMENT_CODES = {
    Outcome: ("outcome.achieved-undated", "outcome.achieved-in-future"),
    Goal: ("goal.achieved-undated", "goal.achieved-in-future"),
}

AGREED = frozenset({DecisionStatus.AGREED, DecisionStatus.AGREED_WITH_CHANGES})


@hookimpl
def validate_plan(plan: Plan, today: date) -> list[Finding]:
    return [
        *(_finding(*found) for found in circle_findings(plan)),
        *_assessment(plan),
        *_outcomes(plan, today),
        *_goals(plan, today),
        *_risk_plans(plan, today),
        *_safety_plan(plan),
        *_reviews(plan, today),
    ]


# -- circle and assessment -----------------------------------------------------------------


def _assessment(plan: Plan) -> Iterator[Finding]:
    p = Speaker(plan)
    if plan.assessment is None:
        yield _finding(
            "assessment.missing",
            "$",
            f"the plan has no assessment; sit down with {p.name} and record {p.their} "
            f"strengths, needs, hopes, dreams and aspirations in {p.their} own words, so that "
            "outcomes can be built on them",
        )
        return
    items = plan.assessment.items
    if not any(item.kind is ItemKind.STRENGTH for item in items):
        found = "records nothing yet" if not items else "records no strengths"
        yield _finding(
            "assessment.no-strengths",
            "$.assessment",
            f"the assessment {found}; ask {p.name} what {p.they} {p.are} good at, what "
            f"{p.they} {p.enjoy} and what has helped before, and record those strengths so the "
            "plan can build on them",
        )
    answering = {ref for outcome in plan.outcomes for ref in outcome.based_on}
    for i, item in enumerate(items):
        where = f"$.assessment.items[{i}]"
        if (
            item.kind is ItemKind.NEED
            and item.voice is Voice.SERVICE
            and blank(item.statutory_basis)
        ):
            yield _finding(
                "assessment.no-statutory-basis",
                where,
                f"the service identified the need {quoted(item.text)} but gives no law behind "
                "it; if a legal duty requires it, name the duty as its statutory basis; if not, "
                f"it is a choice for {p.name}: record it in {p.name}'s words, or as a suggestion "
                f"{p.they} can turn down",
            )
        if (
            item.kind is ItemKind.NEED
            and item.voice is Voice.SUPPORTER
            and item.id not in answering
            and blank(item.answer)
        ):
            who = next((m.name for m in plan.circle if m.id == item.raised_by), "a supporter")
            yield _finding(
                "assessment.need-unanswered",
                where,
                f"{isolate(who)} raised the need {quoted(item.text)} and nothing in the plan "
                f"answers it yet; agree with {p.name} what answers it (an outcome built on it, "
                "a goal, a safeguard or a line in the safety plan), and record the answer on "
                "the need, so the supporter is answered as well as heard",
            )


# -- outcomes and small goals --------------------------------------------------------------


def _outcomes(plan: Plan, today: date) -> Iterator[Finding]:
    p = Speaker(plan)
    own_words = (
        {item.id for item in plan.assessment.items if item.voice is Voice.PERSON}
        if plan.assessment is not None
        else set()
    )
    for i, outcome in enumerate(plan.outcomes):
        path = f"$.outcomes[{i}]"
        called = f"the outcome {quoted(outcome.statement)}"
        if outcome.status.is_open and not outcome.goals:
            yield _finding(
                "outcome.no-goals",
                path,
                f"{called} has no small goals; agree a first small step with {p.name}, so that "
                "progress can be seen and celebrated along the way",
            )
        if not own_words.intersection(outcome.based_on):
            yield _finding(
                "outcome.not-own-voice",
                f"{path}.based_on" if outcome.based_on else path,
                f"{called} is not based on anything {p.name} said in {p.their} own voice; base "
                f"it on a strength, hope, dream, aspiration or need in {p.name}'s words, or ask "
                f"{p.name} what {p.they} {p.want} from it and record that in the assessment",
            )
        if outcome.status.is_open and outcome.target_on is not None and outcome.target_on < today:
            yield _finding(
                "outcome.overdue",
                f"{path}.target_on",
                f"{called} was hoped for by {_day(outcome.target_on)} and is still "
                f"{_status(outcome.status)}; talk with {p.name} about what has been achieved "
                "so far, then mark it achieved or agree a new target date",
            )
        yield from _achievement(plan, outcome, path, called, today)


def _overdue(goal: Goal, today: date) -> bool:
    return goal.status.is_open and goal.due_on is not None and goal.due_on < today


def _goals(plan: Plan, today: date) -> Iterator[Finding]:
    """Small goals: an overdue goal is reported once, at the highest overdue goal, naming the
    overdue small steps inside it rather than repeating the finding for each of them."""
    p = Speaker(plan)
    covered: set[int] = set()
    for place in plan.walk_goals():
        goal = place.goal
        achieved = goal.status is Status.ACHIEVED
        if not (
            (goal.due_on is not None and _overdue(goal, today))
            or (achieved and (goal.achieved_on is None or blank(goal.celebration)))
            or (goal.achieved_on is not None and goal.achieved_on > today)
        ):
            continue  # nothing to say about it: most goals of a plan, and no words made
        called = f"the small goal {quoted(goal.statement)}"
        if goal.due_on is not None and _overdue(goal, today) and id(goal) not in covered:
            below = walk_goals(goal, place.path, outcome=place.outcome, depth=place.depth + 1)
            inside = [step.goal for step in below if _overdue(step.goal, today)]
            covered.update(id(g) for g in inside)
            also = ""
            if inside:
                steps = ", ".join(quoted(g.statement) for g in inside[:3])
                more = f" and {len(inside) - 3} more" if len(inside) > 3 else ""
                also = f" (and so {'is' if len(inside) == 1 else 'are'} {steps}{more} inside it)"
            yield _finding(
                "goal.overdue",
                f"{place.path}.due_on",
                f"{called} was due on {_day(goal.due_on)} and is still "
                f"{_status(goal.status)}{also}; if {p.name} has done it, mark it achieved and "
                f"celebrate it; if not, agree a new date or a smaller step with {p.them}",
            )
        yield from _achievement(plan, goal, place.path, called, today)
        if goal.status is Status.ACHIEVED and blank(goal.celebration):
            yield _finding(
                "goal.no-celebration",
                place.path,
                f"{called} is achieved and no celebration is recorded; ask {p.name} how "
                f"{p.they} would like to mark it (or how {p.they} did), and write it down: "
                "celebrating small steps is part of the plan",
            )


def _achievement(
    plan: Plan, part: Outcome | Goal, path: str, called: str, today: date
) -> Iterator[Finding]:
    """An achievement is acknowledged by its date: without one, the journey has a gap."""
    undated, in_future = _ACHIEVEMENT_CODES[type(part)]
    p = Speaker(plan)
    if part.status is Status.ACHIEVED and part.achieved_on is None:
        yield _finding(
            undated,
            path,
            f"{called} is achieved but has no date; add the day {p.name} achieved it, so the "
            "plan shows when progress was made",
        )
    if part.achieved_on is not None and part.achieved_on > today:
        yield _finding(
            in_future,
            f"{path}.achieved_on",
            f"{called} is recorded as achieved on {_day(part.achieved_on)}, which is after "
            f"today ({_day(today)}); correct the date, or leave it open until it has happened",
        )


# -- positive risk taking ------------------------------------------------------------------


def _risk_plans(plan: Plan, today: date) -> Iterator[Finding]:
    for r, risk in enumerate(plan.risk_plans):
        yield from _risk_plan(plan, risk, f"$.risk_plans[{r}]", today)


def _risk_plan(plan: Plan, risk: RiskPlan, path: str, today: date) -> Iterator[Finding]:
    p = Speaker(plan)
    called = f"the risk plan {quoted(risk.activity)}"
    if not risk.benefits:
        yield _finding(
            "risk.no-benefits",
            path,
            f"{called} records no benefits; positive risk taking starts from what {p.name} "
            f"gains by doing it, so ask {p.them} and list the benefits",
        )
    addressed = {ref for safeguard in risk.safeguards for ref in safeguard.addresses}
    for c, concern in enumerate(risk.concerns):
        if concern.id not in addressed:
            yield _finding(
                "risk.concern-unaddressed",
                f"{path}.concerns[{c}]",
                f"in {called}, no safeguard addresses the concern "
                f"{quoted(concern.description)}; agree with {p.name} what would make it safer "
                "and who does it, and mark that safeguard as addressing this concern",
            )
    if blank(risk.persons_view):
        yield _finding(
            "risk.no-persons-view",
            path,
            f"{called} does not record {p.name}'s own view; ask {p.name} what {p.they} "
            f"{p.think} about the risks and the plan, and write it down in {p.their} words",
        )
    if risk.capacity is None:
        yield _finding(
            "risk.no-capacity",
            path,
            f"{called} does not say whether {p.name} has capacity for this decision; record "
            'the capacity status (or "not assessed") with a note of how it was considered',
        )
    if blank(risk.contingency):
        yield _finding(
            "risk.no-contingency",
            path,
            f"{called} has no contingency; agree with {p.name} what happens if things go "
            "wrong, so that everyone knows what to do",
        )
    yield from _decision(plan, risk, path, called)
    if risk.review_on is None:
        yield _finding(
            "risk.no-review-date",
            path,
            f"{called} has no review date; agree with {p.name} when you will look at how it "
            "is going, and set the date",
        )
    elif risk.review_on < today:
        yield _finding(
            "risk.overdue",
            f"{path}.review_on",
            f"{called} was due for review on {_day(risk.review_on)}; review it with {p.name} "
            "(what happened, what was learned, the next step up) and set the next review date",
        )


def _decision(plan: Plan, risk: RiskPlan, path: str, called: str) -> Iterator[Finding]:
    p = Speaker(plan)
    decision = risk.decision
    if decision is None:
        yield _finding(
            "risk.no-decision",
            path,
            f"{called} records no decision; record what was decided with {p.name}, when, and "
            "who agreed (and anyone who did not)",
        )
        return
    lacks_capacity = (
        risk.capacity is not None and risk.capacity.status is CapacityStatus.LACKS_CAPACITY
    )
    took_part = "person" in decision.agreed_by or any(d.by == "person" for d in decision.dissent)
    if decision.status in AGREED and not took_part and not lacks_capacity:
        yield _finding(
            "risk.decided-without-person",
            f"{path}.decision",
            f"{called} was agreed without {p.name}: {p.they} {p.are} not among those who "
            f"agreed or disagreed; positive risk taking is decided with {p.name}, so record "
            f"{p.them} as agreeing once {p.they} {p.do}, or record {p.their} view as dissent",
        )


# -- the safety plan -------------------------------------------------------------------------

_ROUND_THE_CLOCK = re.compile(
    r"\b24\s*(?:/\s*7|-?\s*hours?|hr)\b|\bany\s*time\b|\bday\s+(?:and|or)\s+night\b"
    r"|\bround[- ]the[- ]clock\b|\bout[- ]of[- ]hours\b|\bemergency\b",
    re.IGNORECASE,
)
"""Words that say a line answers at any hour: "24 hours", "24/7", "any time", "out of hours"."""

_REACHABLE = re.compile(r"\d{3}|@|https?://|www\.", re.IGNORECASE)
"""What a way to reach someone has: a number (three digits or more), an e-mail or web address."""


def _safety_plan(plan: Plan) -> Iterator[Finding]:
    safety = plan.safety_plan
    if safety is None or not has_safety_plan(plan):
        return
    p = Speaker(plan)
    members = {member.id: member for member in plan.circle}
    for i, ref in enumerate(safety.people_to_ask):
        member = members.get(ref)
        if member is not None and (member.contact is None or not _REACHABLE.search(member.contact)):
            yield _finding(
                "safety.contact-unreachable",
                f"$.safety_plan.people_to_ask[{i}]",
                f"{isolate(member.name)} is one of the people {p.name} can ask for help in "
                f"{p.their} safety plan, but the plan has no number or address for "
                f"{isolate(member.name)}; ask {p.name} for it and add it to "
                f"{isolate(member.name)}'s details in the circle, so it is there in a crisis",
            )
    for i, line in enumerate(safety.professionals):
        if not _REACHABLE.search(line.contact):
            yield _finding(
                "safety.contact-unreachable",
                f"$.safety_plan.professionals[{i}].contact",
                f"{quoted(line.name)} in {p.name}'s safety plan has no number or address to "
                "call or write to; add one, so it can be used in a crisis",
            )
    own = [f"{line.name} {line.contact}" for line in safety.professionals]
    if not any(_ROUND_THE_CLOCK.search(text) for text in own) and not _organisation_lines(plan):
        yield _finding(
            "safety.no-round-the-clock-contact",
            "$.safety_plan.professionals" if safety.professionals else "$.safety_plan",
            f"nothing in {p.name}'s safety plan can be reached at any hour; add an emergency "
            f"or 24-hour line {p.name} can call at night and at weekends (say so in its "
            'name or contact: "24 hours", "out of hours"), or have your organisation\'s '
            "plugin provide its crisis lines",
        )


def _organisation_lines(plan: Plan) -> bool:
    """Whether the organisation's plugins give crisis lines (which answer at any hour).

    Imported when called: the plugin manager imports this module as a built-in plugin.
    """
    from ..plugins import organisation_crisis_lines

    return bool(organisation_crisis_lines(plan))


# -- reviews -------------------------------------------------------------------------------


def _reviews(plan: Plan, today: date) -> Iterator[Finding]:
    p = Speaker(plan)
    if plan.next_review_on is None:
        yield _finding(
            "review.not-scheduled",
            "$",
            f"no date is set for the next review of the plan; agree one with {p.name} and "
            "write it in the plan",
        )
    elif plan.next_review_on < today:
        yield _finding(
            "review.overdue",
            "$.next_review_on",
            f"the plan was due for review on {_day(plan.next_review_on)}; arrange a review "
            f"with {p.name} and the people {p.they} {p.want} there, and set the next date",
        )
    for i, review in enumerate(plan.reviews):
        if "person" not in review.attendees:
            yield _finding(
                "review.without-person",
                child_path(f"$.reviews[{i}]", json_key(Review, "attendees"))
                if review.attendees
                else f"$.reviews[{i}]",
                f"{p.name} is not recorded at the review on {_day(review.on)}; people review "
                f"their own plans, so add {p.name} to who was there if {p.they} {p.was}, or go "
                f"over the review with {p.name} and note what {p.they} said",
            )
    yield from _decisions(plan)


def _decisions(plan: Plan) -> Iterator[Finding]:
    """The latest review's decisions that the plan, edited since, no longer agrees with."""
    for found in disagreements(plan):
        part, decision = found.part, found.decision
        what = f"the {_KIND_OF[type(part)]} {part.id!r}"
        held = f"the review on {_day(found.review.on)}"
        field = json_key(type(part), found.field)
        if found.field != "status":
            current: date | None = getattr(part, found.field)
            now = _day(current) if current is not None else "not set"
            due = _day(decision.due_on) if decision.due_on is not None else "a new date"
            message = (
                f"{held} moved {what} to {due}, but its {field} is now {now}; set it to "
                f"{due} if that still stands, or record the new date at the next review"
            )
        elif not isinstance(part, RiskPlan):
            message = (
                f"{held} decided {what} was {_DECIDED[decision.decision]}, but its status is "
                f"{_status(part.status)!r}; {_FIX[decision.decision]}"
            )
        else:  # pragma: no cover - a risk plan has no status to disagree with
            continue
        written = getattr(part, found.field) is not None
        path = child_path(found.path, field) if written else found.path
        yield _finding("review.decision-disagrees", path, message)


_KIND_OF: dict[type, str] = {Goal: "small goal", Outcome: "outcome", RiskPlan: "risk plan"}

_DECIDED = {
    DecisionKind.ACHIEVED: "achieved",
    DecisionKind.CLOSED: "to be closed",
    DecisionKind.CARRIED_ON: "to be carried on",
    DecisionKind.SMALLER_STEP: "to go on with a smaller step",
    DecisionKind.NEW_DATE: "to have a new date",
}

_FIX = {
    DecisionKind.ACHIEVED: "if it was achieved, set its status to achieved with the date; if "
    "not, correct the review's decision",
    DecisionKind.CLOSED: "set its status to dropped (or achieved or not achieved, whichever is "
    "true), or correct the review's decision",
    DecisionKind.CARRIED_ON: "if it has been closed since, say why at the next review; if not, "
    "set its status back to active",
    DecisionKind.SMALLER_STEP: "if it has been closed since, say why at the next review; if "
    "not, set its status back to active",
    DecisionKind.NEW_DATE: "open it again with the new date, or correct the review's decision",
}


def _finding(code: str, path: str, message: str) -> Finding:
    return Finding(CODES[code], code, path, message)


# -- wording -------------------------------------------------------------------------------


def _status(status: Status) -> str:
    return status.value.replace("-", " ")
