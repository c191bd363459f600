"""The vocabulary of the FHIR mapping, and every extension this project defines.

The codes, systems and tables between the two worlds are in
:mod:`recoveryplan.fhir.vocabulary`; this module gives them with :data:`EXTENSIONS`, which is
made from the mapping tables (:mod:`recoveryplan.fhir.mapping`), so that a field given an
extension row is documented by that row (or by the model's own meaning of the field).
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from .._base import Enumeration
from .._fields import field_meaning
from . import mapping
from .fields import FieldExtension, field_extensions
from .rows import Row, Table
from .vocabulary import (
    ACHIEVEMENT_SYSTEM,
    BASE,
    CARE_PLAN_KIND_SYSTEM,
    CIRCLE_ROLE_SYSTEM,
    CONSENT_SCOPE_SYSTEM,
    FRAMEWORK_SYSTEM_PREFIX,
    GOAL_RELATIONSHIP,
    GOAL_RELATIONSHIP_TYPE_SYSTEM,
    IDENTIFIER_SYSTEM,
    LANGUAGE_SYSTEM,
    LIFECYCLE_FALLBACK,
    LIKELIHOOD_FALLBACK,
    PROBABILITY_SYSTEM,
    PROFESSIONAL_ROLES,
    RELATIONSHIP_CODES,
    RISK,
    SAFETY_STEP_SYSTEM,
    SECTION_SYSTEM,
    STATUS,
    STRUCTURE_DEFINITION,
    TEXT,
    activity_status,
    extension_url,
    framework_of,
    framework_system,
    is_code,
    is_string,
    qualitative_risk,
    resource_uuid,
    status_of,
)

__all__ = [
    "ACHIEVEMENT_SYSTEM",
    "BASE",
    "CARE_PLAN_KIND_SYSTEM",
    "CIRCLE_ROLE_SYSTEM",
    "CONSENT_SCOPE_SYSTEM",
    "EXTENSIONS",
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
    "SAFETY_STEP_SYSTEM",
    "SECTION_SYSTEM",
    "STATUS",
    "STRUCTURE_DEFINITION",
    "TEXT",
    "activity_status",
    "described_extensions",
    "extension_url",
    "framework_of",
    "framework_system",
    "is_code",
    "is_string",
    "qualitative_risk",
    "resource_uuid",
    "status_of",
]

_OURS: Final[dict[str, tuple[str, str, str]]] = {
    "text": (
        "any primitive (as `_element`), or inside any extension",
        "valueString",
        "text FHIR cannot hold as a `string` (empty, or only unusual spaces such as a "
        "no-break space), kept exactly as a JSON string literal in ASCII",
    ),
    "framework": ("CarePlan (the plan)", "valueString", "the id of the outcomes framework"),
    "plan-extension": (
        "CarePlan (the plan), one per namespace",
        "complex: `namespace` (valueString), `json` (valueString)",
        "one namespace of the plan's own `extensions`, its value as JSON text",
    ),
    "concern": (
        "RiskAssessment.prediction",
        "complex: `id`, `likelihood` (valueCode), `severity` (valueCode)",
        "the concern the prediction stands for (its description is `outcome.text`)",
    ),
}
"""The extensions that are no one field of the model."""


def _described(table: Table, row: Row) -> tuple[str, tuple[str, str, str]]:
    (field,) = field_extensions(table.cls, [row.field], top=True)
    where = row.where or (f"{table.resource}, one per value" if field.many else table.resource)
    value = row.value or _value_of(field)
    meaning = row.meaning or field_meaning(attrs.fields_dict(table.cls)[row.field])
    return field.url.removeprefix(STRUCTURE_DEFINITION), (where, value, meaning)


def _value_of(field: FieldExtension) -> str:
    """How the docs show an extension's value, from the field's type."""
    if attrs.has(field.kind):
        parts = []
        for part in field_extensions(field.kind, top=False):
            notes = ["repeating"] if part.many else []
            inner = _value_of(attrs.evolve(part, many=False))
            if inner.startswith("complex"):
                notes = ["; ".join([*notes, inner])]
            elif inner != "valueString":
                notes.append(inner)
            parts.append(f"`{part.key}`" + (f" ({', '.join(notes)})" if notes else ""))
        return "complex: " + ", ".join(parts)
    kind: Any = field.kind
    if kind is bool:
        return "valueBoolean"
    if getattr(kind, "__name__", "") == "date":
        return "valueDate"
    if isinstance(kind, type) and issubclass(kind, Enumeration):
        return "valueCode"
    return "valueReference" if field.person else "valueString"


def described_extensions() -> dict[str, tuple[str, str, str]]:
    """Every extension: those that are no one field, and one for each extension row."""
    found = {"text": _OURS["text"], "framework": _OURS["framework"]}
    first = (mapping.PLAN, mapping.SERVICE, mapping.PERSON)
    for table in (*first, *(table for table in mapping.TABLES if table not in first)):
        for row in table.rows:
            if row.codec is None:
                name, described = _described(table, row)
                found.setdefault(name, described)
        if table is mapping.PLAN:
            found["plan-extension"] = _OURS["plan-extension"]
        if table is mapping.RISK:
            found["concern"] = _OURS["concern"]
    return found


EXTENSIONS: Final[dict[str, tuple[str, str, str]]] = described_extensions()
"""Every extension this project defines, by name (the last part of its URL): where it is
used, its value, and what it means. Parts of a complex extension are named by their
``recoveryplan/1`` key and hold text (valueString) unless said."""
