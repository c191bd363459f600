"""What changed between two versions of a plan: ``rp.diff`` and its sentences, per reader."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import attrs
import pytest

import recoveryplan as rp
from recoveryplan.audience import disclose, redact_as

from ..support.documents import json_texts
from ..support.reference import BUNDLED

ACHIEVED = (
    "Morag achieved the small goal “Do the journey on my own and text James when I arrive” "
    "on 6 May 2026"
)
MOVED = (
    "The small goal “Sign up for the food hygiene course at college” moved from the outcome "
    "“I'm working in a kitchen again” to the outcome “Callum stays with me for a weekend in "
    "the summer”"
)
RATED = "Hope and optimism about the future rating moved from 6 to 7 on 1 September 2026"
DECIDED = (
    "The decision on “Travelling to college on the bus by myself” changed from agreed to "
    "agreed with changes"
)
WIDENED = "Eilidh Sinclair can now see the reviews"


def reference() -> rp.Plan:
    return rp.load(BUNDLED)


def later(
    plan: rp.Plan, decision: rp.DecisionStatus = rp.DecisionStatus.AGREED_WITH_CHANGES
) -> rp.Plan:
    """The reference plan a few months on: a goal achieved, a hope rating added, the risk
    decision changed, Eilidh shown the reviews too, and the food hygiene goal moved."""
    plan = plan.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 5, 6))
    plan = plan.with_rating(rp.Rating(on=date(2026, 9, 1), domain="hope", value=7, by="person"))
    risk = plan.risk_plans[0]
    assert risk.decision is not None
    plan = plan.evolve_item("rp-bus", decision=attrs.evolve(risk.decision, status=decision))
    eilidh, ali = plan.sharing
    widened = attrs.evolve(eilidh, sections=(*eilidh.sections, rp.Section.REVIEWS))
    plan = attrs.evolve(plan, sharing=(widened, ali))
    kitchen, callum, medication = plan.outcomes
    food = plan.find("g-food-hygiene")
    assert isinstance(food, rp.Goal)
    return attrs.evolve(
        plan,
        outcomes=(
            attrs.evolve(kitchen, goals=kitchen.goals[:2]),
            attrs.evolve(callum, goals=(*callum.goals, food)),
            medication,
        ),
    )


def shape(change: rp.Change) -> tuple[str, str | None, str, str | None, Any, Any]:
    return (change.kind, change.id, change.path, change.field, change.before, change.after)


def test_the_five_changes_are_exactly_five_sentences() -> None:
    changes = rp.diff(reference(), later(reference()))
    assert [str(change) for change in changes] == [ACHIEVED, MOVED, RATED, DECIDED, WIDENED]
    assert [shape(change) for change in changes] == [
        ("changed", "g-bus-on-my-own", "$.outcomes[0].goals[1].goals[1].status", "status",
         "planned", "achieved"),
        ("moved", "g-food-hygiene", "$.outcomes[1].goals[2]", "parent", "oc-kitchen",
         "oc-callum"),
        ("added", None, "$.ratings[10]", "ratings", None,
         {"on": "2026-09-01", "domain": "hope", "value": 7, "by": "person"}),
        ("changed", "rp-bus", "$.risk_plans[0].decision.status", "status", "agreed",
         "agreed-with-changes"),
        ("changed", None, "$.sharing[0].sections", "sections",
         ["outcomes", "risk_plans", "safety_plan"],
         ["outcomes", "risk_plans", "safety_plan", "reviews"]),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("reader", "sentences"),
    [
        ("person", [ACHIEVED, MOVED, RATED, DECIDED, WIDENED]),
        ("staff", [ACHIEVED, MOVED, RATED, DECIDED, WIDENED]),
        # Eilidh sees the outcomes and the risk plans, and her own consent, not the ratings.
        ("eilidh", [ACHIEVED, MOVED, DECIDED, WIDENED]),
        # Ali sees only the safety plan, where nothing changed.
        ("ali", []),
    ],
)
def test_each_reader_is_told_what_they_may_see(reader: str, sentences: list[str]) -> None:
    changes = rp.diff(reference(), later(reference()), audience=reader)
    assert [str(change) for change in changes] == sentences


@pytest.mark.parametrize("member", ["james", "priya"])
def test_a_member_shared_nothing_with_gets_no_diff(member: str) -> None:
    with pytest.raises(rp.ConsentError):
        rp.diff(reference(), later(reference()), audience=member)


@pytest.mark.parametrize("member", ["eilidh", "ali"])
def test_a_members_diff_names_nothing_they_may_not_see(member: str) -> None:
    old, new = reference(), later(reference())
    disclosure = disclose(new, member)
    seen = {
        text
        for plan in (redact_as(old, disclosure), disclosure.plan)
        for text in json_texts(rp.to_data(plan))
    }
    hidden = {
        text.rstrip(".")
        for plan in (old, new)
        for text in json_texts(rp.to_data(plan))
        if text not in seen and len(text) > 4
    }
    assert "Community psychiatric nurse" in hidden
    assert "I'd like to meet other people who hear voices and are doing okay" in hidden
    said = json.dumps([change.to_json() for change in rp.diff(old, new, audience=member)])
    said = said.encode().decode("unicode_escape")
    assert [text for text in hidden if text in said] == []


def test_a_decision_agreed_is_one_sentence() -> None:
    before = later(reference(), decision=rp.DecisionStatus.PROPOSED)
    after = later(reference(), decision=rp.DecisionStatus.AGREED)
    (change,) = rp.diff(before, after)
    assert str(change) == (
        "The decision on “Travelling to college on the bus by myself” changed from proposed "
        "to agreed"
    )
    assert (change.kind, change.id, change.field) == ("changed", "rp-bus", "status")


def test_a_widened_consent_is_one_change_not_every_part_it_shows() -> None:
    old = reference()
    eilidh, ali = old.sharing
    new = attrs.evolve(old, sharing=(eilidh, attrs.evolve(ali, sections=tuple(rp.Section))))
    (change,) = rp.diff(old, new, audience="ali")
    assert str(change) == (
        "Ali can now see the assessment, the outcomes and goals, the ratings, the risk plans, "
        "the reviews and the circle"
    )
    assert change.path == "$.sharing[0].sections"  # a path in Ali's copy: his consent alone


def test_a_first_rating_of_a_domain_holds_its_value() -> None:
    plan = attrs.evolve(reference(), ratings=())
    rated = plan.with_rating(rp.Rating(on=date(2026, 9, 1), domain="hope", value=7, by="person"))
    (change,) = rp.diff(plan, rated)
    assert str(change) == "Hope and optimism about the future rated 7 on 1 September 2026"


def test_parts_added_and_removed_are_said_once_with_what_they_hold() -> None:
    plan = reference()
    goal = rp.Goal(
        id="g-new",
        statement="Ask about the café course.",
        status=rp.Status.PLANNED,
        goals=(rp.Goal(id="g-new-call", statement="Phone the college.", status=rp.Status.PLANNED),),
    )
    added = plan.with_goal("oc-kitchen", goal)
    assert [shape(change)[:4] for change in rp.diff(plan, added)] == [
        ("added", "g-new", "$.outcomes[0].goals[3]", None)
    ]
    assert str(rp.diff(plan, added)[0]) == (
        "The small goal “Ask about the café course” was added under the outcome “I'm working "
        "in a kitchen again”"
    )
    assert [shape(change)[:4] for change in rp.diff(added, plan)] == [
        ("removed", "g-new", "$.outcomes[0].goals[3]", None)
    ]
    assert str(rp.diff(added, plan)[0]) == (
        "The small goal “Ask about the café course” was removed from the outcome “I'm working "
        "in a kitchen again”"
    )


def test_an_organisations_kind_of_goal_is_said_as_a_goal() -> None:
    @attrs.frozen(kw_only=True)
    class CostedGoal(rp.Goal):
        cost: int = 0

    plan = reference()
    dosette = plan.goal("g-dosette")
    costed = plan.replace(CostedGoal(**attrs.asdict(dosette, recurse=False), cost=3))
    done = costed.replace(attrs.evolve(costed.goal("g-dosette"), status=rp.Status.ACHIEVED))
    (change,) = rp.diff(costed, done)
    assert str(change).startswith("Morag achieved the small goal “Fill my own dosette box")


def test_lists_are_compared_by_id_not_position() -> None:
    plan = reference()
    reordered = attrs.evolve(plan, outcomes=plan.outcomes[::-1], circle=plan.circle[::-1])
    assert rp.diff(plan, reordered) == []


def test_parts_without_ids_are_compared_field_by_field() -> None:
    plan = reference()
    assert plan.safety_plan is not None
    safety = attrs.evolve(
        plan.safety_plan, warning_signs=(*plan.safety_plan.warning_signs, "I stop eating.")
    )
    person = attrs.evolve(plan.person, pronouns="they/them")
    changes = rp.diff(plan, attrs.evolve(plan, safety_plan=safety, person=person))
    assert [(c.path, c.field, str(c)) for c in changes] == [
        ("$.person.pronouns", "pronouns",
         "The pronouns of Morag Sinclair changed from “she/her” to “they/them”"),
        ("$.safety_plan.warning_signs", "warning_signs",
         "The warning signs of the safety plan now include “I stop eating”"),
    ]  # fmt: skip


def test_a_part_whose_words_changed_is_named_by_its_old_words() -> None:
    plan = reference()
    (change,) = rp.diff(plan, plan.evolve_item("g-dosette", statement="Fill my dosette box."))
    assert str(change) == (
        "The small goal “Fill my own dosette box every Sunday, with James checking it for the "
        "first month” now reads “Fill my dosette box”"
    )
    assert (change.id, change.field) == ("g-dosette", "statement")


def test_where_the_model_says_a_text_is_the_sentence_says_it_so() -> None:
    plan = reference()
    risk = plan.risk_plans[0]
    assert risk.capacity is not None
    capacity = attrs.evolve(risk.capacity, note="Judged again.")
    (change,) = rp.diff(plan, plan.evolve_item("rp-bus", capacity=capacity))
    assert str(change) == (
        "The capacity note of the risk plan “Travelling to college on the bus by myself” "
        "changed from “Morag understands the risks and benefits and has made an informed "
        "choice” to “Judged again”"
    )
    assert (change.id, change.path) == ("rp-bus", "$.risk_plans[0].capacity.note")


def test_a_change_is_plain_json() -> None:
    (change,) = rp.diff(reference(), reference().with_goal_status("g-dosette", "achieved"))
    assert json.loads(json.dumps(change.to_json())) == {
        "kind": "changed",
        "id": "g-dosette",
        "path": "$.outcomes[2].goals[0].status",
        "field": "status",
        "before": "active",
        "after": "achieved",
        "message": "Morag achieved the small goal “Fill my own dosette box every Sunday, with "
        "James checking it for the first month”",
    }


def test_diff_takes_plans() -> None:
    with pytest.raises(TypeError, match="two Plans"):
        rp.diff(reference(), rp.to_data(reference()))  # type: ignore[arg-type]
