"""A FHIR R4 ``Bundle`` read back into a plan.

The bundle is turned into a ``recoveryplan/1`` document and handed to
:func:`~recoveryplan.serialize.from_data`, so a plan that arrives as FHIR is checked exactly as
one loaded from a file. A bundle this library exported comes back equal to the plan it was
made from. A bundle from another system gives whatever a plan can hold of it, and a
:class:`~recoveryplan.Finding` for each thing that could not be mapped or had to be assumed:

- ``fhir.unmapped`` (info): something in the bundle that a plan has no place for was left out
  (every element not carried is named, grouped: :mod:`recoveryplan.fhir.unmapped`);
- ``fhir.assumed`` (info): a value a plan needs was taken from a near standard element;
- ``fhir.missing`` (warning): something a plan needs was not in the bundle at all;
- ``fhir.cycle`` (warning): goals that are their own milestones; the cycle was broken;
- ``fhir.consent`` (warning): a Consent grants less than it says (the consent rule,
  :mod:`recoveryplan.fhir.read_consent`, only ever narrows);
- ``fhir.other-patient`` (warning): a resource about another Patient was left out;
- ``fhir.disagree`` (warning): the communication needs in this project's extension and in the
  standard elements disagree; the extension's were kept (:mod:`recoveryplan.fhir.read_needs`).

A bundle that is not well formed (not an object, not a ``Bundle``, an entry without a resource,
a value of the wrong type, two circle members with one id) or that holds no Patient raises
:class:`~recoveryplan.PlanFormatError` with the JSON path of each problem in the bundle. A
reference to something that is not in the bundle is valid FHIR, and only noted.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from ..errors import PlanFormatError, Problem
from ..findings import Finding
from ..fingerprints import fingerprint
from ..messages import N_
from ..messages import gettext as _
from ..plan import FORMAT, Plan
from ..serialize import from_data
from ..store.revision import Revision
from .mapping import PLAN
from .provenance import is_revision, revision_of
from .read_care import CareReading
from .read_consent import ConsentReading
from .read_goals import TOO_DEEP, GoalsReading
from .read_needs import NeedsReading
from .read_people import PeopleReading
from .reading import CODES, JSON, Entry
from .rows import read
from .unmapped import unmapped
from .vocabulary import CARE_PLAN_KIND_SYSTEM, IDENTIFIER_SYSTEM, extension_url, framework_of

__all__ = ["CODES", "TOO_DEEP", "fhir_revision", "from_fhir"]

DEFAULT_FRAMEWORK: Final = "chime"
_POINTS_AT: Final = (
    ("subject", "person"),
    ("patient", "person"),
    ("author", "service"),
    ("managingOrganization", "service"),
    ("partOf", "plan"),
)
_ONE_PLAN: Final = N_("only the first care plan was read")
_ONE_SAFETY_PLAN: Final = N_("only the first safety plan was read")
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
        "Provenance",
        "Flag",
    }
)


def from_fhir(
    bundle: Any, *, source: str | None = None, today: date | None = None
) -> tuple[Plan, list[Finding]]:
    """The plan a FHIR R4 ``Bundle`` (parsed JSON) holds, and what could not be mapped from it.

    ``source`` names the bundle in error messages (a file name, say). ``today`` is the day a
    Consent's period is checked against (the real today when not given).
    """
    where = source if source is not None else "the FHIR bundle"
    reading = _Import(bundle, today if today is not None else date.today())
    try:
        document = reading.document()
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=TOO_DEEP)], where) from None
    if reading.problems:
        raise PlanFormatError(reading.problems, where)
    plan = from_data(document, source=f"{where} (the plan read from it)")
    return plan, reading.findings


def fhir_revision(bundle: Any, *, source: str | None = None) -> Revision | None:
    """The store revision a bundle exported with ``to_fhir(plan, revision=...)`` is: its
    number, time, author and reason from the Provenance, and the fingerprint of the plan
    :func:`from_fhir` reads (the revision's own when the bundle came back unchanged).

    ``None`` when the bundle has no Provenance with a version (one from elsewhere, or an
    export of no revision).
    """
    where = source if source is not None else "the FHIR bundle"
    found = revision_of(bundle, where)
    if found is None:
        return None
    number, at, by, why = found
    plan, _findings = from_fhir(bundle, source=source)
    return Revision(number=number, at=at, by=by, why=why, fingerprint=fingerprint(plan))


class _Import(PeopleReading, NeedsReading, GoalsReading, CareReading, ConsentReading):
    """One reading of a bundle: which resource is which part of the plan, in what order."""

    def __init__(self, bundle: Any, today: date) -> None:
        super().__init__(bundle)
        self.today = today

    def document(self) -> JSON:
        if not self.read_entries():
            return {}
        for entry in self.entries:
            for found, where in self.items(entry.resource, "identifier", entry.path):
                if found.get("system") == IDENTIFIER_SYSTEM:
                    value = self.text(found, "value", where)
                    if value is not None:
                        self.taken.add(value)
        kinds: dict[str, list[Entry]] = {}
        for entry in self.entries:
            kinds.setdefault(entry.resource["resourceType"], []).append(entry)
        care_plans = kinds.get("CarePlan", [])
        safety = [e for e in care_plans if self._kind(e) == "safety-plan"]
        mains = [e for e in care_plans if e not in safety]
        main = mains[0] if mains else None
        for extra in mains[1:]:
            self.leave_out(extra.resource, "fhir.unmapped", extra.path, _(_ONE_PLAN))
        for extra in safety[1:]:
            self.leave_out(extra.resource, "fhir.unmapped", extra.path, _(_ONE_SAFETY_PLAN))
        self.patient = self.find_patient(kinds.get("Patient", []), main)
        if self.patient is None:
            return {}
        kinds = self.only_the_person(kinds)
        if main is not None and main.index in self.excluded:
            main = None
        safety = [e for e in safety if e.index not in self.excluded]
        self.service = self.find_service(kinds.get("Organization", []), main)
        document: JSON = {"format": FORMAT}
        document["id"] = self._plan_id(main)
        document["framework"] = self._framework(main, kinds)
        document["person"] = self.person_data(self.patient)
        if self.service is not None:
            service = self.service_data(self.service)
            if service is not None:
                document["service"] = service
        country = document.get("service", {}).get("country")
        self.person_needs(document["person"], self.patient, kinds.get("Flag", []), country)
        if main is not None:
            read(PLAN.part("created_on"), main.resource, main.path, self, document)
            read(PLAN.part("next_review_on"), main.resource, main.path, self, document)
        circle = self.circle(kinds, main)
        if circle:
            document["circle"] = circle
        if main is not None:
            read(PLAN.part("assessment"), main.resource, main.path, self, document)
        outcomes = self.outcomes(kinds.get("Goal", []), main)
        if outcomes:
            document["outcomes"] = outcomes
        ratings = [r for e in kinds.get("Observation", []) if (r := self.rating(e)) is not None]
        if ratings:
            document["ratings"] = ratings
        risks = [self.risk_plan(e) for e in kinds.get("RiskAssessment", [])]
        if risks:
            document["risk_plans"] = risks
        if safety:
            document["safety_plan"] = self.safety_plan(safety[0])
        if main is not None:
            self.reviews_and_extensions(main, document)
        sharing = [s for e in kinds.get("Consent", []) for s in self.consent_sharing(e, self.today)]
        if sharing:
            document["sharing"] = sharing
        self._points_at(main)
        self._provenance(kinds.get("Provenance", []), main)
        if not self.problems:
            self.findings += unmapped(self.entries, _HANDLED, self.left_out, self.carried)
        return document

    def _points_at(self, main: Entry | None) -> None:
        """A reference the export writes from the plan's structure (whose a resource is, the
        service that wrote the plan, the plan a safety plan is part of) is carried when it
        points where a plan means it to; elsewhere, the plan does not say it."""
        meant = {"person": self.patient, "service": self.service, "plan": main}
        for entry in self.entries:
            resource = entry.resource
            for key, role in _POINTS_AT:
                if not dict.__contains__(resource, key):
                    continue
                value = resource.get(key)
                references = value if isinstance(value, list) else [value]
                for reference in references:
                    target = reference.get("reference") if isinstance(reference, dict) else None
                    found = self._find(target, entry.path)[0] if type(target) is str else None
                    if found is None or found is not meant[role]:
                        self.not_carried(resource, key)

    def _provenance(self, entries: list[Entry], main: Entry | None) -> None:
        """The Provenance of the revision the bundle is (its version, and who saved the plan,
        when and why: :func:`fhir_revision`) is carried; any other is named as left out."""
        ours = None
        for entry in entries:
            targets = entry.resource.get("target")
            listed = targets if isinstance(targets, list) else []
            aimed = [t.get("reference") for t in listed if isinstance(t, dict)]
            found = [self._find(a, entry.path)[0] for a in aimed if type(a) is str]
            if ours is None and is_revision(entry.resource) and main is not None and main in found:
                ours = entry
                for key in ("target", "recorded", "activity", "agent", "reason"):
                    self.carry(entry.resource, key)
            else:
                why = _("a Provenance that is not the revision of the plan was left out")
                self.leave_out(entry.resource, "fhir.unmapped", entry.path, why)

    def _kind(self, entry: Entry) -> str | None:
        for concept, where in self.items(entry.resource, "category", entry.path):
            code = self.coded(concept, CARE_PLAN_KIND_SYSTEM, where)
            if code is not None:
                return code
        return None

    def _plan_id(self, main: Entry | None) -> str:
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
        self.finding("fhir.missing", "$.id", _("the bundle gives the plan no id; 'plan' was used"))
        return "plan"

    def _framework(self, main: Entry | None, kinds: dict[str, list[Entry]]) -> str:
        if main is not None:
            named = self.extension_text(main.resource, main.path, extension_url("framework"))
            if named is not None:
                return named
        for entry in kinds.get("Observation", []):
            for system, _code in self.codings(self.object(entry.resource, "code", entry.path), ""):
                framework = framework_of(system)
                if framework is not None:
                    return framework
        self.finding(
            "fhir.missing",
            main.path if main is not None else "$",
            # Translators: %(framework)s is the framework's id, quoted.
            _("the bundle names no outcomes framework; %(framework)s was assumed")
            % {"framework": repr(DEFAULT_FRAMEWORK)},
        )
        return DEFAULT_FRAMEWORK
