"""``recoveryplan history`` and ``recoveryplan store``, run the way users meet them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import recoveryplan as rp

from ..support.cli import recoveryplan_main as _recoveryplan
from ..support.cli import save_a_new_name


def test_save_history_and_export(tmp_path: Path, reference_path: Path, morag: rp.Plan) -> None:
    first = _recoveryplan(
        "store",
        "save",
        reference_path,
        "--store",
        "plans.db",
        "--by",
        "james",
        "--why",
        "New",
        cwd=tmp_path,
    )
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout.startswith(f"{morag.id}: saved revision 1 (fingerprint ")
    changed = save_a_new_name(tmp_path, morag)
    history = _recoveryplan(
        "history", morag.id, "--store", "plans.db", "--format", "json", cwd=tmp_path
    )
    assert history.returncode == 0
    rows = json.loads(history.stdout)
    assert [(r["number"], r["by"], r["why"]) for r in rows] == [
        (1, "james", "New"),
        (2, "person", "My name"),
    ]
    assert all(set(r) == {"number", "at", "by", "why"} for r in rows)
    text = _recoveryplan("history", morag.id, "--store", "plans.db", cwd=tmp_path)
    lines = text.stdout.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("2  ")
    assert lines[1].endswith("person: My name")
    exported = _recoveryplan(
        "store", "export", morag.id, "--store", "plans.db", "--revision", "1", cwd=tmp_path
    )
    assert rp.loads(exported.stdout) == morag
    written = _recoveryplan(
        "store", "export", morag.id, "--store", "plans.db", "-o", "out.json", cwd=tmp_path
    )
    assert (written.returncode, written.stdout) == (0, "")
    assert rp.load(tmp_path / "out.json") == changed
    listed = _recoveryplan("store", "plans", "--store", "plans.db", cwd=tmp_path)
    assert listed.stdout == f"{morag.id}\n"


def test_a_stale_base_exits_1_in_one_line(tmp_path: Path, reference_path: Path) -> None:
    save = ("store", "save", reference_path, "--store", "plans.db", "--by", "james", "--why", "x")
    assert _recoveryplan(*save, cwd=tmp_path).returncode == 0
    again = _recoveryplan(*save, cwd=tmp_path)
    assert again.returncode == 1
    assert len(again.stderr.splitlines()) == 1
    assert "already in the store" in again.stderr
    assert _recoveryplan(*save, "--base", "1", cwd=tmp_path).returncode == 0
    stale = _recoveryplan(*save, "--base", "1", cwd=tmp_path)
    assert stale.returncode == 1
    assert "the latest is 2; nothing was stored" in stale.stderr


def test_an_unknown_plan_or_store_exits_1_in_one_line(tmp_path: Path, reference_path: Path) -> None:
    missing = _recoveryplan("history", "plan-x", "--store", "nowhere.db", cwd=tmp_path)
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == (
        "recoveryplan: nowhere.db: no such store (saving a plan to it creates one)\n"
    )
    assert not (tmp_path / "nowhere.db").exists()
    _recoveryplan(
        "store",
        "save",
        reference_path,
        "--store",
        "plans.db",
        "--by",
        "j",
        "--why",
        "x",
        cwd=tmp_path,
    )
    unknown = _recoveryplan("history", "plan-x", "--store", "plans.db", cwd=tmp_path)
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert len(unknown.stderr.splitlines()) == 1
    assert "holds no plan 'plan-x'" in unknown.stderr
    no_store = _recoveryplan("history", "plan-x", cwd=tmp_path)
    assert no_store.returncode == 2
    assert "--store" in no_store.stderr


def test_the_store_can_be_named_by_the_environment(tmp_path: Path, reference_path: Path) -> None:
    store = rp.open_store(tmp_path / "plans.db")
    plan = rp.load(reference_path)
    store.save(plan, by="james", why="first", base=None)
    store.render(plan.id, "person", "txt", by="james")
    store.close()
    result = subprocess.run(
        [sys.executable, "-m", "recoveryplan", "store", "disclosures", plan.id, "--format", "json"],
        cwd=tmp_path,
        env={**os.environ, "RECOVERYPLAN_STORE": str(tmp_path / "plans.db")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    (record,) = json.loads(result.stdout)
    assert (record["reader"], record["view"], record["by"], record["revision"]) == (
        "person",
        "plan",
        "james",
        1,
    )
