"""Real FHIR accepted, and nothing dropped in silence.

Bundles of every kind, contained resources, references that point outside the bundle,
versions of one resource, ``Reference(Any)``; each element the plan does not carry named in a
``fhir.unmapped`` finding (grouped), narrative-only resources, goal cycles, and the person's
identifiers in other systems.
"""

from __future__ import annotations

import contextlib
import copy
import json
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.fhir import from_fhir, to_fhir

from ..support.fhir import assert_valid, by_type, minimal_bundle
from ..support.reference import ROOT

NHS = "https://fhir.nhs.uk/Id/nhs-number"
PATIENT = {"reference": "Patient/p1"}


def _unmapped(findings: list[rp.Finding]) -> list[rp.Finding]:
    return [f for f in findings if f.code == "fhir.unmapped"]


def _messages(findings: list[rp.Finding]) -> str:
    return "\n".join(f"{f.path}: {f.message}" for f in findings)


def _refusal(bundle: Any) -> str:
    with pytest.raises(rp.PlanError) as caught:
        from_fhir(bundle)
    return str(caught.value)


def _with(*resources: dict[str, Any], kind: str = "collection") -> dict[str, Any]:
    """A bundle of the minimal bundle's Patient and the resources given."""
    bundle = minimal_bundle()
    bundle["type"] = kind
    bundle["entry"] = bundle["entry"][:1]
    for resource in resources:
        url = f"http://example.org/fhir/{resource['resourceType']}/{resource['id']}"
        bundle["entry"].append({"fullUrl": url, "resource": resource})
    return bundle


# -- bundles of every kind -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["collection", "transaction", "batch", "document", "searchset"])
def test_every_kind_of_bundle_is_read(kind: str) -> None:
    bundle = minimal_bundle()
    bundle["type"] = kind
    for entry in bundle["entry"]:
        if kind in ("transaction", "batch"):
            resource = entry["resource"]
            entry["request"] = {"method": "PUT", "url": f"{resource['resourceType']}/x"}
        if kind == "searchset":
            entry["search"] = {"mode": "match"}
    if kind in ("transaction", "batch"):
        bundle["entry"].append({"request": {"method": "DELETE", "url": "Goal/old"}})
    plan, findings = from_fhir(bundle)
    assert [o.id for o in plan.outcomes] == ["g1", "g2"]
    if kind in ("transaction", "batch"):
        assert ("fhir.unmapped", "$.entry[4]") in [(f.code, f.path) for f in findings]


def test_an_entry_without_a_resource_says_so_plainly() -> None:
    bundle = minimal_bundle()
    bundle["entry"][2] = {"fullUrl": "urn:uuid:1"}
    bundle["entry"][3]["resource"] = "a Goal"
    message = _refusal(bundle)
    assert "$.entry[2].resource: the entry has no resource" in message
    assert "$.entry[3].resource: expected a resource object, not text" in message
    assert "no resource an object" not in message


def test_a_bundle_without_a_patient_is_refused_naming_the_patient() -> None:
    bundle = minimal_bundle()
    del bundle["entry"][0]
    assert "no Patient" in _refusal(bundle)


# -- contained resources -------------------------------------------------------------------


def _care_plan_with_contained_goals() -> dict[str, Any]:
    bundle = minimal_bundle()
    care_plan = bundle["entry"][1]["resource"]
    goals = [bundle["entry"][2]["resource"], bundle["entry"][3]["resource"]]
    del bundle["entry"][2:]
    care_plan["contained"] = goals
    care_plan["goal"] = [{"reference": "#g1"}, {"reference": "#g2"}]
    care_plan["activity"] = [
        {"detail": {"description": "A lift to the shop.", "goal": [{"reference": "#g1"}]}}
    ]
    return bundle


def test_contained_goals_of_the_care_plan_become_outcomes() -> None:
    plan, findings = from_fhir(_care_plan_with_contained_goals())
    assert [(o.id, o.statement) for o in plan.outcomes] == [
        ("g1", "Walk to the shop on my own."),
        ("g2", "Join the walking group."),
    ]
    assert "resolves to no entry" not in _messages(findings)


def test_a_contained_reference_is_found_only_within_its_container() -> None:
    bundle = _care_plan_with_contained_goals()
    bundle["entry"].append(
        {
            "resource": {
                "resourceType": "RiskAssessment",
                "id": "r1",
                "basis": [{"reference": "#g1"}],
            }
        }
    )
    plan, findings = from_fhir(bundle)
    assert plan.risk_plans[0].supports == ()
    assert ("$.entry[2].resource.basis[0].reference") in [f.path for f in findings]


def test_a_contained_patient_is_the_person() -> None:
    bundle = minimal_bundle()
    patient = bundle["entry"].pop(0)["resource"]
    patient["id"] = "me"
    care_plan = bundle["entry"][0]["resource"]
    care_plan["contained"] = [patient]
    care_plan["subject"] = {"reference": "#me"}
    plan, _ = from_fhir(bundle)
    assert plan.person.name == "Rhona MacLeod"


# -- references ----------------------------------------------------------------------------


def _related(id: str) -> dict[str, Any]:
    return {"resourceType": "RelatedPerson", "id": id, "patient": PATIENT, "name": [{"text": id}]}


def test_an_absolute_reference_to_another_server_is_never_the_local_resource() -> None:
    elsewhere = "http://other.example/fhir/RelatedPerson/r1"
    team = {
        "resourceType": "CareTeam",
        "id": "t1",
        "participant": [{"member": {"reference": elsewhere}}],
    }
    plan, findings = from_fhir(_with(_related("r1"), team))
    (note,) = [f for f in findings if elsewhere in f.message]
    assert note.path == "$.entry[2].resource.participant[0].member.reference"
    assert "not in the bundle" in note.message
    # r1 is in the circle as itself, not because the other server's r1 named it.
    assert [m.id for m in plan.circle] == ["r1"]


def test_a_relative_reference_resolves_against_its_own_server_base() -> None:
    bundle = _with(_related("r1"))
    bundle["entry"][1]["fullUrl"] = "http://other.example/fhir/RelatedPerson/r1"
    team: dict[str, Any] = {"resourceType": "CareTeam", "id": "t1"}
    team["participant"] = [{"member": {"reference": "RelatedPerson/r1"}}]
    bundle["entry"].append({"fullUrl": "http://example.org/fhir/CareTeam/t1", "resource": team})
    _, findings = from_fhir(bundle)
    assert "'RelatedPerson/r1' is not in the bundle" in _messages(findings)


def test_a_conditional_reference_is_noted_and_never_resolved() -> None:
    bundle = minimal_bundle()
    bundle["entry"][1]["resource"]["author"] = {
        "reference": "Practitioner?identifier=https://fhir.nhs.uk/Id/sds-user-id|555"
    }
    plan, findings = from_fhir(bundle)
    (note,) = [f for f in findings if "?identifier=" in f.message]
    assert note.path == "$.entry[1].resource.author.reference"
    assert "only a server can run" in note.message
    assert plan.service is None


@pytest.mark.parametrize("kind", ["Observation", "Patient", "List"])
def test_risk_assessment_basis_may_point_at_anything(kind: str) -> None:
    other = {"resourceType": kind, "id": "x1"} if kind != "Patient" else None
    risk = {
        "resourceType": "RiskAssessment",
        "id": "r1",
        "subject": PATIENT,
        "basis": [{"reference": f"{kind}/{'p1' if other is None else 'x1'}"}],
    }
    bundle = _with(*([other] if other else []), risk)
    plan, findings = from_fhir(bundle)
    assert plan.risk_plans[0].supports == ()
    assert f"a reference to a {kind}, not a goal, was left out" in _messages(findings)


# -- versions of one resource --------------------------------------------------------------


def test_the_latest_version_of_a_full_url_wins_and_the_older_is_noted() -> None:
    bundle = minimal_bundle()
    newer = copy.deepcopy(bundle["entry"][2])
    newer["resource"]["meta"] = {"versionId": "10"}
    newer["resource"]["description"]["text"] = "Walk to the shop and back on my own."
    bundle["entry"][2]["resource"]["meta"] = {"versionId": "9"}
    bundle["entry"].insert(2, newer)
    plan, findings = from_fhir(bundle)
    assert next(o.statement for o in plan.outcomes) == "Walk to the shop and back on my own."
    assert len(plan.outcomes) == 2
    (older,) = [f for f in findings if "older version" in f.message]
    assert older.path == "$.entry[3].resource"


def test_one_full_url_twice_without_versions_is_refused() -> None:
    bundle = minimal_bundle()
    bundle["entry"].append(copy.deepcopy(bundle["entry"][2]))
    assert "another entry has the same fullUrl" in _refusal(bundle)


# -- nothing dropped in silence ------------------------------------------------------------

_GOAL_EXTRAS = {
    "priority": {"coding": [{"code": "high-priority"}]},
    "startDate": "2026-01-01",
    "addresses": [{"reference": "Condition/c1"}],
    "outcomeCode": [{"text": "walked to the shop"}],
}


@pytest.mark.parametrize(
    ("resource", "element", "value"),
    [
        *(("Goal", key, value) for key, value in _GOAL_EXTRAS.items()),
        ("Goal", "target", [{"measure": {"text": "steps"}, "detailQuantity": {"value": 5}}]),
        ("CarePlan", "status", "completed"),
        ("CarePlan", "intent", "proposal"),
    ],
)
def test_an_element_the_plan_does_not_carry_is_named(
    resource: str, element: str, value: Any
) -> None:
    bundle = minimal_bundle()
    index = 2 if resource == "Goal" else 1
    bundle["entry"][index]["resource"][element] = value
    _, findings = from_fhir(bundle)
    text = _messages(_unmapped(findings))
    shown = {"target": "Goal.target.measure"}.get(element, f"{resource}.{element}")
    assert f"{shown} is not carried by a plan" in text, text
    assert f"$.entry[{index}].resource.{element}" in text


def test_a_risk_assessment_from_elsewhere_names_what_it_does_not_carry() -> None:
    risk = {
        "resourceType": "RiskAssessment",
        "id": "r1",
        "status": "final",
        "subject": PATIENT,
        "occurrenceDateTime": "2026-02-01",
        "condition": {"reference": "Condition/c1"},
        "reasonCode": [{"text": "Going to the football"}],
    }
    plan, findings = from_fhir(_with(risk))
    assert plan.risk_plans[0].activity == "Going to the football"
    text = _messages(_unmapped(findings))
    for name in ("status", "occurrenceDateTime", "condition"):
        assert f"$.entry[1].resource.{name}: RiskAssessment.{name} is not carried" in text


def test_a_consent_from_elsewhere_names_what_it_does_not_carry() -> None:
    bundle = _with(_related("r1"))
    consent = {
        "resourceType": "Consent",
        "id": "c1",
        "status": "rejected",
        "scope": {"coding": [{"code": "research"}]},
        "category": [{"coding": [{"code": "acd"}]}],
        "patient": PATIENT,
        "policyRule": {"coding": [{"code": "OPTOUT"}]},
        "provision": {
            "type": "permit",
            "actor": [{"reference": {"reference": "RelatedPerson/r1"}}],
            "provision": [{"type": "deny", "actor": [{"reference": PATIENT}]}],
        },
    }
    bundle["entry"].append({"resource": consent})
    _, findings = from_fhir(bundle)
    text = _messages(_unmapped(findings))
    for name in ("status", "scope", "category", "policyRule", "provision.provision"):
        assert f"Consent.{name} is not carried by a plan" in text, name


def test_findings_are_grouped_per_element() -> None:
    bundle = minimal_bundle()
    for number in range(226):
        condition = {"resourceType": "Condition", "id": f"c{number}", "subject": PATIENT}
        bundle["entry"].append({"resource": condition})
        goal = copy.deepcopy(bundle["entry"][2]["resource"])
        goal["id"] = f"extra{number}"
        goal["priority"] = {"text": "high"}
        bundle["entry"].append({"resource": goal})
    _, findings = from_fhir(bundle)
    unmapped = _unmapped(findings)
    assert len(unmapped) < 10
    conditions = [f for f in unmapped if "Condition" in f.message]
    assert [(f.path, f.message) for f in conditions] == [
        (
            "$.entry[4].resource",
            "a Condition has no place in a plan and was left out (226 of them; the first is here)",
        )
    ]
    (priority,) = [f for f in unmapped if "Goal.priority" in f.message]
    assert priority.path == "$.entry[5].resource.priority"
    assert "(226 times; the first is here)" in priority.message


def test_an_extension_from_elsewhere_is_named_by_its_url() -> None:
    bundle = minimal_bundle()
    url = "http://example.org/fhir/StructureDefinition/mood"
    bundle["entry"][2]["resource"]["extension"] = [{"url": url, "valueString": "hopeful"}]
    bundle["entry"][3]["resource"]["extension"] = [{"url": url, "valueString": "tired"}]
    _, findings = from_fhir(bundle)
    (named,) = [f for f in findings if url in f.message]
    assert named.path == "$.entry[2].resource.extension[0]"
    assert named.message == f"the extension {url} on Goal was left out (2 times; the first is here)"


def test_a_narrative_only_care_plan_says_narrative() -> None:
    bundle = minimal_bundle()
    care_plan = bundle["entry"][1]["resource"]
    for key in ("goal", "note", "created"):
        del care_plan[key]
    care_plan["text"] = {
        "status": "generated",
        "div": '<div xmlns="http://www.w3.org/1999/xhtml">Walk to the shop; see Dr Ross.</div>',
    }
    _, findings = from_fhir(bundle)
    (narrative,) = [f for f in findings if "narrative" in f.message]
    assert narrative.path == "$.entry[1].resource"
    assert narrative.code == "fhir.unmapped"


def _with_narrative(bundle: dict[str, Any]) -> dict[str, Any]:
    for entry in bundle["entry"]:
        entry["resource"]["text"] = {
            "status": "generated",
            "div": '<div xmlns="http://www.w3.org/1999/xhtml">What this resource says.</div>',
        }
    return bundle


def test_our_own_export_gives_no_unmapped_finding_even_with_narrative(morag: rp.Plan) -> None:
    bundle = _with_narrative(to_fhir(morag))
    plan, findings = from_fhir(bundle)
    assert findings == []
    assert plan == morag


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_a_changed_constant_is_named(data: st.DataObject) -> None:
    """What the export always writes the same is named when a bundle says something else."""
    bundle = to_fhir(rp.load(ROOT / "src" / "recoveryplan" / "examples" / "morag.json"))
    kind, element = data.draw(
        st.sampled_from(
            [
                ("CarePlan", "status"),
                ("Observation", "status"),
                ("Consent", "status"),
                ("CareTeam", "status"),
            ]
        )
    )
    resource = by_type(bundle, kind)[0]
    resource[element] = "entered-in-error"
    _, findings = from_fhir(bundle)
    assert f"{kind}.{element} is not carried by a plan" in _messages(findings)


# -- goal cycles ---------------------------------------------------------------------------


def _milestone(target: str) -> dict[str, Any]:
    kind = {"coding": [{"code": "milestone"}]}
    return {
        "url": "http://hl7.org/fhir/StructureDefinition/goal-relationship",
        "extension": [
            {"url": "type", "valueCodeableConcept": kind},
            {"url": "target", "valueReference": {"reference": target}},
        ],
    }


def test_a_cycle_of_milestones_is_a_warning_and_loses_no_goal() -> None:
    bundle = minimal_bundle()
    bundle["entry"][2]["resource"]["extension"] = [_milestone("Goal/g2")]
    bundle["entry"][3]["resource"]["extension"] = [_milestone("Goal/g1")]
    plan, findings = from_fhir(bundle)
    cycles = [f for f in findings if f.code == "fhir.cycle"]
    assert [(f.severity, f.path) for f in cycles] == [("warning", "$.entry[2].resource")]
    ids = [o.id for o in plan.outcomes] + [g.id for o in plan.outcomes for g in o.goals]
    assert sorted(ids) == ["g1", "g2"]


def test_a_goal_that_is_its_own_milestone_is_a_warning() -> None:
    bundle = minimal_bundle()
    bundle["entry"][2]["resource"]["extension"] = [_milestone("Goal/g1")]
    plan, findings = from_fhir(bundle)
    (cycle,) = [f for f in findings if f.code == "fhir.cycle"]
    assert (cycle.severity, cycle.path) == ("warning", "$.entry[2].resource")
    assert [o.id for o in plan.outcomes] == ["g1", "g2"]


# -- the person's identifiers --------------------------------------------------------------


def test_the_nhs_number_is_kept_with_its_system() -> None:
    bundle = minimal_bundle()
    bundle["entry"][0]["resource"]["identifier"] = [
        {"system": NHS, "value": "9434765919"},
        {"use": "usual", "value": "no system"},
    ]
    plan, findings = from_fhir(bundle)
    assert plan.person.identifiers == (rp.Identifier(system=NHS, value="9434765919"),)
    assert plan.person.id == "p1"
    assert "Patient.identifier" in _messages(_unmapped(findings))  # the one without a system


def test_identifiers_go_out_as_patient_identifiers_and_come_back(morag: rp.Plan) -> None:
    person = attrs.evolve(
        morag.person,
        identifiers=(
            rp.Identifier(system=NHS, value="9434765919"),
            rp.Identifier(system="urn:oid:2.16.840.1.113883.2.1.3.2.4.18.24", value="A 12"),
        ),
    )
    plan = attrs.evolve(morag, person=person)
    bundle = to_fhir(plan)
    assert_valid(bundle)
    (patient,) = by_type(bundle, "Patient")
    assert patient["identifier"][1:] == [
        {"system": NHS, "value": "9434765919"},
        {"system": "urn:oid:2.16.840.1.113883.2.1.3.2.4.18.24", "value": "A 12"},
    ]
    back, findings = from_fhir(bundle)
    assert back == plan
    assert findings == []
    document = json.loads(rp.dumps(plan))
    assert document["person"]["identifiers"][0] == {"system": NHS, "value": "9434765919"}


def test_the_schema_and_the_field_reference_describe_identifiers() -> None:
    schema = json.loads((ROOT / "src/recoveryplan/recoveryplan-1.schema.json").read_text())
    assert "identifiers" in json.dumps(schema)
    assert "`identifiers`" in (ROOT / "docs" / "format.md").read_text(encoding="utf-8")


# -- hostile bundles -----------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_any_value_anywhere_is_imported_or_refused_never_a_traceback(data: st.DataObject) -> None:
    bundle = _care_plan_with_contained_goals()
    places: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, item in node.items():
                places.append((node, key))
                walk(item)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                places.append((node, index))
                walk(item)

    walk(bundle)
    node, key = data.draw(st.sampled_from(places))
    node[key] = data.draw(_JSON)
    with contextlib.suppress(rp.PlanError):
        from_fhir(bundle)


def test_fhir_modules_test_json_objects_with_isinstance() -> None:
    """Resources are read as recording dicts (fhir/tracked.py): ``type(x) is dict`` misses
    them, so a mapper that tests that way would read nothing."""
    source = ROOT / "src" / "recoveryplan" / "fhir"
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(source.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"type\([^)]*\) is (not )?dict", line) and path.name != "reading.py"
    ]
    assert offenders == []
    reading = (source / "reading.py").read_text(encoding="utf-8")
    assert reading.count("is not dict") == 3  # the bundle and its entries, before tracking


def test_the_vendored_examples_carry_their_licence() -> None:
    readme = Path(ROOT / "tests" / "data" / "hl7-r4" / "README.md").read_text(encoding="utf-8")
    assert "CC0" in readme
    assert "hl7.fhir.r4.examples" in readme
