"""The plan's own helpers: finding parts by id, walking the goals, names, and immutable edits."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.testing.strategies import plans, texts

STATUSES = "planned, active, on-hold, achieved, not-achieved, dropped"


# -- finding parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id", "kind", "what"),
    [
        ("eilidh", rp.CircleMember, "Eilidh Sinclair"),
        ("st-cooking", rp.AssessmentItem, "I am a good cook and people love my lentil soup."),
        ("oc-callum", rp.Outcome, "Callum stays with me for a weekend in the summer."),
        ("g-sunday-lunch", rp.Goal, "Cook Sunday lunch for Eilidh at my flat."),
        ("g-bus-on-my-own", rp.Goal, "Do the journey on my own and text James when I arrive."),
        ("rp-bus", rp.RiskPlan, "Travelling to college on the bus by myself."),
        ("cn-phone", rp.Concern, "If I am becoming unwell I might leave my phone at home"),
        ("sg-no-text", rp.Safeguard, "If there is no text by 10:30, phone Morag, then Eilidh."),
    ],
)
def test_find_returns_every_kind_of_part(morag: rp.Plan, id: str, kind: type, what: str) -> None:
    part = morag.find(id)
    assert isinstance(part, kind)
    assert part.id == id
    text = {
        rp.CircleMember: "name",
        rp.AssessmentItem: "text",
        rp.Outcome: "statement",
        rp.Goal: "statement",
        rp.RiskPlan: "activity",
        rp.Concern: "description",
        rp.Safeguard: "action",
    }[kind]
    assert getattr(part, text).startswith(what)


def test_find_an_unknown_id_names_it(morag: rp.Plan) -> None:
    with pytest.raises(rp.UnknownReferenceError) as caught:
        morag.find("g-nope")
    assert isinstance(caught.value, rp.PlanError)
    assert isinstance(caught.value, LookupError)
    assert str(caught.value) == "nothing in plan 'plan-rsl-0142' has the id 'g-nope'"


@pytest.mark.parametrize("not_a_part", ["person", "service", "plan-rsl-0142", "person-0142"])
def test_find_does_not_confuse_people_or_the_plan_with_parts(
    morag: rp.Plan, not_a_part: str
) -> None:
    with pytest.raises(rp.UnknownReferenceError, match=repr(not_a_part)):
        morag.find(not_a_part)


def test_index_holds_every_part_with_an_id(morag: rp.Plan) -> None:
    index = morag.index()
    assert list(index) == [
        "eilidh", "james", "priya", "ali",
        "st-cooking", "st-eilidh", "st-warning-signs", "st-allotment", "hp-nephew",
        "hp-hearing-voices", "dr-cafe", "as-kitchen", "nd-medication", "nd-welfare-visit",
        "nd-eilidh-weekends",
        "oc-kitchen", "g-sunday-lunch", "g-college-bus", "g-bus-with-james", "g-bus-on-my-own",
        "g-food-hygiene",
        "oc-callum", "g-spare-room", "g-afternoon-visit",
        "oc-medication", "g-dosette",
        "rp-bus", "cn-crowds", "cn-phone", "sg-crisis-card", "sg-text-on-arrival", "sg-no-text",
    ]  # fmt: skip
    assert all(morag.find(id) is part for id, part in index.items())


def test_index_keeps_the_first_of_a_repeated_id(morag: rp.Plan) -> None:
    clash = attrs.evolve(morag.circle[1], id="eilidh")
    plan = attrs.evolve(morag, circle=(morag.circle[0], clash, *morag.circle[2:]))
    assert plan.index()["eilidh"] is plan.circle[0]
    assert plan.find("eilidh") is plan.circle[0]


def test_identified_gives_each_part_its_json_path(morag: rp.Plan) -> None:
    paths = {part.id: path for path, part in morag.identified()}
    assert paths["ali"] == "$.circle[3]"
    assert paths["nd-eilidh-weekends"] == "$.assessment.items[10]"
    assert paths["oc-callum"] == "$.outcomes[1]"
    assert paths["g-bus-on-my-own"] == "$.outcomes[0].goals[1].goals[1]"
    assert paths["rp-bus"] == "$.risk_plans[0]"
    assert paths["cn-phone"] == "$.risk_plans[0].concerns[1]"
    assert paths["sg-no-text"] == "$.risk_plans[0].safeguards[2]"


def every_id_can_be_found(plan: rp.Plan) -> None:
    for path, part in plan.identified():
        assert plan.find(part.id) is part
        assert path.startswith("$.")


# -- walking the goals -----------------------------------------------------------------------


def test_walk_goals_gives_depth_parent_outcome_and_path(morag: rp.Plan) -> None:
    walked = [
        (place.goal.id, place.depth, place.parent.id, place.outcome.id, place.path)
        for place in morag.walk_goals()
    ]
    assert walked == [
        ("g-sunday-lunch", 1, "oc-kitchen", "oc-kitchen", "$.outcomes[0].goals[0]"),
        ("g-college-bus", 1, "oc-kitchen", "oc-kitchen", "$.outcomes[0].goals[1]"),
        ("g-bus-with-james", 2, "g-college-bus", "oc-kitchen", "$.outcomes[0].goals[1].goals[0]"),
        ("g-bus-on-my-own", 2, "g-college-bus", "oc-kitchen", "$.outcomes[0].goals[1].goals[1]"),
        ("g-food-hygiene", 1, "oc-kitchen", "oc-kitchen", "$.outcomes[0].goals[2]"),
        ("g-spare-room", 1, "oc-callum", "oc-callum", "$.outcomes[1].goals[0]"),
        ("g-afternoon-visit", 1, "oc-callum", "oc-callum", "$.outcomes[1].goals[1]"),
        ("g-dosette", 1, "oc-medication", "oc-medication", "$.outcomes[2].goals[0]"),
    ]


def test_walk_goals_of_a_plan_without_outcomes_is_empty() -> None:
    plan = rp.Plan(id="p", framework="chime", person=rp.Person(id="x", name="Morag"))
    assert list(plan.walk_goals()) == []


def walk_goals_places_each_goal_under_its_parent(plan: rp.Plan) -> None:
    for place in plan.walk_goals():
        assert place.goal in place.parent.goals
        assert place.path.count(".goals[") == place.depth
        if place.depth == 1:
            assert place.parent is place.outcome
        else:
            assert isinstance(place.parent, rp.Goal)


@given(plans())
def test_in_a_generated_plan_every_id_is_found_and_every_goal_is_under_its_parent(
    plan: rp.Plan,
) -> None:
    """Both on the same plans: drawing a plan costs far more than either."""
    every_id_can_be_found(plan)
    walk_goals_places_each_goal_under_its_parent(plan)


# -- names -------------------------------------------------------------------------------------


def test_name_of_the_person_is_their_preferred_name(morag: rp.Plan) -> None:
    assert morag.name_of("person") == "Morag"
    plain = attrs.evolve(morag, person=attrs.evolve(morag.person, preferred_name=None))
    assert plain.name_of("person") == "Morag Sinclair"
    assert plain.person.called == "Morag Sinclair"


def test_name_of_the_service(morag: rp.Plan) -> None:
    assert morag.name_of("service") == "Riverside Supported Living"
    assert attrs.evolve(morag, service=None).name_of("service") == "the service"


def test_name_of_a_circle_member(morag: rp.Plan) -> None:
    assert morag.name_of("priya") == "Priya Nair"
    assert morag.member("ali").relationship == "Friend from the allotment"


def test_name_of_someone_unknown_lists_the_circle(morag: rp.Plan) -> None:
    with pytest.raises(rp.UnknownReferenceError) as caught:
        morag.name_of("callum")
    assert str(caught.value) == (
        "'callum' is not in the circle of plan 'plan-rsl-0142' "
        "(circle ids: eilidh, james, priya, ali)"
    )


def test_name_of_someone_when_there_is_no_circle(morag: rp.Plan) -> None:
    with pytest.raises(rp.UnknownReferenceError, match=r"\(circle ids: none\)"):
        attrs.evolve(morag, circle=()).name_of("eilidh")


def test_a_goal_is_not_a_circle_member(morag: rp.Plan) -> None:
    with pytest.raises(rp.UnknownReferenceError, match="'g-dosette' is not in the circle"):
        morag.member("g-dosette")


# -- changing a goal's status ----------------------------------------------------------------


def test_achieving_a_nested_goal_records_the_day(morag: rp.Plan) -> None:
    plan = morag.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 5, 6))
    goal = plan.find("g-bus-on-my-own")
    assert isinstance(goal, rp.Goal)
    assert goal.status is rp.Status.ACHIEVED
    assert goal.achieved_on == date(2026, 5, 6)
    assert _others(plan, "g-bus-on-my-own") == _others(morag, "g-bus-on-my-own")


def test_achieving_again_without_a_day_keeps_the_day_it_was_achieved(morag: rp.Plan) -> None:
    plan = morag.with_goal_status("g-sunday-lunch", rp.Status.ACHIEVED)
    goal = plan.find("g-sunday-lunch")
    assert isinstance(goal, rp.Goal)
    assert goal.achieved_on == date(2026, 4, 5)
    assert plan == morag


def test_achieving_without_a_day_leaves_the_day_unknown(morag: rp.Plan) -> None:
    goal = morag.with_goal_status("g-dosette", "achieved").find("g-dosette")
    assert isinstance(goal, rp.Goal)
    assert (goal.status, goal.achieved_on) == (rp.Status.ACHIEVED, None)


@pytest.mark.parametrize("status", ["active", "on-hold", "not-achieved", rp.Status.DROPPED])
def test_un_achieving_a_goal_clears_the_day(morag: rp.Plan, status: str) -> None:
    plan = morag.with_goal_status("g-sunday-lunch", status, on=date(2026, 6, 1))
    goal = plan.find("g-sunday-lunch")
    assert isinstance(goal, rp.Goal)
    assert goal.status == status
    assert isinstance(goal.status, rp.Status)
    assert goal.achieved_on is None


def test_an_outcome_status_changes_by_its_id(morag: rp.Plan) -> None:
    plan = morag.with_goal_status("oc-callum", "achieved", on=date(2026, 8, 10))
    outcome = plan.find("oc-callum")
    assert isinstance(outcome, rp.Outcome)
    assert (outcome.status, outcome.achieved_on) == (rp.Status.ACHIEVED, date(2026, 8, 10))
    assert outcome.goals == morag.outcomes[1].goals
    assert plan.outcomes[0] == morag.outcomes[0]
    assert plan.outcomes[2] == morag.outcomes[2]


def test_a_status_that_does_not_exist_lists_the_allowed_ones(morag: rp.Plan) -> None:
    with pytest.raises(rp.PlanValueError) as caught:
        morag.with_goal_status("g-dosette", "done")
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == f"'done' is not a status; use one of: {STATUSES}"


@pytest.mark.parametrize("id", ["g-nope", "eilidh", "rp-bus", "person"])
def test_a_status_for_something_that_is_not_a_goal_or_outcome(morag: rp.Plan, id: str) -> None:
    with pytest.raises(rp.UnknownReferenceError) as caught:
        morag.with_goal_status(id, "achieved")
    assert str(caught.value) == f"no outcome or goal in plan 'plan-rsl-0142' has the id {id!r}"


ADDED = "outcome-added"
"""The id of an outcome given to a plan drawn without any; every id a plan is drawn with ends
in a number, so it is never already there."""


@st.composite
def _with_an_outcome(draw: st.DrawFn) -> rp.Plan:
    """A generated plan with an outcome at least: one drawn without any gets one of its own,
    so that no draw is thrown away."""
    plan = draw(plans())
    if plan.outcomes:
        return plan
    status = draw(st.sampled_from(rp.Status))
    return attrs.evolve(
        plan, outcomes=(rp.Outcome(id=ADDED, statement=draw(texts()), status=status),)
    )


@given(_with_an_outcome(), st.data())
def test_a_status_change_touches_only_that_goal(plan: rp.Plan, data: st.DataObject) -> None:
    ids = [outcome.id for outcome in plan.outcomes] + [p.goal.id for p in plan.walk_goals()]
    id = data.draw(st.sampled_from(ids))
    status = data.draw(st.sampled_from(rp.Status))
    changed = plan.with_goal_status(id, status)
    part = changed.find(id)
    assert isinstance(part, rp.Goal | rp.Outcome)
    assert part.status is status
    assert _others(changed, id) == _others(plan, id)


def _others(plan: rp.Plan, id: str) -> list[tuple[str, object, object, object]]:
    """Every outcome and goal other than ``id``, without their goals (which may hold ``id``)."""
    parts: list[rp.Outcome | rp.Goal] = [*plan.outcomes, *(p.goal for p in plan.walk_goals())]
    return [(p.id, p.status, p.achieved_on, p.statement) for p in parts if p.id != id]


# -- adding goals, reviews and ratings -------------------------------------------------------

NEW_GOAL = rp.Goal(
    id="g-buy-airbed",
    statement="Buy an airbed for Callum.",
    status=rp.Status.PLANNED,
    due_on=date(2026, 7, 1),
    support=(rp.SupportAction(by="eilidh", action="Come with me to the shop."),),
)


def test_a_goal_is_added_last_under_an_outcome(morag: rp.Plan) -> None:
    plan = morag.with_goal("oc-callum", NEW_GOAL)
    assert plan.outcomes[1].goals == (*morag.outcomes[1].goals, NEW_GOAL)
    assert plan.find("g-buy-airbed") == NEW_GOAL
    assert rp.loads(rp.dumps(plan)) == plan


def test_a_goal_is_added_under_a_nested_goal(morag: rp.Plan) -> None:
    plan = morag.with_goal("g-bus-with-james", NEW_GOAL)
    place = next(p for p in plan.walk_goals() if p.goal.id == "g-buy-airbed")
    assert (place.depth, place.parent.id, place.outcome.id) == (3, "g-bus-with-james", "oc-kitchen")
    assert place.path == "$.outcomes[0].goals[1].goals[0].goals[0]"


def test_a_goal_with_small_goals_of_its_own_is_added_whole(morag: rp.Plan) -> None:
    step = rp.Goal(id="g-measure-room", statement="Measure the room.", status=rp.Status.PLANNED)
    plan = morag.with_goal("oc-callum", attrs.evolve(NEW_GOAL, goals=(step,)))
    assert plan.find("g-measure-room") == step


@pytest.mark.parametrize(
    "taken", ["g-dosette", "g-bus-on-my-own", "oc-kitchen", "eilidh", "sg-no-text"]
)
def test_a_goal_with_an_id_already_used_is_refused(morag: rp.Plan, taken: str) -> None:
    with pytest.raises(rp.PlanValueError) as caught:
        morag.with_goal("oc-callum", attrs.evolve(NEW_GOAL, id=taken))
    assert str(caught.value) == f"the id {taken!r} is already used in plan 'plan-rsl-0142'"


def test_a_goal_whose_small_goal_reuses_an_id_is_refused(morag: rp.Plan) -> None:
    step = rp.Goal(id="g-spare-room", statement="Clear the room.", status=rp.Status.PLANNED)
    with pytest.raises(rp.PlanValueError, match="'g-spare-room' is already used"):
        morag.with_goal("oc-callum", attrs.evolve(NEW_GOAL, goals=(step,)))


def test_a_goal_that_repeats_its_own_id_below_is_refused(morag: rp.Plan) -> None:
    step = attrs.evolve(NEW_GOAL, statement="The same id again.")
    with pytest.raises(rp.PlanValueError) as caught:
        morag.with_goal("oc-callum", attrs.evolve(NEW_GOAL, goals=(step,)))
    assert str(caught.value) == "the id 'g-buy-airbed' is used twice in the new goal"


def test_a_goal_under_something_that_is_not_a_goal_or_outcome(morag: rp.Plan) -> None:
    with pytest.raises(rp.UnknownReferenceError, match="has the id 'rp-bus'"):
        morag.with_goal("rp-bus", NEW_GOAL)


def test_a_review_is_recorded_with_the_next_review_day(morag: rp.Plan) -> None:
    review = rp.Review(on=date(2026, 9, 1), attendees=("person", "james"), went_well="All of it.")
    plan = morag.with_review(review, next_review_on=date(2027, 3, 1))
    assert plan.reviews == (*morag.reviews, review)
    assert plan.next_review_on == date(2027, 3, 1)
    assert morag.with_review(review).next_review_on == morag.next_review_on


def test_a_rating_is_added(morag: rp.Plan) -> None:
    rating = rp.Rating(on=date(2026, 9, 1), domain="hope", value=8, by="person")
    plan = morag.with_rating(rating)
    assert plan.ratings == (*morag.ratings, rating)
    assert rp.loads(rp.dumps(plan)) == plan


# -- immutability ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda plan: setattr(plan, "id", "another"),
        lambda plan: setattr(plan.person, "name", "Someone else"),
        lambda plan: setattr(plan.outcomes[0].goals[1].goals[0], "status", rp.Status.DROPPED),
        lambda plan: setattr(plan.risk_plans[0].safeguards[0], "by", "service"),
        lambda plan: delattr(plan, "circle"),
    ],
)
def test_plans_cannot_be_changed_in_place(morag: rp.Plan, change: object) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        change(morag)  # type: ignore[operator]


def test_every_edit_leaves_the_original_plan_as_it_was(morag: rp.Plan) -> None:
    before = rp.dumps(morag)
    morag.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 5, 6))
    morag.with_goal_status("oc-medication", "on-hold")
    morag.with_goal("g-college-bus", NEW_GOAL)
    morag.with_review(rp.Review(on=date(2026, 9, 1)), next_review_on=date(2027, 1, 1))
    morag.with_rating(rp.Rating(on=date(2026, 9, 1), domain="hope", value=8, by="person"))
    assert rp.dumps(morag) == before


def test_status_knows_what_is_still_being_worked_towards() -> None:
    assert [s.value for s in rp.Status if s.is_open] == ["planned", "active", "on-hold"]
    assert rp.Status.values() == STATUSES.split(", ")
    assert rp.Status.ACTIVE == "active"  # type: ignore[comparison-overlap]
