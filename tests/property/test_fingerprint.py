"""``rp.fingerprint``: one digest for one content, whatever the source, in any process."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan._converter import converter
from recoveryplan._fields import json_key
from recoveryplan.testing.strategies import plans

from ..support import yaml12
from ..support.edits import Edits, edits
from ..support.reference import BUNDLED

SETTINGS = settings(
    max_examples=max(20, settings().max_examples // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
"""Each example is a plan or two and a few edits: a quarter of the profile's count keeps
the suite fast, and ``HYPOTHESIS_PROFILE=thorough`` still runs hundreds."""
SMALL = {"max_goals": 6, "max_depth": 3, "max_items": 2}
HEX = re.compile(r"[0-9a-f]{32,}")

REFERENCE_FINGERPRINT = "cb067cd6305aac43e50ddd8df7e36d1fc0cdf79867d87750d938a847a00831aa"
"""The reference plan's fingerprint, on every machine: it may change only with the format."""


def shuffled(value: Any, rng: random.Random) -> Any:
    """``value`` with the keys of every object in another order."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: shuffled(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [shuffled(item, rng) for item in value]
    return value


def written_out(part: Any) -> Any:
    """A part as JSON with every field written, those at their defaults too (but ``null``,
    which a required field may not be)."""
    if attrs.has(type(part)):
        return {
            json_key(field): written_out(getattr(part, field.name))
            for field in attrs.fields(type(part))
            if getattr(part, field.name) is not None
        }
    if type(part) is tuple:
        return [written_out(item) for item in part]
    return converter(False).unstructure(part)


@SETTINGS
@given(plans(**SMALL), st.randoms())  # type: ignore[arg-type]
def test_the_same_content_has_the_same_fingerprint(plan: rp.Plan, rng: random.Random) -> None:
    key = rp.fingerprint(plan)
    assert HEX.fullmatch(key)
    assert rp.fingerprint(rp.loads(rp.dumps(plan))) == key
    assert rp.fingerprint(rp.from_data(shuffled(rp.to_data(plan), rng))) == key
    everything = {"format": rp.FORMAT, **written_out(plan)}
    assert rp.fingerprint(rp.from_data(everything)) == key


@SETTINGS
@given(plans(**SMALL), plans(**SMALL))  # type: ignore[arg-type]
def test_different_plans_have_different_fingerprints(one: rp.Plan, other: rp.Plan) -> None:
    assume(one != other)
    assert rp.fingerprint(one) != rp.fingerprint(other)


@SETTINGS
@given(st.data())
def test_any_edit_changes_the_fingerprint(data: st.DataObject) -> None:
    plan = data.draw(plans(**SMALL))  # type: ignore[arg-type]
    made: Edits = data.draw(edits(plan, "edit"))
    assume(made.plan != plan)
    assert rp.fingerprint(made.plan) != rp.fingerprint(plan)


def test_a_yaml_source_and_another_process_give_the_same_fingerprint(tmp_path: Path) -> None:
    plan = rp.load(BUNDLED)
    data = shuffled(rp.to_data(plan), random.Random(18))
    (tmp_path / "morag.yaml").write_text(yaml12.safe_dump(data, allow_unicode=True))
    (tmp_path / "morag.json").write_text(json.dumps(data, indent=4))
    code = "import sys, recoveryplan as rp; print(rp.fingerprint(rp.load(sys.argv[1])))"
    found = {
        subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / name)],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed)},
        ).stdout.strip()
        for seed, name in enumerate(["morag.yaml", "morag.json"])
    }
    assert found == {rp.fingerprint(plan)} == {REFERENCE_FINGERPRINT}


def test_a_default_written_out_or_left_out_is_the_same_plan() -> None:
    data = rp.to_data(rp.load(BUNDLED))
    data["assessment"]["items"][0]["private"] = False
    data["outcomes"][0]["goals"][2]["goals"] = []
    data["risk_plans"][0]["benefits"].reverse()
    assert rp.fingerprint(rp.from_data(data)) != REFERENCE_FINGERPRINT  # the order is content
    data["risk_plans"][0]["benefits"].reverse()
    assert rp.fingerprint(rp.from_data(data)) == REFERENCE_FINGERPRINT


def test_a_whole_number_is_one_number_however_it_is_written() -> None:
    plan = rp.load(BUNDLED)
    one = attrs.evolve(plan, extensions={"org.example": {"n": 1}})
    also_one = attrs.evolve(plan, extensions={"org.example": {"n": 1.0}})
    assert one == also_one
    assert rp.fingerprint(one) == rp.fingerprint(also_one)
    assert rp.fingerprint(attrs.evolve(plan, extensions={"org.example": {"n": 1.5}})) != (
        rp.fingerprint(one)
    )


def test_any_field_changed_changes_it() -> None:
    plan = rp.load(BUNDLED)
    assert rp.fingerprint(plan.evolve_item("g-dosette", due_on=date(2026, 5, 1))) != (
        REFERENCE_FINGERPRINT
    )
