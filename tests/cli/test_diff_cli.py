"""``recoveryplan diff OLD NEW [--audience AUDIENCE] [--format text|json]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import recoveryplan as rp
from recoveryplan import cli
from recoveryplan.cli.diff import told_changes
from recoveryplan.messages import speaking_from
from recoveryplan.translations import translations

from ..support.pseudo import Pseudo
from ..support.reference import BUNDLED
from ..unit.test_diff import ACHIEVED, DECIDED, MOVED, RATED, WIDENED, later


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = cli.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    new = tmp_path / "later.json"
    rp.dump(later(rp.load(BUNDLED)), new)
    return BUNDLED, new


def test_text_is_one_sentence_a_line(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    status, out, err = run(capsys, "diff", *versions)
    assert (status, err) == (0, "")
    assert out.splitlines() == [ACHIEVED, MOVED, RATED, DECIDED, WIDENED]


def test_json_lists_each_change_with_its_sentence(
    capsys: pytest.CaptureFixture[str], versions: tuple[Path, Path]
) -> None:
    status, out, _ = run(capsys, "diff", *versions, "--format", "json", "--audience", "Eilidh")
    assert status == 0
    changes = json.loads(out)
    assert [set(change) for change in changes] == [
        {"kind", "id", "path", "field", "before", "after", "message"}
    ] * 4
    assert [change["message"] for change in changes] == [ACHIEVED, MOVED, DECIDED, WIDENED]
    assert changes[0]["before"] == "planned"
    assert changes[0]["after"] == "achieved"


def test_no_changes_is_no_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "diff", BUNDLED, BUNDLED) == (0, "", "")
    assert run(capsys, "diff", BUNDLED, BUNDLED, "--format", "json") == (0, "[]\n", "")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["missing.json"], "missing.json: no such file"),
        (["--audience", "bob"], "'bob' is not one of the readers"),
        (["--audience", "priya"], "has not agreed to share"),
    ],
)
def test_bad_input_exits_1_with_one_line(
    capsys: pytest.CaptureFixture[str],
    versions: tuple[Path, Path],
    tmp_path: Path,
    argv: list[str],
    said: str,
) -> None:
    old, new = versions
    args = [old, tmp_path / argv[0]] if argv[0].endswith(".json") else [old, new, *argv]
    status, out, err = run(capsys, "diff", *args)
    assert (status, out) == (1, "")
    assert len(err.splitlines()) == 1
    assert said in err


def test_a_malformed_plan_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "recoveryplan/1"}')
    status, out, err = run(capsys, "diff", BUNDLED, bad)
    assert (status, out) == (1, "")
    assert err
    assert "Traceback" not in err


def test_the_sentences_are_in_the_language_of_the_messages() -> None:
    """Spoken to in Welsh, the diff's sentences come from the Welsh copies' catalogue (the
    words a Welsh review pack says what changed in); spoken to in English, as always."""
    old = rp.load(BUNDLED)
    new = later(old)
    english = [str(change) for change in told_changes(old, new, None)]
    assert english == [ACHIEVED, MOVED, RATED, DECIDED, WIDENED]
    welsh_words = translations("cy")
    with speaking_from(Pseudo(), "cy"):
        told = [str(change) for change in told_changes(old, new, None)]
    with speaking_from(welsh_words, "cy"):
        expected = [str(change) for change in rp.diff(old, new)]
    assert told == expected
    assert len(told) == len(english)
    assert all(a != b for a, b in zip(told, english, strict=True))
