"""The command line speaks the reader's language: its help, its errors, its summaries and
argparse's own words, chosen from the environment or the configuration file.

A pseudo-locale proves nothing escapes: a catalogue made in the test maps every message to
a marked form (``⟦`` … ``⟧``, every ASCII letter replaced, placeholders kept). Run under it,
whatever is left once the marked text is taken out must be a value — an option, a command,
a file name, a placeholder's value — or one of the proper names the library keeps in every
language. The catalogues shipped may be empty or full: the test brings its own.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import recoveryplan as rp
from recoveryplan import cli, messages
from recoveryplan.cli import build_parser
from recoveryplan.cli import validate as validating
from recoveryplan.cli.completion import levels
from recoveryplan.messages import N_

from ..support.pseudo import Pseudo
from ..support.reference import BUNDLED, TODAY

PSEUDO = "ka"
"""A language with no catalogue of its own, standing for the pseudo-locale."""


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment names the pseudo-locale, whose catalogue is complete."""
    real = messages._translations

    def pseudo_or_real(
        language: str, plugins: tuple[Path, ...] = ()
    ) -> gettext.NullTranslations | None:
        return Pseudo() if language == PSEUDO else real(language, plugins)

    def with_pseudo(plugins: tuple[Path, ...] = ()) -> frozenset[str]:
        return frozenset({PSEUDO})

    monkeypatch.setattr(messages, "_translations", pseudo_or_real)
    monkeypatch.setattr(messages, "languages", with_pseudo)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", f"{PSEUDO}_GE.UTF-8")


Run = Callable[..., tuple[int, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Run:
    """``recoveryplan ARGS`` in this process, in a folder of the test's own: its status and
    everything it wrote, standard output and standard error together."""
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> tuple[int, str]:
        status = cli.main(list(argv))
        out, err = capsys.readouterr()
        return status, out + err

    return run


COMMANDS = sorted(" ".join(level.path) for level in levels(build_parser()) if level.path)
"""Every command and subcommand (``store save``, ``export fhir`` …)."""

PROPER_NAMES = re.compile(
    r"\b(?:recoveryplan|NHS|CHIME|BSL|Samaritans|OpenMoji|FHIR|R4|JSON|TOML|YAML|SQLite|"
    r"PostgreSQL|UTC|TLS|HTTPS|iCalendar|SRI)\b"
)
"""The names the issue keeps in every language, and the standards' and formats' own."""

VALUE = re.compile(
    r"""
      --?[A-Za-z][\w-]*(?:=\S*)?         # an option, as typed
    | \{[^{}\s]*\}                       # argparse's list of choices
    | [\w./~-]*\.(?:json|ya?ml|db|toml|html|md|txt|pdf|ics|py|j2|mo|po)\b  # a file
    | \b\w+://\S*                        # an address
    | \b[A-Z][A-Z0-9_]{2,}\b             # an environment variable
    | \[[\w.-]+\]                        # a TOML table or a finding's code
    """,
    re.VERBOSE,
)


def escaped(text: str, values: tuple[str, ...] = ()) -> list[str]:
    """The English words left once the marked text, the values and the proper names are
    taken out: nothing, if every sentence went through the catalogue."""
    left = text
    while re.search(r"⟦[^⟦⟧]*⟧", left):  # a sentence within a sentence: innermost first
        left = re.sub(r"⟦[^⟦⟧]*⟧", " ", left)
    for value in sorted(values, key=len, reverse=True):
        left = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", " ", left)
    left = PROPER_NAMES.sub(" ", left)
    left = VALUE.sub(" ", left)
    return re.findall(r"[A-Za-z]{2,}", left)


NAMES = (
    tuple(COMMANDS)
    + tuple(word for command in COMMANDS for word in command.split())
    + (
        "text",
        "json",
        "bash",
        "zsh",
        "fish",
        "person",
        "staff",
        "all",
        "plan",
        "review",
        "safety-plan",
        "crisis-card",
        "easy-read",
        "html",
        "md",
        "txt",
        "pdf",
        "uk-core",
        "fhir",
        "morag",
    )
)
"""Commands and the values their options take (choices, the bundled plan's name), shown as
they are typed."""


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_commands_help_is_in_the_readers_language(
    pseudo: None, run: Run, command: str
) -> None:
    status, said = run(*command.split(), "--help")
    assert status == 0
    assert "⟦" in said
    assert escaped(said, NAMES) == []


def test_the_command_list_is_in_the_readers_language(pseudo: None, run: Run) -> None:
    status, said = run()
    assert status == 2
    assert escaped(said, NAMES) == []


ERRORS: list[tuple[str, ...]] = [
    ("validate",),  # argparse: the following arguments are required
    ("no-such-command",),  # argparse: invalid choice
    ("validate", "--today", "2026-13-40", "x.json"),  # a date that is not one
    ("validate", "--jobs", "0", "x.json"),  # not a number of processes
    ("validate", "x.json", "--no-such-option"),  # unrecognized arguments
    ("render", "a.json", "b.json"),  # more than one plan without --out-dir
    ("render", "a.json", "-o", "out.html", "--out-dir", "copies"),
    ("render", "plan.json", "-o", "copy.docx"),  # no format from the name
    ("render", "a.json", "--since", "b.json"),  # --since without the review pack
    ("store", "plans"),  # no store named
    ("report", "plans", "--out-dir", "r"),  # no key
    ("serve", "plan.json", "--host", "0.0.0.0"),
    ("validate", "empty"),  # a folder with no plans, and the count
    ("config",),
]


@pytest.mark.parametrize("argv", ERRORS, ids=" ".join)
def test_the_command_lines_own_messages_are_in_the_readers_language(
    pseudo: None, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    monkeypatch.delenv("RECOVERYPLAN_STORE", raising=False)
    monkeypatch.delenv("RECOVERYPLAN_REPORT_KEY", raising=False)
    (tmp_path / "empty" / "inside").mkdir(parents=True)
    (tmp_path / "plans").mkdir()
    status, said = run(*argv)
    assert status in (0, 1, 2)
    assert "⟦" in said
    assert escaped(said, (*NAMES, PSEUDO, str(tmp_path), *argv)) == [], said


def test_the_configuration_files_language_wins_over_the_environments(
    pseudo: None, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    (tmp_path / "recoveryplan.toml").write_text(
        f'[defaults]\nmessages-language = "{PSEUDO}"\njobs = 2\n', encoding="utf-8"
    )
    status, said = run("config")
    assert status == 0
    assert f'messages-language = "{PSEUDO}"' in said
    assert escaped(said, (*NAMES, PSEUDO, str(tmp_path), "messages-language", "jobs")) == []
    status, said = run("validate")
    assert status == 2
    assert "⟦" in said


def test_english_stays_english_without_a_language(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    status, said = run("validate")
    assert status == 2
    assert "the following arguments are required: PATH_OR_DIR" in said
    assert "⟦" not in said


def test_a_misspelt_language_in_the_configuration_file_is_refused(run: Run, tmp_path: Path) -> None:
    (tmp_path / "recoveryplan.toml").write_text(
        '[defaults]\nmessages-language = "welsh!"\n', encoding="utf-8"
    )
    status, said = run("config")
    assert status == 2
    assert "messages-language" in said
    assert "must be a language tag" in said


def test_argparse_is_itself_again_after_the_command(pseudo: None, run: Run) -> None:
    """Only the command line's process speaks through the catalogue: a program that runs
    ``main()`` and then uses argparse itself gets argparse's own words back."""
    import argparse

    run("validate", "--help")
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    assert N_("usage: ") == "usage: "


def test_validate_checks_the_plans_in_the_messages_language(
    pseudo: None, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The findings are asked for in the language the command line speaks, in whichever
    process checks the plan."""
    asked: list[str | None] = []
    real = rp.validate

    def validate(plan: rp.Plan, today: date, language: str | None = None) -> list[rp.Finding]:
        asked.append(language)
        return real(plan, today=today, language=language)

    monkeypatch.setattr(validating, "validate", validate)
    status, said = run("validate", str(BUNDLED), "--today", TODAY.isoformat(), "--jobs", "1")
    assert status == 0
    assert asked == [PSEUDO]
    summary = said.splitlines()[-1]
    assert escaped(summary, (str(BUNDLED),)) == [], summary
