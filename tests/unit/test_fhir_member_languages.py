"""A circle member's language and interpreter needs are written the standard way too
(``RelatedPerson.communication``, a practitioner's ``communication``), read back from there by
a bundle without this project's extensions, and checked against the extensions when both are
there."""

from __future__ import annotations

import copy
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.communication import Need, NeedKind
from recoveryplan.demo import example_plan
from recoveryplan.fhir.vocabulary import BASE

from ..support.fhir import assert_valid, by_type

OURS = {f"{BASE}/StructureDefinition/language", f"{BASE}/StructureDefinition/communication"}
"""The extensions that carry a member's language and needs exactly."""


def _with_member(
    member_id: str, language: str | None, needs: tuple[str | Need, ...] = ()
) -> rp.Plan:
    plan = example_plan()
    circle = [
        attrs.evolve(m, language=language, communication=needs) if m.id == member_id else m
        for m in plan.circle
    ]
    return attrs.evolve(plan, circle=tuple(circle))


def _resource(bundle: dict[str, Any], member_id: str) -> dict[str, Any]:
    (found,) = [
        resource
        for kind in ("RelatedPerson", "Practitioner")
        for resource in by_type(bundle, kind)
        if resource["identifier"][0]["value"] == member_id
    ]
    return found


def _spoken(resource: dict[str, Any]) -> list[tuple[str, bool]]:
    return [
        (item["language"]["coding"][0]["code"], item["preferred"])
        for item in resource["communication"]
    ]


def _without_ours(bundle: dict[str, Any], member_id: str) -> dict[str, Any]:
    """The bundle as a system that drops extensions it does not know would pass it on."""
    stripped = copy.deepcopy(bundle)
    resource = _resource(stripped, member_id)
    resource["extension"] = [e for e in resource.get("extension", []) if e["url"] not in OURS]
    if not resource["extension"]:
        del resource["extension"]
    return stripped


INTERPRETER_AR = Need(kind=NeedKind.INTERPRETER, language="ar")


def test_a_related_persons_languages_are_in_the_standard_element() -> None:
    plan = _with_member("eilidh", "pl", (INTERPRETER_AR, "Phone, not text"))
    bundle = rp.to_fhir(plan)
    assert_valid(bundle)
    assert _spoken(_resource(bundle, "eilidh")) == [("pl", True), ("ar", False)]
    assert "communication" not in _resource(bundle, "ali")  # nothing recorded, nothing written
    back, findings = rp.from_fhir(bundle)
    assert back == plan
    assert findings == []


def test_a_member_without_our_extensions_keeps_the_language_they_prefer() -> None:
    plan = _with_member("eilidh", "pl", (INTERPRETER_AR,))
    back, findings = rp.from_fhir(_without_ours(rp.to_fhir(plan), "eilidh"))
    (eilidh,) = [m for m in back.circle if m.id == "eilidh"]
    assert eilidh.language == "pl"
    assert not [f for f in findings if f.code == "fhir.disagree"]


def test_a_practitioner_gets_their_language_without_preferred() -> None:
    plan = _with_member("priya", "cy")
    bundle = rp.to_fhir(plan)
    assert_valid(bundle)
    resource = _resource(bundle, "priya")
    assert resource["resourceType"] == "Practitioner"
    assert [c["coding"][0]["code"] for c in resource["communication"]] == ["cy"]
    assert rp.from_fhir(bundle) == (plan, [])
    back, _ = rp.from_fhir(_without_ours(bundle, "priya"))
    assert [m.language for m in back.circle if m.id == "priya"] == ["cy"]


def test_a_language_in_words_travels_in_words_as_the_persons_does() -> None:
    plan = _with_member("eilidh", "Scots Gaelic, please")
    bundle = rp.to_fhir(plan)
    (spoken,) = _resource(bundle, "eilidh")["communication"]
    assert spoken["language"]["text"] == "Scots Gaelic, please"
    assert spoken["preferred"] is True
    (patient,) = by_type(
        rp.to_fhir(
            attrs.evolve(plan, person=attrs.evolve(plan.person, language="Scots Gaelic, please"))
        ),
        "Patient",
    )
    assert patient["communication"] == [spoken]
    assert rp.from_fhir(bundle) == (plan, [])
    back, _ = rp.from_fhir(_without_ours(bundle, "eilidh"))
    assert [m.language for m in back.circle if m.id == "eilidh"] == ["Scots Gaelic, please"]


def test_a_preferred_language_that_disagrees_keeps_the_extension_and_says_so() -> None:
    plan = _with_member("eilidh", "pl")
    bundle = rp.to_fhir(plan)
    coding = _resource(bundle, "eilidh")["communication"][0]["language"]["coding"][0]
    coding["code"] = "cy"
    back, findings = rp.from_fhir(bundle)
    assert back == plan
    (disagree,) = [f for f in findings if f.code == "fhir.disagree"]
    assert "RelatedPerson.communication prefers cy, the extension gives pl" in disagree.message
    index = next(
        i for i, e in enumerate(bundle["entry"]) if e["resource"] is _resource(bundle, "eilidh")
    )
    assert disagree.path == f"$.entry[{index}].resource"


def test_an_interpreter_language_left_out_of_the_standard_element_is_a_disagreement() -> None:
    plan = _with_member("eilidh", "pl", (INTERPRETER_AR,))
    bundle = rp.to_fhir(plan)
    resource = _resource(bundle, "eilidh")
    resource["communication"] = resource["communication"][:1]
    back, findings = rp.from_fhir(bundle)
    assert back == plan
    (disagree,) = [f for f in findings if f.code == "fhir.disagree"]
    assert "RelatedPerson.communication does not name ar" in disagree.message
    assert "Eilidh" not in disagree.message  # no one's name in a finding


_LANGUAGES = st.sampled_from(["pl", "ar", "cy", "ur", "en-GB", "gd"])
_NEEDS = st.one_of(
    st.builds(Need, kind=st.just(NeedKind.INTERPRETER), language=_LANGUAGES),
    st.builds(Need, kind=st.sampled_from([NeedKind.EASY_READ, NeedKind.BSL])),
    st.just("Phone, not text"),
)


@settings(max_examples=30, deadline=None)
@given(
    member_id=st.sampled_from(["eilidh", "ali", "priya", "james"]),
    language=st.none() | _LANGUAGES,
    needs=st.lists(_NEEDS, max_size=4).map(tuple),
)
def test_any_member_languages_round_trip_with_no_finding(
    member_id: str, language: str | None, needs: tuple[str | Need, ...]
) -> None:
    plan = _with_member(member_id, language, needs)
    bundle = rp.to_fhir(plan)
    assert rp.from_fhir(bundle) == (plan, [])
    back, findings = rp.from_fhir(_without_ours(bundle, member_id))
    assert [m.language for m in back.circle if m.id == member_id] == [language]
    assert not [f for f in findings if f.code == "fhir.disagree"]
