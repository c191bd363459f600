"""Running the command line as a person would: a fresh process, in a folder of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import attrs

import recoveryplan as rp


def recoveryplan(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``recoveryplan ARGS...`` run in ``cwd``, with only the built-in plugins and no store
    named by the environment, so nothing installed or set on the machine changes the result."""
    env = {**os.environ, "RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("RECOVERYPLAN_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "recoveryplan", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def save_a_new_name(folder: Path, plan: rp.Plan) -> rp.Plan:
    """The person's preferred name changed to "Mo", saved to ``folder``'s ``plans.db`` by
    ``person`` on revision 1 with ``recoveryplan store save``, which must succeed; the plan
    saved."""
    changed = attrs.evolve(plan, person=attrs.evolve(plan.person, preferred_name="Mo"))
    rp.dump(changed, folder / "changed.json")
    saved = recoveryplan(
        "store",
        "save",
        "changed.json",
        "--store",
        "plans.db",
        "--by",
        "person",
        "--why",
        "My name",
        "--base",
        "1",
        cwd=folder,
    )
    assert (saved.returncode, saved.stderr) == (0, "")
    return changed
