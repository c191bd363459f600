"""Two writers at once: ``rp.merge`` on the reference plan, and what it calls a conflict."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import recoveryplan as rp

from ..support.reference import BUNDLED


def reference() -> rp.Plan:
    return rp.load(BUNDLED)


def test_edits_to_different_parts_and_fields_combine() -> None:
    base = reference()
    ours = base.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 5, 6))
    ours = ours.with_rating(rp.Rating(on=date(2026, 9, 1), domain="hope", value=7, by="person"))
    theirs = base.evolve_item("g-bus-on-my-own", due_on=date(2026, 5, 9))
    theirs = theirs.with_rating(
        rp.Rating(on=date(2026, 9, 1), domain="meaning", value=6, by="person")
    )
    theirs = theirs.with_goal(
        "oc-callum", rp.Goal(id="g-bed", statement="Buy a bed.", status=rp.Status.PLANNED)
    )
    merged, conflicts = rp.merge(base, ours, theirs)
    assert conflicts == []
    goal = merged.find("g-bus-on-my-own")
    assert isinstance(goal, rp.Goal)
    assert (goal.status, goal.achieved_on, goal.due_on) == (
        "achieved",
        date(2026, 5, 6),
        date(2026, 5, 9),
    )
    assert [(r.domain, r.value) for r in merged.ratings[-2:]] == [("hope", 7), ("meaning", 6)]
    assert merged.find("g-bed").id == "g-bed"
    assert rp.from_data(rp.to_data(merged)) == merged


def test_the_same_field_changed_two_ways_is_a_conflict_naming_both_values() -> None:
    base = reference()
    ours = base.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 5, 6))
    theirs = base.with_goal_status("g-bus-on-my-own", "dropped")
    merged, (conflict,) = rp.merge(base, ours, theirs)
    assert (conflict.id, conflict.field, conflict.base, conflict.ours, conflict.theirs) == (
        "g-bus-on-my-own",
        "status",
        "planned",
        "achieved",
        "dropped",
    )
    text = str(conflict)
    assert all(word in text for word in ("'g-bus-on-my-own'", "'status'", "achieved", "dropped"))
    assert merged == ours  # where they conflict, ours is kept


def test_a_part_removed_on_one_side_and_changed_on_the_other_is_a_conflict() -> None:
    base = reference()
    risk = base.risk_plans[0]
    ours = base.evolve_item("rp-bus", safeguards=risk.safeguards[:2])
    theirs = base.evolve_item("sg-no-text", action="Phone Morag at 10:30, then Eilidh.")
    merged, (conflict,) = rp.merge(base, ours, theirs)
    assert conflict.id == "sg-no-text"
    assert "removed" in str(conflict)
    assert merged.find("sg-no-text").id == "sg-no-text"  # kept: nothing is lost


def test_one_id_given_to_two_different_parts_is_a_conflict() -> None:
    base = reference()
    ours = base.with_goal(
        "oc-kitchen", rp.Goal(id="g-new", statement="One.", status=rp.Status.PLANNED)
    )
    theirs = base.with_goal(
        "oc-callum", rp.Goal(id="g-new", statement="Two.", status=rp.Status.PLANNED)
    )
    merged, conflicts = rp.merge(base, ours, theirs)
    assert [(c.id, c.field) for c in conflicts] == [("g-new", None)]
    assert "different part" in str(conflicts[0])
    assert [p.goal.id for p in merged.walk_goals()].count("g-new") == 1


def test_a_reference_to_a_part_the_other_side_removed_is_a_conflict() -> None:
    base = reference()
    outcome = base.outcomes[0]
    ours = base.evolve_item("oc-kitchen", goals=outcome.goals[:2])  # g-food-hygiene removed
    theirs = base.evolve_item("rp-bus", supports=("g-college-bus", "g-food-hygiene"))
    _merged, conflicts = rp.merge(base, ours, theirs)
    assert [(c.id, c.path, c.field, c.theirs) for c in conflicts] == [
        ("rp-bus", "$.risk_plans[0].supports[1]", "supports", "g-food-hygiene")
    ]


def test_a_goal_moved_on_one_side_and_edited_on_the_other_is_both() -> None:
    base = reference()
    kitchen, callum, medication = base.outcomes
    food = kitchen.goals[2]
    ours = attrs.evolve(
        base,
        outcomes=(
            attrs.evolve(kitchen, goals=kitchen.goals[:2]),
            attrs.evolve(callum, goals=(*callum.goals, food)),
            medication,
        ),
    )
    theirs = base.evolve_item("g-food-hygiene", status_note="Forms picked up.")
    merged, conflicts = rp.merge(base, ours, theirs)
    assert conflicts == []
    assert [(c.kind, c.id, c.field) for c in rp.diff(base, merged)] == [
        ("moved", "g-food-hygiene", "parent"),
        ("changed", "g-food-hygiene", "status_note"),
    ]


def test_a_goal_added_into_one_the_other_side_removed_keeps_it() -> None:
    base = reference()
    kitchen = base.outcomes[0]
    ours = base.evolve_item("oc-kitchen", goals=kitchen.goals[:2])
    theirs = base.with_goal(
        "g-food-hygiene", rp.Goal(id="g-form", statement="Get the form.", status=rp.Status.PLANNED)
    )
    merged, (conflict,) = rp.merge(base, ours, theirs)
    assert conflict.id == "g-food-hygiene"
    assert "g-form" in str(conflict)
    assert merged.find("g-form").id == "g-form"


def test_goals_each_moved_under_the_other_stay_in_the_plan() -> None:
    base = reference()
    kitchen = base.outcomes[0]
    lunch, college, food = kitchen.goals

    def under(outer: rp.Goal, inner: rp.Goal) -> rp.Plan:
        goals = tuple(
            attrs.evolve(goal, goals=(*goal.goals, inner)) if goal is outer else goal
            for goal in kitchen.goals
            if goal is not inner
        )
        return base.evolve_item("oc-kitchen", goals=goals)

    merged, conflicts = rp.merge(base, under(lunch, food), under(food, lunch))
    assert [(c.id, c.field) for c in conflicts] == [("g-sunday-lunch", "parent")]
    assert {place.goal.id for place in merged.walk_goals()} == {
        place.goal.id for place in base.walk_goals()
    }
    assert college in merged.outcomes[0].goals


def test_merge_takes_plans() -> None:
    with pytest.raises(TypeError, match="three Plans"):
        rp.merge(reference(), reference(), None)  # type: ignore[arg-type]
