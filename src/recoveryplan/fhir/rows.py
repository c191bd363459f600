"""The machinery of the FHIR mapping tables: a row, a table, and writing and reading them.

A :class:`Row` pairs a field of a model class with a FHIR element and a codec
(:mod:`recoveryplan.fhir.codecs`), or says that the field travels as this project's extension
(:func:`ext`; its URL and value type come from the model, see :mod:`recoveryplan.fhir.fields`).
The export writes every row with :func:`write` and the import reads every row back with
:func:`read`, so a field is mapped in exactly one place. The tables themselves are in
:mod:`recoveryplan.fhir.mapping`.

An element is a path of FHIR element names: ``description``, ``target[].dueDate`` (``[]``: the
first object of a list, written as a list of one), ``provision.actor[].reference``.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from .._fields import json_key
from ..messages import gettext as _
from ..serialize import child_path
from .codecs import Codec, Writer
from .fields import field_extensions
from .reading import JSON
from .resolving import PlanReader

__all__ = [
    "ELEMENT_ORDER",
    "EXTENSION",
    "Absent",
    "Row",
    "Table",
    "ext",
    "ordered",
    "read",
    "write",
]

EXTENSION: Final = "extension"
"""The element of a row whose field is carried as this project's extension."""


@attrs.frozen
class Absent:
    """What reading does when a bundle does not hold a row's element.

    ``code`` and ``message`` are the finding reported (none when ``code`` is ``None``), at the
    resource or, with ``on_element``, at the element. ``fallback`` is the value used instead.
    ``stop`` means the resource cannot be part of a plan without it; rows next to each other
    with the same message are all read before the resource is given up.
    """

    code: str | None = None
    message: str = ""
    fallback: Any = None
    stop: bool = False
    on_element: bool = False


@attrs.frozen
class Row:
    """One field of a model class in one element of a resource.

    ``around`` are constant elements written beside the value (a telecom's ``system``);
    ``also`` is a second element the value is written to, and read from when the first is not
    there. An extension row may say, for the documentation, where the extension is used, its
    value and what it means (else they come from the table and the model).
    """

    field: str
    element: str
    codec: Codec | None = None
    absent: Absent | None = None
    around: tuple[tuple[str, Any], ...] = ()
    also: str | None = None
    where: str | None = None
    value: str | None = None
    meaning: str | None = None


def ext(
    field: str, meaning: str | None = None, *, where: str | None = None, value: str | None = None
) -> Row:
    """A row for a field that FHIR has no element for, carried as our extension."""
    return Row(field, EXTENSION, where=where, value=value, meaning=meaning)


@attrs.frozen
class Table:
    """The rows of one model class, in the order the import reads them."""

    cls: type
    resource: str
    rows: tuple[Row, ...]

    def part(self, *fields: str) -> Table:
        """The same table with only some rows (for a resource read in stages)."""
        return Table(self.cls, self.resource, tuple(r for r in self.rows if r.field in fields))

    def split(self, field: str) -> tuple[Table, Table]:
        """The rows before ``field``, and ``field``'s row and those after it."""
        at = next(i for i, row in enumerate(self.rows) if row.field == field)
        return (
            Table(self.cls, self.resource, self.rows[:at]),
            Table(self.cls, self.resource, self.rows[at:]),
        )

    @property
    def extension_fields(self) -> tuple[str, ...]:
        return tuple(row.field for row in self.rows if row.codec is None)

    def extension_urls(self) -> list[str]:
        """The URLs of the extensions the table's fields travel in."""
        names = self.extension_fields
        return [field.url for field in field_extensions(self.cls, names, top=True)]


ELEMENT_ORDER: Final[dict[str, tuple[str, ...]]] = {
    "Patient": ("extension", "identifier", "name", "birthDate", "communication"),
    "Organization": ("extension", "identifier", "name"),
    "RelatedPerson": ("identifier", "patient", "relationship", "name", "telecom", "communication"),
    "Practitioner": ("identifier", "name", "telecom", "communication"),
    "CarePlan": (
        *("extension", "identifier", "status", "intent", "category", "title", "subject"),
        *("partOf", "period", "created", "author", "careTeam", "goal", "activity", "note"),
    ),
    "Goal": (
        *("extension", "identifier", "lifecycleStatus", "achievementStatus", "category"),
        *("description", "subject", "target", "statusDate", "statusReason", "expressedBy"),
    ),
    "RiskAssessment": (
        *("extension", "identifier", "status", "subject", "occurrenceDateTime"),
        *("reasonCode", "basis", "prediction", "mitigation"),
    ),
    "Observation": (
        *("status", "category", "code", "subject", "effectiveDateTime", "performer"),
        *("valueInteger", "valueQuantity", "note"),
    ),
    "Flag": ("status", "category", "code", "subject"),
    "Consent": (
        *("status", "scope", "category", "patient", "dateTime", "policyRule", "provision"),
    ),
}
"""The order elements are written in, so that the same plan always gives the same JSON text
(an element's ``_element`` extension goes where the element would)."""


# -- writing and reading -------------------------------------------------------------------------


def write(table: Table, part: Any, node: JSON, out: Writer) -> None:
    """Write every row of ``table`` that ``part`` holds something for into ``node``."""
    for row in table.rows:
        if row.codec is None:
            continue
        value = getattr(part, row.field)
        if value is None:
            continue
        _write(node, row.element, row, row.codec, value, out)
        if row.also is not None:
            _write(node, row.also, row, row.codec, value, out)
    if table.extension_fields:
        extensions = out.fields(part, table.extension_fields, top=True)
        if extensions:
            node[EXTENSION] = extensions


def _write(node: JSON, element: str, row: Row, codec: Codec, value: Any, out: Writer) -> None:
    *parents, leaf = element.split(".")
    for segment in parents:
        if segment.endswith("[]"):
            node = node.setdefault(segment[:-2], [{}])[0]
        else:
            node = node.setdefault(segment, {})
    for key, constant in row.around:
        node.setdefault(key, constant)
    if leaf.endswith("[]"):
        node[leaf[:-2]] = [codec.encode(value, out)]
    else:
        codec.put(node, leaf, value, out)


def read(
    table: Table,
    node: JSON,
    path: str,
    into: PlanReader,
    data: JSON,
    *,
    at: str | None = None,
    extensions: list[tuple[JSON, str]] | None = None,
) -> bool:
    """Read every row of ``table`` from ``node`` into ``data`` (the part's JSON).

    False when a row the part cannot be without is not there (reported at ``at``, else at
    ``path``): the resource is then left out. ``extensions`` are the node's extensions when
    they were read already (a resource read in stages reads them once).
    """
    if extensions is None:
        extensions = into.items(node, EXTENSION, path) if table.extension_fields else []
    given_up: Absent | None = None
    for row in table.rows:
        if given_up is not None and (row.absent is None or row.absent.message != given_up.message):
            break
        key = json_key(table.cls, row.field)
        if row.codec is None:
            data.update(into.fields(extensions, table.cls, [row.field], top=True, path=path))
            continue
        value = _read(node, row, row.element, path, into)
        if row.also is not None:
            # Written twice: the second copy is carried with the first, and read without it.
            second = _read(node, row, row.also, path, into)
            value = second if value is None else value
        absent = row.absent
        if value is not None:
            data[key] = value
        elif absent is not None and absent.stop:
            given_up = given_up or absent
        elif absent is not None:
            if absent.code is not None:
                here = child_path(path, row.element.split(".")[0]) if absent.on_element else path
                into.finding(absent.code, here, _(absent.message))
            if absent.fallback is not None:
                data[key] = absent.fallback
    if given_up is not None:
        into.leave_out(node)
        if given_up.code is not None:
            into.finding(given_up.code, at if at is not None else path, _(given_up.message))
        return False
    return True


def _read(node: JSON, row: Row, element: str, path: str, into: PlanReader) -> Any:
    codec = row.codec
    assert codec is not None
    *parents, leaf = element.split(".")
    for segment in parents:
        if segment.endswith("[]"):
            first = into.first(node, segment[:-2], path)
            if first is None:
                return None
            node, path = first
        else:
            inner = into.object(node, segment, path)
            if inner is None:
                return None
            node, path = inner, child_path(path, segment)
    for key, constant in row.around:
        if node.get(key, constant) != constant:
            into.not_carried(node, key)
    if leaf.endswith("[]"):
        first = into.first(node, leaf[:-2], path)
        return None if first is None else codec.decode(first[0], first[1], into)
    return codec.get(node, leaf, path, into)


def ordered(resource: JSON) -> JSON:
    """A resource with its elements in :data:`ELEMENT_ORDER` after its type, id, meta and
    narrative."""
    order = ELEMENT_ORDER.get(resource["resourceType"], ())
    first = ("resourceType", "id", "meta", "text")
    place = {name: index for index, name in enumerate((*first, *order))}
    last = len(place)
    keys = sorted(resource, key=lambda key: place.get(key.removeprefix("_"), last))
    return {key: resource[key] for key in keys}
