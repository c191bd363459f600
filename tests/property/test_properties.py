"""Properties of the format over generated plans of every shape.

Every valid plan survives JSON, YAML and a file on disk unchanged; every document broken in one
place is refused with a problem that points at exactly that place. The broken documents are made
from a valid plan's JSON values, at a location hypothesis chooses, so that over many runs every
key of every section gets dropped, retyped and misspelt.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan._base import Enumeration
from recoveryplan._fields import type_hints
from recoveryplan.serialize import RENAMES, to_data
from recoveryplan.testing.strategies import plans

from ..support import yaml12
from ..support.reference import TODAY

# -- a map of the document, built from the model -------------------------------------------


@attrs.frozen
class Place:
    """One value in a document: its JSON path, its container and key, and what it must be."""

    path: str
    container: dict[str, Any] | list[Any]
    key: str | int
    type: Any
    required: bool


@attrs.frozen
class ObjectPlace:
    """One object of the model in a document, and the keys the format allows in it."""

    path: str
    value: dict[str, Any]
    cls: type


def child(path: str, key: str | int) -> str:
    """The JSON path of a key or index below ``path``, as the contract writes it."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key.isidentifier() and key.isascii():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def key_of(cls: type, name: str) -> str:
    return RENAMES.get(cls, {}).get(name, name)


def unwrap(hint: Any) -> tuple[Any, bool]:
    """A field's type without ``| None``, and whether it was optional."""
    args = typing.get_args(hint)
    if type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        return inner, True
    return hint, False


def objects(value: dict[str, Any], cls: type, path: str = "$") -> Iterator[ObjectPlace]:
    """Every object of the model in a document, outermost first (never inside extensions)."""
    yield ObjectPlace(path, value, cls)
    hints = type_hints(cls)
    for field in attrs.fields(cls):
        key = key_of(cls, field.name)
        if key not in value:
            continue
        inner, _ = unwrap(hints[field.name])
        here = child(path, key)
        if attrs.has(inner):
            yield from objects(value[key], inner, here)
        elif typing.get_origin(inner) is tuple and attrs.has(typing.get_args(inner)[0]):
            element = typing.get_args(inner)[0]
            for index, item in enumerate(value[key]):
                yield from objects(item, element, child(here, index))


def places(document: dict[str, Any]) -> Iterator[Place]:
    """Every value in a document that the model gives a type, with whether it is required."""
    yield Place("$.format", document, "format", str, True)
    for found in objects(document, rp.Plan):
        hints = type_hints(found.cls)
        for field in attrs.fields(found.cls):
            key = key_of(found.cls, field.name)
            if key not in found.value:
                continue
            inner, optional = unwrap(hints[field.name])
            here = child(found.path, key)
            required = field.default is attrs.NOTHING and not optional
            yield Place(here, found.value, key, inner, required)
            if typing.get_origin(inner) is tuple:
                element = typing.get_args(inner)[0]
                for index in range(len(found.value[key])):
                    yield Place(child(here, index), found.value[key], index, element, True)


def required_keys(document: dict[str, Any]) -> list[Place]:
    return [place for place in places(document) if place.required and isinstance(place.key, str)]


def json_document(plan: rp.Plan) -> dict[str, Any]:
    """A plan's document as parsed JSON, so a mutation cannot touch the plan's own values."""
    document: dict[str, Any] = json.loads(rp.dumps(plan))
    return document


def problems_of(document: dict[str, Any]) -> list[rp.Problem]:
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.loads(json.dumps(document, ensure_ascii=False))
    return caught.value.problems


# -- round trips -------------------------------------------------------------------------------


def round_trips_through_json_text(plan: rp.Plan) -> None:
    text = rp.dumps(plan)
    assert rp.loads(text) == plan
    assert rp.loads(text.encode("utf-8")) == plan
    assert rp.dumps(rp.loads(text)) == text


# Smaller plans where each example is slow (PyYAML in pure Python; fsync on every dump).
SMALLER = plans(max_items=2, max_goals=8)


@given(plan=SMALLER)
def test_every_plan_round_trips_through_yaml(plan: rp.Plan, tmp_path_factory: Any) -> None:
    path = tmp_path_factory.mktemp("yaml") / "plan.yaml"
    path.write_text(yaml12.safe_dump(to_data(plan), sort_keys=False), encoding="utf-8")
    assert rp.load(path) == plan


def to_data_holds_only_plain_json_values(plan: rp.Plan) -> None:
    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return all(type(k) is str and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or type(value) in (str, int, float, bool)

    assert plain(to_data(plan))


@given(plan=SMALLER)
def test_every_plan_round_trips_through_a_file(plan: rp.Plan, tmp_path_factory: Any) -> None:
    path: Path = tmp_path_factory.mktemp("dump") / "plan.json"
    rp.dump(plan, path)
    assert rp.load(path) == plan
    rp.dump(plan, path)  # over an existing file, too
    assert rp.load(path) == plan
    assert path.read_text(encoding="utf-8") == rp.dumps(plan)
    assert [p.name for p in path.parent.iterdir()] == ["plan.json"]


@given(plans())
def test_generated_plans_have_no_errors(plan: rp.Plan) -> None:
    """The strategies promise valid plans; the checks agree (a guard on both sides)."""
    errors = [f for f in rp.validate(plan, today=TODAY) if f.severity == "error"]
    assert errors == []


# -- mutations -----------------------------------------------------------------------------


@given(plans(), st.data())
def test_a_dropped_required_key_is_reported_at_that_key(plan: rp.Plan, data: st.DataObject) -> None:
    document = json_document(plan)
    place = data.draw(st.sampled_from(required_keys(document)), label="dropped")
    assert isinstance(place.container, dict)
    assert isinstance(place.key, str)
    del place.container[place.key]

    if place.path == "$.format":
        [problem] = problems_of(document)
        assert "'format' is missing" in problem.message
    else:
        [problem] = problems_of(document)
        assert problem.message == f"{place.key!r} is required here but is missing"
    assert problem.path == place.path


def wrong_values(place: Place, current: Any) -> list[tuple[Any, str]]:
    """Values of the wrong type for a place, each with a word its message must contain."""
    if isinstance(place.type, types.UnionType) and str in typing.get_args(place.type):
        # text or an object (a communication need): any text is right, so only other kinds
        # of value are wrong
        return [([], "expected text or"), (7, "expected text or")]
    if isinstance(current, dict):
        return [([], "expected an object"), ("{}", "expected an object")]
    if isinstance(current, list):
        return [({}, "expected a list"), ("[]", "expected a list")]
    if isinstance(current, bool):
        return [("true", "expected true or false"), (1, "expected true or false")]
    if isinstance(current, int):
        return [(str(current), "expected a whole number"), (float(current), "whole number")]
    assert isinstance(current, str)
    if place.type is date:
        return [(20260602, "expected a date as text"), ([current], "expected a date as text")]
    if isinstance(place.type, type) and issubclass(place.type, Enumeration):
        return [(3, "expected one of"), ({"value": current}, "expected one of")]
    return [(7, "put it in quotes"), ({"text": current}, "expected text")]


@given(plans(), st.data())
def test_a_value_of_the_wrong_type_is_reported_at_that_value(
    plan: rp.Plan, data: st.DataObject
) -> None:
    document = json_document(plan)
    place = data.draw(st.sampled_from(list(places(document))), label="retyped")
    current = place.container[place.key]  # type: ignore[index]
    choices = wrong_values(place, current)
    if place.required:
        choices.append((None, "null"))
    wrong, word = data.draw(st.sampled_from(choices), label="wrong value")
    place.container[place.key] = wrong  # type: ignore[index]

    problems = problems_of(document)
    assert [p.path for p in problems] == [place.path]
    if place.path == "$.format":
        assert "recoveryplan/1" in problems[0].message
    else:
        assert word in problems[0].message


@given(plans(), st.data())
def test_an_unknown_key_is_reported_at_that_key(plan: rp.Plan, data: st.DataObject) -> None:
    document = json_document(plan)
    found = data.draw(st.sampled_from(list(objects(document, rp.Plan))), label="object")
    allowed = {key_of(found.cls, field.name) for field in attrs.fields(found.cls)} | {"format"}
    key = data.draw(st.text(min_size=1, max_size=12).filter(lambda k: k not in allowed))
    found.value[key] = data.draw(st.sampled_from([None, 1, "x", [], {}]), label="its value")

    [problem] = problems_of(document)
    assert problem.path == child(found.path, key)
    assert problem.message.startswith(f"unknown key {key!r}")
    assert "allowed here:" in problem.message


@given(plans(), st.data())
def test_a_duplicated_id_is_an_error_at_the_second_use(plan: rp.Plan, data: st.DataObject) -> None:
    identified = list(plan.identified())
    assume(len(identified) >= 2)
    which = st.lists(st.sampled_from(range(len(identified))), min_size=2, max_size=2, unique=True)
    first, second = sorted(data.draw(which, label="which two"))
    document = json_document(plan)
    (target,) = [o for o in objects(document, rp.Plan) if o.path == identified[second][0]]
    target.value["id"] = identified[first][1].id

    changed = rp.loads(json.dumps(document, ensure_ascii=False))  # still a well-formed document
    duplicates = [f for f in rp.validate(changed, today=TODAY) if f.code == "ids.duplicate"]
    assert [f.path for f in duplicates] == [f"{identified[second][0]}.id"]
    assert duplicates[0].severity == "error"
    assert repr(identified[first][1].id) in duplicates[0].message


def dumps_writes_what_the_standard_json_module_would(plan: rp.Plan) -> None:
    """The fast writer is byte for byte ``json.dumps(..., ensure_ascii=False, indent=2)``."""
    assert rp.dumps(plan) == json.dumps(to_data(plan), ensure_ascii=False, indent=2) + "\n"


def keys_are_written_in_the_order_of_the_model(plan: rp.Plan) -> None:
    document = json_document(plan)
    assert next(iter(document)) == "format"
    for found in objects(document, rp.Plan):
        order = [key_of(found.cls, field.name) for field in attrs.fields(found.cls)]
        written = [key for key in found.value if key != "format"]
        assert written == [key for key in order if key in found.value], found.path


@given(plans())
def test_every_plan_is_written_as_json_and_read_back_unchanged(plan: rp.Plan) -> None:
    """The four properties of the written text, on the same plans (drawing a plan costs far
    more than any of them)."""
    round_trips_through_json_text(plan)
    to_data_holds_only_plain_json_values(plan)
    dumps_writes_what_the_standard_json_module_would(plan)
    keys_are_written_in_the_order_of_the_model(plan)
