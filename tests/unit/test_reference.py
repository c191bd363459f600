"""The reference plan must always load unchanged, validate without errors and round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import recoveryplan as rp

from ..support.reference import BUNDLED, TODAY


def test_reference_plan_loads_and_round_trips_losslessly(reference_path: Path) -> None:
    plan = rp.load(reference_path)
    original = json.loads(reference_path.read_text(encoding="utf-8"))
    dumped = rp.dumps(plan)
    assert json.loads(dumped) == original
    assert list(json.loads(dumped)) == list(original)
    assert rp.loads(dumped) == plan


def test_reference_plan_validates_without_errors(morag: rp.Plan) -> None:
    errors = [f for f in rp.validate(morag, today=TODAY) if f.severity == "error"]
    assert errors == []


def test_bundled_copy_is_the_reference_plan(reference_path: Path) -> None:
    assert json.loads(BUNDLED.read_text(encoding="utf-8")) == json.loads(
        reference_path.read_text(encoding="utf-8")
    )
