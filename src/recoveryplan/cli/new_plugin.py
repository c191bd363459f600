"""``recoveryplan new-plugin``: a ready-to-install plugin package to start from."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import (
    PlanValueError,
)
from ..messages import gettext as _
from ..messages import ngettext
from ..newplugin import check_name, new_plugin
from ._common import (
    Subcommands,
    command,
    say,
)

# -- new-plugin ----------------------------------------------------------------------------


def _plugin_name(text: str) -> str:
    """A usable plugin name, or a usage error saying what one looks like."""
    try:
        check_name(text)
    except PlanValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text


def _run_new_plugin(args: argparse.Namespace) -> int:
    written = new_plugin(args.name, args.directory)
    names = check_name(args.name)
    folder = args.directory if args.directory is not None else Path(names.distribution)
    say(
        ngettext(
            "wrote %(package)s into %(folder)s (%(count)d file)",
            "wrote %(package)s into %(folder)s (%(count)d files)",
            len(written),
        )
        % {"package": names.distribution, "folder": folder, "count": len(written)}
    )
    say(
        _("next: %(commands)s")
        % {"commands": f"pip install -e '{folder}[test]' && pytest {folder}"}
    )
    return 0


@command
def _new_plugin_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "new-plugin",
        help=_("write a ready-to-install plugin package to start your organisation's own"),
        description=_(
            "Write a plugin package: pyproject with its entry point, a framework with domains "
            "and a rating scale, a practice check, templates that extend the built-in ones in "
            "every format, a template variable and a filter, a README and tests. It installs "
            "and its tests pass as it is; change it to make it yours."
        ),
    )
    parser.add_argument(
        "name",
        type=_plugin_name,
        metavar=_("NAME"),
        help=_("the plugin's short name, such as 'acme' (the package is recoveryplan-acme)"),
    )
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        metavar=_("DIR"),
        help=_("an empty or new folder to write into (default: ./recoveryplan-NAME)"),
    )
    parser.set_defaults(run=_run_new_plugin)
