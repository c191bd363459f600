"""Checks shared by the FHIR tests: validation with fhir.resources, and references that resolve."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

__all__ = ["assert_valid", "by_type", "references"]


def assert_valid(bundle: dict[str, Any]) -> None:
    """Every resource, and the bundle itself, validates against the R4B models."""
    for index, entry in enumerate(bundle["entry"]):
        resource = entry["resource"]
        model = get_fhir_model_class(resource["resourceType"])
        try:
            model.model_validate(resource)
        except Exception as error:
            raise AssertionError(f"entry[{index}] ({resource['resourceType']}): {error}") from None
    get_fhir_model_class("Bundle").model_validate(bundle)
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls), "two entries share a fullUrl"
    for path, reference in references(bundle):
        assert reference in full_urls, f"{path}: {reference} resolves to no entry"


def references(value: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    """Every ``reference`` string anywhere in ``value``, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield f"{path}.{key}", item
            else:
                yield from references(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from references(item, f"{path}[{index}]")


def by_type(bundle: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    return [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == resource_type
    ]


def minimal_bundle() -> dict[str, Any]:
    """What another system might send: a Patient, a CarePlan and two Goals, nothing of ours."""
    patient = {"reference": "Patient/p1"}
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "http://example.org/fhir/Patient/p1",
                "resource": {
                    "resourceType": "Patient",
                    "id": "p1",
                    "name": [{"given": ["Rhona"], "family": "MacLeod"}],
                    "birthDate": "1990-02-11",
                },
            },
            {
                "fullUrl": "http://example.org/fhir/CarePlan/cp1",
                "resource": {
                    "resourceType": "CarePlan",
                    "id": "cp1",
                    "status": "active",
                    "intent": "plan",
                    "subject": patient,
                    "created": "2026-01-15T10:30:00Z",
                    "goal": [{"reference": "Goal/g1"}, {"reference": "Goal/g2"}],
                    "note": [{"text": "Discussed at the team meeting."}],
                },
            },
            {
                "fullUrl": "http://example.org/fhir/Goal/g1",
                "resource": {
                    "resourceType": "Goal",
                    "id": "g1",
                    "lifecycleStatus": "active",
                    "description": {"text": "Walk to the shop on my own."},
                    "subject": patient,
                    "target": [{"dueDate": "2026-04-01"}],
                },
            },
            {
                "fullUrl": "http://example.org/fhir/Goal/g2",
                "resource": {
                    "resourceType": "Goal",
                    "id": "g2",
                    "lifecycleStatus": "completed",
                    "achievementStatus": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/goal-achievement",
                                "code": "achieved",
                            }
                        ]
                    },
                    "description": {"text": "Join the walking group."},
                    "subject": patient,
                    "statusDate": "2026-02-01",
                },
            },
        ],
    }
