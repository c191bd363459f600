"""Start-up: ``recoveryplan --help`` and ``--version`` do not load the PDF, FHIR or YAML
machinery, which only some commands need and which is slow to import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recoveryplan.plugins import AUTOLOAD_VARIABLE

PROBE = """
import json, sys
from recoveryplan.cli import main
status = main(sys.argv[1:])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("weasyprint", "yaml") or m in
                ("recoveryplan.fhir", "recoveryplan._yaml"))
sys.stderr.write(json.dumps({"status": status, "loaded": loaded}))
"""


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_start_without_the_heavy_machinery(option: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, option],
        capture_output=True,
        text=True,
        env={**os.environ, AUTOLOAD_VARIABLE: "1"},
        check=False,
        timeout=120,
    )
    report = json.loads(result.stderr)
    assert report["status"] == 0
    assert "recoveryplan" in result.stdout
    assert report["loaded"] == []


def test_the_probe_sees_what_a_yaml_plan_loads(tmp_path: Path) -> None:
    """The same probe does see PyYAML once a YAML plan is read, so the test above can fail."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("format: recoveryplan/1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "validate", str(plan)],
        capture_output=True,
        text=True,
        env={**os.environ, AUTOLOAD_VARIABLE: "1"},
        check=False,
        timeout=120,
    )
    report = json.loads(result.stderr.splitlines()[-1])  # after the plan's problems
    assert "yaml" in report["loaded"]
    assert "recoveryplan._yaml" in report["loaded"]
