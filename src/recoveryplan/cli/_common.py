"""What every command shares: the command registry, printing safely, and the options
several commands take."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

from .._cores import default_jobs
from ..errors import (
    PlanReadError,
)
from ..messages import gettext as _
from ..plan import Plan
from ..serialize import MAX_PLAN_BYTES, load, loads, read_plan_bytes

if TYPE_CHECKING:
    from ..batch import Found, Progress

# The batch machinery (worker processes, the renderer) is imported by the commands that run
# it, when they run: building the parser for --help or --version must not load it (see
# docs/layout.md, "Imports on first use").

Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
AddCommand: TypeAlias = Callable[[Subcommands], None]

_COMMANDS: list[AddCommand] = []

STDIN = "-"
"""The path that means "read the plan from standard input"."""


def no_plans() -> str:
    """What the commands that take folders say of a folder with no plan in it."""
    from ..batch import PLAN_SUFFIXES

    return _("holds no plan files (%(suffixes)s)") % {"suffixes": ", ".join(PLAN_SUFFIXES)}


def command(add: AddCommand) -> AddCommand:
    """Register a command: ``add`` builds its parser and sets ``run`` to its handler.

    The handler takes the parsed arguments and returns the exit status.
    """
    _COMMANDS.append(add)
    return add


# -- output --------------------------------------------------------------------------------


_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]")
"""What a terminal would act on rather than show (``ESC [2J`` clears it, an OSC sequence sets
its title), what would reverse the rest of a line (a right-to-left override), halves of
characters, and line breaks (a file name with a newline in it must not split one line of
output into two); each is printed as its escape (``\\x1b``, ``\\n``) instead."""


def printable(text: str) -> str:
    """Text safe to print on a terminal: every unprintable character shown as its escape."""
    return _UNPRINTABLE.sub(_escape, text)


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    named = _NAMED_ESCAPES.get(match.group())
    if named is not None:
        return named
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def say(line: str = "") -> None:
    """One line of the command's output, on standard output (a line break inside it is
    printed as ``\\n``: one call, one line)."""
    sys.stdout.write(printable(line) + "\n")


def complain(line: str) -> None:
    """One line about something wrong, on standard error.

    Standard output is flushed first so that, when both go to one terminal or file, each
    problem appears where it happened rather than wherever buffering put it.
    """
    sys.stdout.flush()
    sys.stderr.write(printable(line) + "\n")
    sys.stderr.flush()


# -- options shared by commands ------------------------------------------------------------


def parse_date(text: str) -> date:
    """An ISO date given on the command line, or a usage error that says how to write one."""
    try:
        if len(text) == 10 and text.isascii():
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(
        _("%(text)s is not a date; write it as YYYY-MM-DD, for example 2026-06-02")
        % {"text": repr(text)}
    )


def add_today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help=_("the day to check the plan as of (what is overdue); default: the current date"),
    )


def add_format_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--format text|json``; ``help`` says what is printed, a whole sentence such as
    ``_("print the findings as readable lines (text, the default) or as one JSON document")``."""
    parser.add_argument("--format", choices=("text", "json"), default="text", help=help)


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            _("%(text)s is not a number of processes (1 or more)") % {"text": repr(text)}
        )
    return number


def add_batch_options(parser: argparse.ArgumentParser, help: str) -> None:
    """``--jobs`` and ``-q``, for a command that works through many plans; ``help`` is the
    whole sentence for ``--jobs``, with ``%(cores)s`` where the number of cores goes."""
    parser.add_argument(
        "--jobs",
        type=_positive,
        # Translators: a placeholder in the usage line: one word in capitals.
        metavar=_("N"),
        help=help % {"cores": default_jobs()},
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help=_("no progress bar (it is shown only on a terminal, on standard error)"),
    )


def _jobs(args: argparse.Namespace, found: Sequence[Found]) -> int:
    if any(item.path == STDIN for item in found):
        return 1  # only this process can read standard input
    chosen: int | None = args.jobs
    return chosen if chosen is not None else default_jobs()


def _progress(args: argparse.Namespace, total: int, noun: str) -> Progress:
    from ..batch import Progress

    enabled = not args.quiet and sys.stderr.isatty() and total > 1
    return Progress(total, noun, stream=sys.stderr, enabled=enabled)


def _today(args: argparse.Namespace) -> date:
    chosen: date | None = args.today
    return chosen if chosen is not None else date.today()


_JSON_UNPRINTABLE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _write_json(document: Any) -> None:
    """JSON for scripts: readable Unicode, but nothing a terminal would act on (JSON itself
    escapes the C0 controls; these are the rest, escaped the JSON way, inside strings)."""
    text = json.dumps(document, indent=2, ensure_ascii=False)
    sys.stdout.write(_JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def _read_bytes(path: str, *, bundle: bool = False) -> bytes:
    """The bytes of a file, or of standard input for ``-``, with the limits a plan file has:
    a regular file only, and at most :data:`MAX_PLAN_BYTES` (for a FHIR ``bundle`` too)."""
    if path != STDIN:
        return read_plan_bytes(path)
    data = sys.stdin.buffer.read(MAX_PLAN_BYTES + 1)
    if len(data) > MAX_PLAN_BYTES:
        raise PlanReadError(
            (
                _(
                    "%(path)s: standard input holds more than %(size)s MiB, the most a bundle "
                    "may be; it is not one"
                )
                if bundle
                else _(
                    "%(path)s: standard input holds more than %(size)s MiB, the most a plan "
                    "file may be; it is not one"
                )
            )
            % {"path": path, "size": MAX_PLAN_BYTES // (1024 * 1024)}
        )
    return data


def _read(path: str) -> Plan:
    if path == STDIN:
        return loads(_read_bytes(path), source=path)
    return load(path)


class _UsageError(Exception):
    """A mistake in the command itself: one line, exit status 2."""
