"""A review's decisions: recorded, applied to what they are about, shown only where the
reader may see what they are about, and checked against the plan afterwards."""

from __future__ import annotations

import json
from datetime import date

import attrs
import pytest

import recoveryplan as rp
from recoveryplan.audience import redact
from recoveryplan.review_decisions import agrees, latest_review, what_became

from ..support.reference import BUNDLED, TODAY

ON = date(2026, 6, 20)


@pytest.fixture(scope="module")
def morag() -> rp.Plan:
    return rp.load(BUNDLED)


def reviewed(plan: rp.Plan, *decisions: rp.ReviewDecision, on: date = ON) -> rp.Plan:
    return plan.with_review(rp.Review(on=on, attendees=["person"], decisions=decisions))


def decided(about: str, decision: str, due_on: date | None = None) -> rp.ReviewDecision:
    return rp.ReviewDecision(about=about, decision=decision, due_on=due_on)


def disagreeing(plan: rp.Plan) -> list[rp.Finding]:
    return [f for f in rp.validate(plan, today=TODAY) if f.code == "review.decision-disagrees"]


def test_achieved_achieves_the_goal_on_the_review_date(morag: rp.Plan) -> None:
    plan = reviewed(morag, decided("g-bus-on-my-own", "achieved"))
    goal = plan.goal("g-bus-on-my-own")
    assert (goal.status, goal.achieved_on) == (rp.Status.ACHIEVED, ON)
    assert disagreeing(plan) == []


def test_new_date_moves_a_goal_an_outcome_and_a_risk_plan(morag: rp.Plan) -> None:
    new = date(2026, 9, 1)
    plan = reviewed(
        morag,
        decided("g-food-hygiene", "new-date", new),
        decided("oc-callum", "new-date", new),
        decided("rp-bus", "new-date", new),
    )
    assert plan.goal("g-food-hygiene").due_on == new
    assert plan.outcome("oc-callum").target_on == new
    assert plan.risk_plan("rp-bus").review_on == new
    assert plan.goal("g-food-hygiene").status is morag.goal("g-food-hygiene").status


def test_closed_drops_an_open_goal_and_keeps_an_achieved_one(morag: rp.Plan) -> None:
    plan = reviewed(morag, decided("g-spare-room", "closed"), decided("g-sunday-lunch", "closed"))
    assert plan.goal("g-spare-room").status is rp.Status.DROPPED
    assert plan.goal("g-sunday-lunch") == morag.goal("g-sunday-lunch")


def test_carried_on_makes_a_goal_active_and_smaller_step_keeps_an_open_status(
    morag: rp.Plan,
) -> None:
    plan = reviewed(
        morag, decided("g-food-hygiene", "carried-on"), decided("g-bus-on-my-own", "smaller-step")
    )
    assert plan.goal("g-food-hygiene").status is rp.Status.ACTIVE
    assert plan.goal("g-bus-on-my-own").status is rp.Status.PLANNED


def test_a_decision_about_a_risk_plan_other_than_a_date_changes_nothing(morag: rp.Plan) -> None:
    plan = reviewed(morag, decided("rp-bus", "carried-on"))
    assert plan.risk_plans == morag.risk_plans


def test_adding_a_review_through_the_editing_api_applies_it_too(morag: rp.Plan) -> None:
    review = rp.Review(on=ON, decisions=[decided("g-dosette", "achieved")])
    assert morag.add(review).goal("g-dosette").status is rp.Status.ACHIEVED


def test_an_earlier_review_recorded_late_changes_nothing(morag: rp.Plan) -> None:
    plan = reviewed(morag, decided("g-dosette", "achieved"), on=date(2026, 3, 2))
    assert plan.goal("g-dosette") == morag.goal("g-dosette")
    assert latest_review(plan) == morag.reviews[-1]


def test_a_decision_about_nothing_is_refused_when_recorded(morag: rp.Plan) -> None:
    with pytest.raises(rp.PlanValueError, match="'g-nowhere' is not a goal or risk plan"):
        reviewed(morag, decided("g-nowhere", "achieved"))


def test_a_new_date_needs_its_date() -> None:
    with pytest.raises(
        rp.PlanValueError, match="is to move its date, but it gives no new date; add `due_on`"
    ):
        rp.ReviewDecision(about="g-x", decision="new-date")


def test_decisions_round_trip_under_their_key(morag: rp.Plan) -> None:
    plan = reviewed(morag, decided("rp-bus", "new-date", date(2026, 9, 1)))
    data = json.loads(rp.dumps(plan))
    assert data["reviews"][-1]["decisions"] == [
        {"about": "rp-bus", "decision": "new-date", "due_on": "2026-09-01"}
    ]
    assert rp.loads(rp.dumps(plan)) == plan


def test_a_plan_edited_since_loads_and_is_flagged_at_the_goal(morag: rp.Plan) -> None:
    plan = reviewed(morag, decided("g-spare-room", "closed"))
    edited = plan.with_goal_status("g-spare-room", "active")
    again = rp.loads(rp.dumps(edited))
    [finding] = disagreeing(again)
    assert finding.severity == "warning"
    assert finding.path == "$.outcomes[1].goals[0].status"
    assert "decided the small goal 'g-spare-room' was to be closed" in finding.message


def test_progress_since_a_carried_on_decision_is_not_a_disagreement(morag: rp.Plan) -> None:
    plan = reviewed(morag, decided("g-food-hygiene", "carried-on"))
    later = plan.with_goal_status("g-food-hygiene", "achieved", on=date(2026, 7, 1))
    assert disagreeing(later) == []
    dropped = plan.with_goal_status("g-food-hygiene", "dropped")
    assert [f.path for f in disagreeing(dropped)] == ["$.outcomes[0].goals[2].status"]


def test_a_member_sees_no_decision_about_a_risk_plan_not_shared_with_them(
    morag: rp.Plan,
) -> None:
    shared = attrs.evolve(
        morag,
        sharing=[rp.SharingConsent(member="ali", sections=["reviews", "outcomes"])],
    )
    plan = reviewed(
        shared, decided("rp-bus", "new-date", date(2026, 9, 1)), decided("g-dosette", "achieved")
    )
    [kept] = redact(plan, "ali").reviews[-1].decisions
    assert kept.about == "g-dosette"
    assert "rp-bus" not in rp.dumps(redact(plan, "ali"))
    assert [d.about for d in redact(plan, "staff").reviews[-1].decisions] == ["rp-bus", "g-dosette"]


def test_what_became_of_each_decision(morag: rp.Plan) -> None:
    plan = reviewed(morag, decided("g-dosette", "carried-on"), decided("g-spare-room", "closed"))
    edited = plan.with_goal_status("g-spare-room", "active")
    became = what_became(edited, edited.reviews[-1])
    assert [(b.decision.about, b.agrees) for b in became] == [
        ("g-dosette", True),
        ("g-spare-room", False),
    ]
    assert became[1].part == edited.goal("g-spare-room")


@pytest.mark.parametrize(
    ("decision", "status", "agreed"),
    [
        ("achieved", "achieved", True),
        ("achieved", "active", False),
        ("closed", "dropped", True),
        ("closed", "not-achieved", True),
        ("closed", "on-hold", False),
        ("carried-on", "achieved", True),
        ("carried-on", "not-achieved", False),
        ("smaller-step", "planned", True),
        ("smaller-step", "dropped", False),
    ],
)
def test_agreement_by_status(decision: str, status: str, agreed: bool) -> None:
    goal = rp.Goal(id="g-1", statement="A step.", status=status)
    assert agrees(decided("g-1", decision), goal) is agreed


def test_a_decision_added_changed_or_taken_out_is_said_in_a_sentence(morag: rp.Plan) -> None:
    plan = reviewed(morag, decided("g-bus-on-my-own", "achieved"))
    review = plan.reviews[-1]
    dated = decided("rp-bus", "new-date", date(2026, 9, 9))
    more = plan.replace(attrs.evolve(review, decisions=(*review.decisions, dated)))
    bus = "the risk plan “Travelling to college on the bus by myself”"
    assert [str(c) for c in rp.diff(plan, more)] == [
        f"The review on 20 June 2026 gave {bus} a new date, 9 September 2026"
    ]
    assert [str(c) for c in rp.diff(more, plan)] == [
        f"A decision of the review on 20 June 2026 about {bus} was taken out"
    ]
    changed = plan.replace(attrs.evolve(review, decisions=[decided("g-bus-on-my-own", "closed")]))
    [change] = rp.diff(plan, changed)
    assert (change.kind, change.field) == ("changed", "decision")
    assert str(change).endswith("changed from achieved to closed")


@pytest.mark.parametrize("format", ["html", "md", "txt"])
def test_the_plan_lists_each_reviews_decisions(morag: rp.Plan, format: str) -> None:
    plan = reviewed(
        morag,
        decided("g-bus-on-my-own", "achieved"),
        rp.ReviewDecision(
            about="rp-bus", decision="new-date", due_on=date(2026, 9, 9), note="After summer."
        ),
    )
    document = rp.render(plan, "staff", format, today=ON)
    assert isinstance(document, str)
    text = " ".join(document.split())
    assert "“Do the journey on my own and text James when I arrive.”: agreed as done." in text
    assert (
        "“Travelling to college on the bus by myself.”: given a new date, 9 September 2026 "
        "(“After summer.”)." in text
    )
