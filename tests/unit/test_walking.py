"""The one walk over the model (:mod:`recoveryplan._walking`), checked against the plan's
own JSON: every value the walk meets is where its path says in the written format."""

from __future__ import annotations

import json
import re
from datetime import date
from enum import Enum
from typing import Any

import attrs
import pytest

import recoveryplan as rp
from recoveryplan._fields import NO_MEMBER, default_value, refers_to, shapes, shown_to
from recoveryplan._walking import differing, reaching, rebuilt, replaced, towards, walk

from ..support.reference import BUNDLED

_STEP = re.compile(r'\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


@pytest.fixture(scope="module")
def morag() -> rp.Plan:
    return rp.load(BUNDLED)


def at(data: Any, path: str) -> Any:
    """The JSON value at ``path`` (``$.outcomes[0].goals``)."""
    assert path.startswith("$")
    for name, index, quoted in _STEP.findall(path[1:]):
        data = data[int(index)] if index else data[name or json.loads(quoted)]
    return data


def test_every_value_met_is_where_its_path_says(morag: rp.Plan) -> None:
    data = rp.to_data(morag)
    met = 0
    for path, value, shape, _ in walk(morag):
        if not isinstance(value, str | bool | int | date):
            continue
        try:
            written = at(data, path)
        except KeyError:  # a field left at its default is not written
            assert shape is not None, path
            assert value == default_value(shape.field), path
            continue
        if isinstance(value, Enum):
            assert written == value.value, path
        elif isinstance(value, date):
            assert written == value.isoformat(), path
        else:
            assert written == value, path
        met += 1
    assert met > 200


def test_the_walk_starts_with_the_value_and_goes_into_parts(morag: rp.Plan) -> None:
    visits = list(walk(morag))
    assert visits[0] == ("$", morag, None, None)
    goal = morag.outcomes[0].goals[0]
    found = [(path, shape, owner) for path, value, shape, owner in visits if value is goal]
    assert len(found) == 1
    path, shape, owner = found[0]
    assert path == "$.outcomes[0].goals[0]"
    assert owner is morag.outcomes[0]
    assert shape is not None
    assert shape.name == "goals"


def test_differing_names_only_the_fields_that_changed(morag: rp.Plan) -> None:
    goal = morag.outcomes[0].goals[0]
    changed = attrs.evolve(goal, statement=goal.statement + " (changed)")
    assert [
        (s.name, before, after, path) for s, before, after, path in differing(goal, changed, "$.g")
    ] == [("statement", goal.statement, changed.statement, "$.g.statement")]
    assert list(differing(goal, goal, "$")) == []


def _no_member(field: attrs.Attribute[Any]) -> bool:
    return shown_to(field) == NO_MEMBER


def test_towards_takes_only_the_routes_to_picked_fields() -> None:
    routes = towards(rp.Plan, _no_member)
    assert {shape.name for shape, marked in routes if marked} == {
        field.name for field in attrs.fields(rp.Plan) if _no_member(field)
    }
    for shape, marked in routes:
        assert marked or any(towards(inner, _no_member) for inner in shape.inner), shape.name
    unpicked = [shape for shape in shapes(rp.Plan) if shape not in {s for s, _ in routes}]
    assert unpicked
    for shape in unpicked:
        assert not _no_member(shape.field)
        assert not any(towards(inner, _no_member) for inner in shape.inner), shape.name


def test_rebuilt_changes_the_picked_fields_and_keeps_the_rest(morag: rp.Plan) -> None:
    emptied = rebuilt(morag, _no_member, lambda owner, field: default_value(field))
    assert emptied.person.date_of_birth is None
    assert emptied.outcomes is morag.outcomes
    assert rebuilt(morag, _no_member, lambda owner, field: getattr(owner, field.name)) is morag


def _person(field: attrs.Attribute[Any]) -> bool:
    return refers_to(field) == "person"


def test_reaching_finds_every_reference_the_walk_meets(morag: rp.Plan) -> None:
    found = {path for path, _, _, _ in reaching(morag, "$", _person)}
    every = {
        path
        for path, value, shape, _ in walk(morag)
        if shape is not None
        and _person(shape.field)
        and value is not None
        and type(value) is not tuple
        and path.endswith(shape.step)
    }
    assert found
    assert every <= found


def _holding_goals(cls: Any) -> tuple[str, ...]:
    return tuple(
        shape.name for shape in shapes(cls) if rp.Goal in shape.inner or rp.Outcome in shape.inner
    )


def test_replaced_swaps_the_first_part_found_and_rebuilds_only_its_holders(morag: rp.Plan) -> None:
    goal = morag.outcomes[0].goals[0]
    new_goal = attrs.evolve(goal, statement="A new statement")
    new = replaced(morag, _holding_goals, lambda part: new_goal if part is goal else part)
    assert new.outcomes[0].goals[0] is new_goal
    assert new.outcomes[0].goals[1:] == morag.outcomes[0].goals[1:]
    kept = zip(new.outcomes[0].goals[1:], morag.outcomes[0].goals[1:], strict=True)
    assert all(a is b for a, b in kept)
    assert new.outcomes[1:] == morag.outcomes[1:]
    assert new.risk_plans is morag.risk_plans
    assert replaced(morag, _holding_goals, lambda part: part) is morag
