"""Start-up: ``import recoveryplan``, ``recoveryplan --help`` and ``--version`` do not load the
machinery only some commands need and which is slow to import: Jinja and the template context,
Babel's locale data, PDF, FHIR, YAML, SQLAlchemy, and the batch work in worker processes.

What is checked is what a fresh interpreter has loaded (``sys.modules``), not how long it took:
each of these is a module a command imports when it runs, and the probe is shown to see them
when a command does use them, so the tests of the start-up can fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recoveryplan.demo import example_path
from recoveryplan.plugins import AUTOLOAD_VARIABLE

HEAVY = (
    "babel",
    "concurrent.futures",
    "jinja2",
    "multiprocessing",
    "recoveryplan._yaml",
    "recoveryplan.batch",
    "recoveryplan.caseload.report",
    "recoveryplan.context",
    "recoveryplan.fhir",
    "recoveryplan.templating",
    "recoveryplan.workers",
    "sqlalchemy",
    "weasyprint",
    "yaml",
)
"""What the start-up must not load: a package's name stands for all of it."""

LOADED = f"""
loaded = sorted(
    m for m in sys.modules
    if any(m == name or m.startswith(name + ".") for name in {HEAVY!r})
)
"""

PROBE = f"""
import json, sys
from recoveryplan.cli import main
status = main(sys.argv[1:])
{LOADED}
sys.stderr.write("\\n" + json.dumps({{"status": status, "loaded": loaded}}))
"""

IMPORT_PROBE = f"""
import json, sys
import recoveryplan
{LOADED}
sys.stderr.write(json.dumps({{"status": 0, "loaded": loaded}}))
"""


def probe(*args: str, code: str = PROBE) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter (the command line with ``args``, by default) and
    say what it loaded of :data:`HEAVY`, after whatever the command itself wrote."""
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, AUTOLOAD_VARIABLE: "1"},
        check=False,
        timeout=120,
    )
    report: dict[str, object] = json.loads(result.stderr.splitlines()[-1])
    report["stdout"] = result.stdout
    return report


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_start_without_the_heavy_machinery(option: str) -> None:
    report = probe(option)
    assert report["status"] == 0
    assert "recoveryplan" in str(report["stdout"])
    assert report["loaded"] == []


@pytest.mark.parametrize("command", ["validate", "render", "report", "calendar", "history"])
def test_a_command_s_help_loads_none_of_it_either(command: str) -> None:
    """Building the parser is all --help does: what a command runs is loaded when it runs."""
    report = probe(command, "--help")
    assert report["status"] == 0
    assert report["loaded"] == []


def test_importing_the_package_loads_none_of_it() -> None:
    assert probe(code=IMPORT_PROBE)["loaded"] == []


def test_every_public_name_is_found_after_a_bare_import() -> None:
    """Names loaded on first use are still in ``__all__``, ``dir()`` and ``from recoveryplan
    import X``, as the objects their own modules hold; and the four names that are also the
    names of modules (``render``, ``validate``, ``plugin_config``, ``frameworks``) stay the
    functions, whichever modules were loaded first."""
    code = """
import json, sys, types
import recoveryplan
missing = sorted(set(recoveryplan.__all__) - set(dir(recoveryplan)))
for name in recoveryplan.__all__:
    exec(f"from recoveryplan import {name}")
import recoveryplan.calendar, recoveryplan.caseload, recoveryplan.fhir, recoveryplan.language
import recoveryplan.plugin_config, recoveryplan.render, recoveryplan.frameworks
import recoveryplan.validate
same = recoveryplan.to_ical is recoveryplan.calendar.to_ical and (
    recoveryplan.caseload_report is sys.modules["recoveryplan.caseload.report"].caseload_report
)
modules = [
    name for name in ("render", "validate", "plugin_config", "frameworks")
    if not isinstance(getattr(recoveryplan, name), types.FunctionType)
]
sys.stderr.write(json.dumps({"missing": missing, "same": same, "modules": modules}))
"""
    report = probe(code=code)
    assert report == {"missing": [], "same": True, "modules": [], "stdout": ""}


def test_the_probe_sees_what_a_yaml_plan_loads(tmp_path: Path) -> None:
    """The same probe does see PyYAML once a YAML plan is read, so the test above can fail."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("format: recoveryplan/1\n", encoding="utf-8")
    report = probe("validate", str(plan))
    assert "yaml" in report["loaded"]  # type: ignore[operator]
    assert "recoveryplan._yaml" in report["loaded"]  # type: ignore[operator]


def test_the_probe_sees_what_rendering_loads() -> None:
    """Rendering a copy loads Jinja, Babel and the template context: the probe sees them."""
    report = probe("render", str(example_path()), "--audience", "person", "--today", "2026-05-07")
    assert report["status"] == 0
    loaded = set(report["loaded"])  # type: ignore[call-overload]
    assert {"jinja2", "babel", "recoveryplan.context", "recoveryplan.templating"} <= loaded


def test_the_probe_sees_what_checking_a_caseload_loads(tmp_path: Path) -> None:
    """Checking plans on two processes loads the batch machinery and multiprocessing."""
    for name in ("one.json", "two.json"):
        (tmp_path / name).write_bytes(example_path().read_bytes())
    report = probe("validate", str(tmp_path), "--jobs", "2", "--today", "2026-05-07")
    loaded = set(report["loaded"])  # type: ignore[call-overload]
    assert {"multiprocessing", "recoveryplan.batch", "recoveryplan.workers"} <= loaded


def test_the_probe_sees_what_a_store_loads(tmp_path: Path) -> None:
    """Saving a plan in a store loads SQLAlchemy."""
    store = tmp_path / "plans.db"
    report = probe(
        "store", "save", str(example_path()), "--store", str(store), "--by", "james", "--why", "New"
    )
    assert report["status"] == 0
    assert "sqlalchemy" in report["loaded"]  # type: ignore[operator]


RULES_PROBE = f"""
{PROBE}
from recoveryplan.language.rules import builtin_rules
sys.stderr.write("\\n" + json.dumps({{"status": status, "loaded": loaded,
    "rules read": builtin_rules.cache_info().currsize}}))
"""


def test_rendering_a_plan_does_not_read_the_language_rules() -> None:
    """The recovery-language rules (a large TOML file, a tenth of a second to read) are for
    checking a plan; rendering one loads the built-in plugins, and with them the language
    check, but reads its rules only when a check asks for them."""
    render = probe(
        "render", str(example_path()), "--audience", "person", "--today", "2026-05-07",
        code=RULES_PROBE,
    )  # fmt: skip
    assert render["status"] == 0
    assert render["rules read"] == 0
    check = probe("validate", str(example_path()), "--today", "2026-05-07", code=RULES_PROBE)
    assert check["rules read"] == 1  # the same probe sees them read, so the test can fail
