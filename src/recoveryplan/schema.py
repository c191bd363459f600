"""The ``recoveryplan/1`` format described for other systems, generated from the model.

Integrators validate documents before they reach the library, generate forms and read the
field reference. If either description were written by hand it would drift from what
:func:`recoveryplan.load` actually accepts, so both are built here by walking the attrs
classes in :data:`recoveryplan.serialize.MODEL`: their fields, their type hints, their
defaults and the format's JSON keys. The one thing the model cannot say is what a field
*means*; that lives in :data:`MEANINGS`, and a test fails when a field has no meaning or a
meaning has no field.

Run ``python -m recoveryplan.schema`` for the JSON Schema, or ``--markdown`` for the field
tables of ``docs/format.md``.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
import types
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

from ._base import Enumeration
from .assessment import Assessment, AssessmentItem
from .goals import Goal, Outcome, SupportAction
from .people import CircleMember, Person, Service
from .plan import FORMAT, Plan
from .ratings import Rating
from .reviews import Review
from .risk import Capacity, Concern, Decision, Dissent, RiskPlan, Safeguard
from .safety import Distraction, Professional, SafetyPlan
from .serialize import json_key
from .sharing import SharingConsent

__all__ = [
    "DATE_PATTERN",
    "DRAFT",
    "MEANINGS",
    "SCHEMA_FILE",
    "SCHEMA_ID",
    "field_tables",
    "json_schema",
    "main",
    "objects",
]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

SCHEMA_ID = (
    "https://raw.githubusercontent.com/recoveryplan/recoveryplan/main/"
    "src/recoveryplan/recoveryplan-1.schema.json"
)
"""The schema's ``$id``: where the copy shipped in the package is published."""

SCHEMA_FILE = Path(__file__).resolve().with_name("recoveryplan-1.schema.json")
"""The schema as a file inside the installed package, for tools that want a path; a test keeps
it equal to :func:`json_schema`."""
"""The JSON Schema dialect the generated schema is written in."""

DATE_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
"""The shape of an ISO date; ``format: date`` (checked when a validator asserts formats) does
the rest, such as refusing the 30th of February."""

PERSON_REFERENCE = (
    'Who someone is in the plan: "person" (the person the plan belongs to), "service", or '
    "the id of a member of the circle."
)

MEANINGS: Mapping[type, Mapping[str, str]] = {
    Plan: {
        "id": "The plan's id, unique across the whole document.",
        "framework": (
            "The id of the outcomes framework whose domains this plan uses, such as `chime`, "
            "`talking-points` or `shanarri`; plugins register others."
        ),
        "person": "The person the plan belongs to.",
        "service": "The service that supports the person.",
        "created_on": "When the plan was first written.",
        "next_review_on": "When the plan is next due to be reviewed with the person.",
        "circle": (
            "The people around the person: carers, family, friends, peers, staff, "
            "professionals and advocates. Anyone the plan refers to is the person, the "
            "service, or one of them."
        ),
        "assessment": "The strengths-based assessment conversation.",
        "outcomes": "Longer-term outcomes, in the person's own words, with their small goals.",
        "ratings": "The person's own ratings of the framework's domains, over time.",
        "risk_plans": "Positive risk-taking plans, each starting from what the person wants to do.",
        "safety_plan": "What the person does when things get hard.",
        "reviews": "Review meetings, oldest first.",
        "sharing": (
            "The person's consent: which sections each circle member may see. Anyone not "
            "listed sees nothing."
        ),
        "extensions": (
            "Organisation-specific data, keyed by a reverse-DNS namespace such as "
            "`org.riverside`. The library never reads it and keeps it exactly as it was."
        ),
    },
    Person: {
        "id": "The person's id (a case or record number, for example).",
        "name": "The person's full name.",
        "preferred_name": "What the person likes to be called; every rendered plan uses it.",
        "pronouns": "The person's pronouns, as they write them (for example `she/her`).",
        "date_of_birth": "The person's date of birth.",
        "language": "The language the person prefers, as a language tag such as `en-GB`.",
        "communication": (
            "How the person wants to be communicated with (large print, easy read, an "
            "interpreter), in their own words."
        ),
    },
    Service: {
        "name": "The service's name.",
        "organisation": "The organisation that runs the service.",
    },
    CircleMember: {
        "id": "The member's id; other sections refer to them by it.",
        "name": "The member's name.",
        "relationship": "What they are to the person, in the person's words (`My sister`).",
        "role": "The kind of support they give.",
        "contact": "How to reach them.",
    },
    Assessment: {
        "on": "When the assessment conversation took place.",
        "participants": "Who took part in the conversation.",
        "items": "What was said: strengths, needs, hopes, dreams and aspirations.",
    },
    AssessmentItem: {
        "id": "The item's id; outcomes refer to it in `based_on`.",
        "kind": "Whether this is a strength, a need, a hope, a dream or an aspiration.",
        "domain": "The id of the framework domain it belongs to.",
        "text": "What was said, in the words of whoever said it.",
        "voice": (
            "Whose words these are: the person's own, the service's (a duty of care), or a "
            "supporter's."
        ),
        "raised_by": "Who raised it, when that is not obvious from `voice`.",
        "statutory_basis": (
            "For a need the service identifies because of a legal duty: the law or order behind it."
        ),
        "private": "When `true`, the item is never shown to circle members.",
    },
    Outcome: {
        "id": "The outcome's id.",
        "statement": "The outcome, in the person's own words.",
        "domain": "The id of the framework domain it belongs to.",
        "based_on": "The ids of the assessment items it grows from.",
        "target_on": "When the person hopes to have achieved it.",
        "status": "Where the outcome stands.",
        "achieved_on": "When it was achieved.",
        "status_note": "A word about how it is going.",
        "goals": "The small goals on the way to the outcome.",
    },
    Goal: {
        "id": "The goal's id.",
        "statement": "The small goal, in the person's own words.",
        "status": "Where the goal stands.",
        "due_on": "When it is meant to be done by.",
        "achieved_on": "When it was achieved; give it whenever `status` is `achieved`.",
        "status_note": "A word about how it is going.",
        "support": "Who helps, and how.",
        "celebration": "How achieving it will be celebrated.",
        "goals": "Smaller goals on the way to this one, nested to any depth.",
    },
    SupportAction: {
        "by": "Who does it.",
        "action": "What they do, written as doing with the person rather than for them.",
    },
    Rating: {
        "on": "The day of the rating.",
        "domain": "The id of the framework domain rated.",
        "value": "The rating, a whole number within the framework's rating scale.",
        "by": "Who gave the rating (normally the person).",
        "note": "What the person said about it.",
    },
    RiskPlan: {
        "id": "The risk plan's id.",
        "activity": "What the person wants to do.",
        "supports": "The ids of the outcomes and goals this activity serves.",
        "benefits": "What the person gains by doing it.",
        "if_not_done": "What happens if the person does not do it.",
        "concerns": "What might go wrong.",
        "persons_view": "The person's own view of the risk, in their words.",
        "capacity": "The person's capacity for this decision.",
        "safeguards": "The agreed actions that make the activity safer.",
        "contingency": "What happens if things do go wrong.",
        "decision": "What was decided, when and by whom.",
        "review_on": "When the risk plan is to be looked at again.",
    },
    Concern: {
        "id": "The concern's id; safeguards refer to it in `addresses`.",
        "description": "What might go wrong.",
        "likelihood": "How likely it is thought to be.",
        "severity": "How serious it would be.",
    },
    Capacity: {
        "status": "The person's capacity for this particular decision.",
        "note": "How that was judged.",
    },
    Safeguard: {
        "id": "The safeguard's id.",
        "action": "What is done.",
        "by": "Who does it.",
        "addresses": "The ids of the concerns (in the same risk plan) it addresses.",
    },
    Decision: {
        "status": "What was decided.",
        "on": "When.",
        "agreed_by": "Who agreed.",
        "dissent": "Who did not fully agree, and why.",
    },
    Dissent: {
        "by": "Who did not fully agree.",
        "note": "Their view, in their words.",
    },
    SafetyPlan: {
        "warning_signs": "Signs that things are getting hard.",
        "coping_strategies": "What the person can do on their own.",
        "distractions": "People and places that take the person's mind off things.",
        "people_to_ask": "People the person can ask for help.",
        "professionals": "Professionals, services and crisis lines to contact.",
        "safer_environment": "What makes the person's surroundings safer.",
        "reasons_for_living": "What matters most to the person.",
    },
    Distraction: {
        "what": "The place, activity or company.",
        "who": "Who it is with, when it is someone in the circle.",
    },
    Professional: {
        "name": "The professional, service or line.",
        "contact": "How to reach them (a number, an address, opening hours).",
    },
    Review: {
        "on": "When the review meeting took place.",
        "attendees": "Who was there.",
        "went_well": "What went well.",
        "changed": "What changed.",
        "next": "What happens next.",
    },
    SharingConsent: {
        "member": "The circle member the person agrees to share with.",
        "sections": "The sections of the plan that member may see.",
        "consented_on": "When the person gave this consent.",
    },
}
"""What each field means, by class and Python attribute name (the rest comes from the model)."""

_FORMAT_MEANING = f'The format and its version; always `"{FORMAT}"`.'
_PLAN_TITLE = "A recoveryplan/1 document: one person's recovery plan"


# -- reading the model ---------------------------------------------------------------------


def objects() -> list[type]:
    """Every model class reachable from :class:`Plan`, depth first in field order.

    This is the order the field reference presents them in: each object soon after the
    first field that holds it.
    """
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for field in attrs.fields(cls):
            for inner in _types_in(_hints(cls)[field.name]):
                if attrs.has(inner):
                    visit(inner)

    visit(Plan)
    return seen


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _types_in(hint: Any) -> Iterator[Any]:
    """A type hint and every type inside it (``tuple[Goal, ...] | None`` holds ``Goal``)."""
    yield hint
    for arg in get_args(hint):
        yield from _types_in(arg)


def _is_person_reference(cls: type, name: str) -> bool:
    """Whether the model annotates a field with ``PersonRef``.

    ``PersonRef`` is an alias of ``str``, so type hints forget it; the annotation as written
    (these modules postpone evaluation of annotations) still says it.
    """
    annotation = inspect.get_annotations(cls).get(name)
    return isinstance(annotation, str) and "PersonRef" in re.findall(r"\w+", annotation)


def _optional(hint: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``, else ``(hint, False)``."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(args) == 1 and len(args) < len(get_args(hint)):
            return args[0], True
    return hint, False


def _sequence_of(hint: Any) -> Any | None:
    args = get_args(hint)
    if get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _is_enumeration(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, Enumeration)


def _is_extensions(hint: Any) -> bool:
    return bool(hint == dict[str, Any])


def _docstring(cls: type) -> str:
    """The class's own docstring as plain text (Sphinx's double backquotes made single)."""
    doc = cls.__dict__.get("__doc__") or ""
    return inspect.cleandoc(doc).replace("``", "`") if doc else ""


def _summary(cls: type) -> str:
    """The first paragraph of a class's docstring, on one line."""
    return " ".join(_docstring(cls).split("\n\n", 1)[0].split())


def _enumerations() -> list[type[Enumeration]]:
    found: list[type[Enumeration]] = []
    for cls in objects():
        for field in attrs.fields(cls):
            for candidate in _types_in(_hints(cls)[field.name]):
                if _is_enumeration(candidate) and candidate not in found:
                    found.append(candidate)
    return found


def _is_required(field: attrs.Attribute[Any]) -> bool:
    return field.default is attrs.NOTHING


def _python_name_note(cls: type, name: str) -> str:
    key = json_key(cls, name)
    return f" (`{name}` in Python.)" if key != name else ""


# -- the JSON Schema -----------------------------------------------------------------------


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``recoveryplan/1``, generated from the model.

    It checks what can be checked one document at a time without the library: keys, types,
    required fields, enumerations and date shapes. Whether ids are unique, references name
    someone, and domains belong to the framework is what ``recoveryplan validate`` checks.
    """
    definitions: dict[str, Any] = {
        "PersonReference": {
            "title": "Person reference",
            "description": PERSON_REFERENCE,
            "type": "string",
        },
        "Date": {
            "title": "Date",
            "description": "A calendar date, written YYYY-MM-DD (ISO 8601).",
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
        },
    }
    for enumeration in _enumerations():
        definition: dict[str, Any] = {"title": enumeration.__name__}
        summary = _summary(enumeration)
        if summary:
            definition["description"] = summary
        definition.update({"type": "string", "enum": enumeration.values()})
        definitions[enumeration.__name__] = definition
    for cls in objects():
        if cls is not Plan:
            definitions[cls.__name__] = _object_schema(cls)

    root = _object_schema(Plan)
    root["title"] = _PLAN_TITLE
    return {"$schema": DRAFT, "$id": SCHEMA_ID, **root, "$defs": definitions}


def _object_schema(cls: type) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    if cls is Plan:
        properties["format"] = {"description": _FORMAT_MEANING, "const": FORMAT}
        required.append("format")
    hints = _hints(cls)
    for field in attrs.fields(cls):
        key = json_key(cls, field.name)
        value = _value_schema(hints[field.name], _is_person_reference(cls, field.name))
        meaning = _meaning(cls, field.name)
        properties[key] = {"description": meaning, **value} if meaning else value
        if _is_required(field):
            required.append(key)
    schema: dict[str, Any] = {"title": cls.__name__}
    description = _docstring(cls)
    if description:
        schema["description"] = description
    schema.update({"type": "object", "properties": properties})
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def _meaning(cls: type, name: str) -> str:
    return MEANINGS.get(cls, {}).get(name, "")


def _value_schema(hint: Any, person_reference: bool) -> dict[str, Any]:
    inner, optional = _optional(hint)
    if optional:
        return {"anyOf": [_value_schema(inner, person_reference), {"type": "null"}]}
    element = _sequence_of(hint)
    if element is not None:
        return {"type": "array", "items": _value_schema(element, person_reference)}
    if hint is str:
        return {"$ref": "#/$defs/PersonReference"} if person_reference else {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is date:
        return {"$ref": "#/$defs/Date"}
    if _is_enumeration(hint) or (isinstance(hint, type) and attrs.has(hint)):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    if _is_extensions(hint):
        return {"type": "object", "additionalProperties": True}
    raise TypeError(f"the schema generator does not know how to describe {hint!r}; teach it")


# -- the field reference -------------------------------------------------------------------


def field_tables() -> str:
    """The field reference of ``docs/format.md``: one section and table per object."""
    parents = _where_found()
    sections: list[str] = []
    for cls in objects():
        lines = [f"### {cls.__name__}", ""]
        if cls is Plan:
            lines.append("The top level of the document.")
        else:
            found = ", ".join(
                f"`{key}` of [{parent.__name__}](#{parent.__name__.lower()})"
                for parent, key in parents[cls]
            )
            lines.append(f"Found in {found}.")
        summary = _docstring(cls)
        if summary:
            lines += ["", " ".join(summary.split())]
        lines += ["", "| key | type | required | meaning |", "| --- | --- | --- | --- |"]
        if cls is Plan:
            lines.append(f'| `format` | the text `"{FORMAT}"` | yes | {_FORMAT_MEANING} |')
        hints = _hints(cls)
        for field in attrs.fields(cls):
            key = json_key(cls, field.name)
            kind = _describe(hints[field.name], _is_person_reference(cls, field.name))
            meaning = _meaning(cls, field.name) + _python_name_note(cls, field.name)
            lines.append(f"| `{key}` | {kind} | {_required_text(field)} | {meaning} |")
        sections.append("\n".join(lines))
    return "\n\n".join(sections) + "\n"


def _where_found() -> dict[type, list[tuple[type, str]]]:
    found: dict[type, list[tuple[type, str]]] = {}
    for cls in objects():
        for field in attrs.fields(cls):
            for inner in filter(attrs.has, _types_in(_hints(cls)[field.name])):
                found.setdefault(inner, []).append((cls, json_key(cls, field.name)))
    return found


def _describe(hint: Any, person_reference: bool) -> str:
    inner, optional = _optional(hint)
    if optional:
        return _describe(inner, person_reference)
    element = _sequence_of(hint)
    if element is not None:
        return f"list of {_plural(_describe(element, person_reference))}"
    if hint is str:
        return "[person reference](#person-references)" if person_reference else "text"
    if hint is bool:
        return "`true` or `false`"
    if hint is int:
        return "whole number"
    if hint is date:
        return "date"
    if _is_enumeration(hint):
        return "one of " + ", ".join(f"`{value}`" for value in hint.values())
    if isinstance(hint, type) and attrs.has(hint):
        return f"[{hint.__name__}](#{hint.__name__.lower()}) object"
    if _is_extensions(hint):
        return "object keyed by namespace"
    raise TypeError(f"the field reference does not know how to describe {hint!r}; teach it")


def _plural(kind: str) -> str:
    if kind.endswith(" object"):
        return kind + "s"
    if kind.startswith("one of "):
        return "words, each " + kind
    if kind.startswith("[person reference]"):
        return "[person references](#person-references)"
    return {"text": "text", "date": "dates", "whole number": "whole numbers"}.get(kind, kind)


def _required_text(field: attrs.Attribute[Any]) -> str:
    if _is_required(field):
        return "yes"
    if field.default is False:
        return "no (`false` when absent)"
    if field.default == ():
        return "no (empty when absent)"
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        return "no (empty when absent)"
    return "no"


# -- python -m recoveryplan.schema ---------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Print the JSON Schema, or with ``--markdown`` the field tables for the docs."""
    parser = argparse.ArgumentParser(
        prog="python -m recoveryplan.schema",
        description=f"Describe the {FORMAT} format, generated from the model.",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="print the field tables of docs/format.md instead of the JSON Schema",
    )
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(field_tables())
    else:
        sys.stdout.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
