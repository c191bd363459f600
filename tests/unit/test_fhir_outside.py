"""The import measured against FHIR nobody on the project wrote: HL7's own R4 examples.

Each example (tests/data/hl7-r4, CC0, see its README) is imported: a single resource in a
``collection`` bundle with the Patient it is about, when R4 has that Patient; a bundle as it is.
Each is either imported or refused with a reason, never with a traceback, and nothing in it is
dropped in silence: every piece of free text in the input is either in the plan or under an
element that a ``fhir.unmapped`` finding names. The counts are in docs/fhir.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import recoveryplan as rp
from recoveryplan.fhir import from_fhir

DATA = Path(__file__).resolve().parents[1] / "data" / "hl7-r4"
FILES: dict[str, dict[str, Any]] = {
    path.name: json.loads(path.read_text(encoding="utf-8")) for path in DATA.glob("*.json")
}

IMPORTED = 44
REFUSED = 9
"""What docs/fhir.md says: of the 53 examples, how many import and how many are refused."""

_NOT_TEXT = frozenset({"div", "display", "reference", "url", "system", "fullUrl", "id"})
"""Keys whose strings are labels, links or names of things, not something a person said."""


def _patient_of(resource: dict[str, Any]) -> dict[str, Any] | None:
    found = re.search(r'"reference"\s*:\s*"Patient/([^"]+)"', json.dumps(resource))
    return FILES.get(f"Patient-{found[1]}.json") if found else None


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    url = f"http://hl7.org/fhir/{resource['resourceType']}/{resource['id']}"
    return {"fullUrl": url, "resource": resource}


def bundle_of(name: str) -> dict[str, Any]:
    """The example as a bundle: a bundle as it is, else the resource and its Patient."""
    resource = FILES[name]
    if resource["resourceType"] == "Bundle":
        return resource
    entries = [_entry(resource)]
    patient = _patient_of(resource) if resource["resourceType"] != "Patient" else None
    if patient is not None:
        entries.insert(0, _entry(patient))
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _import(name: str) -> tuple[rp.Plan | None, list[rp.Finding], str | None]:
    bundle = json.loads(json.dumps(bundle_of(name)))  # a fresh copy each time
    try:
        plan, findings = from_fhir(bundle, source=name)
    except rp.PlanError as error:
        return None, [], str(error)
    return plan, findings, None


# -- walking the input ---------------------------------------------------------------------


def _free_text(
    value: Any, path: str, element: str, extension: str | None
) -> Iterator[tuple[str, str, str, str | None]]:
    """Every string a person wrote (it has a space in it), with its path, its element
    (``Goal.note.text``) and the URL of the extension it is in, if any."""
    if isinstance(value, dict):
        kind = value.get("resourceType")
        for key, item in value.items():
            if key in _NOT_TEXT or (kind is not None and key in ("resourceType", "meta", "text")):
                continue
            inner = extension
            if key in ("extension", "modifierExtension") and isinstance(item, list):
                for index, each in enumerate(item):
                    url = each.get("url") if isinstance(each, dict) else None
                    yield from _free_text(each, f"{path}.{key}[{index}]", element, url or inner)
                continue
            name = f"{kind}" if kind is not None else element
            if key == "contained" and isinstance(item, list):
                for index, each in enumerate(item):
                    yield from _free_text(each, f"{path}.contained[{index}]", "", None)
                continue
            yield from _free_text(item, f"{path}.{key}", f"{name}.{key.lstrip('_')}", inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _free_text(item, f"{path}[{index}]", element, extension)
    elif isinstance(value, str) and re.search(r"\S\s+\S", value) and len(value) >= 6:
        yield path, element, value, extension


def _resources(bundle: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for index, entry in enumerate(bundle.get("entry", [])):
        resource = entry.get("resource")
        if isinstance(resource, dict):
            yield f"$.entry[{index}].resource", resource


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _named(findings: list[rp.Finding], path: str, element: str, extension: str | None) -> bool:
    """Whether a finding says this piece of the input was left out."""
    kind = element.split(".")[0]
    chain = element.split(".")
    for finding in findings:
        if finding.code != "fhir.unmapped":
            continue
        if path == finding.path or path.startswith((finding.path + ".", finding.path + "[")):
            return True
        if re.match(rf"an? {kind} has no place in a plan", finding.message):
            return True
        if extension is not None and extension in finding.message:
            return True
        for depth in range(2, len(chain) + 1):
            if re.search(rf"(^|\s){re.escape('.'.join(chain[:depth]))}(\s|$)", finding.message):
                return True
    return False


def silently_dropped(name: str) -> list[str]:
    """The free text of an example that is neither in the plan nor named by a finding."""
    plan, findings, _ = _import(name)
    if plan is None:
        return []
    kept = list(_strings(json.loads(rp.dumps(plan))))
    dropped = []
    for root, resource in _resources(bundle_of(name)):
        for path, element, text, extension in _free_text(resource, root, "", None):
            inside = any(text == value or text in value for value in kept)
            if not inside and not _named(findings, path, element, extension):
                dropped.append(f"{path} ({element}): {text[:40]!r}")
    return dropped


# -- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_example_is_imported_or_refused_for_want_of_a_patient(name: str) -> None:
    plan, findings, refusal = _import(name)
    if refusal is not None:
        assert "Patient" in refusal, refusal
        assert not any(r.get("resourceType") == "Patient" for _, r in _resources(bundle_of(name)))
    else:
        assert plan is not None
        assert all(f.severity in ("info", "warning") for f in findings)


@pytest.mark.parametrize("name", sorted(FILES))
def test_nothing_in_an_example_is_dropped_in_silence(name: str) -> None:
    assert silently_dropped(name) == []


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_finding_points_into_the_example(name: str) -> None:
    _, findings, _ = _import(name)
    text = json.dumps(bundle_of(name))
    for finding in findings:
        last = re.findall(r"[A-Za-z_]+", finding.path)
        assert not last or last[-1] in text or last[-1] == "entry", finding


def test_the_counts_in_the_documentation_hold() -> None:
    outcomes = [_import(name)[2] is None for name in sorted(FILES)]
    assert (outcomes.count(True), outcomes.count(False)) == (IMPORTED, REFUSED)
    doc = (Path(__file__).resolve().parents[2] / "docs" / "fhir.md").read_text(encoding="utf-8")
    assert f"{IMPORTED} are imported" in doc
    assert f"{REFUSED} are refused" in doc


def test_the_walk_of_the_input_can_see_dropped_text() -> None:
    """Guards the check above: text that is in no plan and named by nothing is caught."""
    resource = {"resourceType": "Goal", "note": [{"text": "a thing the person said"}]}
    found = list(_free_text(resource, "$.entry[0].resource", "", None))
    assert found == [
        ("$.entry[0].resource.note[0].text", "Goal.note.text", "a thing the person said", None)
    ]
    assert not _named([], found[0][0], found[0][1], None)
    left_out = rp.Finding("info", "fhir.unmapped", "$.entry[0].resource.note", "Goal.note is …")
    assert _named([left_out], found[0][0], found[0][1], None)


def test_contained_goals_of_hl7_care_plans_become_outcomes() -> None:
    imported = 0
    for name in sorted(FILES):
        resource = FILES[name]
        if resource["resourceType"] != "CarePlan":
            continue
        goals = [c for c in resource.get("contained", []) if c["resourceType"] == "Goal"]
        plan, _, _ = _import(name)
        if goals and plan is not None:
            assert [o.id for o in plan.outcomes] == [g["id"] for g in goals]
            imported += 1
    assert imported >= 5
