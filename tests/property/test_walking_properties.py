"""The one walk over the model on generated plans: every value it meets is where its path
says in the written format, and two versions differ exactly in the fields it names."""

from __future__ import annotations

import json
import re
from datetime import date
from enum import Enum
from typing import Any

import attrs
from hypothesis import given, settings

import recoveryplan as rp
from recoveryplan._fields import default_value
from recoveryplan._walking import differing, walk
from recoveryplan.testing.strategies import plans

_STEP = re.compile(r'\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')
_ABSENT = object()


def at(data: Any, path: str) -> Any:
    """The JSON value at ``path``, or ``_ABSENT`` where the format leaves a default out."""
    for name, index, quoted in _STEP.findall(path[1:]):
        key: Any = int(index) if index else name or json.loads(quoted)
        if isinstance(data, dict) and key not in data:
            return _ABSENT
        data = data[key]
    return data


def written(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


@settings(max_examples=25, deadline=None)
@given(plans(max_items=2, max_goals=6))
def test_every_value_met_is_where_its_path_says(plan: rp.Plan) -> None:
    data = rp.to_data(plan)
    for path, value, shape, _ in walk(plan):
        if not isinstance(value, str | bool | int | float | date):
            continue
        found = at(data, path)
        if found is _ABSENT:
            assert shape is not None, path
            assert value == default_value(shape.field), path
        else:
            assert found == written(value), path


@settings(max_examples=25, deadline=None)
@given(plans(max_items=2, max_goals=6), plans(max_items=2, max_goals=6))
def test_two_plans_differ_in_exactly_the_fields_named(a: rp.Plan, b: rp.Plan) -> None:
    named = {shape.name: (before, after) for shape, before, after, _ in differing(a, b, "$")}
    for field in attrs.fields(rp.Plan):
        before, after = getattr(a, field.name), getattr(b, field.name)
        if before == after:
            assert field.name not in named
        else:
            assert named[field.name] == (before, after)


@given(plans())
@settings(max_examples=60, deadline=None)
def test_references_within_agrees_with_the_references_found(plan: rp.Plan) -> None:
    # Asked before the plan keeps its references (a walk making none) and after (read from
    # them), the answer is the one the references themselves give.
    from recoveryplan.plan import references_within
    from recoveryplan.sharing import SharingConsent

    for kind in ("person", "aim", "concern", "assessment item"):
        for allowed in (set(), {"person", "service"}, {"person", "service", "eilidh"}):
            for skip in ((), (SharingConsent,)):
                fresh = rp.loads(rp.dumps(plan))
                walked = references_within(fresh, kind, allowed, skip)
                expected = all(
                    ref.value in allowed or isinstance(ref.owner, skip)
                    for ref in fresh.references(kind)
                )
                assert walked == expected
                assert references_within(fresh, kind, allowed, skip) == expected


@given(plans())
@settings(max_examples=60, deadline=None)
def test_the_goal_tree_is_the_walk_of_the_goals_without_its_places(plan: rp.Plan) -> None:
    # The checks walk the goals without a place made for each, and write a goal's path only
    # for a goal they report: the goals, depths and paths are still the plan's own walk's.
    from recoveryplan._walking import goal_tree, tree_path

    tree = goal_tree(plan.outcomes)
    places = list(plan.walk_goals())
    assert [(goal, depth) for goal, depth, _, _ in tree] == [
        (place.goal, place.depth) for place in places
    ]
    paths = [place.path for place in places]
    assert [tree_path(tree, number) for number in range(len(tree))] == paths
    known: dict[int, str] = {}  # as a check keeps them, asked for in any order
    assert [tree_path(tree, number, known) for number in reversed(range(len(tree)))] == paths[::-1]
