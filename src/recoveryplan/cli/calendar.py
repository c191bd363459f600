"""``recoveryplan calendar``: the dates of a plan that one reader may see, as iCalendar."""

from __future__ import annotations

import argparse
import sys

from ..files import write_atomically
from ..messages import gettext as _
from ._common import STDIN, Subcommands, _read, _today, add_today_option, command


def _run_calendar(args: argparse.Namespace) -> int:
    from ..calendar import to_ical  # the template context and its words, on first use

    plan = _read(args.path)
    text = to_ical(plan, args.audience, today=_today(args), language=args.language)
    payload = text.encode("utf-8")
    if args.output in (None, STDIN):
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)  # as bytes: iCalendar lines end in CRLF exactly
        sys.stdout.buffer.flush()
    else:
        write_atomically(args.output, payload)
    return 0


@command
def _calendar_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "calendar",
        help=_("the plan's dates that one reader may see, as an iCalendar (.ics) file"),
        description=_(
            "Write the next review, each risk plan's review and each small step's date, as "
            "far as the reader may see them, as an iCalendar file to import into a calendar. "
            "A circle member gets only the dates of the sections the person shares with "
            "them. Importing a newer file updates the events instead of adding them again. "
            "The file is readable by its owner only."
        ),
        epilog=_(
            "exit status: 0 when written, 1 for a plan that cannot be read or a reader it "
            "does not have, 2 when the command itself is wrong"
        ),
    )
    parser.add_argument(
        "path", metavar=_("PATH"), help=_("a plan file ('-' reads JSON from stdin)")
    )
    parser.add_argument(
        "--audience",
        required=True,
        metavar=_("AUDIENCE"),
        help=_("whose calendar: person, staff, or a circle member's id or name"),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar=_("OUT.ics"),
        help=_("the file to write (default, or '-': standard output)"),
    )
    parser.add_argument(
        "--language",
        metavar=_("TAG"),
        default=None,
        help=_(
            "the language of the events' titles (a tag such as cy, pl or ar); by default "
            "the reader's own, and English where there is no translation"
        ),
    )
    add_today_option(parser)
    parser.set_defaults(run=_run_calendar)
