"""Practice checks: what the SRI 2 action plans asked services to get right, every time.

None of these stops a plan from being used, so each is a warning (or a note): a plan can be
shared while its team works on them. They look for what recovery-focused practice needs to see:
the person's own words behind every outcome, small goals so that progress can be celebrated,
strengths as well as needs, duties kept apart from choices, positive risk taking that is
planned *with* the person, and plans that are reviewed when they said they would be. Messages
say what can be done next, not what is wrong with anyone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .._fields import child_path, key_of
from ..assessment import ItemKind, Voice
from ..findings import Finding, FindingSeverity
from ..goals import Goal, Outcome, Status
from ..hookspecs import hookimpl
from ..people import Role
from ..plan import Plan
from ..reviews import Review
from ..risk import CapacityStatus, DecisionStatus, RiskPlan
from ..textformats import friendly_date as _day
from ..textformats import isolate

__all__ = ["CODES", "validate_plan"]

CODES: dict[str, FindingSeverity] = {
    "circle.no-informal-support": "info",
    "assessment.missing": "warning",
    "assessment.no-strengths": "warning",
    "assessment.no-statutory-basis": "warning",
    "outcome.no-goals": "warning",
    "outcome.not-own-voice": "warning",
    "outcome.overdue": "warning",
    "outcome.achieved-undated": "warning",
    "outcome.achieved-in-future": "warning",
    "goal.overdue": "warning",
    "goal.achieved-undated": "warning",
    "goal.achieved-in-future": "warning",
    "risk.no-benefits": "warning",
    "risk.concern-unaddressed": "warning",
    "risk.no-persons-view": "warning",
    "risk.no-capacity": "warning",
    "risk.no-contingency": "warning",
    "risk.no-decision": "warning",
    "risk.decided-without-person": "warning",
    "risk.no-review-date": "warning",
    "risk.overdue": "warning",
    "review.not-scheduled": "warning",
    "review.overdue": "warning",
    "review.without-person": "warning",
}
"""Every code these checks can report, with its severity (``docs/checks.md`` explains each)."""

_ACHIEVEMENT_CODES = {
    Outcome: ("outcome.achieved-undated", "outcome.achieved-in-future"),
    Goal: ("goal.achieved-undated", "goal.achieved-in-future"),
}

INFORMAL_ROLES = frozenset({Role.CARER, Role.FAMILY, Role.FRIEND, Role.PEER})
"""Circle roles that are informal support, the involvement SRI 2 found hardest to achieve."""

AGREED = frozenset({DecisionStatus.AGREED, DecisionStatus.AGREED_WITH_CHANGES})


@hookimpl
def validate_plan(plan: Plan, today: date) -> list[Finding]:
    return [
        *_circle(plan),
        *_assessment(plan),
        *_outcomes(plan, today),
        *_goals(plan, today),
        *_risk_plans(plan, today),
        *_reviews(plan, today),
    ]


# -- circle and assessment -----------------------------------------------------------------


def _circle(plan: Plan) -> Iterator[Finding]:
    if any(member.role in INFORMAL_ROLES for member in plan.circle):
        return
    name = _called(plan)
    yield _finding(
        "circle.no-informal-support",
        "$.circle" if plan.circle else "$",
        f"nobody in {name}'s circle is a carer, family member, friend or peer; ask {name} "
        "whether there is someone they would like to involve, and add them to the circle "
        "(they see nothing of the plan unless the person agrees to share it)",
    )


def _assessment(plan: Plan) -> Iterator[Finding]:
    name = _called(plan)
    if plan.assessment is None:
        yield _finding(
            "assessment.missing",
            "$",
            f"the plan has no assessment; sit down with {name} and record their strengths, "
            "needs, hopes, dreams and aspirations in their own words, so that outcomes can be "
            "built on them",
        )
        return
    items = plan.assessment.items
    if not any(item.kind is ItemKind.STRENGTH for item in items):
        found = "records nothing yet" if not items else "records no strengths"
        yield _finding(
            "assessment.no-strengths",
            "$.assessment",
            f"the assessment {found}; ask {name} what they are good at, what they enjoy and "
            "what has helped before, and record those strengths so the plan can build on them",
        )
    for i, item in enumerate(items):
        if (
            item.kind is ItemKind.NEED
            and item.voice is Voice.SERVICE
            and _blank(item.statutory_basis)
        ):
            yield _finding(
                "assessment.no-statutory-basis",
                f"$.assessment.items[{i}]",
                f"the service identified the need {_quoted(item.text)} ({item.id}) but gives "
                "no statutory basis; if a legal duty requires it, name the duty in "
                "statutory_basis; if not, it is a choice for "
                f"{name}: record it in {name}'s words, or as a suggestion they can turn down",
            )


# -- outcomes and small goals --------------------------------------------------------------


def _outcomes(plan: Plan, today: date) -> Iterator[Finding]:
    name = _called(plan)
    own_words = (
        {item.id for item in plan.assessment.items if item.voice is Voice.PERSON}
        if plan.assessment is not None
        else set()
    )
    for i, outcome in enumerate(plan.outcomes):
        path = f"$.outcomes[{i}]"
        called = f"the outcome {_quoted(outcome.statement)} ({outcome.id})"
        if outcome.status.is_open and not outcome.goals:
            yield _finding(
                "outcome.no-goals",
                path,
                f"{called} has no small goals; agree a first small step with {name}, so that "
                "progress can be seen and celebrated along the way",
            )
        if not own_words.intersection(outcome.based_on):
            yield _finding(
                "outcome.not-own-voice",
                f"{path}.based_on" if outcome.based_on else path,
                f"{called} is not based on anything {name} said in their own voice; link it "
                f"in based_on to a strength, hope, dream, aspiration or need in {name}'s words, "
                f"or ask {name} what they want from it and record that in the assessment",
            )
        if outcome.status.is_open and outcome.target_on is not None and outcome.target_on < today:
            yield _finding(
                "outcome.overdue",
                f"{path}.target_on",
                f"{called} was hoped for by {_day(outcome.target_on)} and is still "
                f"{_status(outcome.status)}; talk with {name} about what has been achieved so "
                "far, then mark it achieved or agree a new target date",
            )
        yield from _achievement(plan, outcome, path, called, today)


def _goals(plan: Plan, today: date) -> Iterator[Finding]:
    name = _called(plan)
    for place in plan.walk_goals():
        goal = place.goal
        called = f"the small goal {_quoted(goal.statement)} ({goal.id})"
        if goal.status.is_open and goal.due_on is not None and goal.due_on < today:
            yield _finding(
                "goal.overdue",
                f"{place.path}.due_on",
                f"{called} was due on {_day(goal.due_on)} and is still {_status(goal.status)}; "
                f"if {name} has done it, mark it achieved and celebrate it; if not, agree a new "
                "date or a smaller step with them",
            )
        yield from _achievement(plan, goal, place.path, called, today)


def _achievement(
    plan: Plan, part: Outcome | Goal, path: str, called: str, today: date
) -> Iterator[Finding]:
    """An achievement is acknowledged by its date: without one, the journey has a gap."""
    undated, in_future = _ACHIEVEMENT_CODES[type(part)]
    if part.status is Status.ACHIEVED and part.achieved_on is None:
        yield _finding(
            undated,
            path,
            f"{called} is achieved but has no achieved_on date; add the day "
            f"{_called(plan)} achieved it, so the plan shows when progress was made",
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
    name = _called(plan)
    called = f"the risk plan {_quoted(risk.activity)} ({risk.id})"
    if not risk.benefits:
        yield _finding(
            "risk.no-benefits",
            path,
            f"{called} records no benefits; positive risk taking starts from what {name} "
            "gains by doing it, so ask them and list the benefits",
        )
    addressed = {ref for safeguard in risk.safeguards for ref in safeguard.addresses}
    for c, concern in enumerate(risk.concerns):
        if concern.id not in addressed:
            yield _finding(
                "risk.concern-unaddressed",
                f"{path}.concerns[{c}]",
                f"no safeguard addresses the concern {_quoted(concern.description)} "
                f"({concern.id}); agree with {name} what would make it safer and who does it, "
                f"and list {concern.id!r} in that safeguard's addresses",
            )
    if _blank(risk.persons_view):
        yield _finding(
            "risk.no-persons-view",
            path,
            f"{called} does not record {name}'s own view; ask {name} what they think about "
            "the risks and the plan, and write it down in their words",
        )
    if risk.capacity is None:
        yield _finding(
            "risk.no-capacity",
            path,
            f"{called} does not say whether {name} has capacity for this decision; record "
            'the capacity status (or "not-assessed") with a note of how it was considered',
        )
    if _blank(risk.contingency):
        yield _finding(
            "risk.no-contingency",
            path,
            f"{called} has no contingency; agree with {name} what happens if things go wrong, "
            "so that everyone knows what to do",
        )
    yield from _decision(plan, risk, path, called)
    if risk.review_on is None:
        yield _finding(
            "risk.no-review-date",
            path,
            f"{called} has no review date; agree with {name} when you will look at how it is "
            "going, and set review_on",
        )
    elif risk.review_on < today:
        yield _finding(
            "risk.overdue",
            f"{path}.review_on",
            f"{called} was due for review on {_day(risk.review_on)}; review it with {name} "
            "(what went well, what to change) and set the next review date",
        )


def _decision(plan: Plan, risk: RiskPlan, path: str, called: str) -> Iterator[Finding]:
    name = _called(plan)
    decision = risk.decision
    if decision is None:
        yield _finding(
            "risk.no-decision",
            path,
            f"{called} records no decision; record what was decided with {name}, when, and "
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
            f"{called} was agreed without {name}: they are not in agreed_by or dissent; "
            f'positive risk taking is decided with {name}, so add "person" to agreed_by once '
            "they agree, or record their view as dissent",
        )


# -- reviews -------------------------------------------------------------------------------


def _reviews(plan: Plan, today: date) -> Iterator[Finding]:
    name = _called(plan)
    if plan.next_review_on is None:
        yield _finding(
            "review.not-scheduled",
            "$",
            f"no date is set for the next review of the plan; agree one with {name} and set "
            "next_review_on",
        )
    elif plan.next_review_on < today:
        yield _finding(
            "review.overdue",
            "$.next_review_on",
            f"the plan was due for review on {_day(plan.next_review_on)}; arrange a review "
            f"with {name} and the people they want there, and set the next date",
        )
    for i, review in enumerate(plan.reviews):
        if "person" not in review.attendees:
            yield _finding(
                "review.without-person",
                child_path(f"$.reviews[{i}]", key_of(Review, "attendees"))
                if review.attendees
                else f"$.reviews[{i}]",
                f"{name} is not recorded at the review on {_day(review.on)}; people review "
                f'their own plans, so add "person" to with if they were there, or go over the '
                f"review with {name} and note what they said",
            )


def _called(plan: Plan) -> str:
    """The person's name for a message, isolated for bidirectional display."""
    return isolate(plan.person.called)


def _finding(code: str, path: str, message: str) -> Finding:
    return Finding(CODES[code], code, path, message)


# -- wording -------------------------------------------------------------------------------


def _quoted(text: str, limit: int = 60) -> str:
    shown = " ".join(text.split())
    if len(shown) > limit:
        shown = shown[: limit - 3].rstrip() + "..."
    return f'"{isolate(shown)}"'


def _status(status: Status) -> str:
    return status.value.replace("-", " ")


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()
