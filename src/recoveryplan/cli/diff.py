"""``recoveryplan diff``: what changed between two versions of a plan, in sentences."""

from __future__ import annotations

import argparse

from ..changes import diff
from ..messages import gettext as _
from ._common import Subcommands, _read, _write_json, add_format_option, command, say


def _run_diff(args: argparse.Namespace) -> int:
    old, new = _read(args.old), _read(args.new)
    changes = diff(old, new, audience=args.audience)
    if args.format == "json":
        _write_json([change.to_json() for change in changes])
    else:
        for change in changes:
            say(str(change))
    return 0


@command
def _diff_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "diff",
        help=_("say what changed between two versions of a plan"),
        description=_(
            "Compare two versions of a plan by the ids of their parts, not their places in "
            "lists, and print each change as a sentence: parts added, removed, changed or "
            "moved. With --audience, both versions are seen as that reader may see them "
            "under the consent in NEW, so a circle member is told only what they may see."
        ),
        epilog=_("exit status: 0 when both plans were read, 1 when either cannot be read"),
    )
    parser.add_argument(
        "old", metavar=_("OLD"), help=_("the earlier version ('-': standard input)")
    )
    parser.add_argument("new", metavar=_("NEW"), help=_("the later version"))
    parser.add_argument(
        "--audience",
        metavar=_("AUDIENCE"),
        help=_(
            "whose view to compare: person, staff, or a circle member's id or name "
            "(default: everything, as the staff see it)"
        ),
    )
    add_format_option(
        parser,
        _("print the changes as readable lines (text, the default) or as one JSON document"),
    )
    parser.set_defaults(run=_run_diff)
