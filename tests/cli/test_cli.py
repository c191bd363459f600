"""The command line: exit statuses, where each line goes, and never a traceback."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

import recoveryplan as rp
from recoveryplan import cli, demo
from recoveryplan.demo import example_plan
from recoveryplan.plugins import AUTOLOAD_VARIABLE
from recoveryplan.schema import json_schema

from ..support import yaml12
from ..support.reference import TODAY

FINDING_LINE = re.compile(r"^(?P<file>.+?): (error|warning|info): \$\S*: .+ \[[a-z0-9.-]+\]$")
SUMMARY_LINE = re.compile(r"^(?P<file>.+?): \d+ errors?, \d+ warnings?(, \d+ notes?)?$")

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the command line in this process: ``(exit status, stdout, stderr)``."""

    def run(*argv: str | Path) -> tuple[int, str, str]:
        status = cli.main([str(arg) for arg in argv])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


@pytest.fixture
def plans(tmp_path: Path, reference_path: Path) -> dict[str, Path]:
    """Plan files of every kind: good, with an error finding, malformed, not JSON, missing."""
    document = json.loads(reference_path.read_text(encoding="utf-8"))
    files = {"good": tmp_path / "morag.json", "missing": tmp_path / "missing.json"}
    files["good"].write_text(json.dumps(document), encoding="utf-8")

    # A plan of its own (its own id and person): two files of one plan are a clash.
    unknown = dict(document, framework="nope", id="plan-nope")
    unknown["person"] = dict(document["person"], id="person-nope")
    files["unknown-framework"] = tmp_path / "nope.json"
    files["unknown-framework"].write_text(json.dumps(unknown), encoding="utf-8")

    malformed = json.loads(json.dumps(document))
    del malformed["person"]["name"]
    malformed["outcomes"][0]["goals"][1]["due_on"] = "2026-02-30"
    malformed["outcome"] = []
    files["malformed"] = tmp_path / "malformed.json"
    files["malformed"].write_text(json.dumps(malformed), encoding="utf-8")

    files["not-json"] = tmp_path / "notes.json"
    files["not-json"].write_text("Morag's plan: see the paper copy\n", encoding="utf-8")
    return files


def run_module(
    *argv: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m recoveryplan`` as a person would, in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, "-m", "recoveryplan", *map(str, argv)],
        capture_output=True,
        text=True,
        env=env if env is not None else {**os.environ, AUTOLOAD_VARIABLE: "1"},
        check=False,
        timeout=120,
    )


def finding_plugin(*findings: rp.Finding) -> object:
    class Plugin:
        @rp.hookimpl
        def validate_plan(self) -> list[rp.Finding]:
            return list(findings)

    return Plugin()


# -- validate ------------------------------------------------------------------------------


def test_validate_the_reference_plan(run: Run, reference_path: Path) -> None:
    status, out, err = run("validate", reference_path, "--today", "2026-06-02")
    assert status == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[-1].startswith(f"{reference_path}: 0 errors, ")
    assert SUMMARY_LINE.match(lines[-1])
    for line in lines[:-1]:
        assert FINDING_LINE.match(line), line
        assert ": error: " not in line


def test_validate_prints_every_warning_and_note_and_still_succeeds(
    run: Run, plans: dict[str, Path], register_plugin: Callable[..., object]
) -> None:
    register_plugin(
        finding_plugin(
            rp.Finding("warning", "test.late", "$.outcomes[0].goals[1].due_on", "it is late"),
            rp.Finding("info", "test.note", "$.person", "a note"),
        )
    )
    status, out, err = run("validate", plans["good"], "--today", "2026-06-02")
    assert status == 0
    assert err == ""
    good = plans["good"]
    assert f"{good}: warning: $.outcomes[0].goals[1].due_on: it is late [test.late]" in out
    assert f"{good}: info: $.person: a note [test.note]" in out
    summary = out.splitlines()[-1]
    assert summary.startswith(f"{good}: 0 errors, ")
    notes = sum(1 for line in out.splitlines() if ": info: " in line)
    # the plugin's, and the reference plan's: Eilidh has no carer's support plan of her own,
    # and the first bus journey is uncelebrated
    assert notes == 3
    assert summary.endswith(f", {notes} notes")
    warnings = sum(1 for line in out.splitlines() if ": warning: " in line)
    assert f"{warnings} warning" in summary


def test_validate_a_plan_with_an_error_finding(run: Run, plans: dict[str, Path]) -> None:
    status, out, err = run("validate", plans["unknown-framework"], "--today", "2026-06-02")
    assert status == 1
    assert err == ""
    path = plans["unknown-framework"]
    line = next(line for line in out.splitlines() if "[framework.unknown]" in line)
    assert line.startswith(
        f"{path}: error: $.framework: no outcomes framework 'nope' is registered (registered: "
    )
    assert "chime" in line
    assert re.search(rf"^{re.escape(str(path))}: [1-9]\d* errors?, ", out.splitlines()[-1])


def test_validate_a_malformed_plan_reports_every_problem_on_stderr(
    run: Run, plans: dict[str, Path]
) -> None:
    status, out, err = run("validate", plans["malformed"])
    path = plans["malformed"]
    assert status == 1
    assert out == ""
    assert err.splitlines() == [
        f"{path}: $.person.name: 'name' is required here but is missing",
        f"{path}: $.outcomes[0].goals[1].due_on: '2026-02-30' is not a date; "
        "use YYYY-MM-DD, for example 2026-06-02",
        f"{path}: $.outcome: unknown key 'outcome'; did you mean 'outcomes'? allowed here: "
        "id, framework, person, service, created_on, next_review_on, circle, assessment, "
        "outcomes, ratings, risk_plans, safety_plan, reviews, agreements, sharing, extensions",
        f"{path}: 3 problems; this is not a valid recoveryplan/1 plan, so it was not checked",
    ]


def test_validate_a_file_that_is_not_json(run: Run, plans: dict[str, Path]) -> None:
    status, out, err = run("validate", plans["not-json"])
    assert status == 1
    assert out == ""
    first = err.splitlines()[0]
    assert first.startswith(f"{plans['not-json']}: $: not valid JSON: ")
    assert "(line 1, column 1)" in first


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "missing.json", "no such file"),
        (lambda tmp: tmp, "holds no plan files (.json, .yaml, .yml)"),
    ],
)
def test_validate_a_file_that_cannot_be_read(
    run: Run, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    status, out, err = run("validate", path)
    assert status == 1
    assert out == ""
    assert err == f"{path}: {message}\n"


def test_validate_keeps_going_and_reports_every_file(run: Run, plans: dict[str, Path]) -> None:
    order = ["missing", "good", "malformed", "unknown-framework", "not-json"]
    status, out, err = run("validate", *(plans[name] for name in order), "--today", "2026-06-02")
    assert status == 1
    assert f"{plans['missing']}: no such file" in err.splitlines()
    assert any(
        line.startswith(f"{plans['malformed']}: $.person.name: ") for line in err.splitlines()
    )
    assert any(
        line.startswith(f"{plans['not-json']}: $: not valid JSON") for line in err.splitlines()
    )
    summaries = [line for line in out.splitlines() if SUMMARY_LINE.match(line)]
    assert [SUMMARY_LINE.match(line)["file"] for line in summaries] == [  # type: ignore[index]
        str(plans["good"]),
        str(plans["unknown-framework"]),
    ]
    assert out.splitlines()[-1] == (
        "5 plans checked: 1 without errors, 1 with errors, 3 could not be loaded"
    )


def test_validate_json_output(run: Run, plans: dict[str, Path]) -> None:
    order = ["good", "unknown-framework", "malformed", "missing"]
    status, out, err = run(
        "validate", *(plans[name] for name in order), "--today", "2026-06-02", "--format", "json"
    )
    assert status == 1
    assert err == ""
    report = json.loads(out)
    assert report["today"] == "2026-06-02"
    assert report["ok"] is False
    good, unknown, malformed, missing = report["plans"]
    assert [plan["path"] for plan in report["plans"]] == [str(plans[name]) for name in order]
    assert [plan["ok"] for plan in report["plans"]] == [True, False, False, False]
    assert good["problems"] == []
    assert good["counts"]["error"] == 0
    for finding in good["findings"] + unknown["findings"]:
        assert set(finding) == {"severity", "code", "path", "message"}
    assert {
        "severity": "error",
        "code": "framework.unknown",
        "path": "$.framework",
        "message": unknown["findings"][0]["message"],
    } in unknown["findings"]
    assert unknown["counts"]["error"] >= 1
    assert [problem["path"] for problem in malformed["problems"]] == [
        "$.person.name",
        "$.outcomes[0].goals[1].due_on",
        "$.outcome",
    ]
    assert malformed["findings"] == []
    assert missing["problems"] == [{"path": "$", "message": "no such file"}]


def test_validate_json_output_for_a_good_plan_is_ok(run: Run, reference_path: Path) -> None:
    status, out, _ = run("validate", reference_path, "--format", "json", "--today", "2026-06-02")
    assert status == 0
    assert json.loads(out)["ok"] is True


def test_validate_reads_yaml_with_the_same_structure(
    run: Run, tmp_path: Path, reference_path: Path
) -> None:
    plan = tmp_path / "morag.yaml"
    document = json.loads(reference_path.read_text(encoding="utf-8"))
    plan.write_text(yaml12.safe_dump(document, allow_unicode=True), encoding="utf-8")
    status, out, err = run("validate", plan, "--today", "2026-06-02")
    assert (status, err) == (0, "")
    assert out.splitlines()[-1].startswith(f"{plan}: 0 errors, ")


def test_validate_reads_standard_input(
    run: Run, reference_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(reference_path.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, err = run("validate", "-", "--today", "2026-06-02")
    assert (status, err) == (0, "")
    assert out.splitlines()[-1].startswith("-: 0 errors, ")


def test_validate_judges_overdue_against_today(
    run: Run, plans: dict[str, Path], register_plugin: Callable[..., object]
) -> None:
    seen: list[date] = []

    class Plugin:
        @rp.hookimpl
        def validate_plan(self, today: date) -> list[rp.Finding]:
            seen.append(today)
            return []

    register_plugin(Plugin())
    run("validate", plans["good"], "--today", "2026-06-02")
    run("validate", plans["good"])
    assert seen == [TODAY, date.today()]


@pytest.mark.parametrize("today", ["2026-02-30", "tomorrow", "2026-6-2", "02/06/2026"])
def test_validate_with_a_bad_today_is_a_usage_error(
    run: Run, reference_path: Path, today: str
) -> None:
    status, out, err = run("validate", reference_path, "--today", today)
    assert status == 2
    assert out == ""
    assert (
        f"recoveryplan validate: error: argument --today: {today!r} is not a date; "
        "write it as YYYY-MM-DD, for example 2026-06-02"
    ) in err
    assert err.startswith("usage: recoveryplan validate")


def test_validate_needs_a_path(run: Run) -> None:
    status, _, err = run("validate")
    assert status == 2
    assert "the following arguments are required: PATH" in err


# -- the program ---------------------------------------------------------------------------


def test_unknown_command_is_a_usage_error(run: Run) -> None:
    status, out, err = run("fix")
    assert status == 2
    assert out == ""
    assert "invalid choice: 'fix'" in err


def test_no_command_is_a_usage_error_that_lists_the_commands(run: Run) -> None:
    status, _, err = run()
    assert status == 2
    assert "\n  validate    check plans and print every finding\n" in err


def test_version(run: Run) -> None:
    assert run("--version") == (0, f"recoveryplan {rp.__version__}\n", "")
    assert rp.__version__ == "0.1.0"


@pytest.mark.parametrize("command", ["validate", "schema", "frameworks", "plugins", "demo"])
def test_every_command_has_help(run: Run, command: str) -> None:
    status, out, err = run(command, "--help")
    assert (status, err) == (0, "")
    assert out.startswith(f"usage: recoveryplan {command}")


def test_help_lists_every_command(run: Run) -> None:
    status, out, _ = run("--help")
    assert status == 0
    for command in ("validate", "schema", "frameworks", "plugins", "demo"):
        assert re.search(rf"^\s+{command}\s+\S", out, re.M), command


def test_a_new_command_is_one_function(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli._common, "_COMMANDS", list(cli._common._COMMANDS))

    @cli.command
    def _hello(commands: Any) -> None:
        parser = commands.add_parser("hello", help="say hello")
        parser.add_argument("name")

        def hello(args: Any) -> int:
            cli.say(f"hello {args.name}")
            return 0

        parser.set_defaults(run=hello)

    assert run("hello", "Morag") == (0, "hello Morag\n", "")


def test_a_framework_conflict_is_one_line_and_status_1(
    run: Run, register_plugin: Callable[..., object]
) -> None:
    class Clash:
        @rp.hookimpl
        def register_frameworks(self) -> list[rp.Framework]:
            return [rp.Framework("chime", "Another CHIME", [rp.Domain("hope", "Hope")])]

    register_plugin(Clash(), "clash")
    status, out, err = run("frameworks")
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("recoveryplan: the framework id 'chime' is registered by both ")
    assert "'recoveryplan.builtin.frameworks'" in err
    assert "'clash'" in err


def test_a_plugin_error_is_one_line_and_status_1(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise rp.PluginError("plugin 'yourorg' for hook 'validate_plan'\nhookimpl definition: x")

    monkeypatch.setattr("recoveryplan.cli.listing.get_plugins", broken)
    assert run("plugins") == (
        1,
        "",
        "recoveryplan: plugin 'yourorg' for hook 'validate_plan'; hookimpl definition: x\n",
    )


def test_interrupted_quietly_with_status_130(
    run: Run, reference_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(path: str, today: date) -> cli.PlanReport:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.validate, "check", interrupted)
    assert run("validate", reference_path) == (130, "", "")


# -- schema, frameworks, plugins -----------------------------------------------------------


def test_schema_prints_the_generated_schema(run: Run, reference_path: Path) -> None:
    status, out, err = run("schema")
    assert (status, err) == (0, "")
    printed = json.loads(out)
    assert printed == json_schema()
    Draft202012Validator.check_schema(printed)
    document = json.loads(reference_path.read_text(encoding="utf-8"))
    assert list(Draft202012Validator(printed).iter_errors(document)) == []


def test_frameworks_lists_every_framework_with_its_plugin(run: Run) -> None:
    status, out, err = run("frameworks")
    assert (status, err) == (0, "")
    assert "chime: CHIME personal recovery framework\n" in out
    assert "  domains: connectedness, hope, identity, meaning, empowerment\n" in out
    assert "  rating scale: 1 to 10\n" in out
    assert "talking-points: Talking Points personal outcomes\n" in out
    assert "shanarri: SHANARRI wellbeing indicators\n" in out
    assert out.count("  from: recoveryplan.builtin.frameworks\n") == 3
    assert "  source: Leamy" in out
    assert out.count("  licence: ") == 3


def test_frameworks_as_json(run: Run, register_plugin: Callable[..., object]) -> None:
    class Org:
        @rp.hookimpl
        def register_frameworks(self) -> list[rp.Framework]:
            return [rp.Framework("org-areas", "Our areas", [rp.Domain("home", "Home")])]

    register_plugin(Org(), "org")
    status, out, _ = run("frameworks", "--format", "json")
    assert status == 0
    listed = {framework["id"]: framework for framework in json.loads(out)}
    assert set(listed) >= {"chime", "talking-points", "shanarri", "org-areas"}
    assert listed["org-areas"]["plugin"] == "org"
    assert listed["org-areas"]["domains"] == [{"id": "home", "name": "Home", "description": ""}]
    assert listed["chime"]["plugin"] == "recoveryplan.builtin.frameworks"
    assert listed["chime"]["rating_scale"]["minimum"] == 1
    assert listed["talking-points"]["rating_scale"] is None
    assert "Leamy" in listed["chime"]["source"]
    assert listed["chime"]["licence"]
    assert listed["org-areas"]["source"] is None


def test_plugins_lists_the_builtins_with_version_and_hooks(run: Run) -> None:
    status, out, err = run("plugins")
    assert (status, err) == (0, "")
    assert "recoveryplan.builtin.frameworks 0.1.0 (built in)\n  hooks: register_frameworks\n" in out
    assert "recoveryplan.builtin.integrity 0.1.0 (built in)\n  hooks: validate_plan\n" in out
    assert "recoveryplan.builtin.practice 0.1.0 (built in)\n" in out


def test_plugins_as_json(run: Run, register_plugin: Callable[..., object]) -> None:
    register_plugin(finding_plugin(), "checker")
    status, out, _ = run("plugins", "--format", "json")
    assert status == 0
    listed = {plugin["name"]: plugin for plugin in json.loads(out)}
    assert listed["recoveryplan.builtin.frameworks"] == {
        "name": "recoveryplan.builtin.frameworks",
        "distribution": "recoveryplan",
        "version": "0.1.0",
        "hooks": ["register_frameworks"],
        "builtin": True,
        "template_dirs": [],
        "frameworks": ["chime", "talking-points", "shanarri"],
        "problems": [],
    }
    assert listed["checker"]["hooks"] == ["validate_plan"]
    assert listed["checker"]["builtin"] is False
    assert listed["checker"]["distribution"] is None


def test_plugins_shows_template_folders_and_frameworks(
    run: Run, register_plugin: Callable[..., object], tmp_path: Path
) -> None:
    class Org:
        @rp.hookimpl
        def template_dirs(self) -> list[Path]:
            return [tmp_path]

        @rp.hookimpl
        def register_frameworks(self) -> list[rp.Framework]:
            return [rp.Framework("org-areas", "Our areas", [rp.Domain("home", "Home")])]

    register_plugin(Org(), "org")
    status, out, _ = run("plugins")
    assert status == 0
    assert (
        "org version unknown (registered in the program, not installed)\n"
        "  hooks: register_frameworks, template_dirs\n"
        "  frameworks: org-areas\n"
        f"  templates: {tmp_path}\n"
    ) in out


# -- demo ----------------------------------------------------------------------------------


def test_demo_checks_and_writes_the_example_plan(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "pdf_available", lambda: False)  # the PDFs: test_render_cli
    folder = tmp_path / "demo"
    status, out, err = run("demo", folder, "--today", "2026-06-02")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"Morag's example plan, as of 2 June 2026, written to {folder}/ (55 files):"
    assert lines[1].startswith("  morag.json the plan itself, in recoveryplan/1")
    assert len(list(folder.iterdir())) == 55
    assert rp.load(folder / "morag.json") == example_plan()


def test_demo_is_as_of_the_example_plans_own_day_and_calm(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run on any day, the demo checks the example as of its last review, so what a newcomer
    sees is what the README shows: a summary, and no list of warnings."""
    monkeypatch.setattr(demo, "pdf_available", lambda: False)
    monkeypatch.chdir(tmp_path)
    status, out, err = run("demo")
    assert (status, err) == (0, "")
    plan = example_plan()
    assert demo.example_day(plan) == max(review.on for review in plan.reviews)
    assert f"as of {demo.example_day(plan):%-d %B %Y}, written to recoveryplan-demo/" in out
    assert "warning:" not in out
    warnings = [
        f for f in rp.validate(plan, today=demo.example_day(plan)) if f.severity == "warning"
    ]
    assert f"The plan is valid. The practice checks have {len(warnings)} suggestions" in out
    assert (tmp_path / "recoveryplan-demo" / "morag.json").is_file()
    assert len(out.splitlines()) <= 12


def test_demo_into_a_folder_that_cannot_be_made(run: Run, tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("a file, not a folder", encoding="utf-8")
    status, out, err = run("demo", taken / "demo")
    assert status == 1
    assert out == ""
    assert err.startswith(f"recoveryplan: {taken / 'demo'}: the demo folder cannot be created (")
    assert err.endswith("); choose another folder\n")


def test_the_example_plan_is_the_reference_plan(reference_path: Path) -> None:
    assert example_plan() == rp.load(reference_path)


# -- end to end, in a fresh interpreter ----------------------------------------------------


def test_end_to_end_reference_plan_as_a_module(reference_path: Path) -> None:
    result = run_module("validate", reference_path, "--today", "2026-06-02")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines()[-1].startswith(f"{reference_path}: 0 errors, ")


def test_end_to_end_the_installed_script(reference_path: Path) -> None:
    script = Path(sys.executable).parent / "recoveryplan"
    if not script.exists():
        pytest.skip(f"the console script is not installed beside {sys.executable}")
    result = subprocess.run(
        [str(script), "validate", str(reference_path), "--today", "2026-06-02"],
        capture_output=True,
        text=True,
        env={**os.environ, AUTOLOAD_VARIABLE: "1"},
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"{reference_path}: 0 errors, ")
    version = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, check=False, timeout=120
    )
    assert (version.returncode, version.stdout) == (0, "recoveryplan 0.1.0\n")


def test_end_to_end_mixed_files(plans: dict[str, Path]) -> None:
    order = ["good", "malformed", "missing", "unknown-framework", "not-json"]
    result = run_module("validate", *(plans[name] for name in order), "--today", "2026-06-02")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{plans['malformed']}: $.person.name: 'name' is required here but is missing" in (
        result.stderr.splitlines()
    )
    assert f"{plans['missing']}: no such file" in result.stderr.splitlines()
    assert "[framework.unknown]" in result.stdout
    assert result.stdout.splitlines()[-1] == (
        "5 plans checked: 1 without errors, 1 with errors, 3 could not be loaded"
    )


def test_end_to_end_json_output(plans: dict[str, Path]) -> None:
    result = run_module("validate", plans["good"], plans["missing"], "--format", "json")
    assert result.returncode == 1
    assert result.stderr == ""
    assert [plan["ok"] for plan in json.loads(result.stdout)["plans"]] == [True, False]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["validate", "x.json", "--today", "2026-02-30"], "'2026-02-30' is not a date"),
        (["export-pdf"], "invalid choice: 'export-pdf'"),
        (["validate", "x.json", "--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_end_to_end_usage_errors(argv: list[str], message: str) -> None:
    result = run_module(*argv)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_end_to_end_schema_validates_the_reference_plan(reference_path: Path) -> None:
    result = run_module("schema")
    assert result.returncode == 0
    printed = json.loads(result.stdout)
    Draft202012Validator.check_schema(printed)
    document = json.loads(reference_path.read_text(encoding="utf-8"))
    assert list(Draft202012Validator(printed).iter_errors(document)) == []


def test_end_to_end_frameworks_plugins_and_version() -> None:
    frameworks = run_module("frameworks")
    assert frameworks.returncode == 0
    for framework in ("chime", "talking-points", "shanarri"):
        assert re.search(rf"^{framework}: ", frameworks.stdout, re.M), framework
    plugins = run_module("plugins")
    assert plugins.returncode == 0
    for name in ("frameworks", "integrity", "practice"):
        assert f"recoveryplan.builtin.{name} 0.1.0 (built in)" in plugins.stdout
    assert run_module("--version").stdout == "recoveryplan 0.1.0\n"


def test_end_to_end_a_plugin_that_cannot_be_loaded(tmp_path: Path) -> None:
    (tmp_path / "recoveryplan_broken.py").write_text("import not_a_module_at_all\n")
    info = tmp_path / "recoveryplan_broken-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: recoveryplan-broken\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[recoveryplan]\nbroken = recoveryplan_broken\n", encoding="utf-8"
    )
    env = {key: value for key, value in os.environ.items() if key != AUTOLOAD_VARIABLE}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), env.get("PYTHONPATH", "")])
    result = run_module("plugins", env=env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "recoveryplan: plugin 'broken' (recoveryplan_broken) could not be loaded: "
        "ModuleNotFoundError: No module named 'not_a_module_at_all'\n"
    )


def test_end_to_end_a_closed_pipe_is_not_a_traceback(reference_path: Path) -> None:
    """``recoveryplan validate *.json | head -1``: the reader stops early; no traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "recoveryplan", "validate", "--today", "2026-06-02"]
        + [str(reference_path)] * 2000,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, AUTOLOAD_VARIABLE: "1"},
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=120) == 1
    assert stderr == ""
