"""The examples in README.md and docs/*.md run, and say what really happens.

Each document's examples run in order, in a fresh folder holding the reference plan as
``morag.json``, so an example can say ``rp.load("morag.json")`` and a later one can use what an
earlier one made. Markers, each an HTML comment on the line just before a fenced block:

- ``<!-- not-run -->``: the block is shown but not run (a fragment, or needs a printer);
- ``<!-- file: NAME -->``: the block's text is written to the file NAME for later examples.

``python`` blocks are executed, sharing one namespace per document. ``console`` blocks whose
lines start with ``$ recoveryplan`` are run (through the command line's ``main()`` in this
process, with the same arguments, in the document's folder); the lines after a command are its
expected output, standard error included, and ``$ echo $?`` checks the exit
status of the command before it. A command shown with no output is only checked to run: no
traceback and no usage error.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import attrs
import pytest

from ..support.cli import run_main

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = sorted(
    path.relative_to(ROOT).as_posix()
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    if path.exists()
)

FENCE = re.compile(r"^```(?P<language>[\w-]*)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
MARKER = re.compile(r"<!--\s*(?P<marker>not-run|file:\s*(?P<file>[^\s>]+))\s*-->\s*\Z")


@attrs.frozen
class Block:
    """One fenced block of a document, with where it starts and the marker before it."""

    language: str
    body: str
    line: int
    not_run: bool = False
    file: str | None = None


def blocks(text: str) -> list[Block]:
    found = []
    for fence in FENCE.finditer(text):
        before = text[: fence.start()].rstrip()
        marker = MARKER.search(before.splitlines()[-1] if before else "")
        found.append(
            Block(
                language=fence["language"],
                body=fence["body"],
                line=text.count("\n", 0, fence.start()) + 1,
                not_run=bool(marker and marker["marker"] == "not-run"),
                file=marker["file"] if marker else None,
            )
        )
    return found


@pytest.fixture
def workdir(tmp_path: Path, reference_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copyfile(reference_path, tmp_path / "morag.json")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("document", DOCUMENTS)
def test_examples_run(document: str, workdir: Path) -> None:
    namespace: dict[str, Any] = {"__name__": f"example:{document}"}
    for block in blocks((ROOT / document).read_text(encoding="utf-8")):
        where = f"{document}:{block.line}"
        if block.file is not None:
            (workdir / block.file).write_text(block.body, encoding="utf-8")
        elif block.not_run:
            continue
        elif block.language == "python":
            exec(compile(block.body, where, "exec"), namespace)
        elif block.language == "console" and _runnable(block.body):
            _run_console(block.body, where, workdir)


def test_the_format_reference_has_examples_of_every_kind() -> None:
    """Guards the runner itself: if it stopped finding blocks, every document would pass."""
    found = blocks((ROOT / "docs" / "format.md").read_text(encoding="utf-8"))
    runnable = [b for b in found if not b.not_run and b.file is None]
    assert {b.language for b in runnable} >= {"python", "console"}
    assert {b.file for b in found if b.file} >= {"broken.json"}
    assert any(b.not_run for b in found)


def test_markers_are_read_from_the_line_before_a_block() -> None:
    text = (
        "Intro.\n\n<!-- not-run -->\n```python\nraise SystemExit\n```\n\n"
        "<!-- file: plan.json -->\n```json\n{}\n```\n\n```python\nx = 1\n```\n"
    )
    assert blocks(text) == [
        Block("python", "raise SystemExit\n", 4, not_run=True),
        Block("json", "{}\n", 9, file="plan.json"),
        Block("python", "x = 1\n", 13),
    ]


def test_a_failing_console_example_is_reported_with_its_place(workdir: Path) -> None:
    wrong = "$ recoveryplan validate nowhere.json\nnowhere.json: all fine\n"
    with pytest.raises(
        pytest.fail.Exception, match=r"(?s)doc\.md:7: .*nowhere\.json: no such file"
    ):
        _run_console(wrong, "doc.md:7", workdir)
    with pytest.raises(pytest.fail.Exception, match=r"exit status 1, not 0"):
        _run_console("$ recoveryplan validate nowhere.json\n$ echo $?\n0\n", "doc.md:7", workdir)
    with pytest.raises(pytest.fail.Exception, match=r"exited with status 2"):
        _run_console("$ recoveryplan validate --today 2026-02-30 x\n", "doc.md:7", workdir)
    _run_console("$ recoveryplan validate morag.json --today 2026-06-02\n", "doc.md:7", workdir)


# -- console blocks ------------------------------------------------------------------------


def _commands(body: str) -> list[tuple[str, list[str]]]:
    """Each ``$ command`` with the output lines that follow it."""
    commands: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:].strip(), []))
        elif commands:
            commands[-1][1].append(line.rstrip())
    return commands


def _runnable(body: str) -> bool:
    commands = _commands(body)
    return bool(commands) and all(
        command == "echo $?" or command.startswith("recoveryplan ") for command, _ in commands
    )


def _run_console(body: str, where: str, workdir: Path) -> None:
    status: int | None = None
    for command, expected in _commands(body):
        if command == "echo $?":
            if status is None:
                pytest.fail(f"{where}: `$ echo $?` comes before any command")
            shown = [str(status)]
            if expected != shown:
                pytest.fail(f"{where}: exit status {status}, not {' '.join(expected)}")
            continue
        words = shlex.split(command)
        if any(word in {">", ">>", "|", "<", "&&", ";"} for word in words):
            pytest.fail(f"{where}: {command!r} needs a shell; mark the block <!-- not-run -->")
        result = run_main(*words[1:], cwd=workdir, merged=True)
        status = result.returncode
        printed = result.stdout.decode("utf-8")
        actual = [line.rstrip() for line in printed.splitlines()]
        if "Traceback" in printed:
            pytest.fail(f"{where}: {command!r} printed a traceback:\n{printed}")
        if status not in (0, 1):
            pytest.fail(f"{where}: {command!r} exited with status {status}:\n{printed}")
        if expected and actual != expected:
            pytest.fail(
                f"{where}: {command!r} printed something else.\n"
                "expected:\n" + "\n".join(expected) + "\nactual:\n" + "\n".join(actual)
            )
