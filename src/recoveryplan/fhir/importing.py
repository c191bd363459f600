"""A FHIR R4 ``Bundle`` read back into a plan.

The bundle is turned into a ``recoveryplan/1`` document and handed to
:func:`~recoveryplan.serialize.from_data`, so a plan that arrives as FHIR is checked exactly as
one loaded from a file. A bundle this library exported comes back equal to the plan it was
made from. A bundle from another system gives whatever a plan can hold of it, and a
:class:`~recoveryplan.Finding` for each thing that could not be mapped or had to be assumed:

- ``fhir.unmapped`` (info): something in the bundle that a plan has no place for was left out;
- ``fhir.assumed`` (info): a value a plan needs was taken from a near standard element;
- ``fhir.missing`` (warning): something a plan needs was not in the bundle at all.

A bundle that is not well formed (not an object, not a ``Bundle``, an entry without a resource,
a reference to nothing in the bundle, a value of the wrong type) raises
:class:`~recoveryplan.PlanFormatError` with the JSON path of each problem in the bundle.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from typing import Any, Final

import attrs

from .._base import Enumeration
from .._fields import MAX_GOAL_DEPTH
from .._frozen import freeze_json
from .._values import Invalid, check_text
from ..errors import PlanFormatError, Problem
from ..findings import Finding, FindingSeverity
from ..goals import Goal, Outcome, Status
from ..people import Person, Role, Service
from ..plan import FORMAT, Plan
from ..risk import Concern, RiskPlan
from ..safety import SafetyPlan
from ..serialize import child_path, from_data
from .codes import (
    ACHIEVEMENT_SYSTEM,
    CARE_PLAN_KIND_SYSTEM,
    CIRCLE_ROLE_SYSTEM,
    GOAL_RELATIONSHIP,
    IDENTIFIER_SYSTEM,
    LANGUAGE_SYSTEM,
    LIKELIHOOD_FALLBACK,
    PROBABILITY_SYSTEM,
    RELATIONSHIP_CODES,
    RISK_PLAN_EXTENSIONS,
    SAFETY_STEP_SYSTEM,
    SECTION_SYSTEM,
    TEXT,
    extension_url,
    framework_of,
    status_of,
)
from .fields import field_extensions

__all__ = ["CODES", "from_fhir"]

JSON = dict[str, Any]

CODES: Final[dict[str, FindingSeverity]] = {
    "fhir.unmapped": "info",
    "fhir.assumed": "info",
    "fhir.missing": "warning",
}
"""The findings ``from_fhir`` reports, with their severity (documented in docs/fhir.md)."""

DEFAULT_FRAMEWORK: Final = "chime"
TOO_DEEP: Final = (
    f"small goals are nested more than {MAX_GOAL_DEPTH} levels deep under an outcome (milestones "
    "within milestones), the most a plan holds"
)
_HANDLED: Final = frozenset(
    {
        "Patient",
        "Organization",
        "RelatedPerson",
        "Practitioner",
        "CareTeam",
        "CarePlan",
        "Goal",
        "RiskAssessment",
        "Observation",
        "Consent",
    }
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def from_fhir(bundle: Any, *, source: str | None = None) -> tuple[Plan, list[Finding]]:
    """The plan a FHIR R4 ``Bundle`` (parsed JSON) holds, and what could not be mapped from it.

    ``source`` names the bundle in error messages (a file name, say).
    """
    where = source if source is not None else "the FHIR bundle"
    reading = _Import(bundle)
    try:
        document = reading.document()
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=TOO_DEEP)], where) from None
    if reading.problems:
        raise PlanFormatError(reading.problems, where)
    plan = from_data(document, source=f"{where} (the plan read from it)")
    return plan, reading.findings


class _Skip:
    """A value that was reported as a problem or finding and is left out."""


SKIP: Final = _Skip()


@attrs.define(eq=False)
class _Entry:
    """A resource of the bundle, where it is, and its place (compared by identity)."""

    resource: JSON
    path: str
    index: int


class _Import:
    """One reading of a bundle: the problems that make it unreadable, and the findings."""

    def __init__(self, bundle: Any) -> None:
        self.bundle = bundle
        self.problems: list[Problem] = []
        self.findings: list[Finding] = []
        self.entries: list[_Entry] = []
        self.by_url: dict[str, _Entry] = {}
        self.member_ids: dict[int, str] = {}
        self.goal_ids: dict[int, str] = {}
        # Words that mean someone everywhere in a plan are never given as ids to parts.
        self.taken: set[str] = {"person", "service", "staff"}
        self.patient: _Entry | None = None
        self.service: _Entry | None = None

    # -- reporting -----------------------------------------------------------------------------

    def problem(self, path: str, message: str) -> _Skip:
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
            self.problem(child_path(path, key), f"expected an object, not {_describe(value)}")
            return None
        return value

    def items(self, node: JSON, key: str, path: str) -> list[tuple[JSON, str]]:
        """The objects in the list ``node[key]``, each with its path."""
        value = node.get(key)
        if value is None:
            return []
        here = child_path(path, key)
        if type(value) is not list:
            self.problem(here, f"expected a list, not {_describe(value)}")
            return []
        found = []
        for index, item in enumerate(value):
            if type(item) is dict:
                found.append((item, child_path(here, index)))
            else:
                self.problem(child_path(here, index), f"expected an object, not {_describe(item)}")
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
            self.problem(path, f"expected text, not {_describe(value)}")
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
        self.problem(child_path(path, key), f"expected a code, not {_describe(value)}")
        return None

    def day(self, node: JSON, key: str, path: str) -> str | None:
        """A FHIR date or dateTime as the day it names; a partial date is left out."""
        value = node.get(key)
        if value is None:
            return None
        here = child_path(path, key)
        if type(value) is not str:
            self.problem(here, f"expected a date as text, not {_describe(value)}")
            return None
        head = value[:10]
        if _DATE.fullmatch(head) and (len(value) == 10 or value[10] == "T"):
            try:
                date.fromisoformat(head)
                return head
            except ValueError:
                pass
            self._bad_date(here, value)
            return None
        if re.fullmatch(r"\d{4}(-\d{2})?", value):
            self.finding(
                "fhir.unmapped", here, f"{value!r} names no single day, so it was left out"
            )
            return None
        self._bad_date(here, value)
        return None

    def _bad_date(self, path: str, value: str) -> None:
        self.problem(path, f"{value!r} is not a FHIR date (YYYY-MM-DD)")

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
                self.problem(
                    child_path(where, "system"), f"expected a URI, not {_describe(system)}"
                )
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
            self.problem("$", f"a FHIR bundle is a JSON object {{...}}, not {_describe(bundle)}")
            return False
        kind = bundle.get("resourceType")
        if kind != "Bundle":
            shown = f"{kind!r}" if type(kind) is str else _describe(kind)
            self.problem("$.resourceType", f"expected 'Bundle', not {shown}")
            return False
        raw = bundle.get("entry", [])
        if type(raw) is not list:
            self.problem("$.entry", f"expected a list of entries, not {_describe(raw)}")
            return False
        for index, entry in enumerate(raw):
            path = f"$.entry[{index}]"
            if type(entry) is not dict:
                self.problem(path, f"expected an entry object, not {_describe(entry)}")
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
            found = _Entry(resource, f"{path}.resource", index)
            self.entries.append(found)
            full_url = entry.get("fullUrl")
            if full_url is not None:
                if type(full_url) is not str:
                    self.problem(f"{path}.fullUrl", f"expected text, not {_describe(full_url)}")
                elif full_url in self.by_url:
                    self.problem(f"{path}.fullUrl", "another entry has the same fullUrl")
                else:
                    self.by_url[full_url] = found
            resource_id = resource.get("id")
            if type(resource_id) is str:
                self.by_url.setdefault(f"{kind}/{resource_id}", found)
        return not self.problems

    def resolve(self, reference: JSON, path: str) -> _Entry | str | None:
        """The entry a reference points to, or the id of a logical (identifier) reference."""
        target = reference.get("reference")
        if target is not None:
            here = child_path(path, "reference")
            if type(target) is not str:
                self.problem(here, f"expected text, not {_describe(target)}")
                return None
            found = self.by_url.get(target)
            if found is None:
                tail = re.search(r"([A-Za-z]+/[A-Za-z0-9\-.]{1,64})(/_history/.*)?$", target)
                found = self.by_url.get(tail[1]) if tail else None
            if found is None:
                self.problem(here, f"{target!r} resolves to no entry in the bundle")
            return found
        logical = self.object(reference, "identifier", path)
        if logical is not None and logical.get("system") == IDENTIFIER_SYSTEM:
            return self.text(logical, "value", child_path(path, "identifier"))
        self.problem(path, "a reference needs a 'reference' to an entry of the bundle")
        return None

    def person(self, reference: JSON, path: str) -> str | None:
        """The person reference a FHIR reference stands for (``None`` if it cannot say)."""
        found = self.resolve(reference, path)
        if found is None or isinstance(found, str):
            return found
        kind = found.resource["resourceType"]
        if found is self.patient:
            return "person"
        if kind in ("Organization", "CareTeam"):
            return "service"
        member = self.member_ids.get(found.index)
        if member is not None:
            return member
        self.finding(
            "fhir.unmapped", path, f"a {kind} is neither the person, the service nor in the circle"
        )
        return None

    def goal_id(self, reference: JSON, path: str) -> str | None:
        found = self.resolve(reference, path)
        if found is None or isinstance(found, str):
            return found
        if found.index in self.goal_ids:
            return self.goal_ids[found.index]
        self.problem(
            path, f"expected a reference to a Goal, not a {found.resource['resourceType']}"
        )
        return None

    def our_id(self, resource: JSON, path: str) -> str | None:
        for found, where in self.items(resource, "identifier", path):
            if found.get("system") == IDENTIFIER_SYSTEM:
                return self.text(found, "value", where)
        return None

    def fresh_id(self, preferred: Any, stem: str) -> str:
        """An id for a part from elsewhere: ``preferred`` (a resource's id) when it is free
        text, else ``stem``, with a number added while another part has it."""
        candidate = preferred if type(preferred) is str and preferred else stem
        found, number = candidate, 1
        while found in self.taken:
            number += 1
            found = f"{candidate}-{number}"
        self.taken.add(found)
        return found

    def id_of(self, entry: _Entry, stem: str) -> str:
        ours = self.our_id(entry.resource, entry.path)
        return ours if ours is not None else self.fresh_id(entry.resource.get("id"), stem)

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

    def fields(
        self,
        extensions: list[tuple[JSON, str]],
        cls: type,
        names: Iterable[str] | None,
        *,
        top: bool,
        path: str,
    ) -> dict[str, Any]:
        """The JSON of some fields of a part of the plan, from the extensions export wrote."""
        data: dict[str, Any] = {}
        known: set[str] = set()
        for field in field_extensions(cls, names, top=top):
            known.add(field.url)
            values = []
            present = False
            for extension, where in extensions:
                if extension.get("url") == field.url:
                    present = True
                    value = self.value(extension, where, field.kind, field.person)
                    if value is not SKIP:
                        values.append((value, where))
            if field.many:
                if values:
                    data[field.key] = [value for value, _ in values]
            elif values:
                data[field.key] = values[0][0]
                for _, where in values[1:]:
                    self.problem(where, f"{field.key!r} appears more than once")
            elif field.required and not top and not present:
                self.problem(path, f"the part {field.key!r} is required here but is missing")
        if not top:
            for extension, where in extensions:
                part = _url(extension)
                if part not in known:
                    self.problem(child_path(where, "url"), f"{part!r} is not a part of this")
        return data

    def value(self, extension: JSON, path: str, kind: Any, person: bool) -> Any:
        if attrs.has(kind):
            if extension.get("valueBoolean") is True and "extension" not in extension:
                return {}
            inner = self.items(extension, "extension", path)
            return self.fields(inner, kind, None, top=False, path=path)
        if kind is bool:
            found = extension.get("valueBoolean")
            if type(found) is bool:
                return found
            return self.problem(path, "expected a valueBoolean")
        if kind is date:
            if "valueDate" not in extension:
                return self.problem(path, "expected a valueDate")
            day = self.day(extension, "valueDate", path)
            return SKIP if day is None else day
        if isinstance(kind, type) and issubclass(kind, Enumeration):
            code = extension.get("valueCode")
            if type(code) is str and code in kind.values():
                return code
            allowed = ", ".join(kind.values())
            return self.problem(child_path(path, "valueCode"), f"expected one of: {allowed}")
        if person:
            reference = self.object(extension, "valueReference", path)
            if reference is None:
                return self.problem(path, "expected a valueReference")
            ref = self.person(reference, child_path(path, "valueReference"))
            return SKIP if ref is None else ref
        text = self.extension_value_text(extension, path)
        return SKIP if text is None else text

    def unread(self, resource: JSON, path: str, read: Iterable[str]) -> None:
        """Note the extensions of a resource that nothing here reads."""
        known = {*read, GOAL_RELATIONSHIP}
        for extension, where in self.items(resource, "extension", path):
            url = extension.get("url")
            if type(url) is not str:
                self.problem(child_path(where, "url"), "every extension has a url")
            elif url not in known:
                self.finding("fhir.unmapped", where, f"the extension {url} was left out")

    # -- the document --------------------------------------------------------------------------

    def document(self) -> JSON:
        if not self.read_entries():
            return {}
        for entry in self.entries:
            for found, where in self.items(entry.resource, "identifier", entry.path):
                if found.get("system") == IDENTIFIER_SYSTEM:
                    value = self.text(found, "value", where)
                    if value is not None:
                        self.taken.add(value)
        kinds: dict[str, list[_Entry]] = {}
        for entry in self.entries:
            kinds.setdefault(entry.resource["resourceType"], []).append(entry)
            if entry.resource["resourceType"] not in _HANDLED:
                self.finding(
                    "fhir.unmapped",
                    entry.path,
                    f"a {entry.resource['resourceType']} has no place in a plan and was left out",
                )
        care_plans = kinds.get("CarePlan", [])
        safety = [e for e in care_plans if self._kind(e) == "safety-plan"]
        mains = [e for e in care_plans if e not in safety]
        main = mains[0] if mains else None
        for extra in mains[1:]:
            self.finding("fhir.unmapped", extra.path, "only the first care plan was read")
        for extra in safety[1:]:
            self.finding("fhir.unmapped", extra.path, "only the first safety plan was read")
        self.patient = self._patient(kinds.get("Patient", []), main)
        if self.patient is None:
            return {}
        self.service = self._service(kinds.get("Organization", []), main)
        document: JSON = {"format": FORMAT}
        document["id"] = self._plan_id(main)
        document["framework"] = self._framework(main, kinds)
        document["person"] = self._person(self.patient)
        if self.service is not None:
            service = self._service_data(self.service)
            if service is not None:
                document["service"] = service
        if main is not None:
            created = self.day(main.resource, "created", main.path)
            if created is None:
                period = self.object(main.resource, "period", main.path)
                if period is not None:
                    created = self.day(period, "start", child_path(main.path, "period"))
            if created is not None:
                document["created_on"] = created
            document.update(
                self.fields(
                    self.items(main.resource, "extension", main.path),
                    Plan,
                    ["next_review_on"],
                    top=True,
                    path=main.path,
                )
            )
        circle = self._circle(kinds, main)
        if circle:
            document["circle"] = circle
        if main is not None:
            main_extensions = self.items(main.resource, "extension", main.path)
            document.update(
                self.fields(main_extensions, Plan, ["assessment"], top=True, path=main.path)
            )
        outcomes = self._outcomes(kinds.get("Goal", []), main)
        if outcomes:
            document["outcomes"] = outcomes
        ratings = [r for e in kinds.get("Observation", []) if (r := self._rating(e)) is not None]
        if ratings:
            document["ratings"] = ratings
        risks = [self._risk_plan(e) for e in kinds.get("RiskAssessment", [])]
        if risks:
            document["risk_plans"] = risks
        if safety:
            document["safety_plan"] = self._safety_plan(safety[0])
        if main is not None:
            self._reviews_and_extensions(main, document)
        sharing = [s for e in kinds.get("Consent", []) if (s := self._consent(e)) is not None]
        if sharing:
            document["sharing"] = sharing
        return document

    def _kind(self, entry: _Entry) -> str | None:
        for concept, where in self.items(entry.resource, "category", entry.path):
            code = self.coded(concept, CARE_PLAN_KIND_SYSTEM, where)
            if code is not None:
                return code
        return None

    def _patient(self, patients: list[_Entry], main: _Entry | None) -> _Entry | None:
        if not patients:
            self.problem("$.entry", "the bundle has no Patient; a plan is one person's plan")
            return None
        chosen = patients[0]
        if main is not None:
            subject = self.object(main.resource, "subject", main.path)
            if subject is not None:
                found = self.resolve(subject, child_path(main.path, "subject"))
                if isinstance(found, _Entry) and found in patients:
                    chosen = found
        for other in patients:
            if other is not chosen:
                self.finding("fhir.unmapped", other.path, "a second Patient was left out")
        return chosen

    def _service(self, organisations: list[_Entry], main: _Entry | None) -> _Entry | None:
        for entry in organisations:
            if self.our_id(entry.resource, entry.path) == "service":
                return entry
        if main is not None:
            author = self.object(main.resource, "author", main.path)
            if author is not None:
                found = self.resolve(author, child_path(main.path, "author"))
                if isinstance(found, _Entry) and found.resource["resourceType"] == "Organization":
                    return found
        return organisations[0] if organisations else None

    def _service_data(self, entry: _Entry) -> JSON | None:
        name = self.text(entry.resource, "name", entry.path)
        self.unread(entry.resource, entry.path, [extension_url("organisation")])
        if name is None:
            return None
        extensions = self.items(entry.resource, "extension", entry.path)
        data: JSON = {"name": name}
        data.update(self.fields(extensions, Service, ["organisation"], top=True, path=entry.path))
        return data

    def _plan_id(self, main: _Entry | None) -> str:
        if main is not None:
            ours = self.our_id(main.resource, main.path)
            if ours is not None:
                return ours
            resource_id = main.resource.get("id")
            if type(resource_id) is str and resource_id:
                return resource_id
        bundle_id = self.bundle.get("id")
        if type(bundle_id) is str and bundle_id:
            return bundle_id
        self.finding("fhir.missing", "$.id", "the bundle gives the plan no id; 'plan' was used")
        return "plan"

    def _framework(self, main: _Entry | None, kinds: dict[str, list[_Entry]]) -> str:
        if main is not None:
            named = self.extension_text(main.resource, main.path, extension_url("framework"))
            if named is not None:
                return named
        for entry in kinds.get("Observation", []):
            for system, _ in self.codings(self.object(entry.resource, "code", entry.path), ""):
                framework = framework_of(system)
                if framework is not None:
                    return framework
        self.finding(
            "fhir.missing",
            main.path if main is not None else "$",
            f"the bundle names no outcomes framework; {DEFAULT_FRAMEWORK!r} was assumed",
        )
        return DEFAULT_FRAMEWORK

    def _person(self, entry: _Entry) -> JSON:
        resource, path = entry.resource, entry.path
        self.unread(resource, path, [extension_url("pronouns"), extension_url("communication")])
        data: JSON = {"id": self.id_of(entry, "person")}
        names = self.items(resource, "name", path)
        official = [(n, p) for n, p in names if n.get("use") == "official"] or names[:1]
        usual = [(n, p) for n, p in names if n.get("use") == "usual" and (n, p) not in official]
        name = self._name(*official[0]) if official else None
        if name is None:
            self.finding("fhir.missing", path, "the Patient has no name; it was left empty")
        data["name"] = name or ""
        if usual:
            preferred = self._name(*usual[0])
            if preferred is not None:
                data["preferred_name"] = preferred
        extensions = self.items(resource, "extension", path)
        pronouns = self.fields(extensions, Person, ["pronouns"], top=True, path=path)
        data.update(pronouns)
        birth = self.day(resource, "birthDate", path)
        if birth is not None:
            data["date_of_birth"] = birth
        language = self._language(resource, path)
        if language is not None:
            data["language"] = language
        data.update(self.fields(extensions, Person, ["communication"], top=True, path=path))
        return data

    def _name(self, name: JSON, path: str) -> str | None:
        text = self.text(name, "text", path)
        if text is not None:
            return text
        given = name.get("given", [])
        family = name.get("family")
        parts = [part for part in given if type(part) is str] if type(given) is list else []
        if type(family) is str:
            parts.append(family)
        return " ".join(parts) if parts else None

    def _language(self, resource: JSON, path: str) -> str | None:
        communications = self.items(resource, "communication", path)
        preferred = [(c, p) for c, p in communications if c.get("preferred") is True]
        for communication, where in preferred or communications[:1]:
            language = self.object(communication, "language", where)
            here = child_path(where, "language")
            code = self.coded(language, LANGUAGE_SYSTEM, here)
            if code is not None:
                return code
            if language is not None:
                return self.text(language, "text", here)
        return None

    # -- the circle ----------------------------------------------------------------------------

    def _circle(self, kinds: dict[str, list[_Entry]], main: _Entry | None) -> list[JSON]:
        team = self._care_team(kinds.get("CareTeam", []), main)
        circle: list[JSON] = []
        seen: set[int] = set()
        if team is not None:
            for participant, where in self.items(team.resource, "participant", team.path):
                member = self.object(participant, "member", where)
                if member is None:
                    continue
                found = self.resolve(member, child_path(where, "member"))
                if not isinstance(found, _Entry):
                    continue
                if found.resource["resourceType"] not in ("RelatedPerson", "Practitioner"):
                    if found is not self.patient and found is not self.service:
                        self.finding(
                            "fhir.unmapped", where, "only people can be in the circle of support"
                        )
                    continue
                if found.index in seen:
                    continue
                seen.add(found.index)
                role = self.first(participant, "role", where)
                circle.append(self._member(found, role))
        for kind in ("RelatedPerson", "Practitioner"):
            for entry in kinds.get(kind, []):
                if entry.index not in seen:
                    seen.add(entry.index)
                    circle.append(self._member(entry, None))
        return circle

    def _care_team(self, teams: list[_Entry], main: _Entry | None) -> _Entry | None:
        if main is not None:
            for reference, where in self.items(main.resource, "careTeam", main.path):
                found = self.resolve(reference, where)
                if isinstance(found, _Entry) and found.resource["resourceType"] == "CareTeam":
                    return found
        return teams[0] if teams else None

    def _member(self, entry: _Entry, role: tuple[JSON, str] | None) -> JSON:
        resource, path = entry.resource, entry.path
        self.unread(resource, path, [])
        member_id = self.id_of(entry, "member")
        self.member_ids[entry.index] = member_id
        data: JSON = {"id": member_id}
        name = self.first(resource, "name", path)
        text = self._name(*name) if name is not None else None
        if text is None:
            self.finding("fhir.missing", path, "someone in the circle has no name; left empty")
        data["name"] = text or ""
        relationship = None
        code = None
        if role is not None:
            relationship = self.text(role[0], "text", role[1])
            code = self.coded(role[0], CIRCLE_ROLE_SYSTEM, role[1])
        standard = self.first(resource, "relationship", path)
        if relationship is None and standard is not None:
            relationship = self.text(standard[0], "text", standard[1])
        if relationship is not None:
            data["relationship"] = relationship
        if code is None or code not in Role.values():
            code = self._role(entry, standard)
        data["role"] = code
        contact = self.first(resource, "telecom", path)
        if contact is not None:
            value = self.text(contact[0], "value", contact[1])
            if value is not None:
                data["contact"] = value
        return data

    def _role(self, entry: _Entry, relationship: tuple[JSON, str] | None) -> str:
        if entry.resource["resourceType"] == "Practitioner":
            role = Role.PROFESSIONAL
        else:
            role = Role.OTHER
            codes = self.codings(*relationship) if relationship is not None else []
            for candidate, (system, code, _) in RELATIONSHIP_CODES.items():
                if (system, code) in codes:
                    role = candidate
        self.finding(
            "fhir.assumed", entry.path, f"no circle role given; {role.value!r} was assumed"
        )
        return role.value

    # -- outcomes and small goals --------------------------------------------------------------

    def _outcomes(self, goals: list[_Entry], main: _Entry | None) -> list[JSON]:
        children: dict[int, list[tuple[_Entry, str]]] = {}
        parent_of: dict[int, int] = {}
        for entry in goals:
            self.goal_ids[entry.index] = self.id_of(entry, "goal")
        for entry in goals:
            for extension, where in self.extensions(entry.resource, entry.path, GOAL_RELATIONSHIP):
                parts = {_url(p): (p, w) for p, w in self.items(extension, "extension", where)}
                kind = parts.get("type")
                target = parts.get("target")
                if kind is None or target is None:
                    self.problem(where, "a goal relationship needs a 'type' and a 'target'")
                    continue
                relation = self.object(kind[0], "valueCodeableConcept", kind[1])
                codes = [code for _, code in self.codings(relation, kind[1])]
                if "milestone" not in codes:
                    self.finding("fhir.unmapped", where, "only milestone relationships are read")
                    continue
                reference = self.object(target[0], "valueReference", target[1])
                if reference is None:
                    self.problem(target[1], "the target needs a valueReference to a Goal")
                    continue
                found = self.resolve(reference, child_path(target[1], "valueReference"))
                if not isinstance(found, _Entry) or found.index not in self.goal_ids:
                    if found is not None:
                        self.problem(target[1], "the target of a goal relationship is a Goal")
                    continue
                if found.index in parent_of or found is entry:
                    self.finding("fhir.unmapped", where, "a goal can be a milestone of one goal")
                    continue
                parent_of[found.index] = entry.index
                children.setdefault(entry.index, []).append((found, where))
        supports = self._supports(main)
        order: list[_Entry] = []
        if main is not None:
            for reference, where in self.items(main.resource, "goal", main.path):
                found = self.resolve(reference, where)
                known = isinstance(found, _Entry) and found.index in self.goal_ids
                if known and isinstance(found, _Entry) and found not in order:
                    order.append(found)
        order += [entry for entry in goals if entry not in order]
        outcomes = []
        reached: set[int] = set()
        for entry in order:
            if entry.index not in parent_of:
                outcomes.append(self._goal(entry, 0, children, supports, reached))
        for entry in goals:
            if entry.index not in reached:
                self.finding("fhir.unmapped", entry.path, "a goal in a cycle of milestones")
        return outcomes

    def _goal(
        self,
        entry: _Entry,
        depth: int,
        children: dict[int, list[tuple[_Entry, str]]],
        supports: dict[int, list[JSON]],
        reached: set[int],
    ) -> JSON:
        """An outcome (``depth`` 0) or a small goal, with its own small goals."""
        reached.add(entry.index)
        outcome = depth == 0
        resource, path = entry.resource, entry.path
        names = ["based_on", "achieved_on"] if outcome else ["achieved_on", "celebration"]
        self.unread(resource, path, [extension_url(n.replace("_", "-")) for n in names])
        extensions = self.items(resource, "extension", path)
        data: JSON = {"id": self.goal_ids[entry.index]}
        description = self.object(resource, "description", path)
        here = child_path(path, "description")
        statement = self.text(description, "text", here) if description is not None else None
        if statement is None and description is not None:
            for coding, where in self.items(description, "coding", here):
                statement = self.text(coding, "display", where)
                if statement is not None:
                    break
        if statement is None:
            self.finding("fhir.missing", here, "the goal has no description; it was left empty")
        data["statement"] = statement or ""
        if outcome:
            for concept, where in self.items(resource, "category", path):
                for system, code in self.codings(concept, where):
                    if framework_of(system) is not None:
                        data["domain"] = code
        data.update(self.fields(extensions, _cls(outcome), ["based_on"], top=True, path=path))
        target = self.first(resource, "target", path)
        due = self.day(target[0], "dueDate", target[1]) if target is not None else None
        if due is not None:
            data["target_on" if outcome else "due_on"] = due
        data["status"] = self._status(resource, path)
        data.update(self.fields(extensions, _cls(outcome), ["achieved_on"], top=True, path=path))
        if "achieved_on" not in data and data["status"] == "achieved":
            achieved = self.day(resource, "statusDate", path)
            if achieved is not None:
                data["achieved_on"] = achieved
        note = self.text(resource, "statusReason", path)
        if note is not None:
            data["status_note"] = note
        support = supports.get(entry.index, [])
        if support and outcome:
            self.finding("fhir.unmapped", path, "support for an outcome (not a small goal)")
        elif support:
            data["support"] = support
        if not outcome:
            data.update(self.fields(extensions, _cls(False), ["celebration"], top=True, path=path))
        small = []
        for child, where in children.get(entry.index, []):
            if depth + 1 > MAX_GOAL_DEPTH:
                self.problem(where, TOO_DEEP)
                break
            small.append(self._goal(child, depth + 1, children, supports, reached))
        if small:
            data["goals"] = small
        return data

    def _status(self, resource: JSON, path: str) -> str:
        lifecycle = self.code(resource, "lifecycleStatus", path)
        achievement = self.object(resource, "achievementStatus", path)
        here = child_path(path, "achievementStatus")
        achieved = self.coded(achievement, ACHIEVEMENT_SYSTEM, here)
        status = status_of(lifecycle, achieved) if lifecycle is not None else None
        if status is not None:
            return status.value
        if lifecycle is not None:
            self.problem(
                child_path(path, "lifecycleStatus"),
                f"{lifecycle!r} is not a goal lifecycle status",
            )
        elif "lifecycleStatus" not in resource:
            self.problem(path, "a Goal needs its lifecycleStatus")
        return Status.PLANNED.value

    def _supports(self, main: _Entry | None) -> dict[int, list[JSON]]:
        """The support actions of each goal, from the care plan's activities."""
        found: dict[int, list[JSON]] = {}
        if main is None:
            return found
        for activity, where in self.items(main.resource, "activity", main.path):
            detail = self.object(activity, "detail", where)
            if detail is None:
                self.finding("fhir.unmapped", where, "an activity with no detail was left out")
                continue
            here = child_path(where, "detail")
            goal = self.first(detail, "goal", here)
            target = self.resolve(*goal) if goal is not None else None
            if not isinstance(target, _Entry) or target.index not in self.goal_ids:
                if goal is None:
                    self.finding("fhir.unmapped", where, "an activity for no goal was left out")
                continue
            action = self.text(detail, "description", here)
            if action is None:
                self.finding("fhir.unmapped", where, "an activity with no description")
                continue
            performer = self.first(detail, "performer", here)
            by = self.person(*performer) if performer is not None else None
            if by is None:
                self.finding("fhir.assumed", here, "no performer; the service was assumed")
                by = "service"
            found.setdefault(target.index, []).append({"by": by, "action": action})
        return found

    # -- ratings, risk, safety, reviews, sharing -----------------------------------------------

    def _rating(self, entry: _Entry) -> JSON | None:
        resource, path = entry.resource, entry.path
        self.unread(resource, path, [])
        code = self.object(resource, "code", path)
        domain = None
        for system, found in self.codings(code, child_path(path, "code")):
            if framework_of(system) is not None:
                domain = found
        if domain is None:
            self.finding("fhir.unmapped", path, "an observation that is not a rating")
            return None
        day = self.day(resource, "effectiveDateTime", path)
        value: Any = resource.get("valueInteger")
        if value is None:
            quantity = self.object(resource, "valueQuantity", path)
            value = quantity.get("value") if quantity is not None else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
        if day is None or type(value) is not int:
            self.finding("fhir.missing", path, "a rating needs a day and a whole-number value")
            return None
        data: JSON = {"on": day, "domain": domain, "value": value}
        performer = self.first(resource, "performer", path)
        by = self.person(*performer) if performer is not None else None
        if by is None:
            self.finding("fhir.assumed", path, "no performer; the rating was taken as the person's")
        data["by"] = by or "person"
        note = self.first(resource, "note", path)
        text = self.text(note[0], "text", note[1]) if note is not None else None
        if text is not None:
            data["note"] = text
        return data

    def _risk_plan(self, entry: _Entry) -> JSON:
        resource, path = entry.resource, entry.path
        names = list(RISK_PLAN_EXTENSIONS)
        self.unread(resource, path, [extension_url(n.replace("_", "-")) for n in names])
        extensions = self.items(resource, "extension", path)
        data: JSON = {"id": self.id_of(entry, "risk")}
        reason = self.first(resource, "reasonCode", path)
        activity = self.text(reason[0], "text", reason[1]) if reason is not None else None
        if activity is None:
            self.finding("fhir.missing", path, "the risk assessment names no activity")
        data["activity"] = activity or ""
        supports = [
            goal
            for reference, where in self.items(resource, "basis", path)
            if (goal := self.goal_id(reference, where)) is not None
        ]
        if supports:
            data["supports"] = supports
        data.update(self.fields(extensions, RiskPlan, names, top=True, path=path))
        concerns = [self._concern(p, w) for p, w in self.items(resource, "prediction", path)]
        if concerns:
            data["concerns"] = concerns
        if "safeguards" not in data and "contingency" not in data:
            mitigation = self.text(resource, "mitigation", path)
            if mitigation is not None:
                self.finding("fhir.assumed", path, "the mitigation was kept as the contingency")
                data["contingency"] = mitigation
        return data

    def _concern(self, prediction: JSON, path: str) -> JSON:
        outcome = self.object(prediction, "outcome", path)
        description = self.text(outcome, "text", child_path(path, "outcome")) if outcome else None
        data: JSON = {}
        ours = self.extensions(prediction, path, extension_url("concern"))
        if ours:
            inner = self.items(ours[0][0], "extension", ours[0][1])
            names = ["id", "likelihood", "severity"]
            data.update(self.fields(inner, Concern, names, top=False, path=ours[0][1]))
        else:
            risk = self.object(prediction, "qualitativeRisk", path)
            code = self.coded(risk, PROBABILITY_SYSTEM, child_path(path, "qualitativeRisk"))
            likelihood = LIKELIHOOD_FALLBACK.get(
                code or "moderate", LIKELIHOOD_FALLBACK["moderate"]
            )
            data["id"] = self.fresh_id(prediction.get("id"), "concern")
            data["likelihood"] = likelihood.value
            data["severity"] = "moderate"
            self.finding(
                "fhir.assumed", path, "likelihood from the qualitative risk; severity 'moderate'"
            )
        data["description"] = description or ""
        return data

    def _safety_plan(self, entry: _Entry) -> JSON:
        resource, path = entry.resource, entry.path
        names = ["warning_signs", "people_to_ask", "professionals", "reasons_for_living"]
        self.unread(resource, path, [extension_url(n.replace("_", "-")) for n in names])
        extensions = self.items(resource, "extension", path)
        data = self.fields(extensions, SafetyPlan, names, top=True, path=path)
        steps: dict[str, list[Any]] = {}
        for activity, where in self.items(resource, "activity", path):
            detail = self.object(activity, "detail", where)
            if detail is None:
                continue
            here = child_path(where, "detail")
            step = self.coded(self.object(detail, "code", here), SAFETY_STEP_SYSTEM, here)
            text = self.text(detail, "description", here)
            if step is None or text is None:
                self.finding("fhir.unmapped", where, "an activity that is no safety plan step")
                continue
            if step == "distraction":
                distraction: JSON = {"what": text}
                performer = self.first(detail, "performer", here)
                who = self.person(*performer) if performer is not None else None
                if who is not None:
                    distraction["who"] = who
                steps.setdefault("distractions", []).append(distraction)
            elif step in ("coping-strategy", "safer-environment"):
                key = "coping_strategies" if step == "coping-strategy" else "safer_environment"
                steps.setdefault(key, []).append(text)
        data.update(steps)
        return data

    def _reviews_and_extensions(self, main: _Entry, document: JSON) -> None:
        resource, path = main.resource, main.path
        known = ["framework", "next-review-on", "assessment", "reviews", "plan-extension"]
        self.unread(resource, path, [extension_url(name) for name in known])
        extensions = self.items(resource, "extension", path)
        document.update(self.fields(extensions, Plan, ["reviews"], top=True, path=path))
        if "reviews" not in document and resource.get("note"):
            self.finding("fhir.unmapped", child_path(path, "note"), "notes were left out")
        found: JSON = {}
        for extension, where in self.extensions(resource, path, extension_url("plan-extension")):
            parts = {_url(p): (p, w) for p, w in self.items(extension, "extension", where)}
            if "namespace" not in parts or "json" not in parts:
                self.problem(where, "a plan extension needs a 'namespace' and its 'json'")
                continue
            namespace = self.extension_value_text(*parts["namespace"])
            text = self.text(parts["json"][0], "valueString", parts["json"][1])
            here = child_path(parts["json"][1], "valueString")
            try:
                value = json.loads(text) if text is not None else None
                freeze_json(value)  # what a plan's extensions may hold
            except Invalid as error:
                self.problem(here, str(error))
                continue
            except ValueError:
                self.problem(here, "the value is not JSON text")
                continue
            if namespace is not None and text is not None:
                found[namespace] = value
        if found:
            document["extensions"] = found

    def _consent(self, entry: _Entry) -> JSON | None:
        resource, path = entry.resource, entry.path
        self.unread(resource, path, [])
        provision = self.object(resource, "provision", path)
        here = child_path(path, "provision")
        actor = self.first(provision, "actor", here) if provision is not None else None
        reference = self.object(actor[0], "reference", actor[1]) if actor is not None else None
        member = (
            self.person(reference, child_path(actor[1], "reference"))
            if reference is not None and actor is not None
            else None
        )
        if member is None or provision is None:
            self.finding("fhir.unmapped", path, "a consent that names nobody to share with")
            return None
        data: JSON = {"with": member}
        sections = []
        for concept, where in self.items(provision, "code", here):
            code = self.coded(concept, SECTION_SYSTEM, where)
            if code is not None:
                sections.append(code)
        if sections:
            data["sections"] = sections
        day = self.day(resource, "dateTime", path)
        if day is not None:
            data["consented_on"] = day
        return data


def _cls(outcome: bool) -> type:
    return Outcome if outcome else Goal


def _url(extension: JSON) -> str | None:
    """An extension's url, when it is text (``unread`` reports it when it is not)."""
    url = extension.get("url")
    return url if type(url) is str else None


def _describe(value: object) -> str:
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
