"""Caseloads: ``validate`` and ``render --out-dir`` over folders of plans, with real worker
processes. What a command says and writes is tested by running its ``main()`` in the test's
process (its workers forked from it); what depends on the process itself (plugins the
environment loads, a terminal) by a fresh interpreter, as users run it.

The caseloads are the reference plan under many names (with its own id changed), so that
making two hundred plans costs almost nothing; a few are broken in the ways real files are.
"""

from __future__ import annotations

import json
import os
import pty
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import recoveryplan as rp
from recoveryplan.batch import Found, clashing_names, find_plans, output_name, run_each
from recoveryplan.plugins import AUTOLOAD_VARIABLE

from ..support.cli import recoveryplan_main

TODAY = "2026-06-02"


def recoveryplan(
    *argv: str | Path, env: dict[str, str] | None = None, **options: Any
) -> subprocess.CompletedProcess[str]:
    """The command as a person runs it: a fresh interpreter, installed plugins not loaded."""
    return subprocess.run(
        [sys.executable, "-m", "recoveryplan", *map(str, argv)],
        capture_output=True,
        text=True,
        env=env if env is not None else {**os.environ, AUTOLOAD_VARIABLE: "1"},
        check=False,
        timeout=300,
        **options,
    )


def write_caseload(folder: Path, reference: Path, count: int) -> list[Path]:
    """``count`` copies of the reference plan with their own ids (of the plan and of the
    person: one person in two plans is a clash), spread over sub-folders."""
    document = json.loads(reference.read_text(encoding="utf-8"))
    paths = []
    for number in range(count):
        document["id"] = f"plan-{number:04d}"
        document["person"]["id"] = f"person-{number:04d}"
        where = folder / f"team-{number % 3}"
        where.mkdir(parents=True, exist_ok=True)
        path = where / f"plan-{number:04d}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def caseload(tmp_path: Path, reference_path: Path) -> tuple[Path, set[str]]:
    """Two hundred plans, three of them broken: not JSON, not the format, and an error."""
    folder = tmp_path / "caseload"
    paths = write_caseload(folder, reference_path, 200)
    paths[17].write_text("Morag's plan: see the paper copy\n", encoding="utf-8")
    unknown_key = json.loads(paths[88].read_text(encoding="utf-8"))
    unknown_key["outcome"] = []
    paths[88].write_text(json.dumps(unknown_key), encoding="utf-8")
    unknown_framework = json.loads(paths[150].read_text(encoding="utf-8"))
    unknown_framework["framework"] = "nope"
    paths[150].write_text(json.dumps(unknown_framework), encoding="utf-8")
    (folder / "notes.txt").write_text("not a plan, and not read\n", encoding="utf-8")
    (folder / ".hidden.json").write_text("{", encoding="utf-8")
    return folder, {str(paths[17]), str(paths[88]), str(paths[150])}


def test_a_caseload_validates_naming_exactly_its_broken_plans(
    caseload: tuple[Path, set[str]],
) -> None:
    folder, broken = caseload
    result = recoveryplan_main(
        "validate", folder, "--today", TODAY, "--format", "json", "--jobs", "2", cwd=folder
    )
    assert result.returncode == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert len(report["plans"]) == 200
    assert {plan["path"] for plan in report["plans"] if not plan["ok"]} == broken
    paths = [plan["path"] for plan in report["plans"]]
    assert paths == sorted(paths, key=lambda path: Path(path).relative_to(folder).parts)


def test_a_caseload_in_text_names_the_broken_plans_and_sums_up(
    caseload: tuple[Path, set[str]],
) -> None:
    folder, broken = caseload
    result = recoveryplan_main("validate", folder, "--today", TODAY, cwd=folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    unloaded = {line.split(": ")[0] for line in result.stderr.splitlines()}
    with_errors = {
        line.split(": ")[0] for line in result.stdout.splitlines() if ": error: " in line
    }
    assert unloaded | with_errors == broken
    assert len(unloaded) == 2
    assert result.stdout.splitlines()[-1] == (
        "200 plans checked: 197 without errors, 1 with errors, 2 could not be loaded"
    )


def test_the_findings_are_the_same_on_one_process_and_on_two(
    caseload: tuple[Path, set[str]],
) -> None:
    folder, _ = caseload
    one = recoveryplan_main("validate", folder, "--today", TODAY, "--jobs", "1", cwd=folder)
    two = recoveryplan_main("validate", folder, "--today", TODAY, "--jobs", "2", cwd=folder)
    assert (one.returncode, one.stdout, one.stderr) == (two.returncode, two.stdout, two.stderr)
    assert one.stdout.count(": warning: ") >= 197


def test_validate_takes_files_and_folders_together_in_the_order_given(
    tmp_path: Path, reference_path: Path
) -> None:
    plans = write_caseload(tmp_path / "many", reference_path, 4)
    result = recoveryplan_main(
        "validate", plans[3], tmp_path / "many", "--today", TODAY, "--format", "json", "-q",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    order = [plan["path"] for plan in json.loads(result.stdout)["plans"]]
    assert order == [str(plans[3]), *sorted(map(str, plans), key=lambda p: Path(p).parts)]


def test_an_empty_folder_is_reported_not_taken_for_success(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = recoveryplan_main("validate", tmp_path / "empty", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'empty'}: holds no plan files (.json, .yaml, .yml)\n"


def test_workers_load_plugins_as_the_parent_does(tmp_path: Path, reference_path: Path) -> None:
    """The riverside plugin, installed beside the library, registers a framework: with plugins
    loaded, every process knows it; with loading turned off, none does."""
    document = json.loads(reference_path.read_text(encoding="utf-8"))
    document["framework"] = "riverside-life-areas"
    for number in range(6):
        (tmp_path / f"plan-{number}.json").write_text(json.dumps(document), encoding="utf-8")
    loaded = {key: value for key, value in os.environ.items() if key != AUTOLOAD_VARIABLE}
    pytest.importorskip("recoveryplan_riverside")
    on = recoveryplan("validate", tmp_path, "--today", TODAY, "--jobs", "2", env=loaded)
    off = recoveryplan("validate", tmp_path, "--today", TODAY, "--jobs", "2")
    assert "[framework.unknown]" not in on.stdout
    # Known, so its domains are checked: the reference plan's CHIME domains are not among them.
    assert on.stdout.count("of the Riverside life areas (riverside-life-areas)") >= 6
    assert off.stdout.count("[framework.unknown]") == 6


# -- render --out-dir ------------------------------------------------------------------------


def test_render_all_writes_one_file_per_reader_per_plan(
    tmp_path: Path, reference_path: Path
) -> None:
    plans = write_caseload(tmp_path / "caseload", reference_path, 6)
    private = json.loads(plans[2].read_text(encoding="utf-8"))
    private["sharing"] = []
    plans[2].write_text(json.dumps(private), encoding="utf-8")
    out = tmp_path / "out"
    result = recoveryplan_main(
        "render", tmp_path / "caseload", "--out-dir", out, "--audience", "all", "--jobs", "2",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    everyone = ("person", "staff", "ali", "eilidh")
    expected = {f"{plan.stem}.{reader}.html" for plan in plans for reader in everyone}
    expected -= {f"{plans[2].stem}.ali.html", f"{plans[2].stem}.eilidh.html"}
    assert {path.name for path in out.iterdir()} == expected
    assert result.stdout == f"6 plans: 6 rendered, 0 failed; 22 files written to {out}\n"
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    eilidh = (out / f"{plans[0].stem}.eilidh.html").read_text(encoding="utf-8")
    staff = (out / f"{plans[0].stem}.staff.html").read_text(encoding="utf-8")
    assert eilidh != staff
    assert eilidh.startswith("<!DOCTYPE html>")


def test_render_a_caseload_in_one_format_for_one_reader(
    tmp_path: Path, reference_path: Path
) -> None:
    plans = write_caseload(tmp_path / "caseload", reference_path, 3)
    out = tmp_path / "new" / "out"
    result = recoveryplan_main(
        "render", *plans, "--out-dir", out, "--audience", "Eilidh", "--format", "md", "-q",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == [
        f"{plan.stem}.eilidh.md" for plan in plans
    ]
    assert stat.S_IMODE(out.stat().st_mode) == 0o700


def test_one_bad_plan_is_reported_and_the_rest_are_rendered(
    tmp_path: Path, reference_path: Path
) -> None:
    plans = write_caseload(tmp_path / "caseload", reference_path, 4)
    plans[1].write_text("{", encoding="utf-8")
    out = tmp_path / "out"
    result = recoveryplan_main(
        "render", tmp_path / "caseload", "--out-dir", out, "--audience", "person", "--jobs", "2",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith(f"{plans[1]}: $: not valid JSON")
    assert len(result.stderr.splitlines()) == 1
    assert sorted(path.name for path in out.iterdir()) == [
        f"{plan.stem}.person.html" for plan in plans if plan != plans[1]
    ]
    assert result.stdout == f"4 plans: 3 rendered, 1 failed; 3 files written to {out}\n"


def test_plans_whose_copies_would_share_a_name_are_refused(
    tmp_path: Path, reference_path: Path
) -> None:
    first = write_caseload(tmp_path / "north", reference_path, 2)
    second = write_caseload(tmp_path / "south", reference_path, 1)
    out = tmp_path / "out"
    result = recoveryplan_main(
        "render", tmp_path / "north", tmp_path / "south", "--out-dir", out, "--audience", "staff",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert [line.split(": ")[0] for line in result.stderr.splitlines()] == [
        str(first[0]),
        str(second[0]),
    ]
    assert "rename one of the files" in result.stderr
    assert [path.name for path in out.iterdir()] == [f"{first[1].stem}.staff.html"]


def test_an_out_dir_that_is_a_file_is_refused(tmp_path: Path, reference_path: Path) -> None:
    (tmp_path / "copies").write_text("mine\n", encoding="utf-8")
    result = recoveryplan_main(
        "render", reference_path, "--out-dir", tmp_path / "copies", "--audience", "all",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        f"recoveryplan: {tmp_path / 'copies'}: is not a folder; give a folder to write the "
        "copies into\n"
    )
    assert (tmp_path / "copies").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", "a.json", "b.json", "--audience", "person"], "--out-dir DIR"),
        (["render", ".", "--audience", "person"], "is a folder"),
        (
            ["render", "a.json", "--out-dir", "o", "-o", "x.html", "--audience", "person"],
            "not both",
        ),
        (["render", "a.json", "--out-dir", "o"], "--audience"),
        (["validate", "a.json", "--jobs", "0"], "not a number of processes"),
    ],
)
def test_batch_usage_errors(tmp_path: Path, argv: list[str], message: str) -> None:
    result = recoveryplan_main(*argv, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# -- progress --------------------------------------------------------------------------------


def run_on_a_terminal(*argv: str | Path) -> tuple[int, str]:
    """Run the command with its standard error on a pseudo-terminal: (status, what it showed)."""
    main, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "recoveryplan", *map(str, argv)],
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        env={**os.environ, AUTOLOAD_VARIABLE: "1"},
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return process.wait(timeout=300), shown.decode("utf-8", "replace")


def test_a_progress_bar_on_a_terminal_only(tmp_path: Path, reference_path: Path) -> None:
    write_caseload(tmp_path, reference_path, 12)
    status, shown = run_on_a_terminal("validate", tmp_path, "--today", TODAY, "--jobs", "1")
    assert status == 0
    assert "12/12 plans" in shown
    assert " plans/s]" in shown  # the rate, after the time so far and the time left
    last = shown[shown.rindex("12/12 plans") :]
    assert last.endswith("\r")
    assert not last.rsplit("\r", 2)[-2].strip()
    status, shown = run_on_a_terminal("validate", tmp_path, "--today", TODAY, "-q")
    assert (status, shown) == (0, "")
    piped = recoveryplan("validate", tmp_path, "--today", TODAY)
    assert (piped.returncode, piped.stderr) == (0, "")


# -- the machinery ---------------------------------------------------------------------------


def test_find_plans_walks_folders_in_order_and_skips_what_is_not_a_plan(tmp_path: Path) -> None:
    for name in ["b/2.yml", "b/10.yaml", "a.json", "c/.d/x.json", ".e.json", "f.txt", "b/A.JSON"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "g").mkdir()
    found = list(find_plans([str(tmp_path), str(tmp_path / "g"), "missing.json"]))
    assert found == [
        Found(str(tmp_path / "a.json")),
        Found(str(tmp_path / "b" / "10.yaml")),
        Found(str(tmp_path / "b" / "2.yml")),
        Found(str(tmp_path / "b" / "A.JSON")),
        Found(str(tmp_path / "g"), empty=True),
        Found("missing.json"),
    ]


def test_run_each_keeps_the_order_on_many_processes() -> None:
    items = list(range(203))
    assert list(run_each(str, items, jobs=2)) == [str(item) for item in items]
    assert list(run_each(str, items, jobs=1)) == [str(item) for item in items]


def test_names_of_copies_and_their_clashes() -> None:
    assert output_name("x/morag.plan.json", "eilidh", "md") == "morag.plan.eilidh.md"
    assert clashing_names(["a/m.json", "b/m.yaml", "c/n.json"]) == {"m": ["a/m.json", "b/m.yaml"]}


def test_a_failing_plugin_stops_a_batch_with_its_one_line(
    tmp_path: Path, reference_path: Path
) -> None:
    """A plugin that fails is not a fault of any plan: the command says so once and stops,
    with workers as without."""
    plugin = tmp_path / "site"
    plugin.mkdir()
    (plugin / "failing_plugin.py").write_text(
        "from recoveryplan import hookimpl\n\n\n@hookimpl\ndef register_frameworks():\n"
        "    raise RuntimeError('cannot reach the licence server')\n",
        encoding="utf-8",
    )
    info = plugin / "failing_plugin-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: failing_plugin\nVersion: 1.2.3\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[recoveryplan]\nfailing = failing_plugin\n", encoding="utf-8"
    )
    write_caseload(tmp_path / "caseload", reference_path, 4)
    env = {key: value for key, value in os.environ.items() if key != AUTOLOAD_VARIABLE}
    env["PYTHONPATH"] = os.pathsep.join([str(plugin), env.get("PYTHONPATH", "")])
    message = (
        "recoveryplan: plugin 'failing' (failing_plugin 1.2.3), hook register_frameworks: "
        "raised RuntimeError: cannot reach the licence server\n"
    )
    commands: tuple[list[str | Path], ...] = (
        ["validate", tmp_path / "caseload", "--jobs", "2"],
        ["render", tmp_path / "caseload", "--out-dir", tmp_path / "out", "--audience", "all"],
    )
    for argv in commands:
        result = recoveryplan(*argv, "--jobs", "2", env=env)
        assert (result.returncode, result.stderr) == (1, message), argv


def test_render_all_for_a_view_writes_it_for_every_reader_it_suits(
    tmp_path: Path, reference_path: Path
) -> None:
    """A member who was not shared the reviews gets no review pack, and that is not a
    failure: the view is for the readers the person agreed it is for."""
    plans = write_caseload(tmp_path / "caseload", reference_path, 2)
    out = tmp_path / "out"
    result = recoveryplan_main(
        "render", *plans, "--out-dir", out, "--audience", "all", "--view", "review",
        "--format", "txt", "-q", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    plan = rp.load(reference_path)
    suited = ["person", "staff"] + [
        c.member for c in plan.sharing if rp.Section.REVIEWS in c.sections
    ]
    assert sorted(path.name for path in out.iterdir()) == sorted(
        f"{p.stem}.{reader}.txt" for p in plans for reader in suited
    )
    assert len(suited) < len(["person", "staff", *(c.member for c in plan.sharing)])
