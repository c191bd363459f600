"""The consent rule on import: a Consent from elsewhere can only narrow what a reader sees.

Each case starts from the reference plan's own export (Eilidh may see outcomes, risk plans and
the safety plan; Ali the safety plan), changes one thing a real system might send, and checks
that nobody's sharing grew and that the Consent got a ``fhir.consent`` warning at its entry.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

import recoveryplan as rp
from recoveryplan.audience import shared_sections
from recoveryplan.fhir import from_fhir, to_fhir

from ..support.reference import BUNDLED, REFERENCE, ROOT

TODAY = date(2026, 6, 2)
SECTION = "https://recoveryplan.dev/fhir/CodeSystem/section"
ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
MORAG = rp.load(REFERENCE if REFERENCE.exists() else BUNDLED)
Bundle = dict[str, Any]


def _concept(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def _consents(bundle: Bundle) -> list[tuple[int, dict[str, Any]]]:
    return [
        (index, entry["resource"])
        for index, entry in enumerate(bundle["entry"])
        if entry["resource"]["resourceType"] == "Consent"
    ]


def _url_of(bundle: Bundle, member: str) -> str:
    for entry in bundle["entry"]:
        for identifier in entry["resource"].get("identifier", []):
            if identifier.get("value") == member and entry["resource"]["resourceType"] in (
                "RelatedPerson",
                "Practitioner",
            ):
                return str(entry["fullUrl"])
    raise AssertionError(f"no entry for {member}")


def _shares(plan: rp.Plan) -> dict[str, set[rp.Section]]:
    return {m.id: set(shared_sections(plan, m.id)) for m in plan.circle}


def _import(bundle: Bundle) -> tuple[rp.Plan, list[rp.Finding]]:
    return from_fhir(bundle, today=TODAY)


def _warned(findings: list[rp.Finding], index: int) -> list[rp.Finding]:
    return [
        f
        for f in findings
        if f.code == "fhir.consent" and f.severity == "warning" and f.path == f"$.entry[{index}]"
    ]


def _eilidh(bundle: Bundle) -> tuple[int, dict[str, Any]]:
    """Eilidh's Consent (the first): outcomes, risk plans, safety plan."""
    return _consents(bundle)[0]


BEFORE = _shares(MORAG)


def test_the_reference_plan_shares_what_the_cases_start_from() -> None:
    assert BEFORE["eilidh"] == {rp.Section.OUTCOMES, rp.Section.RISK_PLANS, rp.Section.SAFETY_PLAN}
    assert BEFORE["ali"] == {rp.Section.SAFETY_PLAN}
    plan, findings = _import(to_fhir(MORAG))
    assert (plan, findings) == (MORAG, [])


def _root_deny(consent: dict[str, Any], bundle: Bundle) -> None:
    consent["provision"]["type"] = "deny"


def _untyped(consent: dict[str, Any], bundle: Bundle) -> None:
    del consent["provision"]["type"]


def _opt_out(consent: dict[str, Any], bundle: Bundle) -> None:
    consent["policyRule"] = _concept(ACT, "OPTOUT")


def _status(status: str | None) -> Callable[[dict[str, Any], Bundle], None]:
    def change(consent: dict[str, Any], bundle: Bundle) -> None:
        if status is None:
            del consent["status"]
        else:
            consent["status"] = status

    return change


def _period(start: str | None, end: str | None) -> Callable[[dict[str, Any], Bundle], None]:
    def change(consent: dict[str, Any], bundle: Bundle) -> None:
        period = {}
        if start is not None:
            period["start"] = start
        if end is not None:
            period["end"] = end
        consent["provision"]["period"] = period

    return change


def _nested_deny(consent: dict[str, Any], bundle: Bundle) -> None:
    consent["provision"]["provision"] = [
        {"type": "deny", "code": [_concept(SECTION, "outcomes")]},
    ]


def _nested_blanket_deny(consent: dict[str, Any], bundle: Bundle) -> None:
    consent["provision"]["provision"] = [{"provision": [{"type": "deny"}], "type": "permit"}]


def _another_patient(consent: dict[str, Any], bundle: Bundle) -> None:
    bundle["entry"].append(
        {
            "fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000001",
            "resource": {"resourceType": "Patient", "id": "someone-else"},
        }
    )
    consent["patient"] = {"reference": "urn:uuid:00000000-0000-4000-8000-000000000001"}


def _custodian(consent: dict[str, Any], bundle: Bundle) -> None:
    consent["provision"]["actor"][0]["role"] = _concept(PARTICIPATION, "CST")


def _absolute_elsewhere(consent: dict[str, Any], bundle: Bundle) -> None:
    local = consent["provision"]["actor"][0]["reference"]["reference"]
    resource_id = local.removeprefix("urn:uuid:")
    consent["provision"]["actor"][0]["reference"] = {
        "reference": f"http://other.example/fhir/RelatedPerson/{resource_id}"
    }


def _to_the_service(consent: dict[str, Any], bundle: Bundle) -> None:
    consent["provision"]["actor"][0]["reference"] = {"reference": _url_of_service(bundle)}


def _url_of_service(bundle: Bundle) -> str:
    for entry in bundle["entry"]:
        if entry["resource"]["resourceType"] == "Organization":
            return str(entry["fullUrl"])
    raise AssertionError("no Organization")


def _class_only(consent: dict[str, Any], bundle: Bundle) -> None:
    del consent["provision"]["code"]
    consent["provision"]["class"] = [
        {"system": "http://hl7.org/fhir/resource-types", "code": "Observation"}
    ]


def _other_codes(consent: dict[str, Any], bundle: Bundle) -> None:
    consent["provision"]["code"] = [_concept("http://loinc.org", "11369-6")]


def _words_only(consent: dict[str, Any], bundle: Bundle) -> None:
    consent["provision"]["code"] = [{"text": "Laboratory results"}]


def _unknown_section(consent: dict[str, Any], bundle: Bundle) -> None:
    consent["provision"]["code"] = [_concept(SECTION, "everything")]


def _expired_nested_permit(consent: dict[str, Any], bundle: Bundle) -> None:
    """The root permits only the safety plan; a nested permit for reviews ended last year."""
    consent["provision"]["code"] = [_concept(SECTION, "safety_plan")]
    consent["provision"]["provision"] = [
        {
            "type": "permit",
            "period": {"end": "2025-12-31"},
            "actor": copy.deepcopy(consent["provision"]["actor"]),
            "code": [_concept(SECTION, "reviews")],
        }
    ]


def _emergencies_only(consent: dict[str, Any], bundle: Bundle) -> None:
    consent["provision"]["purpose"] = [{"system": ACT, "code": "ETREAT"}]


def _action(code: str) -> Callable[[dict[str, Any], Bundle], None]:
    def change(consent: dict[str, Any], bundle: Bundle) -> None:
        consent["provision"]["action"] = [_concept(ACTION, code)]

    return change


CASES: dict[str, Callable[[dict[str, Any], Bundle], None]] = {
    "only for emergency treatment": _emergencies_only,
    "only to collect": _action("collect"),
    "only to correct": _action("correct"),
    "a root deny": _root_deny,
    "an untyped root provision": _untyped,
    "an opt-out": _opt_out,
    "rejected": _status("rejected"),
    "inactive": _status("inactive"),
    "entered in error": _status("entered-in-error"),
    "a draft": _status("draft"),
    "proposed": _status("proposed"),
    "no status": _status(None),
    "a period that ended": _period("2025-01-01", "2026-05-31"),
    "a period not begun": _period("2026-06-03", None),
    "a period ending today at a time": _period(None, "2026-06-02T09:00:00Z"),
    "a period naming only a month": _period("2026-05", None),
    "a nested deny": _nested_deny,
    "a nested blanket deny": _nested_blanket_deny,
    "another patient": _another_patient,
    "the custodian as recipient": _custodian,
    "an absolute reference to another server": _absolute_elsewhere,
    "the service as recipient": _to_the_service,
    "a restriction to a class of resources": _class_only,
    "a restriction to other codes only": _other_codes,
    "a restriction in words only": _words_only,
    "a section code that is no section": _unknown_section,
    "an expired nested permit": _expired_nested_permit,
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_consent_that_says_less_never_widens_and_is_reported(case: str) -> None:
    bundle = to_fhir(MORAG)
    index, consent = _eilidh(bundle)
    CASES[case](consent, bundle)
    plan, findings = _import(bundle)
    after = _shares(plan)
    for member, sections in after.items():
        assert sections <= BEFORE.get(member, set()), (member, sections)
    assert after["eilidh"] < BEFORE["eilidh"]
    assert after["ali"] == BEFORE["ali"]  # the other Consent is untouched
    (warning,) = _warned(findings, index)
    assert repr(consent["id"]) in warning.message


def test_a_nested_deny_takes_only_its_sections() -> None:
    bundle = to_fhir(MORAG)
    _, consent = _eilidh(bundle)
    _nested_deny(consent, bundle)
    plan, _ = _import(bundle)
    assert shared_sections(plan, "eilidh") == (rp.Section.RISK_PLANS, rp.Section.SAFETY_PLAN)


def test_a_deny_for_one_actor_leaves_the_others_what_they_were_permitted() -> None:
    bundle = to_fhir(MORAG)
    index, consent = _eilidh(bundle)
    ali = {"reference": {"reference": _url_of(bundle, "ali")}}
    consent["provision"]["actor"].append(ali)
    consent["provision"]["provision"] = [
        {"type": "deny", "actor": [ali], "code": [_concept(SECTION, "outcomes")]}
    ]
    plan, findings = _import(bundle)
    assert set(shared_sections(plan, "eilidh")) == BEFORE["eilidh"]
    assert set(shared_sections(plan, "ali")) == {rp.Section.RISK_PLANS, rp.Section.SAFETY_PLAN}
    (warning,) = _warned(findings, index)
    assert "withholds" in warning.message
    assert "ali" in warning.message


def test_a_consent_in_force_today_grants_what_it_names() -> None:
    bundle = to_fhir(MORAG)
    index, consent = _eilidh(bundle)
    consent["provision"]["period"] = {"start": "2026-01-01", "end": "2026-06-02"}
    consent["provision"]["action"] = [_concept(ACTION, "access")]
    plan, findings = _import(bundle)
    assert _shares(plan) == BEFORE
    assert _warned(findings, index) == []


def test_today_is_a_keyword_and_defaults_to_the_real_day() -> None:
    bundle = to_fhir(MORAG)
    _, consent = _eilidh(bundle)
    consent["provision"]["period"] = {"end": "2000-01-01"}
    plan, findings = from_fhir(bundle)  # the signature without today still works
    assert shared_sections(plan, "eilidh") == ()
    assert any(f.code == "fhir.consent" for f in findings)


def test_a_permit_with_no_restriction_grants_every_section() -> None:
    bundle = to_fhir(MORAG)
    index, consent = _eilidh(bundle)
    del consent["provision"]["code"]
    plan, findings = _import(bundle)
    assert shared_sections(plan, "eilidh") == tuple(rp.Section)
    assert _warned(findings, index) == []


def test_a_plan_that_shares_nothing_with_someone_comes_back_so() -> None:
    """The export writes "may see nothing" as a deny, never as a permit of everything."""
    plan = attrs.evolve(
        MORAG,
        sharing=(
            rp.SharingConsent(member="eilidh", consented_on=date(2026, 3, 2)),
            *MORAG.sharing[1:],
        ),
    )
    bundle = to_fhir(plan)
    _, consent = _eilidh(bundle)
    assert consent["provision"]["type"] == "deny"
    assert "code" not in consent["provision"]
    assert _import(bundle) == (plan, [])


def test_a_garbage_period_is_refused_where_it_is() -> None:
    bundle = to_fhir(MORAG)
    index, consent = _eilidh(bundle)
    consent["provision"]["period"] = {"start": "2026-03-02Tgarbage!!"}
    with pytest.raises(rp.PlanFormatError) as caught:
        _import(bundle)
    assert [p.path for p in caught.value.problems] == [
        f"$.entry[{index}].resource.provision.period.start"
    ]


# -- only this person's plan --------------------------------------------------------------------


def test_resources_about_another_patient_are_left_out_with_a_warning() -> None:
    bundle = to_fhir(MORAG)
    other = "urn:uuid:00000000-0000-4000-8000-000000000002"
    bundle["entry"].append(
        {"fullUrl": other, "resource": {"resourceType": "Patient", "id": "other"}}
    )
    goal = {
        "resourceType": "Goal",
        "id": "theirs",
        "lifecycleStatus": "active",
        "description": {"text": "Someone else's goal."},
        "subject": {"reference": other},
    }
    observation = {
        "resourceType": "Observation",
        "id": "their-rating",
        "status": "final",
        "code": {"text": "hope"},
        "subject": {"reference": other},
        "valueInteger": 3,
    }
    relative = {
        "resourceType": "RelatedPerson",
        "id": "their-sister",
        "patient": {"reference": other},
    }
    start = len(bundle["entry"])
    for resource in (goal, observation, relative):
        bundle["entry"].append({"fullUrl": f"urn:x:{resource['id']}", "resource": resource})
    plan, findings = _import(bundle)
    assert plan == MORAG
    warned = {f.path for f in findings if f.code == "fhir.other-patient"}
    assert warned == {f"$.entry[{start + i}]" for i in range(3)}
    # One warning each, not also a line for every element of what was left out.
    assert not [
        f for f in findings if f.path.startswith(tuple(f"$.entry[{start + i}]." for i in range(3)))
    ]
    assert all(f.severity == "warning" for f in findings if f.code == "fhir.other-patient")


def _duplicate_member_bundle() -> tuple[Bundle, list[int]]:
    bundle = to_fhir(MORAG)
    indexes = [
        i
        for i, entry in enumerate(bundle["entry"])
        if entry["resource"]["resourceType"] == "RelatedPerson"
    ]
    for index in indexes[:2]:
        bundle["entry"][index]["resource"]["identifier"][0]["value"] = "ali"
    return bundle, indexes[:2]


def test_two_circle_members_with_one_id_are_refused_at_import() -> None:
    bundle, (first, second) = _duplicate_member_bundle()
    with pytest.raises(rp.PlanError) as caught:
        _import(bundle)
    message = str(caught.value)
    assert "'ali'" in message
    assert f"$.entry[{first}]" in message
    assert f"$.entry[{second}]" in message


def test_a_plan_built_with_two_members_under_one_id_is_refused_at_render() -> None:
    eilidh, ali = MORAG.member("eilidh"), MORAG.member("ali")
    circle = tuple(attrs.evolve(m, id="ali") if m is eilidh else m for m in MORAG.circle)
    plan = attrs.evolve(MORAG, circle=circle)
    assert [m.id for m in plan.circle].count("ali") == 2
    for audience in ("ali", "Ali", "person", "staff"):
        with pytest.raises(rp.PlanError, match="both have the circle id 'ali'"):
            rp.render(plan, audience=audience, today=TODAY)
    with pytest.raises(rp.PlanError) as caught:
        rp.render(plan, audience="ali", view="safety-plan", today=TODAY)
    assert ali.name in str(caught.value)
    assert eilidh.name in str(caught.value)


# -- HL7-style consents, written after the shapes of R4's examples -------------------------------


def _hl7_style_bundle(consent: dict[str, Any]) -> Bundle:
    """A bundle from another system: the person, a friend and a GP practice, and a Consent."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "http://clinic.example/fhir/Patient/pat-7",
                "resource": {
                    "resourceType": "Patient",
                    "id": "pat-7",
                    "name": [{"family": "Heuvel", "given": ["Pieter"]}],
                },
            },
            {
                "fullUrl": "http://clinic.example/fhir/RelatedPerson/friend-1",
                "resource": {
                    "resourceType": "RelatedPerson",
                    "id": "friend-1",
                    "patient": {"reference": "Patient/pat-7"},
                    "name": [{"text": "Sam Boer"}],
                },
            },
            {
                "fullUrl": "http://clinic.example/fhir/Practitioner/dr-2",
                "resource": {
                    "resourceType": "Practitioner",
                    "id": "dr-2",
                    "name": [{"family": "Ahmed", "given": ["Rana"]}],
                },
            },
            {
                "fullUrl": "http://clinic.example/fhir/Organization/gp-3",
                "resource": {"resourceType": "Organization", "id": "gp-3", "name": "GP practice"},
            },
            {"fullUrl": "http://clinic.example/fhir/Consent/c-1", "resource": consent},
        ],
    }


def _hl7_consent(**changes: Any) -> dict[str, Any]:
    consent = {
        "resourceType": "Consent",
        "id": "c-1",
        "status": "active",
        "scope": _concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
        "category": [_concept("http://loinc.org", "59284-0")],
        "patient": {"reference": "Patient/pat-7"},
        "dateTime": "2025-11-18",
        "organization": [{"reference": "Organization/gp-3"}],
        "policyRule": _concept(ACT, "OPTIN"),
    }
    consent.update(changes)
    return consent


HL7_STYLE = {
    # After consent-example-notOrg: withhold everything from one organisation.
    "not an organisation": _hl7_consent(
        provision={
            "type": "deny",
            "actor": [
                {
                    "role": _concept(PARTICIPATION, "PRCP"),
                    "reference": {"reference": "Organization/gp-3"},
                }
            ],
            "action": [_concept("http://terminology.hl7.org/CodeSystem/consentaction", "access")],
        }
    ),
    # After consent-example-Out: an opt-out naming the recipient it withholds from.
    "opted out": _hl7_consent(
        policyRule=_concept(ACT, "OPTOUT"),
        provision={
            "type": "permit",
            "actor": [
                {
                    "role": _concept(PARTICIPATION, "PRCP"),
                    "reference": {"reference": "Practitioner/dr-2"},
                }
            ],
        },
    ),
    # After consent-example-Emergency: deny a practitioner, except for emergency treatment.
    "only in an emergency": _hl7_consent(
        provision={
            "type": "deny",
            "actor": [
                {
                    "role": _concept(PARTICIPATION, "PRCP"),
                    "reference": {"reference": "Practitioner/dr-2"},
                }
            ],
            "provision": [
                {
                    "type": "permit",
                    "purpose": [{"system": ACT, "code": "ETREAT"}],
                    "actor": [
                        {
                            "role": _concept(PARTICIPATION, "PRCP"),
                            "reference": {"reference": "Practitioner/dr-2"},
                        }
                    ],
                }
            ],
        }
    ),
    # Permit the friend, but the period is over and the record keeper is named as custodian.
    "lapsed, with a custodian": _hl7_consent(
        provision={
            "type": "permit",
            "period": {"start": "2024-01-01", "end": "2025-01-01"},
            "actor": [
                {
                    "role": _concept(PARTICIPATION, "CST"),
                    "reference": {"reference": "RelatedPerson/friend-1"},
                }
            ],
        }
    ),
}


@pytest.mark.parametrize("name", list(HL7_STYLE))
def test_hl7_style_consents_never_widen(name: str) -> None:
    plan, findings = _import(_hl7_style_bundle(HL7_STYLE[name]))
    assert {m.id for m in plan.circle} == {"friend-1", "dr-2"}
    assert all(not shared_sections(plan, m.id) for m in plan.circle)
    for member in plan.circle:
        with pytest.raises(rp.ConsentError):
            rp.render(plan, audience=member.id, today=TODAY)
    (warning,) = _warned(findings, 4)
    assert "'c-1'" in warning.message


def test_an_hl7_style_permit_in_force_grants_what_it_says() -> None:
    consent = _hl7_consent(
        provision={
            "type": "permit",
            "period": {"start": "2025-11-18"},
            "actor": [
                {
                    "role": _concept(PARTICIPATION, "IRCP"),
                    "reference": {"reference": "RelatedPerson/friend-1"},
                }
            ],
            "code": [_concept(SECTION, "safety_plan")],
        }
    )
    plan, findings = _import(_hl7_style_bundle(consent))
    assert shared_sections(plan, "friend-1") == (rp.Section.SAFETY_PLAN,)
    assert shared_sections(plan, "dr-2") == ()
    assert _warned(findings, 4) == []


def test_a_reference_to_another_server_is_never_a_local_resource_of_the_same_id() -> None:
    """Ali's entry has the resource id R; ``http://other.example/fhir/RelatedPerson/R`` is
    someone on another server, so the support action it names is not Ali's."""
    bundle = to_fhir(MORAG)
    local = _url_of(bundle, "ali")
    elsewhere = f"http://other.example/fhir/RelatedPerson/{local.removeprefix('urn:uuid:')}"
    text = json.dumps(bundle)
    assert text.count(json.dumps(local)) > 1  # the entry, and references to it
    changed = json.loads(
        text.replace(f'"reference": {json.dumps(local)}', f'"reference": "{elsewhere}"')
    )
    refused = ""
    try:
        plan, _ = _import(changed)
    except rp.PlanError as error:  # refused, saying which reference: also never Ali's
        refused = str(error)
    if refused:
        assert elsewhere in refused
        return
    assert all(action.by != "ali" for place in plan.walk_goals() for action in place.goal.support)
    assert shared_sections(plan, "ali") == ()


# -- HL7's own R4 Consent examples, with the people they name present -------------------------

HL7_R4 = ROOT / "tests" / "data" / "hl7-r4"


def _hl7_consent_bundle(path: Path) -> Bundle:
    """The example, its Patient, and every Practitioner or RelatedPerson it names, so that
    each one is a circle member a wrong reading could share with."""
    consent = json.loads(path.read_text("utf-8"))
    text = json.dumps(consent)
    entries = [{"fullUrl": f"http://hl7.org/fhir/Consent/{consent['id']}", "resource": consent}]
    named = set(re.findall(r'"reference": "(Patient|Practitioner|RelatedPerson)/([^"]+)"', text))
    for kind, resource_id in sorted(named):
        resource: dict[str, Any] = {"resourceType": kind, "id": resource_id}
        if kind == "Patient":
            stored = HL7_R4 / f"Patient-{resource_id}.json"
            if stored.exists():
                resource = json.loads(stored.read_text("utf-8"))
        else:
            resource["name"] = [{"text": f"{kind} {resource_id}"}]
        entries.append(
            {"fullUrl": f"http://hl7.org/fhir/{kind}/{resource_id}", "resource": resource}
        )
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


@pytest.mark.parametrize("path", sorted(HL7_R4.glob("Consent-*.json")), ids=lambda path: path.stem)
def test_hl7s_own_consents_never_widen_and_say_why(path: Path) -> None:
    bundle = _hl7_consent_bundle(path)
    if not any(e["resource"]["resourceType"] == "Patient" for e in bundle["entry"]):
        pytest.skip("the example names no Patient")
    plan, findings = _import(bundle)
    assert all(not shared_sections(plan, member.id) for member in plan.circle)
    assert _warned(findings, 0), [str(f) for f in findings]
