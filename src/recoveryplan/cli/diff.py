"""``recoveryplan diff``: what changed between two versions of a plan, in sentences."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..messages import gettext as _
from ..messages import spoken
from ..plan import Plan
from ..plugins import plugin_translation_dirs
from ._common import Subcommands, _read, _write_json, add_format_option, command, say

if TYPE_CHECKING:
    from ..changes import Change


def _run_diff(args: argparse.Namespace) -> int:
    from ..changes import diff  # comparing versions, loaded by the command that does it

    old, new = _read(args.old), _read(args.new)
    if args.format == "json":
        # The JSON document is for programs: its messages stay the English ones.
        _write_json([change.to_json() for change in diff(old, new, audience=args.audience)])
    else:
        for change in told_changes(old, new, args.audience):
            say(str(change))
    return 0


def told_changes(old: Plan, new: Plan, audience: str | None) -> list[Change]:
    """The changes, their sentences in the language of the command line's messages: the
    sentences are the copies' words ("what changed" in a review pack), so they come from the
    copies' catalogue of that language, a plugin's on top; English when it has none."""
    from ..change_words import speaking as speaking_from
    from ..changes import diff
    from ..translations import copy_language, translations  # Babel's data: on first use

    plugins = plugin_translation_dirs()
    copy = copy_language(spoken(), plugins)
    words = translations(copy.catalogue, plugins) if copy.catalogue is not None else None
    with speaking_from(words, copy.catalogue):
        return diff(old, new, audience=audience)


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
