"""``recoveryplan calendar``: the reader's dates as an .ics file, owner-only, stable on rerun."""

from __future__ import annotations

import stat
from pathlib import Path

import icalendar

from ..support.cli import recoveryplan_main as recoveryplan
from ..support.reference import BUNDLED, TODAY


def uids(path: Path) -> set[str]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def test_the_calendar_is_written_owner_only_and_rerunning_keeps_every_uid(tmp_path: Path) -> None:
    out = tmp_path / "morag.ics"
    first = recoveryplan(
        "calendar",
        BUNDLED,
        "--audience",
        "person",
        "-o",
        out,
        "--today",
        TODAY.isoformat(),
        cwd=tmp_path,
    )
    assert first.returncode == 0, first.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    before, held = uids(out), out.read_bytes()
    assert len(before) >= 3
    again = recoveryplan(
        "calendar",
        BUNDLED,
        "--audience",
        "person",
        "-o",
        out,
        "--today",
        TODAY.isoformat(),
        cwd=tmp_path,
    )
    assert again.returncode == 0, again.stderr
    assert out.read_bytes() == held
    later = recoveryplan(
        "calendar",
        BUNDLED,
        "--audience",
        "person",
        "-o",
        out,
        "--today",
        "2026-07-01",
        cwd=tmp_path,
    )
    assert later.returncode == 0
    assert uids(out) == before


def test_standard_output_carries_the_calendar_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / "eilidh.ics"
    written = recoveryplan(
        "calendar",
        BUNDLED,
        "--audience",
        "Eilidh",
        "-o",
        out,
        "--today",
        TODAY.isoformat(),
        cwd=tmp_path,
    )
    printed = recoveryplan(
        "calendar", BUNDLED, "--audience", "eilidh", "--today", TODAY.isoformat(), cwd=tmp_path
    )
    assert written.returncode == printed.returncode == 0
    # Read as text, a CRLF line end is one newline: the bytes are the file's, line for line.
    assert printed.stdout == out.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert "Review of" not in printed.stdout


def test_a_reader_the_plan_does_not_have_is_one_line_and_status_1(tmp_path: Path) -> None:
    refused = recoveryplan("calendar", BUNDLED, "--audience", "priya", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "Traceback" not in refused.stderr
    missing = recoveryplan("calendar", BUNDLED, cwd=tmp_path)
    assert missing.returncode == 2


def test_the_language_option_titles_the_calendar_in_that_language(tmp_path: Path) -> None:
    done = recoveryplan(
        "calendar", BUNDLED, "--audience", "person", "--language", "pl-PL",
        "--today", TODAY.isoformat(), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "SUMMARY:Przegląd mojego planu zdrowienia" in done.stdout
    assert "Review of" not in done.stdout
