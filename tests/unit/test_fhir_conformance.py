"""The FHIR package defines every extension, code system and identifier system the export uses,
its resources validate, and the copy the wheel ships is what the code makes now."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from fhir.resources.R4B import get_fhir_model_class
from hypothesis import given, settings

import recoveryplan as rp
from recoveryplan.fhir.codes import EXTENSIONS
from recoveryplan.fhir.conformance import RESOURCE_TYPES, SHIPPED, package
from recoveryplan.fhir.importing import _HANDLED
from recoveryplan.fhir.structure import EXTENSION_BASE
from recoveryplan.fhir.vocabulary import BASE, SAFETY_STEP_FIELDS, SAFETY_STEPS, TEXT
from recoveryplan.testing.strategies import plans

from ..support.reference import ROOT
from ..support.scripts import script

STANDARD_SYSTEMS = frozenset(
    {
        "http://terminology.hl7.org/CodeSystem/goal-achievement",
        "http://terminology.hl7.org/CodeSystem/goal-relationship-type",
        "http://terminology.hl7.org/CodeSystem/risk-probability",
        "http://terminology.hl7.org/CodeSystem/consentscope",
        "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
        "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
        "http://terminology.hl7.org/CodeSystem/v3-DataOperation",
        "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
        "http://terminology.hl7.org/CodeSystem/observation-category",
        "http://loinc.org",
        "http://snomed.info/sct",
        "urn:ietf:bcp:47",
        "https://fhir.nhs.uk/Id/nhs-number",
        "https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryPatient",
        "https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryRA",
    }
)
"""Systems the export uses that others define (HL7, LOINC, SNOMED CT, BCP 47, NHS England)."""

STANDARD_EXTENSIONS = frozenset(
    {
        "http://hl7.org/fhir/StructureDefinition/goal-relationship",
        "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired",
    }
)


@pytest.fixture(scope="module")
def files() -> dict[str, dict[str, Any]]:
    return package()


def _resources(files: dict[str, dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for name, r in files.items() if name != "package.json" and r["resourceType"] == kind]


def _defined(files: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
    """The package's extensions and code systems by URL, and its identifier systems."""
    extensions = {d["url"]: d for d in _resources(files, "StructureDefinition")}
    systems = {c["url"]: c for c in _resources(files, "CodeSystem")}
    naming = {u["value"] for n in _resources(files, "NamingSystem") for u in n["uniqueId"]}
    return extensions, systems, naming


def _extensions(value: Any, inside: str | None = None) -> Iterator[tuple[str, str | None, Any]]:
    """Every extension anywhere: its url, the url of the extension it is a part of, itself."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("extension", "modifierExtension") and isinstance(item, list):
                for extension in item:
                    yield extension["url"], inside, extension
                    yield from _extensions(extension, extension["url"])
            else:
                yield from _extensions(item, None)
    elif isinstance(value, list):
        for item in value:
            yield from _extensions(item, inside)


def _codings(value: Any) -> Iterator[tuple[str, str | None]]:
    """Every ``system`` anywhere (a coding's or an identifier's), with its code if any."""
    if isinstance(value, dict):
        system = value.get("system")
        if isinstance(system, str) and ":" in system:  # a ContactPoint's system is a code
            yield system, value.get("code")
        for item in value.values():
            yield from _codings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _codings(item)


def _slices(definition: dict[str, Any], under: str) -> set[str]:
    """The slice names directly under one element id of a StructureDefinition."""
    prefix = f"{under}.extension:"
    return {
        element["sliceName"]
        for element in definition["differential"]["element"]
        if element["id"].startswith(prefix) and "." not in element["id"][len(prefix) :]
    }


def assert_defined(bundle: dict[str, Any], files: dict[str, dict[str, Any]]) -> int:
    """Every URL and system the bundle uses is defined in the package, or is a standard one.

    Returns how many uses were checked, so that a test can see it checked something.
    """
    extensions, systems, naming = _defined(files)
    # The person's own identifiers (an NHS number, say) carry their issuers' systems, which
    # are the plan's data, not systems the export defines or uses.
    issuers = {
        identifier.get("system", "")
        for entry in bundle.get("entry", [])
        if entry["resource"]["resourceType"] == "Patient"
        for identifier in entry["resource"].get("identifier", [])
        if not identifier.get("system", "").startswith(BASE)
    }
    checked = 0
    for url, inside, extension in _extensions(bundle):
        checked += 1
        if inside is None or url.startswith(("http://", "https://")):
            assert url in extensions or url in STANDARD_EXTENSIONS, f"{url} is not defined"
        if url in extensions:
            # Each part of a complex extension is a slice of the extension's definition.
            _assert_parts(extension, extensions[url], "Extension")
    for system, code in _codings(bundle):
        if system in issuers:
            continue
        checked += 1
        if system.startswith(BASE):
            assert system in systems or system in naming, f"{system} is not defined"
            if system in systems and code is not None:
                codes = {c["code"] for c in systems[system]["concept"]}
                assert code in codes, f"{code!r} is not in the CodeSystem {system}"
        else:
            assert system in STANDARD_SYSTEMS, f"{system} is neither ours nor a known standard"
    return checked


def _assert_parts(extension: dict[str, Any], definition: dict[str, Any], under: str) -> None:
    slices = _slices(definition, under)
    for part in extension.get("extension", []):
        if part["url"] == TEXT or not slices:
            continue
        assert part["url"] in slices, f"{definition['url']}: {part['url']!r} is no slice"
        _assert_parts(part, definition, f"{under}.extension:{part['url']}")


def test_the_reference_plan_uses_only_what_the_package_defines(
    files: dict[str, dict[str, Any]], morag: rp.Plan
) -> None:
    for profile in (None, "uk-core"):
        assert assert_defined(rp.to_fhir(morag, profile=profile), files) > 200


def test_needs_written_the_standard_way_use_only_known_systems(
    files: dict[str, dict[str, Any]], morag: rp.Plan
) -> None:
    """A service in England writes Flags in NHS England's code systems, and an interpreter
    need HL7's own extension."""
    assert morag.service is not None
    needs = (rp.Need(kind="easy-read"), rp.Need(kind="interpreter", language="pl"))
    plan = attrs.evolve(
        morag,
        person=attrs.evolve(morag.person, communication=needs),
        service=attrs.evolve(morag.service, country="GB-ENG"),
    )
    assert assert_defined(rp.to_fhir(plan, profile="uk-core"), files) > 200


@settings(max_examples=40)
@given(plans(max_items=2, max_goals=6, max_depth=3))
def test_generated_plans_use_only_what_the_package_defines(plan: rp.Plan) -> None:
    assert assert_defined(rp.to_fhir(plan), package()) > 0


def test_a_url_the_package_does_not_define_is_caught(
    files: dict[str, dict[str, Any]], morag: rp.Plan
) -> None:
    bundle = rp.to_fhir(morag)
    bundle["entry"][0]["resource"]["extension"].append(
        {"url": f"{BASE}/StructureDefinition/nowhere", "valueString": "x"}
    )
    with pytest.raises(AssertionError, match="nowhere is not defined"):
        assert_defined(bundle, files)
    bundle = rp.to_fhir(morag)
    bundle["entry"][0]["resource"]["identifier"][0]["system"] = f"{BASE}/CodeSystem/nothing"
    with pytest.raises(AssertionError, match="nothing is not defined"):
        assert_defined(bundle, files)


def test_every_resource_of_the_package_validates(files: dict[str, dict[str, Any]]) -> None:
    for name, resource in files.items():
        if name == "package.json":
            continue
        assert name == f"{resource['resourceType']}-{resource['id']}.json"
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def test_the_manifest_names_the_package_and_fhir_4_0_1(files: dict[str, dict[str, Any]]) -> None:
    manifest = files["package.json"]
    assert manifest["name"] == "dev.recoveryplan.fhir"
    assert manifest["version"] == rp.__version__
    assert manifest["fhirVersions"] == ["4.0.1"]


def test_each_extension_is_a_constraint_on_extension_with_a_context(
    files: dict[str, dict[str, Any]],
) -> None:
    definitions = _resources(files, "StructureDefinition")
    assert {d["id"] for d in definitions} == set(EXTENSIONS)  # the documented ones, all
    for definition in definitions:
        assert definition["type"] == "Extension"
        assert definition["baseDefinition"] == EXTENSION_BASE
        assert definition["derivation"] == "constraint"
        assert definition["context"], definition["url"]
        url = next(e for e in definition["differential"]["element"] if e["id"] == "Extension.url")
        assert url["fixedUri"] == definition["url"]
    safeguards = files["StructureDefinition-safeguards.json"]
    assert _slices(safeguards, "Extension") == {"id", "action", "by", "addresses"}
    assessment = files["StructureDefinition-assessment.json"]
    assert {"id", "kind", "text", "voice"} <= _slices(assessment, "Extension.extension:items")
    value = {e["id"]: e for e in safeguards["differential"]["element"]}
    assert value["Extension.extension:by.value[x]"]["type"][0]["code"] == "Reference"


def test_each_code_system_has_a_value_set_and_every_code(files: dict[str, dict[str, Any]]) -> None:
    systems = _resources(files, "CodeSystem")
    value_sets = {v["compose"]["include"][0]["system"] for v in _resources(files, "ValueSet")}
    assert {s["url"] for s in systems} == value_sets
    steps = next(s for s in systems if s["id"] == "safety-plan-step")
    assert steps["concept"][0]["code"] == "warning-sign"
    roles = next(s for s in systems if s["id"] == "circle-role")
    assert {c["code"] for c in roles["concept"]} == {role.value for role in rp.Role}
    assert all(s["count"] == len(s["concept"]) for s in systems)


def test_the_capability_statement_names_what_export_writes_and_import_reads(
    files: dict[str, dict[str, Any]], morag: rp.Plan
) -> None:
    (statement,) = _resources(files, "CapabilityStatement")
    assert statement["fhirVersion"] == "4.0.1"
    named = {r["type"] for r in statement["rest"][0]["resource"]}
    # An export of a store's revision writes a Provenance too.
    saved = rp.Revision(
        number=1, at=datetime(2026, 5, 6, tzinfo=UTC), by="s1", why="new", fingerprint=""
    )
    # A service in England writes each communication need as a Flag too.
    assert morag.service is not None
    service = attrs.evolve(morag.service, country="GB-ENG")
    bundle = rp.to_fhir(attrs.evolve(morag, service=service), revision=saved)
    written = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert named == written == set(_HANDLED) == set(RESOURCE_TYPES)


def _updater() -> ModuleType:
    return script("scripts/update_fhir_package.py")


def test_the_shipped_package_is_what_the_code_makes_now() -> None:
    assert _updater().stale() == [], (
        "src/recoveryplan/fhir/package is out of date; run "
        "`python scripts/update_fhir_package.py` and commit it"
    )
    assert (SHIPPED / "package.json").is_file()


def test_the_wheel_ships_the_package(tmp_path: Path) -> None:
    pytest.importorskip("hatchling", reason="hatchling builds the wheel")
    built = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = {name for name in archive.namelist() if "/fhir/package/" in name}
    assert names == {f"recoveryplan/fhir/package/{path.name}" for path in SHIPPED.glob("*.json")}
    assert "recoveryplan/fhir/package/package.json" in names


def test_the_safety_plan_steps_written_are_the_steps_defined() -> None:
    assert [code for _, code in SAFETY_STEP_FIELDS] == list(SAFETY_STEPS)
