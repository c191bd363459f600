"""Editing a plan by id: typed finders, add/replace/remove for every collection, one part read
from data, and the model's constructors typed for what they accept."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, get_args

import attrs
import pytest

import recoveryplan as rp
from recoveryplan import _converter
from recoveryplan._fields import Enumeration, model_classes, sequence_of, type_hints
from recoveryplan._walking import walk
from recoveryplan.editing import Part

from ..support.reference import BUNDLED


@pytest.fixture(scope="module")
def plan() -> rp.Plan:
    return rp.load(BUNDLED)


# -- every collection ------------------------------------------------------------------------

NEW: list[tuple[str, Part, str | None, Callable[[rp.Plan], Any]]] = [
    (
        "circle member",
        rp.CircleMember(id="kim", name="Kim", role="peer"),
        None,
        lambda p: p.member("kim"),
    ),
    (
        "assessment item",
        rp.AssessmentItem(id="as-new", kind="hope", text="A garden", voice="person"),
        None,
        lambda p: p.item("as-new"),
    ),
    (
        "outcome",
        rp.Outcome(id="oc-new", statement="Grow vegetables", status="planned"),
        None,
        lambda p: p.outcome("oc-new"),
    ),
    (
        "goal under an outcome",
        rp.Goal(id="g-new", statement="Buy seeds", status="planned"),
        "oc-kitchen",
        lambda p: p.goal("g-new"),
    ),
    (
        "goal under a nested goal",
        rp.Goal(id="g-new", statement="Buy seeds", status="planned"),
        "g-bus-on-my-own",
        lambda p: p.goal("g-new"),
    ),
    (
        "risk plan",
        rp.RiskPlan(id="rp-new", activity="Cook alone"),
        None,
        lambda p: p.risk_plan("rp-new"),
    ),
    (
        "concern",
        rp.Concern(id="cn-new", description="Rain", likelihood="likely", severity="minor"),
        "rp-bus",
        lambda p: p.concern("cn-new"),
    ),
    (
        "safeguard",
        rp.Safeguard(id="sg-new", action="Take a coat", by="person", addresses=["cn-crowds"]),
        "rp-bus",
        lambda p: p.safeguard("sg-new"),
    ),
    (
        "rating",
        rp.Rating(on=date(2026, 6, 2), domain="hope", value=8, by="person"),
        None,
        lambda p: p.rating("hope", date(2026, 6, 2)),
    ),
    (
        "review",
        rp.Review(on=date(2026, 6, 3), attendees=["person"]),
        None,
        lambda p: p.review(date(2026, 6, 3)),
    ),
    (
        "sharing entry",
        rp.SharingConsent(member="james", sections=["ratings"]),
        None,
        lambda p: p.sharing_with("james"),
    ),
]


@pytest.mark.parametrize(("what", "part", "under", "found"), NEW, ids=[n[0] for n in NEW])
def test_every_collection_takes_a_new_part_which_can_be_replaced_and_removed(
    plan: rp.Plan, what: str, part: Any, under: str | None, found: Callable[[rp.Plan], Any]
) -> None:
    added = plan.add(part, under=under)
    assert found(added) == part
    assert added != plan
    changed = _changed(part)
    replaced = added.replace(changed)
    assert found(replaced) == changed
    assert replaced.remove(part if not hasattr(part, "id") else part.id) == plan
    assert rp.loads(rp.dumps(replaced)) == replaced


def _changed(part: Any) -> Any:
    for name, value in (
        ("name", "Kim Lee"),
        ("text", "A bigger garden"),
        ("statement", "Something else"),
        ("activity", "Cook with James"),
        ("description", "Snow"),
        ("action", "Take a hat"),
        ("note", "A good day"),
        ("went_well", "Everything"),
        ("sections", ("ratings", "outcomes")),
    ):
        if hasattr(part, name):
            return attrs.evolve(part, **{name: value})
    raise AssertionError(part)


def test_an_edit_keeps_the_plan_it_was_made_from(plan: rp.Plan) -> None:
    before = rp.dumps(plan)
    done = plan.replace(attrs.evolve(plan.goal("g-bus-on-my-own"), status="achieved"))
    assert done.goal("g-bus-on-my-own").status is rp.Status.ACHIEVED
    assert rp.dumps(plan) == before
    assert plan.goal("g-bus-on-my-own").status is rp.Status.PLANNED


def test_a_replaced_part_stays_where_it_was(plan: rp.Plan) -> None:
    ids = [goal.id for goal in plan.outcome("oc-kitchen").goals]
    goal = plan.goal(ids[0])
    done = plan.replace(attrs.evolve(goal, statement="Sunday lunch for four"))
    assert [g.id for g in done.outcome("oc-kitchen").goals] == ids


def test_removing_a_goal_takes_its_smaller_goals_with_it(plan: rp.Plan) -> None:
    (parent,) = [p.parent for p in plan.walk_goals() if p.goal.id == "g-bus-on-my-own"]
    assert isinstance(parent, rp.Goal)
    free = plan.remove("rp-bus")  # the risk plan supports goals under it
    gone = free.remove(parent.id)
    assert {place.goal.id for place in gone.walk_goals()}.isdisjoint(
        {parent.id, "g-bus-on-my-own", "g-bus-with-james"}
    )


def test_the_first_assessment_item_makes_the_assessment() -> None:
    bare = rp.Plan(id="p", framework="chime", person=rp.Person(id="x", name="Sam"))
    item = rp.AssessmentItem(id="as-1", kind="strength", text="Kind", voice="person")
    assert bare.add(item).assessment == rp.Assessment(items=(item,))


# -- what is refused -------------------------------------------------------------------------


BAD: list[tuple[str, Callable[[rp.Plan], Any], type[Exception], tuple[str, ...]]] = [
    (
        "unknown parent",
        lambda p: p.add(rp.Goal(id="g-x", statement="x", status="planned"), under="oc-none"),
        rp.UnknownReferenceError,
        ("'oc-none'", "nowhere to go", "oc-kitchen"),
    ),
    (
        "goal under a risk plan",
        lambda p: p.add(rp.Goal(id="g-x", statement="x", status="planned"), under="rp-bus"),
        rp.PlanValueError,
        ("goes under an outcome or a small goal", "'rp-bus' is the risk plan at $.risk_plans[0]"),
    ),
    (
        "safeguard with no risk plan",
        # mypy refuses this too (the overloads want under=); a caller without types is told.
        lambda p: p.add(rp.Safeguard(id="sg-x", action="x", by="person")),  # type: ignore[call-overload]
        rp.PlanValueError,
        ("goes under a risk plan", "under="),
    ),
    (
        "outcome under a goal",
        lambda p: p.add(
            rp.Outcome(id="oc-x", statement="x", status="planned"),
            under="g-dosette",  # type: ignore[call-overload]
        ),
        rp.PlanValueError,
        ("belongs to the plan itself", "leave out under="),
    ),
    (
        "duplicate id",
        lambda p: p.add(rp.Outcome(id="g-dosette", statement="x", status="planned")),
        rp.PlanValueError,
        ("'g-dosette' is already used at $.outcomes[2].goals[0]", "an id of its own"),
    ),
    (
        "duplicate id inside the new part",
        lambda p: p.add(
            rp.Goal(
                id="g-x",
                statement="x",
                status="planned",
                goals=[rp.Goal(id="eilidh", statement="y", status="planned")],
            ),
            under="oc-kitchen",
        ),
        rp.PlanValueError,
        ("'eilidh' is already used at $.circle[0]",),
    ),
    (
        "the person's own id",
        lambda p: p.add(rp.CircleMember(id=p.person.id, name="x", role="friend")),
        rp.PlanValueError,
        ("already used at $.person",),
    ),
    (
        "second sharing entry",
        lambda p: p.add(rp.SharingConsent(member="eilidh")),
        rp.PlanValueError,
        ("already has the sharing entry with 'eilidh'", "plan.replace"),
    ),
    (
        "a reference to nobody",
        lambda p: p.add(rp.Safeguard(id="sg-x", action="x", by="nobody"), under="rp-bus"),
        rp.PlanValueError,
        ("$.risk_plans[0].safeguards[3].by", "'nobody'", "add them to the circle first"),
    ),
    (
        "a reference to no assessment item",
        lambda p: p.add(
            rp.Outcome(id="oc-x", statement="x", status="planned", based_on=["as-none"])
        ),
        rp.PlanValueError,
        ("$.outcomes[3].based_on[0]", "'as-none' is not an assessment item"),
    ),
    (
        "sharing with someone not in the circle",
        lambda p: p.add(rp.SharingConsent(member="stranger")),
        rp.PlanValueError,
        ("'stranger'", "circle"),
    ),
    (
        "removing someone still named",
        lambda p: p.remove("eilidh"),
        rp.PlanValueError,
        ("cannot take away the circle member with the id 'eilidh'", "$.sharing[0].with", "first"),
    ),
    (
        "removing an outcome whose goal a risk plan supports",
        lambda p: p.remove("oc-kitchen"),
        rp.PlanValueError,
        ("$.risk_plans[0].supports[0]", "what is under it"),
    ),
    (
        "replacing a goal without the smaller goal a risk plan supports",
        lambda p: p.replace(attrs.evolve(p.goal("g-college-bus"), goals=())),
        rp.PlanValueError,
        ("$.risk_plans[0].supports",),
    ),
    (
        "replacing what is not there",
        lambda p: p.replace(rp.Goal(id="g-none", statement="x", status="planned")),
        rp.UnknownReferenceError,
        (
            "does not hold the small goal with the id 'g-none' (it holds: the small goal with "
            "the id",
            "plan.add",
        ),
    ),
    (
        "removing an unknown id",
        lambda p: p.remove("nothing"),
        rp.UnknownReferenceError,
        ("'nothing'", "ids in the plan"),
    ),
    (
        "removing a review that was never held",
        lambda p: p.remove(rp.Review(on=date(2020, 1, 1))),
        rp.UnknownReferenceError,
        ("does not hold the review of 2020-01-01 (it holds: the review of 2026-06-01)",),
    ),
    (
        "a goal too deep",
        lambda p: p.add(_deep(40), under="oc-kitchen"),
        rp.PlanValueError,
        ("nested more than 32 levels",),
    ),
]


def _deep(levels: int) -> rp.Goal:
    goal = rp.Goal(id=f"g-deep-{levels}", statement="x", status="planned")
    for level in range(levels - 1, 0, -1):
        goal = rp.Goal(id=f"g-deep-{level}", statement="x", status="planned", goals=[goal])
    return goal


@pytest.mark.parametrize(("what", "edit", "error", "fragments"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_edit_says_what_where_and_how_to_fix_it(
    plan: rp.Plan,
    what: str,
    edit: Callable[[rp.Plan], Any],
    error: type[Exception],
    fragments: tuple[str, ...],
) -> None:
    with pytest.raises(error) as raised:
        edit(plan)
    assert isinstance(raised.value, rp.PlanError)
    for fragment in fragments:
        assert fragment in str(raised.value)


def test_parts_of_another_kind_are_refused_with_the_kinds_allowed(plan: rp.Plan) -> None:
    with pytest.raises(TypeError, match=r"add\(\) takes a part of a plan .*not Person"):
        plan.add(plan.person)  # type: ignore[call-overload]


# -- finders ---------------------------------------------------------------------------------


def test_each_finder_returns_its_own_kind(plan: rp.Plan) -> None:
    assert plan.goal("g-dosette").statement
    assert plan.outcome("oc-kitchen").goals
    assert plan.item("as-kitchen").text
    assert plan.risk_plan("rp-bus").activity
    assert plan.concern("cn-crowds").severity
    assert plan.safeguard("sg-crisis-card").action
    assert plan.review(plan.reviews[0].on) is plan.reviews[0]
    first = plan.ratings[0]
    assert plan.rating(first.domain, first.on, first.by) is first
    assert plan.sharing_with("ali").sections == (rp.Section.SAFETY_PLAN,)


def test_a_finder_given_another_kind_of_id_names_the_finder_to_use(plan: rp.Plan) -> None:
    with pytest.raises(rp.UnknownReferenceError) as raised:
        plan.goal("oc-kitchen")
    assert str(raised.value) == (
        "'oc-kitchen' is the outcome at $.outcomes[0], not a small goal; find it with "
        "plan.outcome('oc-kitchen')"
    )
    with pytest.raises(rp.UnknownReferenceError, match=r"no risk plan .* 'rp-none' .*rp-bus"):
        plan.risk_plan("rp-none")
    with pytest.raises(
        rp.UnknownReferenceError, match="does not hold the rating of 'hope' on 2020-01-01"
    ):
        plan.rating("hope", date(2020, 1, 1))


# -- one part from data ----------------------------------------------------------------------


def _objects(part: Any) -> Iterator[Any]:
    return (value for _, value, _, _ in walk(part) if attrs.has(type(value)))


def test_every_part_of_the_reference_plan_reads_back_from_its_data(plan: rp.Plan) -> None:
    seen = set()
    for part in _objects(plan):
        cls = type(part)
        if cls is rp.Plan:
            data = rp.to_data(part)  # a whole plan says its format
        else:
            data = _converter.converter(False).unstructure(part, cls)
        assert rp.from_data(data, cls) == part
        seen.add(cls)
    # The reference plan fills nearly every class; the property tests draw each of them.
    assert seen <= set(model_classes(rp.Plan))
    assert len(seen) >= 20


def test_a_part_is_checked_with_the_words_and_paths_of_a_whole_plan(plan: rp.Plan) -> None:
    goal = {"id": "g", "statement": 3, "status": "activ", "goals": [{"id": "h", "x": 1}]}
    with pytest.raises(rp.PlanFormatError) as alone:
        rp.from_data(goal, rp.Goal)
    document = rp.to_data(plan)
    document["outcomes"][0]["goals"] = [goal]
    with pytest.raises(rp.PlanFormatError) as whole:
        rp.from_data(document)
    prefix = "$.outcomes[0].goals[0]"
    assert [(prefix + p.path[1:], p.message) for p in alone.value.problems] == [
        (p.path, p.message) for p in whole.value.problems
    ]
    assert len(alone.value.problems) == 5


def test_a_part_that_is_not_an_object_is_one_problem_at_the_root() -> None:
    with pytest.raises(rp.PlanFormatError) as raised:
        rp.from_data(["g"], rp.Safeguard)
    assert [str(p) for p in raised.value.problems] == [
        "$: a safeguard (Safeguard) is a JSON object {...}, not a list"
    ]
    with pytest.raises(TypeError, match="reads a Plan or a part of one"):
        rp.from_data({}, dict)


# -- the constructors' types -----------------------------------------------------------------


def _declared_converters() -> Iterator[tuple[type, str, str, str | None]]:
    """Each tuple or enumeration field of the model: the converter its declaration names, and
    the one that says what its constructor accepts."""
    for cls in model_classes(rp.Plan):
        tree = ast.parse(inspect.getsource(cls))
        fields = {
            node.target.id: node.value
            for node in tree.body[0].body  # type: ignore[attr-defined]
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
        }
        for field in attrs.fields(cls):
            hint = type_hints(cls)[field.name]
            element = sequence_of(hint)
            if element is not None:
                word = isinstance(element, type) and issubclass(element, Enumeration)
                shown = " | ".join(arg.__name__ for arg in get_args(element)) or (element.__name__)
                wanted = f"{'Words' if word else 'Items'}[{shown}]"
            elif isinstance(hint, type) and issubclass(hint, Enumeration):
                wanted = f"Word[{hint.__name__}]"
            else:
                continue
            call = fields[field.name]
            named = None
            if isinstance(call, ast.Call):
                for keyword in call.keywords:
                    if keyword.arg == "converter":
                        named = ast.unparse(keyword.value).replace("'", "").replace('"', "")
            yield cls, field.name, wanted, named


def test_every_tuple_and_enumeration_field_says_what_its_constructor_accepts() -> None:
    found = list(_declared_converters())
    assert len(found) > 30
    wrong = [
        f"{cls.__name__}.{name}: converter={wanted}, not {named}"
        for cls, name, wanted, named in found
        if named != wanted
    ]
    assert wrong == []


def test_the_typing_converters_cost_nothing_at_run_time() -> None:
    assert attrs.fields(rp.Goal).status.converter is None
    assert attrs.fields(rp.Plan).outcomes.converter is None
    goal = rp.Goal(id="g", statement="s", status="active", goals=[])
    assert goal.status is rp.Status.ACTIVE
    assert goal.goals == ()


@attrs.frozen(kw_only=True)
class TaggedGoal(rp.Goal):
    """A goal of an organisation's own, with a field the model does not have."""

    tag: str = "riverside"


def test_a_subclass_of_a_part_is_edited_as_its_kind(plan: rp.Plan) -> None:
    goal = TaggedGoal(id="g-tagged", statement="Tagged", status="planned")
    added = plan.add(goal, under="oc-kitchen")
    assert added.goal("g-tagged") is goal
    assert added.replace(attrs.evolve(goal, tag="other")).goal("g-tagged") == TaggedGoal(
        id="g-tagged", statement="Tagged", status="planned", tag="other"
    )
    assert added.remove("g-tagged") == plan


def test_two_ratings_nothing_tells_apart_are_refused_by_an_edit_not_guessed(
    morag: rp.Plan,
) -> None:
    twice = rp.Rating(on=date(2026, 6, 2), domain="hope", value=7, by="person")
    plan = attrs.evolve(morag, ratings=(*morag.ratings, twice, attrs.evolve(twice, value=8)))
    with pytest.raises(rp.PlanValueError) as refused:
        plan.replace(attrs.evolve(twice, note="A good week"))
    assert str(refused.value) == (
        "plan 'plan-rsl-0142' holds the rating of 'hope' on 2026-06-02 by 'person' 2 times, so "
        "which one is meant cannot be told; keep one of them (or tell them apart, by the day or "
        "who gave it) and edit again"
    )
    with pytest.raises(rp.PlanValueError, match="cannot be told"):
        plan.rating("hope", date(2026, 6, 2))


def test_a_new_part_that_gives_one_id_twice_is_refused(plan: rp.Plan) -> None:
    inner = rp.Goal(id="g-twice", statement="a smaller step", status="planned")
    outer = rp.Goal(id="g-twice", statement="a step", status="planned", goals=(inner,))
    with pytest.raises(rp.PlanValueError) as refused:
        plan.add(outer, under="oc-kitchen")
    assert str(refused.value) == "the id 'g-twice' is used twice in the new small goal"
