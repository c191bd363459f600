"""Exports validate against HL7's own R4 definitions: the official JSON Schema and the FHIRPath
invariants of the R4 StructureDefinitions (besides fhir.resources, in test_fhir_export)."""

from __future__ import annotations

import copy

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.demo import example_plan
from recoveryplan.fhir.vocabulary import TEXT, is_string
from recoveryplan.testing.strategies import plans

from ..support.fhir import assert_valid, by_type
from ..support.fhir_conformance import invariant_errors, schema_errors


def test_the_reference_plan_passes_the_schema_and_the_invariants(morag: rp.Plan) -> None:
    for profile in (None, "uk-core"):
        bundle = rp.to_fhir(morag, profile=profile)
        assert schema_errors(bundle) == []
        assert invariant_errors(bundle) == []


def test_the_checks_find_what_they_are_for(morag: rp.Plan) -> None:
    """Guards the tests here: each check reports a bundle broken in its own way."""
    bundle = copy.deepcopy(rp.to_fhir(morag))
    patient = bundle["entry"][0]["resource"]
    del patient["text"]
    patient["extension"][0]["extension"] = [{"url": "x", "valueString": "y"}]
    bundle["entry"][5]["resource"]["period"] = {"start": "2026-02-01", "end": "2025-01-01"}
    bundle["entry"][1]["fullUrl"] = bundle["entry"][0]["fullUrl"]
    found = invariant_errors(bundle)
    keys = sorted(line.split(": ")[1].split(" ")[0] for line in found)
    assert keys == ["bdl-7", "dom-6", "ext-1", "per-1"]
    patient["name"][0]["text"] = "Morag\u00a0Sinclair"
    assert len(schema_errors(bundle)) == 1
    # The bundle around the resources is checked too, each resource only on its own.
    bundle["entry"][2]["search"] = {"mode": "nope"}
    assert [e.split(":")[0] for e in schema_errors(bundle)][1:] == [
        "bundle['entry', 2, 'search', 'mode']"
    ]


@settings(max_examples=25)
@given(plans(max_items=2, max_goals=5, max_depth=3))
def test_generated_plans_pass_the_schema_and_the_invariants(plan: rp.Plan) -> None:
    bundle = rp.to_fhir(plan)
    assert schema_errors(bundle) == []
    assert invariant_errors(bundle) == []
    assert rp.from_fhir(bundle)[0] == plan


SPACES = st.sampled_from(["\u00a0", "\u2007", "\u202f", "\u3000", "\ufeff", "\u2028", "\x85"])


@settings(max_examples=40)
@given(st.text(min_size=1, max_size=8), SPACES, st.text(max_size=8))
def test_text_with_an_unusual_space_passes_the_schema_and_comes_back_exact(
    before: str, space: str, after: str
) -> None:
    """The defect: a string FHIR's JSON Schema refuses (``^[ \\r\\n\\t\\S]+$`` — a no-break
    space anywhere) was written as a plain string because one allowed character was enough."""
    text = before + space + after
    plan = example_plan()
    try:
        goal = attrs.evolve(plan.outcomes[0], statement=text)
        person = attrs.evolve(plan.person, pronouns=text)
        plan = attrs.evolve(plan, outcomes=(goal, *plan.outcomes[1:]), person=person)
    except rp.PlanError:
        return  # text a plan cannot hold (a control character)
    assert not is_string(text)
    bundle = rp.to_fhir(plan)
    assert schema_errors(bundle) == []
    assert_valid(bundle)
    description = by_type(bundle, "Goal")[0]["description"]
    assert "text" not in description
    assert description["_text"]["extension"][0]["url"] == TEXT
    assert rp.from_fhir(bundle)[0] == plan
