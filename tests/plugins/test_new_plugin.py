"""``recoveryplan new-plugin``: the package it writes installs, passes its own tests and is listed.

This is how an organisation's developer meets it: the command in a fresh process, ``pip
install`` of what it wrote (into a folder on ``PYTHONPATH``, built with the hatchling already
installed, so the test needs no network), then the package's own tests and ``recoveryplan
plugins`` in fresh processes that find the plugin through its entry point.

The package's property test (fifteen generated plans, each checked and rendered three times)
takes most of a minute: ``make test`` runs the package's other tests, and
``RECOVERYPLAN_SLOW_TESTS=1`` (``make slow-test``, which CI runs) all of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from recoveryplan.plugins import AUTOLOAD_VARIABLE

SLOW = bool(os.environ.get("RECOVERYPLAN_SLOW_TESTS"))


def run(*args: str, cwd: Path, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != AUTOLOAD_VARIABLE}
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=300
    )


def recoveryplan(
    *args: str, cwd: Path, site: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "recoveryplan", *args, cwd=cwd, site=site)


def test_the_written_plugin_installs_passes_its_tests_and_is_listed(tmp_path: Path) -> None:
    made = recoveryplan("new-plugin", "acme-care", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    package = tmp_path / "recoveryplan-acme-care"
    assert made.stdout.startswith("wrote recoveryplan-acme-care into recoveryplan-acme-care (")
    site = tmp_path / "site"
    installed = run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--target",
        str(site),
        str(package),
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    chosen = () if SLOW else ("-k", "not test_any_plan_on_our_framework_checks_and_renders")
    tested = run(
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *chosen,
        cwd=package,
        site=site,
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert ("6 passed" if SLOW else "5 passed, 1 deselected") in tested.stdout
    listed = recoveryplan("plugins", cwd=tmp_path, site=site)
    assert listed.returncode == 0, listed.stderr
    assert (
        "acme_care 0.1.0 (recoveryplan-acme-care)\n"
        "  hooks: extra_template_vars, prepare_jinja2_environment, register_frameworks, "
        "template_dirs, validate_plan\n"
        "  frameworks: acme-care-areas\n"
        f"  templates: {site / 'recoveryplan_acme_care' / 'templates'}\n"
    ) in listed.stdout


def test_it_writes_into_a_named_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "here").mkdir()
    made = recoveryplan("new-plugin", "recoveryplan-acme", "here", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    written = sorted(
        p.relative_to(tmp_path / "here").as_posix()
        for p in (tmp_path / "here").rglob("*")
        if p.is_file()
    )
    assert written == [
        "README.md",
        "pyproject.toml",
        "src/recoveryplan_acme/__init__.py",
        "src/recoveryplan_acme/py.typed",
        "src/recoveryplan_acme/templates/plan.html.j2",
        "src/recoveryplan_acme/templates/plan.md.j2",
        "src/recoveryplan_acme/templates/plan.txt.j2",
        "tests/test_plugin.py",
    ]
    pyproject = (tmp_path / "here" / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points.recoveryplan]\nacme = "recoveryplan_acme"\n' in pyproject
    assert "@@" not in "".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "here").rglob("*") if p.is_file()
    )


def test_it_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    made = recoveryplan("new-plugin", "acme", "mine", cwd=tmp_path)
    assert (made.returncode, made.stdout) == (1, "")
    assert made.stderr == (
        "recoveryplan: mine is not an empty folder; new-plugin only writes into a new or empty "
        "folder, so nothing of yours is overwritten\n"
    )
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("name", ["Acme", "acme_care", "9lives", "acme--care", ""])
def test_a_name_that_cannot_name_a_package_is_a_usage_error(tmp_path: Path, name: str) -> None:
    made = recoveryplan("new-plugin", name, cwd=tmp_path)
    assert made.returncode == 2
    assert f"argument NAME: {name!r} cannot name a plugin" in made.stderr
    assert list(tmp_path.iterdir()) == []
