"""The command line gives a reader who reads braille the plain-text copy ready for braille
when no format is asked for, and tells staff when a copy in another format is made for them."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..support.cli import recoveryplan_main as recoveryplan
from ..support.reference import BUNDLED

HTML_NOTE = (
    "the person reads braille, and this HTML copy is not ready for braille: give the "
    "person the plain-text copy (--format txt), sent for braille transcription\n"
)
"""What staff are told when an HTML copy is made for the person, who reads braille."""


def _braille_plan(folder: Path) -> Path:
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    document["person"]["communication"].append({"kind": "braille"})
    path = folder / "morag.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_no_format_gives_the_braille_reader_braille_ready_text(tmp_path: Path) -> None:
    _braille_plan(tmp_path)
    result = recoveryplan(
        "render", "morag.json", "--audience", "person", "--today", "2026-06-02", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Morag's plan"
    assert not [line for line in lines if set(line) <= set("=-~.") and line]
    assert "- Braille" in lines


def test_an_html_copy_for_the_braille_reader_tells_staff(tmp_path: Path) -> None:
    _braille_plan(tmp_path)
    result = recoveryplan(
        "render", "morag.json", "--audience", "person", "--format", "html", "-o", "m.html",
        "--today", "2026-06-02", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == HTML_NOTE
    assert (tmp_path / "m.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_folder_of_copies_names_the_plan_and_reader_who_reads_braille(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    _braille_plan(tmp_path / "plans")
    result = recoveryplan(
        "render", "plans", "--out-dir", "out", "--audience", "all", "--format", "pdf",
        "--today", "2026-06-02", cwd=tmp_path,
    )  # fmt: skip
    if "WeasyPrint" in result.stderr:  # PDF needs the pdf extra; the note is the same
        return
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{os.path.join('plans', 'morag.json')}: person: the person reads braille, and this "
        "PDF copy is not ready for braille: give the person the plain-text copy (--format "
        "txt), sent for braille transcription"
    ]


def test_a_folder_of_copies_gives_the_braille_reader_braille_ready_text(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    _braille_plan(tmp_path / "plans")
    out = tmp_path / "out"
    result = recoveryplan(
        "render", "plans", "--out-dir", "out", "--audience", "all", "--today", "2026-06-02",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    names = sorted(path.name for path in out.iterdir())
    assert "morag.person.txt" in names
    assert "morag.staff.html" in names
    assert not [
        name for name in names if name.startswith("morag.person.") and name != "morag.person.txt"
    ]
    copy = (out / "morag.person.txt").read_text(encoding="utf-8")
    assert copy.startswith("Morag's plan\n\n")
    assert result.stdout.endswith(f"{len(names)} files written to out\n")


def _stored(folder: Path) -> str:
    path = _braille_plan(folder)
    saved = recoveryplan(
        "store", "save", path.name, "--store", "plans.db", "--by", "james", "--why", "New",
        cwd=folder,
    )  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    plan_id: str = json.loads(path.read_text(encoding="utf-8"))["id"]
    return plan_id


def test_a_stored_plan_gives_the_braille_reader_the_same_copy_as_its_file(tmp_path: Path) -> None:
    plan_id = _stored(tmp_path)
    common = ("--audience", "person", "--today", "2026-06-02")
    stored = recoveryplan("render", plan_id, "--store", "plans.db", *common, cwd=tmp_path)
    from_file = recoveryplan("render", "morag.json", *common, cwd=tmp_path)
    assert stored.returncode == 0, stored.stderr
    assert stored.stderr == ""
    assert stored.stdout == from_file.stdout
    assert stored.stdout.splitlines()[0] == "Morag's plan"


def test_an_html_copy_of_a_stored_plan_for_the_braille_reader_tells_staff(tmp_path: Path) -> None:
    plan_id = _stored(tmp_path)
    result = recoveryplan(
        "render", plan_id, "--store", "plans.db", "--audience", "person", "--format", "html",
        "-o", "m.html", "--today", "2026-06-02", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr == HTML_NOTE
    assert (tmp_path / "m.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
