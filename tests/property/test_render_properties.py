"""Properties of rendering over generated plans: consent holds, nothing shared is lost.

Every free-text field of a generated plan holds a unique marker, so a marker's presence in a
rendered copy says exactly which field reached the reader. Which fields a circle member may
see is written out here, section by section, independently of the code that redacts.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterator
from datetime import date
from typing import Literal, TypeAlias

import pypdf
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.audience import shared_sections
from recoveryplan.summaries import untouched
from recoveryplan.testing.strategies import extensions, plans

from ..support.documents import json_texts
from ..support.reference import TODAY

MARKERS = st.uuids().map(lambda u: f"M{u.hex}")
TextFormat: TypeAlias = Literal["html", "md", "txt"]
"""The formats a plan is rendered in as text."""

TEXT_FORMATS: tuple[TextFormat, ...] = ("html", "md", "txt")


def marked_plans() -> st.SearchStrategy[rp.Plan]:
    return plans(text=MARKERS, extension=extensions(text=MARKERS), max_goals=8, max_depth=4)


def goals(goals: tuple[rp.Goal, ...]) -> Iterator[rp.Goal]:
    for goal in goals:
        yield goal
        yield from goals_of(goal)


def goals_of(goal: rp.Goal) -> Iterator[rp.Goal]:
    yield from goals(goal.goals)


def section_texts(plan: rp.Plan) -> dict[str, set[str]]:
    """Every free-text field of the plan, by the part of the plan it belongs to."""
    parts: dict[str, set[str]] = {
        "person": {plan.person.name}
        | {t for t in (plan.person.preferred_name, plan.person.pronouns) if t},
        "communication": {
            text
            for need in plan.person.communication
            if (text := need if isinstance(need, str) else need.text)
        },
        "service": {t for t in (plan.service.name, plan.service.organisation) if t}
        if plan.service
        else set(),
        "assessment": set(),
        "private": set(),
        "outcomes": set(),
        "ratings": {r.note for r in plan.ratings if r.note},
        "risk_plans": set(),
        "safety_plan": set(),
        "reviews": set(),
        "extensions": set(json_texts(list(plan.extensions.values()))),
    }
    if plan.assessment is not None:
        for item in plan.assessment.items:
            found = {t for t in (item.text, item.statutory_basis, item.answer) if t}
            parts["private" if item.private else "assessment"] |= found
    for outcome in plan.outcomes:
        parts["outcomes"] |= {t for t in (outcome.statement, outcome.status_note) if t}
        for goal in goals(outcome.goals):
            parts["outcomes"] |= {
                t for t in (goal.statement, goal.status_note, goal.celebration) if t
            } | {action.action for action in goal.support}
    for risk in plan.risk_plans:
        parts["risk_plans"] |= {
            t for t in (risk.activity, risk.if_not_done, risk.persons_view, risk.contingency) if t
        }
        parts["risk_plans"] |= set(risk.benefits) | {c.description for c in risk.concerns}
        parts["risk_plans"] |= {s.action for s in risk.safeguards}
        if risk.capacity is not None and risk.capacity.note:
            parts["risk_plans"].add(risk.capacity.note)
        if risk.decision is not None:
            parts["risk_plans"] |= {d.note for d in risk.decision.dissent}
    if plan.safety_plan is not None:
        safety = plan.safety_plan
        parts["safety_plan"] = (
            set(safety.warning_signs)
            | set(safety.coping_strategies)
            | {d.what for d in safety.distractions}
            | {p.name for p in safety.professionals}
            | {p.contact for p in safety.professionals}
            | set(safety.safer_environment)
            | set(safety.reasons_for_living)
        )
    for review in plan.reviews:
        parts["reviews"] |= {t for t in (review.went_well, review.changed, review.next) if t}
    return parts


def mentioned(plan: rp.Plan, sections: set[str]) -> set[str]:
    """The circle members the shared sections refer to (their names show, nothing more)."""
    refs: set[str] = set()
    shared_items = [i for i in plan.assessment.items if not i.private] if plan.assessment else []
    if "assessment" in sections and shared_items:
        # Who took part is said in the introduction to the items; with no items to show, the
        # assessment has no section of its own.
        assert plan.assessment is not None
        refs |= set(plan.assessment.participants)
        # An item in the person's own voice is not attributed to anyone, whoever raised it.
        refs |= {
            i.raised_by
            for i in plan.assessment.items
            if i.raised_by and not i.private and i.voice != "person"
        }
    if "outcomes" in sections:
        for outcome in plan.outcomes:
            for goal in goals(outcome.goals):
                refs |= {action.by for action in goal.support}
    if "ratings" in sections:
        refs |= {rating.by for rating in plan.ratings}
    if "risk_plans" in sections:
        for risk in plan.risk_plans:
            refs |= {s.by for s in risk.safeguards}
            if risk.decision is not None:
                refs |= set(risk.decision.agreed_by) | {d.by for d in risk.decision.dissent}
    if "safety_plan" in sections and plan.safety_plan is not None:
        refs |= {d.who for d in plan.safety_plan.distractions if d.who}
        refs |= set(plan.safety_plan.people_to_ask)
    if "reviews" in sections:
        for review in plan.reviews:
            refs |= set(review.attendees)
        # Who agreed the plan is said with the reviews (a member who agreed it, by name),
        # when the plan has a reviews section: a review, or a next review date.
        if plan.reviews or plan.next_review_on:
            refs |= {agreement.by for agreement in plan.agreements}
    return refs


def expectations(plan: rp.Plan, member: str) -> tuple[set[str], set[str]]:
    """What ``member``'s copy must show, and what it must never show."""
    sections = {str(section) for section in shared_sections(plan, member)}
    parts = section_texts(plan)
    shown = {plan.person.preferred_name or plan.person.name} | parts["service"]
    hidden = parts["communication"] | parts["private"] | parts["extensions"]
    for section in ("assessment", "outcomes", "ratings", "risk_plans", "safety_plan", "reviews"):
        (shown if section in sections else hidden).update(parts[section])
    if plan.assessment is not None and "assessment" not in sections:
        # A member always hears back about what they raised themselves, and nothing else of
        # an assessment that is not shared with them.
        for item in plan.assessment.items:
            if item.raised_by == member and not item.private:
                raised = {t for t in (item.text, item.statutory_basis, item.answer) if t}
                hidden -= raised
                shown |= raised
    named = mentioned(plan, sections) | {member}
    unlisted: set[str] = set()  # who helps only with steps not listed: may show, need not
    if "outcomes" in sections:
        # steps untouched for a year are counted under their outcome, not listed one by one
        listed: set[str] = set()
        for place in plan.walk_goals():
            goal = place.goal
            helpers = {action.by for action in goal.support}
            if untouched(goal, TODAY):
                shown -= {t for t in (goal.statement, goal.status_note, goal.celebration) if t}
                shown -= {action.action for action in goal.support}
                unlisted |= helpers
            else:
                listed |= helpers
        others = mentioned(plan, sections - {"outcomes"}) | {member}
        unlisted -= listed | others
    for person in plan.circle:
        extra = {t for t in (person.relationship, person.contact) if t}
        if "circle" in sections:
            shown |= {person.name} | extra
        else:
            hidden |= extra
            if person.id in unlisted:
                continue
            (shown if person.id in named else hidden).add(person.name)
    return shown, hidden


def readable(output: str, format: str) -> str:
    return html.unescape(output) if format == "html" else output


def _agreed_by_another_member() -> rp.Plan:
    """Shrunk from a failure: a member shown only the reviews reads who agreed the plan, and
    one who agreed it is another member of the circle, named there as a review's attendee
    would be."""
    day = date(2000, 1, 1)
    return rp.Plan(
        id="g-1",
        framework="chime",
        person=rp.Person(id="g-2", name="M" + "1" * 32, date_of_birth=date(1977, 12, 31)),
        created_on=day,
        next_review_on=date(2048, 1, 1),
        circle=(
            rp.CircleMember(
                id="g-3", name="M" + "3" * 32, role=rp.Role.CARER, contact="M" + "c" * 32
            ),
            rp.CircleMember(id="g-4", name="M" + "4" * 32, role=rp.Role.CARER),
        ),
        reviews=(rp.Review(on=day, went_well="M" + "5" * 32),),
        agreements=(rp.Agreement(on=day, by="person"), rp.Agreement(on=day, by="g-3")),
        sharing=(rp.SharingConsent(member="g-4", sections=(rp.Section.REVIEWS,)),),
    )


def _helps_only_with_an_old_step() -> rp.Plan:
    """Shrunk from a failure: the only step another member helps with was done long ago, so it
    is counted under its outcome rather than listed, and their name need not show."""
    day = date(2000, 1, 1)
    done = rp.Goal(
        id="g-9",
        statement="M" + "9" * 32,
        status=rp.Status.PLANNED,
        due_on=day,
        achieved_on=day,
        status_note="M" + "b" * 32,
        support=(rp.SupportAction(by="g-3", action="M" + "a" * 32),),
    )
    step = rp.Goal(id="g-8", statement="M" + "8" * 32, status=rp.Status.PLANNED, goals=(done,))
    return rp.Plan(
        id="g-1",
        framework="chime",
        person=rp.Person(id="g-2", name="M" + "1" * 32, date_of_birth=day),
        created_on=day,
        circle=(
            rp.CircleMember(id="g-3", name="M" + "3" * 32, role=rp.Role.CARER),
            rp.CircleMember(id="g-4", name="M" + "4" * 32, role=rp.Role.CARER),
        ),
        outcomes=(
            rp.Outcome(id="g-7", statement="M" + "7" * 32, status=rp.Status.PLANNED, goals=(step,)),
        ),
        sharing=(rp.SharingConsent(member="g-4", sections=(rp.Section.OUTCOMES,)),),
    )


@settings(deadline=None)
@given(plan=marked_plans())
@example(plan=_agreed_by_another_member())
@example(plan=_helps_only_with_an_old_step())
def test_a_member_sees_what_was_shared_and_nothing_else(plan: rp.Plan) -> None:
    for consent in plan.sharing:
        member = consent.member
        if not consent.sections:
            with pytest.raises(rp.ConsentError):
                rp.render(plan, member, "txt", today=TODAY)
            continue
        shown, hidden = expectations(plan, member)
        for format in TEXT_FORMATS:
            # the member's whole copy (by default, a member whose need is easy read gets the
            # easy-read copy, which is checked for leaks too but holds less)
            output = readable(rp.render(plan, member, format, view="plan", today=TODAY), format)
            leaked = {text for text in hidden if text in output}
            assert not leaked, (member, format, leaked)
            default = readable(rp.render(plan, member, format, today=TODAY), format)
            assert not {text for text in hidden if text in default}, (member, format)
            lost = {text for text in shown if text not in output}
            assert not lost, (member, format, lost)


@settings(deadline=None)
@given(plan=marked_plans())
def test_the_person_and_the_staff_see_every_word_but_no_extensions(plan: rp.Plan) -> None:
    parts = section_texts(plan)
    everything = set().union(*(v for k, v in parts.items() if k != "extensions"))
    everything |= {p.name for p in plan.circle}
    everything |= {t for p in plan.circle for t in (p.relationship, p.contact) if t}
    for audience in ("person", "staff"):
        for format in TEXT_FORMATS:
            # the person's whole plan: by default theirs shows the current period (or, when
            # their need is easy read, the easy-read copy)
            output = readable(
                rp.render(plan, audience, format, view="plan", today=TODAY, full_history=True),
                format,
            )
            assert not {text for text in everything if text not in output}, (audience, format)
            assert not {text for text in parts["extensions"] if text in output}


@settings(deadline=None)
@given(plan=plans())
def test_any_plan_renders_for_everyone_in_every_text_format(plan: rp.Plan) -> None:
    readers = ["person", "staff"] + [c.member for c in plan.sharing if c.sections]
    for audience in readers:
        for format in TEXT_FORMATS:
            output = rp.render(plan, audience, format, today=TODAY)
            assert output.endswith("\n")


@settings(deadline=None, max_examples=5)
@given(plan=plans(max_goals=4, max_items=2))
def test_any_plan_makes_a_pdf(plan: rp.Plan) -> None:
    document = rp.render(plan, "person", "pdf", today=TODAY)
    assert document.startswith(b"%PDF")
    assert len(pypdf.PdfReader(io.BytesIO(document)).pages) >= 1


def test_the_deepest_plan_that_loads_renders_in_every_format() -> None:
    """Loading and rendering share one depth limit, so a plan that loads always renders."""
    from recoveryplan._fields import MAX_GOAL_DEPTH
    from recoveryplan.render import pdf_available

    from ..support.documents import nested_goals

    plan = rp.from_data(nested_goals(MAX_GOAL_DEPTH))
    formats = ["html", "md", "txt", *(["pdf"] if pdf_available() else [])]
    for audience in ("person", "staff"):
        for format in formats:
            output = rp.render(plan, audience, format, today=TODAY)
            assert output, (audience, format)


VIEWS_BEYOND_THE_PLAN = ("review", "safety-plan", "crisis-card")


@settings(deadline=None, max_examples=40)
@given(plan=marked_plans())
def test_no_view_shows_a_member_anything_that_was_not_shared(plan: rp.Plan) -> None:
    """The review pack, safety plan and crisis card are made from the member's redacted plan:
    each is either refused (not shared, or nothing to print) or leaks nothing hidden."""
    for consent in plan.sharing:
        if not consent.sections:
            continue
        member = consent.member
        _, hidden = expectations(plan, member)
        for view in VIEWS_BEYOND_THE_PLAN:
            for format in TEXT_FORMATS:
                try:
                    output = rp.render(plan, member, format, view=view, today=TODAY)
                except (rp.ConsentError, rp.PlanValueError):
                    continue
                leaked = {text for text in hidden if text in readable(output, format)}
                assert not leaked, (member, view, format, leaked)
