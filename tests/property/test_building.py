"""The builders (:mod:`recoveryplan._building`) make exactly what the model's constructors make.

Loading builds each object directly, testing each value once, and goes back to the model's
constructors (through the fast pass, then the detailed one) on anything it is not certain of.
These properties compare the two on generated plans, on those plans broken one value at a
time, and on texts holding the characters the model refuses, written as they are or as escapes.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan import _converter
from recoveryplan._building import _builders, build
from recoveryplan._checks import checks_only
from recoveryplan._fast_reading import plain_text, read_plan
from recoveryplan._fields import model_classes
from recoveryplan.goals import Outcome, nested_deeper_than, walk_goals
from recoveryplan.testing.strategies import outcomes, plans

from ..support.reference import BUNDLED


def constructed(body: dict[str, Any], kind: type = rp.Plan) -> Any:
    """What the model's constructors make of ``body`` (the fast pass), or ``None`` when they
    refuse it."""
    try:
        return _converter.converter(False).structure(body, kind)
    except Exception:
        return None


def body_of(plan: rp.Plan) -> dict[str, Any]:
    body = rp.to_data(plan)
    del body["format"]
    return body


@given(plans(), st.booleans())
def test_every_valid_plan_is_built_as_its_constructors_make_it(plan: rp.Plan, plain: bool) -> None:
    body = body_of(plan)
    built = build(body, rp.Plan, plain_text=plain)
    assert built is not None
    assert built == constructed(body) == plan
    assert attrs.asdict(built, recurse=True) == attrs.asdict(plan, recurse=True)


_BROKEN: list[Any] = [
    None,
    7,
    -1,
    2**60,
    1.5,
    True,
    "",
    "x",
    "2026-02-30",
    "2026-06-02",
    [],
    ["x"],
    {},
]


def _spots(value: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a JSON value, where a value can be replaced."""
    if isinstance(value, dict):
        for key, item in value.items():
            out.append((value, key))
            _spots(item, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.append((value, index))
            _spots(item, out)
    return out


@settings(max_examples=60)
@given(plans(), st.data())
def test_a_broken_value_anywhere_is_built_only_as_its_constructors_would(
    plan: rp.Plan, data: st.DataObject
) -> None:
    body = body_of(plan)
    where, key = data.draw(st.sampled_from(_spots(body, [])))
    change = data.draw(st.sampled_from(["replace", "unknown key", "drop"]))
    if change == "replace":
        where[key] = data.draw(st.sampled_from(_BROKEN))
    elif change == "unknown key" and isinstance(where[key], dict):
        where[key]["nickname"] = "Mo"
    elif isinstance(where, dict):
        del where[key]
    for plain in (True, False):
        built = build(json.loads(json.dumps(body)), rp.Plan, plain_text=plain)
        assert built is None or built == constructed(body)
    # Whatever the builders decline, loading still answers as the careful route does.
    text = json.dumps({"format": rp.FORMAT, **body}, ensure_ascii=False)
    try:
        loaded: Any = rp.loads(text)
    except rp.PlanFormatError as error:
        loaded = error.problems
    try:
        careful: Any = rp.from_data(json.loads(text))
    except rp.PlanFormatError as error:
        careful = error.problems
    assert loaded == careful


_REFUSED = ["\x00", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\x9f"]
_ALLOWED = ["\t", "\n", "\r", "é", "£", "\u00a0", "\u2028", "😀", ":", "\\", '"']


@given(
    st.text(st.sampled_from(_REFUSED + _ALLOWED + ["a", " "]), max_size=6),
    st.booleans(),
)
def test_a_text_is_plain_exactly_when_the_model_takes_it(text: str, ascii_only: bool) -> None:
    """Written as it is or as escapes, a text the model refuses is never called plain, and a
    refused text is never built into a plan."""
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    document["person"]["pronouns"] = text
    written = json.dumps(document, ensure_ascii=ascii_only)
    read = read_plan(written)
    refused = any(char in text for char in _REFUSED)
    assert read is not None
    if refused:
        assert not read.plain_text
        assert not plain_text(written.encode("utf-8"))
    body = dict(read.document)
    del body["format"]
    built = build(body, rp.Plan, plain_text=read.plain_text)
    assert built == constructed(body)
    assert (built is None) == refused


def test_every_model_class_is_built_directly() -> None:
    """Every class of the model is one the builders make themselves (else loading it would
    quietly go back to the constructors' pace)."""
    for plain in (True, False):
        builders = _builders(plain)
        for cls in model_classes(rp.Plan):
            assert checks_only(cls), cls
            assert builders[cls].__code__.co_filename == "<recoveryplan builders>", cls


@settings(max_examples=60)
@given(st.lists(outcomes(max_depth=4, max_goals=6), max_size=3), st.integers(0, 5))
def test_how_deep_goals_nest_is_what_walking_them_finds(found: list[Outcome], depth: int) -> None:
    """A plan checks the depth of its goals without walking them; the walk agrees."""
    deepest = max((place.depth for outcome in found for place in walk_goals(outcome)), default=0)
    assert nested_deeper_than(found, depth) == (deepest > depth)
