"""Ratings, risk plans, the safety plan and reviews back from a bundle.

The fields of each come from the mapping tables; what stays here is what is not one field in
one element: a concern from elsewhere that has only a qualitative risk, a mitigation kept as
the contingency, the safety plan's steps, the plan's own extensions.
"""

from __future__ import annotations

import json
from typing import Any

from .._frozen import freeze_json
from .._values import Invalid
from ..messages import gettext as _
from ..risk import DecisionStatus
from ..serialize import child_path
from .mapping import CONCERN, PLAN, RATING, RISK, SAFETY_PLAN, STEP_STATUS
from .reading import JSON, Entry, url_of
from .resolving import PlanReader
from .rows import read
from .vocabulary import (
    LIKELIHOOD_FALLBACK,
    PROBABILITY_SYSTEM,
    SAFETY_STEP_FIELDS,
    SAFETY_STEP_SYSTEM,
    extension_url,
)

__all__ = ["CareReading"]

_DECIDED = frozenset(
    {DecisionStatus.AGREED.value, DecisionStatus.AGREED_WITH_CHANGES.value}
    | {DecisionStatus.NOT_AGREED.value}
)

_MIRRORED = {
    step: field for field, step in SAFETY_STEP_FIELDS if field in SAFETY_PLAN.extension_fields
}
"""The safety plan's steps written both as extensions (exactly) and as activities (for
viewers): the import reads them from the extensions."""


class CareReading(PlanReader):
    """The part of a reading that makes ratings, risk plans, the safety plan and the rest."""

    def rating(self, entry: Entry) -> JSON | None:
        self.unread(entry.resource, entry.path, [])
        data: JSON = {}
        return data if read(RATING, entry.resource, entry.path, self, data) else None

    def risk_plan(self, entry: Entry) -> JSON:
        resource, path = entry.resource, entry.path
        self.unread(resource, path, RISK.extension_urls())
        extensions = self.items(resource, "extension", path)
        data: JSON = {"id": self.id_of(entry, "risk")}
        read(RISK, resource, path, self, data, extensions=extensions)
        concerns = [self._concern(p, w) for p, w in self.items(resource, "prediction", path)]
        if concerns:
            data["concerns"] = concerns
        # Written from the decision: whether it is final, and its day.
        decision = data.get("decision", {})
        decided = decision.get("status") in _DECIDED
        if resource.get("status") != ("final" if decided else "preliminary"):
            self.not_carried(resource, "status")
        if resource.get("occurrenceDateTime") != decision.get("on"):
            self.not_carried(resource, "occurrenceDateTime")
        # The safeguards and contingency are written twice: exactly, and as mitigation text.
        if "safeguards" in data or "contingency" in data:
            resource.get("mitigation")
        else:
            mitigation = self.text(resource, "mitigation", path)
            if mitigation is not None:
                self.finding("fhir.assumed", path, _("the mitigation was kept as the contingency"))
                data["contingency"] = mitigation
        return data

    def _concern(self, prediction: JSON, path: str) -> JSON:
        data: JSON = {}
        read(CONCERN, prediction, path, self, data)
        ours = self.extensions(prediction, path, extension_url("concern"))
        if ours:
            inner = self.items(ours[0][0], "extension", ours[0][1])
            names = ["id", "likelihood", "severity"]
            data.update(self.fields(inner, CONCERN.cls, names, top=False, path=ours[0][1]))
            self.carry(prediction, "qualitativeRisk")  # written from the likelihood and severity
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
                "fhir.assumed", path, _("likelihood from the qualitative risk; severity 'moderate'")
            )
        return data

    def safety_plan(self, entry: Entry) -> JSON:
        resource, path = entry.resource, entry.path
        self.unread(resource, path, SAFETY_PLAN.extension_urls())
        data: JSON = {}
        read(SAFETY_PLAN, resource, path, self, data)
        steps: dict[str, list[Any]] = {}
        for activity, where in self.items(resource, "activity", path):
            detail = self.object(activity, "detail", where)
            here = child_path(where, "detail")
            code = self.object(detail, "code", here) if detail is not None else None
            step = self.coded(code, SAFETY_STEP_SYSTEM, here)
            text = self.text(detail, "description", here) if detail is not None else None
            if detail is None or step is None or text is None:
                why = _("an activity that is no safety plan step")
                self.leave_out(activity, "fhir.unmapped", where, why)
                continue
            if detail.get("status", STEP_STATUS) != STEP_STATUS:
                self.not_carried(detail, "status")
            if step in _MIRRORED and _MIRRORED[step] in data:
                continue  # written for viewers; the extension holds it exactly
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
            else:
                message = _("a safety plan step that is read only from its extension")
                self.finding("fhir.unmapped", where, message)
        data.update(steps)
        return data

    def plan_urls(self) -> list[str]:
        """Every extension the plan's CarePlan may have that the reading reads."""
        ours = [extension_url("framework"), extension_url("plan-extension")]
        return [*PLAN.extension_urls(), *ours]

    def reviews_and_extensions(self, main: Entry, document: JSON) -> None:
        resource, path = main.resource, main.path
        self.unread(resource, path, self.plan_urls())
        read(PLAN.part("reviews", "agreements"), resource, path, self, document)
        if "reviews" not in document and resource.get("note"):
            self.finding("fhir.unmapped", child_path(path, "note"), _("notes were left out"))
        self.carry(resource, "note")  # with reviews, their summary for people
        found: JSON = {}
        for extension, where in self.extensions(resource, path, extension_url("plan-extension")):
            parts = {url_of(p): (p, w) for p, w in self.items(extension, "extension", where)}
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
