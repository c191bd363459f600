"""Building and editing plans in Python is as safe as loading them from a file.

Every model class checks its fields when it is made (and so on ``attrs.evolve``): a bad value
is a ``PlanValueError`` that names the class, the field and the value, at the line that made
it. Whatever the model holds, ``dumps`` writes and ``loads`` reads back equal.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, cast

import attrs
import pytest
from hypothesis import given

import recoveryplan as rp
from recoveryplan._fields import Enumeration
from recoveryplan._frozen import thaw_json
from recoveryplan.testing.strategies import plans

from ..support.reference import TODAY

GOAL: dict[str, Any] = {"id": "g", "statement": "Take the bus on my own", "status": "active"}


def refused(make: Any, **fields: Any) -> str:
    with pytest.raises(rp.PlanValueError) as caught:
        make(**fields)
    assert isinstance(caught.value, rp.PlanError)
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


# -- what the constructors refuse ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"status": "actve"},
            "Goal.status: 'actve' is not allowed here (did you mean 'active'?); use one of: "
            "planned, active, on-hold, achieved, not-achieved, dropped",
        ),
        (
            {"due_on": "2026-05-01"},
            "Goal.due_on: expected a date, not the text '2026-05-01'; pass "
            "datetime.date.fromisoformat(...) or a datetime.date",
        ),
        (
            {"due_on": datetime(2026, 5, 1, 9, 30)},
            "Goal.due_on: expected a date, not a date and time (2026-05-01T09:30:00); pass its "
            ".date()",
        ),
        (
            {"id": 123},
            "Goal.id: expected text, not the number 123; put it in quotes if it is meant as text",
        ),
        ({"statement": None}, "Goal.statement: expected text, not null"),
        (
            {"support": "Eilidh"},
            "Goal.support: expected a tuple (or a list), not the text 'Eilidh'",
        ),
        (
            {"goals": [{"id": "g2"}]},
            "Goal.goals: item 0: expected a small goal (Goal), not an object",
        ),
        (
            {"statement": "Morag \x1b[2J"},
            "Goal.statement: the text holds the control character U+001B at position 6; plan "
            "text may hold line breaks and tabs but no other control characters, so remove it",
        ),
        (
            {"statement": "Morag \ud800"},
            "Goal.statement: the text holds half of a character (U+D800 at position 6), which "
            "no file can store; remove it or write the whole character",
        ),
    ],
)
def test_a_goal_with_a_bad_value_is_refused_naming_class_field_and_value(
    changes: dict[str, Any], message: str
) -> None:
    assert refused(rp.Goal, **{**GOAL, **changes}) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "expected a whole number, not true"),
        (7.0, "expected a whole number, not the number 7.0"),
        ("7", "expected a whole number, not the text '7'"),
        (
            2**53,
            "a number of 16 digits is larger than a plan can hold; whole numbers must be "
            "between -9007199254740991 and 9007199254740991",
        ),
        (
            10**5000,
            "a number of about 5001 digits is larger than a plan can hold; whole numbers must "
            "be between -9007199254740991 and 9007199254740991",
        ),
    ],
    ids=["true", "float", "text", "2**53", "5000 digits"],
)
def test_numbers_are_whole_and_within_what_the_format_means(value: object, message: str) -> None:
    assert (
        refused(rp.Rating, on=TODAY, domain="hope", value=value, by="person")
        == f"Rating.value: {message}"
    )


def test_truth_values_are_true_or_false_not_numbers() -> None:
    assert refused(
        rp.AssessmentItem, id="a", kind="strength", text="I cook", voice="person", private=1
    ) == ("AssessmentItem.private: expected true or false, not the number 1")


def test_a_required_part_must_be_the_right_class() -> None:
    assert refused(rp.Plan, id="p", framework="chime", person={"id": "p", "name": "M"}) == (
        "Plan.person: expected a person (Person), not an object"
    )


def test_attrs_evolve_is_checked_too(morag: rp.Plan) -> None:
    with pytest.raises(rp.PlanValueError, match=r"^Plan\.next_review_on: expected a date"):
        attrs.evolve(morag, next_review_on=cast(Any, "2026-09-01"))


# -- conversions that lose nothing ------------------------------------------------------------


def test_lists_become_tuples_and_words_become_members() -> None:
    # What a caller may pass: words for members and lists for tuples (typed as the model's).
    words: Any = "active"
    listed: Any = [rp.SupportAction(by="eilidh", action="comes with me the first time")]
    goal = rp.Goal(id="g", statement="Take the bus", status=words, support=listed)
    assert goal.status is rp.Status.ACTIVE
    assert type(goal.support) is tuple
    consent = rp.SharingConsent(member="eilidh", sections=cast(Any, ["outcomes", "ratings"]))
    assert consent.sections == (rp.Section.OUTCOMES, rp.Section.RATINGS)
    assert hash(goal) == hash(attrs.evolve(goal, support=tuple(goal.support)))


def test_a_plan_built_with_lists_and_words_round_trips_and_hashes() -> None:
    plan = rp.Plan(
        id="p",
        framework="chime",
        person=rp.Person(id="me", name="Morag", communication=cast(Any, ["large print"])),
        outcomes=cast(
            Any,
            [
                rp.Outcome(
                    id="oc",
                    statement="Get out more",
                    status=cast(Any, "active"),
                    goals=cast(Any, [rp.Goal(**GOAL)]),
                )
            ],
        ),
        extensions={"org.example": {"tags": ["a", {"b": None}], "n": 3}},
    )
    assert rp.loads(rp.dumps(plan)) == plan
    assert rp.from_data(rp.to_data(plan)) == plan
    assert hash(plan) == hash(rp.loads(rp.dumps(plan)))


def test_extensions_cannot_be_changed_in_place(morag: rp.Plan) -> None:
    with pytest.raises(TypeError):
        morag.extensions["org.example"] = {}  # type: ignore[index]
    inner = morag.extensions["org.riverside"]
    with pytest.raises(TypeError):
        inner["cost_centre"] = "X"
    assert morag.extensions == {
        "org.riverside": {"cost_centre": "RSL-14", "outcomes_framework_version": "2025.2"}
    }


def test_to_data_gives_plain_json_values_for_a_database_column(morag: rp.Plan) -> None:
    data = rp.to_data(morag)
    assert json.loads(json.dumps(data)) == data
    assert type(data["extensions"]) is dict
    assert rp.from_data(data) == morag


def test_from_data_checks_exactly_as_loads(morag: rp.Plan) -> None:
    data = rp.to_data(morag)
    data["outcomes"][0]["status"] = "done"
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.from_data(data)
    assert [p.path for p in caught.value.problems] == ["$.outcomes[0].status"]


# -- editing by id -------------------------------------------------------------------------------


def test_any_part_with_an_id_is_changed_in_one_call(morag: rp.Plan) -> None:
    changed = morag.evolve_item("g-bus-on-my-own", due_on=date(2026, 7, 1))
    goal = changed.find("g-bus-on-my-own")
    assert isinstance(goal, rp.Goal)
    assert goal.due_on == date(2026, 7, 1)
    parent, before = changed.find("g-college-bus"), morag.find("g-college-bus")
    assert isinstance(parent, rp.Goal)
    assert isinstance(before, rp.Goal)
    assert parent == attrs.evolve(before, goals=parent.goals)
    assert morag.find("g-bus-on-my-own").due_on != date(2026, 7, 1)  # type: ignore[union-attr]
    member = morag.evolve_item("eilidh", contact="07700 900123").member("eilidh")
    assert member.contact == "07700 900123"
    concern = morag.evolve_item("cn-crowds", likelihood="likely").find("cn-crowds")
    assert concern.likelihood is rp.Likelihood.LIKELY  # type: ignore[union-attr]


def test_editing_by_id_checks_the_new_values_and_the_names(morag: rp.Plan) -> None:
    with pytest.raises(rp.PlanValueError, match=r"^Goal\.due_on: expected a date"):
        morag.evolve_item("g-bus-on-my-own", due_on="2026-07-01")
    with pytest.raises(
        rp.PlanValueError,
        match=(
            r"^the part with the id '[\w-]+' is a small goal, which has no field 'due'; its "
            r"fields are: "
        ),
    ):
        morag.evolve_item("g-bus-on-my-own", due=date(2026, 7, 1))
    with pytest.raises(rp.UnknownReferenceError, match="has the id 'g-nothing'"):
        morag.evolve_item("g-nothing", due_on=date(2026, 7, 1))


# -- the API says which parameter is wrong --------------------------------------------------------


def test_today_must_be_a_date_and_a_datetime_counts_as_its_day(morag: rp.Plan) -> None:
    with pytest.raises(TypeError, match=r"^today must be a datetime\.date, not str"):
        rp.validate(morag, today="2026-06-02")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^today must be a datetime\.date, not int"):
        rp.render(morag, "person", today=cast(Any, 20260602))
    assert rp.validate(morag, today=datetime(2026, 6, 2, 17, 5)) == rp.validate(morag, TODAY)


def test_the_plan_itself_must_be_a_plan() -> None:
    with pytest.raises(TypeError, match=r"^validate\(\) takes a Plan, not dict"):
        rp.validate({"id": "p"}, today=TODAY)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^render\(\) takes a Plan, not str"):
        rp.render("morag.json", "person")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"^to_data\(\) takes a Plan"):
        rp.to_data({})  # type: ignore[arg-type]


def test_the_audience_must_be_text(morag: rp.Plan) -> None:
    with pytest.raises(TypeError, match=r"^audience must be text, not NoneType"):
        rp.render(morag, None)  # type: ignore[call-overload]


# -- properties ------------------------------------------------------------------------------------


def _loosely(part: Any) -> Any:
    """The same part built again the way an integrator might: lists for tuples, words for
    enumeration members, plain dicts for extensions."""
    if isinstance(part, tuple):
        return [_loosely(item) for item in part]
    if isinstance(part, Enumeration):
        return part.value
    if attrs.has(type(part)):
        values = {
            field.name: _loosely(getattr(part, field.name)) for field in attrs.fields(type(part))
        }
        return type(part)(**values)
    if isinstance(part, Mapping):
        return thaw_json(part)
    return part


@given(plan=plans())
def test_plans_built_loosely_in_python_equal_and_round_trip(plan: rp.Plan) -> None:
    loose = _loosely(plan)
    assert loose == plan
    assert rp.loads(rp.dumps(loose)) == plan
    assert rp.from_data(rp.to_data(loose)) == plan
    assert hash(loose) == hash(plan)
