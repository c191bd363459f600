"""``recoveryplan render PLAN_ID --store URL --view review``: the review pack from the store by
itself, recorded in the disclosure log; and ``store export --fhir`` recorded there too."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import recoveryplan as rp

from ..support.cli import recoveryplan_main as _recoveryplan


def stored(tmp_path: Path, morag: rp.Plan) -> None:
    """Morag's plan stored (after her 1 June review), then her bus goal achieved by James."""
    with rp.open_store(tmp_path / "plans.db") as store:
        first = store.save(morag, by="k.ross", why="Into the store", base=None)
        achieved = morag.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 6, 20))
        store.save(achieved, by="james", why="Bus on her own", base=first.number)


def test_the_review_pack_from_the_store_says_what_changed_and_who_wrote_it(
    tmp_path: Path, morag: rp.Plan
) -> None:
    stored(tmp_path, morag)
    common = ("--store", "plans.db", "--view", "review", "--today", "2026-06-22")
    staff = _recoveryplan(
        "render",
        morag.id,
        *common,
        "--audience",
        "staff",
        "--format",
        "txt",
        "--by",
        "k.lee",
        cwd=tmp_path,
    )
    assert (staff.returncode, staff.stderr) == (0, "")
    text = " ".join(staff.stdout.split())
    assert "1 change since the last review." in text
    assert "on 20 June 2026 (written by James Okafor)" in text
    assert text.index("What was agreed at the last review") < text.index("What changed since")

    person = _recoveryplan(
        "render",
        morag.id,
        *common,
        "--audience",
        "person",
        "--since",
        "2",
        "-o",
        "mine.md",
        cwd=tmp_path,
    )
    assert (person.returncode, person.stdout, person.stderr) == (0, "", "")
    mine = " ".join((tmp_path / "mine.md").read_text(encoding="utf-8").split())
    assert "Nothing in my plan has changed since my last review." in mine

    log = _recoveryplan(
        "store", "disclosures", morag.id, "--store", "plans.db", "--format", "json", cwd=tmp_path
    )
    records = json.loads(log.stdout)
    assert [(r["reader"], r["view"], r["by"], r["revision"]) for r in records][:1] == [
        ("staff", "review", "k.lee", 2)
    ]
    assert [(r["reader"], r["view"]) for r in records] == [
        ("staff", "review"),
        ("person", "review"),
    ]


def test_a_bad_since_with_a_store_is_a_usage_error(tmp_path: Path, morag: rp.Plan) -> None:
    stored(tmp_path, morag)
    result = _recoveryplan(
        "render",
        morag.id,
        "--store",
        "plans.db",
        "--view",
        "review",
        "--audience",
        "staff",
        "--since",
        "last-june",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "give a revision number (1 or more) or a day (YYYY-MM-DD)" in result.stderr


def test_a_fhir_export_from_the_store_is_in_the_disclosure_log(
    tmp_path: Path, morag: rp.Plan
) -> None:
    stored(tmp_path, morag)
    exported = _recoveryplan(
        "store",
        "export",
        morag.id,
        "--store",
        "plans.db",
        "--fhir",
        "--by",
        "k.lee",
        "-o",
        "bundle.json",
        cwd=tmp_path,
    )
    assert (exported.returncode, exported.stderr) == (0, "")
    log = _recoveryplan("store", "disclosures", morag.id, "--store", "plans.db", cwd=tmp_path)
    assert "k.lee gave staff the FHIR bundle (revision 2; sections: assessment," in log.stdout
