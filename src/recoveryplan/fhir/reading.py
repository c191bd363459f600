"""The defensive half of reading a FHIR bundle: JSON from elsewhere, trusted in nothing.

Everything a bundle holds is checked for its JSON type before it is used, and every problem is
kept with the JSON path where it is, so that one reading reports all of them at once
(:class:`~recoveryplan.PlanFormatError`). What is readable but has no place in a plan becomes
a :class:`~recoveryplan.Finding` instead. The mappers of resources (``read_*.py``) ask this
reader for values and never index the bundle's JSON themselves.

Each resource is read as a copy made of :class:`~recoveryplan.fhir.tracked.Node` objects, which
remember what was looked at, so that what the plan does not carry can be named afterwards
(:mod:`recoveryplan.fhir.unmapped`); test for JSON objects with ``isinstance(value, dict)``.
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
from ..messages import N_, ngettext
from ..messages import gettext as _
from ..serialize import child_path
from .tracked import Node, track
from .vocabulary import IDENTIFIER_SYSTEM, TEXT

__all__ = ["CODES", "SKIP", "BundleReader", "Entry", "Skip", "describe", "url_of"]

JSON = dict[str, Any]

CODES: Final[dict[str, FindingSeverity]] = {
    "fhir.unmapped": "info",
    "fhir.assumed": "info",
    "fhir.missing": "warning",
    "fhir.cycle": "warning",
    "fhir.consent": "warning",
    "fhir.other-patient": "warning",
    "fhir.disagree": "warning",
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
_ENTRY_INDEX = re.compile(r"\$\.entry\[(\d+)\]")
_RELATIVE = re.compile(r"[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64}")
_HISTORY = re.compile(r"/_history/[^/]*$")


class Skip:
    """A value that was reported as a problem or finding and is left out."""


SKIP: Final = Skip()


@attrs.define(eq=False)
class Entry:
    """A resource of the bundle, where it is, and its place (compared by identity)."""

    resource: JSON
    path: str
    index: int
    container: Entry | None = None
    """The resource this one is contained in (``None`` for an entry of the bundle)."""


class BundleReader:
    """The entries of a bundle, and the problems and findings met while reading them."""

    def __init__(self, bundle: Any) -> None:
        self.bundle = bundle
        self.problems: list[Problem] = []
        self.findings: list[Finding] = []
        self.entries: list[Entry] = []
        self.by_url: dict[str, Entry] = {}
        self.by_id: dict[str, Entry] = {}
        self.full_urls: dict[int, str] = {}
        self.local: dict[tuple[int, str], Entry] = {}
        # JSON objects (by id) reported as left out whole, and those carried whole.
        self.left_out: set[int] = set()
        self.carried: set[int] = set()

    # -- reporting -----------------------------------------------------------------------------

    def problem(self, path: str, message: str) -> Skip:
        """Note a problem once, however many readings of the same element meet it."""
        found = Problem(path=path, message=message)
        if found not in self.problems:
            self.problems.append(found)
        return SKIP

    def finding(self, code: str, path: str, message: str) -> None:
        self.findings.append(Finding(CODES[code], code, path, message))

    def leave_out(self, node: JSON, code: str | None = None, path: str = "", why: str = "") -> None:
        """Leave a resource or element out whole (reported with ``code``, when given), so
        that its elements are not each named as not carried."""
        self.left_out.add(id(node))
        if code is not None:
            self.finding(code, path, why)

    def carry(self, node: JSON, key: str) -> None:
        """The element ``key`` is carried whole: the export wrote it from what the plan holds
        elsewhere (a summary for people, a code worked out from others)."""
        value = node.get(key)
        for item in value if isinstance(value, list) else [value]:
            self.carried.add(id(item))

    def not_carried(self, node: JSON, key: str) -> None:
        """The element ``key`` was read but the plan does not carry it: name it when the
        reading is done (:mod:`recoveryplan.fhir.unmapped`)."""
        if isinstance(node, Node):
            node.read.discard(key)

    # -- reading JSON values safely ------------------------------------------------------------

    def object(self, node: JSON, key: str, path: str) -> JSON | None:
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
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
            if isinstance(item, dict):
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
                "fhir.unmapped",
                here,
                # Translators: %(value)s is the date as the bundle gives it, quoted.
                _("%(value)s names no single day, so it was left out") % {"value": repr(value)},
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
        """Every resource of the bundle (and those contained in them) as an :class:`Entry`.

        Any kind of bundle is read: a collection, a document, a search result, a transaction or
        batch (an entry that only asks to delete or read something has no resource and is
        noted). Of two versions of one ``fullUrl`` the latest is read.
        """
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
        requests: list[str] = []
        for index, entry in enumerate(raw):
            found = self._entry(entry, index, requests)
            if found is not None:
                self._add(found, entry.get("fullUrl"))
        if requests:
            why = _("an entry with a request or response but no resource")
            if len(requests) > 1:
                # Translators: %(count)d entries were found; the path points at the first.
                why = ngettext(
                    "an entry with a request or response but no resource (%(count)d of them; "
                    "the first is here)",
                    "an entry with a request or response but no resource (%(count)d of them; "
                    "the first is here)",
                    len(requests),
                ) % {"count": len(requests)}
            self.finding("fhir.unmapped", requests[0], why)
        for entry in list(self.entries):
            self._contained(entry)
        return not self.problems

    def _entry(self, entry: Any, index: int, requests: list[str]) -> Entry | None:
        path = f"$.entry[{index}]"
        if type(entry) is not dict:
            self.problem(path, f"expected an entry object, not {describe(entry)}")
            return None
        resource = entry.get("resource")
        if resource is None and ("request" in entry or "response" in entry):
            requests.append(path)  # a read or delete in a transaction, or its answer
            return None
        if resource is None:
            self.problem(f"{path}.resource", "the entry has no resource")
            return None
        if type(resource) is not dict:
            shown = describe(resource)
            self.problem(f"{path}.resource", f"expected a resource object, not {shown}")
            return None
        if type(resource.get("resourceType")) is not str:
            self.problem(f"{path}.resource.resourceType", "every resource names its type")
            return None
        full_url = entry.get("fullUrl")
        if full_url is not None and type(full_url) is not str:
            self.problem(f"{path}.fullUrl", f"expected text, not {describe(full_url)}")
        elif full_url is not None:
            self.full_urls[index] = full_url
        return Entry(track(resource), f"{path}.resource", index)

    def _add(self, found: Entry, full_url: Any) -> None:
        """Add an entry; of two with one ``fullUrl``, keep the later version."""
        if type(full_url) is str:
            earlier = self.by_url.get(full_url)
            if earlier is not None:
                newer = _latest(earlier, found)
                if newer is None:
                    self.problem(
                        f"$.entry[{found.index}].fullUrl",
                        "another entry has the same fullUrl (two versions of a resource need "
                        "different meta.versionId)",
                    )
                    return
                older = found if newer is earlier else earlier
                self.finding(
                    "fhir.unmapped",
                    older.path,
                    # Translators: %(url)s is the resource's full URL; %(path)s a path.
                    _("an older version of %(url)s was left out; the version at %(path)s was read")
                    % {"url": full_url, "path": newer.path},
                )
                if newer is earlier:
                    return
                self.entries.remove(earlier)
                self.by_id = {k: v for k, v in self.by_id.items() if v is not earlier}
            self.by_url[_unversioned(full_url)] = found
        self.entries.append(found)
        resource_id = found.resource.get("id")
        if type(resource_id) is str:
            self.by_id.setdefault(f"{found.resource['resourceType']}/{resource_id}", found)

    def _contained(self, entry: Entry) -> None:
        """The resources contained in ``entry``, found by ``#id`` from within it."""
        for inner, where in self.items(entry.resource, "contained", entry.path):
            inner_id = inner.get("id")
            if type(inner.get("resourceType")) is not str or type(inner_id) is not str:
                self.problem(where, "a contained resource names its resourceType and id")
                continue
            if (entry.index, "#" + inner_id) in self.local:
                self.problem(child_path(where, "id"), "another contained resource has this id")
                continue
            found = Entry(inner, where, -1 - len(self.local), container=entry)
            self.local[(entry.index, "#" + inner_id)] = found
            self.entries.append(found)

    def resolve(self, reference: JSON, path: str) -> Entry | str | None:
        """The entry a reference points to, or the id of a logical (identifier) reference.

        A reference to something that is not in the bundle (on another server, a search, an
        entry left out) is noted and gives ``None``; it is never matched to a resource here
        that merely has the same type and id.
        """
        target = reference.get("reference")
        if target is not None:
            here = child_path(path, "reference")
            if type(target) is not str:
                self.problem(here, f"expected text, not {describe(target)}")
                return None
            found, why = self._find(target, path)
            if found is None:
                self.finding("fhir.unmapped", here, _(why) % {"target": repr(target)})
            return found
        logical = self.object(reference, "identifier", path)
        if logical is not None and logical.get("system") == IDENTIFIER_SYSTEM:
            return self.text(logical, "value", child_path(path, "identifier"))
        if logical is not None:
            self.finding(
                "fhir.unmapped",
                path,
                _("a reference by an identifier from elsewhere; not followed"),
            )
            return None
        self.problem(path, "a reference needs a 'reference' to an entry of the bundle")
        return None

    def locate(self, target: str, path: str) -> Entry | None:
        """The entry a reference's text names, if the bundle holds it, saying nothing when it
        does not (the consent rule and the subject check take "not here" as "not the one").

        ``path`` is where the reference is (a contained reference is local to its entry).
        """
        return self._find(target, path)[0]

    def _find(self, target: str, path: str) -> tuple[Entry | None, str]:
        """The entry ``target`` names, or ``None`` and the message saying why not (with
        ``%(target)s`` for the reference, translated where it is used)."""
        at = _ENTRY_INDEX.match(path)
        index = int(at[1]) if at else -1
        if target.startswith("#"):
            if target == "#":
                container = next((e for e in self.entries if e.index == index), None)
                return container, N_("%(target)s names no resource; it was not followed")
            return self.local.get((index, target)), N_(
                "%(target)s is contained in no resource here; it was not followed"
            )
        if "?" in target:
            return None, N_(
                "%(target)s is a search (a conditional reference) that only a server can run; "
                "it was not followed"
            )
        plain = _unversioned(target)
        if plain in self.by_url:
            return self.by_url[plain], ""
        relative = _RELATIVE.fullmatch(plain)
        if relative is None:
            return None, N_(
                "%(target)s is not in the bundle (a resource elsewhere); it was not followed"
            )
        base = _base_of(self.full_urls.get(index))
        if base is not None and base + plain in self.by_url:
            return self.by_url[base + plain], ""
        found = self.by_id.get(plain)
        if found is not None and (
            base is None or _base_of(self.full_urls.get(found.index)) in (None, base)
        ):
            return found, ""
        return None, N_("%(target)s is not in the bundle; it was not followed")

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


def _unversioned(url: str) -> str:
    return _HISTORY.sub("", url)


def _base_of(full_url: str | None) -> str | None:
    """The server base of an entry's ``fullUrl`` (``http://x/fhir/`` of ``…/Goal/g1``)."""
    if full_url is None or not full_url.startswith(("http://", "https://")):
        return None
    found = re.fullmatch(r"(.*/)[A-Z][A-Za-z]+/[A-Za-z0-9\-.]{1,64}", _unversioned(full_url))
    return found[1] if found else None


def _latest(first: Entry, second: Entry) -> Entry | None:
    """The later of two versions of a resource, or ``None`` when they are not versions."""
    one, two = _version(first.resource), _version(second.resource)
    if one is None or two is None or one == two:
        return None
    if one[0].isdigit() and two[0].isdigit():
        return first if int(one[0]) > int(two[0]) else second
    if one[1] and two[1] and one[1] != two[1]:
        return first if one[1] > two[1] else second
    return second


def _version(resource: JSON) -> tuple[str, str] | None:
    """A resource's ``meta.versionId`` and ``meta.lastUpdated`` (``None``: no version)."""
    meta = resource.get("meta")
    if not isinstance(meta, dict) or type(meta.get("versionId")) is not str:
        return None
    updated = meta.get("lastUpdated")
    return meta["versionId"], updated if type(updated) is str else ""


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
