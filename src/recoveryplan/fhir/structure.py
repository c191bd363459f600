"""A StructureDefinition for every extension the export writes, made from the mapping itself.

The extensions come from the same rows the export writes and the import reads: each
extension row of a table in :mod:`recoveryplan.fhir.mapping` is one extension, on the resource
of its table, whose value type (or, for a part of the plan, whose parts, each a slice of
``Extension.extension``) comes from the model's annotations through
:mod:`recoveryplan.fhir.fields`. The four extensions that are no one field (``text``,
``framework``, ``plan-extension`` and ``concern``) are in :data:`_OTHERS`. What each means is
the documentation's meaning (:data:`recoveryplan.fhir.codes.EXTENSIONS`), so the page and the
definitions cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Final

import attrs

from .._base import Enumeration
from .._fields import text_or_part
from ..risk import Concern
from . import mapping
from .codes import EXTENSIONS
from .fields import FieldExtension, field_extensions
from .vocabulary import STRUCTURE_DEFINITION, extension_url

__all__ = ["EXTENSION_BASE", "Shape", "extension_shapes", "structure_definitions"]

JSON = dict[str, Any]

EXTENSION_BASE: Final = "http://hl7.org/fhir/StructureDefinition/Extension"
PERSON_TARGETS: Final = tuple(
    f"http://hl7.org/fhir/StructureDefinition/{kind}"
    for kind in ("Patient", "Organization", "RelatedPerson", "Practitioner")
)


@attrs.frozen
class Shape:
    """What one extension (or one part of a complex one) holds.

    ``value`` is the FHIR type of its ``value[x]``; ``parts`` are the slices of a complex
    extension, each ``(url, shape, required, many)``. ``empty`` says a complex extension may
    instead hold ``valueBoolean`` ``true`` (a part of the plan with nothing in it yet); a text
    value may instead hold the ``text`` extension (text FHIR cannot hold as a string).
    """

    value: str | None = None
    parts: tuple[tuple[str, Shape, bool, bool], ...] = ()
    empty: bool = False


def _shape_of(field: FieldExtension) -> Shape:
    kind: Any = field.kind
    part = text_or_part(kind)
    if part is not None:  # free text as a string, or the part as a complex extension
        parts = tuple(
            (inner.url, _shape_of(inner), inner.required, inner.many)
            for inner in field_extensions(part, top=False)
        )
        return Shape("string", parts=parts)
    if attrs.has(kind):
        parts = tuple(
            (part.url, _shape_of(part), part.required, part.many)
            for part in field_extensions(kind, top=False)
        )
        return Shape(parts=parts, empty=True)
    if kind is bool:
        return Shape("boolean")
    if kind is int:
        return Shape("integer")
    if kind is date:
        return Shape("date")
    if isinstance(kind, type) and issubclass(kind, Enumeration):
        return Shape("code")
    return Shape("Reference" if field.person else "string")


_STRING: Final = Shape("string")

_OTHERS: Final[dict[str, tuple[tuple[str, ...], Shape]]] = {
    "text": (("Element",), _STRING),
    "framework": (("CarePlan",), _STRING),
    "plan-extension": (
        ("CarePlan",),
        Shape(parts=(("namespace", _STRING, True, False), ("json", _STRING, True, False))),
    ),
    "concern": (
        ("RiskAssessment.prediction",),
        Shape(
            parts=tuple(
                (part.url, _shape_of(part), part.required, part.many)
                for part in field_extensions(Concern, ["id", "likelihood", "severity"], top=False)
            )
        ),
    ),
}
"""The extensions that are no one field of the model: where each is used and what it holds
(as the export writes them)."""


def _contexts(table: mapping.Table) -> tuple[str, ...]:
    """The FHIR elements a table's resource names ("Goal (an outcome)" is a Goal)."""
    named = table.resource.split(" (")[0]
    return tuple(part.strip() for part in named.split(" or "))


def extension_shapes() -> dict[str, tuple[tuple[str, ...], Shape, bool]]:
    """Every extension by name: where it is used, what it holds, and whether it repeats."""
    found: dict[str, tuple[tuple[str, ...], Shape, bool]] = {}
    for name, (contexts, shape) in _OTHERS.items():
        found[name] = (contexts, shape, name == "plan-extension")
    for table in mapping.TABLES:
        for field in field_extensions(table.cls, table.extension_fields, top=True):
            name = field.url.removeprefix(STRUCTURE_DEFINITION)
            contexts, shape, many = found.get(name, ((), _shape_of(field), field.many))
            merged = (*contexts, *(c for c in _contexts(table) if c not in contexts))
            found[name] = (merged, shape, many)
    return found


def structure_definitions(version: str, published: str) -> dict[str, JSON]:
    """Every extension's StructureDefinition, by its id (the last part of its URL)."""
    definitions = {}
    for name, (contexts, shape, many) in extension_shapes().items():
        _, _, meaning = EXTENSIONS[name]
        definitions[name] = {
            "resourceType": "StructureDefinition",
            "id": name,
            "url": extension_url(name),
            "version": version,
            "name": "".join(word.capitalize() for word in name.split("-")),
            "title": name.replace("-", " ").capitalize(),
            "status": "active",
            "date": published,
            "publisher": "The recoveryplan contributors",
            "description": meaning,
            "fhirVersion": "4.0.1",
            "kind": "complex-type",
            "abstract": False,
            "context": [{"type": "element", "expression": context} for context in contexts],
            "type": "Extension",
            "baseDefinition": EXTENSION_BASE,
            "derivation": "constraint",
            "differential": {"element": list(_elements(name, meaning, shape, many))},
        }
    return definitions


def _elements(name: str, meaning: str, shape: Shape, many: bool) -> Iterator[JSON]:
    yield {
        "id": "Extension",
        "path": "Extension",
        "short": meaning,
        "definition": meaning,
        "min": 0,
        "max": "*" if many else "1",
    }
    yield from _inside("Extension", "Extension", extension_url(name), shape)


def _inside(id: str, path: str, url: str, shape: Shape) -> Iterator[JSON]:
    """The elements within one extension: its parts as slices, its url, its value."""
    if shape.parts:
        yield {
            "id": f"{id}.extension",
            "path": f"{path}.extension",
            "slicing": {
                "discriminator": [{"type": "value", "path": "url"}],
                "rules": "open",
            },
            "min": 0,
        }
        for part, inner, required, many in shape.parts:
            slice_id = f"{id}.extension:{part}"
            slice_path = f"{path}.extension"
            yield {
                "id": slice_id,
                "path": slice_path,
                "sliceName": part,
                "min": 1 if required else 0,
                "max": "*" if many else "1",
            }
            yield from _inside(slice_id, slice_path, part, inner)
    yield {"id": f"{id}.url", "path": f"{path}.url", "fixedUri": url}
    value: JSON = {"id": f"{id}.value[x]", "path": f"{path}.value[x]", "min": 0}
    if shape.value == "Reference":
        value["type"] = [{"code": "Reference", "targetProfile": list(PERSON_TARGETS)}]
    elif shape.value is not None:
        value["type"] = [{"code": shape.value}]
    elif shape.empty:
        value["short"] = "true when this part of the plan holds nothing yet"
        value["type"] = [{"code": "boolean"}]
    else:
        value["max"] = "0"
    yield value
