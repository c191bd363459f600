"""The caseload report (``recoveryplan report``): tables, indicators and the page, as a
service would use them: the command in a subprocess, real Parquet files, real DuckDB."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow", reason="the report extra (pyarrow) is not installed")
pq = pytest.importorskip("pyarrow.parquet", reason="the report extra is not installed")
pytest.importorskip("duckdb", reason="the report extra (duckdb) is not installed")

import recoveryplan as rp  # noqa: E402
from recoveryplan.caseload import SCHEMA, TABLES, Keys  # noqa: E402

from ..support.caseload import (  # noqa: E402
    KEY,
    SINCE,
    TODAY,
    expected_figures,
    expected_trends,
    write_caseload,
)

PLANS = 48


def _report(*args: str, key: bytes | None = KEY, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "RECOVERYPLAN_REPORT_KEY"}
    environment.update(env)
    if key is not None:
        environment["RECOVERYPLAN_REPORT_KEY"] = key.decode()
    return subprocess.run(
        [sys.executable, "-m", "recoveryplan", "report", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[rp.Plan]]:
    folder = tmp_path_factory.mktemp("caseload")
    plans = write_caseload(folder, PLANS)
    (folder / "team-a" / "broken.json").write_text('{"format": "recoveryplan/1", "id": 3}')
    return folder, plans


@pytest.fixture(scope="module")
def reported(
    caseload: tuple[Path, list[rp.Plan]], tmp_path_factory: pytest.TempPathFactory
) -> tuple[subprocess.CompletedProcess[str], Path]:
    folder, _ = caseload
    out = tmp_path_factory.mktemp("out")
    run = _report(
        str(folder),
        "--out-dir",
        str(out),
        "--today",
        TODAY.isoformat(),
        "--since",
        SINCE.isoformat(),
        "--jobs",
        "2",
        "-q",
    )
    return run, out


def _html_figures(html: str) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for indicator, measure, value in re.findall(
        r'data-indicator="([^"]+)" data-measure="([^"]+)" data-value="(\d+)"', html
    ):
        found.setdefault(indicator, {})[measure] = int(value)
    return found


def test_every_figure_equals_the_count_from_the_plans(
    caseload: tuple[Path, list[rp.Plan]], reported: tuple[Any, Path]
) -> None:
    _, plans = caseload
    _, out = reported
    report = json.loads((out / "report.json").read_text())
    expected = expected_figures(plans)
    assert report["indicators"] == expected
    assert report["plans"] == PLANS
    assert report["plans_failed"] == 1
    # The page shows the same numbers, and every figure it shows is one of them.
    shown = _html_figures((out / "report.html").read_text())
    assert shown, "the page shows no figures"
    for indicator, measures in shown.items():
        for measure, value in measures.items():
            assert value == expected[indicator][measure], (indicator, measure)


def test_the_caseload_has_some_of_everything_it_counts(
    caseload: tuple[Path, list[rp.Plan]],
) -> None:
    """Guards the test above: a figure that is always 0, or always all, proves little."""
    expected = expected_figures(caseload[1])
    for indicator, measures in expected.items():
        for measure, value in measures.items():
            assert value > 0, (indicator, measure)
    assert 0 < expected["strengths"]["strengths_first"] < expected["strengths"]["plans"]
    assert 0 < expected["risk"]["defensible"] < expected["risk"]["risk_plans"]
    assert 0 < expected["safety"]["complete"] < expected["safety"]["with_safety_plan"]


def test_trends_by_month_equal_the_counts_from_the_plans(
    caseload: tuple[Path, list[rp.Plan]], reported: tuple[Any, Path]
) -> None:
    _, out = reported
    report = json.loads((out / "report.json").read_text())
    expected = expected_trends(caseload[1])
    assert report["trends"] == expected
    assert len(expected["reviews"]) >= 2
    html = (out / "report.html").read_text()
    for measure in ("goals_achieved", "reviews", "person_present", "ratings"):
        for month, value in expected[measure].items():
            cell = f'data-trend="{measure}" data-month="{month}" data-value="{value}"'
            assert cell in html


def test_a_bad_plan_is_reported_skipped_and_fails_the_run(reported: tuple[Any, Path]) -> None:
    run, out = reported
    assert run.returncode == 1, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert "broken.json" in lines[0]
    assert "skipped" in lines[0]
    assert "Traceback" not in run.stderr
    assert (out / "report.html").exists()


def test_tables_have_their_columns_and_one_row_per_part(
    caseload: tuple[Path, list[rp.Plan]], reported: tuple[Any, Path]
) -> None:
    _, plans = caseload
    _, out = reported
    read = {table: pq.read_table(out / "tables" / f"{table}.parquet") for table in TABLES}
    for table in TABLES:
        assert read[table].column_names == [name for name, _ in SCHEMA[table]]
    assert read["plans"].num_rows == len(plans)
    aims = sum(len(p.outcomes) + sum(1 for _ in p.walk_goals()) for p in plans)
    assert read["goals"].num_rows == aims
    assert read["ratings"].num_rows == sum(len(p.ratings) for p in plans)
    assert read["risk_plans"].num_rows == sum(len(p.risk_plans) for p in plans)
    assert read["circle"].num_rows == sum(len(p.circle) for p in plans)
    assert read["reviews"].num_rows == sum(len(p.reviews) for p in plans)
    keys = Keys(KEY)
    assert set(read["plans"].column("person_key").to_pylist()) == {
        keys.person(p.person.id) for p in plans
    }


def test_tables_and_page_are_for_their_owner_only(reported: tuple[Any, Path]) -> None:
    _, out = reported
    written = [out / "report.html", out / "report.json", *(out / "tables").iterdir()]
    for path in written:
        assert path.stat().st_mode & 0o077 == 0, path
    assert sorted(p.name for p in (out / "tables").iterdir()) == sorted(
        f"{table}.parquet" for table in TABLES
    )


def test_the_same_key_joins_months_and_another_key_does_not(
    caseload: tuple[Path, list[rp.Plan]], tmp_path: Path
) -> None:
    folder, _ = caseload
    plan_file = folder / "team-a" / "plan-0.json"
    keys = {}
    for name, key in (("a", KEY), ("b", KEY), ("c", b"another service's secret")):
        run = _report(str(plan_file), "--out-dir", str(tmp_path / name), "-q", key=key)
        assert run.returncode == 0, run.stderr
        table = pq.read_table(tmp_path / name / "tables" / "plans.parquet")
        keys[name] = table.column("person_key").to_pylist()
        for path in (tmp_path / name).rglob("*"):
            if path.is_file():
                assert key not in path.read_bytes(), path
    assert keys["a"] == keys["b"]
    assert keys["a"] != keys["c"]


def test_without_a_key_the_command_says_how_to_give_one(tmp_path: Path) -> None:
    run = _report("plan.json", "--out-dir", str(tmp_path / "out"), key=None)
    assert run.returncode == 2
    assert "--key-file" in run.stderr
    assert "RECOVERYPLAN_REPORT_KEY" in run.stderr
    assert not (tmp_path / "out").exists()


def test_a_key_file_is_read_and_a_short_key_refused(
    caseload: tuple[Path, list[rp.Plan]], tmp_path: Path
) -> None:
    plan_file = str(caseload[0] / "team-a" / "plan-0.json")
    short = tmp_path / "short"
    short.write_bytes(b"tiny\n")
    run = _report(plan_file, "--out-dir", str(tmp_path / "o"), "--key-file", str(short), key=None)
    assert run.returncode == 2
    assert "too short" in run.stderr
    good = tmp_path / "good"
    good.write_bytes(KEY + b"\n")
    run = _report(plan_file, "--out-dir", str(tmp_path / "o"), "--key-file", str(good), key=None)
    assert run.returncode == 0, run.stderr
    table = pq.read_table(tmp_path / "o" / "tables" / "plans.parquet")
    assert table.column("person_key").to_pylist() == [Keys(KEY).person("person-0")]


def test_python_api_matches_the_command(
    caseload: tuple[Path, list[rp.Plan]], reported: tuple[Any, Path], tmp_path: Path
) -> None:
    folder, plans = caseload
    summary = rp.caseload_report([folder], tmp_path, key=KEY, today=TODAY, since=SINCE, jobs=1)
    assert summary.plans == len(plans)
    assert [Path(path).name for path, _ in summary.failed] == ["broken.json"]
    assert summary.figures == json.loads((reported[1] / "report.json").read_text())["indicators"]


def test_an_empty_caseload_still_writes_every_table(tmp_path: Path) -> None:
    (tmp_path / "none").mkdir()
    summary = rp.caseload_report(
        [tmp_path / "none"], tmp_path / "out", key=KEY, today=TODAY, jobs=1
    )
    assert summary.plans == 0
    assert summary.figures["strengths"]["plans"] == 0
    for table in TABLES:
        assert pq.read_table(tmp_path / "out" / "tables" / f"{table}.parquet").num_rows == 0
    assert "none to count" in (tmp_path / "out" / "report.html").read_text()


def test_the_docs_name_every_table_and_column() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "caseload.md").read_text()
    for table, columns in SCHEMA.items():
        assert f"| `{table}` |" in docs, table
        row = next(line for line in docs.splitlines() if line.startswith(f"| `{table}` |"))
        for name, _ in columns:
            assert f"`{name}`" in row, (table, name)


def test_every_indicator_file_is_on_the_page_and_every_figure_is_in_its_sql() -> None:
    from recoveryplan.caseload import indicators
    from recoveryplan.caseload.report import INDICATORS

    shown = {indicator.name: indicator for indicator in INDICATORS}
    assert sorted(shown) == sorted(name for name in indicators.names() if name != "trends")
    for name, indicator in shown.items():
        sql = indicators.sql(name)
        for figure in indicator.figures:
            assert f"'{figure.measure}'" in sql, (name, figure.measure)
            assert figure.of is None or f"'{figure.of}'" in sql, (name, figure.of)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        pytest.param(["--since", "2026-07-01", "--today", "2026-06-30"], "after", id="since"),
        pytest.param(["--jobs", "0"], "--jobs", id="jobs"),
    ],
)
def test_a_wrong_period_or_job_count_is_a_usage_error(
    args: list[str], says: str, tmp_path: Path
) -> None:
    run = _report("plan.json", "--out-dir", str(tmp_path / "out"), *args)
    assert run.returncode == 2
    assert says in run.stderr
    assert len(run.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_an_out_dir_that_cannot_be_made_is_one_line(
    caseload: tuple[Path, list[rp.Plan]], tmp_path: Path
) -> None:
    (tmp_path / "taken").write_text("a file, not a folder")
    plan_file = str(caseload[0] / "team-a" / "plan-0.json")
    run = _report(plan_file, "--out-dir", str(tmp_path / "taken"), "-q")
    assert run.returncode == 1
    assert "cannot be written" in run.stderr
    assert "Traceback" not in run.stderr
    assert len(run.stderr.splitlines()) == 1
