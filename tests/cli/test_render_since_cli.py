"""``recoveryplan render --view review --since OLD``: what changed since an older version."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import recoveryplan as rp
from recoveryplan.cli import main

from ..support.reference import BUNDLED, TODAY

ACHIEVED = "Morag achieved the small goal “Do the journey on my own and text James when I arrive”"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def newer(tmp_path: Path) -> Path:
    """The reference plan with the bus goal achieved, as a file."""
    plan = rp.load(BUNDLED).with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 5, 6))
    path = tmp_path / "morag-now.json"
    rp.dump(plan, path)
    return path


def test_since_adds_what_changed_to_the_review_pack(
    newer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, "render", str(newer), "--audience", "staff", "--view", "review",
        "--format", "md", "--since", str(BUNDLED), "--today", "2026-06-02",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert "## What changed since the last review" in out
    assert ACHIEVED in out
    assert out == rp.render(
        rp.load(newer), "staff", "md", view="review", today=TODAY, since=rp.load(BUNDLED)
    )


def test_since_with_another_view_is_a_usage_error(
    newer: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(
        capsys, "render", str(newer), "--audience", "staff", "--since", str(BUNDLED)
    )
    assert status == 2
    assert out == ""
    assert "--view review" in err
    assert len(err.strip().splitlines()) == 1


def test_since_with_out_dir_is_a_usage_error(
    newer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(
        capsys, "render", str(newer), "--audience", "all", "--view", "review",
        "--out-dir", str(tmp_path / "out"), "--since", str(BUNDLED),
    )  # fmt: skip
    assert status == 2
    assert "--since" in err
    assert "--out-dir" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content", [None, "{ not json", json.dumps({"id": 1})])
def test_an_old_plan_that_cannot_be_read_is_exit_1(
    newer: Path, tmp_path: Path, content: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.json"
    if content is not None:
        old.write_text(content, encoding="utf-8")
    status, out, err = run(
        capsys, "render", str(newer), "--audience", "staff", "--view", "review",
        "--since", str(old),
    )  # fmt: skip
    assert status == 1
    assert out == ""
    assert str(old) in err
    if content != json.dumps({"id": 1}):  # a plan that is not valid has a line per problem
        assert len(err.strip().splitlines()) == 1


def test_an_old_version_of_another_plan_is_exit_1(
    newer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.json"
    plan = rp.load(BUNDLED)
    other.write_text(rp.dumps(plan).replace(f'"{plan.id}"', '"someone-else"', 1), encoding="utf-8")
    status, out, err = run(
        capsys, "render", str(newer), "--audience", "staff", "--view", "review",
        "--since", str(other),
    )  # fmt: skip
    assert status == 1
    assert out == ""
    assert "someone-else" in err
    assert len(err.strip().splitlines()) == 1
