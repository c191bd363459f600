"""``recoveryplan demo``: the bundled example plan, checked and written out, and a short
summary of what was written where, so that a newcomer knows what to open first."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from ..audience import PERSON, STAFF
from ..demo import DEFAULT_DIRECTORY, EXAMPLE, DemoResult, ReaderFiles, run_demo
from ..plan import FORMAT
from ._common import (
    Subcommands,
    _count,
    add_today_option,
    command,
    say,
)


def _run_demo(args: argparse.Namespace) -> int:
    result = run_demo(args.directory, args.today)
    for line in summary(result, args.directory):
        say(line)
    return 0 if not any(f.severity == "error" for f in result.findings) else 1


def summary(result: DemoResult, directory: Path) -> list[str]:
    """What the demo says: where it wrote what, for whom, and what the checks found."""
    plan = result.plan
    day = f"{result.today:%-d %B %Y}"
    folder = f"{directory}/"
    lines = [
        f"{plan.person.called}'s example plan, as of {day}, written to {folder} "
        f"({_count(len(result.written), 'file')}):",
        f"  {EXAMPLE:<10} the plan itself, in {FORMAT}: open it, change it, check it again",
    ]
    for reader in result.readers:
        views = ", ".join(reader.views)
        lines.append(f"  {reader.reader + '.*':<10} {_whose(result, reader)}: {views}")
    if result.readers:
        formats = result.readers[0].formats
        lines.append(
            f"each in {_and(formats)}: person.html is the plan, person.crisis-card."
            f"{formats[-1]} the crisis card"
        )
    lines.append(f"Start with {directory / 'person.html'}: {plan.person.called}'s own plan.")
    counts: Counter[str] = Counter(finding.severity for finding in result.findings)
    if counts["error"]:
        lines.append(f"The example plan has {_count(counts['error'], 'error')}; please report it.")
    elif counts["warning"] or counts["info"]:
        found = " and ".join(
            _count(counts[severity], noun)
            for severity, noun in (("warning", "suggestion"), ("info", "note"))
            if counts[severity]
        )
        lines.append(
            f"The plan is valid. The practice checks have {found} for {plan.person.called}'s "
            "team, as a real plan would;"
        )
        lines.append(
            f"the staff copies show them, and recoveryplan validate {directory / EXAMPLE} "
            f"--today {result.today.isoformat()} lists them."
        )
    else:
        lines.append("The plan is valid, and the practice checks have nothing to suggest.")
    lines.extend(result.notes)
    return lines


def _whose(result: DemoResult, reader: ReaderFiles) -> str:
    called = result.plan.person.called
    if reader.reader == PERSON:
        return f"{called}'s own"
    if reader.reader == STAFF:
        return "the staff team's, with the checks"
    member = result.plan.member(reader.reader)
    return f"{member.name}'s, only what {called} shares"


def _and(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@command
def _demo_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "demo",
        help="try the library on the example plan that comes with it",
        description=(
            "Check the bundled example plan (Morag's) and write it, with every view for every "
            "reader in every format, into a folder: the plan itself as DIR/morag.json, "
            "DIR/<reader>.<format> for the whole plan and DIR/<reader>.<view>.<format> for "
            "the review pack, the safety plan and the crisis card."
        ),
    )
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=DEFAULT_DIRECTORY,
        metavar="DIR",
        help=f"the folder to write into (default: {DEFAULT_DIRECTORY})",
    )
    add_today_option(parser)
    parser.set_defaults(run=_run_demo)
