"""``recoveryplan demo``: the bundled example plan, checked and written out."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..demo import DEFAULT_DIRECTORY, EXAMPLE, run_demo
from ._common import (
    Subcommands,
    _today,
    add_today_option,
    command,
    say,
)
from .validate import PlanReport, report_text

# -- demo ----------------------------------------------------------------------------------


def _run_demo(args: argparse.Namespace) -> int:
    result = run_demo(args.directory, _today(args))
    report = PlanReport(path=EXAMPLE, findings=result.findings)
    report_text(report)
    for path in result.written:
        say(f"wrote {path}")
    for note in result.notes:
        say(note)
    return 0 if report.ok else 1


@command
def _demo_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "demo",
        help="try the library on the example plan that comes with it",
        description=(
            "Check the bundled example plan (Morag's) and write it, with everything made "
            "from it, into a folder."
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
