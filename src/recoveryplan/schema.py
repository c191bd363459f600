"""The ``recoveryplan/1`` format described for other systems, generated from the model.

Integrators validate documents before they reach the library, generate forms and read the
field reference. If either description were written by hand it would drift from what
:func:`recoveryplan.load` actually accepts, so both are built here by walking the attrs
classes reachable from :class:`~recoveryplan.Plan`: their fields, their type hints, their
defaults, and what each field's metadata says (what it means, its key in the format, and
whether it refers to someone). A test fails when a field has no meaning.

Run ``python -m recoveryplan.schema`` for the JSON Schema, or ``--markdown`` for the field
tables of ``docs/format.md``.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from ._fields import (
    EVERY_READER,
    NO_MEMBER,
    OWN_ENTRIES,
    SHOWN_PARTS,
    Enumeration,
    default_factory,
    field_meaning,
    is_json_object,
    is_optional,
    json_key,
    model_classes,
    optional_inner,
    refers_to,
    sequence_of,
    shown_to,
    type_hints,
    types_in,
)
from .plan import FORMAT, Plan

__all__ = [
    "DATE_PATTERN",
    "DRAFT",
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

_FORMAT_MEANING = f'The format and its version; always `"{FORMAT}"`.'
_PLAN_TITLE = "A recoveryplan/1 document: one person's recovery plan"


# -- reading the model ---------------------------------------------------------------------


def objects() -> list[type]:
    """Every model class reachable from :class:`Plan`, depth first in field order.

    This is the order the field reference presents them in: each object soon after the
    first field that holds it.
    """
    return model_classes(Plan)


def _hints(cls: type) -> dict[str, Any]:
    return type_hints(cls)


def _is_person_reference(field: attrs.Attribute[Any]) -> bool:
    return refers_to(field) == "person"


def _optional(hint: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``, else ``(hint, False)``."""
    return (optional_inner(hint), True) if is_optional(hint) else (hint, False)


def _is_enumeration(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, Enumeration)


def _is_extensions(hint: Any) -> bool:
    return is_json_object(hint)


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
            for candidate in types_in(_hints(cls)[field.name]):
                if _is_enumeration(candidate) and candidate not in found:
                    found.append(candidate)
    return found


def _is_required(field: attrs.Attribute[Any]) -> bool:
    return field.default is attrs.NOTHING


def _python_name_note(field: attrs.Attribute[Any]) -> str:
    key = json_key(field)
    return f" (`{field.name}` in Python.)" if key != field.name else ""


def _who_sees(field: attrs.Attribute[Any]) -> str:
    """Which circle members see a field, as its metadata says (the rule consent applies)."""
    rule = shown_to(field)
    if rule is None:
        return ""
    return {
        EVERY_READER: " Every reader sees it, a circle member too.",
        NO_MEMBER: " No circle member ever sees it.",
        OWN_ENTRIES: " A circle member sees only their own entries.",
        SHOWN_PARTS: " A circle member sees only the entries about parts their copy holds.",
    }.get(rule, f" Shared with a circle member as part of the section `{rule}`.")


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
        key = json_key(field)
        value = _value_schema(hints[field.name], _is_person_reference(field))
        meaning = field_meaning(field)
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


def _value_schema(hint: Any, person_reference: bool) -> dict[str, Any]:
    inner, optional = _optional(hint)
    if optional:
        return {"anyOf": [_value_schema(inner, person_reference), {"type": "null"}]}
    element = sequence_of(hint)
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
            key = json_key(field)
            kind = _describe(hints[field.name], _is_person_reference(field))
            meaning = field_meaning(field) + _python_name_note(field) + _who_sees(field)
            lines.append(f"| `{key}` | {kind} | {_required_text(field)} | {meaning} |")
        sections.append("\n".join(lines))
    return "\n\n".join(sections) + "\n"


def _where_found() -> dict[type, list[tuple[type, str]]]:
    found: dict[type, list[tuple[type, str]]] = {}
    for cls in objects():
        for field in attrs.fields(cls):
            for inner in filter(attrs.has, types_in(_hints(cls)[field.name])):
                found.setdefault(inner, []).append((cls, json_key(field)))
    return found


def _describe(hint: Any, person_reference: bool) -> str:
    inner, optional = _optional(hint)
    if optional:
        return _describe(inner, person_reference)
    element = sequence_of(hint)
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
    if field.default == () or default_factory(field) is not None:
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
