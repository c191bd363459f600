"""Reading into the model's shape (:mod:`recoveryplan._typed_reading`) gives exactly what the
model's constructors make, and declines whatever it is not certain of.

msgspec tests every value as it reads it, against mirrors of the model; these properties
compare what it makes with what the constructors make on generated plans, on those plans
broken one value at a time, on keys written twice, and on texts holding the characters the
model refuses.
"""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan._fast_reading import plain_text
from recoveryplan._typed_reading import _reading, read_typed
from recoveryplan.testing.strategies import plans

from ..support.reference import BUNDLED
from .test_building import _BROKEN, _REFUSED, _spots, body_of, constructed


@given(plans(), st.booleans(), st.booleans())
def test_every_valid_plan_is_read_as_its_constructors_make_it(
    plan: rp.Plan, ascii_only: bool, as_bytes: bool
) -> None:
    text = json.dumps(rp.to_data(plan), ensure_ascii=ascii_only, indent=1)
    read = read_typed(text.encode("utf-8") if as_bytes else text)
    if not plain_text(text.encode("utf-8")):
        # an escape that might write a refused character (half of an emoji written as
        # \\ud83d, say): declined, and the plain-values route searches each text
        assert read is None
        return
    assert read is not None
    assert read == constructed(body_of(plan)) == plan
    assert attrs.asdict(read, recurse=True) == attrs.asdict(plan, recurse=True)
    assert rp.dumps(read) == rp.dumps(plan)


@settings(max_examples=80)
@given(plans(), st.data())
def test_a_broken_value_anywhere_is_read_only_as_its_constructors_would(
    plan: rp.Plan, data: st.DataObject
) -> None:
    body = body_of(plan)
    where, key = data.draw(st.sampled_from(_spots(body, [])))
    change = data.draw(st.sampled_from(["replace", "unknown key", "drop", "null"]))
    if change == "replace":
        where[key] = data.draw(st.sampled_from([*_BROKEN, "2026-6-02", "１", 2**53, -(2**53)]))
    elif change == "unknown key" and isinstance(where[key], dict):
        where[key]["nickname"] = "Mo"
    elif change == "null":
        where[key] = None
    elif isinstance(where, dict):
        del where[key]
    text = json.dumps({"format": rp.FORMAT, **body}, ensure_ascii=False)
    read = read_typed(text)
    assert read is None or read == constructed(json.loads(json.dumps(body)))


_MARK = "@@written twice@@"


@settings(max_examples=80)
@given(plans(), st.data())
def test_a_key_written_twice_is_never_read(plan: rp.Plan, data: st.DataObject) -> None:
    document = rp.to_data(plan)
    # an object with no keys (an empty one the strategy can make) has none to write twice
    objects = [where[key] for where, key in _spots(document, []) if isinstance(where[key], dict)]
    target = data.draw(st.sampled_from([document, *(found for found in objects if found)]))
    key = data.draw(st.sampled_from(sorted(target)))
    renamed = {(_MARK if name == key else name): value for name, value in target.items()}
    target.clear()
    target.update(renamed)
    text = json.dumps(document, ensure_ascii=False)
    assert text.count(_MARK) == 1
    spoilt = text.replace(json.dumps(_MARK), f'"{key}": null, "{key}"')
    assert read_typed(spoilt) is None
    with pytest.raises(rp.PlanFormatError) as refused:
        rp.loads(spoilt)
    assert any(problem.message.startswith("the key") for problem in refused.value.problems)


@given(st.text(st.sampled_from([*_REFUSED, "a", " ", ":", "é"]), max_size=6), st.booleans())
def test_a_text_the_model_refuses_is_never_read(text: str, ascii_only: bool) -> None:
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    document["person"]["pronouns"] = text
    read = read_typed(json.dumps(document, ensure_ascii=ascii_only))
    refused = any(char in text for char in _REFUSED)
    assert (read is None) == refused
    if read is not None:
        assert read.person.pronouns == text


def test_defaults_and_nulls_written_out_are_read_as_left_out() -> None:
    """A document may write what the model leaves out (``false``, ``[]``, ``null``): each key
    is still read once, and the plan is the one without them."""
    document: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    document["person"]["preferred_name"] = None
    document["person"]["communication"] = []
    for item in document["assessment"]["items"]:
        item.setdefault("private", False)
    read = read_typed(json.dumps(document))
    assert read is not None
    assert read == rp.from_data(document)


def test_the_model_is_read_this_way() -> None:
    """Every class of the model has a mirror (else loading would quietly go back to the
    plain-values route's pace), and the bundled plan is read through them."""
    assert _reading() is not None
    assert read_typed(BUNDLED.read_bytes()) == rp.from_data(json.loads(BUNDLED.read_bytes()))
