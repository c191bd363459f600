"""Loading through msgspec and the fast pass gives what the careful reader and both passes give,
and writing through the generated code gives what a plain walk of the model writes.

``rp.loads`` first tries the fast route (:mod:`recoveryplan._fast_reading`, then the fast pass
alone) and falls back to the careful one (the standard library's parser with its hooks, then
the detailed pass) on anything it is not certain of. These properties compare the two routes on
generated plans, on generated ``extensions`` of every JSON shape, and on documents broken in the
ways only the careful reader catches: a repeated key, a colon written as an escape, ``NaN``, a
number too long to mean the same everywhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan._fast_reading import read_fast
from recoveryplan._fast_writing import write_fast
from recoveryplan._fields import default_value, json_key
from recoveryplan._reading import parse_json
from recoveryplan._writing import has_fraction, python_json_text
from recoveryplan.serialize import from_data, to_data
from recoveryplan.testing.strategies import plans

from ..support.reference import BUNDLED


def careful(text: str | bytes) -> rp.Plan | list[rp.Problem]:
    """The plan the careful route reads, or the problems it reports."""
    try:
        return from_data(parse_json(text, None))
    except rp.PlanFormatError as error:
        return error.problems


def loaded(text: str | bytes) -> rp.Plan | list[rp.Problem]:
    """The plan ``rp.loads`` reads, or the problems it reports."""
    try:
        return rp.loads(text)
    except rp.PlanFormatError as error:
        return error.problems


@given(plans())
def test_every_valid_plan_is_read_by_the_fast_route_as_the_careful_one_reads_it(
    plan: rp.Plan,
) -> None:
    text = rp.dumps(plan)
    assert read_fast(text) == json.loads(text)
    assert read_fast(text.encode("utf-8")) == json.loads(text)
    assert rp.loads(text) == careful(text) == plan


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.text(min_size=1), json_values, max_size=3))
def test_extensions_of_every_shape_are_read_alike(extensions: dict[str, Any]) -> None:
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    document["extensions"] = {"org.example": extensions}
    text = json.dumps(document, ensure_ascii=False)
    assert loaded(text) == careful(text)
    escaped = json.dumps(document)  # every character beyond ASCII as a \u escape
    assert loaded(escaped) == careful(escaped)


def _keys(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r'\n( *)("[^"\\]*"): ', text))


@given(st.data())
def test_a_repeated_key_is_refused_at_its_place_by_either_route(data: st.DataObject) -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    key = data.draw(st.sampled_from(_keys(text)))
    value = data.draw(st.sampled_from(['"again"', "7", "null", "[]", '{"a": ":"}']))
    # The same key again, first in its object, with a value of its own.
    repeated = text[: key.start()] + f"\n{key[1]}{key[2]}: {value}," + text[key.start() :]
    assert read_fast(repeated) is None
    problems = loaded(repeated)
    assert problems == careful(repeated)
    assert isinstance(problems, list)
    name = json.loads(key[2])
    assert f"the key {name!r} appears more than once; keep one" in [p.message for p in problems]


@given(st.data())
def test_a_repeated_key_hidden_behind_escaped_colons_is_still_found(data: st.DataObject) -> None:
    """A colon written ``\\u003a`` in a text would hide a lost key from a plain count."""
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    document["person"]["pronouns"] = ":" * data.draw(st.integers(1, 3))
    text = json.dumps(document, ensure_ascii=False, indent=2).replace(":::", ":\\u003a:")
    text = text.replace('"pronouns": "::', '"pronouns": "\\u003a:').replace(
        '"pronouns": ":"', '"pronouns": "\\u003A"'
    )
    key = data.draw(st.sampled_from(_keys(text)))
    repeated = text[: key.start()] + f"\n{key[1]}{key[2]}: 1," + text[key.start() :]
    assert loaded(text) == careful(text)
    assert read_fast(repeated) is None
    assert loaded(repeated) == careful(repeated)


@pytest.mark.parametrize(
    "value",
    [
        "NaN",
        "-Infinity",
        "1e400",
        "9" * 4001,
        "-" + "9" * 4000,
        "-" + "9" * 3999,
        '"\\ud800"',
        "[" * 300 + "]" * 300,
    ],
)
def test_what_only_the_careful_reader_reads_is_left_to_it(value: str) -> None:
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    document["extensions"] = {"org.example": "VALUE"}
    text = json.dumps(document, indent=2).replace('"VALUE"', value)
    assert loaded(text) == careful(text)


@given(plans(), st.data())
def test_a_broken_document_gets_the_same_problems_from_either_route(
    plan: rp.Plan, data: st.DataObject
) -> None:
    document = json.loads(rp.dumps(plan))
    spots = [(document, key) for key in document if key != "format"]
    spots += [(document["person"], key) for key in document["person"]]
    where, key = data.draw(st.sampled_from(spots))
    where[key] = data.draw(st.sampled_from([None, 7, "x", [], {}, {"unknown": 1}, True]))
    assume(json.loads(json.dumps(document)) != json.loads(rp.dumps(plan)))
    text = json.dumps(document, ensure_ascii=False)
    assert loaded(text) == careful(text)
    assert loaded(text.encode("utf-8")) == careful(text.encode("utf-8"))


def test_a_plan_read_either_way_is_the_same_object_graph() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    fast, slow = rp.loads(text), careful(text)
    assert isinstance(slow, rp.Plan)
    assert attrs.asdict(fast) == attrs.asdict(slow)


def plainly_written(value: Any) -> Any:
    """A model value as the format writes it, worked out the plain way, field by field from
    attrs' own description: each field under its key in the model's order, left out when it
    equals its default. ``to_data``'s generated code must write exactly this."""
    if attrs.has(type(value)):
        written = {}
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            if item != default_value(field):
                written[json_key(field)] = plainly_written(item)
        return written
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {key: plainly_written(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [plainly_written(item) for item in value]
    return value


@given(plans())
def test_to_data_writes_what_the_plain_walk_writes_in_the_same_order(plan: rp.Plan) -> None:
    expected = {"format": rp.FORMAT, **plainly_written(plan)}
    written = to_data(plan)
    # json.dumps keeps key order, so the texts differ when the order does.
    assert json.dumps(written, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
    assert rp.dumps(plan) == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


@given(plans(), st.dictionaries(st.text(min_size=1), json_values, max_size=3))
def test_dumps_through_msgspec_writes_the_bytes_to_data_writes(
    plan: rp.Plan, extensions: dict[str, Any]
) -> None:
    for written in (plan, with_extensions(plan, extensions)):
        fast = write_fast(written)
        careful_text = python_json_text(to_data(written))
        assert fast == careful_text or (fast is None and has_fraction(to_data(written)))
        assert rp.dumps(written) == careful_text


def with_extensions(plan: rp.Plan, extensions: dict[str, Any]) -> rp.Plan:
    """The plan with generated extensions, when the model takes them (no control characters)."""
    try:
        return attrs.evolve(plan, extensions={"org.example": extensions})
    except rp.PlanValueError:
        assume(False)
        raise


def test_dumps_writes_through_msgspec_for_this_model() -> None:
    """Every default of the model is one msgspec leaves out alike (else nothing is faster)."""
    plan = rp.loads(BUNDLED.read_text(encoding="utf-8"))
    assert write_fast(plan) == python_json_text(to_data(plan))
    assert write_fast(attrs.evolve(plan, extensions={})) is not None


def test_to_data_of_the_reference_plan_is_the_plain_walk() -> None:
    plan = rp.loads(BUNDLED.read_text(encoding="utf-8"))
    expected = {"format": rp.FORMAT, **plainly_written(plan)}
    assert to_data(plan) == expected == json.loads(BUNDLED.read_text(encoding="utf-8"))
    assert rp.dumps(plan) == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


@given(st.integers(min_value=0, max_value=5), st.sampled_from(["u003a", "u003A", "u0041"]))
def test_a_colon_written_as_an_escape_is_told_from_text_that_says_so(
    backslashes: int, rest: str
) -> None:
    # An even number of backslashes before "u003a" is text; an odd number escapes a colon.
    text = '{"a": "x' + "\\" * backslashes + rest + '", "b": 1}'
    try:
        expected = json.loads(text)
    except json.JSONDecodeError:
        return
    assert read_fast(text) == expected
