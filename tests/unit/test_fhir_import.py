"""Import from FHIR R4: our bundles come back exactly; others as far as they go; bad ones fail."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan._fields import MAX_GOAL_DEPTH
from recoveryplan.fhir import from_fhir, to_fhir
from recoveryplan.fhir.importing import CODES, TOO_DEEP
from recoveryplan.testing.strategies import json_values, plans

from ..support.fhir import assert_valid
from ..support.fhir import minimal_bundle as _minimal
from ..support.reference import BUNDLED, REFERENCE

TODAY = date(2026, 6, 2)
_REFERENCE = rp.load(REFERENCE if REFERENCE.exists() else BUNDLED)


def test_the_reference_plan_comes_back_equal(morag: rp.Plan) -> None:
    plan, findings = from_fhir(to_fhir(morag))
    assert findings == []
    assert plan == morag
    assert rp.dumps(plan) == rp.dumps(morag)


@given(plans())
def test_every_generated_plan_comes_back_equal(plan: rp.Plan) -> None:
    bundle = to_fhir(plan)
    assert_valid(bundle)
    back, findings = from_fhir(bundle)
    assert findings == []
    assert back == plan


def _corpus() -> dict[str, rp.Plan]:
    """The plans the tests know by name, each exercising a different shape."""
    morag = _REFERENCE
    edited = morag.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 5, 6))
    edited = edited.with_goal(
        "g-food-hygiene",
        rp.Goal(id="g-form", statement="Fill in the form.", status=rp.Status.PLANNED),
    )
    edited = edited.with_review(rp.Review(on=date(2026, 9, 1), attendees=("person",)))
    edited = edited.with_rating(rp.Rating(on=date(2026, 9, 1), domain="hope", value=8, by="person"))
    return {
        "reference": morag,
        "smallest": rp.Plan(
            id="plan-0001", framework="chime", person=rp.Person(id="p-1", name="Sam Reid")
        ),
        "empty sections": attrs.evolve(
            morag, service=None, assessment=rp.Assessment(), safety_plan=rp.SafetyPlan()
        ),
        "edited": edited,
        "no circle": attrs.evolve(morag, circle=(), sharing=()),
    }


@pytest.mark.parametrize("name", list(_corpus()))
def test_every_plan_of_the_corpus_exports_validly_and_comes_back_equal(name: str) -> None:
    plan = _corpus()[name]
    bundle = to_fhir(plan)
    assert_valid(bundle)
    assert from_fhir(bundle) == (plan, [])


def test_a_plan_with_awkward_values_comes_back_equal(morag: rp.Plan) -> None:
    """Empty text, control characters, odd ids and numbers FHIR integers cannot hold."""
    person = attrs.evolve(morag.person, name="", pronouns="\u00a0", language=" en  GB ")
    outcome = attrs.evolve(morag.outcomes[0], domain="not a  code", statement="\u00a0")
    rating = attrs.evolve(morag.ratings[0], value=2**40, note="\u3000")
    plan = attrs.evolve(
        morag,
        person=person,
        outcomes=(outcome, *morag.outcomes[1:]),
        ratings=(rating, *morag.ratings[1:]),
        assessment=rp.Assessment(),
        safety_plan=rp.SafetyPlan(),
        extensions={"org.example": {"": [1.5, None, 2**70, "\ud7ff"]}},
    )
    bundle = to_fhir(plan)
    assert_valid(bundle)
    back, findings = from_fhir(bundle)
    assert findings == []
    assert back == plan


def test_a_plan_without_a_service_comes_back_without_one(morag: rp.Plan) -> None:
    plan = attrs.evolve(morag, service=None)
    assert from_fhir(to_fhir(plan))[0] == plan


def test_changes_made_in_standard_elements_come_back(morag: rp.Plan) -> None:
    """A receiving system that edits what it understands sends back a changed plan."""
    bundle = to_fhir(morag)
    goal = next(
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Goal"
        and entry["resource"]["identifier"][0]["value"] == "g-bus-on-my-own"
    )
    goal["lifecycleStatus"] = "completed"
    goal["achievementStatus"] = {
        "coding": [
            {"system": "http://terminology.hl7.org/CodeSystem/goal-achievement", "code": "achieved"}
        ]
    }
    goal["statusDate"] = "2026-05-06"
    goal["description"]["text"] = "Do the journey on my own."
    plan, findings = from_fhir(bundle)
    assert findings == []
    changed = plan.find("g-bus-on-my-own")
    assert isinstance(changed, rp.Goal)
    assert (changed.status, changed.achieved_on, changed.statement) == (
        rp.Status.ACHIEVED,
        date(2026, 5, 6),
        "Do the journey on my own.",
    )
    expected = json.loads(
        rp.dumps(morag.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 5, 6)))
    )
    expected["outcomes"][0]["goals"][1]["goals"][1]["statement"] = "Do the journey on my own."
    assert plan == rp.loads(json.dumps(expected))  # and nothing else changed


# -- bundles from elsewhere ----------------------------------------------------------------------


def test_a_minimal_bundle_from_elsewhere_imports_to_a_valid_plan() -> None:
    plan, findings = from_fhir(_minimal())
    assert plan.id == "cp1"
    assert plan.person.name == "Rhona MacLeod"
    assert plan.person.date_of_birth == date(1990, 2, 11)
    assert plan.created_on == date(2026, 1, 15)
    assert [(o.id, o.statement, o.status) for o in plan.outcomes] == [
        ("g1", "Walk to the shop on my own.", rp.Status.ACTIVE),
        ("g2", "Join the walking group.", rp.Status.ACHIEVED),
    ]
    assert plan.outcomes[0].target_on == date(2026, 4, 1)
    assert plan.outcomes[1].achieved_on == date(2026, 2, 1)
    errors = [f for f in rp.validate(plan, today=TODAY) if f.severity == "error"]
    assert errors == []
    codes = [(f.code, f.path) for f in findings]
    assert ("fhir.missing", "$.entry[1].resource") in codes  # no framework named
    assert ("fhir.unmapped", "$.entry[1].resource.note") in codes
    assert all(f.severity == CODES[f.code] for f in findings)
    assert {f.severity for f in findings} <= {"info", "warning"}
    assert plan.framework == "chime"


def test_ids_from_elsewhere_never_take_a_word_that_means_someone() -> None:
    bundle = _richer()
    practitioner = bundle["entry"][4]["resource"]
    practitioner["id"] = "staff"
    for entry in bundle["entry"]:
        text = json.dumps(entry).replace("Practitioner/d1", "Practitioner/staff")
        entry.update(json.loads(text))
    plan, _ = from_fhir(bundle)
    assert [member.id for member in plan.circle] == ["staff-2"]
    assert not [f for f in rp.validate(plan, today=TODAY) if f.severity == "error"]


def test_resources_with_no_place_in_a_plan_are_reported() -> None:
    bundle = _minimal()
    bundle["entry"].append(
        {
            "resource": {
                "resourceType": "Condition",
                "id": "c1",
                "subject": {"reference": "Patient/p1"},
            }
        }
    )
    _, findings = from_fhir(bundle)
    assert (
        rp.Finding(
            "info",
            "fhir.unmapped",
            "$.entry[4].resource",
            "a Condition has no place in a plan and was left out",
        )
        in findings
    )


def test_standard_people_become_the_circle_with_assumed_roles() -> None:
    bundle = _minimal()
    bundle["entry"].append(
        {
            "fullUrl": "http://example.org/fhir/RelatedPerson/r1",
            "resource": {
                "resourceType": "RelatedPerson",
                "id": "r1",
                "patient": {"reference": "Patient/p1"},
                "relationship": [
                    {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                                "code": "FRND",
                            }
                        ],
                        "text": "Neighbour",
                    }
                ],
                "name": [{"text": "Iain"}],
            },
        }
    )
    plan, findings = from_fhir(bundle)
    assert [(m.id, m.name, m.role, m.relationship) for m in plan.circle] == [
        ("r1", "Iain", rp.Role.FRIEND, "Neighbour")
    ]
    assert ("fhir.assumed", "$.entry[4].resource") in [(f.code, f.path) for f in findings]


def _richer() -> dict[str, Any]:
    """Another system's bundle with a practitioner, nested goals, an activity, a risk, a consent."""
    bundle = _minimal()
    entries = bundle["entry"]
    patient = {"reference": "Patient/p1"}
    entries[1]["resource"]["careTeam"] = [{"reference": "CareTeam/t1"}]
    entries[1]["resource"]["activity"] = [
        {
            "detail": {
                "status": "in-progress",
                "description": "Keep a sleep diary.",
                "goal": [{"reference": "Goal/g2"}],
                "performer": [{"reference": "Practitioner/d1"}],
            }
        }
    ]
    entries[2]["resource"]["extension"] = [
        {
            "url": "http://hl7.org/fhir/StructureDefinition/goal-relationship",
            "extension": [
                {"url": "type", "valueCodeableConcept": {"coding": [{"code": "milestone"}]}},
                {"url": "target", "valueReference": {"reference": "Goal/g2"}},
            ],
        }
    ]
    entries += [
        {
            "fullUrl": "http://example.org/fhir/Practitioner/d1",
            "resource": {
                "resourceType": "Practitioner",
                "id": "d1",
                "name": [{"given": ["Anna"], "family": "Byrne"}],
                "telecom": [{"system": "phone", "value": "0141 000 0000"}],
            },
        },
        {
            "fullUrl": "http://example.org/fhir/CareTeam/t1",
            "resource": {
                "resourceType": "CareTeam",
                "id": "t1",
                "participant": [
                    {"member": {"reference": "Practitioner/d1"}, "role": [{"text": "GP"}]},
                    {"member": patient},
                ],
            },
        },
        {
            "fullUrl": "http://example.org/fhir/RiskAssessment/r1",
            "resource": {
                "resourceType": "RiskAssessment",
                "id": "r1",
                "status": "final",
                "subject": patient,
                "reasonCode": [{"text": "Walking to the shop alone."}],
                "basis": [{"reference": "Goal/g1"}],
                "prediction": [
                    {
                        "outcome": {"text": "A fall on the ice."},
                        "qualitativeRisk": {
                            "coding": [
                                {
                                    "system": "http://terminology.hl7.org/CodeSystem/"
                                    "risk-probability",
                                    "code": "high",
                                }
                            ]
                        },
                    }
                ],
                "mitigation": "Carry a phone.",
            },
        },
        {
            "fullUrl": "http://example.org/fhir/Consent/k1",
            "resource": {
                "resourceType": "Consent",
                "id": "k1",
                "status": "active",
                "patient": patient,
                "dateTime": "2026-01-20",
                "provision": {"actor": [{"reference": {"reference": "Practitioner/d1"}}]},
            },
        },
    ]
    return bundle


def test_a_richer_bundle_from_elsewhere_maps_what_it_can() -> None:
    plan, findings = from_fhir(_richer())
    assert [(m.id, m.name, m.role, m.relationship, m.contact) for m in plan.circle] == [
        ("d1", "Anna Byrne", rp.Role.PROFESSIONAL, "GP", "0141 000 0000")
    ]
    (walk,) = plan.outcomes  # g2 is a milestone of g1, so a small goal, not an outcome
    assert [goal.id for goal in walk.goals] == ["g2"]
    assert walk.goals[0].support == (rp.SupportAction(by="d1", action="Keep a sleep diary."),)
    (risk,) = plan.risk_plans
    assert (risk.activity, risk.supports, risk.contingency) == (
        "Walking to the shop alone.",
        ("g1",),
        "Carry a phone.",
    )
    (concern,) = risk.concerns
    assert (concern.description, concern.likelihood, concern.severity) == (
        "A fall on the ice.",
        rp.Likelihood.LIKELY,
        rp.Severity.MODERATE,
    )
    assert plan.sharing == (rp.SharingConsent(member="d1", consented_on=date(2026, 1, 20)),)
    errors = [f for f in rp.validate(plan, today=TODAY) if f.severity == "error"]
    assert errors == []
    assumed = [f.path for f in findings if f.code == "fhir.assumed"]
    assert assumed == [
        "$.entry[4].resource",  # the practitioner's role in the circle
        "$.entry[6].resource.prediction[0]",  # likelihood and severity
        "$.entry[6].resource",  # the mitigation as the contingency
    ]


# -- malformed bundles ---------------------------------------------------------------------------


def _problems(bundle: Any) -> list[tuple[str, str]]:
    with pytest.raises(rp.PlanFormatError) as caught:
        from_fhir(bundle)
    assert isinstance(caught.value, rp.PlanError)
    return [(p.path, p.message) for p in caught.value.problems]


def test_a_bundle_that_is_not_an_object_is_refused() -> None:
    assert _problems([1, 2]) == [("$", "a FHIR bundle is a JSON object {...}, not a list")]


def test_a_resource_that_is_not_a_bundle_is_refused() -> None:
    assert _problems({"resourceType": "Patient"}) == [
        ("$.resourceType", "expected 'Bundle', not 'Patient'")
    ]


def test_entries_without_a_resource_are_refused_with_their_paths() -> None:
    bundle = _minimal()
    bundle["entry"][2] = {"fullUrl": "urn:uuid:1"}
    bundle["entry"].append("a string")
    assert _problems(bundle) == [
        ("$.entry[2].resource", "the entry has no resource"),
        ("$.entry[4]", "expected an entry object, not text"),
    ]


def test_a_reference_to_nothing_in_the_bundle_is_noted_not_refused() -> None:
    bundle = _minimal()
    bundle["entry"][1]["resource"]["goal"][1] = {"reference": "Goal/elsewhere"}
    plan, findings = from_fhir(bundle)
    assert (
        rp.Finding(
            "info",
            "fhir.unmapped",
            "$.entry[1].resource.goal[1].reference",
            "'Goal/elsewhere' is not in the bundle; it was not followed",
        )
        in findings
    )
    assert [o.id for o in plan.outcomes] == ["g1", "g2"]


def test_values_of_the_wrong_type_are_refused_with_their_paths() -> None:
    bundle = _minimal()
    bundle["entry"][2]["resource"]["lifecycleStatus"] = 5
    bundle["entry"][3]["resource"]["target"] = {"dueDate": "2026-01-01"}
    bundle["entry"][0]["resource"]["birthDate"] = "1990-02-30"
    problems = _problems(bundle)
    assert ("$.entry[2].resource.lifecycleStatus", "expected a code, not the number 5") in problems
    assert ("$.entry[3].resource.target", "expected a list, not an object") in problems
    assert (
        "$.entry[0].resource.birthDate",
        "'1990-02-30' is not a FHIR date (YYYY-MM-DD)",
    ) in problems


def test_text_a_plan_cannot_hold_is_refused_where_it_is_in_the_bundle() -> None:
    bundle = _minimal()
    bundle["entry"][2]["resource"]["description"]["text"] = "Walk\x1b[2J to the shop."
    ((path, message),) = _problems(bundle)
    assert path == "$.entry[2].resource.description.text"
    assert "control character U+001B" in message


def test_our_own_extensions_are_checked_too(morag: rp.Plan) -> None:
    bundle = to_fhir(morag)
    broken = copy.deepcopy(bundle)
    risk = next(e for e in broken["entry"] if e["resource"]["resourceType"] == "RiskAssessment")
    index = broken["entry"].index(risk)
    extensions = risk["resource"]["extension"]
    (capacity,) = [i for i, e in enumerate(extensions) if e["url"].endswith("/capacity")]
    note = extensions[capacity]["extension"][1]
    assert note["url"] == "note"
    note["valueString"] = 12
    extensions[capacity]["extension"][0]["valueCode"] = "maybe"
    assert _problems(broken) == [
        (
            f"$.entry[{index}].resource.extension[{capacity}].extension[0].valueCode",
            "expected one of: has-capacity, lacks-capacity, not-assessed, fluctuating",
        ),
        (
            f"$.entry[{index}].resource.extension[{capacity}].extension[1].valueString",
            "expected text, not the number 12",
        ),
    ]


# -- whatever a bundle holds, the answer is a plan or a PlanFormatError ---------------------------


def _places(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in a JSON value, so that one of them can be replaced."""
    found: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((value, key))
            found.extend(_places(item))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((value, index))
            found.extend(_places(item))
    return found


@settings(max_examples=150)
@given(st.data())
def test_a_damaged_bundle_is_a_plan_or_a_plan_format_error(data: st.DataObject) -> None:
    bundle = to_fhir(_REFERENCE)
    places = _places(bundle)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        container, key = data.draw(st.sampled_from(places))
        container[key] = data.draw(json_values())
        places = _places(bundle)
    outcome = _import(bundle)
    if isinstance(outcome, rp.PlanFormatError):
        assert outcome.problems
        assert all(problem.path.startswith("$") for problem in outcome.problems)
    else:
        plan, findings = outcome
        assert isinstance(plan, rp.Plan)
        assert all(f.severity == CODES[f.code] for f in findings)


def _import(bundle: Any) -> tuple[rp.Plan, list[rp.Finding]] | rp.PlanFormatError:
    try:
        return from_fhir(bundle)
    except rp.PlanFormatError as error:
        return error


def test_milestones_nested_too_deeply_are_an_error_not_a_crash() -> None:
    bundle = _minimal()
    del bundle["entry"][1:]
    for level in range(MAX_GOAL_DEPTH + 2):
        goal: dict[str, Any] = {
            "resourceType": "Goal",
            "id": f"g{level}",
            "lifecycleStatus": "active",
            "description": {"text": "step"},
            "subject": {"reference": "Patient/p1"},
        }
        if level:
            goal["extension"] = [
                {
                    "url": "http://hl7.org/fhir/StructureDefinition/goal-relationship",
                    "extension": [
                        {
                            "url": "type",
                            "valueCodeableConcept": {"coding": [{"code": "milestone"}]},
                        },
                        {"url": "target", "valueReference": {"reference": f"Goal/g{level - 1}"}},
                    ],
                }
            ]
        bundle["entry"].append({"resource": goal})
    # Each goal has the one before as its milestone: g33 is the outcome, g32 .. g1 are the 32
    # levels a plan holds, and g0 (g1's milestone, in entry 1) is one too many.
    (problem,) = _problems(bundle)
    assert problem == ("$.entry[2].resource.extension[0]", TOO_DEEP)
    del bundle["entry"][-1]
    plan, _ = from_fhir(bundle)
    assert [outcome.id for outcome in plan.outcomes] == [f"g{MAX_GOAL_DEPTH}"]
