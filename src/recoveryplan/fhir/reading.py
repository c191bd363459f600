"""The defensive half of reading a FHIR bundle: JSON from elsewhere, trusted in nothing.

Everything a bundle holds is checked for its JSON type before it is used, and every problem is
kept with the JSON path where it is, so that one reading reports all of them at once
(:class:`~recoveryplan.PlanFormatError`). What is readable but has no place in a plan becomes
a :class:`~recoveryplan.Finding` instead. The mappers of resources (``read_*.py``) ask this
reader for values and never index the bundle's JSON themselves.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, Final

import attrs

from .._values import Invalid, check_text
from ..errors import Problem
from ..findings import Finding, FindingSeverity
from ..serialize import child_path
from .vocabulary import IDENTIFIER_SYSTEM, TEXT

__all__ = ["CODES", "SKIP", "BundleReader", "Entry", "Skip", "describe", "url_of"]

JSON = dict[str, Any]

CODES: Final[dict[str, FindingSeverity]] = {
    "fhir.unmapped": "info",
    "fhir.assumed": "info",
    "fhir.missing": "warning",
    "fhir.consent": "warning",
    "fhir.other-patient": "warning",
}
"""The findings ``from_fhir`` reports, with their severity (documented in docs/fhir.md)."""

_YEAR = r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
_DAY = rf"{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])"
_TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"
_ZONE = r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
DATE_TIME: Final = re.compile(rf"{_DAY}(T{_TIME}{_ZONE})?")
"""A FHIR ``date`` naming one day, or a ``dateTime`` with its time and zone (R4's own regex)."""
PARTIAL_DATE: Final = re.compile(rf"{_YEAR}(-(0[1-9]|1[0-2]))?")
"""A FHIR ``date`` that names a year or a month, not a day."""
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_RELATIVE = re.compile(r"([A-Za-z]+/[A-Za-z0-9\-.]{1,64})(/_history/[A-Za-z0-9\-.]{1,64})?")
_HISTORY = re.compile(r"/_history/[A-Za-z0-9\-.]{1,64}$")


class Skip:
    """A value that was reported as a problem or finding and is left out."""


SKIP: Final = Skip()


@attrs.define(eq=False)
class Entry:
    """A resource of the bundle, where it is, and its place (compared by identity)."""

    resource: JSON
    path: str
    index: int


class BundleReader:
    """The entries of a bundle, and the problems and findings met while reading them."""

    def __init__(self, bundle: Any) -> None:
        self.bundle = bundle
        self.problems: list[Problem] = []
        self.findings: list[Finding] = []
        self.entries: list[Entry] = []
        self.by_url: dict[str, Entry] = {}

    # -- reporting -----------------------------------------------------------------------------

    def problem(self, path: str, message: str) -> Skip:
        self.problems.append(Problem(path=path, message=message))
        return SKIP

    def finding(self, code: str, path: str, message: str) -> None:
        self.findings.append(Finding(CODES[code], code, path, message))

    # -- reading JSON values safely ------------------------------------------------------------

    def object(self, node: JSON, key: str, path: str) -> JSON | None:
        value = node.get(key)
        if value is None:
            return None
        if type(value) is not dict:
            self.problem(child_path(path, key), f"expected an object, not {describe(value)}")
            return None
        return value

    def items(self, node: JSON, key: str, path: str) -> list[tuple[JSON, str]]:
        """The objects in the list ``node[key]``, each with its path."""
        value = node.get(key)
        if value is None:
            return []
        here = child_path(path, key)
        if type(value) is not list:
            self.problem(here, f"expected a list, not {describe(value)}")
            return []
        found = []
        for index, item in enumerate(value):
            if type(item) is dict:
                found.append((item, child_path(here, index)))
            else:
                self.problem(child_path(here, index), f"expected an object, not {describe(item)}")
        return found

    def first(self, node: JSON, key: str, path: str) -> tuple[JSON, str] | None:
        found = self.items(node, key, path)
        return found[0] if found else None

    def text(self, node: JSON, key: str, path: str) -> str | None:
        """A string element, or the exact text our export put in its ``_key`` extension."""
        value = node.get(key)
        if value is not None:
            return self.plan_text(value, child_path(path, key))
        under = self.object(node, "_" + key, path)
        if under is None:
            return None
        for extension, where in self.items(under, "extension", child_path(path, "_" + key)):
            if extension.get("url") == TEXT:
                return self.escaped(extension, where)
        return None

    def plan_text(self, value: Any, path: str) -> str | None:
        """Text a plan can hold (no control characters), else a problem where it is."""
        if type(value) is not str:
            self.problem(path, f"expected text, not {describe(value)}")
            return None
        try:
            return check_text(value)
        except Invalid as error:
            self.problem(path, str(error))
            return None

    def escaped(self, extension: JSON, path: str) -> str | None:
        literal = extension.get("valueString")
        here = child_path(path, "valueString")
        if type(literal) is not str:
            self.problem(here, "the text extension needs a valueString holding a JSON string")
            return None
        try:
            value = json.loads(literal)
        except ValueError:
            value = None
        if type(value) is not str:
            self.problem(here, "the text extension's valueString is not a JSON string literal")
            return None
        return self.plan_text(value, here)

    def code(self, node: JSON, key: str, path: str) -> str | None:
        value = node.get(key)
        if value is None or type(value) is str:
            return value
        self.problem(child_path(path, key), f"expected a code, not {describe(value)}")
        return None

    def day(self, node: JSON, key: str, path: str) -> str | None:
        """A FHIR date or dateTime as the day it names; a partial date is left out."""
        value = node.get(key)
        if value is None:
            return None
        here = child_path(path, key)
        if type(value) is not str:
            self.problem(here, f"expected a date as text, not {describe(value)}")
            return None
        if DATE_TIME.fullmatch(value):
            head = value[:10]
            try:
                date.fromisoformat(head)
                return head
            except ValueError:
                pass
            self._bad_date(here, value)
            return None
        if PARTIAL_DATE.fullmatch(value):
            self.finding(
                "fhir.unmapped", here, f"{value!r} names no single day, so it was left out"
            )
            return None
        self._bad_date(here, value)
        return None

    def _bad_date(self, path: str, value: str) -> None:
        if "T" not in value:
            self.problem(path, f"{value!r} is not a FHIR date (YYYY-MM-DD)")
            return
        self.problem(
            path,
            f"{value!r} is not a FHIR dateTime (YYYY-MM-DDThh:mm:ss and a time zone, such as "
            "2026-03-02T10:30:00Z)",
        )

    def codings(self, concept: JSON | None, path: str) -> list[tuple[str, str]]:
        """``(system, code)`` of each coding of a CodeableConcept (with escaped codes).

        A coding without a system has ``""`` as its system.
        """
        if concept is None:
            return []
        found = []
        for coding, where in self.items(concept, "coding", path):
            system = coding.get("system", "")
            code = self.text(coding, "code", where)
            if type(system) is not str:
                self.problem(child_path(where, "system"), f"expected a URI, not {describe(system)}")
            elif code is not None:
                found.append((system, code))
        return found

    def coded(self, concept: JSON | None, system: str, path: str) -> str | None:
        for found_system, code in self.codings(concept, path):
            if found_system == system:
                return code
        return None

    # -- the bundle and its references ---------------------------------------------------------

    def read_entries(self) -> bool:
        bundle = self.bundle
        if type(bundle) is not dict:
            self.problem("$", f"a FHIR bundle is a JSON object {{...}}, not {describe(bundle)}")
            return False
        kind = bundle.get("resourceType")
        if kind != "Bundle":
            shown = f"{kind!r}" if type(kind) is str else describe(kind)
            self.problem("$.resourceType", f"expected 'Bundle', not {shown}")
            return False
        raw = bundle.get("entry", [])
        if type(raw) is not list:
            self.problem("$.entry", f"expected a list of entries, not {describe(raw)}")
            return False
        for index, entry in enumerate(raw):
            path = f"$.entry[{index}]"
            if type(entry) is not dict:
                self.problem(path, f"expected an entry object, not {describe(entry)}")
                continue
            resource = entry.get("resource")
            if type(resource) is not dict:
                what = "has no resource" if resource is None else "has a resource that is not"
                self.problem(f"{path}.resource", f"the entry {what} an object")
                continue
            kind = resource.get("resourceType")
            if type(kind) is not str:
                self.problem(f"{path}.resource.resourceType", "every resource names its type")
                continue
            found = Entry(resource, f"{path}.resource", index)
            self.entries.append(found)
            full_url = entry.get("fullUrl")
            if full_url is not None:
                if type(full_url) is not str:
                    self.problem(f"{path}.fullUrl", f"expected text, not {describe(full_url)}")
                elif full_url in self.by_url:
                    self.problem(f"{path}.fullUrl", "another entry has the same fullUrl")
                else:
                    self.by_url[full_url] = found
            resource_id = resource.get("id")
            if type(resource_id) is str:
                self.by_url.setdefault(f"{kind}/{resource_id}", found)
        return not self.problems

    def resolve(self, reference: JSON, path: str) -> Entry | str | None:
        """The entry a reference points to, or the id of a logical (identifier) reference."""
        target = reference.get("reference")
        if target is not None:
            here = child_path(path, "reference")
            if type(target) is not str:
                self.problem(here, f"expected text, not {describe(target)}")
                return None
            found = self.locate(target)
            if found is None:
                self.problem(here, f"{target!r} resolves to no entry in the bundle")
            return found
        logical = self.object(reference, "identifier", path)
        if logical is not None and logical.get("system") == IDENTIFIER_SYSTEM:
            return self.text(logical, "value", child_path(path, "identifier"))
        self.problem(path, "a reference needs a 'reference' to an entry of the bundle")
        return None

    def locate(self, target: str) -> Entry | None:
        """The entry a reference's text names, if the bundle holds it.

        An absolute reference (``http://other.example/fhir/RelatedPerson/r1``) names only the
        entry with that ``fullUrl``: a resource on another server is never taken for a local
        one that happens to have the same id. A relative one (``RelatedPerson/r1``) names the
        entry of that type and id.
        """
        found = self.by_url.get(target)
        if found is not None:
            return found
        if _ABSOLUTE.match(target):
            return self.by_url.get(_HISTORY.sub("", target))
        relative = _RELATIVE.fullmatch(target)
        return self.by_url.get(relative[1]) if relative else None

    # -- our extensions ------------------------------------------------------------------------

    def extensions(self, node: JSON, path: str, url: str) -> list[tuple[JSON, str]]:
        return [(e, p) for e, p in self.items(node, "extension", path) if e.get("url") == url]

    def extension_text(self, node: JSON, path: str, url: str) -> str | None:
        for extension, where in self.extensions(node, path, url):
            return self.extension_value_text(extension, where)
        return None

    def extension_value_text(self, extension: JSON, path: str) -> str | None:
        if "valueString" in extension:
            return self.text(extension, "valueString", path)
        for inner, where in self.extensions(extension, path, TEXT):
            return self.escaped(inner, where)
        self.problem(path, "expected a valueString")
        return None


def url_of(extension: JSON) -> str | None:
    """An extension's url, when it is text (``unread`` reports it when it is not)."""
    url = extension.get("url")
    return url if type(url) is str else None


def describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
