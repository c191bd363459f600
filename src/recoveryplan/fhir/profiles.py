"""Profiles an export can claim: UK Core, for NHS systems in England.

``to_fhir(plan, profile="uk-core")`` writes the same bundle with ``meta.profile`` naming the
UK Core profile of each resource type that has one (UK Core has none for Goal or
RiskAssessment, so those stay plain R4), and the person's NHS number as a ``Patient``
identifier in the system UK Core requires. Nothing else changes, so the plan read back is the
same: a receiving system that does not know UK Core loses nothing.
"""

from __future__ import annotations

from typing import Any, Final

from ..errors import PlanFormatError, Problem
from ..plan import Plan

__all__ = ["NHS_NUMBER_SYSTEM", "PROFILES", "UK_CORE", "profiled"]

JSON = dict[str, Any]

UK_CORE_BASE: Final = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-"
NHS_NUMBER_SYSTEM: Final = "https://fhir.nhs.uk/Id/nhs-number"

UK_CORE: Final = {
    kind: UK_CORE_BASE + kind
    for kind in (
        "Bundle",
        "Patient",
        "Organization",
        "Practitioner",
        "RelatedPerson",
        "CareTeam",
        "CarePlan",
        "Observation",
        "Consent",
        "Flag",
    )
}
"""The UK Core profile of each resource type the export writes that has one."""

PROFILES: Final = {"uk-core": UK_CORE}
"""Every profile an export can claim, by the name ``--profile`` takes."""


def profiled(bundle: JSON, plan: Plan, profile: str | None) -> JSON:
    """The bundle, claiming ``profile`` (unchanged when ``profile`` is ``None``)."""
    if profile is None:
        return bundle
    if profile not in PROFILES:
        known = ", ".join(repr(name) for name in PROFILES)
        message = f"there is no FHIR profile {profile!r}; the export knows {known}"
        raise PlanFormatError([Problem(path="$", message=message)])
    profiles = PROFILES[profile]
    for entry in bundle["entry"]:
        resource = entry["resource"]
        kind = resource["resourceType"]
        if kind == "Patient":
            _nhs_number(resource, plan)
        if kind in profiles:
            entry["resource"] = _claim(resource, profiles[kind])
    return _claim(bundle, profiles["Bundle"])


def _claim(resource: JSON, url: str) -> JSON:
    """The resource with ``meta.profile`` first after its id, as FHIR writes it."""
    claimed: JSON = {key: resource[key] for key in ("resourceType", "id") if key in resource}
    claimed["meta"] = {"profile": [url]}
    claimed.update((key, value) for key, value in resource.items() if key not in claimed)
    return claimed


def _nhs_number(patient: JSON, plan: Plan) -> None:
    """The person's NHS number as an identifier, unless the Patient has it already.

    ``person.identifiers`` (``{"system", "value"}`` each) is read defensively: a plan model
    without it simply has no NHS number to write.
    """
    written = patient.setdefault("identifier", [])
    have = {(found.get("system"), found.get("value")) for found in written}
    for held in getattr(plan.person, "identifiers", ()) or ():
        system = _get(held, "system")
        value = _get(held, "value")
        if system == NHS_NUMBER_SYSTEM and isinstance(value, str) and (system, value) not in have:
            written.append({"system": system, "value": value})
            have.add((system, value))


def _get(held: Any, key: str) -> Any:
    return held.get(key) if isinstance(held, dict) else getattr(held, key, None)
