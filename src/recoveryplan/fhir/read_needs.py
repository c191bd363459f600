"""The person's communication needs back from a bundle: from this project's extension when it
is there, else from the standard elements other systems write.

The extension is exact, so a bundle this library wrote comes back unchanged; the standard
elements (``patient-interpreterRequired``, ``Patient.communication``, the National Reasonable
Adjustment Flags) are what another system reads and may change. When both are there and say
different things, the plan keeps the extension's needs and a ``fhir.disagree`` finding says
what differs, so that staff can correct whichever is wrong before a copy is made for the person
(:mod:`recoveryplan.fhir.adjustments` says what each standard element holds).
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from ..communication import Country, Need, NeedKind
from ..errors import PlanError
from ..messages import N_
from ..messages import gettext as _
from ..serialize import child_path
from .adjustments import (
    ADJUSTMENT_CATEGORY_SYSTEM,
    FLAG_CATEGORY_SYSTEM,
    INTERPRETER_REQUIRED,
    NRAF,
    SNOMED_NEEDS,
    Adjustment,
    StandardView,
    in_order,
    standard_view,
)
from .reading import JSON, Entry
from .resolving import PlanReader
from .vocabulary import LANGUAGE_SYSTEM, SNOMED

__all__ = ["NeedsReading"]

_NOT_NRAF: Final = N_("a Flag that is not a National Reasonable Adjustment Flag was left out")
_NOT_ACTIVE: Final = N_("a reasonable adjustment Flag that is not active was left out")
_INTERPRETING: Final = "community-language-support"


class NeedsReading(PlanReader):
    """The part of a reading that reads the person's communication needs."""

    def person_needs(self, person: JSON, patient: Entry, flags: list[Entry], country: Any) -> None:
        """Fill in ``person["communication"]`` from the standard elements when the extension
        did not, or check that the two agree when it did."""
        resource, path = patient.resource, patient.path
        interpreter = self._interpreter_required(resource, path)
        preferred, others = self._languages(resource, path)
        adjustments = [found for entry in flags if (found := self._flag(entry)) is not None]
        if interpreter is None:  # a system that writes only the flag
            interpreter = any(a.category == _INTERPRETING for a in adjustments)
        said = StandardView(
            interpreter=interpreter,
            languages=frozenset(others + preferred),
            flags=in_order(adjustments),
        )
        carried = person.get("communication")
        if carried is None:
            needs = self._from_standard(said, others or preferred, path)
            if needs:
                person["communication"] = needs
            return
        written = _needs(carried)
        if written is None:  # the plan's own check reports what is wrong with it
            return
        place = Country(country) if country in Country.values() else None
        expected = standard_view(written, place, flags_given=bool(adjustments))
        if not said.interpreter:  # named as such; the languages need not be named again
            expected = attrs.evolve(expected, languages=frozenset())
        differences = expected.differences(said)
        if differences:
            self.finding(
                "fhir.disagree",
                path,
                # Translators: %(differences)s says how they differ, each difference a
                # message of its own, joined by "; ".
                _(
                    "the communication needs in the recoveryplan extension and in the standard "
                    "elements disagree (%(differences)s); the extension's needs were kept: "
                    "correct whichever is wrong in the system that sent the bundle"
                )
                % {"differences": "; ".join(differences)},
            )

    # -- the standard elements --------------------------------------------------------------

    def _interpreter_required(self, resource: JSON, path: str) -> bool | None:
        for extension, where in self.extensions(resource, path, INTERPRETER_REQUIRED):
            value = extension.get("valueBoolean")
            if type(value) is bool:
                return value
            self.problem(child_path(where, "valueBoolean"), "expected true or false")
        return None

    def _languages(self, resource: JSON, path: str) -> tuple[list[str], list[str]]:
        """The BCP 47 codes of ``Patient.communication``: the preferred, and the others."""
        preferred: list[str] = []
        others: list[str] = []
        for communication, where in self.items(resource, "communication", path):
            language = self.object(communication, "language", where)
            code = self.coded(language, LANGUAGE_SYSTEM, child_path(where, "language"))
            if code is None:
                continue
            chosen = preferred if communication.get("preferred") is True else others
            if code not in chosen:
                chosen.append(code)
        return preferred, others

    def _flag(self, entry: Entry) -> Adjustment | None:
        """A National Reasonable Adjustment Flag as an adjustment; any other Flag is left out."""
        resource, path = entry.resource, entry.path
        categories = [
            (system, code)
            for concept, where in self.items(resource, "category", path)
            for system, code in self.codings(concept, where)
        ]
        if (FLAG_CATEGORY_SYSTEM, NRAF[0]) not in categories:
            self.leave_out(resource, "fhir.unmapped", path, _(_NOT_NRAF))
            return None
        if resource.get("status") != "active":
            self.leave_out(resource, "fhir.unmapped", path, _(_NOT_ACTIVE))
            return None
        category = next(
            (code for system, code in categories if system == ADJUSTMENT_CATEGORY_SYSTEM),
            "bespoke-reasonable-adjustments",
        )
        concept = self.object(resource, "code", path)
        here = child_path(path, "code")
        code = self.coded(concept, SNOMED, here)
        text = self.text(concept, "text", here) if concept is not None else None
        if text is None and code in SNOMED_NEEDS:
            text = SNOMED_NEEDS[code][2]
        if text is None:
            self.leave_out(resource, "fhir.unmapped", path, _("a Flag that says no adjustment"))
            return None
        return Adjustment(category, code, text)

    def _from_standard(self, said: StandardView, languages: list[str], path: str) -> list[Any]:
        """The needs the standard elements say, as plan JSON (each once, in their order):
        an interpreter into each language that is not the person's preferred one, else into
        the preferred one."""
        needs: list[Any] = []
        for found in said.flags:
            if found.category == _INTERPRETING:
                continue  # the interpreter is read with the languages, below
            known = SNOMED_NEEDS.get(found.code or "")
            if known is None:
                need: Any = found.text  # in words, as the other system wrote them
            else:
                kind, size, _display = known
                need = {"kind": kind.value} | ({"size": size} if size is not None else {})
            if need not in needs:
                needs.append(need)
        if said.interpreter and languages:
            for language in languages:
                needs.append({"kind": NeedKind.INTERPRETER.value, "language": language})
        elif said.interpreter:
            self.finding(
                "fhir.missing",
                path,
                _(
                    "an interpreter is required but no language is given "
                    "(Patient.communication); the need was kept in words: add the language to "
                    "interpret into"
                ),
            )
            needs.append("An interpreter (the language was not given)")
        return needs


def _needs(carried: Any) -> list[str | Need] | None:
    """The plan JSON of needs as needs, or ``None`` when it is not valid (left to the plan)."""
    if not isinstance(carried, list):
        return None
    try:
        return [item if isinstance(item, str) else Need(**item) for item in carried]
    except (PlanError, TypeError, ValueError):
        return None
