"""Decisions the model makes in one place: the walk over the goal tree, a field's key in the
format, a field's default, and the error for a missing optional extra."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import recoveryplan as rp
from recoveryplan._fields import MAX_GOAL_DEPTH, default_factory, default_value, json_key
from recoveryplan.caseload import MissingDependencyError
from recoveryplan.errors import MissingExtraError
from recoveryplan.goals import GoalPlace, walk_goals
from recoveryplan.render import PdfUnavailableError
from recoveryplan.testing.strategies import outcomes, plans

# -- one walk over the goal tree ---------------------------------------------------------------


def by_recursion(parent: rp.Outcome | rp.Goal, path: str, depth: int) -> Iterator[tuple[Any, ...]]:
    """The goal tree as the plain recursive definition reads it, to hold the walk to."""
    for index, goal in enumerate(parent.goals):
        here = f"{path}.goals[{index}]"
        yield goal.id, parent.id, depth, here
        yield from by_recursion(goal, here, depth + 1)


@settings(max_examples=60)
@given(outcomes(max_depth=5, max_goals=12))
def test_the_walk_is_depth_first_in_document_order(outcome: rp.Outcome) -> None:
    walked = [
        (place.goal.id, place.parent.id, place.depth, place.path)
        for place in walk_goals(outcome, "$.outcomes[3]")
    ]
    assert walked == list(by_recursion(outcome, "$.outcomes[3]", 1))
    assert all(place.outcome is outcome for place in walk_goals(outcome))


@settings(max_examples=40)
@given(plans(max_depth=4))
def test_the_plans_walk_and_a_subtrees_walk_agree(plan: rp.Plan) -> None:
    places = list(plan.walk_goals())
    for place in places:
        below = list(
            walk_goals(place.goal, place.path, outcome=place.outcome, depth=place.depth + 1)
        )
        start = places.index(place) + 1
        assert below == places[start : start + len(below)]
        assert all(p.depth > place.depth for p in below)


def nested(depth: int) -> rp.Goal:
    goal = rp.Goal(id="g0", statement="Step", status=rp.Status.ACTIVE)
    for level in range(1, depth):
        goal = rp.Goal(id=f"g{level}", statement="Step", status=rp.Status.ACTIVE, goals=(goal,))
    return goal


def test_the_walk_follows_any_depth_without_pythons_stack() -> None:
    depth = sys.getrecursionlimit() * 2
    goal = nested(depth)
    outcome = rp.Outcome(id="oc", statement="There", status=rp.Status.ACTIVE)
    places = list(walk_goals(goal, outcome=outcome))
    assert len(places) == depth - 1
    assert places[-1].depth == depth - 1
    assert places[-1].path == "$" + ".goals[0]" * (depth - 1)


def test_the_walk_stops_where_its_caller_does() -> None:
    """The depth limit stops at the first goal too deep, so a plan built far too deep costs
    no more to refuse than one a level too deep."""
    outcome = rp.Outcome(
        id="oc", statement="There", status=rp.Status.ACTIVE, goals=(nested(MAX_GOAL_DEPTH + 1),)
    )
    with pytest.raises(rp.PlanValueError) as caught:
        rp.Plan(id="p", framework="chime", person=rp.Person(id="me", name="M"), outcomes=(outcome,))
    assert caught.value.path == "$.outcomes[0]" + ".goals[0]" * (MAX_GOAL_DEPTH + 1)


def test_a_goals_subtree_needs_the_outcome_it_is_under() -> None:
    with pytest.raises(TypeError, match="needs the outcome"):
        next(walk_goals(nested(2)))


def test_goal_place_is_still_where_it_was() -> None:
    assert rp.GoalPlace is GoalPlace
    from recoveryplan.plan import GoalPlace as from_plan

    assert from_plan is GoalPlace


def test_with_goal_refuses_an_id_taken_anywhere_in_the_new_goal(morag: rp.Plan) -> None:
    inner = rp.Goal(id="g-college-bus", statement="Again", status=rp.Status.PLANNED)
    new = rp.Goal(id="g-fresh", statement="New", status=rp.Status.PLANNED, goals=(inner,))
    with pytest.raises(rp.PlanValueError, match="'g-college-bus' is already used"):
        morag.with_goal("g-college-bus", new)
    with pytest.raises(rp.UnknownReferenceError, match="no outcome or goal in plan"):
        morag.with_goal("g-nowhere", attrs.evolve(new, goals=()))


# -- one key, one default ------------------------------------------------------------------------


def test_json_key_takes_a_field_or_a_class_and_a_name() -> None:
    field = attrs.fields_dict(rp.Review)["attendees"]
    assert json_key(field) == json_key(rp.Review, "attendees") == "with"
    assert json_key(rp.Review, "went_well") == "went_well"
    from recoveryplan.serialize import json_key as public

    assert public is json_key


def test_a_factory_default_is_made_afresh_and_a_plain_one_given_as_it_is() -> None:
    extensions = attrs.fields_dict(rp.Plan)["extensions"]
    assert default_factory(extensions) is not None
    assert default_value(extensions) == {}
    assert default_value(extensions) is not default_value(extensions)
    assert default_factory(attrs.fields_dict(rp.Plan)["outcomes"]) is None
    assert default_value(attrs.fields_dict(rp.Plan)["outcomes"]) == ()
    assert default_value(attrs.fields_dict(rp.Plan)["id"]) is attrs.NOTHING


# -- one error for a missing optional extra -------------------------------------------------------


def test_both_older_names_are_the_one_error() -> None:
    assert PdfUnavailableError is MissingExtraError
    assert MissingDependencyError is MissingExtraError
    assert rp.MissingExtraError is MissingExtraError
    assert issubclass(MissingExtraError, rp.PlanError)
    assert issubclass(MissingExtraError, ImportError)


def test_the_error_names_the_extra_and_how_to_install_it() -> None:
    error = MissingExtraError.needing("report")
    assert (error.extra, error.install) == ("report", "pip install 'recoveryplan[report]'")
    assert str(error) == (
        "the caseload report needs pyarrow and duckdb, which are not installed; install them "
        "with pip install 'recoveryplan[report]'"
    )
    older = MissingExtraError("PDF output needs it; pip install 'recoveryplan[pdf]'")
    assert (older.extra, older.install) == ("pdf", "pip install 'recoveryplan[pdf]'")


def test_pdf_without_weasyprint_is_the_missing_extra_error(
    morag: rp.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(MissingExtraError) as caught:
        rp.render(morag, "person", "pdf")
    assert caught.value.extra == "pdf"
    assert str(caught.value).startswith(
        "PDF output needs WeasyPrint, which is not installed; install it with pip install "
        "'recoveryplan[pdf]'"
    )


def test_the_report_without_duckdb_is_the_missing_extra_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from recoveryplan.caseload.report import run_indicators

    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(MissingExtraError) as caught:
        run_indicators(".", today=date(2026, 6, 2), since=date(2026, 1, 1))
    assert caught.value.install == "pip install 'recoveryplan[report]'"
