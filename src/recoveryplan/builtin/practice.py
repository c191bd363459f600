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
from collections.abc import Iterator, Mapping
from datetime import date
from functools import partial

from .._fields import child_path, json_key
from ..assessment import ItemKind, Voice
from ..findings import Finding, FindingSeverity
from ..goals import Goal, Outcome
from ..hookspecs import hookimpl
from ..messages import N_
from ..messages import day as _day
from ..messages import gettext as _
from ..plan import Plan, derived_from, parts_by_id
from ..review_decisions import disagreements
from ..reviews import DecisionKind, Review
from ..risk import RiskPlan
from ..textformats import isolate
from ..views import has_safety_plan
from ._circle import circle_findings
from ._goals import goal_findings, outcome_findings
from ._risk_plans import risk_plan_findings
from ._wording import Speaker, blank, quoted
from ._wording import status_words as _status

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


@hookimpl
def validate_plan(plan: Plan, today: date) -> list[Finding]:
    return [
        *(_finding(*found) for found in circle_findings(plan)),
        *_assessment(plan),
        *(_finding(*found) for found in outcome_findings(plan, today)),
        *(_finding(*found) for found in goal_findings(plan, today)),
        *(_finding(*found) for found in risk_plan_findings(plan, today)),
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
            # Translators: %(name)s is the person's name;
            # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
            # English grammar: a translation may leave them out and use %(name)s instead.
            _(
                "the plan has no assessment; sit down with %(name)s and record %(their)s "
                "strengths, needs, hopes, dreams and aspirations in %(their)s own words, so that "
                "outcomes can be built on them"
            )
            % p.words,
        )
        return
    items = plan.assessment.items
    if not any(item.kind is ItemKind.STRENGTH for item in items):
        # Translators: %(name)s is the person's name;
        # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
        # English grammar: a translation may leave them out and use %(name)s instead.
        nothing = _(
            "the assessment records nothing yet; ask %(name)s what %(they)s %(are)s good at, "
            "what %(they)s %(enjoy)s and what has helped before, and record those strengths so "
            "the plan can build on them"
        )
        # Translators: %(name)s is the person's name;
        # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
        # English grammar: a translation may leave them out and use %(name)s instead.
        no_strengths = _(
            "the assessment records no strengths; ask %(name)s what %(they)s %(are)s good at, "
            "what %(they)s %(enjoy)s and what has helped before, and record those strengths so "
            "the plan can build on them"
        )
        yield _finding(
            "assessment.no-strengths",
            "$.assessment",
            (no_strengths if items else nothing) % p.words,
        )
    answering = {ref for outcome in plan.outcomes for ref in outcome.based_on}
    for i, item in enumerate(items):
        if item.kind is not ItemKind.NEED:
            continue  # only a need can lack a basis or an answer: most items, and no path made
        where = f"$.assessment.items[{i}]"
        if item.voice is Voice.SERVICE and blank(item.statutory_basis):
            yield _finding(
                "assessment.no-statutory-basis",
                where,
                # Translators: %(need)s is the need, quoted from the plan.
                # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
                # English grammar: a translation may leave them out and use %(name)s instead.
                _(
                    "the service identified the need %(need)s but gives no law behind it; if a "
                    "legal duty requires it, name the duty as its statutory basis; if not, it is "
                    "a choice for %(name)s: record it in %(name)s's words, or as a suggestion "
                    "%(they)s can turn down"
                )
                % {**p.words, "need": quoted(item.text)},
            )
        if item.voice is Voice.SUPPORTER and item.id not in answering and blank(item.answer):
            who = next((m.name for m in plan.circle if m.id == item.raised_by), None)
            yield _finding(
                "assessment.need-unanswered",
                where,
                # Translators: %(supporter)s is the supporter's name; %(need)s the need, quoted.
                _(
                    "%(supporter)s raised the need %(need)s and nothing in the plan answers it "
                    "yet; agree with %(name)s what answers it (an outcome built on it, a goal, a "
                    "safeguard or a line in the safety plan), and record the answer on the need, "
                    "so the supporter is answered as well as heard"
                )
                % {
                    **p.words,
                    "supporter": isolate(who if who is not None else _("a supporter")),
                    "need": quoted(item.text),
                },
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
                # Translators: %(member)s is the circle member's name.
                # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
                # English grammar: a translation may leave them out and use %(name)s instead.
                _(
                    "%(member)s is one of the people %(name)s can ask for help in %(their)s "
                    "safety plan, but the plan has no number or address for %(member)s; ask "
                    "%(name)s for it and add it to %(member)s's details in the circle, so it is "
                    "there in a crisis"
                )
                % {**p.words, "member": isolate(member.name)},
            )
    for i, line in enumerate(safety.professionals):
        if not _REACHABLE.search(line.contact):
            yield _finding(
                "safety.contact-unreachable",
                f"$.safety_plan.professionals[{i}].contact",
                # Translators: %(line)s is the professional's name, quoted from the plan.
                _(
                    "%(line)s in %(name)s's safety plan has no number or address to call or "
                    "write to; add one, so it can be used in a crisis"
                )
                % {**p.words, "line": quoted(line.name)},
            )
    own = [f"{line.name} {line.contact}" for line in safety.professionals]
    if not any(_ROUND_THE_CLOCK.search(text) for text in own) and not _organisation_lines(plan):
        yield _finding(
            "safety.no-round-the-clock-contact",
            "$.safety_plan.professionals" if safety.professionals else "$.safety_plan",
            # Translators: %(name)s is the person's name;
            # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
            # English grammar: a translation may leave them out and use %(name)s instead.
            _(
                "nothing in %(name)s's safety plan can be reached at any hour; add an emergency "
                "or 24-hour line %(name)s can call at night and at weekends (say so in its "
                'name or contact: "24 hours", "out of hours"), or have your organisation\'s '
                "plugin provide its crisis lines"
            )
            % p.words,
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
            # Translators: %(name)s is the person's name;
            # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
            # English grammar: a translation may leave them out and use %(name)s instead.
            _(
                "no date is set for the next review of the plan; agree one with %(name)s and "
                "write it in the plan"
            )
            % p.words,
        )
    elif plan.next_review_on < today:
        yield _finding(
            "review.overdue",
            "$.next_review_on",
            # Translators: %(name)s is the person's name;
            # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
            # English grammar: a translation may leave them out and use %(name)s instead.
            _(
                "the plan was due for review on %(date)s; arrange a review with %(name)s and "
                "the people %(they)s %(want)s there, and set the next date"
            )
            % {**p.words, "date": _day(plan.next_review_on)},
        )
    for i, review in enumerate(plan.reviews):
        if "person" not in review.attendees:
            yield _finding(
                "review.without-person",
                child_path(f"$.reviews[{i}]", json_key(Review, "attendees"))
                if review.attendees
                else f"$.reviews[{i}]",
                # Translators: %(name)s is the person's name;
                # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
                # English grammar: a translation may leave them out and use %(name)s instead.
                _(
                    "%(name)s is not recorded at the review on %(date)s; people review their "
                    "own plans, so add %(name)s to who was there if %(they)s %(was)s, or go over "
                    "the review with %(name)s and note what %(they)s said"
                )
                % {**p.words, "date": _day(review.on)},
            )
    yield from _decisions(plan)


def _decisions(plan: Plan) -> Iterator[Finding]:
    """The latest review's decisions that the plan, edited since, no longer agrees with."""
    for found in disagreements(plan, parts=partial(_parts_once, plan)):
        part, decision = found.part, found.decision
        words = {
            "what": _(_KIND_OF[type(part)]) % {"id": repr(part.id)},
            "date": _day(found.review.on),
        }
        field = json_key(type(part), found.field)
        if found.field != "status":
            current: date | None = getattr(part, found.field)
            # Translators: %(what)s names the part ("the small goal 'g-walk'"); %(field)s is
            # the name of a field of the plan's format, as written; %(due)s and %(now)s are
            # dates, or the words "a new date" and "not set".
            message = _(
                "the review on %(date)s moved %(what)s to %(due)s, but its %(field)s is now "
                "%(now)s; set it to %(due)s if that still stands, or record the new date at the "
                "next review"
            ) % {
                **words,
                "field": field,
                "now": _day(current) if current is not None else _("not set"),
                "due": _day(decision.due_on) if decision.due_on is not None else _("a new date"),
            }
        elif not isinstance(part, RiskPlan):
            message = _(_DECIDED[decision.decision]) % {
                **words,
                "status": repr(_status(part.status)),
            }
        else:  # pragma: no cover - a risk plan has no status to disagree with
            continue
        written = getattr(part, found.field) is not None
        path = child_path(found.path, field) if written else found.path
        yield _finding("review.decision-disagrees", path, message)


def _parts_once(plan: Plan) -> Mapping[str, object] | None:
    """The plan's parts by id, or ``None`` when an id is used twice."""
    parts = parts_by_id(plan)
    return parts if len(parts) == derived_from(plan)["parts"] else None


_KIND_OF: dict[type, str] = {
    # Translators: %(id)s is the part's id in the plan, quoted.
    Goal: N_("the small goal %(id)s"),
    # Translators: %(id)s is the part's id in the plan, quoted.
    Outcome: N_("the outcome %(id)s"),
    # Translators: %(id)s is the part's id in the plan, quoted.
    RiskPlan: N_("the risk plan %(id)s"),
}

# Translators: %(what)s names the part ("the small goal 'g-walk'"); %(status)s is its
# status, quoted ('active', 'on hold', 'dropped' ...).
_DECIDED = {
    DecisionKind.ACHIEVED: N_(
        "the review on %(date)s decided %(what)s was achieved, but its status is %(status)s; "
        "if it was achieved, set its status to achieved with the date; if not, correct the "
        "review's decision"
    ),
    DecisionKind.CLOSED: N_(
        "the review on %(date)s decided %(what)s was to be closed, but its status is "
        "%(status)s; set its status to dropped (or achieved or not achieved, whichever is "
        "true), or correct the review's decision"
    ),
    DecisionKind.CARRIED_ON: N_(
        "the review on %(date)s decided %(what)s was to be carried on, but its status is "
        "%(status)s; if it has been closed since, say why at the next review; if not, set its "
        "status back to active"
    ),
    DecisionKind.SMALLER_STEP: N_(
        "the review on %(date)s decided %(what)s was to go on with a smaller step, but its "
        "status is %(status)s; if it has been closed since, say why at the next review; if "
        "not, set its status back to active"
    ),
    DecisionKind.NEW_DATE: N_(
        "the review on %(date)s decided %(what)s was to have a new date, but its status is "
        "%(status)s; open it again with the new date, or correct the review's decision"
    ),
}
"""What a review decided, and the plan no longer agrees with, and how to put it right."""


def _finding(code: str, path: str, message: str) -> Finding:
    return Finding(CODES[code], code, path, message)
