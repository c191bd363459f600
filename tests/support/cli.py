"""Running the command line as a person would: a fresh process, in a folder of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


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
