"""Codecs: how one FHIR element holds one value of a plan, written and read back in one place.

Each codec writes a value into an element (``put``, or ``encode`` for an element that is an
object) and reads it back from a bundle (``get``/``decode``) through the defensive reader,
which reports what is not well formed. The mapping tables (:mod:`recoveryplan.fhir.mapping`)
pair model fields with elements and codecs; export and import both go through the codec, so
the two directions cannot drift apart. The primitives at the top are the export's building
blocks for elements the tables do not hold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Final, Protocol

from .._base import Enumeration
from ..goals import Status
from ..serialize import child_path
from .reading import JSON
from .resolving import PlanReader
from .vocabulary import (
    ACHIEVEMENT_SYSTEM,
    IDENTIFIER_SYSTEM,
    LANGUAGE_SYSTEM,
    STATUS,
    TEXT,
    framework_of,
    framework_system,
    is_code,
    is_string,
    status_of,
)

__all__ = [
    "Codec",
    "Coded",
    "ConceptText",
    "Day",
    "Each",
    "FrameworkCode",
    "GoalRef",
    "GoalStatus",
    "HumanName",
    "Identifiers",
    "Language",
    "PersonRef",
    "Quantity",
    "Text",
    "Writer",
    "coding",
    "concept",
    "escaped",
    "identifier",
    "put",
    "text_concept",
    "text_extension",
]

_INT32: Final = range(-(2**31), 2**31)


# -- primitives ---------------------------------------------------------------------------------


def escaped(value: str) -> JSON:
    """Text FHIR cannot hold as a string, kept exactly as a JSON string literal in ASCII."""
    return {"url": TEXT, "valueString": json.dumps(value)}


def put(target: JSON, key: str, value: str, *, code: bool = False) -> None:
    """Set a primitive, or its ``_key`` extension when FHIR cannot hold the value as it is."""
    if is_code(value) if code else is_string(value):
        target[key] = value
    else:
        target["_" + key] = {"extension": [escaped(value)]}


def text_extension(url: str, value: str) -> JSON:
    if is_string(value):
        return {"url": url, "valueString": value}
    return {"url": url, "extension": [escaped(value)]}


def coding(system: str, code: str) -> JSON:
    found: JSON = {"system": system}
    put(found, "code", code, code=True)
    return found


def concept(system: str, code: str) -> JSON:
    return {"coding": [coding(system, code)]}


def text_concept(text: str) -> JSON:
    found: JSON = {}
    put(found, "text", text)
    return found


def identifier(value: str) -> JSON:
    found: JSON = {"system": IDENTIFIER_SYSTEM}
    put(found, "value", value)
    return found


class Writer(Protocol):
    """What the mapping needs of an export: the plan's framework, how to refer to its parts,
    and how its fields become extensions."""

    @property
    def framework(self) -> str: ...

    def person(self, ref: str) -> JSON: ...

    def goal_ref(self, id: str) -> JSON: ...

    def fields(self, part: Any, names: Iterable[str] | None = None, *, top: bool) -> list[JSON]:
        """The extensions for some fields of a part (:mod:`recoveryplan.fhir.fields`)."""
        ...


# -- codecs -------------------------------------------------------------------------------------


class Codec:
    """An element holding one value. By default the element is an object (``encode``/``decode``);
    a primitive element overrides ``put`` and ``get`` instead. ``None`` read means "not there"
    (or reported as a problem where it is)."""

    shown: str = ""
    """How the docs name what the element holds."""

    def put(self, node: JSON, key: str, value: Any, out: Writer) -> None:
        node[key] = self.encode(value, out)

    def get(self, node: JSON, key: str, path: str, into: PlanReader) -> Any:
        found = into.object(node, key, path)
        return None if found is None else self.decode(found, child_path(path, key), into)

    def encode(self, value: Any, out: Writer) -> Any:
        raise NotImplementedError(f"{type(self).__name__} is a primitive; use put")

    def decode(self, node: JSON, path: str, into: PlanReader) -> Any:
        raise NotImplementedError(f"{type(self).__name__} is a primitive; use get")


class Text(Codec):
    """A ``string``, or its exact text in the ``_element`` extension when FHIR cannot hold it."""

    shown = "text"

    def put(self, node: JSON, key: str, value: Any, out: Writer) -> None:
        put(node, key, value)

    def get(self, node: JSON, key: str, path: str, into: PlanReader) -> Any:
        return into.text(node, key, path)


class Day(Codec):
    """A ``date`` (a ``dateTime`` is read as its day)."""

    shown = "date"

    def put(self, node: JSON, key: str, value: Any, out: Writer) -> None:
        node[key] = value.isoformat()

    def get(self, node: JSON, key: str, path: str, into: PlanReader) -> Any:
        return into.day(node, key, path)


class ConceptText(Codec):
    """A CodeableConcept that is only words (``text``); ``display`` also reads a coding's
    display, for concepts from elsewhere that are only coded."""

    shown = "CodeableConcept `text`"

    def __init__(self, *, display: bool = False) -> None:
        self.display = display

    def encode(self, value: Any, out: Writer) -> Any:
        return text_concept(value)

    def decode(self, node: JSON, path: str, into: PlanReader) -> Any:
        found = into.text(node, "text", path)
        if found is None and self.display:
            for coded, where in into.items(node, "coding", path):
                found = into.text(coded, "display", where)
                if found is not None:
                    break
        return found


class Coded(Codec):
    """A CodeableConcept coded in one code system."""

    def __init__(self, system: str) -> None:
        self.system = system
        self.shown = f"code in `{system}`"

    def encode(self, value: Any, out: Writer) -> Any:
        return concept(self.system, value.value if isinstance(value, Enumeration) else value)

    def decode(self, node: JSON, path: str, into: PlanReader) -> Any:
        return into.coded(node, self.system, path)


class FrameworkCode(Codec):
    """A domain, coded in the plan's framework (a list of concepts when ``many``); read from
    any framework's code system, the last such coding winning."""

    shown = "code in the framework's code system"

    def __init__(self, *, many: bool = False) -> None:
        self.many = many

    def put(self, node: JSON, key: str, value: Any, out: Writer) -> None:
        found = concept(framework_system(out.framework), value)
        node[key] = [found] if self.many else found

    def get(self, node: JSON, key: str, path: str, into: PlanReader) -> Any:
        concepts = (
            into.items(node, key, path)
            if self.many
            else [(into.object(node, key, path), child_path(path, key))]
        )
        domain = None
        for found, where in concepts:
            for system, code in into.codings(found, where):
                if framework_of(system) is not None:
                    domain = code
        return domain


class GoalStatus(Codec):
    """A goal's status as ``lifecycleStatus`` and ``achievementStatus`` (codes.STATUS)."""

    shown = "`lifecycleStatus` and `achievementStatus` (the status table above)"

    def put(self, node: JSON, key: str, value: Any, out: Writer) -> None:
        lifecycle, achievement = STATUS[value]
        node[key] = lifecycle
        if achievement is not None:
            node["achievementStatus"] = concept(ACHIEVEMENT_SYSTEM, achievement)

    def get(self, node: JSON, key: str, path: str, into: PlanReader) -> Any:
        lifecycle = into.code(node, key, path)
        achievement = into.object(node, "achievementStatus", path)
        achieved = into.coded(
            achievement, ACHIEVEMENT_SYSTEM, child_path(path, "achievementStatus")
        )
        status = status_of(lifecycle, achieved) if lifecycle is not None else None
        if status is not None:
            return status.value
        if lifecycle is not None:
            into.problem(child_path(path, key), f"{lifecycle!r} is not a goal lifecycle status")
        elif key not in node:
            into.problem(path, f"a Goal needs its {key}")
        return Status.PLANNED.value


class PersonRef(Codec):
    """A person reference as a Reference to the Patient, the Organization or a circle member."""

    shown = "Reference to the Patient, the Organization or a circle member"

    def encode(self, value: Any, out: Writer) -> Any:
        return out.person(value)

    def decode(self, node: JSON, path: str, into: PlanReader) -> Any:
        return into.person(node, path)


class GoalRef(Codec):
    """A goal id as a Reference to its Goal."""

    shown = "Reference to a Goal"

    def encode(self, value: Any, out: Writer) -> Any:
        return out.goal_ref(value)

    def decode(self, node: JSON, path: str, into: PlanReader) -> Any:
        return into.goal_id(node, path)


class Each(Codec):
    """A list field as a list of objects, one per value (left out when empty)."""

    def __init__(self, codec: Codec) -> None:
        self.codec = codec
        self.shown = f"one {codec.shown} each"

    def put(self, node: JSON, key: str, value: Any, out: Writer) -> None:
        if value:
            node[key] = [self.codec.encode(item, out) for item in value]

    def get(self, node: JSON, key: str, path: str, into: PlanReader) -> Any:
        found = [
            value
            for item, where in into.items(node, key, path)
            if (value := self.codec.decode(item, where, into)) is not None
        ]
        return found or None


class Quantity(Codec):
    """A whole number: ``valueInteger``, or ``valueQuantity`` beyond FHIR's 32-bit integers."""

    shown = "`valueInteger` (`valueQuantity` beyond 32 bits)"

    def put(self, node: JSON, key: str, value: Any, out: Writer) -> None:
        if value in _INT32:
            node[key] = value
        else:
            node["valueQuantity"] = {"value": value}

    def get(self, node: JSON, key: str, path: str, into: PlanReader) -> Any:
        value: Any = node.get(key)
        if value is None:
            quantity = into.object(node, "valueQuantity", path)
            value = quantity.get("value") if quantity is not None else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
        return value if type(value) is int else None


class HumanName(Codec):
    """A name as ``HumanName.text``; a name from elsewhere may be only ``given`` and ``family``."""

    shown = "HumanName `text`"

    def encode(self, value: Any, out: Writer) -> Any:
        return text_concept(value)

    def decode(self, node: JSON, path: str, into: PlanReader) -> Any:
        text = into.text(node, "text", path)
        if text is not None:
            return text
        given = node.get("given", [])
        family = node.get("family")
        parts = [part for part in given if type(part) is str] if type(given) is list else []
        if type(family) is str:
            parts.append(family)
        return " ".join(parts) if parts else None


class Language(Codec):
    """The preferred language: a ``communication`` whose language is BCP 47 coded (when it is a
    code) and also words; from elsewhere, the preferred one, else the first not marked
    ``preferred: false``."""

    shown = "`communication.language` (BCP 47), `preferred`"

    def put(self, node: JSON, key: str, value: Any, out: Writer) -> None:
        language = text_concept(value)
        if is_code(value):
            language["coding"] = [{"system": LANGUAGE_SYSTEM, "code": value}]
        node[key] = [{"language": language, "preferred": True}]

    def get(self, node: JSON, key: str, path: str, into: PlanReader) -> Any:
        communications = into.items(node, key, path)
        preferred = [(c, p) for c, p in communications if c.get("preferred") is True]
        # One marked not preferred is a language the person may use, not the one they prefer
        # (the export writes an interpreter's language so).
        usable = [(c, p) for c, p in communications if c.get("preferred") is not False]
        for communication, where in preferred or usable[:1]:
            language = into.object(communication, "language", where)
            here = child_path(where, "language")
            code = into.coded(language, LANGUAGE_SYSTEM, here)
            if code is not None:
                return code
            if language is not None:
                return into.text(language, "text", here)
        return None


class Identifiers(Codec):
    """The person's identifiers in other systems, in the element that also holds the one in
    our system (their id), which the export writes first and the import reads apart."""

    shown = "`identifier`s (`system`, `value`) other than ours"

    @staticmethod
    def each(values: Iterable[Any]) -> list[JSON]:
        found = []
        for value in values:
            written: JSON = {}
            if value.system and not any(c.isspace() for c in value.system):
                written["system"] = value.system
            else:
                written["_system"] = {"extension": [escaped(value.system)]}
            put(written, "value", value.value)
            found.append(written)
        return found

    def put(self, node: JSON, key: str, value: Any, out: Writer) -> None:
        if value:
            node[key] = self.each(value)

    def get(self, node: JSON, key: str, path: str, into: PlanReader) -> Any:
        found = []
        for each, where in into.items(node, key, path):
            if each.get("system") == IDENTIFIER_SYSTEM:
                continue
            system = into.text(each, "system", where)
            value = into.text(each, "value", where)
            if system is not None and value is not None:
                found.append({"system": system, "value": value})
            else:  # an identifier with no system (or no value) says nothing a plan can keep
                into.not_carried(each, "system")
                into.not_carried(each, "value")
        return found or None
