"""The FHIR package that defines everything the export uses: extensions, code systems, and
what the library writes and reads.

A receiving system (or a validator) can load the package to check an exported bundle: a
StructureDefinition per extension (:mod:`recoveryplan.fhir.structure`), a CodeSystem and a
ValueSet per code system of this project (with every code the export writes), a ConceptMap from
the kinds of communication need to NHS England's reasonable adjustments, a NamingSystem
for the identifiers that carry the plan's own ids, and a CapabilityStatement naming the
resource types ``export fhir`` writes and ``import fhir`` reads. All of it is made from the
tables the export itself uses, so it cannot fall behind; the same files ship in the wheel
(``recoveryplan/fhir/package/``) and ``recoveryplan fhir definitions`` writes them out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from .._version import __version__
from ..builtin.frameworks import register_frameworks
from ..errors import PlanWriteError
from ..files import write_atomically
from ..people import Role
from ..sharing import Section
from . import mapping
from .adjustments import NEED_KIND_SYSTEM, NEED_KINDS, concept_map
from .profiles import UK_CORE
from .structure import structure_definitions
from .vocabulary import (
    BASE,
    CARE_PLAN_KIND_SYSTEM,
    CARE_PLAN_KINDS,
    CIRCLE_ROLE_SYSTEM,
    IDENTIFIER_SYSTEM,
    SAFETY_STEP_SYSTEM,
    SAFETY_STEPS,
    SECTION_SYSTEM,
    STAFF_SYSTEM,
    framework_system,
)

__all__ = [
    "PACKAGE_NAME",
    "PUBLISHED",
    "RESOURCE_TYPES",
    "SHIPPED",
    "package",
    "text_of",
    "write_package",
]

JSON = dict[str, Any]

PACKAGE_NAME: Final = "dev.recoveryplan.fhir"
PUBLISHED: Final = "2026-12-06"
"""The date every resource of the package carries (fixed, so that the package is the same
each time it is made)."""
PUBLISHER: Final = "The recoveryplan contributors"
SHIPPED: Final = Path(__file__).resolve().parent / "package"
"""Where the wheel ships the package (made by ``scripts/update_fhir_package.py``)."""

RESOURCE_TYPES: Final = {
    "Patient": "the person",
    "Organization": "the service",
    "RelatedPerson": "someone in the person's circle who is not staff",
    "Practitioner": "staff and professionals in the person's circle",
    "CareTeam": "the circle",
    "CarePlan": "the plan (with its support actions and reviews) and the safety plan",
    "Goal": "outcomes and small goals, with milestones",
    "RiskAssessment": "positive risk plans",
    "Observation": "ratings",
    "Consent": "what the person agrees to share, and with whom",
    "Provenance": "who saved a revision of the plan, when and why (an export of a revision)",
    "Flag": "the person's communication needs as National Reasonable Adjustment Flags (a "
    "service in England)",
}
"""The resource types ``export fhir`` writes and ``import fhir`` reads, in a Bundle of type
``collection`` (a test checks this against both)."""


def _words(value: str) -> str:
    return value.replace("_", " ").replace("-", " ").capitalize()


def _code_systems() -> Iterator[tuple[str, str, str, Mapping[str, tuple[str, str | None]]]]:
    """Each code system: id, URL, title, and its codes (display, definition)."""
    yield (
        "circle-role",
        CIRCLE_ROLE_SYSTEM,
        "Circle roles",
        {role.value: (_words(role.value), None) for role in Role},
    )
    yield (
        "section",
        SECTION_SYSTEM,
        "Sections of a plan the person can agree to share",
        {section.value: (_words(section.value), None) for section in Section},
    )
    yield (
        "safety-plan-step",
        SAFETY_STEP_SYSTEM,
        "Safety plan steps",
        {code: (_words(code), meaning) for code, meaning in SAFETY_STEPS.items()},
    )
    yield (
        "care-plan-kind",
        CARE_PLAN_KIND_SYSTEM,
        "Kinds of care plan",
        {code: (display, None) for code, display in CARE_PLAN_KINDS.items()},
    )
    yield (
        "communication-need",
        NEED_KIND_SYSTEM,
        "Kinds of information and communication need",
        {kind.value: words for kind, words in NEED_KINDS.items()},
    )
    for framework in register_frameworks():
        id = "framework-" + "".join(c if c.isalnum() else "-" for c in framework.id)
        codes = {d.id: (d.name, d.description or None) for d in framework.domains}
        yield id, framework_system(framework.id), framework.name, codes


def _code_system(id: str, url: str, title: str, codes: Mapping[str, Any]) -> JSON:
    concepts = []
    for code, (display, definition) in codes.items():
        concept = {"code": code, "display": display}
        if definition:
            concept["definition"] = definition
        concepts.append(concept)
    return {
        "resourceType": "CodeSystem",
        "id": id,
        "url": url,
        "version": __version__,
        "name": "".join(word.capitalize() for word in id.split("-")),
        "title": title,
        "status": "active",
        "date": PUBLISHED,
        "publisher": PUBLISHER,
        "caseSensitive": True,
        "valueSet": _value_set_url(id),
        "content": "complete",
        "count": len(concepts),
        "concept": concepts,
    }


def _value_set_url(id: str) -> str:
    return f"{BASE}/ValueSet/{id}"


def _value_set(id: str, url: str, title: str) -> JSON:
    return {
        "resourceType": "ValueSet",
        "id": id,
        "url": _value_set_url(id),
        "version": __version__,
        "name": "".join(word.capitalize() for word in id.split("-")),
        "title": title,
        "status": "active",
        "date": PUBLISHED,
        "publisher": PUBLISHER,
        "compose": {"include": [{"system": url}]},
    }


def _naming_system() -> JSON:
    return {
        "resourceType": "NamingSystem",
        "id": "id",
        "name": "RecoveryplanId",
        "status": "active",
        "kind": "identifier",
        "date": PUBLISHED,
        "publisher": PUBLISHER,
        "description": "The id of a plan, its person or one of its parts, as the plan writes "
        "it (recoveryplan/1), so that a bundle read back gives the same plan.",
        "uniqueId": [{"type": "uri", "value": IDENTIFIER_SYSTEM, "preferred": True}],
    }


def _staff_naming_system() -> JSON:
    return {
        "resourceType": "NamingSystem",
        "id": "staff-id",
        "name": "RecoveryplanStaffId",
        "status": "active",
        "kind": "identifier",
        "date": PUBLISHED,
        "publisher": PUBLISHER,
        "description": "A staff member's id as a store's revision names who saved it, when "
        "they are not in the plan's circle (the author of a Provenance).",
        "uniqueId": [{"type": "uri", "value": STAFF_SYSTEM, "preferred": True}],
    }


def _capability_statement() -> JSON:
    carried = {table.cls.__name__ for table in mapping.TABLES}
    resources = []
    for kind, holds in RESOURCE_TYPES.items():
        resource: JSON = {"type": kind, "documentation": f"Holds {holds}."}
        if kind in UK_CORE:
            resource["supportedProfile"] = [UK_CORE[kind]]
        resources.append(resource)
    return {
        "resourceType": "CapabilityStatement",
        "id": "recoveryplan",
        "url": f"{BASE}/CapabilityStatement/recoveryplan",
        "version": __version__,
        "name": "Recoveryplan",
        "title": "recoveryplan: what the library writes and reads",
        "status": "active",
        "date": PUBLISHED,
        "publisher": PUBLISHER,
        "description": "The recoveryplan library is not a server: `recoveryplan export fhir` "
        "writes a plan as a Bundle of type collection holding these resources, and "
        "`recoveryplan import fhir` reads such a bundle back (exactly, when it wrote it). "
        f"The mapping carries these parts of a plan: {', '.join(sorted(carried))}.",
        "kind": "capability",
        "software": {"name": "recoveryplan", "version": __version__},
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [
            {
                "mode": "client",
                "documentation": "Bundles are exchanged as files (type collection); "
                "`--profile uk-core` also claims the UK Core profiles named here.",
                "resource": resources,
            }
        ],
    }


def package() -> dict[str, JSON]:
    """Every file of the package by name: ``package.json`` and one JSON file per resource."""
    files: dict[str, JSON] = {
        "package.json": {
            "name": PACKAGE_NAME,
            "version": __version__,
            "description": "The extensions, code systems and capabilities of recoveryplan's "
            "FHIR R4 export",
            "author": PUBLISHER,
            "license": "MIT",
            "canonical": BASE,
            "fhirVersions": ["4.0.1"],
            "type": "Conformance",
            "dependencies": {"hl7.fhir.r4.core": "4.0.1"},
        }
    }
    for id, definition in structure_definitions(__version__, PUBLISHED).items():
        files[f"StructureDefinition-{id}.json"] = definition
    for id, url, title, codes in _code_systems():
        files[f"CodeSystem-{id}.json"] = _code_system(id, url, title, codes)
        files[f"ValueSet-{id}.json"] = _value_set(id, url, title)
    files["NamingSystem-id.json"] = _naming_system()
    files["NamingSystem-staff-id.json"] = _staff_naming_system()
    files["ConceptMap-communication-need-adjustment.json"] = concept_map(
        __version__, PUBLISHED, PUBLISHER
    )
    files["CapabilityStatement-recoveryplan.json"] = _capability_statement()
    return files


def text_of(resource: JSON) -> str:
    """A file's text: indented JSON, as the package ships it."""
    return json.dumps(resource, indent=2, ensure_ascii=False) + "\n"


def write_package(directory: Path) -> list[Path]:
    """Write the package into ``directory/package/``; the files written."""
    folder = directory / "package"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise PlanWriteError(
            f"{folder}: cannot be made ({error.strerror or error}); give --out-dir a folder "
            "that can be written to"
        ) from None
    written = []
    for name, resource in package().items():
        path = folder / name
        write_atomically(path, text_of(resource).encode("utf-8"))
        written.append(path)
    return written
