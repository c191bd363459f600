"""The vocabulary of the FHIR mapping: URLs, code systems and the tables between the two worlds.

Export and import both read these tables, so a status or a role is mapped one way in exactly
one place and the other way is derived from it. ``docs/fhir.md`` documents each of them (from
:mod:`recoveryplan.fhir.codes`, which also names every extension).
"""

from __future__ import annotations

import re
import uuid
from typing import Any, Final
from urllib.parse import quote, unquote

from ..goals import Status
from ..people import Role
from ..risk import Likelihood, Severity

__all__ = [
    "ACHIEVEMENT_SYSTEM",
    "BASE",
    "CARE_PLAN_KINDS",
    "CARE_PLAN_KIND_SYSTEM",
    "CIRCLE_ROLE_SYSTEM",
    "CONSENT_SCOPE_SYSTEM",
    "FRAMEWORK_SYSTEM_PREFIX",
    "GOAL_RELATIONSHIP",
    "GOAL_RELATIONSHIP_TYPE_SYSTEM",
    "IDENTIFIER_SYSTEM",
    "LANGUAGE_SYSTEM",
    "LIFECYCLE_FALLBACK",
    "LIKELIHOOD_FALLBACK",
    "PROBABILITY_SYSTEM",
    "PROFESSIONAL_ROLES",
    "RELATIONSHIP_CODES",
    "RISK",
    "SAFETY_STEPS",
    "SAFETY_STEP_FIELDS",
    "SAFETY_STEP_SYSTEM",
    "SECTION_SYSTEM",
    "SNOMED",
    "SNOMED_KINDS",
    "STAFF_SYSTEM",
    "STATUS",
    "STRUCTURE_DEFINITION",
    "TEXT",
    "activity_status",
    "care_plan_kind",
    "extension_url",
    "framework_of",
    "framework_system",
    "is_code",
    "is_string",
    "qualitative_risk",
    "resource_uuid",
    "status_of",
]

BASE: Final = "https://recoveryplan.dev/fhir"
"""The one namespace of everything this project defines for FHIR."""

STRUCTURE_DEFINITION: Final = f"{BASE}/StructureDefinition/"
IDENTIFIER_SYSTEM: Final = f"{BASE}/NamingSystem/id"
"""Identifiers holding the ``id`` of a plan, its person or one of its parts, as written."""
STAFF_SYSTEM: Final = f"{BASE}/NamingSystem/staff-id"
"""Identifiers holding a staff member's id as a store's revision names its author (someone the
plan's circle does not hold)."""
CIRCLE_ROLE_SYSTEM: Final = f"{BASE}/CodeSystem/circle-role"
SECTION_SYSTEM: Final = f"{BASE}/CodeSystem/section"
SAFETY_STEP_SYSTEM: Final = f"{BASE}/CodeSystem/safety-plan-step"
CARE_PLAN_KIND_SYSTEM: Final = f"{BASE}/CodeSystem/care-plan-kind"
FRAMEWORK_SYSTEM_PREFIX: Final = f"{BASE}/CodeSystem/framework/"

SNOMED: Final = "http://snomed.info/sct"

CARE_PLAN_KINDS: Final = {"recovery-plan": "Recovery plan", "safety-plan": "Safety plan"}
"""The kinds of CarePlan the export writes (``CARE_PLAN_KIND_SYSTEM``), with their display."""

SNOMED_KINDS: Final = {
    "recovery-plan": ("718347000", "Mental health care plan (record artifact)"),
    "safety-plan": ("736253002", "Mental health crisis plan (record artifact)"),
}
"""The SNOMED CT concept written beside each kind of CarePlan, for systems that know only
standard codes (the crisis plan concept is the one NHS England's record locator uses)."""


def care_plan_kind(code: str) -> dict[str, Any]:
    """The category of a CarePlan of our kind ``code``: our code, and the SNOMED CT concept for
    it beside it. The export writes it and the import recognises it, from here."""
    display, (snomed, snomed_display) = CARE_PLAN_KINDS[code], SNOMED_KINDS[code]
    ours = {"system": CARE_PLAN_KIND_SYSTEM, "code": code, "display": display}
    return {"coding": [ours, {"system": SNOMED, "code": snomed, "display": snomed_display}]}


SAFETY_STEPS: Final = {
    "warning-sign": "A warning sign that things are getting hard",
    "coping-strategy": "Something the person can do on their own",
    "distraction": "A person or place that helps take the person's mind off things",
    "person-to-ask": "Someone the person can ask for help",
    "professional": "A professional, service or crisis line, with how to reach them",
    "safer-environment": "A way of making the person's surroundings safer",
    "reason-for-living": "A reason for living, in the person's words",
}
"""The safety plan's steps as activities (``SAFETY_STEP_SYSTEM``), in the plan's order."""

SAFETY_STEP_FIELDS: Final = (
    ("warning_signs", "warning-sign"),
    ("coping_strategies", "coping-strategy"),
    ("distractions", "distraction"),
    ("people_to_ask", "person-to-ask"),
    ("professionals", "professional"),
    ("safer_environment", "safer-environment"),
    ("reasons_for_living", "reason-for-living"),
)
"""Each field of the safety plan and the step code its activities have, in the plan's order."""

GOAL_RELATIONSHIP: Final = "http://hl7.org/fhir/StructureDefinition/goal-relationship"
GOAL_RELATIONSHIP_TYPE_SYSTEM: Final = (
    "http://terminology.hl7.org/CodeSystem/goal-relationship-type"
)
ACHIEVEMENT_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/goal-achievement"
PROBABILITY_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/risk-probability"
CONSENT_SCOPE_SYSTEM: Final = "http://terminology.hl7.org/CodeSystem/consentscope"
LANGUAGE_SYSTEM: Final = "urn:ietf:bcp:47"

_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, BASE)


def extension_url(name: str) -> str:
    """The URL of one of this project's extensions."""
    return STRUCTURE_DEFINITION + name


TEXT: Final = extension_url("text")
"""Text that FHIR cannot hold as a ``string`` (empty, or only unusual spaces), carried exactly
as a JSON string literal in ASCII."""


def resource_uuid(plan_id: str, key: str) -> str:
    """The same plan always gets the same resource ids, so re-exporting is idempotent."""
    return str(uuid.uuid5(_NAMESPACE, f"{plan_id}\x00{key}"))


def framework_system(framework: str) -> str:
    """The code system of a framework's domains (the id percent-encoded into the URL)."""
    return FRAMEWORK_SYSTEM_PREFIX + quote(framework, safe="")


def framework_of(system: str) -> str | None:
    """The framework id a code system names, or ``None`` when it is not one of ours."""
    if system.startswith(FRAMEWORK_SYSTEM_PREFIX):
        return unquote(system[len(FRAMEWORK_SYSTEM_PREFIX) :])
    return None


# -- what FHIR accepts as a primitive ----------------------------------------------------------

# Every character that ``\\s`` matches in the official JSON Schema's patterns: in ECMAScript
# (the schema's regular expressions) and in Python's ``re`` (what jsonschema runs them with).
# (Python's are the characters whose ``str.isspace()`` is true; ECMAScript adds U+FEFF.)
_SPACES: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_STRING = re.compile(rf"(?:[ \r\n\t]|[^{_SPACES}])+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CODE = re.compile(rf"[^{_SPACES}]+(?: [^{_SPACES}]+)*")


def is_string(value: str) -> bool:
    """Whether FHIR can hold ``value`` as a ``string``, in XML and in JSON as the official
    schema checks it (``^[ \\r\\n\\t\\S]+$``: a no-break space or any other space but
    those four is not allowed anywhere in it, not only when it is all there is)."""
    return bool(_STRING.fullmatch(value)) and not _CONTROL.search(value)


def is_code(value: str) -> bool:
    """Whether ``value`` is a FHIR ``code``: no leading, trailing or double whitespace, and
    no space but the plain one (``^[^\\s]+( [^\\s]+)*$``)."""
    return bool(_CODE.fullmatch(value)) and is_string(value)


# -- statuses ----------------------------------------------------------------------------------

STATUS: Final[dict[Status, tuple[str, str | None]]] = {
    Status.PLANNED: ("planned", None),
    Status.ACTIVE: ("active", "in-progress"),
    Status.ON_HOLD: ("on-hold", None),
    Status.ACHIEVED: ("completed", "achieved"),
    Status.NOT_ACHIEVED: ("completed", "not-achieved"),
    Status.DROPPED: ("cancelled", None),
}
"""A status as Goal ``lifecycleStatus`` and ``achievementStatus`` (goal-achievement)."""

LIFECYCLE_FALLBACK: Final[dict[str, Status]] = {
    "proposed": Status.PLANNED,
    "planned": Status.PLANNED,
    "accepted": Status.PLANNED,
    "active": Status.ACTIVE,
    "on-hold": Status.ON_HOLD,
    "completed": Status.ACHIEVED,
    "cancelled": Status.DROPPED,
    "rejected": Status.DROPPED,
    "entered-in-error": Status.DROPPED,
}
"""A lifecycle status from elsewhere, when the pair is not one that ``STATUS`` writes."""


def status_of(lifecycle: str, achievement: str | None) -> Status | None:
    """The status a lifecycle and achievement status stand for (``None`` if unknown)."""
    for status, pair in STATUS.items():
        if pair == (lifecycle, achievement):
            return status
    if lifecycle == "completed" and achievement in ("not-achieved", "not-attainable"):
        return Status.NOT_ACHIEVED
    return LIFECYCLE_FALLBACK.get(lifecycle)


_ACTIVITY_STATUS: Final[dict[Status, str]] = {
    Status.PLANNED: "not-started",
    Status.ACTIVE: "in-progress",
    Status.ON_HOLD: "on-hold",
    Status.ACHIEVED: "completed",
    Status.NOT_ACHIEVED: "stopped",
    Status.DROPPED: "cancelled",
}


def activity_status(status: Status) -> str:
    """A support action's activity status follows the goal it supports."""
    return _ACTIVITY_STATUS[status]


# -- risk ---------------------------------------------------------------------------------------

_LIKELIHOOD_SCORE: Final = {member: score for score, member in enumerate(Likelihood, start=1)}
_SEVERITY_SCORE: Final = {member: score for score, member in enumerate(Severity, start=1)}

RISK: Final[tuple[tuple[int, str], ...]] = (
    (3, "negligible"),
    (6, "low"),
    (10, "moderate"),
    (16, "high"),
    (25, "certain"),
)
"""The usual 5×5 matrix: likelihood score × severity score (1–25), up to each bound."""


def qualitative_risk(likelihood: Likelihood, severity: Severity) -> str:
    """The risk-probability code for a concern, from the matrix in :data:`RISK`."""
    score = _LIKELIHOOD_SCORE[likelihood] * _SEVERITY_SCORE[severity]
    return next(code for bound, code in RISK if score <= bound)


LIKELIHOOD_FALLBACK: Final[dict[str, Likelihood]] = {
    "negligible": Likelihood.RARE,
    "low": Likelihood.UNLIKELY,
    "moderate": Likelihood.POSSIBLE,
    "high": Likelihood.LIKELY,
    "certain": Likelihood.ALMOST_CERTAIN,
}
"""A likelihood for a prediction from elsewhere that has only a qualitative risk."""


# -- the circle ---------------------------------------------------------------------------------

PROFESSIONAL_ROLES: Final = frozenset({Role.STAFF, Role.PROFESSIONAL})
"""Roles exported as ``Practitioner``; everyone else in the circle is a ``RelatedPerson``."""

RELATIONSHIP_CODES: Final[dict[Role, tuple[str, str, str]]] = {
    Role.FAMILY: ("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "FAMMEMB", "family member"),
    Role.FRIEND: ("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "FRND", "unrelated friend"),
}
"""A standard relationship code next to ours, for systems that know only those."""
