"""Communication needs in FHIR the standard way: Patient.communication, HL7's
patient-interpreterRequired and, for a service in England, National Reasonable Adjustment Flags;
read back exactly, read from the standard elements alone, and a disagreement named."""

from __future__ import annotations

import copy
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.communication import Country, Need, NeedKind
from recoveryplan.demo import example_plan
from recoveryplan.fhir.adjustments import (
    ADJUSTMENT_CATEGORY_SYSTEM,
    FLAG_CATEGORY_SYSTEM,
    INTERPRETER_REQUIRED,
    NRAF,
)
from recoveryplan.fhir.conformance import package
from recoveryplan.fhir.vocabulary import BASE, SNOMED

from ..support.fhir import assert_valid, by_type
from ..support.fhir_conformance import invariant_errors, schema_errors

NEEDS: tuple[str | Need, ...] = (
    Need(kind=NeedKind.EASY_READ),
    Need(kind=NeedKind.LARGE_PRINT, size=24),
    Need(kind=NeedKind.BSL),
    Need(kind=NeedKind.INTERPRETER, language="pl"),
    Need(kind=NeedKind.AUDIO),
    Need(kind=NeedKind.BRAILLE),
    "Please phone before you visit",
)


def _plan(
    needs: tuple[str | Need, ...] = NEEDS,
    country: str | None = "GB-ENG",
    language: str | None = "en-GB",
) -> rp.Plan:
    plan = example_plan()
    assert plan.service is not None
    person = attrs.evolve(plan.person, communication=needs, language=language)
    return attrs.evolve(plan, person=person, service=attrs.evolve(plan.service, country=country))


def _patient(bundle: dict[str, Any]) -> dict[str, Any]:
    (patient,) = by_type(bundle, "Patient")
    return patient


def _without_our_needs(bundle: dict[str, Any]) -> dict[str, Any]:
    """The bundle as a system that drops extensions it does not know would pass it on."""
    stripped = copy.deepcopy(bundle)
    patient = _patient(stripped)
    ours = f"{BASE}/StructureDefinition/communication"
    patient["extension"] = [e for e in patient["extension"] if e["url"] != ours]
    return stripped


def test_an_interpreter_need_is_in_the_standard_elements() -> None:
    bundle = rp.to_fhir(_plan())
    patient = _patient(bundle)
    assert {"url": INTERPRETER_REQUIRED, "valueBoolean": True} in patient["extension"]
    spoken = [
        (c["language"]["coding"][0]["code"], c["preferred"]) for c in patient["communication"]
    ]
    assert spoken == [("en-GB", True), ("pl", False)]


def test_the_person_own_language_is_not_written_twice_for_their_interpreter() -> None:
    plan = _plan(needs=(Need(kind=NeedKind.INTERPRETER, language="pl"),), language="pl")
    patient = _patient(rp.to_fhir(plan))
    assert [c["preferred"] for c in patient["communication"]] == [True]
    back, findings = rp.from_fhir(_without_our_needs(rp.to_fhir(plan)))
    assert back.person.communication == (Need(kind=NeedKind.INTERPRETER, language="pl"),)
    assert back.person.language == "pl"
    assert findings == []


def test_each_need_is_a_national_reasonable_adjustment_flag_in_england() -> None:
    bundle = rp.to_fhir(_plan())
    flags = by_type(bundle, "Flag")
    assert len(flags) == len(NEEDS)
    patient_url = next(
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    codes = {}
    for flag in flags:
        assert flag["status"] == "active"
        assert flag["subject"] == {"reference": patient_url}
        national, adjustment = (c["coding"][0] for c in flag["category"])
        assert (national["system"], national["code"]) == (FLAG_CATEGORY_SYSTEM, NRAF[0])
        assert adjustment["system"] == ADJUSTMENT_CATEGORY_SYSTEM
        coding = flag["code"].get("coding", [{}])[0]
        codes[flag["code"]["text"]] = (adjustment["code"], coding.get("system"), coding.get("code"))
    assert codes == {
        "Requires information in Easyread": (
            "requires-specific-information-format",
            SNOMED,
            "796161000000101",
        ),
        "Requires written information in at least 24 point sans serif font": (
            "requires-specific-information-format",
            SNOMED,
            "957351000000102",
        ),
        "British Sign Language interpreter needed": (
            "requires-communication-professional",
            SNOMED,
            "204331000000107",
        ),
        "Interpreter needed: Polish (pl)": ("community-language-support", None, None),
        "Requires information in electronic audio format": (
            "requires-specific-information-format",
            SNOMED,
            "936601000000105",
        ),
        "Requires information in braille": ("requires-specific-information-format", None, None),
        "Please phone before you visit": ("bespoke-reasonable-adjustments", None, None),
    }


def test_no_flag_outside_england() -> None:
    for country in (None, "GB-SCT", "GB-WLS", "GB-NIR"):
        assert by_type(rp.to_fhir(_plan(country=country)), "Flag") == []


def test_the_bundle_with_flags_is_valid_fhir() -> None:
    for profile in (None, "uk-core"):
        bundle = rp.to_fhir(_plan(), profile=profile)
        assert_valid(bundle)
        assert schema_errors(bundle) == []
        assert invariant_errors(bundle) == []
    flag = by_type(rp.to_fhir(_plan(), profile="uk-core"), "Flag")[0]
    assert flag["meta"]["profile"] == ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Flag"]


def test_the_needs_come_back_exactly_with_no_finding() -> None:
    plan = _plan()
    back, findings = rp.from_fhir(rp.to_fhir(plan))
    assert back == plan
    assert findings == []


def test_the_standard_elements_alone_give_the_needs_back() -> None:
    """What a system that reads no recoveryplan extension keeps is still every need: coded
    where a SNOMED CT concept says it exactly, in words otherwise."""
    back, findings = rp.from_fhir(_without_our_needs(rp.to_fhir(_plan())))
    assert findings == []
    assert back.person.language == "en-GB"
    assert set(back.person.communication) == {
        Need(kind=NeedKind.EASY_READ),
        Need(kind=NeedKind.LARGE_PRINT, size=24),
        Need(kind=NeedKind.BSL),
        Need(kind=NeedKind.INTERPRETER, language="pl"),
        Need(kind=NeedKind.AUDIO),
        "Requires information in braille",
        "Please phone before you visit",
    }


def test_a_flag_changed_by_another_system_is_named_and_the_extension_kept() -> None:
    plan = _plan()
    bundle = copy.deepcopy(rp.to_fhir(plan))
    easy_read = next(f for f in by_type(bundle, "Flag") if "Easyread" in f["code"]["text"])
    easy_read["code"] = {
        "coding": [{"system": SNOMED, "code": "957371000000106"}],
        "text": "Requires written information in at least 28 point sans serif font",
    }
    back, findings = rp.from_fhir(bundle)
    assert back == plan
    (finding,) = findings
    assert finding.code == "fhir.disagree"
    assert finding.severity == "warning"
    assert finding.path.startswith("$.entry[0]")
    assert "'Requires written information in at least 28 point sans serif font'" in finding.message
    assert "no Flag says 'Requires information in Easyread'" in finding.message


def test_an_interpreter_no_longer_required_is_a_disagreement() -> None:
    bundle = copy.deepcopy(rp.to_fhir(_plan()))
    patient = _patient(bundle)
    for extension in patient["extension"]:
        if extension["url"] == INTERPRETER_REQUIRED:
            extension["valueBoolean"] = False
    _, findings = rp.from_fhir(bundle)
    assert [f.code for f in findings] == ["fhir.disagree"]
    assert "says an interpreter is not required" in findings[0].message


def test_an_interpreter_with_no_language_is_kept_in_words() -> None:
    bundle = _without_our_needs(rp.to_fhir(_plan(needs=(), country=None, language=None)))
    patient = _patient(bundle)
    patient["extension"].append({"url": INTERPRETER_REQUIRED, "valueBoolean": True})
    back, findings = rp.from_fhir(bundle)
    assert [f.code for f in findings] == ["fhir.missing"]
    assert "add the language to interpret into" in findings[0].message
    assert back.person.communication == ("An interpreter (the language was not given)",)


def test_a_flag_of_another_programme_is_left_out() -> None:
    bundle = copy.deepcopy(rp.to_fhir(_plan(needs=(Need(kind=NeedKind.EASY_READ),))))
    flag = by_type(bundle, "Flag")[0]
    flag["category"] = [{"coding": [{"system": "http://example.org/flags", "code": "x"}]}]
    back, findings = rp.from_fhir(_without_our_needs(bundle))
    assert back.person.communication == ()
    assert [(f.code, f.message) for f in findings] == [
        ("fhir.unmapped", "a Flag that is not a National Reasonable Adjustment Flag was left out")
    ]


def test_a_language_marked_not_preferred_is_not_taken_as_the_person_language() -> None:
    plan = _plan(needs=(Need(kind=NeedKind.INTERPRETER, language="ar"),), language=None)
    back, findings = rp.from_fhir(_without_our_needs(rp.to_fhir(plan)))
    assert back.person.language is None
    assert back.person.communication == (Need(kind=NeedKind.INTERPRETER, language="ar"),)
    assert findings == []


_LANGUAGES = st.sampled_from(["pl", "ar", "cy", "ur", "en-GB", "gd"])
_NEEDS = st.one_of(
    st.builds(Need, kind=st.sampled_from([NeedKind.EASY_READ, NeedKind.AUDIO, NeedKind.BSL])),
    st.builds(Need, kind=st.just(NeedKind.BRAILLE), text=st.none() | st.just("Grade 2")),
    st.builds(Need, kind=st.just(NeedKind.LARGE_PRINT), size=st.none() | st.integers(14, 72)),
    st.builds(Need, kind=st.just(NeedKind.INTERPRETER), language=_LANGUAGES),
    st.builds(Need, kind=st.just(NeedKind.OTHER), text=st.sampled_from(["Slowly", " odd  "])),
    st.sampled_from(["Large print, please (16 point or bigger).", "Tea first"]),
)


@settings(max_examples=40, deadline=None)
@given(
    needs=st.lists(_NEEDS, max_size=5).map(tuple),
    country=st.none() | st.sampled_from([c.value for c in Country]),
    language=st.none() | _LANGUAGES,
)
def test_any_needs_round_trip_with_no_finding(
    needs: tuple[str | Need, ...], country: str | None, language: str | None
) -> None:
    plan = _plan(needs=needs, country=country, language=language)
    bundle = rp.to_fhir(plan)
    back, findings = rp.from_fhir(bundle)
    assert back == plan
    assert findings == []
    standard, findings = rp.from_fhir(_without_our_needs(bundle))
    assert standard.person.language == language
    interpreters = {n for n in needs if isinstance(n, Need) and n.kind is NeedKind.INTERPRETER}
    # Patient.communication with interpreterRequired cannot say an interpreter into the
    # person's own language once another language needs one too (the two write the same
    # elements); only our extension carries that. Every other interpreter comes back.
    others = {n for n in interpreters if n.language != language}
    assert (others or interpreters) <= set(standard.person.communication)
    if country == "GB-ENG":
        assert len(standard.person.communication) <= len(needs)


def test_the_concept_map_says_what_the_flags_are_written_with() -> None:
    """The package's ConceptMap and the export agree, kind by kind."""
    files = package()
    (concept_map,) = [r for r in files.values() if r.get("resourceType") == "ConceptMap"]
    categories, concepts = concept_map["group"]
    by_kind = {e["code"]: e["target"][0]["code"] for e in categories["element"]}
    coded = {e["code"]: {t["code"] for t in e["target"]} for e in concepts["element"]}
    system = files["CodeSystem-communication-need.json"]
    assert {c["code"] for c in system["concept"]} == set(by_kind) == set(NeedKind.values())
    for need in NEEDS:
        if isinstance(need, str):
            continue
        (flag,) = by_type(rp.to_fhir(_plan(needs=(need,))), "Flag")
        assert flag["category"][1]["coding"][0]["code"] == by_kind[need.kind.value]
        for coding in flag["code"].get("coding", []):
            assert coding["code"] in coded[need.kind.value]


def test_a_malformed_element_read_for_language_and_needs_is_one_problem() -> None:
    bundle = copy.deepcopy(rp.to_fhir(_plan()))
    patient = _patient(bundle)
    patient["communication"].append("Polish")
    patient["extension"].append(3)
    with pytest.raises(rp.PlanFormatError) as raised:
        rp.from_fhir(bundle)
    assert [(p.path, p.message) for p in raised.value.problems] == [
        ("$.entry[0].resource.extension[9]", "expected an object, not the number 3"),
        ("$.entry[0].resource.communication[2]", "expected an object, not text"),
    ]
