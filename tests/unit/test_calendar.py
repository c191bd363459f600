"""The plan's dates as an iCalendar file: what each reader's calendar holds, and that a
calendar re-imported later updates its events instead of adding them again."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime

import attrs
import icalendar
import pytest
from hypothesis import given, settings

import recoveryplan as rp
from recoveryplan.audience import disclose, disclosures
from recoveryplan.calendar import PRODID, event_uid, to_ical
from recoveryplan.sharing import Section
from recoveryplan.testing.strategies import plans

from ..support.reference import BUNDLED, TODAY


@pytest.fixture(scope="module")
def morag() -> rp.Plan:
    return rp.load(BUNDLED)


def events(text: str) -> dict[str, icalendar.cal.Component]:
    """The calendar's events by UID; parsing fails on anything icalendar cannot read."""
    calendar = icalendar.Calendar.from_ical(text)
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "a UID appears twice in one calendar"
    return found


def dates(text: str) -> dict[date, list[str]]:
    held: dict[date, list[str]] = {}
    for event in events(text).values():
        held.setdefault(event.decoded("DTSTART"), []).append(str(event["SUMMARY"]))
    return held


def test_the_calendar_has_what_rfc_5545_requires(morag: rp.Plan) -> None:
    text = to_ical(morag, "person", today=TODAY)
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == PRODID
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n")), "lines are folded"
    found = events(text)
    assert found
    for event in found.values():
        assert event.decoded("DTSTAMP") == datetime(2026, 6, 2, tzinfo=UTC)
        assert "DTSTART" in event or "DUE" in event


def test_the_persons_calendar_holds_the_next_review_each_risk_review_and_the_steps(
    morag: rp.Plan,
) -> None:
    held = dates(to_ical(morag, "person", today=TODAY))
    assert morag.next_review_on is not None
    assert held[morag.next_review_on] == ["Review of my recovery plan"]
    for risk in morag.risk_plans:
        assert risk.review_on is not None
        assert any(risk.activity in summary for summary in held[risk.review_on])
    steps = [place.goal for place in morag.walk_goals() if place.goal.due_on is not None]
    assert steps
    for goal in steps:
        assert goal.due_on is not None
        assert any(goal.statement in summary for summary in held[goal.due_on])


def test_past_dates_are_included(morag: rp.Plan) -> None:
    held = dates(to_ical(morag, "person", today=TODAY))
    (bus,) = morag.risk_plans
    assert bus.review_on is not None
    assert bus.review_on < TODAY
    assert bus.review_on in held


def test_a_carer_gets_only_the_sections_shared_with_her_and_nothing_private(
    morag: rp.Plan,
) -> None:
    text = to_ical(morag, "eilidh", today=TODAY)
    shared = disclose(morag, "eilidh")
    assert not shared.shows(Section.REVIEWS)
    assert shared.shows(Section.RISK_PLANS)
    held = dates(text)
    assert morag.next_review_on not in held, "reviews are not shared with Eilidh"
    assert all("Review of" not in summary for summaries in held.values() for summary in summaries)
    (bus,) = morag.risk_plans
    assert bus.review_on in held
    # Every title quotes only what her own copy of the plan holds.
    visible = rp.dumps(shared.plan)
    for summaries in held.values():
        for summary in summaries:
            quoted = summary.split(": ", 1)[1]
            assert quoted in visible
    assert "Review of" not in text
    assert "Morag's small step" in text


def test_a_member_shown_only_the_safety_plan_gets_an_empty_calendar(morag: rp.Plan) -> None:
    text = to_ical(morag, "ali", today=TODAY)
    assert events(text) == {}


def test_a_member_with_no_consent_is_refused_and_a_stranger_is_not_a_reader(
    morag: rp.Plan,
) -> None:
    with pytest.raises(rp.ConsentError):
        to_ical(morag, "priya", today=TODAY)
    with pytest.raises(rp.UnknownAudienceError):
        to_ical(morag, "nobody", today=TODAY)


def test_uids_stay_when_dates_move_and_the_text_is_the_same_on_the_same_day(
    morag: rp.Plan,
) -> None:
    before = events(to_ical(morag, "person", today=TODAY))
    moved = morag.evolve_item("g-food-hygiene", due_on=date(2026, 10, 1))
    moved = attrs.evolve(moved, next_review_on=date(2026, 11, 2))
    after = events(to_ical(moved, "person", today=TODAY))
    assert set(before) == set(after)
    assert to_ical(morag, "person", today=TODAY) == to_ical(morag, "person", today=TODAY)
    changed = {
        uid for uid in before if before[uid].decoded("DTSTART") != after[uid].decoded("DTSTART")
    }
    assert changed == {
        event_uid(morag.id, "step", "g-food-hygiene"),
        event_uid(morag.id, "review", morag.id),
    }


def test_two_plans_never_share_a_uid_and_no_uid_shows_an_id(morag: rp.Plan) -> None:
    other = attrs.evolve(morag, id="plan-rsl-0143")
    ours = set(events(to_ical(morag, "staff", today=TODAY)))
    theirs = set(events(to_ical(other, "staff", today=TODAY)))
    assert ours
    assert not ours & theirs
    ids = {morag.id, morag.person.id, *morag.index()}
    assert not any(part in uid for uid in ours for part in ids)


@settings(max_examples=25, deadline=None)
@given(plans())
def test_each_reader_gets_only_dates_of_the_sections_they_may_see(plan: rp.Plan) -> None:
    everything = events(to_ical(plan, "staff", today=TODAY))
    review = event_uid(plan.id, "review", plan.id)
    assert (review in everything) == (plan.next_review_on is not None)
    for shown in disclosures(plan):
        if shown.member is None:
            continue
        held = events(to_ical(plan, shown.reader, today=TODAY))
        assert set(held) <= set(everything)
        assert (review in held) == (
            shown.shows(Section.REVIEWS) and plan.next_review_on is not None
        )
        risk_reviews = {event_uid(plan.id, "risk-review", risk.id) for risk in plan.risk_plans}
        if not shown.shows(Section.RISK_PLANS):
            assert not risk_reviews & set(held)
        steps = {event_uid(plan.id, "step", place.goal.id) for place in plan.walk_goals()}
        if not shown.shows(Section.OUTCOMES):
            assert not steps & set(held)


def test_without_icalendar_the_error_says_which_extra_to_install(
    morag: rp.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)  # as if it were not installed
    with pytest.raises(rp.MissingExtraError) as raised:
        to_ical(morag, "person", today=TODAY)
    assert raised.value.extra == "calendar"
    assert "pip install 'recoveryplan[calendar]'" in str(raised.value)


def test_the_titles_are_in_the_language_asked_for_or_the_readers_own(morag: rp.Plan) -> None:
    assert morag.next_review_on is not None
    welsh = dates(to_ical(morag, "person", today=TODAY, language="cy-GB"))
    assert welsh[morag.next_review_on] == ["Adolygu fy nghynllun adferiad"]
    assert (
        icalendar.Calendar.from_ical(to_ical(morag, "staff", today=TODAY, language="pl"))["NAME"]
        == f"Plan zdrowienia: {morag.person.called} (personel)"
    )
    # the person's own language when none is asked for; English with no complete catalogue
    polish = attrs.evolve(morag, person=attrs.evolve(morag.person, language="pl"))
    held = dates(to_ical(polish, "person", today=TODAY))
    assert held[morag.next_review_on] == ["Przegląd mojego planu zdrowienia"]
    gaelic = dates(to_ical(morag, "person", today=TODAY, language="gd"))
    assert gaelic[morag.next_review_on] == ["Review of my recovery plan"]
    # a step keeps the person's own words inside the translated title
    steps = [place.goal for place in morag.walk_goals() if place.goal.due_on is not None]
    goal = steps[0]
    assert goal.due_on is not None
    assert any(goal.statement in title for title in welsh[goal.due_on])
