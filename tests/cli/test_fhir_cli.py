"""``recoveryplan export fhir`` and ``import fhir``, run the way users meet them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import recoveryplan as rp

from ..support.cli import recoveryplan_main as _recoveryplan
from ..support.fhir import minimal_bundle as _minimal

FINDING_LINE = re.compile(r"^(?P<file>.+?): (warning|info): \$\S*: .+ \[fhir\.[a-z-]+\]$")


def test_export_prints_the_bundle(tmp_path: Path, reference_path: Path) -> None:
    result = _recoveryplan("export", "fhir", reference_path, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == rp.to_fhir(rp.load(reference_path))


def test_export_of_a_bad_plan_says_where_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"format": "recoveryplan/1", "id": 3}', "utf-8")
    result = _recoveryplan("export", "fhir", "broken.json", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("broken.json: $.id: expected text")
    assert all(line.startswith("broken.json: $") for line in lines)
    missing = _recoveryplan("export", "fhir", "nowhere.json", cwd=tmp_path)
    assert (missing.returncode, missing.stderr) == (1, "recoveryplan: nowhere.json: no such file\n")


def test_export_then_import_gives_back_the_same_plan(tmp_path: Path, reference_path: Path) -> None:
    exported = _recoveryplan("export", "fhir", reference_path, cwd=tmp_path)
    (tmp_path / "bundle.json").write_text(exported.stdout, "utf-8")
    result = _recoveryplan("import", "fhir", "bundle.json", "-o", "back.json", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert rp.load(tmp_path / "back.json") == rp.load(reference_path)
    printed = _recoveryplan("import", "fhir", "bundle.json", cwd=tmp_path)
    assert (printed.returncode, printed.stderr) == (0, "")
    assert printed.stdout == rp.dumps(rp.load(reference_path))


def test_import_from_elsewhere_reports_what_it_could_not_map(tmp_path: Path) -> None:
    (tmp_path / "other.json").write_text(json.dumps(_minimal()), "utf-8")
    result = _recoveryplan("import", "fhir", "other.json", cwd=tmp_path)
    assert result.returncode == 0
    plan = rp.loads(result.stdout)
    assert [outcome.id for outcome in plan.outcomes] == ["g1", "g2"]
    lines = result.stderr.splitlines()
    assert lines
    assert all(FINDING_LINE.match(line) for line in lines), lines
    assert (
        "other.json: info: $.entry[1].resource.note: notes were left out [fhir.unmapped]" in lines
    )


def test_import_of_a_bad_bundle_fails_with_readable_lines(tmp_path: Path) -> None:
    (tmp_path / "patient.json").write_text('{"resourceType": "Patient"}', "utf-8")
    result = _recoveryplan("import", "fhir", "patient.json", "-o", "plan.json", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "patient.json: $.resourceType: expected 'Bundle', not 'Patient'\n"
    assert not (tmp_path / "plan.json").exists()
    (tmp_path / "cut.json").write_text('{"resourceType": "Bundle", "entry": [', "utf-8")
    cut = _recoveryplan("import", "fhir", "cut.json", cwd=tmp_path)
    assert cut.returncode == 1
    assert cut.stderr.startswith("cut.json: $: not valid JSON: Expecting value (line 1")
    assert len(cut.stderr.splitlines()) == 1


def test_export_needs_a_standard(tmp_path: Path) -> None:
    result = _recoveryplan("export", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
