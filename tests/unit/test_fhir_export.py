"""Export to FHIR R4: the reference plan's bundle, and bundles of generated plans, validate."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given, settings

import recoveryplan as rp
from recoveryplan.fhir import to_fhir
from recoveryplan.fhir.codes import GOAL_RELATIONSHIP, TEXT
from recoveryplan.testing.strategies import plans

from ..support.fhir import assert_valid, by_type


def _milestones(goal: dict[str, Any]) -> list[str]:
    found = []
    for extension in goal.get("extension", []):
        if extension["url"] == GOAL_RELATIONSHIP:
            parts = {part["url"]: part for part in extension["extension"]}
            assert parts["type"]["valueCodeableConcept"]["coding"][0]["code"] == "milestone"
            found.append(parts["target"]["valueReference"]["reference"])
    return found


def test_the_reference_plan_exports_its_goals_milestones_and_risk_plan(morag: rp.Plan) -> None:
    bundle = to_fhir(morag)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    goals = by_type(bundle, "Goal")
    assert len(goals) == 11
    children = [target for goal in goals for target in _milestones(goal)]
    assert len(children) == 8
    urls = {entry["resource"]["id"]: entry["fullUrl"] for entry in bundle["entry"]}
    outcomes = [goal for goal in goals if urls[goal["id"]] not in children]
    assert [goal["description"]["text"] for goal in outcomes] == [
        outcome.statement for outcome in morag.outcomes
    ]
    achieved = [
        goal
        for goal in goals
        if goal.get("achievementStatus", {}).get("coding", [{}])[0].get("code") == "achieved"
    ]
    assert len(achieved) == 3
    assert all(goal["lifecycleStatus"] == "completed" for goal in achieved)
    assert len(by_type(bundle, "RiskAssessment")) == 1
    assert_valid(bundle)


def test_the_reference_bundle_holds_every_kind_of_resource(morag: rp.Plan) -> None:
    bundle = to_fhir(morag)
    counts: dict[str, int] = {}
    for entry in bundle["entry"]:
        kind = entry["resource"]["resourceType"]
        counts[kind] = counts.get(kind, 0) + 1
    assert counts == {
        "Patient": 1,
        "Organization": 1,
        "RelatedPerson": 2,  # Eilidh (carer) and Ali (friend)
        "Practitioner": 2,  # James (staff) and Priya (professional)
        "CareTeam": 1,
        "CarePlan": 2,  # the plan and its safety plan
        "Goal": 11,
        "RiskAssessment": 1,
        "Observation": 10,
        "Consent": 2,
    }
    main, safety = by_type(bundle, "CarePlan")
    assert main["intent"] == "plan"
    assert safety["partOf"] == [{"reference": _url_of(bundle, main)}]
    team = by_type(bundle, "CareTeam")[0]
    roles = [p["role"][0]["coding"][0]["code"] for p in team["participant"]]
    assert roles == ["carer", "staff", "professional", "friend"]
    performers = [a["detail"]["performer"] for a in main["activity"]]
    assert len(performers) == 5  # one activity per support action


def test_predictions_map_likelihood_and_severity_to_a_qualitative_risk(morag: rp.Plan) -> None:
    risk = by_type(to_fhir(morag), "RiskAssessment")[0]
    codes = [p["qualitativeRisk"]["coding"][0]["code"] for p in risk["prediction"]]
    assert codes == ["low", "low"]  # possible x minor = 6, unlikely x moderate = 6
    assert [p["outcome"]["text"] for p in risk["prediction"]] == [
        concern.description for concern in morag.risk_plans[0].concerns
    ]
    assert len(risk["basis"]) == 2


def test_ratings_are_observations_coded_in_the_framework(morag: rp.Plan) -> None:
    observations = by_type(to_fhir(morag), "Observation")
    first = observations[0]
    assert first["code"]["coding"][0] == {
        "system": "https://recoveryplan.dev/fhir/CodeSystem/framework/chime",
        "code": "connectedness",
    }
    assert first["valueInteger"] == 6
    assert first["effectiveDateTime"] == "2026-03-02"


def test_the_same_plan_always_exports_the_same_bundle(morag: rp.Plan) -> None:
    assert to_fhir(morag) == to_fhir(rp.loads(rp.dumps(morag)))
    other = to_fhir(attrs.evolve(morag, id="plan-other"))
    ours = {entry["fullUrl"] for entry in to_fhir(morag)["entry"]}
    assert ours.isdisjoint(entry["fullUrl"] for entry in other["entry"])


def test_text_fhir_cannot_hold_is_carried_exactly(morag: rp.Plan) -> None:
    plan = morag.with_goal_status("g-dosette", "active")
    plan = attrs.evolve(plan, person=attrs.evolve(plan.person, name="", pronouns="\u00a0"))
    bundle = to_fhir(plan)
    patient = by_type(bundle, "Patient")[0]
    assert "text" not in patient["name"][0]
    assert patient["name"][0]["_text"]["extension"] == [{"url": TEXT, "valueString": '""'}]
    pronouns = patient["extension"][0]
    assert pronouns["extension"] == [{"url": TEXT, "valueString": '"\\u00a0"'}]
    assert_valid(bundle)


@settings(max_examples=50)
@given(plans())
def test_every_generated_plan_exports_a_valid_bundle(plan: rp.Plan) -> None:
    assert_valid(to_fhir(plan))


def _url_of(bundle: dict[str, Any], resource: dict[str, Any]) -> str:
    (url,) = [entry["fullUrl"] for entry in bundle["entry"] if entry["resource"] is resource]
    return str(url)
