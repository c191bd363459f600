"""One plan as rows of the caseload tables: counts, dates, codes and roles, never words.

Every function here is pure and takes a :class:`~recoveryplan.Plan` and a :class:`Keys`; none
needs pyarrow or DuckDB, so Spark (or any other engine) can call :func:`plan_rows` per plan
and write the same tables. What a row holds is chosen for least disclosure: no name, contact,
date of birth, id written by a person or free text reaches a row. The person and the plan are
known only by a keyed hash (HMAC-SHA256) whose key the service keeps, so next month's tables
join this month's without naming anyone, and nobody without the key can go from a person's
record number to their rows. Plan dates (reviews, due dates, ratings) are kept: the
indicators are about them, and without a name or birth date they do not say who anyone is.
Parts are known by their position in the plan (``goal_index``), never by their ids, which
people write and which can hold words.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from typing import Any, Final

import attrs

from ..assessment import ItemKind, Voice
from ..audience import shared_sections
from ..findings import Finding
from ..goals import Goal, Outcome, Status
from ..messages import gettext as _
from ..people import Role
from ..plan import Plan
from ..plugins import frameworks
from ..risk import RiskPlan

__all__ = [
    "INFORMAL",
    "SCHEMA",
    "TABLES",
    "Keys",
    "circle_rows",
    "finding_rows",
    "goal_rows",
    "plan_row",
    "plan_rows",
    "rating_rows",
    "review_rows",
    "risk_plan_rows",
    "safeguard_rows",
]

Row = dict[str, Any]

INFORMAL: Final = frozenset({Role.CARER, Role.FAMILY, Role.FRIEND})
"""The roles SRI 2 calls informal carers: family, friends and unpaid carers (not staff,
professionals, peers or advocates)."""

# Each table's columns as (name, type); types are "string", "int", "bool" and "date". The
# writer turns these into the Parquet schema, so a column that is always null in one batch has
# the same type as in every other batch and every month's files.
SCHEMA: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "plans": (
        ("plan_key", "string"),
        ("person_key", "string"),
        ("framework", "string"),
        ("created_on", "date"),
        ("next_review_on", "date"),
        ("has_assessment", "bool"),
        ("assessment_on", "date"),
        ("assessment_items", "int"),
        ("strengths", "int"),
        ("first_item_is_strength", "bool"),
        ("person_voice_items", "int"),
        ("needs", "int"),
        ("service_needs", "int"),
        ("service_needs_with_basis", "int"),
        ("circle_size", "int"),
        ("has_safety_plan", "bool"),
        ("safety_sections", "int"),
        ("safety_sections_filled", "int"),
        ("reviews", "int"),
        ("last_review_on", "date"),
        ("sharing_entries", "int"),
    ),
    "goals": (
        ("plan_key", "string"),
        ("goal_index", "int"),
        ("kind", "string"),
        ("outcome_index", "int"),
        ("depth", "int"),
        ("domain", "string"),
        ("status", "string"),
        ("due_on", "date"),
        ("achieved_on", "date"),
        ("has_celebration", "bool"),
        ("support_actions", "int"),
        ("small_goals", "int"),
        ("based_on", "int"),
        ("based_on_person_voice", "int"),
    ),
    "ratings": (
        ("plan_key", "string"),
        ("person_key", "string"),
        ("domain", "string"),
        ("rated_on", "date"),
        ("value", "int"),
        ("by_person", "bool"),
        ("series_length", "int"),
        ("series_first_value", "int"),
        ("is_latest", "bool"),
    ),
    "risk_plans": (
        ("plan_key", "string"),
        ("risk_index", "int"),
        ("supports_aims", "int"),
        ("benefits", "int"),
        ("has_if_not_done", "bool"),
        ("concerns", "int"),
        ("concerns_unaddressed", "int"),
        ("has_persons_view", "bool"),
        ("capacity_status", "string"),
        ("safeguards", "int"),
        ("has_contingency", "bool"),
        ("decision_status", "string"),
        ("decision_on", "date"),
        ("agreed_by", "int"),
        ("dissents", "int"),
        ("review_on", "date"),
    ),
    "safeguards": (
        ("plan_key", "string"),
        ("risk_index", "int"),
        ("safeguard_index", "int"),
        ("by_role", "string"),
        ("addresses", "int"),
    ),
    "circle": (
        ("plan_key", "string"),
        ("member_index", "int"),
        ("role", "string"),
        ("informal", "bool"),
        ("consented", "bool"),
        ("sections_shared", "int"),
        ("consented_on", "date"),
        ("reviews_attended", "int"),
        ("needs_raised", "int"),
        ("needs_answered", "int"),
    ),
    "reviews": (
        ("plan_key", "string"),
        ("review_index", "int"),
        ("reviewed_on", "date"),
        ("person_present", "bool"),
        ("attendees", "int"),
        ("informal_present", "int"),
    ),
    "findings": (
        ("plan_key", "string"),
        ("severity", "string"),
        ("code", "string"),
        ("section", "string"),
    ),
}

TABLES: Final = tuple(SCHEMA)
"""The table names, in the order they are written."""

SAFETY_SECTIONS: Final = (
    "warning_signs",
    "coping_strategies",
    "distractions",
    "people_to_ask",
    "professionals",
    "safer_environment",
    "reasons_for_living",
)
"""The six steps of a safety plan and the person's reasons for living: all seven filled is a
complete safety plan."""


class Keys:
    """The pseudonymous keys for people and plans: HMAC-SHA256 with the service's secret.

    The secret is held in memory only. The same secret gives the same keys every month, so
    tables join across months; a different service's secret gives unrelated keys.
    """

    __slots__ = ("_secret",)

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 16:
            raise ValueError(_("the report key must be at least 16 bytes"))
        self._secret = secret

    def __repr__(self) -> str:
        return "Keys(<secret>)"

    def __reduce__(self) -> tuple[type[Keys], tuple[bytes]]:
        return (Keys, (self._secret,))

    def _hash(self, kind: str, value: str) -> str:
        message = f"{kind}\0{value}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def person(self, person_id: str) -> str:
        return self._hash("person", person_id)

    def plan(self, plan_id: str) -> str:
        return self._hash("plan", plan_id)


def plan_rows(plan: Plan, keys: Keys, findings: list[Finding]) -> dict[str, list[Row]]:
    """Every table's rows for one plan (``findings`` are what :func:`validate` said of it).

    The framework and domain columns hold only ids that a registered framework gives: a
    plan naming anything else has errors and is not counted, but its words are not written
    even by a caller that counts it.
    """
    plan_key = keys.plan(plan.id)
    person_key = keys.person(plan.person.id)
    registered = frameworks().get(plan.framework)
    row = plan_row(plan, plan_key, person_key)
    if registered is None:
        row["framework"] = None
    domains = frozenset(registered.domain_ids if registered is not None else ())
    return {
        "plans": [row],
        "goals": [_registered(row, domains) for row in goal_rows(plan, plan_key)],
        "ratings": [_registered(row, domains) for row in rating_rows(plan, plan_key, person_key)],
        "risk_plans": list(risk_plan_rows(plan, plan_key)),
        "safeguards": list(safeguard_rows(plan, plan_key)),
        "circle": list(circle_rows(plan, plan_key)),
        "reviews": list(review_rows(plan, plan_key)),
        "findings": list(finding_rows(findings, plan_key)),
    }


def _registered(row: Row, domains: frozenset[str]) -> Row:
    """The row with its domain kept only when the plan's framework registers it."""
    if row["domain"] is not None and row["domain"] not in domains:
        return {**row, "domain": None}
    return row


def plan_row(plan: Plan, plan_key: str, person_key: str) -> Row:
    items = plan.assessment.items if plan.assessment is not None else ()
    safety = plan.safety_plan
    filled = sum(1 for name in SAFETY_SECTIONS if safety is not None and getattr(safety, name))
    needs = [item for item in items if item.kind is ItemKind.NEED]
    service_needs = [item for item in needs if item.voice is Voice.SERVICE]
    return {
        "plan_key": plan_key,
        "person_key": person_key,
        "framework": plan.framework,
        "created_on": plan.created_on,
        "next_review_on": plan.next_review_on,
        "has_assessment": plan.assessment is not None,
        "assessment_on": plan.assessment.on if plan.assessment is not None else None,
        "assessment_items": len(items),
        "strengths": sum(1 for item in items if item.kind is ItemKind.STRENGTH),
        "first_item_is_strength": bool(items) and items[0].kind is ItemKind.STRENGTH,
        "person_voice_items": sum(1 for item in items if item.voice is Voice.PERSON),
        "needs": len(needs),
        "service_needs": len(service_needs),
        "service_needs_with_basis": sum(1 for item in service_needs if item.statutory_basis),
        "circle_size": len(plan.circle),
        "has_safety_plan": safety is not None,
        "safety_sections": len(SAFETY_SECTIONS),
        "safety_sections_filled": filled,
        "reviews": len(plan.reviews),
        "last_review_on": max((review.on for review in plan.reviews), default=None),
        "sharing_entries": len(plan.sharing),
    }


def goal_rows(plan: Plan, plan_key: str) -> Iterator[Row]:
    """The outcomes (``kind`` ``outcome``, depth 0), then every small goal in document order."""
    person_items = {
        item.id
        for item in (plan.assessment.items if plan.assessment is not None else ())
        if item.voice is Voice.PERSON
    }
    index = 0
    for o_index, outcome in enumerate(plan.outcomes):
        yield _aim_row(plan_key, index, o_index, 0, outcome, outcome, person_items)
        index += 1
    positions = {id(outcome): o_index for o_index, outcome in enumerate(plan.outcomes)}
    for place in plan.walk_goals():
        o_index = positions[id(place.outcome)]
        goal, outcome = place.goal, place.outcome
        yield _aim_row(plan_key, index, o_index, place.depth, goal, outcome, person_items)
        index += 1


def _aim_row(
    plan_key: str,
    index: int,
    outcome_index: int,
    depth: int,
    aim: Goal | Outcome,
    outcome: Outcome,
    person_items: set[str],
) -> Row:
    is_goal = isinstance(aim, Goal)
    based_on = outcome.based_on if not is_goal else ()
    return {
        "plan_key": plan_key,
        "goal_index": index,
        "kind": "goal" if is_goal else "outcome",
        "outcome_index": outcome_index,
        "depth": depth,
        "domain": outcome.domain,
        "status": aim.status.value,
        "due_on": aim.due_on if isinstance(aim, Goal) else aim.target_on,
        "achieved_on": aim.achieved_on if aim.status is Status.ACHIEVED else None,
        "has_celebration": bool(aim.celebration) if isinstance(aim, Goal) else False,
        "support_actions": len(aim.support) if isinstance(aim, Goal) else 0,
        "small_goals": len(aim.goals),
        "based_on": len(based_on),
        "based_on_person_voice": sum(1 for item in based_on if item in person_items),
    }


def rating_rows(plan: Plan, plan_key: str, person_key: str) -> Iterator[Row]:
    """Each rating, with where it stands in its series: the person's own ratings of one
    domain in this plan, oldest first (on the same day, the lower value first).

    The series is summarised here, per plan, so that the ratings indicator is a filter and a
    count: grouping every person's ratings across the caseload in SQL would take memory in
    proportion to the caseload (benchmarks/README.md). Ratings given by someone else are not
    part of a series (``series_length`` 0).
    """
    series: dict[str, list[tuple[date, int]]] = {}
    for rating in plan.ratings:
        if rating.by == "person":
            series.setdefault(rating.domain, []).append((rating.on, rating.value))
    for found in series.values():
        found.sort()
    for rating in plan.ratings:
        own = series.get(rating.domain, []) if rating.by == "person" else []
        yield {
            "plan_key": plan_key,
            "person_key": person_key,
            "domain": rating.domain,
            "rated_on": rating.on,
            "value": rating.value,
            "by_person": rating.by == "person",
            "series_length": len(own),
            "series_first_value": own[0][1] if own else None,
            "is_latest": bool(own) and (rating.on, rating.value) == own[-1],
        }


def risk_plan_rows(plan: Plan, plan_key: str) -> Iterator[Row]:
    for r_index, risk in enumerate(plan.risk_plans):
        decision = risk.decision
        yield {
            "plan_key": plan_key,
            "risk_index": r_index,
            "supports_aims": len(risk.supports),
            "benefits": len(risk.benefits),
            "has_if_not_done": bool(risk.if_not_done),
            "concerns": len(risk.concerns),
            "concerns_unaddressed": _unaddressed(risk),
            "has_persons_view": bool(risk.persons_view),
            "capacity_status": risk.capacity.status.value if risk.capacity is not None else None,
            "safeguards": len(risk.safeguards),
            "has_contingency": bool(risk.contingency),
            "decision_status": decision.status.value if decision is not None else None,
            "decision_on": decision.on if decision is not None else None,
            "agreed_by": len(decision.agreed_by) if decision is not None else 0,
            "dissents": len(decision.dissent) if decision is not None else 0,
            "review_on": risk.review_on,
        }


def _unaddressed(risk: RiskPlan) -> int:
    addressed = {concern for safeguard in risk.safeguards for concern in safeguard.addresses}
    return sum(1 for concern in risk.concerns if concern.id not in addressed)


def safeguard_rows(plan: Plan, plan_key: str) -> Iterator[Row]:
    roles = {member.id: member.role.value for member in plan.circle}
    for r_index, risk in enumerate(plan.risk_plans):
        for s_index, safeguard in enumerate(risk.safeguards):
            by = safeguard.by
            yield {
                "plan_key": plan_key,
                "risk_index": r_index,
                "safeguard_index": s_index,
                "by_role": by if by in ("person", "service") else roles.get(by, "unknown"),
                "addresses": len(safeguard.addresses),
            }


def circle_rows(plan: Plan, plan_key: str) -> Iterator[Row]:
    """Each member's role and consent, how many reviews they came to, and the needs they
    raised in the assessment with how many an outcome grows from (their needs answered)."""
    answered = {item for outcome in plan.outcomes for item in outcome.based_on}
    items = plan.assessment.items if plan.assessment is not None else ()
    for m_index, member in enumerate(plan.circle):
        sections = shared_sections(plan, member.id)
        dates: list[date] = [
            consent.consented_on
            for consent in plan.sharing
            if consent.member == member.id and consent.consented_on is not None
        ]
        raised = [
            item for item in items if item.kind is ItemKind.NEED and item.raised_by == member.id
        ]
        yield {
            "plan_key": plan_key,
            "member_index": m_index,
            "role": member.role.value,
            "informal": member.role in INFORMAL,
            "consented": bool(sections),
            "sections_shared": len(sections),
            "consented_on": max(dates, default=None),
            "reviews_attended": sum(1 for review in plan.reviews if member.id in review.attendees),
            "needs_raised": len(raised),
            "needs_answered": sum(1 for item in raised if item.id in answered),
        }


def review_rows(plan: Plan, plan_key: str) -> Iterator[Row]:
    informal = {member.id for member in plan.circle if member.role in INFORMAL}
    for index, review in enumerate(plan.reviews):
        yield {
            "plan_key": plan_key,
            "review_index": index,
            "reviewed_on": review.on,
            "person_present": "person" in review.attendees,
            "attendees": len(set(review.attendees)),
            "informal_present": len(informal.intersection(review.attendees)),
        }


_CODE: Final = re.compile(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*")
"""What a finding's code looks like (``risk.concern-unaddressed``); a plugin's code of any
other shape is written as ``other``, so no code can carry a plan's words."""


def finding_rows(findings: list[Finding], plan_key: str) -> Iterator[Row]:
    """The findings' codes and the section each is in; never their message or full path,
    which can quote the plan's words or name a part by its id."""
    for finding in findings:
        code = finding.code
        yield {
            "plan_key": plan_key,
            "severity": finding.severity,
            "code": code if len(code) <= 80 and _CODE.fullmatch(code) else "other",
            "section": _section(finding.path),
        }


@cache
def _sections() -> frozenset[str]:
    return frozenset(field.name for field in attrs.fields(Plan))


def _section(path: str) -> str:
    """The top-level section of a JSON path (``$.outcomes[0].goals[1]`` is ``outcomes``):
    one of the plan's own top-level fields, or ``plan``."""
    rest = path[2:] if path.startswith("$.") else ""
    name = rest.split(".", 1)[0].split("[", 1)[0]
    return name if name in _sections() else "plan"
