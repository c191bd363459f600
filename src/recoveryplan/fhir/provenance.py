"""A revision of a plan in FHIR: ``meta.versionId`` on every resource, and a ``Provenance``.

A bundle exported from a store's revision says which version of the plan it is (every
resource's ``meta.versionId`` is the revision number and ``meta.lastUpdated`` its time) and who
saved it, when and why: one ``Provenance`` whose ``target`` is every other entry, ``recorded``
the time, one ``agent`` (the author) and ``reason`` the words they gave. A receiving system that
keeps versions sees the history without knowing this library; :func:`fhir_revision` reads the
revision back
(:func:`~recoveryplan.fhir.importing.fhir_revision`; its fingerprint is the plan's own, so it is
worked out from the plan read).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Final

from ..errors import PlanFormatError, Problem
from ..plan import Plan
from ..store.revision import Revision
from .codecs import identifier, put
from .vocabulary import IDENTIFIER_SYSTEM, STAFF_SYSTEM, TEXT, resource_uuid

__all__ = ["is_revision", "revision_of", "stamped"]

JSON = dict[str, Any]

DATA_OPERATION: Final = "http://terminology.hl7.org/CodeSystem/v3-DataOperation"
PARTICIPANT_TYPE: Final = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
_PEOPLE: Final = {"Patient": "person", "Organization": "service"}


def instant(at: datetime) -> str:
    """A FHIR ``instant`` in UTC (a naive time is taken to be UTC already)."""
    moment = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return moment.isoformat().replace("+00:00", "Z")


def stamped(bundle: JSON, plan: Plan, revision: Revision) -> JSON:
    """The bundle as revision ``revision`` of ``plan``: versioned resources and a Provenance."""
    version = {"versionId": str(revision.number), "lastUpdated": instant(revision.at)}
    entries = [
        {**entry, "resource": _versioned(entry["resource"], version)} for entry in bundle["entry"]
    ]
    key = f"provenance/{revision.number}"
    resource: JSON = {"resourceType": "Provenance", "id": resource_uuid(plan.id, key)}
    resource["meta"] = dict(version)
    resource["target"] = [{"reference": entry["fullUrl"]} for entry in entries]
    resource["recorded"] = version["lastUpdated"]
    operation = "CREATE" if revision.number == 1 else "UPDATE"
    resource["activity"] = {"coding": [{"system": DATA_OPERATION, "code": operation}]}
    author = {"coding": [{"system": PARTICIPANT_TYPE, "code": "author", "display": "Author"}]}
    resource["agent"] = [{"type": author, "who": _who(revision.by, entries)}]
    reason: JSON = {}
    put(reason, "text", revision.why)
    resource["reason"] = [reason]
    full_url = "urn:uuid:" + resource["id"]
    return {**bundle, "entry": [*entries, {"fullUrl": full_url, "resource": resource}]}


def _versioned(resource: JSON, version: JSON) -> JSON:
    """The resource with its version first in ``meta`` (after any profile it claims)."""
    versioned: JSON = {key: resource[key] for key in ("resourceType", "id") if key in resource}
    versioned["meta"] = {**version, **resource.get("meta", {})}
    versioned.update((key, value) for key, value in resource.items() if key not in versioned)
    return versioned


def _who(by: str, entries: list[JSON]) -> JSON:
    """The author as a reference to their resource, or a staff member's id as an identifier."""
    for entry in entries:
        resource = entry["resource"]
        kind = resource["resourceType"]
        if _PEOPLE.get(kind) == by or (
            kind in ("Practitioner", "RelatedPerson") and identifier(by) in resource["identifier"]
        ):
            return {"reference": entry["fullUrl"]}
    found: JSON = {"system": STAFF_SYSTEM}
    put(found, "value", by)
    return {"identifier": found}


# -- reading it back ---------------------------------------------------------------------------


def revision_of(bundle: Any, source: str) -> tuple[int, datetime, str, str] | None:
    """The number, time, author and reason of the revision a bundle says it is, or ``None``
    when it has no Provenance with a version (a bundle from elsewhere, or of no revision)."""
    found = _provenance(bundle)
    if found is None:
        return None
    index, resource = found
    where = f"$.entry[{index}].resource"
    problems: list[Problem] = []

    def need(value: Any, key: str, what: str) -> Any:
        if value is None:
            message = f"the Provenance has no {what}; the export writes it"
            problems.append(Problem(path=f"{where}.{key}", message=message))
        return value

    number = int(resource["meta"]["versionId"])
    recorded = need(_text(resource, "recorded"), "recorded", "time recorded (recorded)")
    at = None
    if recorded is not None:
        try:
            at = datetime.fromisoformat(recorded)
        except ValueError:
            at = None
        if at is None or at.tzinfo is None:
            at = None
            message = (
                f"{recorded!r} is not a FHIR instant (a time with its zone); write it as "
                "2026-05-06T10:00:00Z"
            )
            problems.append(Problem(path=f"{where}.recorded", message=message))
    by = need(_author(bundle, resource), "agent", "author that names someone (agent[0].who)")
    reasons = resource.get("reason")
    reason = reasons[0] if isinstance(reasons, list) and reasons else {}
    why = _text(reason, "text") if isinstance(reason, dict) else None
    if problems or at is None or by is None:
        raise PlanFormatError(problems, source)
    return number, at, by, why or ""


def _provenance(bundle: Any) -> tuple[int, JSON] | None:
    """The first Provenance that says which version of the plan the bundle is."""
    entries = bundle.get("entry") if isinstance(bundle, dict) else None
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict) and is_revision(resource):
            return index, resource
    return None


def is_revision(resource: JSON) -> bool:
    """Whether a resource is a Provenance giving the version of what it targets (a number)."""
    if resource.get("resourceType") != "Provenance":
        return False
    meta = resource.get("meta")
    version = meta.get("versionId") if isinstance(meta, dict) else None
    return (
        isinstance(version, str)
        and 0 < len(version) <= 18
        and version.isascii()
        and version.isdigit()
        and int(version) > 0
    )


def _text(node: JSON, key: str) -> str | None:
    """A string element, or the exact text kept in its ``_key`` extension."""
    value = node.get(key)
    if isinstance(value, str):
        return value
    escaped = node.get("_" + key)
    for extension in escaped.get("extension", []) if isinstance(escaped, dict) else []:
        if isinstance(extension, dict) and extension.get("url") == TEXT:
            literal = extension.get("valueString")
            try:
                text = json.loads(literal) if isinstance(literal, str) else None
            except ValueError:
                return None
            return text if isinstance(text, str) else None
    return None


def _author(bundle: JSON, provenance: JSON) -> str | None:
    agents = provenance.get("agent")
    agent = agents[0] if isinstance(agents, list) and agents else None
    who = agent.get("who") if isinstance(agent, dict) else None
    if not isinstance(who, dict):
        return None
    reference = who.get("reference")
    if isinstance(reference, str):
        for entry in bundle["entry"]:
            if isinstance(entry, dict) and entry.get("fullUrl") == reference:
                return _person(entry.get("resource"))
        return None
    found = who.get("identifier")
    return _text(found, "value") if isinstance(found, dict) else None


def _person(resource: Any) -> str | None:
    """The person reference a resource stands for: the person, the service or a member."""
    if not isinstance(resource, dict):
        return None
    kind = _PEOPLE.get(resource.get("resourceType", ""))
    if kind is not None:
        return kind
    for found in resource.get("identifier") or []:
        if isinstance(found, dict) and found.get("system") == IDENTIFIER_SYSTEM:
            return _text(found, "value")
    return None
