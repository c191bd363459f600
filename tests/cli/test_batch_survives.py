"""A caseload survives its workers: a process killed (``kill -9``) or crashing in the middle of
``validate`` or ``render --out-dir`` costs only the plan it held, and copies never share a name.

The killer is a plugin loaded with ``--plugins-dir``: its hooks kill their own process (or end
it with an exit status) when they meet one chosen plan, as the out-of-memory killer would.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recoveryplan.batch import name_part, output_name

from ..support.cli import recoveryplan
from ..support.documents import MINIMAL

KILLER = """
import os
import signal
import time

from recoveryplan import hookimpl

VICTIM = {victim!r}


def _stop(plan):
    if plan.id == VICTIM:
        {how}


@hookimpl
def validate_plan(plan, framework, today):
    _stop(plan)
    return []


@hookimpl
def extra_template_vars(plan, audience, format):
    _stop(plan)
    return {{}}
"""

KILL = "os.kill(os.getpid(), signal.SIGKILL)"
CRASH = "os._exit(3)"
WAIT = (
    "open({partial!r}, 'w').write(str(os.getpid())); os.replace({partial!r}, {pidfile!r}); "
    "time.sleep(60)"
)
"""Say which process holds the plan, then wait for someone to stop it from outside."""


def small_caseload(folder: Path, count: int) -> list[Path]:
    """``count`` small plans, ``plan-0000.json`` …, each with its own id."""
    folder.mkdir(parents=True)
    paths = []
    for number in range(count):
        path = folder / f"plan-{number:04d}.json"
        person = {"id": f"person-{number:04d}", "name": "Morag Sinclair"}  # one plan each
        document = {**MINIMAL, "id": f"plan-{number:04d}", "person": person}
        path.write_text(json.dumps(document), encoding="utf-8")
        paths.append(path)
    return paths


def killer(folder: Path, victim: str, how: str = KILL) -> Path:
    folder.mkdir()
    (folder / "killer.py").write_text(KILLER.format(victim=victim, how=how), encoding="utf-8")
    return folder


@pytest.mark.parametrize("how", [KILL, CRASH], ids=["killed", "crashed"])
def test_validate_loses_only_the_plan_whose_worker_stopped(tmp_path: Path, how: str) -> None:
    paths = small_caseload(tmp_path / "caseload", 400)
    plugins = killer(tmp_path / "plugins", "plan-0123", how)
    result = recoveryplan(
        "validate", "caseload", "--plugins-dir", plugins, "--jobs", "2", "--today", "2026-06-02",
        "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "unexpected" not in result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert [plan["path"] for plan in report["plans"]] == [
        str(path.relative_to(tmp_path)) for path in paths
    ]
    failed = [plan for plan in report["plans"] if not plan["ok"]]
    assert [plan["path"] for plan in failed] == [os.path.join("caseload", "plan-0123.json")]
    (problem,) = failed[0]["problems"]
    assert problem["message"].startswith("lost: the worker process stopped while checking")
    expected = "killed by SIGKILL" if how == KILL else "exited with status 3"
    assert expected in problem["message"]


def test_validate_in_text_names_the_lost_plan_and_counts_it(tmp_path: Path) -> None:
    small_caseload(tmp_path / "caseload", 400)
    plugins = killer(tmp_path / "plugins", "plan-0321")
    result = recoveryplan(
        "validate", "caseload", "--plugins-dir", plugins, "--jobs", "2", "--today", "2026-06-02",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    lost = os.path.join("caseload", "plan-0321.json")
    assert result.stderr.splitlines() == [
        f"{lost}: lost: the worker process stopped while checking this plan (it was killed by "
        "SIGKILL (out of memory, or stopped by someone)); the other plans went on; try this "
        "one alone with --jobs 1 --debug"
    ]
    assert result.stdout.splitlines()[-1] == (
        "400 plans checked: 399 without errors, 0 with errors, 1 could not be loaded"
    )


def test_render_loses_only_the_plan_whose_worker_was_killed(tmp_path: Path) -> None:
    paths = small_caseload(tmp_path / "caseload", 400)
    plugins = killer(tmp_path / "plugins", "plan-0200")
    out = tmp_path / "out"
    result = recoveryplan(
        "render", "caseload", "--out-dir", out, "--audience", "person", "--format", "md",
        "--plugins-dir", plugins, "--jobs", "2", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1
    assert "unexpected" not in result.stdout + result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{os.path.join('caseload', 'plan-0200.json')}: lost: ")
    assert "while rendering this plan" in line
    written = sorted(path.name for path in out.iterdir())
    assert written == [f"{path.stem}.person.md" for path in paths if path.stem != "plan-0200"]
    assert result.stdout == f"400 plans: 399 rendered, 1 failed; 399 files written to {out}\n"


@pytest.mark.parametrize("command", ["validate", "render"])
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "kill"])
def test_a_worker_stopped_from_outside_costs_only_the_plan_it_held(
    tmp_path: Path, command: str, stop: signal.Signals
) -> None:
    """As an operator (or the out-of-memory killer) would: the command runs, and a worker
    process is killed by its process id while it works on a plan."""
    paths = small_caseload(tmp_path / "caseload", 400)
    pidfile = tmp_path / "worker.pid"
    how = WAIT.format(partial=str(tmp_path / "worker.part"), pidfile=str(pidfile))
    plugins = killer(tmp_path / "plugins", "plan-0150", how)
    out = tmp_path / "out"
    options = ["--out-dir", out, "--audience", "person", "--format", "md"]
    args = [
        command, "caseload", *(options if command == "render" else ["--today", "2026-06-02"]),
        "--plugins-dir", plugins, "--jobs", "2",
    ]  # fmt: skip
    env = {**os.environ, "RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD": "1"}
    # Its output goes to files, not pipes: four hundred plans' findings would fill a pipe no one
    # reads until the end, and the command would wait for it.
    written_out, written_err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with written_out.open("w") as stdout_file, written_err.open("w") as stderr_file:
        running = subprocess.Popen(
            [sys.executable, "-m", "recoveryplan", *map(str, args)],
            cwd=tmp_path,
            env=env,
            stdout=stdout_file,
            stderr=stderr_file,
        )
        try:
            deadline = time.monotonic() + 60
            while not pidfile.exists():
                assert running.poll() is None, written_err.read_text()
                assert time.monotonic() < deadline, "the plan was never reached"
                time.sleep(0.02)
            os.kill(int(pidfile.read_text()), stop)
            running.wait(timeout=120)
        finally:
            running.kill()
    stdout, stderr = written_out.read_text(), written_err.read_text()
    assert running.returncode == 1, stderr
    assert "unexpected" not in stdout + stderr
    lost = os.path.join("caseload", "plan-0150.json")
    (line,) = [line for line in stderr.splitlines() if ": lost: " in line]
    assert line.startswith(f"{lost}: lost: the worker process stopped while ")
    assert f"it was killed by {stop.name}" in line
    if command == "validate":
        assert stdout.splitlines()[-1] == (
            "400 plans checked: 399 without errors, 0 with errors, 1 could not be loaded"
        )
    else:
        written = sorted(path.name for path in out.iterdir())
        assert written == [f"{path.stem}.person.md" for path in paths if path.stem != "plan-0150"]
        assert stdout == f"400 plans: 399 rendered, 1 failed; 399 files written to {out}\n"


# -- names that cannot clash -------------------------------------------------------------------


def test_a_circle_id_with_a_dot_cannot_take_another_plans_name(tmp_path: Path) -> None:
    """``morag.json`` has a member ``x.staff``; ``morag.x.json`` is another plan. Each copy
    has a name of its own, and the count said is the count on disk."""
    folder = tmp_path / "caseload"
    folder.mkdir()
    member = {"id": "x.staff", "name": "Xan", "role": "friend"}
    sharing = [{"with": "x.staff", "sections": ["outcomes"], "consented_on": "2026-03-02"}]
    shared = {**MINIMAL, "circle": [member], "sharing": sharing}
    (folder / "morag.json").write_text(json.dumps(shared), encoding="utf-8")
    (folder / "morag.x.json").write_text(json.dumps(MINIMAL), encoding="utf-8")
    out = tmp_path / "out"
    result = recoveryplan(
        "render", folder, "--out-dir", out, "--audience", "all", "-q", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        "morag.person.html",
        "morag.staff.html",
        "morag.x%2Estaff.html",
        "morag.x.person.html",
        "morag.x.staff.html",
    ]
    assert result.stdout == f"2 plans: 2 rendered, 0 failed; 5 files written to {out}\n"
    assert "Xan" in (out / "morag.x%2Estaff.html").read_text(encoding="utf-8")


def test_plans_sharing_a_stem_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    for team in ("north", "south"):
        small_caseload(tmp_path / team, 2)
    (tmp_path / "south" / "plan-0001.json").unlink()
    out = tmp_path / "out"
    result = recoveryplan(
        "render", "north", "south", "--out-dir", out, "--audience", "all", cwd=tmp_path
    )
    assert result.returncode == 1
    north, south = (os.path.join(team, "plan-0000.json") for team in ("north", "south"))
    assert result.stderr.splitlines() == [
        f"{north}: not rendered: plan-0000.person.html and plan-0000.staff.html in {out} would "
        f"also be written for {south}, so neither was rendered; rename one of the files, or "
        "render them into different folders",
        f"{south}: not rendered: plan-0000.person.html and plan-0000.staff.html in {out} would "
        f"also be written for {north}, so neither was rendered; rename one of the files, or "
        "render them into different folders",
    ]
    assert sorted(path.name for path in out.iterdir()) == [
        "plan-0001.person.html",
        "plan-0001.staff.html",
    ]
    assert result.stdout == f"3 plans: 1 rendered, 2 failed; 2 files written to {out}\n"


def test_names_one_only_in_case_or_accents_are_a_clash_too(tmp_path: Path) -> None:
    """``Morag.json`` and ``morag.json``, or ``Mòrag`` typed with one character and with two,
    are one file on macOS, Windows and most USB sticks: refused as any clash, before
    anything is written, wherever the copies are made."""
    folder = tmp_path / "caseload"
    stems = ["Morag", "morag", "M\u00f2rag", "Mo\u0300rag", "eilidh"]
    for number, stem in enumerate(stems):
        (folder / str(number)).mkdir(parents=True)
        person = {"id": f"person-{number}", "name": "Someone"}
        document = {**MINIMAL, "id": f"plan-{number}", "person": person}
        (folder / str(number) / f"{stem}.json").write_text(json.dumps(document), "utf-8")
    out = tmp_path / "out"
    result = recoveryplan(
        "render", "caseload", "--out-dir", out, "--audience", "person", cwd=tmp_path
    )
    assert result.returncode == 1
    first, second, third, fourth = (
        os.path.join("caseload", str(number), f"{stem}.json")
        for number, stem in enumerate(stems[:4])
    )
    assert result.stderr.splitlines() == [
        f"{path}: not rendered: {Path(path).stem}.person.html in {out} would also be written "
        f"for {other}, so neither was rendered; rename one of the files, or render them into "
        "different folders"
        for path, other in ((first, second), (second, first), (third, fourth), (fourth, third))
    ]
    assert [path.name for path in out.iterdir()] == ["eilidh.person.html"]
    assert result.stdout == f"5 plans: 1 rendered, 4 failed; 1 file written to {out}\n"


def test_two_readers_of_one_plan_whose_names_are_one_write_nothing(tmp_path: Path) -> None:
    """Circle members ``sam`` and ``Sam`` would each get ``morag.sam.html`` on a disk that
    does not tell capitals apart: none of that plan's copies is written, and the others are."""
    folder = tmp_path / "caseload"
    folder.mkdir()
    circle = [
        {"id": member, "name": f"Sam {number}", "role": "friend"}
        for number, member in enumerate(["sam", "Sam"])
    ]
    sharing = [
        {"with": member["id"], "sections": ["outcomes"], "consented_on": "2026-03-02"}
        for member in circle
    ]
    (folder / "morag.json").write_text(
        json.dumps({**MINIMAL, "circle": circle, "sharing": sharing}), encoding="utf-8"
    )
    other = {**MINIMAL, "id": "plan-other", "person": {"id": "p-2", "name": "Someone"}}
    (folder / "other.json").write_text(json.dumps(other), encoding="utf-8")
    out = tmp_path / "out"
    result = recoveryplan("render", "caseload", "--out-dir", out, "--audience", "all", cwd=tmp_path)
    assert result.returncode == 1
    assert "unexpected" not in result.stdout + result.stderr
    plan = os.path.join("caseload", "morag.json")
    assert result.stderr.splitlines() == [
        f"{plan}: not rendered: morag.Sam.html and morag.sam.html in {out} would be one file "
        "on a disk that does not tell capitals or accents apart (as on macOS, Windows and most "
        "USB sticks), so none of its copies was written; give the circle members ids that "
        "differ in more than that, or render their copies one at a time with --audience"
    ]
    assert sorted(path.name for path in out.iterdir()) == ["other.person.html", "other.staff.html"]
    assert result.stdout == f"2 plans: 1 rendered, 1 failed; 2 files written to {out}\n"


@pytest.mark.parametrize(
    "reader", ["x.staff", "a/b", "a%2Fb", "line\nbreak", "..", "Mòrag", "", "%", "a b"]
)
def test_every_reader_has_a_name_part_of_its_own(reader: str) -> None:
    part = name_part(reader)
    assert "." not in part
    assert "/" not in part
    assert part.isprintable()
    others = ["x.staff", "a/b", "a%2Fb", "line\nbreak", "..", "Mòrag", "", "%", "a b", "x%2Estaff"]
    assert [other for other in others if name_part(other) == part] == [reader]
    name = output_name("dir/plan.v2.json", reader, "html")
    assert name.rsplit(".", 2) == ["plan.v2", part, "html"]


def test_names_with_line_breaks_are_printed_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "caseload"
    folder.mkdir()
    (folder / "two\nlines.json").write_text("{", encoding="utf-8")
    result = recoveryplan("validate", folder, cwd=tmp_path)
    assert result.returncode == 1
    shown = f"{folder}/two\\nlines.json: "
    assert [line[: len(shown)] for line in result.stderr.splitlines()] == [shown, shown]
    assert result.stdout.count("\n") == 1  # the summary line


def test_a_replaced_copy_is_owner_only(tmp_path: Path) -> None:
    (plan,) = small_caseload(tmp_path / "caseload", 1)
    out = tmp_path / "out"
    out.mkdir()
    old = out / "plan-0000.person.html"
    old.write_text("an old copy", encoding="utf-8")
    old.chmod(0o666)
    result = recoveryplan("render", plan, "--out-dir", out, "--audience", "person", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert old.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(old.stat().st_mode) == 0o600


def test_the_caseload_report_loses_only_the_plan_whose_worker_was_killed(
    tmp_path: Path,
) -> None:
    """The report reads through the same pool: the lost plan is named by its file and left
    out with its reason, every other plan is counted, and the exit status says one was lost."""
    small_caseload(tmp_path / "caseload", 200)
    plugins = killer(tmp_path / "plugins", "plan-0077")
    key = tmp_path / "service.key"
    key.write_text("a service key of some length", encoding="utf-8")
    out = tmp_path / "report"
    result = recoveryplan(
        "report", "caseload", "--out-dir", out, "--key-file", key, "--plugins-dir", plugins,
        "--jobs", "2", "--today", "2026-06-02", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "unexpected" not in result.stdout + result.stderr
    lost = os.path.join("caseload", "plan-0077.json")
    assert result.stderr.splitlines() == [
        f"{lost}: lost: the worker process stopped while reading this plan (it was killed by "
        "SIGKILL (out of memory, or stopped by someone)); the other plans went on; try this "
        "one alone with --jobs 1 --debug; left out"
    ]
    assert result.stdout.splitlines()[-1] == (
        f"199 plans in the report, 1 left out: {out / 'report.html'}"
    )
    summary = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert summary["plans"] == 199
    assert summary["plans_left_out"] == 1
    assert summary["plans_left_out_reasons"]["lost"] == 1
    assert sum(summary["plans_left_out_reasons"].values()) == 1
    assert "plan-0077" not in (out / "report.json").read_text(encoding="utf-8")
