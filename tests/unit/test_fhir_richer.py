"""What a plain FHIR viewer sees of an export: narrative, standard codes, the safety plan's steps
in standard elements, and the opt-in UK Core profile; none of it changes the plan read back."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import recoveryplan as rp
from recoveryplan.fhir.profiles import NHS_NUMBER_SYSTEM, UK_CORE, profiled
from recoveryplan.fhir.vocabulary import SAFETY_STEP_SYSTEM, SNOMED
from recoveryplan.testing.strategies import plans

from ..support.fhir import assert_valid, by_type

XHTML = "{http://www.w3.org/1999/xhtml}"


def _text(resource: dict[str, Any]) -> str:
    """The words of a resource's narrative (its XHTML parsed, so escaping is undone)."""
    assert resource["text"]["status"] == "generated"
    div = ElementTree.fromstring(resource["text"]["div"])
    assert div.tag == f"{XHTML}div"
    allowed = {f"{XHTML}{tag}" for tag in ("div", "p", "b", "ul", "li")}
    assert {element.tag for element in div.iter()} <= allowed
    return " ".join("".join(div.itertext()).split())


def test_every_resource_has_a_narrative_of_what_it_holds(morag: rp.Plan) -> None:
    bundle = rp.to_fhir(morag)
    for entry in bundle["entry"]:
        assert _text(entry["resource"]), entry["resource"]["resourceType"]
    goals = by_type(bundle, "Goal")
    descriptions = [goal["description"]["text"] for goal in goals]
    assert all(d in _text(g) for d, g in zip(descriptions, goals, strict=True))
    (patient,) = by_type(bundle, "Patient")
    assert "Morag Sinclair" in _text(patient)
    safety = by_type(bundle, "CarePlan")[1]
    assert morag.safety_plan is not None
    for sign in morag.safety_plan.warning_signs:
        assert sign in _text(safety)


def test_narrative_escapes_what_people_wrote(morag: rp.Plan) -> None:
    statement = "Say <b>no</b> & mean it"
    plan = attrs.evolve(morag, outcomes=(attrs.evolve(morag.outcomes[0], statement=statement),))
    goal = by_type(rp.to_fhir(plan), "Goal")[0]
    assert "&lt;b&gt;no&lt;/b&gt; &amp; mean it" in goal["text"]["div"]
    assert _text(goal).startswith(statement)


def test_narrative_is_xml_whatever_the_text_holds(morag: rp.Plan) -> None:
    statement = "Not XML: \uffff and \ufffe"
    plan = attrs.evolve(morag, outcomes=(attrs.evolve(morag.outcomes[0], statement=statement),))
    bundle = rp.to_fhir(plan)
    assert _text(by_type(bundle, "Goal")[0]).startswith("Not XML: \ufffd and \ufffd")
    assert rp.from_fhir(bundle)[0] == plan


def test_care_plans_carry_snomed_ct_beside_our_own_kind(morag: rp.Plan) -> None:
    main, safety = by_type(rp.to_fhir(morag), "CarePlan")
    codes = [
        [(c["system"].rsplit("/", 1)[-1], c["code"]) for c in plan["category"][0]["coding"]]
        for plan in (main, safety)
    ]
    assert codes == [
        [("care-plan-kind", "recovery-plan"), ("sct", "718347000")],
        [("care-plan-kind", "safety-plan"), ("sct", "736253002")],
    ]
    assert all(plan["category"][0]["coding"][1]["system"] == SNOMED for plan in (main, safety))


def test_the_safety_plans_steps_are_activities_a_viewer_shows(morag: rp.Plan) -> None:
    safety_plan = morag.safety_plan
    assert safety_plan is not None
    safety = by_type(rp.to_fhir(morag), "CarePlan")[1]
    steps: dict[str, list[str]] = {}
    for activity in safety["activity"]:
        (coding,) = activity["detail"]["code"]["coding"]
        assert coding["system"] == SAFETY_STEP_SYSTEM
        steps.setdefault(coding["code"], []).append(activity["detail"]["description"])
    assert steps["warning-sign"] == list(safety_plan.warning_signs)
    assert steps["person-to-ask"] == list(safety_plan.people_to_ask)
    assert steps["reason-for-living"] == list(safety_plan.reasons_for_living)
    assert steps["professional"] == [f"{p.name}: {p.contact}" for p in safety_plan.professionals]
    back, findings = rp.from_fhir(rp.to_fhir(morag))
    assert back == morag
    assert findings == []  # the steps are not read twice, nor reported as left out


def test_a_step_only_as_an_activity_is_reported_not_read_twice(morag: rp.Plan) -> None:
    bundle = rp.to_fhir(morag)
    safety = by_type(bundle, "CarePlan")[1]
    safety["extension"] = [
        e for e in safety["extension"] if not e["url"].endswith("/reasons-for-living")
    ]
    back, findings = rp.from_fhir(bundle)
    assert back.safety_plan is not None
    assert back.safety_plan.reasons_for_living == ()
    assert any("read only from its extension" in f.message for f in findings)


def test_uk_core_claims_its_profiles_and_reads_back_the_same(morag: rp.Plan) -> None:
    bundle = rp.to_fhir(morag, profile="uk-core")
    assert bundle["meta"]["profile"] == [UK_CORE["Bundle"]]
    for entry in bundle["entry"]:
        resource = entry["resource"]
        kind = resource["resourceType"]
        if kind in UK_CORE:
            assert resource["meta"] == {"profile": [UK_CORE[kind]]}
            assert list(resource)[:3] == ["resourceType", "id", "meta"]
        else:
            assert kind in ("Goal", "RiskAssessment")
            assert "meta" not in resource
    assert_valid(bundle)
    assert rp.from_fhir(bundle) == rp.from_fhir(rp.to_fhir(morag))
    plain = rp.to_fhir(morag)
    assert all("meta" not in entry["resource"] for entry in plain["entry"])


def test_uk_core_writes_the_nhs_number_when_the_person_has_one(morag: rp.Plan) -> None:
    number = {"system": NHS_NUMBER_SYSTEM, "value": "9000000009"}
    other = {"system": "https://example.org/id", "value": "x"}
    person = SimpleNamespace(identifiers=[number, other])
    stand_in: Any = SimpleNamespace(person=person)
    bundle = profiled(rp.to_fhir(morag), stand_in, "uk-core")
    (patient,) = by_type(bundle, "Patient")
    assert patient["identifier"][-1] == number
    assert other not in patient["identifier"]
    again = profiled(bundle, stand_in, "uk-core")  # never twice
    assert by_type(again, "Patient")[0]["identifier"].count(number) == 1


def test_an_unknown_profile_is_refused_with_the_known_ones(morag: rp.Plan) -> None:
    with pytest.raises(rp.PlanError, match=r"no FHIR profile 'us-core'.*'uk-core'"):
        rp.to_fhir(morag, profile="us-core")


@settings(max_examples=30)
@given(plans(max_items=2, max_goals=5, max_depth=3))
def test_generated_plans_have_narrative_and_read_back_in_uk_core(plan: rp.Plan) -> None:
    bundle = rp.to_fhir(plan, profile="uk-core")
    for entry in bundle["entry"]:
        assert re.sub(r"\s", "", _text(entry["resource"]))
    assert_valid(bundle)
    assert rp.from_fhir(bundle)[0] == plan
