"""The review pack's "What changed since the last review": ``render(..., since=older)``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import attrs
import pytest

import recoveryplan as rp
from recoveryplan.review_changes import GROUPS, changes_since
from recoveryplan.templating import BUILTIN_TEMPLATES

from ..support.reference import BUNDLED, TODAY

ACHIEVED = (
    "Morag achieved the small goal “Do the journey on my own and text James when I arrive” "
    "on 6 May 2026"
)
RATED = "Hope and optimism about the future rating moved from 4 to 7 on 20 May 2026"
TEXT_FORMATS = ("html", "md", "txt")


def reference() -> rp.Plan:
    return rp.load(BUNDLED)


def later(plan: rp.Plan) -> rp.Plan:
    """The plan a little later: the bus goal achieved and a hope rating added."""
    plan = plan.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 5, 6))
    return plan.with_rating(rp.Rating(on=date(2026, 5, 20), domain="hope", value=7, by="person"))


def with_reviews_for_eilidh(plan: rp.Plan) -> rp.Plan:
    """Eilidh given the reviews too (she has outcomes, not ratings), so she has a review pack."""
    eilidh, ali = plan.sharing
    widened = attrs.evolve(eilidh, sections=(*eilidh.sections, rp.Section.REVIEWS))
    return attrs.evolve(plan, sharing=(widened, ali))


def words(document: str) -> str:
    """The document's text with its line breaks undone (plain text wraps long lines)."""
    return " ".join(document.split())


def pack(plan: rp.Plan, reader: str, format: str, since: rp.Plan | None) -> str:
    document = rp.render(plan, reader, format, view="review", today=TODAY, since=since)
    assert isinstance(document, str)
    return document


@pytest.mark.parametrize("format", TEXT_FORMATS)
@pytest.mark.parametrize("reader", ["person", "staff"])
def test_a_goal_achieved_and_a_rating_added_are_in_the_pack(reader: str, format: str) -> None:
    old = reference()
    document = words(pack(later(old), reader, format, since=old))
    heading = (
        "What changed since my last review"
        if reader == "person"
        else ("What changed since the last review")
    )
    assert heading in document
    assert ACHIEVED in document
    assert RATED in document
    assert "2 changes since" in document
    assert document.index(ACHIEVED) < document.index(RATED)  # achievements come first


def test_the_sentences_are_the_diffs_for_that_reader() -> None:
    old, new = reference(), later(reference())
    for reader in ("person", "staff"):
        sentences = [str(change) for change in rp.diff(old, new, audience=reader)]
        assert sentences == [ACHIEVED, RATED]
        found = changes_since(old, new, reader)
        assert found.count == 2
        assert [(group.kind, group.sentences) for group in found.groups] == [
            ("achieved", (ACHIEVED,)),
            ("added", (RATED,)),
        ]


@pytest.mark.parametrize("format", TEXT_FORMATS)
def test_a_circle_member_sees_only_what_they_may(format: str) -> None:
    old = with_reviews_for_eilidh(reference())
    document = words(pack(later(old), "eilidh", format, since=old))
    assert ACHIEVED in document
    assert RATED not in document
    assert "Hope and optimism" not in document  # no ratings at all in Eilidh's copy
    assert "1 change since the last review in what Morag shares with you." in document


@pytest.mark.parametrize("format", TEXT_FORMATS)
@pytest.mark.parametrize(
    ("reader", "line"),
    [
        ("person", "Nothing in my plan has changed since my last review."),
        ("staff", "Nothing has changed since the last review."),
    ],
)
def test_nothing_changed_says_so(reader: str, line: str, format: str) -> None:
    plan = reference()
    document = words(pack(plan, reader, format, since=reference()))
    assert line in document
    assert "changes since" not in document


@pytest.mark.parametrize("format", TEXT_FORMATS)
@pytest.mark.parametrize("reader", ["person", "staff"])
def test_without_since_the_pack_is_as_it_was(reader: str, format: str) -> None:
    plan = later(reference())
    document = pack(plan, reader, format, since=None)
    assert "What changed since" not in document
    assert document == rp.render(plan, reader, format, view="review", today=TODAY)


def test_every_group_has_a_heading_in_the_words() -> None:
    text = (Path(BUILTIN_TEMPLATES) / "_words.j2").read_text(encoding="utf-8")
    block = text[text.index("change_groups") :]
    for group in GROUPS:
        assert f'"{group}":' in block


def test_a_moved_and_a_removed_goal_are_grouped_apart() -> None:
    old = reference()
    kitchen, callum, medication = old.outcomes
    food = old.find("g-food-hygiene")
    assert isinstance(food, rp.Goal)
    moved = attrs.evolve(
        old,
        outcomes=(
            attrs.evolve(kitchen, goals=kitchen.goals[:2]),
            attrs.evolve(callum, goals=(*callum.goals, food)),
            medication,
        ),
    )
    kinds = [group.kind for group in changes_since(old, moved, "staff").groups]
    assert kinds == ["moved"]
    document = words(pack(moved, "staff", "md", since=old))
    assert "### Moved" in document
    assert "### Achieved" not in document


def test_since_with_another_view_is_refused() -> None:
    plan = reference()
    with pytest.raises(rp.PlanValueError, match="only the review pack"):
        rp.render(plan, "staff", "md", view="plan", today=TODAY, since=plan)


def test_since_of_another_plan_is_refused() -> None:
    plan = reference()
    other = attrs.evolve(plan, id="someone-else")
    with pytest.raises(rp.PlanValueError, match=r"same plan.*'someone-else'"):
        rp.render(plan, "staff", "md", view="review", today=TODAY, since=other)


def test_since_must_be_a_plan() -> None:
    plan = reference()
    with pytest.raises(TypeError, match="since must be a Plan"):
        rp.render(plan, "staff", "md", view="review", since=str(BUNDLED))  # type: ignore[call-overload]


# -- the pack opens with what was agreed last time -------------------------------------------

AFTER = date(2026, 6, 20)


def pack_after(plan: rp.Plan, reader: str, format: str = "txt") -> str:
    """The review pack printed on 20 June, after the reviews and ratings these tests add."""
    document = rp.render(plan, reader, format, view="review", today=AFTER)
    assert isinstance(document, str)
    return words(document)


def reviewed_again(plan: rp.Plan) -> rp.Plan:
    """A review on 10 June that decided three things, and a goal dropped since."""
    review = rp.Review(
        on=date(2026, 6, 10),
        attendees=["person", "james"],
        next="Try the Saturday bus with Eilidh.",
        decisions=[
            rp.ReviewDecision(about="g-bus-on-my-own", decision="achieved"),
            rp.ReviewDecision(
                about="rp-bus", decision="new-date", due_on=date(2026, 9, 15), note="After summer."
            ),
            rp.ReviewDecision(about="g-dosette", decision="carried-on"),
        ],
    )
    return plan.with_review(review).with_goal_status("g-dosette", "dropped")


@pytest.mark.parametrize("format", TEXT_FORMATS)
def test_the_pack_opens_with_the_agreed_next_steps_and_what_became_of_each(format: str) -> None:
    text = pack_after(reviewed_again(reference()), "staff", format)
    opening = text.index("What was agreed at the last review")
    assert opening < text.index("What Morag has achieved")
    assert opening < text.index("own ratings moved")
    assert "At the review on 10 June 2026, the next steps agreed were:" in text
    assert "Try the Saturday bus with Eilidh." in text
    assert (
        "“Do the journey on my own and text James when I arrive.”: agreed as done. Where it "
        "stands now: Done!" in text
    )
    assert (
        "“Travelling to college on the bus by myself.”: given a new date, 15 September 2026 "
        "(“After summer.”). To look at again by 15 September 2026." in text
    )
    assert (
        "to carry on. Where it stands now: Decided not to do this. This does not match what "
        "was decided: worth talking about." in text
    )


def test_the_reference_pack_opens_with_the_last_reviews_next_steps() -> None:
    text = words(pack(reference(), "person", "txt", None))
    assert text.index("What we agreed last time") < text.index("What I've achieved")
    assert "At my review on 1 June 2026, the next steps agreed were:" in text
    assert "Book the food hygiene course; plan Callum's weekend stay." in text
    assert "What became of each decision" not in text  # the reference review decided nothing


def test_a_member_is_not_told_of_a_decision_about_a_risk_plan_they_may_not_see() -> None:
    plan = reviewed_again(reference())
    ali = rp.SharingConsent(member="ali", sections=["reviews", "outcomes"])
    plan = attrs.evolve(plan, sharing=(plan.sharing[0], ali))  # Eilidh as she was, and Ali
    text = pack_after(plan, "ali", "html")
    assert "Try the Saturday bus with Eilidh." in text
    assert "agreed as done" in text
    assert "Travelling to college" not in text
    assert "15 September 2026" not in text


def test_the_ratings_compare_the_period_with_what_came_before() -> None:
    plan = reference().with_rating(
        rp.Rating(on=date(2026, 6, 15), domain="hope", value=8, by="person")
    )
    text = pack_after(plan, "person")
    assert "Hope and optimism about the future: from 6 to 8, up 2" in text  # 1 June, then 15 June
    assert "Connectedness: not rated again since 1 June 2026, when it was 7" in text


def test_without_a_review_the_ratings_compare_the_latest_two() -> None:
    plan = attrs.evolve(reference(), reviews=())
    text = words(pack(plan, "person", "txt", None))
    assert "Hope and optimism about the future: from 4 to 6, up 2" in text
    assert "What we agreed last time" not in text
