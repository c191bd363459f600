"""Running the command line as a person would: a fresh process, in a folder of the test's own;
or its ``main()`` in this process, for a test of what a command does rather than of the process."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from unittest import mock

import attrs

import recoveryplan as rp
from recoveryplan.cli import main


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


def run_main(
    *args: str | Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    merged: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    """``recoveryplan ARGS...`` as :func:`recoveryplan.cli.main` runs it in this process, with
    ``env`` added to the environment and in ``cwd`` when given: its exit status and the bytes
    it wrote to standard output and standard error, as a fresh process gives them (with
    ``merged``, both in one, in the order written, as ``stderr=subprocess.STDOUT`` gives them).

    A fresh process spends seconds importing the package and compiling the language rules
    before it starts; this spends them once per test process. For what a command does and
    says; a test of the process itself (its locale, standard input, signals, start-up, what a
    device or a pipe does to it) runs ``python -m recoveryplan`` instead."""
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = stdout if merged else io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    words = [str(arg) for arg in args]
    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.dict(os.environ, env or {}))
        os.environ.pop("RECOVERYPLAN_STORE", None)
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stack.enter_context(contextlib.redirect_stdout(stdout))
        stack.enter_context(contextlib.redirect_stderr(stderr))
        status = main(words)
    stdout.flush()
    stderr.flush()
    return subprocess.CompletedProcess(
        ["recoveryplan", *words], status, out.getvalue(), err.getvalue()
    )


def recoveryplan_main(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """:func:`run_main` in ``cwd``, its output read as :func:`recoveryplan` reads a fresh
    process's: as text, with its line ends as Python reads them."""
    done = run_main(*args, cwd=cwd)

    def text(written: bytes) -> str:
        return io.TextIOWrapper(io.BytesIO(written), encoding="utf-8").read()

    return subprocess.CompletedProcess(
        done.args, done.returncode, text(done.stdout), text(done.stderr)
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
