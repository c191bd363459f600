"""``recoveryplan render`` and the easy-read copy: a --view choice, and the default for a
reader whose recorded need is easy read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import recoveryplan as rp
from recoveryplan.cli import main

from ..support.reference import TODAY


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_easy_read_is_a_view_choice(
    reference_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, "render", str(reference_path), "--audience", "person", "--view", "easy-read",
        "--format", "txt", "--today", "2026-06-02",
    )  # fmt: skip
    assert (status, err) == (0, "")
    plan = rp.load(reference_path)
    assert out == rp.render(plan, "person", "txt", view="easy-read", today=TODAY)
    assert "My plan in easy read" in out


def test_a_person_who_needs_easy_read_gets_it_with_no_view(
    reference_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(reference_path.read_text(encoding="utf-8"))
    data["person"]["communication"].append({"kind": "easy-read"})
    needing = tmp_path / "needing.json"
    needing.write_text(json.dumps(data), encoding="utf-8")
    status, out, _ = run(
        capsys, "render", str(needing), "--audience", "person", "--format", "txt",
        "--today", "2026-06-02",
    )  # fmt: skip
    assert status == 0
    assert out.startswith("My plan in easy read")
    status, out, _ = run(
        capsys, "render", str(needing), "--audience", "staff", "--format", "txt",
        "--today", "2026-06-02",
    )  # fmt: skip
    assert status == 0
    assert "easy read" not in out.splitlines()[0]
