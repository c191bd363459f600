"""A store's revision in FHIR: every resource versioned, a Provenance saying who saved the plan,
when and why, and the import carrying both (``rp.fhir_revision`` reads the revision back)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.fhir.conformance import package
from recoveryplan.fhir.vocabulary import IDENTIFIER_SYSTEM, STAFF_SYSTEM

from ..support.fhir import assert_valid, by_type
from ..support.fhir_conformance import invariant_errors, schema_errors
from .test_fhir_conformance import assert_defined

AT = datetime(2026, 5, 6, 10, 30, 15, 250000, tzinfo=UTC)


def revision(
    plan: rp.Plan, *, number: int = 3, by: str = "staff-042", why: str = "Review"
) -> rp.Revision:
    return rp.Revision(number=number, at=AT, by=by, why=why, fingerprint=rp.fingerprint(plan))


@pytest.fixture
def stored(tmp_path: Path, morag: rp.Plan) -> tuple[rp.Plan, rp.Revision, dict[str, Any]]:
    """The reference plan saved twice in a SQLite store, and its latest revision exported."""
    pytest.importorskip("sqlalchemy", reason="the store needs the store extra")
    store = rp.open_store(str(tmp_path / "plans.db"))
    first = store.save(morag, by="person", why="Morag's first plan", base=None)
    changed = rp.from_data({**rp.to_data(morag), "next_review_on": "2026-09-01"})
    store.save(changed, by="k.ross", why="Review: next date agreed", base=first.number)
    plan, latest = store.latest(morag.id)
    return plan, latest, store.to_fhir(morag.id, by="k.ross")


def test_a_stored_revision_comes_back_from_fhir(
    stored: tuple[rp.Plan, rp.Revision, dict[str, Any]],
) -> None:
    plan, saved, bundle = stored
    assert saved.number == 2
    back, findings = rp.from_fhir(json.loads(json.dumps(bundle)))
    assert back == plan
    assert findings == []
    assert rp.fhir_revision(bundle) == saved


def test_the_store_exports_any_revision(tmp_path: Path, morag: rp.Plan) -> None:
    pytest.importorskip("sqlalchemy", reason="the store needs the store extra")
    store = rp.open_store(str(tmp_path / "plans.db"))
    first = store.save(morag, by="eilidh", why="Started with Eilidh", base=None)
    store.save(
        rp.from_data({**rp.to_data(morag), "next_review_on": "2026-09-01"}),
        by="person",
        why="Moved",
        base=1,
    )
    bundle = store.to_fhir(morag.id, 1, by="k.ross")
    assert rp.fhir_revision(bundle) == first
    assert rp.from_fhir(bundle)[0] == morag
    (provenance,) = by_type(bundle, "Provenance")
    assert provenance["activity"]["coding"][0]["code"] == "CREATE"


def test_every_resource_has_the_version_and_the_time(morag: rp.Plan) -> None:
    bundle = rp.to_fhir(morag, revision=revision(morag), profile="uk-core")
    for entry in bundle["entry"]:
        meta = entry["resource"]["meta"]
        assert meta["versionId"] == "3"
        assert meta["lastUpdated"] == "2026-05-06T10:30:15.250000Z"
    patient = by_type(bundle, "Patient")[0]
    assert patient["meta"]["profile"] == [
        "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"
    ]


def test_the_provenance_names_every_resource_who_when_and_why(morag: rp.Plan) -> None:
    bundle = rp.to_fhir(morag, revision=revision(morag, why="Review with Morag and Eilidh"))
    *others, last = bundle["entry"]
    provenance = last["resource"]
    assert provenance["resourceType"] == "Provenance"
    assert [t["reference"] for t in provenance["target"]] == [e["fullUrl"] for e in others]
    assert provenance["recorded"] == "2026-05-06T10:30:15.250000Z"
    assert provenance["reason"] == [{"text": "Review with Morag and Eilidh"}]
    assert provenance["activity"]["coding"][0]["code"] == "UPDATE"
    (agent,) = provenance["agent"]
    assert agent["who"] == {"identifier": {"system": STAFF_SYSTEM, "value": "staff-042"}}


@pytest.mark.parametrize("by", ["person", "service", "eilidh", "ali"])
def test_an_author_the_plan_holds_is_a_reference_to_their_resource(morag: rp.Plan, by: str) -> None:
    bundle = rp.to_fhir(morag, revision=revision(morag, by=by))
    who = by_type(bundle, "Provenance")[0]["agent"][0]["who"]
    (entry,) = [e for e in bundle["entry"] if e["fullUrl"] == who["reference"]]
    kind = {"person": "Patient", "service": "Organization"}.get(by)
    if kind is None:
        assert {"system": IDENTIFIER_SYSTEM, "value": by} in entry["resource"]["identifier"]
    else:
        assert entry["resource"]["resourceType"] == kind
    assert rp.fhir_revision(bundle) == revision(morag, by=by)


def test_the_provenance_is_valid_fhir(morag: rp.Plan) -> None:
    for profile in (None, "uk-core"):
        for why in ("Review", ""):
            bundle = rp.to_fhir(morag, revision=revision(morag, why=why), profile=profile)
            assert_valid(bundle)
            assert schema_errors(bundle) == []
            assert invariant_errors(bundle) == []


def test_the_package_defines_everything_the_provenance_uses(morag: rp.Plan) -> None:
    bundle = rp.to_fhir(morag, revision=revision(morag))
    assert assert_defined(by_type(bundle, "Provenance")[0], package()) >= 3


def test_without_a_revision_the_export_is_unchanged(morag: rp.Plan) -> None:
    plain = rp.to_fhir(morag)
    assert "Provenance" not in {e["resource"]["resourceType"] for e in plain["entry"]}
    assert all("meta" not in e["resource"] for e in plain["entry"])
    assert rp.fhir_revision(plain) is None


@settings(max_examples=25, deadline=None)
@given(
    by=st.text(min_size=1, max_size=12),
    why=st.text(max_size=20),
    number=st.integers(min_value=1, max_value=10**6),
)
def test_any_author_and_reason_come_back_exactly(by: str, why: str, number: int) -> None:
    plan = rp.load(Path(__file__).resolve().parents[2] / "src/recoveryplan/examples/morag.json")
    saved = revision(plan, number=number, by=by, why=why)
    bundle = json.loads(json.dumps(rp.to_fhir(plan, revision=saved)))
    assert rp.fhir_revision(bundle) == saved
    assert rp.from_fhir(bundle) == (plan, [])


def test_a_provenance_from_elsewhere_is_named(morag: rp.Plan) -> None:
    bundle = rp.to_fhir(morag)
    patient = bundle["entry"][0]["fullUrl"]
    foreign = {
        "resourceType": "Provenance",
        "target": [{"reference": patient}],
        "recorded": "2026-05-06T10:00:00Z",
        "agent": [{"who": {"display": "A clerk"}}],
    }
    bundle["entry"].append(
        {"fullUrl": "urn:uuid:0f0f0f0f-0000-4000-8000-000000000001", "resource": foreign}
    )
    plan, findings = rp.from_fhir(bundle)
    assert plan == morag
    assert [(f.code, f.path) for f in findings] == [
        ("fhir.unmapped", f"$.entry[{len(bundle['entry']) - 1}].resource")
    ]
    assert "Provenance" in findings[0].message
    assert rp.fhir_revision(bundle) is None


def test_what_our_provenance_does_not_say_is_named(morag: rp.Plan) -> None:
    bundle = copy.deepcopy(rp.to_fhir(morag, revision=revision(morag)))
    provenance = bundle["entry"][-1]["resource"]
    provenance["location"] = {"display": "Riverside ward"}
    _, findings = rp.from_fhir(bundle)
    assert [f.code for f in findings] == ["fhir.unmapped"]
    assert "Provenance.location" in findings[0].message


def test_a_provenance_with_no_author_is_an_error_naming_where(morag: rp.Plan) -> None:
    bundle = rp.to_fhir(morag, revision=revision(morag))
    del bundle["entry"][-1]["resource"]["agent"]
    with pytest.raises(rp.PlanFormatError, match=r"agent"):
        rp.fhir_revision(bundle)


@pytest.mark.parametrize("recorded", ["yesterday", "2026-05-06T10:00:00"])
def test_a_time_that_is_not_an_instant_is_an_error_naming_where(
    morag: rp.Plan, recorded: str
) -> None:
    bundle = rp.to_fhir(morag, revision=revision(morag))
    bundle["entry"][-1]["resource"]["recorded"] = recorded
    index = len(bundle["entry"]) - 1
    with pytest.raises(rp.PlanFormatError, match=r"not a FHIR instant") as raised:
        rp.fhir_revision(bundle)
    assert raised.value.problems[0].path == f"$.entry[{index}].resource.recorded"


@pytest.mark.parametrize("version", ["0", "²", "1" * 40, "v3"])
def test_a_provenance_with_no_usable_version_is_named_not_read(
    morag: rp.Plan, version: str
) -> None:
    bundle = rp.to_fhir(morag, revision=revision(morag))
    bundle["entry"][-1]["resource"]["meta"]["versionId"] = version
    bundle["entry"][-1]["resource"]["target"] = 7
    assert rp.fhir_revision(bundle) is None
    plan, findings = rp.from_fhir(bundle)
    assert plan == morag
    assert [f.code for f in findings] == ["fhir.unmapped"]
