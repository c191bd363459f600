"""``recoveryplan history``: every revision of a plan in a store, oldest first."""

from __future__ import annotations

import argparse

from ..messages import gettext as _
from ._common import Subcommands, _write_json, add_format_option, command, say
from ._stores import add_store_option, opened


def _run_history(args: argparse.Namespace) -> int:
    with opened(args) as store:
        revisions = store.history(args.plan_id)
    if args.format == "json":
        _write_json(
            [
                {"number": r.number, "at": r.at.isoformat(), "by": r.by, "why": r.why}
                for r in revisions
            ]
        )
        return 0
    width = len(str(revisions[-1].number))
    for revision in revisions:
        when = revision.at.strftime("%Y-%m-%d %H:%M UTC")
        say(f"{revision.number:>{width}}  {when}  {revision.by}: {revision.why}")
    return 0


@command
def _history_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "history",
        help=_("list every revision of a plan in a store"),
        description=_(
            "List every revision of a plan kept in a plan store, oldest first: its "
            "number, when it was saved (UTC), by whom and why."
        ),
        epilog=_(
            "exit status: 0 when the history was printed, 1 when the store or the plan "
            "cannot be found"
        ),
    )
    parser.add_argument("plan_id", metavar=_("PLAN_ID"), help=_("the plan's id (its 'id' field)"))
    add_store_option(parser)
    add_format_option(
        parser,
        _("print the revisions as readable lines (text, the default) or as one JSON document"),
    )
    parser.set_defaults(run=_run_history)
