"""A carer's own support plan: linked on the circle member, never shown to the circle, and a
practice check notes a carer with none linked or offered."""

from __future__ import annotations

import json
from datetime import date

import attrs
import pytest

import recoveryplan as rp
from recoveryplan import SupportPlan

from ..support.reference import TODAY

LINKED = SupportPlan(reference="ACSP-2026-0415", review_on=date(2027, 3, 1))


def with_support_plan(morag: rp.Plan, support: SupportPlan | None) -> rp.Plan:
    eilidh = attrs.evolve(morag.circle[0], support_plan=support)
    return attrs.evolve(morag, circle=(eilidh, *morag.circle[1:]))


def carer_findings(plan: rp.Plan) -> list[rp.Finding]:
    return [f for f in rp.validate(plan, today=TODAY) if f.code == "circle.carer-no-support-plan"]


def test_a_carer_with_no_support_plan_of_their_own_is_noted(morag: rp.Plan) -> None:
    (found,) = carer_findings(morag)
    assert (found.severity, found.path) == ("info", "$.circle[0]")
    assert "Eilidh Sinclair" in found.message
    assert "adult carer support plan under the Carers (Scotland) Act 2016" in found.message


@pytest.mark.parametrize(
    "support",
    [LINKED, SupportPlan(offered_on=date(2026, 3, 2))],
    ids=["linked", "offered"],
)
def test_a_linked_or_offered_support_plan_is_not_noted(
    morag: rp.Plan, support: SupportPlan
) -> None:
    assert carer_findings(with_support_plan(morag, support)) == []


def test_a_friend_is_never_asked_about_a_carers_plan(morag: rp.Plan) -> None:
    friend = attrs.evolve(morag.circle[0], role=rp.Role.FRIEND)
    assert carer_findings(attrs.evolve(morag, circle=(friend, *morag.circle[1:]))) == []


def test_the_link_round_trips_and_no_member_sees_it(morag: rp.Plan) -> None:
    plan = with_support_plan(morag, LINKED)
    text = rp.dumps(plan)
    assert json.loads(text)["circle"][0]["support_plan"] == {
        "reference": "ACSP-2026-0415",
        "review_on": "2027-03-01",
    }
    assert rp.loads(text) == plan
    for member in ("eilidh", "ali"):
        shown = rp.audience.disclose(plan, member).plan
        assert all(m.support_plan is None for m in shown.circle)
        assert "ACSP-2026-0415" not in str(rp.render(plan, member, "txt", today=TODAY))
    assert rp.audience.disclose(plan, "staff").plan.circle[0].support_plan == LINKED


def test_the_schema_knows_the_link() -> None:
    member = rp.json_schema()["$defs"]["CircleMember"]["properties"]
    assert "support_plan" in member
