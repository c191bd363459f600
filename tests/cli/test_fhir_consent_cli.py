"""Hostile bundles through ``recoveryplan import fhir``, and ambiguous readers through ``render``:
exit 1, one line per problem, never a traceback or "unexpected error"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import recoveryplan as rp
from recoveryplan.audience import shared_sections

from ..support.cli import recoveryplan_main as _recoveryplan
from ..support.reference import BUNDLED, REFERENCE

MORAG = REFERENCE if REFERENCE.exists() else BUNDLED


def _bundle(*resources: dict[str, Any]) -> str:
    patient = {"resourceType": "Patient", "id": "p", "name": [{"text": "Sam Reid"}]}
    entries = [{"fullUrl": "urn:uuid:p", "resource": patient}]
    entries += [{"resource": resource} for resource in resources]
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries})


def _duplicate_members() -> str:
    bundle = rp.to_fhir(rp.load(MORAG))
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "RelatedPerson":
            entry["resource"]["identifier"][0]["value"] = "ali"
    return json.dumps(bundle)


def _garbage_consent_period() -> str:
    bundle = rp.to_fhir(rp.load(MORAG))
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "Consent":
            entry["resource"]["provision"]["period"] = {"end": "2026-06-31"}
    return json.dumps(bundle)


HOSTILE: dict[str, tuple[str, str]] = {
    "a 5,000-digit integer": (
        '{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient", '
        '"id": "p", "multipleBirthInteger": ' + "9" * 5000 + "}}]}",
        "$.entry[0].resource.multipleBirthInteger: a number of 5000 digits",
    ),
    "deep nesting": (
        '{"resourceType": "Bundle", "entry": ' + "[" * 50_000 + "]" * 50_000 + "}",
        "$: nested too deeply to read",
    ),
    "a lone surrogate in a name": (
        _bundle().replace('"Sam Reid"', '"\\ud800"'),
        "$.entry[0].resource.name[0].text: the text holds half of a character",
    ),
    "a lone surrogate in an id": (
        _bundle().replace('"id": "p"', '"id": "\\udfff"'),
        "half of a character",
    ),
    "an empty file": ("", "$: not valid JSON"),
    "only spaces": ("  \n", "$: not valid JSON"),
    "a garbage date-time": (
        _bundle(
            {
                "resourceType": "CarePlan",
                "id": "c",
                "status": "active",
                "intent": "plan",
                "subject": {"reference": "urn:uuid:p"},
                "created": "2026-03-02Tgarbage!!",
            }
        ),
        "$.entry[1].resource.created: '2026-03-02Tgarbage!!' is not a FHIR dateTime",
    ),
    "a date-time without its zone": (
        _bundle().replace('"id": "p"', '"id": "p", "birthDate": "2026-03-02T10:00:00"'),
        "$.entry[0].resource.birthDate: '2026-03-02T10:00:00' is not a FHIR dateTime",
    ),
    "a consent period on a day that does not exist": (
        _garbage_consent_period(),
        ".resource.provision.period.end: '2026-06-31' is not a FHIR date",
    ),
    "two circle members with one id": (
        _duplicate_members(),
        "two circle members have the id 'ali'",
    ),
    "a list, not a bundle": ("[]", "$: a FHIR bundle is a JSON object"),
    "NaN": ('{"resourceType": "Bundle", "total": NaN}', "$.total: NaN is not a number"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_bundle_is_refused_in_one_line_per_problem(case: str, tmp_path: Path) -> None:
    text, expected = HOSTILE[case]
    (tmp_path / "in.json").write_text(text, "utf-8", errors="surrogatepass")
    result = _recoveryplan("import", "fhir", "in.json", "-o", "plan.json", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert lines
    assert all(line.startswith("in.json") for line in lines), lines
    assert "Traceback" not in result.stderr
    assert "unexpected error" not in result.stderr
    assert any(expected in line for line in lines), lines
    assert not (tmp_path / "plan.json").exists()


def test_render_refuses_a_plan_whose_readers_are_ambiguous(tmp_path: Path) -> None:
    document = json.loads(MORAG.read_text("utf-8"))
    document["circle"][1]["id"] = document["circle"][0]["id"]
    (tmp_path / "plan.json").write_text(json.dumps(document), "utf-8")
    taken = document["circle"][0]["id"]
    for audience in (taken, "staff"):
        result = _recoveryplan(
            "render", "plan.json", "--audience", audience, "-o", "out.html", cwd=tmp_path
        )
        assert result.returncode == 1
        assert len(result.stderr.splitlines()) == 1, result.stderr
        assert f"both have the circle id {taken!r}" in result.stderr
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "out.html").exists()


def test_a_consent_that_is_withdrawn_imports_with_a_warning_line(tmp_path: Path) -> None:
    bundle = rp.to_fhir(rp.load(MORAG))
    index = next(
        i for i, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == "Consent"
    )
    bundle["entry"][index]["resource"]["status"] = "inactive"
    (tmp_path / "in.json").write_text(json.dumps(bundle), "utf-8")
    result = _recoveryplan("import", "fhir", "in.json", "-o", "plan.json", cwd=tmp_path)
    assert result.returncode == 0
    (line,) = [line for line in result.stderr.splitlines() if line.endswith("[fhir.consent]")]
    assert line.startswith(f"in.json: warning: $.entry[{index}]: the Consent ")
    assert "its status is 'inactive', not 'active'" in line
    plan = rp.load(tmp_path / "plan.json")
    assert shared_sections(plan, "eilidh") == ()


def test_a_batch_refuses_the_plan_whose_readers_are_ambiguous_and_renders_the_rest(
    tmp_path: Path,
) -> None:
    document = json.loads(MORAG.read_text("utf-8"))
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "ok.json").write_text(json.dumps(document), "utf-8")
    document["circle"][1]["id"] = document["circle"][0]["id"]
    (tmp_path / "plans" / "twice.json").write_text(json.dumps(document), "utf-8")
    result = _recoveryplan("render", "plans", "--out-dir", "out", "--audience", "all", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    refused = [line for line in result.stderr.splitlines() if "twice.json" in line]
    assert refused  # one line per copy asked for
    assert all("both have the circle id 'eilidh'" in line for line in refused)
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written
    assert all(name.startswith("ok.") for name in written)
