"""Who a rendered plan is for, and what the person has agreed that reader may see.

The person and the staff team see the whole plan. A circle member sees only the sections the
person agreed to share with them, and never an assessment item marked private. That rule is
applied here, to the data, before any template sees it: a template (the library's or a
plugin's) can only show what :func:`redact` left in the plan, so no template can leak.
"""

from __future__ import annotations

import difflib

import attrs

from .assessment import Assessment
from .errors import ConsentError, UnknownAudienceError
from .goals import Outcome
from .people import CircleMember, Person
from .plan import Plan
from .risk import RiskPlan
from .sharing import Section

__all__ = [
    "KEYWORDS",
    "PERSON",
    "STAFF",
    "audiences",
    "check_audience",
    "possessive",
    "pronoun_forms",
    "redact",
    "resolve_audience",
    "shared_sections",
]

PERSON = "person"
"""The audience for the person-held plan: everything, in the person's own voice."""

STAFF = "staff"
"""The audience for the staff team: everything, with the practice checks."""


def audiences(plan: Plan) -> list[str]:
    """Everyone a plan can be rendered for: the person, the staff, then each circle member."""
    return [PERSON, STAFF, *(member.id for member in plan.circle)]


def shared_sections(plan: Plan, member_id: str) -> tuple[Section, ...]:
    """The sections the person agreed to share with a circle member, in the plan's order.

    A member named in more than one sharing entry sees what all of them allow together.
    """
    agreed = {
        section
        for consent in plan.sharing
        if consent.member == member_id
        for section in consent.sections
    }
    return tuple(section for section in Section if section in agreed)


def possessive(person: Person) -> str:
    """The word for "the person's" in a sentence ("her plan"), from their pronouns.

    When the pronouns are not ones we can decline, "their" respects the person without
    guessing.
    """
    first = (person.pronouns or "").replace(",", "/").replace(" ", "/").split("/")[0]
    return {"she": "her", "he": "his", "they": "their"}.get(first.strip().lower(), "their")


def pronoun_forms(person: Person) -> dict[str, str]:
    """How to refer to the person in a sentence: ``their``, ``them`` and ``themself`` forms."""
    their = possessive(person)
    them = {"her": "her", "his": "him"}.get(their, "them")
    themself = {"her": "herself", "his": "himself"}.get(their, "themself")
    return {"their": their, "them": them, "themself": themself}


KEYWORDS = (PERSON, "service", STAFF)
"""Words that name a reader or a party in every plan, so no circle member may have them as id."""


def resolve_audience(plan: Plan, audience: object) -> str:
    """The reader ``audience`` names, as the canonical word or circle id.

    A circle member is named by their id exactly, or by their id or name in any case when only
    one member matches; anything else is an :class:`UnknownAudienceError` that lists who the
    plan can be rendered for. A plan in which a circle member's id is also a reader's keyword
    (``person``, ``service``, ``staff``) is refused: whose copy it is could not be told. So
    is a plan in which two circle members have one id, however the plan was made.
    """
    if not isinstance(audience, str):
        raise TypeError(f"audience must be text, not {type(audience).__name__}")
    _one_member_per_id(plan)
    for member in plan.circle:
        if member.id in KEYWORDS:
            raise ConsentError(
                f"{member.name} has the circle id {member.id!r}, which also names "
                f"{_keyword_meaning(plan, member.id)}, so whose copy of the plan is whose "
                "cannot be told; give them another id (recoveryplan validate shows where)"
            )
    if audience in (PERSON, STAFF):
        return audience
    if any(member.id == audience for member in plan.circle):
        return audience
    folded = audience.strip().casefold()
    if folded in (PERSON, STAFF):
        return folded
    matches = sorted(
        {
            member.id
            for member in plan.circle
            if folded in (member.id.casefold(), member.name.strip().casefold())
        }
    )
    if len(matches) == 1:
        return matches[0]
    readers = ", ".join(audiences(plan))
    if matches:
        raise UnknownAudienceError(
            f"{audience!r} could be any of the circle ids {', '.join(matches)}; give the id "
            "of the one you mean"
        )
    names = {member.name.casefold(): member.id for member in plan.circle}
    close = difflib.get_close_matches(folded, [*audiences(plan), *names], n=3, cutoff=0.6)
    hint = ""
    if close:
        ids = sorted({names.get(word, word) for word in close})
        hint = f" (close: {', '.join(ids)})"
    raise UnknownAudienceError(
        f"{audience!r} is not one of the readers of this plan{hint}; the readers are: {readers}"
    )


def _one_member_per_id(plan: Plan) -> None:
    """Refuse a plan whose readers are ambiguous: with two members under one id, the copy
    rendered for that id, and the sharing that names it, could be either person's."""
    seen: dict[str, CircleMember] = {}
    for member in plan.circle:
        first = seen.setdefault(member.id, member)
        if first is not member:
            raise ConsentError(
                f"{first.name} and {member.name} both have the circle id {member.id!r}, so "
                "whose copy of the plan is whose, and whom the sharing names, cannot be told; "
                "give one of them another id (recoveryplan validate shows where)"
            )


def _keyword_meaning(plan: Plan, keyword: str) -> str:
    if keyword == PERSON:
        return plan.person.called
    if keyword == STAFF:
        return "the staff team's view"
    return "the service"


def check_audience(plan: Plan, audience: object) -> CircleMember | None:
    """The circle member an audience names (``None`` for the person and the staff).

    Raises :class:`UnknownAudienceError` for anyone else, and :class:`ConsentError` for a
    member the person has not agreed to share anything with.
    """
    reader = resolve_audience(plan, audience)
    if reader in (PERSON, STAFF):
        return None
    member = plan.member(reader)
    if not shared_sections(plan, member.id):
        called = plan.person.called
        raise ConsentError(
            f"{called} has not agreed to share any part of {possessive(plan.person)} plan "
            f"with {member.name}; add a sharing entry for {member.id!r} that lists the sections "
            f"{called} agrees to share, or render for 'person' or 'staff'"
        )
    return member


def redact(plan: Plan, audience: str) -> Plan:
    """The plan as ``audience`` may see it.

    For the person and the staff this is the plan itself. For a circle member, every section
    the person did not share is emptied (except what the member raised themselves in the
    assessment, which they always hear back about), private assessment items are removed,
    organisation extensions, the date of birth and communication needs are dropped, and
    references from
    shared sections to hidden things (an outcome ``based_on`` a hidden item, a risk plan
    ``supports`` a hidden goal) are cut. When the circle itself is not shared, only the
    members that the shared sections mention are kept, and only their names and roles, so
    that "who helps" still reads as a name without revealing anyone's contact details.
    """
    member = check_audience(plan, audience)
    if member is None:
        return plan
    sections = set(shared_sections(plan, member.id))

    assessment = None
    if plan.assessment is not None:
        # A member always hears back about what they raised themselves (a carer's own need,
        # and what answers it), even when the rest of the assessment is not shared with them:
        # those are their own words. Nothing private is ever shown.
        shared = Section.ASSESSMENT in sections
        items = tuple(
            item
            for item in plan.assessment.items
            if not item.private and (shared or item.raised_by == member.id)
        )
        if shared:
            assessment = attrs.evolve(plan.assessment, items=items)
        elif items:
            assessment = Assessment(items=items)
    visible_items = {item.id for item in assessment.items} if assessment is not None else set()

    outcomes: tuple[Outcome, ...] = ()
    if Section.OUTCOMES in sections:
        outcomes = tuple(
            attrs.evolve(outcome, based_on=_kept(outcome.based_on, visible_items))
            for outcome in plan.outcomes
        )
    aims = {outcome.id for outcome in outcomes}
    if outcomes:
        aims |= {place.goal.id for place in plan.walk_goals()}

    risk_plans: tuple[RiskPlan, ...] = ()
    if Section.RISK_PLANS in sections:
        risk_plans = tuple(
            attrs.evolve(risk, supports=_kept(risk.supports, aims)) for risk in plan.risk_plans
        )

    shown = attrs.evolve(
        plan,
        person=attrs.evolve(plan.person, date_of_birth=None, communication=()),
        assessment=assessment,
        outcomes=outcomes,
        ratings=plan.ratings if Section.RATINGS in sections else (),
        risk_plans=risk_plans,
        safety_plan=plan.safety_plan if Section.SAFETY_PLAN in sections else None,
        reviews=plan.reviews if Section.REVIEWS in sections else (),
        next_review_on=plan.next_review_on if Section.REVIEWS in sections else None,
        sharing=tuple(consent for consent in plan.sharing if consent.member == member.id),
        extensions={},
        circle=(),
    )
    if Section.CIRCLE in sections:
        return attrs.evolve(shown, circle=plan.circle)
    mentioned = {reference.value for reference in shown.references("person")} | {member.id}
    circle = tuple(
        CircleMember(id=m.id, name=m.name, role=m.role) for m in plan.circle if m.id in mentioned
    )
    return attrs.evolve(shown, circle=circle)


def _kept(ids: tuple[str, ...], visible: set[str]) -> tuple[str, ...]:
    return tuple(id for id in ids if id in visible)
