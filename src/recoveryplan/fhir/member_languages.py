"""A circle member's languages in the standard elements, beside the extensions that carry them.

A member's ``language`` and communication needs travel losslessly in this project's extensions
(:data:`recoveryplan.fhir.mapping.MEMBER`), which other systems do not read: they look for a
related person's languages in ``RelatedPerson.communication``, as they look for the person's in
``Patient.communication``. So the export writes them there too, as it does for the person: the
language the member prefers (BCP 47, ``preferred: true``) and each language an interpreter need
of theirs names (``preferred: false``). A ``Practitioner``'s ``communication`` has no
``preferred``; it gets the language the member prefers only.

Reading back, the extensions win, being exact. A bundle without them (from another system)
gives the member the language its standard element prefers; when both are there and say
different things, the member keeps the extensions' and a ``fhir.disagree`` finding says what
differs, as it does for the person's needs (:mod:`recoveryplan.fhir.read_needs`).
"""

from __future__ import annotations

from typing import Any, Final

from ..communication import NeedKind
from ..messages import gettext as _
from ..people import CircleMember
from ..serialize import child_path
from .adjustments import interpreter_languages
from .codecs import concept, text_concept
from .reading import JSON, Entry
from .resolving import PlanReader
from .vocabulary import LANGUAGE_SYSTEM, is_code

__all__ = ["MemberLanguagesReading", "member_communication"]

_INTERPRETER: Final = NeedKind.INTERPRETER.value


def _language(tag: str) -> JSON:
    """A language as the person's is written: words, and the BCP 47 code when it is one."""
    found = text_concept(tag)
    if is_code(tag):
        found["coding"] = [{"system": LANGUAGE_SYSTEM, "code": tag}]
    return found


def member_communication(member: CircleMember, practitioner: bool) -> list[JSON]:
    """The member's ``communication`` element: what another system reads of their languages
    (empty when the plan records none)."""
    if practitioner:
        return [_language(member.language)] if member.language is not None else []
    written: list[JSON] = []
    if member.language is not None:
        written.append({"language": _language(member.language), "preferred": True})
    for tag in interpreter_languages(member.communication):
        if tag != member.language:
            written.append({"language": concept(LANGUAGE_SYSTEM, tag), "preferred": False})
    return written


class MemberLanguagesReading(PlanReader):
    """The part of a reading that reads a circle member's languages from the standard element."""

    def member_languages(self, data: JSON, entry: Entry) -> None:
        """Fill in ``data["language"]`` from ``communication`` when the extensions did not
        carry the member's language or needs, or check that the two agree when they did."""
        resource, path = entry.resource, entry.path
        practitioner = resource.get("resourceType") == "Practitioner"
        preferred, unmarked, others = self._spoken(resource, path, practitioner)
        if not preferred and not unmarked and not others:
            return
        if "language" not in data and "communication" not in data:  # another system's bundle
            # As for the person: one marked not preferred is a language the member may use
            # (the export writes an interpreter's language so), not the one they prefer.
            chosen = preferred[:1] or unmarked[:1]
            if chosen:
                data["language"] = chosen[0]
            return
        others = [*unmarked, *others]
        differences = self._differences(data, preferred, others, practitioner)
        if differences:
            shown = "Practitioner" if practitioner else "RelatedPerson"
            self.finding(
                "fhir.disagree",
                path,
                # Translators: %(resource)s is a FHIR resource type; %(differences)s says how
                # they differ, each difference a message of its own, joined by "; ".
                _(
                    "the circle member's language and communication needs in the recoveryplan "
                    "extensions and in %(resource)s.communication disagree (%(differences)s); "
                    "the extensions' were kept: correct whichever is wrong in the system that "
                    "sent the bundle"
                )
                % {"resource": shown, "differences": "; ".join(differences)},
            )

    def _spoken(
        self, resource: JSON, path: str, practitioner: bool
    ) -> tuple[list[str], list[str], list[str]]:
        """The languages ``communication`` names (code, else words): those marked preferred
        (a practitioner's first), those not marked either way, and those marked not
        preferred (a practitioner's others)."""
        preferred: list[str] = []
        unmarked: list[str] = []
        others: list[str] = []
        for index, (item, where) in enumerate(self.items(resource, "communication", path)):
            if practitioner:
                language: JSON | None = item
                here = where
                marked: Any = index == 0
            else:
                language = self.object(item, "language", where)
                here = child_path(where, "language")
                marked = item.get("preferred")
            tag = self.coded(language, LANGUAGE_SYSTEM, here)
            if tag is None and language is not None:
                tag = self.text(language, "text", here)
            if tag is None:
                continue
            chosen = preferred if marked is True else others if marked is False else unmarked
            if tag not in chosen:
                chosen.append(tag)
        return preferred, unmarked, others

    @staticmethod
    def _differences(
        data: JSON, preferred: list[str], others: list[str], practitioner: bool
    ) -> list[str]:
        """How the standard element differs from what the export writes for the extensions'
        language and needs, in words (a language it names besides is no disagreement)."""
        shown = "Practitioner" if practitioner else "RelatedPerson"
        language: Any = data.get("language")
        found: list[str] = []
        expected = [language] if isinstance(language, str) else []
        if preferred != expected:
            words = {
                "resource": shown,
                "said": ", ".join(preferred) or _("no language"),
                "kept": ", ".join(expected) or _("none"),
            }
            # Translators: %(resource)s is a FHIR resource type; %(said)s and %(kept)s are
            # language codes, or the words "no language" and "none".
            found.append(
                _("%(resource)s.communication prefers %(said)s, the extension gives %(kept)s")
                % words
            )
        if practitioner:
            return found
        needs = data.get("communication")
        wanted = [
            need["language"]
            for need in (needs if isinstance(needs, list) else [])
            if isinstance(need, dict)
            and need.get("kind") == _INTERPRETER
            and isinstance(need.get("language"), str)
            and need["language"] != language
        ]
        missing = sorted(set(wanted) - set(others) - set(preferred))
        if missing:
            # Translators: %(resource)s is a FHIR resource type; %(languages)s language codes.
            found.append(
                _("%(resource)s.communication does not name %(languages)s")
                % {"resource": shown, "languages": ", ".join(missing)}
            )
        return found
