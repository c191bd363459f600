"""``recoveryplan new-plugin``: a ready-to-install plugin package to start from."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import (
    PlanValueError,
)
from ..newplugin import check_name, new_plugin
from ._common import (
    Subcommands,
    _count,
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
    say(f"wrote {names.distribution} into {folder} ({_count(len(written), 'file')})")
    say(f"next: pip install -e '{folder}[test]' && pytest {folder}")
    return 0


@command
def _new_plugin_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "new-plugin",
        help="write a ready-to-install plugin package to start your organisation's own",
        description=(
            "Write a plugin package: pyproject with its entry point, a framework with domains "
            "and a rating scale, a practice check, templates that extend the built-in ones in "
            "every format, a template variable and a filter, a README and tests. It installs "
            "and its tests pass as it is; change it to make it yours."
        ),
    )
    parser.add_argument(
        "name",
        type=_plugin_name,
        metavar="NAME",
        help="the plugin's short name, such as 'acme' (the package is recoveryplan-acme)",
    )
    parser.add_argument(
        "directory",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="an empty or new folder to write into (default: ./recoveryplan-NAME)",
    )
    parser.set_defaults(run=_run_new_plugin)
