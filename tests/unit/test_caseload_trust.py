"""A caseload report that cannot be fooled: two files of one plan, one person in two plans,
invalid plans and planted words are named and left out; the output folder is owner-only and
taken literally; a "due for review" figure for the manager."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pq = pytest.importorskip("pyarrow.parquet", reason="the report extra (pyarrow) is not installed")
pytest.importorskip("duckdb", reason="the report extra (duckdb) is not installed")

import recoveryplan as rp  # noqa: E402
from recoveryplan.caseload import TABLES  # noqa: E402
from recoveryplan.caseload.clashes import ClashFinder  # noqa: E402
from recoveryplan.caseload.report import TableWriter  # noqa: E402

from ..support.caseload import KEY, SINCE, TODAY, expected_figures, known_plan  # noqa: E402
from ..support.cli import recoveryplan_main as recoveryplan  # noqa: E402
from ..support.reference import BUNDLED  # noqa: E402

MARK = "Plantedzq"
NOT_TEXT = frozenset(
    {
        "format", "id", "framework", "by", "with", "agreed_by", "raised_by", "attendees",
        "about", "supports", "addresses", "based_on", "domain", "people_to_ask", "who", "kind",
        "voice", "role", "status", "likelihood", "severity", "sections", "decision", "language",
        "country", "system", "pronouns",
    }
)  # fmt: skip
"""Keys whose strings are ids, references, enumerations or codes, not a person's words."""


def _strings(node: Any, key: str = "") -> Iterator[tuple[Any, Any]]:
    """Every (container, index or key) holding a string that may be free text."""
    if isinstance(node, dict):
        for name, value in node.items():
            if isinstance(value, str) and name not in NOT_TEXT:
                yield node, name
            elif name not in NOT_TEXT and name != "extensions":
                yield from _strings(value, name)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, str):
                yield node, index
            else:
                yield from _strings(value, key)


def planted(document: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The document with a marker word added to every free-text string that still loads
    with it (a date does not), and how many were planted."""
    document = json.loads(json.dumps(document))
    count = 0
    for holder, where in list(_strings(document)):
        before = holder[where]
        holder[where] = f"{before} {MARK}{count}"
        try:
            rp.from_data(document)
        except rp.PlanError:
            holder[where] = before
        else:
            count += 1
    return document, count


def _plan_file(folder: Path, name: str, document: dict[str, Any]) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _known(i: int) -> dict[str, Any]:
    return rp.to_data(known_plan(i))


@pytest.fixture(scope="module")
def fooling(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path], int]:
    """Twelve good plans and, beside them, every way a caseload can mislead."""
    folder = tmp_path_factory.mktemp("fooling")
    files = {f"good-{i}": _plan_file(folder, f"team/good-{i}.json", _known(i)) for i in range(12)}
    files["copy"] = _plan_file(folder, "team/zz-copy-of-good-3.json", _known(3))
    twin = dict(_known(5), id="plan-other-5")  # person-5 again, in a plan of its own
    files["twin"] = _plan_file(folder, "other/person-5-again.json", twin)
    marked, count = planted(rp.to_data(rp.load(BUNDLED)))
    files["planted"] = _plan_file(folder, "team/planted.json", marked)
    invalid = json.loads(json.dumps(marked))
    invalid.update(id=f"plan {MARK}x", framework=f"{MARK}framework")
    invalid["person"]["id"] = f"{MARK}person"
    invalid["outcomes"][0]["domain"] = f"{MARK} domain"
    invalid["ratings"][0]["domain"] = f"{MARK} rated"
    files["invalid"] = _plan_file(folder, "team/invalid.json", invalid)
    files["broken"] = _plan_file(folder, "team/broken.json", {"format": "recoveryplan/1"})
    return folder, files, count


@pytest.fixture(scope="module")
def fooled(
    fooling: tuple[Path, dict[str, Path], int], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Any, Path]:
    folder, _, _ = fooling
    out = tmp_path_factory.mktemp("report") / "g[1]"
    key = out.parent / "service.key"
    key.write_bytes(KEY)
    run = recoveryplan(
        "report", folder, "--out-dir", out, "--key-file", key,
        "--today", TODAY.isoformat(), "--since", SINCE.isoformat(), "--jobs", "2", "-q",
        cwd=folder.parent,
    )  # fmt: skip
    return run, out


def test_the_planted_plan_is_valid_and_has_words_everywhere(
    fooling: tuple[Path, dict[str, Path], int],
) -> None:
    _, files, count = fooling
    plan = rp.load(files["planted"])
    assert count >= 60
    assert not [f for f in rp.validate(plan, today=TODAY) if f.severity == "error"]
    assert rp.dumps(plan).count(MARK) == count


def test_duplicates_are_named_in_one_line_each_and_left_out(
    fooling: tuple[Path, dict[str, Path], int], fooled: tuple[Any, Path]
) -> None:
    _, files, _ = fooling
    run, out = fooled
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    same_plan = [line for line in lines if "same id" in line]
    same_person = [line for line in lines if "same person" in line]
    assert len(same_plan) == len(same_person) == 1, run.stderr
    assert str(files["good-3"]) in same_plan[0]
    assert str(files["copy"]) in same_plan[0]
    assert str(files["good-5"]) in same_person[0]
    assert str(files["twin"]) in same_person[0]
    assert any(str(files["invalid"]) in line and "error" in line for line in lines)
    assert any(str(files["broken"]) in line for line in lines)
    report = json.loads((out / "report.json").read_text())
    assert report["plans"] == 12 - 2 + 1  # good-3 and good-5 out, the planted plan in
    assert report["plans_left_out"] == 6
    assert report["plans_left_out_reasons"] == {
        "cannot-be-read": 1,
        "has-errors": 1,
        "same-plan-id": 2,
        "person-in-two-plans": 2,
        "lost": 0,
    }


def test_figures_count_only_the_valid_plans_in_no_clash(
    fooling: tuple[Path, dict[str, Path], int], fooled: tuple[Any, Path]
) -> None:
    _, files, _ = fooling
    _, out = fooled
    counted = [known_plan(i) for i in range(12) if i not in (3, 5)]
    counted.append(rp.load(files["planted"]))
    report = json.loads((out / "report.json").read_text())
    assert report["indicators"] == expected_figures(counted)
    plans = pq.read_table(out / "tables" / "plans.parquet")
    assert plans.num_rows == len(counted)
    html = (out / "report.html").read_text()
    assert "due for review" in html
    assert 'data-measure="plans_left_out" data-value="6"' in html


def test_no_planted_word_reaches_a_table_or_any_output(fooled: tuple[Any, Path]) -> None:
    _, out = fooled
    for table in TABLES:
        for row in pq.read_table(out / "tables" / f"{table}.parquet").to_pylist():
            for column, value in row.items():
                assert not (isinstance(value, str) and MARK in value), (table, column)
    written = [path for path in out.rglob("*") if path.is_file()]
    assert len(written) == len(TABLES) + 2
    for path in written:
        assert MARK.encode() not in path.read_bytes(), path


def test_framework_and_domain_columns_hold_only_registered_ids(fooled: tuple[Any, Path]) -> None:
    _, out = fooled
    registered = rp.frameworks()
    frameworks = set(
        pq.read_table(out / "tables" / "plans.parquet").column("framework").to_pylist()
    )
    assert frameworks <= set(registered)
    domains = {d.id for framework in registered.values() for d in framework.domains}
    for table in ("goals", "ratings"):
        found = set(pq.read_table(out / "tables" / f"{table}.parquet").column("domain").to_pylist())
        assert found - {None} <= domains, table


def test_the_report_folder_and_all_in_it_are_owner_only(fooled: tuple[Any, Path]) -> None:
    _, out = fooled
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in out.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_an_out_dir_named_like_a_pattern_is_taken_literally(tmp_path: Path) -> None:
    """DuckDB reads paths as patterns: ``g[1]`` would otherwise read the folder ``g1``."""
    few, many = tmp_path / "few", tmp_path / "many"
    for folder, count in ((few, 2), (many, 6)):
        folder.mkdir()
        for i in range(count):
            rp.dump(known_plan(i), folder / f"{i}.json")
    rp.caseload_report([many], tmp_path / "g1", key=KEY, today=TODAY, jobs=1)
    summary = rp.caseload_report([few], tmp_path / "g[1]", key=KEY, today=TODAY, jobs=1)
    assert summary.plans == 2
    assert summary.figures["strengths"]["plans"] == 2
    written = json.loads((tmp_path / "g[1]" / "report.json").read_text())
    assert written["indicators"]["strengths"]["plans"] == 2


def test_an_existing_report_folder_is_tightened_but_not_another_folder(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    rp.dump(known_plan(0), plan)
    loose = tmp_path / "loose"
    loose.mkdir(mode=0o755)
    os.chmod(loose, 0o755)
    rp.caseload_report([plan], loose, key=KEY, today=TODAY, jobs=1)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o700
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "notes.txt").write_text("the team's own notes")
    os.chmod(shared, 0o755)
    rp.caseload_report([plan], shared, key=KEY, today=TODAY, jobs=1)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert stat.S_IMODE((shared / "tables").stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("offset", "overdue", "soon"),
    [(-1, 1, 0), (0, 0, 1), (28, 0, 1), (29, 0, 0), (None, 0, 0)],
)
def test_due_for_review_counts_overdue_and_the_next_28_days(
    tmp_path: Path, offset: int | None, overdue: int, soon: int
) -> None:
    day = None if offset is None else TODAY + timedelta(days=offset)
    plan = attrs.evolve(known_plan(0), next_review_on=day)
    rp.dump(plan, tmp_path / "plan.json")
    summary = rp.caseload_report([tmp_path / "plan.json"], tmp_path / "out", key=KEY, today=TODAY)
    assert summary.figures["due_for_review"] == {
        "plans": 1,
        "overdue": overdue,
        "due_within_28_days": soon,
    }


def test_validate_names_both_files_of_a_clash_and_leaves_them_out(
    fooling: tuple[Path, dict[str, Path], int],
) -> None:
    folder, files, _ = fooling
    run = recoveryplan("validate", folder, "--today", TODAY.isoformat(), cwd=folder)
    assert run.returncode == 1
    clash_lines = [line for line in run.stderr.splitlines() if "left out" in line]
    assert len(clash_lines) == 2
    assert any(str(files["good-3"]) in line and str(files["copy"]) in line for line in clash_lines)
    assert any(str(files["good-5"]) in line and str(files["twin"]) in line for line in clash_lines)
    last = run.stdout.splitlines()[-1]
    assert last == (
        "17 plans checked: 11 without errors, 1 with errors, 1 could not be loaded, "
        "4 left out as two files for one plan or person"
    )
    as_json = recoveryplan(
        "validate", files["good-3"], files["copy"], "--format", "json", cwd=folder
    )
    assert as_json.returncode == 1
    document = json.loads(as_json.stdout)
    assert document["ok"] is False
    assert document["clashes"] == [
        {"first": str(files["good-3"]), "second": str(files["copy"]), "kind": "same-plan-id"}
    ]


ids = st.sampled_from("abc")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ids, ids), max_size=8))
def test_a_file_is_left_out_exactly_when_it_shares_a_plan_or_a_person(
    files: list[tuple[str, str]],
) -> None:
    finder = ClashFinder()
    lines = []
    for number, (plan, person) in enumerate(files):
        lines.extend(finder.add(f"file-{number}", plan, person) or [])
    shared = {
        i
        for i, (plan, person) in enumerate(files)
        for j, (other_plan, other_person) in enumerate(files)
        if i != j and (plan == other_plan or person == other_person)
    }
    assert finder.left_out == shared
    plans = [plan for plan, _ in files]
    assert finder.left_out_plans == {plan for plan in plans if plans.count(plan) > 1}
    two_plans = {person for _, person in files if len({p for p, q in files if q == person}) > 1}
    assert finder.left_out_people == two_plans
    assert {number for clash in lines for number in clash.files} == shared
    assert {(clash.first, clash.second) for clash in lines} == {
        (f"file-{a}", f"file-{b}") for a, b in (clash.files for clash in lines)
    }
    assert len({clash.files for clash in lines}) == len(lines)


def test_one_file_named_twice_is_neither_a_clash_nor_counted_twice(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(3):
        rp.dump(known_plan(i), folder / f"{i}.json")
    summary = rp.caseload_report(
        [folder / "1.json", folder], tmp_path / "out", key=KEY, today=TODAY, jobs=1
    )
    assert summary.plans == 3
    assert summary.clashes == ()
    assert summary.ok
    assert json.loads((tmp_path / "out" / "report.json").read_text())["plans_left_out"] == 0
    run = recoveryplan(
        "validate", folder / "1.json", folder, "--today", TODAY.isoformat(), cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr


def test_a_person_with_two_plans_leaves_both_out_even_rows_written_long_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first plan's rows are in a written row group when the second plan is read."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for i in range(5):
        rp.dump(known_plan(i), folder / f"{i}.json")
    rp.dump(attrs.evolve(known_plan(0), id="plan-0-again"), folder / "9.json")
    out = tmp_path / "out"
    # A row group per plan: the first plan is written long before its twin is read.
    monkeypatch.setattr(TableWriter.__init__, "__defaults__", (1,))
    summary = rp.caseload_report([folder], out, key=KEY, today=TODAY, jobs=1)
    assert summary.plans == 4
    assert [clash.kind for clash in summary.clashes] == ["person-in-two-plans"]
    keys = set(pq.read_table(out / "tables" / "plans.parquet").column("person_key").to_pylist())
    assert len(keys) == 4
    assert summary.figures["strengths"]["plans"] == 4
