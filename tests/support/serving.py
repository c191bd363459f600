"""``recoveryplan serve`` in a process of its own, as a person starts it, for the tests that
need the real server (the command-line and browser tests of the web app)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+)")
STARTING = 60.0  # seconds to wait for the address line; generous, never asserted on
STOPPING = 30.0
"""Seconds a server may take to stop after Ctrl-C before a test fails: whether it stops is
the test, not how fast; a busy machine took more than ten."""


@attrs.frozen
class Serving:
    """A running server: its process, the printed address, its port and its token."""

    process: subprocess.Popen[str]
    address: str
    port: int
    token: str

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = STOPPING) -> int:
        """Ctrl-C, as a person stops it; the exit status (``TimeoutExpired`` if it goes on)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=timeout)


@contextmanager
def serving(plan: Path, *args: str) -> Iterator[Serving]:
    """``recoveryplan serve PLAN --port 0 ARGS...`` until the block ends."""
    env = {**os.environ, "RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONUNBUFFERED": "1"}
    env.pop("RECOVERYPLAN_STORE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "recoveryplan", "serve", str(plan), "--port", "0", *args],
        cwd=plan.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = ADDRESS.search(line)
        if found is None:
            process.kill()
            _, err = process.communicate(timeout=STARTING)
            raise AssertionError(f"serve printed {line!r}; stderr: {err}")
        yield Serving(process, found.group(0), int(found.group(1)), found.group(2))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=STOPPING)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
