"""Validation: every finding code, with its severity, path and message, and the hook around it.

Most tests start from the reference plan, make one targeted change at a JSON path, and check
the one finding that change causes. Paths are checked against the document itself, so a path
that does not point at a real value cannot pass.
"""

from __future__ import annotations

import copy
import importlib
import inspect
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.builtin import _circle as practice_circle
from recoveryplan.builtin import _goals as practice_goals
from recoveryplan.builtin import _risk_plans as practice_risk_plans
from recoveryplan.builtin import integrity, practice
from recoveryplan.builtin import language as language_checks
from recoveryplan.serialize import child_path, from_data, to_data
from recoveryplan.testing.strategies import dates, plans

from ..support.paths import get_at, set_at
from ..support.reference import TODAY

# ``recoveryplan.validate`` is also the name of the function the package exports.
validate_module = importlib.import_module("recoveryplan.validate")

ROOT = Path(__file__).resolve().parents[2]

# -- helpers -------------------------------------------------------------------------------


def check(document: dict[str, Any], today: date = TODAY) -> list[rp.Finding]:
    """Load a document and validate it; every finding's path must point into the document."""
    findings = rp.validate(from_data(document), today=today)
    for finding in findings:
        get_at(document, finding.path)
    return findings


def the(findings: list[rp.Finding], code: str) -> rp.Finding:
    """The one finding with ``code``."""
    matching = [finding for finding in findings if finding.code == code]
    assert len(matching) == 1, f"expected one {code}, got {matching}"
    return matching[0]


def codes(findings: list[rp.Finding]) -> list[str]:
    return [finding.code for finding in findings]


@pytest.fixture
def doc(reference_path: Path) -> dict[str, Any]:
    """A fresh copy of the reference document, to change one thing in."""
    data: dict[str, Any] = json.loads(reference_path.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def small(**fields: Any) -> dict[str, Any]:
    """A small plan with a carer in the circle and a person-voice strength, plus ``fields``."""
    document: dict[str, Any] = {
        "format": "recoveryplan/1",
        "id": "plan-1",
        "framework": "chime",
        "person": {"id": "p-1", "name": "Robert Bell", "preferred_name": "Rab"},
        "next_review_on": "2026-12-01",
        "circle": [{"id": "jean", "name": "Jean Bell", "role": "carer"}],
        "assessment": {
            "items": [
                {"id": "st-1", "kind": "strength", "text": "I can fix bikes.", "voice": "person"}
            ]
        },
    }
    document.update(fields)
    return document


# -- the reference plan --------------------------------------------------------------------


def test_the_reference_plan_has_no_errors_and_only_true_warnings(morag: rp.Plan) -> None:
    findings = rp.validate(morag, today=TODAY)
    assert [f for f in findings if f.severity == "error"] == []
    # Each is true on 2 June 2026: Eilidh's question about weekends has no answer yet; the
    # college goal and the journey inside it (reported once, at the goal) and the dosette box
    # are past their dates; the bus risk plan was to be reviewed on 28 May; Ali, whom Morag
    # can ask for help, has no number; Eilidh, her carer, was never offered a support plan of
    # her own; and the first bus journey has no celebration recorded.
    assert [(f.severity, f.code, f.path) for f in findings] == [
        ("warning", "assessment.need-unanswered", "$.assessment.items[10]"),
        ("warning", "goal.overdue", "$.outcomes[0].goals[1].due_on"),
        ("warning", "goal.overdue", "$.outcomes[2].goals[0].due_on"),
        ("warning", "risk.overdue", "$.risk_plans[0].review_on"),
        ("warning", "safety.contact-unreachable", "$.safety_plan.people_to_ask[1]"),
        ("info", "circle.carer-no-support-plan", "$.circle[0]"),
        ("info", "goal.no-celebration", "$.outcomes[0].goals[1].goals[0]"),
    ]


def test_what_is_found_depends_on_today(morag: rp.Plan) -> None:
    # On 1 April 2026 nothing was overdue yet, and three achievements were still to come;
    # what does not depend on the day (an unanswered need, a missing number) is there too.
    assert [(f.code, f.path) for f in rp.validate(morag, today=date(2026, 4, 1))] == [
        ("assessment.need-unanswered", "$.assessment.items[10]"),
        ("goal.achieved-in-future", "$.outcomes[0].goals[0].achieved_on"),
        ("goal.achieved-in-future", "$.outcomes[0].goals[1].goals[0].achieved_on"),
        ("goal.achieved-in-future", "$.outcomes[1].goals[1].achieved_on"),
        ("safety.contact-unreachable", "$.safety_plan.people_to_ask[1]"),
        ("circle.carer-no-support-plan", "$.circle[0]"),
        ("goal.no-celebration", "$.outcomes[0].goals[1].goals[0]"),
    ]


def test_findings_come_errors_first_then_warnings_then_notes(doc: dict[str, Any]) -> None:
    doc["circle"] = [m for m in doc["circle"] if m["role"] in ("staff", "professional")]
    findings = check(doc)
    severities = [finding.severity for finding in findings]
    assert {"error", "warning", "info"} <= set(severities)
    assert severities == sorted(severities, key=["error", "warning", "info"].index)


@given(plan=plans(max_depth=4, max_goals=8), today=dates())
def test_a_valid_plan_has_no_errors_and_every_path_points_into_it(
    plan: rp.Plan, today: date
) -> None:
    findings = rp.validate(plan, today=today)
    assert [f for f in findings if f.severity == "error"] == []
    document = to_data(plan)
    for finding in findings:
        get_at(document, finding.path)


@given(plan=plans(max_depth=3, max_goals=6), stranger=st.sampled_from(["nobody", "Person"]))
def test_any_unresolved_person_reference_is_found_where_it_is(plan: rp.Plan, stranger: str) -> None:
    document = to_data(plan)
    places = [
        path for path in _person_reference_paths(document) if get_at(document, path) != stranger
    ]
    for path in places:
        changed = copy.deepcopy(document)
        set_at(changed, path, stranger)
        found = [f for f in rp.validate(from_data(changed), today=TODAY) if f.severity == "error"]
        assert [(f.code, f.path) for f in found] == [("refs.unknown", path)]


def _person_reference_paths(document: dict[str, Any]) -> list[str]:
    """Every person reference outside sharing, found by walking the plain document."""
    singles = {"raised_by", "by", "who"}
    lists = {"with", "agreed_by", "people_to_ask"}
    found: list[str] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                here = f"{path}.{key}"
                if path == "$" and key in ("sharing", "extensions"):
                    continue
                if key in singles and isinstance(inner, str):
                    found.append(here)
                elif key in lists and isinstance(inner, list):
                    found.extend(f"{here}[{i}]" for i in range(len(inner)))
                else:
                    walk(inner, here)
        elif isinstance(value, list):
            for i, inner in enumerate(value):
                walk(inner, f"{path}[{i}]")

    walk(document, "$")
    return found


# -- integrity: framework ------------------------------------------------------------------


def test_framework_unknown(doc: dict[str, Any]) -> None:
    doc["framework"] = "recovery-star"
    doc["outcomes"][0]["domain"] = "not-a-domain"
    findings = check(doc)
    assert the(findings, "framework.unknown") == rp.Finding(
        "error",
        "framework.unknown",
        "$.framework",
        "no outcomes framework 'recovery-star' is registered (registered: chime, shanarri, "
        "talking-points); install the plugin that provides it or correct the id",
    )
    # Without the framework there is nothing to check domains and ratings against.
    assert "framework.domain-unknown" not in codes(findings)
    assert "rating.out-of-scale" not in codes(findings)


@pytest.mark.parametrize(
    "path",
    ["$.assessment.items[0].domain", "$.outcomes[0].domain", "$.ratings[3].domain"],
)
def test_framework_domain_unknown(doc: dict[str, Any], path: str) -> None:
    set_at(doc, path, "meanin")
    assert the(check(doc), "framework.domain-unknown") == rp.Finding(
        "error",
        "framework.domain-unknown",
        path,
        "'meanin' is not a domain of the CHIME personal recovery framework (chime) (did you "
        "mean 'meaning'?); use one of: connectedness, hope, identity, meaning, empowerment",
    )


def test_rating_out_of_scale(doc: dict[str, Any]) -> None:
    doc["ratings"][7]["value"] = 11
    assert the(check(doc), "rating.out-of-scale") == rp.Finding(
        "error",
        "rating.out-of-scale",
        "$.ratings[7].value",
        "the rating 11 for 'identity' on 2026-06-01 is outside the CHIME personal recovery "
        "framework scale of 1 to 10; check the number with Morag and correct it",
    )


def test_rating_out_of_scale_at_both_ends(doc: dict[str, Any]) -> None:
    doc["ratings"][0]["value"] = 0
    doc["ratings"][1]["value"] = 1
    doc["ratings"][2]["value"] = 10
    found = [f.path for f in check(doc) if f.code == "rating.out-of-scale"]
    assert found == ["$.ratings[0].value"]


def test_rating_no_scale() -> None:
    document = small(
        framework="talking-points",
        ratings=[{"on": "2026-05-01", "domain": "seeing-people", "value": 3, "by": "person"}],
    )
    assert the(check(document), "rating.no-scale") == rp.Finding(
        "warning",
        "rating.no-scale",
        "$.ratings[0].value",
        "the Talking Points personal outcomes (talking-points) has no rating scale, so the "
        "rating 3 for 'seeing-people' cannot be shown on a journey or compared with others; "
        "keep how the person feels in the rating's note, or use a framework that has a scale",
    )


@pytest.mark.parametrize("key", ["riverside", "Org.Riverside", "org..riverside", "org.-x", ""])
def test_extensions_namespace(doc: dict[str, Any], key: str) -> None:
    doc["extensions"][key] = {"team": "north"}
    assert the(check(doc), "extensions.namespace") == rp.Finding(
        "warning",
        "extensions.namespace",
        child_path("$.extensions", key),
        f"the extension key {key!r} is not a reverse-DNS namespace; name it after a domain "
        "your organisation owns, written backwards and in lower case, such as "
        "'org.riverside', so that no two organisations' data can collide",
    )


@pytest.mark.parametrize("key", ["org.riverside", "uk.nhs.eastfield-cmht", "com.example2.x"])
def test_extensions_namespace_accepts_reverse_dns(doc: dict[str, Any], key: str) -> None:
    doc["extensions"][key] = {"team": "north"}
    assert [f for f in check(doc) if f.code == "extensions.namespace"] == []


# -- integrity: ids ------------------------------------------------------------------------


def test_ids_duplicate(doc: dict[str, Any]) -> None:
    doc["outcomes"][0]["goals"][1]["goals"][1]["id"] = "g-sunday-lunch"
    assert the(check(doc), "ids.duplicate") == rp.Finding(
        "error",
        "ids.duplicate",
        "$.outcomes[0].goals[1].goals[1].id",
        "the id 'g-sunday-lunch' is already used by the small goal 'g-sunday-lunch' at "
        "$.outcomes[0].goals[0]; ids must be unique across the whole plan, so give this small "
        "goal an id of its own (and update anything that refers to it)",
    )


def test_ids_duplicate_across_kinds_of_part(doc: dict[str, Any]) -> None:
    doc["risk_plans"][0]["safeguards"][2]["id"] = "james"
    assert the(check(doc), "ids.duplicate") == rp.Finding(
        "error",
        "ids.duplicate",
        "$.risk_plans[0].safeguards[2].id",
        "the id 'james' is already used by the circle member 'james' at $.circle[1]; ids must "
        "be unique across the whole plan, so give this safeguard an id of its own (and update "
        "anything that refers to it)",
    )


@pytest.mark.parametrize(
    ("taken", "used_by", "where"),
    [
        ("plan-rsl-0142", "the plan 'plan-rsl-0142'", "$"),
        ("person-0142", "Morag's person id", "$.person"),
    ],
)
def test_ids_duplicate_of_the_plan_or_person_id(
    doc: dict[str, Any], taken: str, used_by: str, where: str
) -> None:
    doc["outcomes"][1]["goals"][0]["id"] = taken
    doc["risk_plans"][0]["supports"] = ["g-college-bus"]
    assert the(check(doc), "ids.duplicate") == rp.Finding(
        "error",
        "ids.duplicate",
        "$.outcomes[1].goals[0].id",
        f"the id {taken!r} is already used by {used_by} at {where}; ids must be unique across "
        "the whole plan, so give this small goal an id of its own (and update anything that "
        "refers to it)",
    )


def test_circle_reserved_id(doc: dict[str, Any]) -> None:
    doc["circle"].append({"id": "person", "name": "Tam Reid", "role": "peer"})
    assert the(check(doc), "circle.reserved-id") == rp.Finding(
        "error",
        "circle.reserved-id",
        "$.circle[4].id",
        "Tam Reid cannot have the id 'person': everywhere in a plan 'person' means Morag; give "
        "them another id, such as their first name in lower case",
    )


def test_circle_staff_id(doc: dict[str, Any]) -> None:
    doc["circle"].append({"id": "staff", "name": "Sam Reid", "role": "staff"})
    assert the(check(doc), "circle.staff-id") == rp.Finding(
        "error",
        "circle.staff-id",
        "$.circle[4].id",
        "Sam Reid has the id 'staff', which is also the name of the staff team's view of the "
        "whole plan, so nobody could tell whose copy is whose and the plan cannot be printed; "
        "give them another id, such as their first name in lower case",
    )


# -- integrity: person references ----------------------------------------------------------

PERSON_REFERENCES = [
    "$.assessment.with[1]",
    "$.assessment.items[2].raised_by",
    "$.outcomes[0].goals[1].goals[1].support[1].by",
    "$.ratings[4].by",
    "$.risk_plans[0].safeguards[2].by",
    "$.risk_plans[0].decision.agreed_by[1]",
    "$.risk_plans[0].decision.dissent[0].by",
    "$.safety_plan.distractions[1].who",
    "$.safety_plan.people_to_ask[0]",
    "$.reviews[0].with[2]",
]


@pytest.mark.parametrize("path", PERSON_REFERENCES)
def test_refs_unknown_in_every_person_reference(doc: dict[str, Any], path: str) -> None:
    set_at(doc, path, "jmes")
    assert the(check(doc), "refs.unknown") == rp.Finding(
        "error",
        "refs.unknown",
        path,
        "'jmes' is not Morag, the service or anyone in the circle (did you mean 'james'?); "
        'use "person", "service" or a circle id (circle ids are: eilidh, james, priya, ali), '
        "or add them to the circle first",
    )


def test_refs_unknown_names_what_an_id_is_when_it_is_not_a_person(doc: dict[str, Any]) -> None:
    doc["outcomes"][1]["goals"][0]["support"][0]["by"] = "st-allotment"
    assert the(check(doc), "refs.unknown").message == (
        "'st-allotment' is the assessment item 'st-allotment', not someone in the circle; use "
        '"person", "service" or a circle id (circle ids are: eilidh, james, priya, ali), or '
        "add them to the circle first"
    )


def test_refs_unknown_explains_the_persons_own_id(doc: dict[str, Any]) -> None:
    doc["ratings"][0]["by"] = "person-0142"
    assert the(check(doc), "refs.unknown") == rp.Finding(
        "error",
        "refs.unknown",
        "$.ratings[0].by",
        "'person-0142' is Morag's own id; write \"person\" to mean Morag",
    )


def test_refs_unknown_in_sharing(doc: dict[str, Any]) -> None:
    doc["sharing"][1]["with"] = "Ali"
    assert the(check(doc), "refs.unknown") == rp.Finding(
        "error",
        "refs.unknown",
        "$.sharing[1].with",
        "'Ali' is not in the circle (did you mean 'ali'?); Morag can only agree to share with "
        "a circle member (circle ids are: eilidh, james, priya, ali), so add them to the circle "
        "first or correct the id",
    )


def test_the_person_and_the_service_are_valid_references_outside_sharing(
    doc: dict[str, Any],
) -> None:
    doc["risk_plans"][0]["safeguards"][2]["by"] = "service"
    doc["reviews"][0]["with"].append("service")
    assert [f for f in check(doc) if f.severity == "error"] == []


@pytest.mark.parametrize(("ref", "who"), [("person", "Morag"), ("service", "the staff team")])
def test_sharing_not_circle_member(doc: dict[str, Any], ref: str, who: str) -> None:
    doc["sharing"][1]["with"] = ref
    assert the(check(doc), "sharing.not-circle-member") == rp.Finding(
        "error",
        "sharing.not-circle-member",
        "$.sharing[1].with",
        f"{who} always sees the whole plan, so there is nothing to consent to; sharing is only "
        "for circle members (circle ids are: eilidh, james, priya, ali): remove this entry",
    )
    assert "refs.unknown" not in codes(check(doc))


def test_sharing_member_repeated(doc: dict[str, Any]) -> None:
    doc["sharing"].append({"with": "eilidh", "sections": ["reviews"]})
    assert the(check(doc), "sharing.member-repeated") == rp.Finding(
        "error",
        "sharing.member-repeated",
        "$.sharing[2].with",
        "'eilidh' already has a sharing entry at $.sharing[0].with; list everything Morag "
        "agreed to share with them in one entry and remove this one",
    )


def test_sharing_section_repeated(doc: dict[str, Any]) -> None:
    doc["sharing"][0]["sections"].append("outcomes")
    assert the(check(doc), "sharing.section-repeated") == rp.Finding(
        "error",
        "sharing.section-repeated",
        "$.sharing[0].sections[3]",
        "the section 'outcomes' is listed twice for 'eilidh'; remove the second one",
    )


# -- integrity: references between parts ---------------------------------------------------


def test_refs_based_on_unknown(doc: dict[str, Any]) -> None:
    doc["outcomes"][1]["based_on"][0] = "hp-nefew"
    assert the(check(doc), "refs.based-on") == rp.Finding(
        "error",
        "refs.based-on",
        "$.outcomes[1].based_on[0]",
        "no assessment item has the id 'hp-nefew' (did you mean 'hp-nephew'?); an outcome is "
        "based on what the assessment found, so use the id of a strength, need, hope, dream or "
        "aspiration (assessment items: st-cooking, st-eilidh, st-warning-signs, st-allotment, "
        "hp-nephew, hp-hearing-voices, dr-cafe, as-kitchen, nd-medication, nd-welfare-visit, "
        "nd-eilidh-weekends)",
    )


def test_refs_based_on_something_that_is_not_an_assessment_item() -> None:
    document = small(
        outcomes=[
            {"id": "oc-1", "statement": "I ride again.", "status": "active",
             "based_on": ["g-1"],
             "goals": [{"id": "g-1", "statement": "Fix the bike.", "status": "active"}]}
        ]
    )  # fmt: skip
    assert the(check(document), "refs.based-on") == rp.Finding(
        "error",
        "refs.based-on",
        "$.outcomes[0].based_on[0]",
        "'g-1' is the small goal 'g-1', not an assessment item; an outcome is based on what "
        "the assessment found, so use the id of a strength, need, hope, dream or aspiration "
        "(assessment items: st-1)",
    )


def test_refs_supports(doc: dict[str, Any]) -> None:
    doc["risk_plans"][0]["supports"][1] = "st-cooking"
    assert the(check(doc), "refs.supports") == rp.Finding(
        "error",
        "refs.supports",
        "$.risk_plans[0].supports[1]",
        "'st-cooking' is the assessment item 'st-cooking', not an outcome or small goal; a "
        "risk plan says which of Morag's outcomes or small goals the activity serves (outcomes "
        "and small goals: oc-kitchen, oc-callum, oc-medication, g-sunday-lunch, g-college-bus, "
        "g-bus-with-james, g-bus-on-my-own, g-food-hygiene, g-spare-room, g-afternoon-visit, "
        "g-dosette)",
    )


def test_refs_supports_unknown_suggests_a_close_id(doc: dict[str, Any]) -> None:
    doc["risk_plans"][0]["supports"][0] = "g-college-buss"
    assert the(check(doc), "refs.supports").message.startswith(
        "no outcome or small goal has the id 'g-college-buss' (did you mean 'g-college-bus'?);"
    )


def test_refs_about(doc: dict[str, Any]) -> None:
    doc["reviews"][0]["decisions"] = [{"about": "cn-phone", "decision": "carried-on"}]
    assert the(check(doc), "refs.about") == rp.Finding(
        "error",
        "refs.about",
        "$.reviews[0].decisions[0].about",
        "'cn-phone' is the risk concern 'cn-phone', not a small goal, outcome or risk plan; a "
        "review decides about the small goals, outcomes and risk plans it discussed, so use one "
        "of their ids (their ids: oc-kitchen, oc-callum, oc-medication, g-sunday-lunch, "
        "g-college-bus, g-bus-with-james, g-bus-on-my-own, g-food-hygiene, g-spare-room, "
        "g-afternoon-visit, g-dosette, rp-bus)",
    )


def test_refs_about_unknown_suggests_a_close_id(doc: dict[str, Any]) -> None:
    doc["reviews"][0]["decisions"] = [{"about": "rp-buss", "decision": "closed"}]
    assert the(check(doc), "refs.about").message.startswith(
        "nothing in the plan has the id 'rp-buss' (did you mean 'rp-bus'?);"
    )


def test_refs_addresses_unknown(doc: dict[str, Any]) -> None:
    doc["risk_plans"][0]["safeguards"][1]["addresses"][0] = "cn-phones"
    assert the(check(doc), "refs.addresses") == rp.Finding(
        "error",
        "refs.addresses",
        "$.risk_plans[0].safeguards[1].addresses[0]",
        "the risk plan 'rp-bus' has no concern 'cn-phones' (did you mean 'cn-phone'?); a "
        "safeguard addresses concerns of its own risk plan (its concerns: cn-crowds, cn-phone)",
    )


def test_refs_addresses_a_concern_of_another_risk_plan(doc: dict[str, Any]) -> None:
    doc["risk_plans"].append(
        {
            "id": "rp-cafe",
            "activity": "Cooking at the community café.",
            "concerns": [
                {"id": "cn-burns", "description": "Burns.", "likelihood": "rare",
                 "severity": "minor"}
            ],
        }
    )  # fmt: skip
    doc["risk_plans"][0]["safeguards"][0]["addresses"].append("cn-burns")
    found = check(doc)
    assert the(found, "refs.addresses") == rp.Finding(
        "error",
        "refs.addresses",
        "$.risk_plans[0].safeguards[0].addresses[2]",
        "'cn-burns' is a concern of the risk plan 'rp-cafe', not of 'rp-bus'; copy the concern "
        "into this risk plan with an id of its own if it applies here too; a safeguard "
        "addresses concerns of its own risk plan (its concerns: cn-crowds, cn-phone)",
    )
    # ...and the concern in its own plan is still unaddressed there.
    assert the(found, "risk.concern-unaddressed").path == "$.risk_plans[1].concerns[0]"


def test_refs_addresses_something_that_is_not_a_concern(doc: dict[str, Any]) -> None:
    doc["risk_plans"][0]["safeguards"][0]["addresses"][0] = "sg-no-text"
    assert the(check(doc), "refs.addresses").message.startswith(
        "'sg-no-text' is the safeguard 'sg-no-text', not a concern;"
    )


# -- practice: circle and assessment -------------------------------------------------------


def test_circle_no_informal_support(doc: dict[str, Any]) -> None:
    doc["circle"] = [m for m in doc["circle"] if m["role"] in ("staff", "professional")]
    assert the(check(doc), "circle.no-informal-support") == rp.Finding(
        "info",
        "circle.no-informal-support",
        "$.circle",
        "nobody in Morag's circle is a carer, family member, friend or peer; ask Morag whether "
        "there is someone she would like to involve, and add them to the circle (they see "
        "nothing of the plan unless Morag agrees to share it)",
    )


def test_circle_carer_no_support_plan(doc: dict[str, Any]) -> None:
    assert the(check(doc), "circle.carer-no-support-plan") == rp.Finding(
        "info",
        "circle.carer-no-support-plan",
        "$.circle[0]",
        "Eilidh Sinclair is in Morag's circle as a carer and has no support plan of their own "
        "linked or offered; if they care for Morag, offer them one (in Scotland, an adult carer "
        "support plan under the Carers (Scotland) Act 2016) and record its reference and review "
        "date, or the date it was offered, as the member's support_plan",
    )
    doc["circle"][0]["support_plan"] = {"offered_on": "2026-03-02"}
    assert [f for f in check(doc) if f.code == "circle.carer-no-support-plan"] == []


def test_communication_arrange_for_an_interpreter_and_bsl(doc: dict[str, Any]) -> None:
    doc["person"]["communication"].append({"kind": "interpreter", "language": "pl"})
    doc["circle"][0]["communication"] = ["Texts are best", {"kind": "bsl"}]
    found = [f for f in check(doc) if f.code == "communication.arrange"]
    assert found == [
        rp.Finding(
            "warning",
            "communication.arrange",
            "$.person.communication[2]",
            "Morag needs an interpreter (language pl), which no copy of the plan can give; "
            "book one for every meeting and review, and go through the plan with Morag "
            "together",
        ),
        rp.Finding(
            "warning",
            "communication.arrange",
            "$.circle[0].communication[1]",
            "Eilidh Sinclair needs a BSL interpreter, which no copy of the plan can give; book "
            "one for every meeting and review, and go through the plan with Eilidh Sinclair "
            "together",
        ),
    ]


def test_communication_needs_the_copies_meet_give_no_finding(doc: dict[str, Any]) -> None:
    doc["person"]["communication"] += [
        {"kind": "large-print", "size": 20},
        {"kind": "braille"},
        {"kind": "audio"},
        {"kind": "other", "text": "Phone before visiting"},
    ]
    assert [f for f in check(doc) if f.code.startswith("communication.")] == []


def test_an_easy_read_need_is_met_by_the_easy_read_copy(doc: dict[str, Any]) -> None:
    doc["person"]["communication"].append({"kind": "easy-read"})
    doc["circle"][0]["communication"] = [{"kind": "easy-read"}]
    assert [f for f in check(doc) if f.code.startswith("communication.")] == []


def test_circle_no_informal_support_with_no_circle_at_all() -> None:
    document = small()
    del document["circle"]
    assert the(check(document), "circle.no-informal-support").path == "$"


def test_assessment_missing() -> None:
    document = small()
    del document["assessment"]
    assert the(check(document), "assessment.missing") == rp.Finding(
        "warning",
        "assessment.missing",
        "$",
        "the plan has no assessment; sit down with Rab and record their strengths, needs, "
        "hopes, dreams and aspirations in their own words, so that outcomes can be built on "
        "them",
    )
    assert "assessment.no-strengths" not in codes(check(document))


def test_assessment_no_strengths() -> None:
    document = small()
    document["assessment"]["items"][0]["kind"] = "need"
    assert the(check(document), "assessment.no-strengths") == rp.Finding(
        "warning",
        "assessment.no-strengths",
        "$.assessment",
        "the assessment records no strengths; ask Rab what they are good at, what they enjoy "
        "and what has helped before, and record those strengths so the plan can build on them",
    )


def test_assessment_no_strengths_when_it_records_nothing() -> None:
    document = small(assessment={"on": "2026-05-01", "with": ["person"]})
    assert the(check(document), "assessment.no-strengths").message.startswith(
        "the assessment records nothing yet; ask Rab what they are good at"
    )


def test_assessment_no_statutory_basis(doc: dict[str, Any]) -> None:
    del doc["assessment"]["items"][9]["statutory_basis"]
    assert the(check(doc), "assessment.no-statutory-basis") == rp.Finding(
        "warning",
        "assessment.no-statutory-basis",
        "$.assessment.items[9]",
        'the service identified the need "A weekly welfare visit from the service." but gives no '
        "law behind it; if a legal duty requires it, name the duty as its statutory basis; if "
        "not, it is a choice for Morag: record it in Morag's words, or as a suggestion she can "
        "turn down",
    )


def test_a_blank_statutory_basis_is_no_basis(doc: dict[str, Any]) -> None:
    doc["assessment"]["items"][9]["statutory_basis"] = "   "
    assert the(check(doc), "assessment.no-statutory-basis").path == "$.assessment.items[9]"


def test_needs_in_the_persons_and_supporters_voice_need_no_statutory_basis(
    doc: dict[str, Any],
) -> None:
    # nd-medication (the person's) and nd-eilidh-weekends (a supporter's) have none.
    assert "assessment.no-statutory-basis" not in codes(check(doc))


# -- practice: outcomes and small goals ----------------------------------------------------


def test_outcome_no_goals(doc: dict[str, Any]) -> None:
    doc["outcomes"][2]["goals"] = []
    assert the(check(doc), "outcome.no-goals") == rp.Finding(
        "warning",
        "outcome.no-goals",
        "$.outcomes[2]",
        'the outcome "I stay well and manage my own medication." has no small goals; agree a '
        "first small step with Morag, so that progress can be seen and celebrated along the way",
    )


@pytest.mark.parametrize("status", ["achieved", "not-achieved", "dropped"])
def test_a_closed_outcome_needs_no_small_goals(doc: dict[str, Any], status: str) -> None:
    doc["outcomes"][2]["goals"] = []
    doc["outcomes"][2]["status"] = status
    doc["outcomes"][2]["achieved_on"] = "2026-05-01" if status == "achieved" else None
    if status != "achieved":
        del doc["outcomes"][2]["achieved_on"]
    assert "outcome.no-goals" not in codes(check(doc))


def test_outcome_not_own_voice(doc: dict[str, Any]) -> None:
    doc["outcomes"][2]["based_on"] = ["st-warning-signs", "nd-welfare-visit"]
    assert the(check(doc), "outcome.not-own-voice") == rp.Finding(
        "warning",
        "outcome.not-own-voice",
        "$.outcomes[2].based_on",
        'the outcome "I stay well and manage my own medication." is not based on anything Morag '
        "said in her own voice; base it on a strength, hope, dream, aspiration or need in Morag's"
        " words, or ask Morag what she wants from it and record that in the assessment",
    )


def test_outcome_based_on_nothing_is_not_in_the_persons_voice(doc: dict[str, Any]) -> None:
    del doc["outcomes"][1]["based_on"]
    assert the(check(doc), "outcome.not-own-voice").path == "$.outcomes[1]"


def test_outcome_overdue(doc: dict[str, Any]) -> None:
    doc["outcomes"][1]["target_on"] = "2026-06-01"
    assert the(check(doc), "outcome.overdue") == rp.Finding(
        "warning",
        "outcome.overdue",
        "$.outcomes[1].target_on",
        'the outcome "Callum stays with me for a weekend in the summer." was hoped for by 1 June '
        "2026 and is still active; talk with Morag about what has been achieved so far, then mark"
        " it achieved or agree a new target date",
    )


def test_outcome_due_today_is_not_overdue(doc: dict[str, Any]) -> None:
    doc["outcomes"][1]["target_on"] = TODAY.isoformat()
    assert "outcome.overdue" not in codes(check(doc))


def test_outcome_achieved_undated(doc: dict[str, Any]) -> None:
    doc["outcomes"][1]["status"] = "achieved"
    assert the(check(doc), "outcome.achieved-undated") == rp.Finding(
        "warning",
        "outcome.achieved-undated",
        "$.outcomes[1]",
        'the outcome "Callum stays with me for a weekend in the summer." is achieved but has no '
        "date; add the day Morag achieved it, so the plan shows when progress was made",
    )


def test_outcome_achieved_in_future(doc: dict[str, Any]) -> None:
    doc["outcomes"][1]["status"] = "achieved"
    doc["outcomes"][1]["achieved_on"] = "2026-08-15"
    assert the(check(doc), "outcome.achieved-in-future") == rp.Finding(
        "warning",
        "outcome.achieved-in-future",
        "$.outcomes[1].achieved_on",
        'the outcome "Callum stays with me for a weekend in the summer." is recorded as achieved '
        "on 15 August 2026, which is after today (2 June 2026); correct the date, or leave it "
        "open until it has happened",
    )


def test_goal_overdue(morag: rp.Plan) -> None:
    # The journey on her own is overdue inside the overdue college goal: one finding, at the
    # college goal, that names it, not one for each.
    assert rp.validate(morag, today=TODAY)[1] == rp.Finding(
        "warning",
        "goal.overdue",
        "$.outcomes[0].goals[1].due_on",
        'the small goal "Get to the college open day on the bus." was due on 14 May 2026 and '
        'is still active (and so is "Do the journey on my own and text James when I arrive." '
        "inside it); if Morag has done it, mark it achieved and celebrate it; if not, agree a "
        "new date or a smaller step with her",
    )
    paths = [f.path for f in rp.validate(morag, today=TODAY) if f.code == "goal.overdue"]
    assert "$.outcomes[0].goals[1].goals[1].due_on" not in paths


def test_an_overdue_small_step_is_reported_itself_when_its_parent_is_not_overdue(
    morag: rp.Plan,
) -> None:
    plan = morag.evolve_item("g-college-bus", due_on=date(2026, 9, 1))
    found = [f for f in rp.validate(plan, today=TODAY) if f.code == "goal.overdue"]
    assert found[0].path == "$.outcomes[0].goals[1].goals[1].due_on"
    assert found[0].message.startswith(
        'the small goal "Do the journey on my own and text James when I arrive." was due on '
        "7 May 2026 and is still planned; if Morag"
    )


def test_many_overdue_small_steps_under_one_goal_are_counted_not_listed(morag: rp.Plan) -> None:
    plan = morag
    for n in range(5):
        plan = plan.with_goal(
            "g-college-bus",
            rp.Goal(
                id=f"g-step-{n}",
                statement=f"Step {n}.",
                status=rp.Status.PLANNED,
                due_on=date(2026, 5, 1),
            ),
        )
    found = [f for f in rp.validate(plan, today=TODAY) if f.code == "goal.overdue"]
    assert len(found) == 2  # the college goal and the dosette box
    assert '"Step 1." and 3 more inside it' in found[0].message


def test_goal_overdue_goes_once_the_goal_is_achieved(morag: rp.Plan) -> None:
    plan = morag.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 5, 20))
    paths = [f.path for f in rp.validate(plan, today=TODAY) if f.code == "goal.overdue"]
    assert "$.outcomes[0].goals[1].goals[1].due_on" not in paths
    assert len(paths) == 2


def test_an_on_hold_goal_can_be_overdue(morag: rp.Plan) -> None:
    plan = morag.with_goal_status("g-college-bus", "on-hold")
    assert "is still on hold (and so is" in rp.validate(plan, today=TODAY)[1].message


def test_goal_achieved_undated(doc: dict[str, Any]) -> None:
    del doc["outcomes"][0]["goals"][1]["goals"][0]["achieved_on"]
    assert the(check(doc), "goal.achieved-undated") == rp.Finding(
        "warning",
        "goal.achieved-undated",
        "$.outcomes[0].goals[1].goals[0]",
        'the small goal "Do the bus journey once with James." is achieved but has no date; add '
        "the day Morag achieved it, so the plan shows when progress was made",
    )


def test_goal_achieved_undated_through_the_api(morag: rp.Plan) -> None:
    outcome = morag.outcomes[1]
    goal = attrs.evolve(outcome.goals[1], achieved_on=None)
    plan = attrs.evolve(
        morag,
        outcomes=(
            morag.outcomes[0],
            attrs.evolve(outcome, goals=(outcome.goals[0], goal)),
            morag.outcomes[2],
        ),
    )
    assert the(rp.validate(plan, today=TODAY), "goal.achieved-undated").path == (
        "$.outcomes[1].goals[1]"
    )


def test_goal_achieved_in_future(doc: dict[str, Any]) -> None:
    doc["outcomes"][1]["goals"][1]["achieved_on"] = "2026-06-10"
    assert the(check(doc), "goal.achieved-in-future") == rp.Finding(
        "warning",
        "goal.achieved-in-future",
        "$.outcomes[1].goals[1].achieved_on",
        'the small goal "Have Callum over for an afternoon first." is recorded as achieved on 10 '
        "June 2026, which is after today (2 June 2026); correct the date, or leave it open until "
        "it has happened",
    )


# -- practice: positive risk taking --------------------------------------------------------


def test_risk_concern_unaddressed(doc: dict[str, Any]) -> None:
    doc["risk_plans"][0]["safeguards"][0]["addresses"] = ["cn-phone"]
    assert the(check(doc), "risk.concern-unaddressed") == rp.Finding(
        "warning",
        "risk.concern-unaddressed",
        "$.risk_plans[0].concerns[0]",
        'in the risk plan "Travelling to college on the bus by myself.", no safeguard addresses '
        'the concern "I might get very anxious on a crowded bus and get off at..."; agree with '
        "Morag what would make it safer and who does it, and mark that safeguard as addressing "
        "this concern",
    )


RISK_PLAN = '"Travelling to college on the bus by myself."'


@pytest.mark.parametrize("blank", [None, "  "])
def test_risk_no_persons_view(doc: dict[str, Any], blank: str | None) -> None:
    if blank is None:
        del doc["risk_plans"][0]["persons_view"]
    else:
        doc["risk_plans"][0]["persons_view"] = blank
    assert the(check(doc), "risk.no-persons-view") == rp.Finding(
        "warning",
        "risk.no-persons-view",
        "$.risk_plans[0]",
        'the risk plan "Travelling to college on the bus by myself." does not record Morag\'s own '
        "view; ask Morag what she thinks about the risks and the plan, and write it down in her "
        "words",
    )


def test_risk_no_capacity(doc: dict[str, Any]) -> None:
    del doc["risk_plans"][0]["capacity"]
    assert the(check(doc), "risk.no-capacity") == rp.Finding(
        "warning",
        "risk.no-capacity",
        "$.risk_plans[0]",
        'the risk plan "Travelling to college on the bus by myself." does not say whether Morag '
        'has capacity for this decision; record the capacity status (or "not assessed") with a '
        "note of how it was considered",
    )


def test_risk_no_review_date(doc: dict[str, Any]) -> None:
    del doc["risk_plans"][0]["review_on"]
    findings = check(doc)
    assert the(findings, "risk.no-review-date") == rp.Finding(
        "warning",
        "risk.no-review-date",
        "$.risk_plans[0]",
        'the risk plan "Travelling to college on the bus by myself." has no review date; agree '
        "with Morag when you will look at how it is going, and set the date",
    )
    assert "risk.overdue" not in codes(findings)


def test_risk_overdue(morag: rp.Plan) -> None:
    assert the(rp.validate(morag, today=TODAY), "risk.overdue") == rp.Finding(
        "warning",
        "risk.overdue",
        "$.risk_plans[0].review_on",
        'the risk plan "Travelling to college on the bus by myself." was due for review on 28 May'
        " 2026; review it with Morag (what happened, what was learned, the next step up) and set "
        "the next review date",
    )


def test_risk_plan_due_for_review_today_is_not_overdue(morag: rp.Plan) -> None:
    assert "risk.overdue" not in codes(rp.validate(morag, today=date(2026, 5, 28)))


def test_risk_no_decision(doc: dict[str, Any]) -> None:
    del doc["risk_plans"][0]["decision"]
    assert the(check(doc), "risk.no-decision") == rp.Finding(
        "warning",
        "risk.no-decision",
        "$.risk_plans[0]",
        'the risk plan "Travelling to college on the bus by myself." records no decision; record '
        "what was decided with Morag, when, and who agreed (and anyone who did not)",
    )


def test_risk_no_benefits(doc: dict[str, Any]) -> None:
    doc["risk_plans"][0]["benefits"] = []
    assert the(check(doc), "risk.no-benefits") == rp.Finding(
        "warning",
        "risk.no-benefits",
        "$.risk_plans[0]",
        'the risk plan "Travelling to college on the bus by myself." records no benefits; '
        "positive risk taking starts from what Morag gains by doing it, so ask her and list the "
        "benefits",
    )


def test_risk_no_contingency(doc: dict[str, Any]) -> None:
    del doc["risk_plans"][0]["contingency"]
    assert the(check(doc), "risk.no-contingency") == rp.Finding(
        "warning",
        "risk.no-contingency",
        "$.risk_plans[0]",
        'the risk plan "Travelling to college on the bus by myself." has no contingency; agree '
        "with Morag what happens if things go wrong, so that everyone knows what to do",
    )


def test_risk_decided_without_person(doc: dict[str, Any]) -> None:
    doc["risk_plans"][0]["decision"]["agreed_by"] = ["james", "priya", "eilidh"]
    assert the(check(doc), "risk.decided-without-person") == rp.Finding(
        "warning",
        "risk.decided-without-person",
        "$.risk_plans[0].decision",
        'the risk plan "Travelling to college on the bus by myself." was agreed without Morag: '
        "she is not among those who agreed or disagreed; positive risk taking is decided with "
        "Morag, so record her as agreeing once she does, or record her view as dissent",
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"decision.status": "proposed"}, id="not-yet-agreed"),
        pytest.param({"decision.dissent[0].by": "person"}, id="person-dissented"),
        pytest.param({"capacity.status": "lacks-capacity"}, id="lacks-capacity"),
    ],
)
def test_a_decision_without_the_persons_agreement_that_is_not_a_warning(
    doc: dict[str, Any], change: dict[str, str]
) -> None:
    doc["risk_plans"][0]["decision"]["agreed_by"] = ["james", "priya", "eilidh"]
    for path, value in change.items():
        set_at(doc, f"$.risk_plans[0].{path}", value)
    assert "risk.decided-without-person" not in codes(check(doc))


# -- practice: what a supervisor would look for ------------------------------------------------


def test_assessment_need_unanswered(morag: rp.Plan) -> None:
    assert the(rp.validate(morag, today=TODAY), "assessment.need-unanswered") == rp.Finding(
        "warning",
        "assessment.need-unanswered",
        "$.assessment.items[10]",
        'Eilidh Sinclair raised the need "Eilidh would like to know who to call if she is '
        'worried a..." and nothing in the plan answers it yet; agree with Morag what answers it '
        "(an outcome built on it, a goal, a safeguard or a line in the safety plan), and record "
        "the answer on the need, so the supporter is answered as well as heard",
    )


def test_a_need_is_answered_by_an_answer_recorded_on_it_or_an_outcome_built_on_it(
    morag: rp.Plan, doc: dict[str, Any]
) -> None:
    answered = morag.evolve_item("nd-eilidh-weekends", answer="She can ring NHS 24 on 111.")
    assert "assessment.need-unanswered" not in codes(rp.validate(answered, today=TODAY))
    doc["outcomes"][1]["based_on"].append("nd-eilidh-weekends")
    assert "assessment.need-unanswered" not in codes(check(doc))


def test_a_need_in_the_persons_own_voice_is_not_a_supporters_to_answer(
    doc: dict[str, Any],
) -> None:
    doc["assessment"]["items"][10]["voice"] = "person"
    del doc["assessment"]["items"][10]["raised_by"]
    assert "assessment.need-unanswered" not in codes(check(doc))


def test_goal_no_celebration(morag: rp.Plan) -> None:
    assert the(rp.validate(morag, today=TODAY), "goal.no-celebration") == rp.Finding(
        "info",
        "goal.no-celebration",
        "$.outcomes[0].goals[1].goals[0]",
        'the small goal "Do the bus journey once with James." is achieved and no celebration '
        "is recorded; ask Morag how she would like to mark it (or how she did), and write it "
        "down: celebrating small steps is part of the plan",
    )


def test_an_achieved_goal_with_a_celebration_and_an_open_one_without_are_fine(
    morag: rp.Plan,
) -> None:
    plan = morag.evolve_item("g-bus-with-james", celebration="A scone at the college café.")
    assert "goal.no-celebration" not in codes(rp.validate(plan, today=TODAY))
    # g-food-hygiene is open and has no celebration: nothing to celebrate yet.
    assert morag.find("g-food-hygiene").celebration is None  # type: ignore[union-attr]


def test_safety_contact_unreachable(morag: rp.Plan, doc: dict[str, Any]) -> None:
    assert the(rp.validate(morag, today=TODAY), "safety.contact-unreachable") == rp.Finding(
        "warning",
        "safety.contact-unreachable",
        "$.safety_plan.people_to_ask[1]",
        "Ali is one of the people Morag can ask for help in her safety plan, but the plan has "
        "no number or address for Ali; ask Morag for it and add it to Ali's details in the "
        "circle, so it is there in a crisis",
    )
    doc["safety_plan"]["professionals"][2]["contact"] = "ask at the front desk"
    found = [f for f in check(doc) if f.code == "safety.contact-unreachable"]
    assert [f.path for f in found] == [
        "$.safety_plan.people_to_ask[1]",
        "$.safety_plan.professionals[2].contact",
    ]
    assert found[1].message.startswith('"Breathing Space" in Morag\'s safety plan has no number')


def test_a_safety_plan_whose_people_can_all_be_reached_is_fine(doc: dict[str, Any]) -> None:
    doc["circle"][3]["contact"] = "07700 900456"
    assert "safety.contact-unreachable" not in codes(check(doc))


def test_safety_no_round_the_clock_contact(doc: dict[str, Any]) -> None:
    del doc["safety_plan"]["professionals"][1]  # NHS 24 (out of hours)
    assert the(check(doc), "safety.no-round-the-clock-contact") == rp.Finding(
        "warning",
        "safety.no-round-the-clock-contact",
        "$.safety_plan.professionals",
        "nothing in Morag's safety plan can be reached at any hour; add an emergency or "
        "24-hour line Morag can call at night and at weekends (say so in its name or contact: "
        '"24 hours", "out of hours"), or have your organisation\'s plugin provide its crisis '
        "lines",
    )


@pytest.mark.parametrize(
    "contact", ["24 hours: 0800 000 0000", "0800 000 0000, 24/7", "0800 000 0000 (any time)"]
)
def test_a_line_that_says_it_answers_at_any_hour_is_round_the_clock(
    doc: dict[str, Any], contact: str
) -> None:
    del doc["safety_plan"]["professionals"][1]
    doc["safety_plan"]["professionals"][1]["contact"] = contact
    assert "safety.no-round-the-clock-contact" not in codes(check(doc))


def test_the_organisations_crisis_lines_count_as_round_the_clock(
    doc: dict[str, Any], register_plugin: Any
) -> None:
    del doc["safety_plan"]["professionals"][1]

    class Lines:
        @rp.hookimpl
        def crisis_lines(self) -> list[rp.Professional]:
            return [rp.Professional(name="On-call", contact="0141 496 0999")]

    register_plugin(Lines(), name="lines")
    assert "safety.no-round-the-clock-contact" not in codes(check(doc))


def test_a_plan_without_a_safety_plan_has_no_safety_findings(doc: dict[str, Any]) -> None:
    del doc["safety_plan"]
    assert not [code for code in codes(check(doc)) if code.startswith("safety.")]


# -- practice: reviews ---------------------------------------------------------------------


def test_review_overdue(doc: dict[str, Any]) -> None:
    doc["next_review_on"] = "2026-05-01"
    assert the(check(doc), "review.overdue") == rp.Finding(
        "warning",
        "review.overdue",
        "$.next_review_on",
        "the plan was due for review on 1 May 2026; arrange a review with Morag and the people "
        "she wants there, and set the next date",
    )


def test_review_not_scheduled(doc: dict[str, Any]) -> None:
    del doc["next_review_on"]
    assert the(check(doc), "review.not-scheduled") == rp.Finding(
        "warning",
        "review.not-scheduled",
        "$",
        "no date is set for the next review of the plan; agree one with Morag and write it in the"
        " plan",
    )


def test_review_without_person(doc: dict[str, Any]) -> None:
    doc["reviews"][0]["with"] = ["eilidh", "james"]
    assert the(check(doc), "review.without-person") == rp.Finding(
        "warning",
        "review.without-person",
        "$.reviews[0].with",
        "Morag is not recorded at the review on 1 June 2026; people review their own plans, so "
        "add Morag to who was there if she was, or go over the review with Morag and note what "
        "she said",
    )


def test_review_decision_disagrees_with_a_status(doc: dict[str, Any]) -> None:
    # The 1 June review says Morag did the bus journey on her own; the goal was left planned.
    doc["reviews"][0]["decisions"] = [{"about": "g-bus-on-my-own", "decision": "achieved"}]
    assert the(check(doc), "review.decision-disagrees") == rp.Finding(
        "warning",
        "review.decision-disagrees",
        "$.outcomes[0].goals[1].goals[1].status",
        "the review on 1 June 2026 decided the small goal 'g-bus-on-my-own' was achieved, but "
        "its status is 'planned'; if it was achieved, set its status to achieved with the "
        "date; if not, correct the review's decision",
    )


def test_review_decision_disagrees_with_a_date(doc: dict[str, Any]) -> None:
    doc["reviews"][0]["decisions"] = [
        {"about": "rp-bus", "decision": "new-date", "due_on": "2026-09-01"}
    ]
    assert the(check(doc), "review.decision-disagrees") == rp.Finding(
        "warning",
        "review.decision-disagrees",
        "$.risk_plans[0].review_on",
        "the review on 1 June 2026 moved the risk plan 'rp-bus' to 1 September 2026, but its "
        "review_on is now 28 May 2026; set it to 1 September 2026 if that still stands, or "
        "record the new date at the next review",
    )


def test_only_the_latest_review_decisions_are_checked(doc: dict[str, Any]) -> None:
    earlier: dict[str, Any] = {"on": "2026-03-02", "with": ["person"]}
    earlier["decisions"] = [{"about": "g-bus-on-my-own", "decision": "achieved"}]
    doc["reviews"].insert(0, earlier)
    assert [f for f in check(doc) if f.code == "review.decision-disagrees"] == []


def test_review_with_nobody_recorded_points_at_the_review(doc: dict[str, Any]) -> None:
    del doc["reviews"][0]["with"]
    assert the(check(doc), "review.without-person").path == "$.reviews[0]"


# -- the hook ------------------------------------------------------------------------------


class OrganisationChecks:
    """A third party's checks, as an organisation's plugin would write them."""

    def __init__(self) -> None:
        self.calls: list[tuple[str | None, date]] = []

    @rp.hookimpl
    def validate_plan(
        self, plan: rp.Plan, framework: rp.Framework | None, today: date
    ) -> list[rp.Finding]:
        self.calls.append((framework.id if framework else None, today))
        return [
            rp.Finding("warning", "org.no-keyworker", "$.circle", "name a keyworker"),
            rp.Finding("error", "org.cost-centre", "$.extensions", "add a cost centre"),
        ]


def test_a_plugins_findings_are_merged_in(morag: rp.Plan, register_plugin: Any) -> None:
    checks = register_plugin(OrganisationChecks(), name="org-checks")
    findings = rp.validate(morag, today=TODAY)
    assert checks.calls == [("chime", TODAY)]
    assert findings[0] == rp.Finding(
        "error", "org.cost-centre", "$.extensions", "add a cost centre"
    )
    assert rp.Finding("warning", "org.no-keyworker", "$.circle", "name a keyworker") in findings
    # The built-in checks still ran.
    assert codes(findings).count("goal.overdue") == 2


def test_a_plugin_may_take_only_the_arguments_it_needs(
    morag: rp.Plan, register_plugin: Any
) -> None:
    class PlanOnly:
        @rp.hookimpl
        def validate_plan(self, plan: rp.Plan) -> list[rp.Finding]:
            return [rp.Finding("info", "org.plan-id", "$.id", plan.id)]

    register_plugin(PlanOnly(), name="plan-only")
    assert rp.Finding("info", "org.plan-id", "$.id", "plan-rsl-0142") in rp.validate(
        morag, today=TODAY
    )


def test_today_defaults_to_the_current_date(morag: rp.Plan, register_plugin: Any) -> None:
    checks = register_plugin(OrganisationChecks(), name="org-checks")
    rp.validate(morag)
    assert checks.calls == [("chime", date.today())]


def test_what_is_overdue_by_default_depends_on_the_current_date(morag: rp.Plan) -> None:
    yesterday, tomorrow = date.today() - timedelta(days=1), date.today() + timedelta(days=1)
    goal = rp.Goal(id="g-new", statement="Phone the college.", status=rp.Status.ACTIVE)
    plan = morag.with_goal("oc-callum", attrs.evolve(goal, due_on=yesterday))
    plan = plan.with_goal("oc-callum", attrs.evolve(goal, id="g-later", due_on=tomorrow))
    overdue = [f.path for f in rp.validate(plan) if f.code == "goal.overdue"]
    assert "$.outcomes[1].goals[2].due_on" in overdue
    assert "$.outcomes[1].goals[3].due_on" not in overdue


def test_a_check_plugin_that_raises_is_a_finding_and_the_other_checks_still_run(
    morag: rp.Plan, register_plugin: Any
) -> None:
    class Crashing:
        @rp.hookimpl
        def validate_plan(self, plan: rp.Plan) -> list[rp.Finding]:
            raise KeyError("cost_centre")

    register_plugin(Crashing(), name="crashing")
    checks = register_plugin(OrganisationChecks(), name="org-checks")
    findings = rp.validate(morag, today=TODAY)
    assert (
        rp.Finding(
            "error",
            "plugin.failed",
            "$",
            "the plan could not be fully checked: plugin 'crashing', hook validate_plan: raised "
            "KeyError: 'cost_centre'",
        )
        in findings
    )
    # Every other check ran: the built-in ones and the other plugin's.
    assert checks.calls == [("chime", TODAY)]
    assert codes(findings).count("goal.overdue") == 2
    assert "org.cost-centre" in codes(findings)


@pytest.mark.parametrize(
    ("returned", "problem"),
    [
        (
            "oops",
            "returned str 'oops'; return a list of recoveryplan.Finding (an empty list when "
            "all is well)",
        ),
        (
            [("warning", "x.y", "$", "m")],
            "returned a list holding tuple ('warning', 'x.y', '$', 'm'); every item must be a "
            "recoveryplan.Finding(severity, code, path, message)",
        ),
        (
            [rp.Finding("fatal", "x.y", "$", "m")],  # type: ignore[arg-type]
            "returned a finding with severity 'fatal' (x.y); use one of: error, warning, info",
        ),
    ],
)
def test_a_plugin_returning_something_else_is_named(
    morag: rp.Plan, register_plugin: Any, returned: object, problem: str
) -> None:
    class Faulty:
        @rp.hookimpl
        def validate_plan(self) -> object:
            return returned

    register_plugin(Faulty(), name="faulty")
    failed = [f for f in rp.validate(morag, today=TODAY) if f.code == "plugin.failed"]
    assert [f.message for f in failed] == [
        f"the plan could not be fully checked: plugin 'faulty', hook validate_plan: {problem}"
    ]
    assert failed[0].severity == "error"


# -- every code is documented and tested ---------------------------------------------------

CATALOGUE = {**validate_module.CODES, **integrity.CODES, **practice.CODES}
# Language codes come from rule data (language/data/en.toml), not code: tests/unit/test_language.py
# runs every rule's own examples and checks the docs list every rule.
LANGUAGE = language_checks.CODES
SOURCES = [
    Path(inspect.getfile(module))
    for module in (
        validate_module,
        integrity,
        practice,
        practice_circle,
        practice_goals,
        practice_risk_plans,
    )
]
_CODE_LITERAL = re.compile(r"\"([a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+)\"")
_DOC_HEADING = re.compile(r"^### `([^`]+)`\s*$", re.MULTILINE)
_DOC_SEVERITY = re.compile(r"^\*\*Severity:\*\* (error|warning|info)\b", re.MULTILINE)


def documented() -> dict[str, str]:
    """Each ``### `code``` heading in docs/checks.md with the severity stated under it."""
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    headings = list(_DOC_HEADING.finditer(text))
    found: dict[str, str] = {}
    for here, after in zip(headings, [*headings[1:], None], strict=True):
        section = text[here.end() : after.start() if after else len(text)]
        severity = _DOC_SEVERITY.search(section)
        assert severity, f"docs/checks.md: {here.group(1)} does not state its severity"
        assert here.group(1) not in found, f"docs/checks.md: {here.group(1)} is there twice"
        found[here.group(1)] = severity.group(1)
    return found


def test_the_catalogues_do_not_overlap() -> None:
    sizes = len(validate_module.CODES) + len(integrity.CODES) + len(practice.CODES)
    assert len(CATALOGUE) == sizes
    assert set(CATALOGUE).isdisjoint(LANGUAGE)
    assert len(CATALOGUE) >= 30


def test_every_code_in_the_source_is_in_a_catalogue_and_used() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)
    literals = _CODE_LITERAL.findall(source)
    assert set(literals) == set(CATALOGUE)
    # Named once in its catalogue and at least once where it is reported.
    unused = [code for code in CATALOGUE if literals.count(code) < 2]
    assert unused == []


def test_every_code_is_documented_with_its_severity() -> None:
    assert documented() == {**CATALOGUE, **LANGUAGE}


def test_every_code_has_a_test_asserting_the_whole_finding() -> None:
    here = Path(__file__).read_text(encoding="utf-8")
    asserted = set(re.findall(r'rp\.Finding\(\s*"(error|warning|info)",\s*"([^"]+)"', here))
    untested = [code for code, severity in CATALOGUE.items() if (severity, code) not in asserted]
    assert untested == []


def test_every_documented_example_is_valid_json() -> None:
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    examples = re.findall(r"```json\n(.*?)```", text, re.DOTALL)
    assert len(examples) >= len(CATALOGUE)
    for example in examples:
        json.loads(example)
