"""Reading the parts of a plan out of a bundle: who a reference names, ids, our extensions.

:class:`PlanReader` adds to the defensive :class:`~recoveryplan.fhir.reading.BundleReader` what
every resource mapper needs: a FHIR reference as a person reference or a goal id, the id a
resource had in the plan (or a fresh one), and the model's fields back from the extensions the
export wrote for them (:mod:`recoveryplan.fhir.fields`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import attrs

from .._base import Enumeration
from .._fields import text_or_part
from ..messages import gettext as _
from ..serialize import child_path
from .fields import field_extensions
from .ids import Taken, claim
from .reading import JSON, SKIP, BundleReader, Entry, url_of
from .vocabulary import GOAL_RELATIONSHIP, IDENTIFIER_SYSTEM

__all__ = ["PlanReader"]


class PlanReader(BundleReader):
    """A reading of a bundle that knows the person, the service, the circle and the goals."""

    def __init__(self, bundle: Any) -> None:
        super().__init__(bundle)
        self.member_ids: dict[int, str] = {}
        self.goal_ids: dict[int, str] = {}
        # Words that mean someone everywhere in a plan are never given as ids to parts.
        self.taken = Taken({"person", "service", "staff"})
        self.patient: Entry | None = None
        # Entries about another Patient, left out of the plan (and reported once, where they are).
        self.excluded: set[int] = set()
        self.service: Entry | None = None

    def person(self, reference: JSON, path: str) -> str | None:
        """The person reference a FHIR reference stands for (``None`` if it cannot say)."""
        found = self.resolve(reference, path)
        if found is None or isinstance(found, str):
            return found
        kind = found.resource["resourceType"]
        if found.index in self.excluded:
            return None
        if found is self.patient:
            return "person"
        if kind in ("Organization", "CareTeam"):
            return "service"
        member = self.member_ids.get(found.index)
        if member is not None:
            return member
        self.finding(
            "fhir.unmapped",
            path,
            # Translators: %(kind)s is a FHIR resource type (Practitioner, RelatedPerson...).
            _("a %(kind)s is neither the person, the service nor in the circle") % {"kind": kind},
        )
        return None

    def goal_id(self, reference: JSON, path: str) -> str | None:
        found = self.resolve(reference, path)
        if found is None or isinstance(found, str):
            return found
        if found.index in self.goal_ids:
            return self.goal_ids[found.index]
        if found.index in self.excluded:
            return None  # about another Patient, and reported where it is
        # Elements such as RiskAssessment.basis may point at anything (Reference(Any)).
        kind = found.resource["resourceType"]
        # Translators: %(kind)s is a FHIR resource type (Condition, Observation...).
        message = _("a reference to a %(kind)s, not a goal, was left out") % {"kind": kind}
        self.finding("fhir.unmapped", path, message)
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
        return claim(candidate, self.taken, mark="-")

    def id_of(self, entry: Entry, stem: str) -> str:
        ours = self.our_id(entry.resource, entry.path)
        return ours if ours is not None else self.fresh_id(entry.resource.get("id"), stem)

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
                part = url_of(extension)
                if part not in known:
                    self.problem(child_path(where, "url"), f"{part!r} is not a part of this")
        return data

    def value(self, extension: JSON, path: str, kind: Any, person: bool) -> Any:
        part = text_or_part(kind)
        if part is not None:
            # A part (a coded need) has parts of its own with relative URLs; free text has
            # a value, or the exact text in an extension with an absolute URL.
            inner = extension.get("extension")
            relative = isinstance(inner, list) and any(
                isinstance(e, dict) and ":" not in str(e.get("url", ":")) for e in inner
            )
            kind = part if relative else str
        if kind is int:
            found = extension.get("valueInteger")
            if type(found) is int:
                return found
            return self.problem(path, "expected a valueInteger")
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
        """Mark the extensions of a resource that the reading reads as carried; the others
        are named when the reading is done (:mod:`recoveryplan.fhir.unmapped`)."""
        known = {*read, GOAL_RELATIONSHIP}
        for extension, where in self.items(resource, "extension", path):
            url = extension.get("url")
            if type(url) is not str:
                self.problem(child_path(where, "url"), "every extension has a url")
            elif url in known:
                self.carried.add(id(extension))
