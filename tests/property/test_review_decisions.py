"""A review's decisions, over generated plans: a decision the plan agrees with is never
flagged, and recording a review always leaves the plan agreeing with it."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.review_decisions import agrees, disagreements
from recoveryplan.testing.strategies import plans

from ..support.reference import TODAY

KINDS = st.sampled_from(rp.DecisionKind.values())
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


def decided_parts(plan: rp.Plan) -> list[rp.Goal | rp.Outcome | rp.RiskPlan]:
    return [
        part
        for _, part in plan.identified()
        if isinstance(part, rp.Goal | rp.Outcome | rp.RiskPlan)
    ]


def after_every_review(plan: rp.Plan) -> date:
    return max((review.on for review in plan.reviews), default=date(2026, 6, 1)) + timedelta(1)


def flagged(plan: rp.Plan) -> list[rp.Finding]:
    return [f for f in rp.validate(plan, today=TODAY) if f.code == "review.decision-disagrees"]


def drawn_decisions(
    plan: rp.Plan, data: st.DataObject
) -> list[tuple[rp.Goal | rp.Outcome | rp.RiskPlan, rp.ReviewDecision]]:
    """Decisions, each of any kind and with a date, about a few of the plan's parts."""
    parts = decided_parts(plan)
    chosen = data.draw(st.lists(st.sampled_from(parts), unique_by=id)) if parts else []
    return [
        (part, rp.ReviewDecision(about=part.id, decision=data.draw(KINDS), due_on=data.draw(DAYS)))
        for part in chosen
    ]


@settings(max_examples=25, deadline=None)
@given(plans(max_depth=3, max_goals=6), st.data())
def test_recording_a_review_leaves_the_plan_agreeing_with_it(
    plan: rp.Plan, data: st.DataObject
) -> None:
    decisions = [decision for _, decision in drawn_decisions(plan, data)]
    recorded = plan.with_review(rp.Review(on=after_every_review(plan), decisions=decisions))
    assert flagged(recorded) == []
    for decision in decisions:
        part = recorded.find(decision.about)
        assert isinstance(part, rp.Goal | rp.Outcome | rp.RiskPlan)
        assert agrees(decision, part)


@settings(max_examples=25, deadline=None)
@given(plans(max_depth=3, max_goals=6), st.data())
def test_a_decision_the_plan_agrees_with_is_never_flagged(
    plan: rp.Plan, data: st.DataObject
) -> None:
    """Decisions written into the document by hand, not applied: those the plan agrees with
    are never flagged, and each of the others is flagged once, at a date or a status."""
    drawn = drawn_decisions(plan, data)
    review = rp.Review(on=after_every_review(plan), decisions=[d for _, d in drawn])
    by_hand = attrs.evolve(plan, reviews=(*plan.reviews, review))
    expected = sorted(part.id for part, decision in drawn if not agrees(decision, part))
    found = flagged(by_hand)
    assert sorted(id for f in found for id in expected if f" {id!r} " in f.message) == expected
    assert all(f.path.startswith(("$.outcomes", "$.risk_plans")) for f in found)


@settings(max_examples=25, deadline=None)
@given(plans(max_depth=3, max_goals=6), st.data())
def test_decisions_held_to_the_parts_by_id_find_what_the_walk_finds(
    plan: rp.Plan, data: st.DataObject
) -> None:
    """Given the plan's parts by id (no id used twice), the decisions are held to the parts
    they are about before any path is written: the same disagreements, in the same order."""
    drawn = drawn_decisions(plan, data)
    review = rp.Review(on=after_every_review(plan), decisions=[d for _, d in drawn])
    by_hand = attrs.evolve(plan, reviews=(*plan.reviews, review))
    walked = list(disagreements(by_hand))
    assert list(disagreements(by_hand, parts=by_hand.index)) == walked
    assert len(walked) == sum(not agrees(decision, part) for part, decision in drawn)
