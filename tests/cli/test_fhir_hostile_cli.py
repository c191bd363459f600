"""``import fhir`` on hostile files: exit 1 with one line per problem, never an unexpected error."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ..support.cli import recoveryplan_main
from ..support.fhir import minimal_bundle


def _import(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "bundle.json").write_text(text, "utf-8")
    return recoveryplan_main("import", "fhir", "bundle.json", cwd=tmp_path)


def _huge_number() -> str:
    bundle = minimal_bundle()
    bundle["entry"][2]["resource"]["target"] = [{"detailInteger": 0}]
    return json.dumps(bundle).replace('"detailInteger": 0', '"detailInteger": ' + "9" * 5000)


def _lone_surrogate() -> str:
    bundle = minimal_bundle()
    bundle["entry"][2]["resource"]["description"]["text"] = "Walk\ud800"
    return json.dumps(bundle)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (_huge_number(), "$.entry[2].resource.target[0].detailInteger: a number of 5000 digits"),
        ('{"resourceType": "Bundle", "entry": ' + "[" * 5000 + "]" * 5000 + "}", "$: nested"),
        (_lone_surrogate(), "$.entry[2].resource.description.text: the text holds half"),
        ("", "$: not valid JSON"),
    ],
    ids=["5000-digit integer", "deep nesting", "lone surrogate", "empty file"],
)
def test_a_hostile_bundle_is_refused_with_a_line_per_problem(
    tmp_path: Path, text: str, where: str
) -> None:
    result = _import(tmp_path, text)
    assert result.returncode == 1
    assert "unexpected error" not in result.stderr
    assert "Traceback" not in result.stderr
    assert f"bundle.json: {where}" in result.stderr
