"""The command line as staff and attackers meet it: hostile input, odd files, any locale.

Whatever goes wrong is one line on standard error with exit 1 (2 for a mistake in the
command), never a traceback unless asked for, and nothing it prints can make a terminal act.
What a command does and says is seen by running its ``main()`` in this process with the same
arguments (its exit status and the bytes it writes); what depends on the process itself (a
device, a pipe or standard input read, the locale, the bytes a terminal receives) by running
``python -m recoveryplan`` in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import recoveryplan as rp
from recoveryplan.serialize import MAX_PLAN_BYTES

from ..support.cli import run_main


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """The command run in this process (see :func:`~tests.support.cli.run_main`)."""
    return run_main(*args, env=env)


def process(
    *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The command run as ``python -m recoveryplan`` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "recoveryplan", *args],
        capture_output=True,
        input=stdin,
        env={**os.environ, "RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD": "1", **(env or {})},
        timeout=120,
    )


def err_lines(done: subprocess.CompletedProcess[bytes]) -> list[str]:
    return done.stderr.decode("utf-8").splitlines()


@pytest.fixture
def document(reference_path: Path) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(reference_path.read_text(encoding="utf-8"))
    return parsed


def write(tmp_path: Path, document: dict[str, Any], name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


# -- input that is not a plan file ----------------------------------------------------------------


def test_a_device_is_refused_not_read_until_memory_runs_out() -> None:
    done = process("validate", "/dev/zero")
    assert done.returncode == 1
    assert err_lines(done) == [
        "/dev/zero: is a device, not a plan file; give the path of a .json or .yaml file"
    ]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.json"
    os.mkfifo(fifo)
    done = process("validate", str(fifo))
    assert done.returncode == 1
    assert err_lines(done) == [
        f"{fifo}: is a pipe (FIFO), not a plan file; give the path of a .json or .yaml file"
    ]


def test_a_file_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as file:
        file.truncate(MAX_PLAN_BYTES + 1)
    done = cli("validate", str(big))
    assert done.returncode == 1
    assert err_lines(done) == [
        f"{big}: is larger than 16 MiB, the most a plan file may be; it is not a plan"
    ]


def test_standard_input_larger_than_the_limit_is_refused() -> None:
    done = process("validate", "-", stdin=b" " * (MAX_PLAN_BYTES + 1))
    assert done.returncode == 1
    assert err_lines(done) == [
        "-: standard input holds more than 16 MiB, the most a plan file may be; it is not one"
    ]


# -- text that loads but cannot be shown --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Morag \\ud800",
            "the text holds half of a character (U+D800 at position 6), which no file can "
            "store; remove it or write the whole character",
        ),
        (
            "Morag \\u001b[2J\\u001b]0;pwned\\u0007",
            "the text holds the control character U+001B at position 6; plan text may hold line "
            "breaks and tabs but no other control characters, so remove it",
        ),
        (
            "Morag \\u0000",
            "the text holds the control character U+0000 at position 6; plan text may hold line "
            "breaks and tabs but no other control characters, so remove it",
        ),
    ],
    ids=["half a character", "terminal escapes", "NUL"],
)
def test_text_no_one_can_show_is_refused_at_its_path(
    tmp_path: Path, reference_path: Path, text: str, message: str
) -> None:
    raw = reference_path.read_text(encoding="utf-8").replace(
        '"name": "Morag Sinclair"', f'"name": "{text}"'
    )
    path = tmp_path / "plan.json"
    path.write_text(raw, encoding="utf-8")
    done = cli("validate", str(path))
    assert done.returncode == 1
    assert err_lines(done)[0] == f"{path}: $.person.name: {message}"
    assert b"\x1b" not in done.stderr
    assert b"\x07" not in done.stderr


def test_a_number_of_five_thousand_digits_is_a_problem_at_its_path(
    tmp_path: Path, reference_path: Path
) -> None:
    raw = reference_path.read_text(encoding="utf-8")
    raw = raw.replace('"value": 4,', '"value": ' + "9" * 5000 + ",", 1)
    path = tmp_path / "plan.json"
    path.write_text(raw, encoding="utf-8")
    done = cli("validate", str(path))
    assert done.returncode == 1
    [first, *_] = err_lines(done)
    assert first == (
        f"{path}: $.ratings[1].value: a number of 5000 digits is larger than a plan can hold; "
        "whole numbers in a plan are between -9007199254740991 and 9007199254740991 (write a "
        "longer one as text in quotes)"
    )


def test_what_the_command_prints_never_makes_a_terminal_act(tmp_path: Path) -> None:
    """A file name is the one thing a plan cannot vet; it is printed with its escapes."""
    name = tmp_path / "\x1b[2J\x1b]0;title\x07plan\u202e.json"
    done = process("validate", str(name))
    assert done.returncode == 1
    [line] = err_lines(done)
    assert "\\x1b[2J\\x1b]0;title\\x07plan\\u202e.json: no such file" in line
    assert b"\x1b" not in done.stderr
    assert b"\x07" not in done.stderr
    assert "\u202e".encode() not in done.stderr


def test_a_right_to_left_override_in_a_name_cannot_flip_what_follows(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    document["person"]["preferred_name"] = "Morag\u202e"
    document["next_review_on"] = "2026-01-01"
    path = write(tmp_path, document)
    done = cli("validate", str(path), "--today", "2026-06-02")
    out = done.stdout.decode("utf-8")
    assert "\u202e" not in out  # printed as its escape
    text = rp.render(rp.load(path), "person", "txt")
    assert "\u2068Morag\u202e\u202c\u2069" in text  # isolated, and the override closed
    findings = rp.validate(rp.load(path), today=date(2026, 6, 2))
    assert any("\u2068Morag\u202e\u202c\u2069" in finding.message for finding in findings)


# -- any locale ---------------------------------------------------------------------------------


def test_rendering_to_standard_output_is_utf8_whatever_the_locale(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    document["person"]["preferred_name"] = "Mòrag"
    path = write(tmp_path, document)
    for environment in ({"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}):
        done = process(
            "render", str(path), "--audience", "person", "--format", "txt", env=environment
        )
        assert done.returncode == 0, done.stderr
        assert "Mòrag" in done.stdout.decode("utf-8")
        done = process("validate", str(path), "--today", "2026-06-02", env=environment)
        assert "Mòrag" in done.stdout.decode("utf-8")


# -- errors and --debug -------------------------------------------------------------------------


def test_an_error_is_one_line_and_debug_shows_the_traceback(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.json")
    done = cli("render", missing, "--audience", "person")
    assert done.returncode == 1
    assert err_lines(done) == [f"recoveryplan: {missing}: no such file"]
    for shown in (
        cli("--debug", "render", missing, "--audience", "person"),
        cli("render", missing, "--audience", "person", env={"RECOVERYPLAN_DEBUG": "1"}),
    ):
        assert shown.returncode == 1
        assert err_lines(shown)[0] == f"recoveryplan: {missing}: no such file"
        assert "Traceback (most recent call last)" in shown.stderr.decode()


# -- consent by default ---------------------------------------------------------------------------


def test_render_has_no_default_reader_and_says_who_the_readers_are(reference_path: Path) -> None:
    done = cli("render", str(reference_path), "-o", "eilidh.html")
    assert done.returncode == 2
    assert err_lines(done) == [
        "recoveryplan render: say who the plan is for with --audience; this plan can be "
        "rendered for: person, staff, eilidh, ali"
    ]
    assert not Path("eilidh.html").exists()


@pytest.mark.parametrize("said", ["eilidh", "Eilidh", "EILIDH", "eilidh sinclair"])
def test_a_member_is_found_by_id_or_name_in_any_case(reference_path: Path, said: str) -> None:
    done = cli("render", str(reference_path), "--audience", said, "--format", "txt")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("Morag's plan, shared with Eilidh")


def test_a_reader_that_is_close_to_a_member_is_named(reference_path: Path) -> None:
    done = cli("render", str(reference_path), "--audience", "eilid")
    assert done.returncode == 1
    assert err_lines(done) == [
        "recoveryplan: 'eilid' is not one of the readers of this plan (close: eilidh); the "
        "readers are: person, staff, eilidh, ali"
    ]


@pytest.mark.parametrize("keyword", ["staff", "person", "service"])
def test_a_circle_id_that_is_a_readers_word_makes_the_plan_unrenderable(
    tmp_path: Path, document: dict[str, Any], keyword: str
) -> None:
    document["circle"][0]["id"] = keyword
    document["sharing"][0]["with"] = keyword
    path = write(tmp_path, document)
    for reader in ("staff", "person"):
        done = cli("render", str(path), "--audience", reader)
        assert done.returncode == 1
        [line] = err_lines(done)
        assert line.startswith(f"recoveryplan: Eilidh Sinclair has the circle id '{keyword}'")
        assert done.stdout == b""
    findings = rp.validate(rp.load(path))
    assert [f.severity for f in findings if f.path == "$.circle[0].id"] == ["error"]


# -- the format follows the file name -------------------------------------------------------------


def test_the_format_follows_the_output_suffix(tmp_path: Path, reference_path: Path) -> None:
    for name, start in (("plan.md", b"# "), ("plan.txt", b"Morag"), ("plan.html", b"<!")):
        target = tmp_path / name
        done = cli("render", str(reference_path), "--audience", "person", "-o", str(target))
        assert done.returncode == 0, done.stderr
        assert target.read_bytes().lstrip().startswith(start), name


def test_a_pdf_name_gets_a_pdf(tmp_path: Path, reference_path: Path) -> None:
    from recoveryplan.render import pdf_available

    if not pdf_available():
        pytest.skip("WeasyPrint is not installed, so no PDF can be made")
    target = tmp_path / "plan.pdf"
    done = cli("render", str(reference_path), "--audience", "person", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--format", "md", "-o", "plan.pdf"),
            "recoveryplan render: --format md does not match the file name 'plan.pdf', which "
            "is pdf; drop --format or change the name",
        ),
        (
            ("-o", "plan.docx"),
            "recoveryplan render: cannot tell the format from the file name 'plan.docx'; add "
            "--format (html, md, txt, pdf) or end the name with one of .html, .htm, .md, "
            ".markdown, .txt, .text, .pdf",
        ),
    ],
)
def test_a_format_that_contradicts_the_name_is_a_usage_error(
    tmp_path: Path, reference_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = cli("render", str(reference_path), "--audience", "person", *args)
    assert done.returncode == 2
    assert err_lines(done) == [message]
