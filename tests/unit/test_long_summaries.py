"""Long plans summarised: every list capped with what it left out and where the rest is; the
person-held plan and the review pack a few pages, however long the plan has run."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.render import VIEWS, pdf_available
from recoveryplan.summaries import (
    LIST_LIMIT,
    REVIEWS_IN_FULL,
    capped,
    latest,
    recent_reviews,
    untouched,
)
from recoveryplan.textformats import friendly_date
from recoveryplan.views import suits

from ..support.html import Page, list_sizes, words
from ..support.long_plans import TODAY, everything_long, five_year_plan


@pytest.fixture(scope="module")
def long_plan() -> rp.Plan:
    return everything_long()


def views_for(plan: rp.Plan, audience: str) -> list[str]:
    return [v for v in VIEWS if suits(v, plan, audience)]


@pytest.mark.parametrize("audience", ["person", "staff", "eilidh", "ali"])
def test_every_list_in_every_copy_holds_at_most_25_items(long_plan: rp.Plan, audience: str) -> None:
    for view in views_for(long_plan, audience):
        for full in (False, True) if audience == "person" else (False,):
            html = rp.render(long_plan, audience, view=view, today=TODAY, full_history=full)
            sizes = list_sizes(html)
            assert sizes, view
            assert max(sizes) <= LIST_LIMIT, (audience, view, full, max(sizes))
            if view == "plan":
                assert "And " in Page(html).text
                assert " more " in Page(html).text


def test_and_n_more_says_what_was_left_out_and_where_it_is(long_plan: rp.Plan) -> None:
    person = words(rp.render(long_plan, "person", "txt", today=TODAY))
    assert re.search(
        r"And \d+ more items, not printed here: the whole list is in my plan's file, and the "
        r"team can print it for me\.",
        person,
    )
    staff = words(rp.render(long_plan, "staff", "txt", today=TODAY))
    assert re.search(
        r"And \d+ more findings, not printed here: the whole list is in the plan's JSON file\.",
        staff,
    )
    eilidh = words(rp.render(long_plan, "eilidh", "txt", today=TODAY))
    assert re.search(r"And \d+ more \w+( \w+)*, not printed here: Morag's own plan holds", eilidh)
    # forty safeguards, each naming Eilidh: her "How you can help" is capped too
    assert re.search(r"And \d+ more ways to help, not printed here", eilidh)


def test_a_long_rating_series_shows_its_latest_rows_and_counts_the_rest(
    long_plan: rp.Plan,
) -> None:
    days = sorted({rating.on for rating in long_plan.ratings})
    # the person's current copy: the latest six rows of each series (the chart has them all)
    text = words(rp.render(long_plan, "person", "md", today=TODAY))
    assert text.count("And 54 more earlier ratings, not printed here") == 5
    assert f"| {friendly_date(days[-1])} |" in text
    assert f"| {friendly_date(days[-6])} |" in text
    assert f"| {friendly_date(days[-7])} |" not in text
    # every other copy: a list's length, the latest 25
    staff = words(rp.render(long_plan, "staff", "md", today=TODAY))
    assert staff.count("And 35 more earlier ratings, not printed here") == 5
    assert f"| {friendly_date(days[-25])} |" in staff
    assert f"| {friendly_date(days[-26])} |" not in staff


def test_the_review_pack_groups_things_past_their_dates_by_outcome(long_plan: rp.Plan) -> None:
    text = words(rp.render(long_plan, "staff", "txt", view="review", today=TODAY))
    groups = re.findall(
        r"“Outcome number \d+, in my own words\.”: (\d+) things past their dates, the oldest "
        r"due on [^;]+; (\d+) of them not touched for over a year, to close or re-plan\.",
        text,
    )
    assert groups
    assert all(int(untouched) <= int(late) for late, untouched in groups)
    assert "And 34 more things to talk about, not printed here" in text
    assert "Small step 1 towards" not in text  # counted, not listed


def test_achievements_in_the_review_pack_are_in_date_order(morag: rp.Plan) -> None:
    # the Sunday lunch, first in the plan, is now the latest achievement
    lunch = attrs.evolve(morag.outcomes[0].goals[0], achieved_on=date(2026, 5, 30))
    kitchen = attrs.evolve(morag.outcomes[0], goals=(lunch, *morag.outcomes[0].goals[1:]))
    plan = attrs.evolve(morag, outcomes=(kitchen, *morag.outcomes[1:]), reviews=())
    text = rp.render(plan, "person", "txt", view="review", today=date(2026, 6, 2))
    days = re.findall(r"\((\d{1,2} \w+ 2026)\)\.", words(text))
    assert len(days) == 3
    parsed = [datetime.strptime(day, "%d %B %Y") for day in days]
    assert parsed == sorted(parsed)


def test_steps_untouched_for_a_year_are_counted_per_outcome_for_members(
    long_plan: rp.Plan,
) -> None:
    text = words(rp.render(long_plan, "eilidh", "txt", today=TODAY))
    counts = re.findall(
        r"(\d+) small steps here have not been touched for over a year: to close or re-plan "
        r"at the next review\.",
        text,
    )
    assert counts
    every = sum(1 for place in long_plan.walk_goals() if untouched(place.goal, TODAY))
    listed = sum(
        1
        for place in long_plan.walk_goals()
        if untouched(place.goal, TODAY) and f"{place.goal.statement} " in text
    )
    # each untouched step is either counted under its outcome or still listed (holding a
    # current step of its own)
    assert sum(int(n) for n in counts) + listed == every


def test_capping_keeps_the_first_or_the_latest_and_counts_the_rest() -> None:
    shown = capped(range(30))
    assert (list(shown), shown.total, shown.more) == (list(range(25)), 30, 5)
    rows = latest(range(30), 6)
    assert (list(rows), rows.more) == (list(range(24, 30)), 24)
    assert not capped(())
    assert capped((1,)).more == 0


def review_headings(html: str) -> list[str]:
    """The headings of the reviews section: one per review printed in full."""
    section = html.split('<section id="reviews"', 1)[1].split("</section>", 1)[0]
    return [text for level, text in Page(section).headings if level == 3]


@pytest.mark.parametrize("format", ["html", "txt"])
def test_the_staff_copy_prints_the_latest_reviews_and_counts_the_earlier_ones(
    format: str,
) -> None:
    plan = five_year_plan()
    days = sorted(review.on for review in plan.reviews)
    assert len(days) == 60
    staff = rp.render(plan, "staff", format, today=TODAY)
    assert isinstance(staff, str)
    latest_first = [friendly_date(day) for day in reversed(days)]
    if format == "html":
        assert review_headings(staff) == latest_first[:REVIEWS_IN_FULL]
    else:  # a review's heading is its date, underlined
        headings = re.findall(r"^(.+)\n~+$", staff.split("Reviews\n---")[1], re.MULTILINE)
        assert headings[:REVIEWS_IN_FULL] == latest_first[:REVIEWS_IN_FULL]
        assert latest_first[REVIEWS_IN_FULL] not in headings
    text = words(Page(staff).text if format == "html" else staff)
    earlier = len(days) - REVIEWS_IN_FULL
    assert (
        f"And {earlier} earlier reviews, from {friendly_date(days[0])} to "
        f"{friendly_date(days[earlier - 1])}, in the plan's history: the whole list is in the "
        "plan's JSON file." in text
    )


def test_a_copy_printed_with_its_whole_history_keeps_every_review() -> None:
    plan = five_year_plan()
    full = rp.render(plan, "person", "html", today=TODAY, full_history=True)
    assert isinstance(full, str)
    assert len(review_headings(full)) == len(plan.reviews)
    assert "earlier reviews, from" not in Page(full).text


@settings(max_examples=40, deadline=None)
@given(
    days=st.lists(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)), max_size=12),
    limit=st.integers(min_value=0, max_value=5),
)
def test_recent_reviews_shows_the_latest_and_counts_the_rest(days: list[date], limit: int) -> None:
    reviews = [rp.Review(on=day) for day in days]
    recent = recent_reviews(reviews, limit)
    shown = [review.on for review in recent]
    assert len(shown) + recent.earlier == len(days)
    assert shown == sorted(days, reverse=True)[: len(shown)]
    assert len(shown) == (len(days) if len(days) <= limit else limit)
    if recent.earlier:
        rest = sorted(days)[: recent.earlier]
        assert (recent.first, recent.last) == (rest[0], rest[-1])
        assert all(day >= (recent.last or day) for day in shown)
    assert [r.on for r in recent_reviews(reviews, None)] == sorted(days, reverse=True)


def pages(document: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(document)).pages)


@pytest.mark.skipif(not pdf_available(), reason="WeasyPrint is not installed")
def test_the_five_year_plan_prints_in_at_most_20_pages_and_its_review_pack_in_4() -> None:
    plan = five_year_plan()
    for large in (False, True):
        booklet = rp.render(plan, "person", "pdf", today=TODAY, large_print=large)
        assert pages(booklet) <= 20, large  # 9, and 15 in large print
        pack = rp.render(plan, "person", "pdf", view="review", today=TODAY, large_print=large)
        assert pages(pack) <= 4, large
