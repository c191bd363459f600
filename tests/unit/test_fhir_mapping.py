"""One FHIR mapping, read both ways: each row of the tables is what both directions use.

For every row, the export writes the field into the row's element and the import reads it
back from there: moving a row's element (or taking an extension row out) moves the field in
the bundle and in what the import reads, with no other change; adding a row carries a field.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings

import recoveryplan as rp
from recoveryplan._fields import field_meaning
from recoveryplan.demo import example_plan
from recoveryplan.fhir import from_fhir, to_fhir
from recoveryplan.fhir.codecs import Day, Language, Quantity
from recoveryplan.fhir.codes import (
    EXTENSIONS,
    IDENTIFIER_SYSTEM,
    STRUCTURE_DEFINITION,
    described_extensions,
)
from recoveryplan.fhir.fields import field_extensions, is_default
from recoveryplan.fhir.ids import Taken, claim
from recoveryplan.fhir.mapping import EXTENSION, MEMBER, RISK, TABLES, Row, Table, ext
from recoveryplan.testing.strategies import plans

JSON = dict[str, Any]

ROWS = [(table, row) for table in TABLES for row in table.rows]
ROW_IDS = [f"{table.cls.__name__}.{row.field}" for table, row in ROWS]
ELEMENT_ROWS = [(t, r) for t, r in ROWS if r.codec is not None]
ELEMENT_IDS = [f"{t.cls.__name__}.{r.field}" for t, r in ELEMENT_ROWS]
# Who a Consent shares with, and what, is read by the consent rule (fhir/read_consent.py),
# which reads the provision tree as a whole (type, period, nested denies), not one element.
BY_THE_CONSENT_RULE = {"SharingConsent.member", "SharingConsent.sections"}
MOVABLE_ROWS = [
    (t, r) for t, r in ELEMENT_ROWS if f"{t.cls.__name__}.{r.field}" not in BY_THE_CONSENT_RULE
]
MOVABLE_IDS = [f"{t.cls.__name__}.{r.field}" for t, r in MOVABLE_ROWS]
EXTENSION_ROWS = [(t, r) for t, r in ROWS if r.codec is None]
EXTENSION_IDS = [f"{t.cls.__name__}.{r.field}" for t, r in EXTENSION_ROWS]

SOME_PLANS = settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextmanager
def rows_of(table: Table, rows: tuple[Row, ...]) -> Iterator[None]:
    """The table with other rows for a while: what adding, moving or removing a row does."""
    before = table.rows
    object.__setattr__(table, "rows", rows)  # the tables are frozen; tests change them anyway
    try:
        yield
    finally:
        object.__setattr__(table, "rows", before)


def replaced(table: Table, row: Row, new: Row | None) -> tuple[Row, ...]:
    """The table's rows with ``row`` replaced by ``new``, or taken out when ``new`` is None."""
    rows = [new if r is row else r for r in table.rows]
    return tuple(r for r in rows if r is not None)


def moved(row: Row) -> Row:
    """The row with its element under another (made-up) name."""
    first, _, rest = row.element.partition(".")
    name = "moved" + first[0].upper() + first[1:]
    return attrs.evolve(row, element=f"{name}.{rest}" if rest else name)


# -- which resource of a bundle holds which part of the plan -------------------------------


def _resources(bundle: JSON, kind: str) -> list[JSON]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _by_id(resources: list[JSON]) -> dict[str, JSON]:
    found = {}
    for resource in resources:
        for identifier in resource.get("identifier", []):
            if identifier.get("system") == IDENTIFIER_SYSTEM:
                found[identifier["value"]] = resource
    return found


def parts(table: Table, plan: rp.Plan, bundle: JSON) -> list[tuple[Any, JSON]]:
    """Each part of the plan the table maps, with the JSON object that holds it."""
    cls = table.cls
    care_plans = _resources(bundle, "CarePlan")
    if cls is rp.Person:
        return [(plan.person, _resources(bundle, "Patient")[0])]
    if cls is rp.Service:
        organisation = _resources(bundle, "Organization")[0]
        return [(plan.service, organisation)] if plan.service is not None else []
    if cls is rp.CircleMember:
        people = _by_id(_resources(bundle, "RelatedPerson") + _resources(bundle, "Practitioner"))
        return [(member, people[member.id]) for member in plan.circle]
    if cls is rp.Plan:
        return [(plan, care_plans[0])]
    if cls is rp.SafetyPlan:
        return [(plan.safety_plan, care_plans[1])] if plan.safety_plan is not None else []
    if cls is rp.SupportAction:
        actions = [action for place in plan.walk_goals() for action in place.goal.support]
        details = [activity["detail"] for activity in care_plans[0].get("activity", [])]
        return list(zip(actions, details, strict=True))
    if cls is rp.Outcome or cls is rp.Goal:
        goals = _by_id(_resources(bundle, "Goal"))
        found = plan.outcomes if cls is rp.Outcome else [p.goal for p in plan.walk_goals()]
        return [(goal, goals[goal.id]) for goal in found]
    if cls is rp.RiskPlan:
        risks = _by_id(_resources(bundle, "RiskAssessment"))
        return [(risk, risks[risk.id]) for risk in plan.risk_plans]
    if cls is rp.Concern:
        risks = _by_id(_resources(bundle, "RiskAssessment"))
        return [
            (concern, prediction)
            for risk in plan.risk_plans
            for concern, prediction in zip(
                risk.concerns, risks[risk.id].get("prediction", []), strict=True
            )
        ]
    if cls is rp.Rating:
        return list(zip(plan.ratings, _resources(bundle, "Observation"), strict=True))
    if cls is rp.SharingConsent:
        return list(zip(plan.sharing, _resources(bundle, "Consent"), strict=True))
    raise AssertionError(f"the test does not know where a {cls.__name__} goes")


def holds(part: Any, row: Row, cls: type) -> bool:
    """Whether the part has something in the row's field (what the export writes)."""
    value = getattr(part, row.field)
    if row.codec is None:
        (field,) = field_extensions(cls, [row.field], top=True)
        return not is_default(field, value)
    return value is not None and value != ()


def has_element(node: JSON, row: Row, element: str) -> bool:
    *parents, leaf = element.split(".")
    for segment in parents:
        inner = node.get(segment.removesuffix("[]"))
        if segment.endswith("[]"):
            inner = inner[0] if isinstance(inner, list) and inner else None
        if not isinstance(inner, dict):
            return False
        node = inner
    name = leaf.removesuffix("[]")
    if isinstance(row.codec, Quantity) and "valueQuantity" in node:
        return True
    if isinstance(row.codec, Language):
        # A language marked not preferred (an interpreter's) is not the person's language.
        return any(c.get("preferred") is not False for c in node.get(name, []))
    return name in node or f"_{name}" in node


def has_extension(node: JSON, cls: type, row: Row) -> bool:
    (field,) = field_extensions(cls, [row.field], top=True)
    return any(extension.get("url") == field.url for extension in node.get(EXTENSION, []))


# -- the tables themselves -------------------------------------------------------------------


@pytest.mark.parametrize(("table", "row"), ROWS, ids=ROW_IDS)
def test_every_row_names_a_field_of_its_class_once(table: Table, row: Row) -> None:
    assert row.field in attrs.fields_dict(table.cls)
    assert [r.field for r in table.rows].count(row.field) == 1


@pytest.mark.parametrize(("table", "row"), EXTENSION_ROWS, ids=EXTENSION_IDS)
def test_every_extension_row_is_documented(table: Table, row: Row) -> None:
    (field,) = field_extensions(table.cls, [row.field], top=True)
    assert field.url.removeprefix(STRUCTURE_DEFINITION) in EXTENSIONS


def test_ids_are_claimed_the_same_way_in_both_directions() -> None:
    taken = Taken({"goal"})
    assert [claim("goal", taken, mark="-") for _ in range(3)] == ["goal-2", "goal-3", "goal-4"]
    assert claim("risk", taken, mark="#") == "risk"
    assert claim("risk", taken, mark="#") == "risk#2"


def test_claiming_one_id_many_times_numbers_them_all_in_order_around_ids_already_taken() -> None:
    taken = Taken({"goal", "goal-3", "goal-6"})
    claimed = [claim("goal", taken, mark="-") for _ in range(8000)]
    assert claimed[:4] == ["goal-2", "goal-4", "goal-5", "goal-7"]
    assert len(set(claimed)) == 8000
    assert claimed[-1] == "goal-8003"
    assert claim("goal-2", taken, mark="-") == "goal-2-2"


# -- each row, both ways -----------------------------------------------------------------------


def _seen_in_reference_plan(table: Table, row: Row) -> int:
    plan = example_plan()
    bundle = to_fhir(plan)
    found = 0
    for part, node in parts(table, plan, bundle):
        if holds(part, row, table.cls):
            if row.codec is None:
                assert has_extension(node, table.cls, row)
            else:
                assert has_element(node, row, row.element)
            found += 1
    return found


def test_the_reference_plan_fills_most_rows() -> None:
    """Guards the tests below: they check rows on the parts that hold something."""
    empty = [f"{t.cls.__name__}.{r.field}" for t, r in ROWS if _seen_in_reference_plan(t, r) == 0]
    assert len(empty) <= len(ROWS) // 5, empty


@settings(SOME_PLANS)
@given(plans(max_items=2, max_goals=5, max_depth=3))
def test_every_row_is_written_where_its_table_says(plan: rp.Plan) -> None:
    bundle = to_fhir(plan)
    for table, row in ROWS:
        for part, node in parts(table, plan, bundle):
            if not holds(part, row, table.cls):
                continue
            if row.codec is None:
                assert has_extension(node, table.cls, row), (table.cls, row.field)
            else:
                assert has_element(node, row, row.element), (table.cls, row.field)


def _both_ways(plan: rp.Plan, table: Table, row: Row, old: str) -> int:
    """The plan comes back exactly, and every value of the row is in its element, not in
    ``old`` (where it was before the row was moved)."""
    bundle = to_fhir(plan)
    back, _ = from_fhir(bundle)
    assert back == plan
    written = 0
    for part, node in parts(table, plan, bundle):
        if holds(part, row, table.cls):
            assert has_element(node, row, row.element)
            assert not has_element(node, row, old)
            written += 1
    return written


def _plan_with(table: Table, row: Row) -> rp.Plan:
    """The reference plan, or else a generated plan, that holds something in the row: the
    first one found, as any will do (shrinking it to the smallest such plan would convert
    hundreds more to FHIR and prove nothing more)."""

    def fills(plan: rp.Plan) -> bool:
        return any(holds(part, row, table.cls) for part, _ in parts(table, plan, to_fhir(plan)))

    plan = example_plan()
    if fills(plan):
        return plan
    return find(
        plans(max_items=2, max_goals=5, max_depth=3),
        fills,
        settings=settings(
            database=None,
            max_examples=1000,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        ),
    )


@pytest.mark.parametrize(("table", "row"), MOVABLE_ROWS, ids=MOVABLE_IDS)
def test_moving_a_rows_element_moves_it_in_export_and_import_alike(table: Table, row: Row) -> None:
    new = moved(row)
    holding = _plan_with(table, row)
    written = 0
    with rows_of(table, replaced(table, row, new)):
        written += _both_ways(holding, table, new, row.element)

        @SOME_PLANS
        @given(plans(max_items=2, max_goals=5, max_depth=3))
        def check(plan: rp.Plan) -> None:
            nonlocal written
            written += _both_ways(plan, table, new, row.element)

        check()
    assert written, f"no plan held a {table.cls.__name__}.{row.field} to move"


@pytest.mark.parametrize(("table", "row"), EXTENSION_ROWS, ids=EXTENSION_IDS)
def test_an_extension_row_carries_its_field_both_ways(table: Table, row: Row) -> None:
    plan = _plan_with(table, row)
    bundle = to_fhir(plan)
    (field,) = field_extensions(table.cls, [row.field], top=True)
    with rows_of(table, replaced(table, row, None)):
        without = to_fhir(plan)
        for _, node in parts(table, plan, without):
            assert not has_extension(node, table.cls, row)
        back, findings = from_fhir(bundle)
    # The field is read only through its row; a goal's day of achievement and a circle
    # member's language alone are also written for people (statusDate; communication), which
    # is read when the extension is not.
    assert (
        back != plan or row.field == "achieved_on" or (table is MEMBER and row.field == "language")
    )
    assert any(field.url in finding.message for finding in findings)
    assert from_fhir(bundle)[0] == plan


def test_adding_a_row_carries_a_field_to_fhir_and_back() -> None:
    """A field the tables do not carry is lost; one row carries it, both ways."""
    plan = example_plan()
    risk = plan.risk_plans[0]
    assert risk.review_on is not None
    (old,) = [row for row in RISK.rows if row.field == "review_on"]
    with rows_of(RISK, replaced(RISK, old, None)):
        assert from_fhir(to_fhir(plan))[0] != plan
    added = Row("review_on", "reviewOn", Day())
    with rows_of(RISK, (*replaced(RISK, old, None), added)):
        bundle = to_fhir(plan)
        resource = parts(RISK, plan, bundle)[0][1]
        assert resource["reviewOn"] == risk.review_on.isoformat()
        assert not has_extension(resource, rp.RiskPlan, old)
        assert from_fhir(bundle)[0] == plan
    assert isinstance(risk.review_on, date)


def test_one_extension_row_carries_a_field_and_documents_it() -> None:
    """A bare extension row is all a new field needs: both directions, and its documentation
    (where from the table, the value from the field's type, the meaning from the model)."""
    plan = example_plan()
    (old,) = [row for row in RISK.rows if row.field == "review_on"]
    with rows_of(RISK, replaced(RISK, old, None)):
        assert from_fhir(to_fhir(plan))[0] != plan
        assert "review-on" not in described_extensions()
    with rows_of(RISK, (*replaced(RISK, old, None), ext("review_on"))):
        assert from_fhir(to_fhir(plan))[0] == plan
        where, value, meaning = described_extensions()["review-on"]
    assert (where, value) == ("RiskAssessment", "valueDate")
    assert meaning == field_meaning(attrs.fields_dict(rp.RiskPlan)["review_on"])
