"""A plan as a FHIR R4 ``Bundle``: standard resources first, this project's extensions for the rest.

What FHIR has an element for goes there, so a receiving system that knows nothing of
``recoveryplan`` still sees the person, their circle, their goals, ratings, risk decisions,
consent and safety plan. What FHIR has no element for (the assessment, reviews, the details of
a positive risk decision, the plan's own extensions) travels in extensions under
:data:`~recoveryplan.fhir.codes.BASE`, so that :func:`~recoveryplan.fhir.from_fhir` gives back
exactly the plan that was exported.

Resource ids are UUIDs derived from the plan's id and each part's id, so the same plan always
exports the same bundle and a receiving system can update rather than duplicate.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import attrs

from .._base import Enumeration
from .._fields import text_or_part
from .._frozen import thaw_json
from ..errors import PlanFormatError, Problem
from ..goals import Goal, Outcome, SupportAction
from ..people import CircleMember
from ..plan import Plan
from ..ratings import Rating
from ..reviews import Review
from ..risk import Decision, DecisionStatus, RiskPlan
from ..safety import Distraction, Professional
from ..sharing import SharingConsent
from ..store.revision import Revision
from . import narrative
from .adjustments import (
    INTERPRETER_REQUIRED,
    Adjustment,
    flag_categories,
    flag_code,
    interpreter_languages,
    needs_flags,
)
from .codecs import Identifiers, concept, identifier, put, text_extension
from .fields import field_extensions, is_default
from .ids import Taken, claim
from .mapping import (
    CONCERN,
    CONSENT,
    GOAL,
    MEMBER,
    OUTCOME,
    PERSON,
    PLAN,
    RATING,
    RISK,
    SAFETY_PLAN,
    SERVICE,
    SUPPORT,
    written,
)
from .member_languages import member_communication
from .profiles import profiled
from .provenance import stamped
from .rows import ordered, write
from .vocabulary import (
    CIRCLE_ROLE_SYSTEM,
    GOAL_RELATIONSHIP,
    GOAL_RELATIONSHIP_TYPE_SYSTEM,
    LANGUAGE_SYSTEM,
    PROBABILITY_SYSTEM,
    PROFESSIONAL_ROLES,
    RELATIONSHIP_CODES,
    SAFETY_STEP_FIELDS,
    SAFETY_STEP_SYSTEM,
    activity_status,
    care_plan_kind,
    extension_url,
    is_string,
    qualitative_risk,
    resource_uuid,
)

__all__ = ["to_fhir"]

JSON = dict[str, Any]

_DECIDED = frozenset(
    {DecisionStatus.AGREED, DecisionStatus.AGREED_WITH_CHANGES, DecisionStatus.NOT_AGREED}
)


def to_fhir(plan: Plan, *, revision: Revision | None = None, profile: str | None = None) -> JSON:
    """The plan as a FHIR R4 ``Bundle`` of type ``collection`` (plain JSON values).

    ``profile="uk-core"`` also claims the UK Core profiles (``meta.profile``) and writes the
    NHS number (:mod:`recoveryplan.fhir.profiles`); the plan read back is the same either way.
    ``revision`` (a store's :class:`~recoveryplan.Revision` of this plan) versions every
    resource and adds a Provenance saying who saved it, when and why
    (:mod:`recoveryplan.fhir.provenance`).
    """
    try:
        bundle = profiled(_Export(plan).bundle(), plan, profile)
        return bundle if revision is None else stamped(bundle, plan, revision)
    except RecursionError:
        message = "the plan is nested too deeply to export (hundreds of levels of goals)"
        raise PlanFormatError([Problem(path="$", message=message)]) from None


# -- the export -----------------------------------------------------------------------------------


class _Export:
    """One export: the plan, the entries written so far, and how to refer to each part."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.entries: list[JSON] = []
        self.keys = Taken()
        # Each part's key, in document order; a reference by id goes to the first with it.
        self.member_keys = [self._claim(f"member/{member.id}") for member in plan.circle]
        self.members: dict[str, str] = {}
        for member, key in zip(plan.circle, self.member_keys, strict=True):
            self.members.setdefault(member.id, key)
        self.goal_keys: list[tuple[Outcome | Goal, str]] = []
        for part in _outcomes_and_goals(plan):
            self.goal_keys.append((part, self._claim(f"goal/{part.id}")))
        self.goals: dict[str, str] = {}
        for part, key in self.goal_keys:
            self.goals.setdefault(part.id, key)
        self.items = {item.id: item for item in plan.assessment.items} if plan.assessment else {}

    def _claim(self, key: str) -> str:
        """A key no other resource has (ids repeat only in a plan that is not valid)."""
        return claim(key, self.keys, mark="#")

    @property
    def framework(self) -> str:
        return self.plan.framework

    def url(self, key: str) -> str:
        return "urn:uuid:" + resource_uuid(self.plan.id, key)

    def ref(self, key: str) -> JSON:
        return {"reference": self.url(key)}

    def add(self, key: str, resource: JSON) -> None:
        resource["id"] = resource_uuid(self.plan.id, key)
        self.entries.append({"fullUrl": self.url(key), "resource": ordered(resource)})

    def person(self, ref: str) -> JSON:
        """A person reference as a FHIR reference to their resource."""
        if ref == "person":
            return self.ref("patient")
        if ref == "service":
            return self.ref("service")
        if ref in self.members:
            return self.ref(self.members[ref])
        return {"identifier": identifier(ref)}  # names nobody: kept, as validate reports it

    def goal_ref(self, id: str) -> JSON:
        if id in self.goals:
            return self.ref(self.goals[id])
        return {"identifier": identifier(id)}

    # -- extensions made from the model's own fields ---------------------------------------

    def fields(self, part: Any, names: Iterable[str] | None = None, *, top: bool) -> list[JSON]:
        """Extensions for the fields of a part of the plan that hold something.

        ``top`` extensions hang on a resource and have the project's absolute URLs (the JSON
        key with hyphens); inside a complex extension each has its JSON key as its URL.
        """
        found: list[JSON] = []
        for field in field_extensions(type(part), names, top=top):
            value = getattr(part, field.name)
            if is_default(field, value):
                continue
            for item in value if field.many else (value,):
                found.append(self.value(field.url, item, field.kind, field.person))
        return found

    def value(self, url: str, item: Any, kind: Any, person: bool) -> JSON:
        if text_or_part(kind) is not None:  # free text, or a part (a coded need)
            kind = str if type(item) is str else type(item)
        if attrs.has(kind):
            inner = self.fields(item, top=False)
            # A part with nothing in it is still there (an assessment not yet started).
            return {"url": url, "extension": inner} if inner else {"url": url, "valueBoolean": True}
        if isinstance(item, bool):
            return {"url": url, "valueBoolean": item}
        if isinstance(item, date):
            return {"url": url, "valueDate": item.isoformat()}
        if type(item) is int:
            return {"url": url, "valueInteger": item}
        if isinstance(item, Enumeration):
            return {"url": url, "valueCode": item.value}
        if person:
            return {"url": url, "valueReference": self.person(item)}
        return text_extension(url, item)

    # -- the bundle --------------------------------------------------------------------------

    def bundle(self) -> JSON:
        self.patient()
        self.service()
        for member, key in zip(self.plan.circle, self.member_keys, strict=True):
            self.member(member, key)
        self.care_team()
        self.care_plan()
        for part, key in self.goal_keys:
            self.goal(part, key)
        for risk in self.plan.risk_plans:
            self.risk_assessment(risk)
        for index, rating in enumerate(self.plan.ratings):
            self.observation(index, rating)
        for index, consent in enumerate(self.plan.sharing):
            self.consent(index, consent)
        if self.plan.safety_plan is not None:
            self.safety_plan()
        country = self.plan.service.country if self.plan.service is not None else None
        for index, adjusted in enumerate(needs_flags(self.plan.person.communication, country)):
            self.flag(index, adjusted)
        return {
            "resourceType": "Bundle",
            "id": resource_uuid(self.plan.id, "bundle"),
            "type": "collection",
            "entry": self.entries,
        }

    def patient(self) -> None:
        person = self.plan.person
        resource: JSON = {"resourceType": "Patient"}
        write(PERSON, person, resource, self)
        # The person's id in our system, then their identifiers elsewhere: one element.
        resource["identifier"] = [identifier(person.id), *Identifiers.each(person.identifiers)]
        names = [{"use": "official"}]
        put(names[0], "text", person.name)
        if person.preferred_name is not None:
            names.append({"use": "usual"})
            put(names[1], "text", person.preferred_name)
        resource["name"] = names
        _interpreter(resource, interpreter_languages(person.communication))
        resource["text"] = narrative.patient(person)
        self.add("patient", resource)

    def service(self) -> None:
        """The service is an ``Organization``: it holds the duty of care and can be a performer.

        It is written even when the plan names no service, because parts of the plan may still
        say ``"service"``; then it has only its identifier.
        """
        resource: JSON = {"resourceType": "Organization"}
        if self.plan.service is not None:
            write(SERVICE, self.plan.service, resource, self)
        resource["identifier"] = [identifier("service")]
        resource["text"] = narrative.service(self.plan.service)
        self.add("service", resource)

    def member(self, member: CircleMember, key: str) -> None:
        professional = member.role in PROFESSIONAL_ROLES
        resource: JSON = {"resourceType": "Practitioner" if professional else "RelatedPerson"}
        resource["identifier"] = [identifier(member.id)]
        if not professional:
            resource["patient"] = self.ref("patient")
            relationship: JSON = {}
            standard = RELATIONSHIP_CODES.get(member.role)
            if standard is not None:
                system, code, display = standard
                relationship["coding"] = [{"system": system, "code": code, "display": display}]
            if member.relationship is not None:
                put(relationship, "text", member.relationship)
            if relationship:
                resource["relationship"] = [relationship]
        write(MEMBER, member, resource, self)
        spoken = member_communication(member, practitioner=professional)
        if spoken:
            resource["communication"] = spoken
        resource["text"] = narrative.member(member)
        self.add(key, resource)

    def care_team(self) -> None:
        participants = []
        for member, key in zip(self.plan.circle, self.member_keys, strict=True):
            role = concept(CIRCLE_ROLE_SYSTEM, member.role.value)
            if member.relationship is not None:
                put(role, "text", member.relationship)
            participants.append({"role": [role], "member": self.ref(key)})
        resource: JSON = {"resourceType": "CareTeam", "status": written("CareTeam", "status")}
        resource["subject"] = self.ref("patient")
        if participants:
            resource["participant"] = participants
        resource["managingOrganization"] = [self.ref("service")]
        members = [(member.name, member.role.value) for member in self.plan.circle]
        resource["text"] = narrative.care_team(self.plan.person.called, members)
        self.add("care-team", resource)

    def care_plan(self) -> None:
        plan = self.plan
        resource: JSON = {"resourceType": "CarePlan"}
        write(PLAN, plan, resource, self)
        extensions = [text_extension(extension_url("framework"), plan.framework)]
        extensions += resource.get("extension", [])
        for namespace, value in plan.extensions.items():
            inner = [text_extension("namespace", namespace)]
            inner.append({"url": "json", "valueString": json.dumps(thaw_json(value))})
            extensions.append({"url": extension_url("plan-extension"), "extension": inner})
        resource["extension"] = extensions
        resource["identifier"] = [identifier(plan.id)]
        resource["status"] = written("CarePlan", "status")
        resource["intent"] = written("CarePlan", "intent")
        resource["category"] = [care_plan_kind("recovery-plan")]
        resource["title"] = "Recovery plan"
        resource["subject"] = self.ref("patient")
        resource["author"] = self.ref("service")
        resource["careTeam"] = [self.ref("care-team")]
        if self.goal_keys:
            resource["goal"] = [self.ref(key) for _, key in self.goal_keys]
        activities = [
            self.support_activity(place.goal, action)
            for place in plan.walk_goals()
            for action in place.goal.support
        ]
        if activities:
            resource["activity"] = activities
        notes = [note for review in plan.reviews if (note := _review_note(review)) is not None]
        if notes:
            resource["note"] = notes
        support = [
            f"{action.action} ({self.name(action.by)})"
            for place in plan.walk_goals()
            for action in place.goal.support
        ]
        outcomes = [outcome.statement for outcome in plan.outcomes]
        resource["text"] = narrative.care_plan(plan.person.called, outcomes, support)
        self.add("care-plan", resource)

    def support_activity(self, goal: Goal, action: SupportAction) -> JSON:
        detail: JSON = {"status": activity_status(goal.status)}
        write(SUPPORT, action, detail, self)
        detail["goal"] = [self.goal_ref(goal.id)]
        return {"detail": detail}

    def goal(self, part: Outcome | Goal, key: str) -> None:
        resource: JSON = {"resourceType": "Goal"}
        write(OUTCOME if isinstance(part, Outcome) else GOAL, part, resource, self)
        for child in part.goals:
            milestone = concept(GOAL_RELATIONSHIP_TYPE_SYSTEM, "milestone")
            target = {"url": "target", "valueReference": self.goal_ref(child.id)}
            relationship = [{"url": "type", "valueCodeableConcept": milestone}, target]
            resource.setdefault("extension", []).append(
                {"url": GOAL_RELATIONSHIP, "extension": relationship}
            )
        resource["identifier"] = [identifier(part.id)]
        resource["subject"] = self.ref("patient")
        if part.achieved_on is not None and part.status == "achieved":
            resource["statusDate"] = part.achieved_on.isoformat()
        if isinstance(part, Outcome):
            voice = self.expressed_by(part)
            if voice is not None:
                resource["expressedBy"] = voice
        resource["text"] = narrative.goal(part)
        self.add(key, resource)

    def expressed_by(self, outcome: Outcome) -> JSON | None:
        """Whose outcome it is: the person's when any item it is based on is in their voice."""
        items = [self.items[id] for id in outcome.based_on if id in self.items]
        if any(item.voice == "person" for item in items):
            return self.ref("patient")
        for item in items:
            if item.raised_by is not None and item.raised_by in self.members:
                return self.person(item.raised_by)
        return None

    def risk_assessment(self, risk: RiskPlan) -> None:
        resource: JSON = {"resourceType": "RiskAssessment"}
        write(RISK, risk, resource, self)
        resource["identifier"] = [identifier(risk.id)]
        resource["status"] = _risk_status(risk.decision)
        resource["subject"] = self.ref("patient")
        if risk.decision is not None and risk.decision.on is not None:
            resource["occurrenceDateTime"] = risk.decision.on.isoformat()
        predictions = []
        for concern in risk.concerns:
            parts = self.fields(concern, ["id", "likelihood", "severity"], top=False)
            prediction: JSON = {
                "extension": [{"url": extension_url("concern"), "extension": parts}]
            }
            write(CONCERN, concern, prediction, self)
            prediction["qualitativeRisk"] = concept(
                PROBABILITY_SYSTEM, qualitative_risk(concern.likelihood, concern.severity)
            )
            predictions.append(prediction)
        if predictions:
            resource["prediction"] = predictions
        mitigation = self.mitigation(risk)
        if mitigation:
            resource["mitigation"] = mitigation
        safeguards = [f"{s.action} ({self.name(s.by)})" for s in risk.safeguards]
        resource["text"] = narrative.risk_plan(risk, safeguards)
        self.add(f"risk/{risk.id}", resource)

    def mitigation(self, risk: RiskPlan) -> str | None:
        """The safeguards and the contingency as text, for systems that read no extensions."""
        lines = [f"{self.name(safeguard.by)}: {safeguard.action}" for safeguard in risk.safeguards]
        if risk.contingency is not None:
            lines.append(f"If things go wrong: {risk.contingency}")
        text = "\n".join(lines)
        return text if is_string(text) else None

    def name(self, ref: str) -> str:
        if ref == "person":
            return self.plan.person.called
        if ref == "service":
            return self.plan.service.name if self.plan.service else "the service"
        for member in self.plan.circle:
            if member.id == ref:
                return member.name
        return ref

    def observation(self, index: int, rating: Rating) -> None:
        resource: JSON = {"resourceType": "Observation", "status": written("Observation", "status")}
        resource["category"] = written("Observation", "category")
        resource["subject"] = self.ref("patient")
        write(RATING, rating, resource, self)
        domain = rating.domain.replace("_", " ")
        resource["text"] = narrative.rating(rating, domain, self.name(rating.by))
        self.add(f"rating/{index}", resource)

    def consent(self, index: int, consent: SharingConsent) -> None:
        resource: JSON = {"resourceType": "Consent", "status": written("Consent", "status")}
        resource["scope"] = written("Consent", "scope")
        resource["category"] = written("Consent", "category")
        resource["patient"] = self.ref("patient")
        resource["policyRule"] = written("Consent", "policyRule")
        recipient = written("Consent", "provision.actor[].role")
        # A permit that names no data permits everything, so "nothing yet" is a deny.
        kind = "permit" if consent.sections else "deny"
        resource["provision"] = {"type": kind, "actor": [{"role": recipient}]}
        write(CONSENT, consent, resource, self)
        called = self.plan.person.called
        resource["text"] = narrative.consent(called, consent, self.name(consent.member))
        self.add(f"consent/{index}", resource)

    def safety_plan(self) -> None:
        safety = self.plan.safety_plan
        assert safety is not None
        resource: JSON = {"resourceType": "CarePlan"}
        write(SAFETY_PLAN, safety, resource, self)
        resource["status"] = written("CarePlan", "status")
        resource["intent"] = written("CarePlan", "intent")
        resource["category"] = [care_plan_kind("safety-plan")]
        resource["title"] = "Safety plan"
        resource["subject"] = self.ref("patient")
        resource["partOf"] = [self.ref("care-plan")]
        # Every step is an activity, so that a viewer that reads no extensions shows them all;
        # the steps that are also extensions are read back from the extensions alone.
        activities = [
            self.safety_step(code, value)
            for field, code in SAFETY_STEP_FIELDS
            for value in getattr(safety, field)
        ]
        if activities:
            resource["activity"] = activities
        names = {m.id: m.name for m in reversed(self.plan.circle)}
        resource["text"] = narrative.safety_plan(self.plan.person.called, safety, names)
        self.add("safety-plan", resource)

    def flag(self, index: int, adjusted: Adjustment) -> None:
        """A need as a National Reasonable Adjustment Flag on the person
        (:mod:`recoveryplan.fhir.adjustments`)."""
        resource: JSON = {"resourceType": "Flag", "status": "active"}
        resource["category"] = flag_categories(adjusted)
        resource["code"] = flag_code(adjusted)
        resource["subject"] = self.ref("patient")
        resource["text"] = narrative.narrative("Reasonable adjustment", [("Needed", adjusted.text)])
        self.add(f"flag/{index}", resource)

    def safety_step(self, code: str, value: str | Distraction | Professional) -> JSON:
        detail: JSON = {"code": concept(SAFETY_STEP_SYSTEM, code), "status": "in-progress"}
        if isinstance(value, Distraction):
            put(detail, "description", value.what)
            if value.who is not None:
                detail["performer"] = [self.person(value.who)]
        elif isinstance(value, Professional):
            put(detail, "description", f"{value.name}: {value.contact}")
        else:
            put(detail, "description", value)
        return {"detail": detail}


def _interpreter(patient: JSON, languages: list[str]) -> None:
    """An interpreter need in the standard elements: HL7's ``patient-interpreterRequired``,
    and each language to interpret into in ``Patient.communication`` (``preferred: false``),
    unless it is there already as the person's own language."""
    if not languages:
        return
    patient.setdefault("extension", []).append({"url": INTERPRETER_REQUIRED, "valueBoolean": True})
    written = [
        coding.get("code")
        for spoken in patient.get("communication", [])
        for coding in spoken["language"].get("coding", [])
    ]
    for tag in languages:
        if tag not in written:
            language = concept(LANGUAGE_SYSTEM, tag)
            patient.setdefault("communication", []).append(
                {"language": language, "preferred": False}
            )


def _outcomes_and_goals(plan: Plan) -> Iterator[Outcome | Goal]:
    """Each outcome, followed by its small goals (depth first), in document order."""
    places = plan.walk_goals()
    place = next(places, None)
    for index, outcome in enumerate(plan.outcomes):
        yield outcome
        within = f"$.outcomes[{index}]."
        while place is not None and place.path.startswith(within):
            yield place.goal
            place = next(places, None)


def _risk_status(decision: Decision | None) -> str:
    return "final" if decision is not None and decision.status in _DECIDED else "preliminary"


def _review_note(review: Review) -> JSON | None:
    """A review as a readable note on the plan (its exact content is in an extension)."""
    parts = [
        f"{label}: {text}"
        for label, text in (
            ("Went well", review.went_well),
            ("Changed", review.changed),
            ("Next", review.next),
        )
        if text
    ]
    text = "Review. " + " ".join(parts) if parts else "Review."
    if not is_string(text):
        return None
    return {"time": review.on.isoformat(), "text": text}
