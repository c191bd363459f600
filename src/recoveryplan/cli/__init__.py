"""The ``recoveryplan`` command (also ``python -m recoveryplan``).

Staff run it on plans they have written and integrators run it in batch jobs, so bad input is
never a traceback: each problem is one line saying which file, where in it and what to do;
the exit status is 0 when all is well, 1 when a plan has errors or cannot be read, and 2 for
a mistake in the command itself.

Each command is one function decorated with :func:`command`: it adds its parser and names
the function that runs it. Adding a command is adding one such function.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import traceback
from collections.abc import Iterable, Sequence

from .._version import __version__
from ..errors import PlanError, PlanFormatError, one_line
from ..messages import gettext as _
from ..plugin_config import CONFIG_FILE, DEFAULTS_TABLE, PluginConfigError
from . import _common
from ._common import (
    _UsageError,
    add_format_option,
    add_today_option,
    command,
    complain,
    parse_date,
    printable,
    say,
)
from ._config import Configuration, config_path, read_configuration
from ._language import chosen_language, speaking_to_a_person
from ._plugin_options import PLUGIN_COMMANDS, add_plugin_options, plugins_set_up
from .validate import PlanReport, check

for _module in (
    "validate",
    "render",
    "diff",
    "fhir",
    "report",
    "calendar",
    "history",
    "store",
    "listing",
    "new_plugin",
    "demo",
    "config",
    "completion",
    "serve",
):
    # Each module registers its commands with @command; this order is --help's order.
    importlib.import_module(f".{_module}", __name__)

__all__ = [
    "PlanReport",
    "add_format_option",
    "add_today_option",
    "build_parser",
    "check",
    "command",
    "command_lines",
    "complain",
    "main",
    "parse_date",
    "printable",
    "say",
]


# -- the program ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser with every registered command."""
    parser = argparse.ArgumentParser(
        prog="recoveryplan",
        description=_(
            "Person-centred recovery plans: check them, write them out for the person, the "
            "staff and the circle, and describe their format."
        ),
        epilog=_more_help(),
        allow_abbrev=False,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"recoveryplan {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help=_("show the traceback behind an error (or set %(setting)s)")
        % {"setting": f"{DEBUG_VARIABLE}=1"},
    )
    _add_config_option(parser, argparse.SUPPRESS)
    commands = parser.add_subparsers(
        title=_("commands"),
        dest="command",
        # Translators: a placeholder in the usage line: one word in capitals.
        metavar=_("COMMAND"),
    )
    commands.required = True
    for add in _common._COMMANDS:
        add(commands)
    for name, choice in commands.choices.items():
        choice.allow_abbrev = False
        if name in PLUGIN_COMMANDS:
            add_plugin_options(choice)
        _add_config_option(choice, argparse.SUPPRESS)
    return parser


def _add_config_option(parser: argparse.ArgumentParser, default: str) -> None:
    """``--config FILE``, before or after the command: it is read before the rest is parsed
    (:func:`~recoveryplan.cli._config.config_path`), as its values are the defaults."""
    parser.add_argument(
        "--config",
        # Translators: a placeholder in the usage line: one word in capitals.
        metavar=_("FILE"),
        default=default,
        help=_(
            "the configuration file (%(defaults)s for options such as --today and --jobs, "
            "[plugins.NAME] for plugins); default: %(file)s in the current folder, when there "
            "is one ('recoveryplan config' shows what is in force)"
        )
        % {"defaults": f"[{DEFAULTS_TABLE}]", "file": CONFIG_FILE},
    )


def command_lines(parser: argparse.ArgumentParser) -> list[str]:
    """One line per command, name and what it does, in --help's order."""
    lines: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            names = [choice.dest for choice in action._choices_actions]
            width = max(map(len, names))
            lines.extend(
                f"  {choice.dest:<{width}}  {choice.help or ''}".rstrip()
                for choice in action._choices_actions
            )
    return lines


def _list_commands(parser: argparse.ArgumentParser) -> int:
    """What ``recoveryplan`` alone says: the commands, then how to learn more; status 2."""
    complain(
        _("usage: recoveryplan %(command)s ... (recoveryplan %(version)s)")
        % {"command": _("COMMAND"), "version": __version__}
    )
    complain("")
    complain(_("commands:"))
    for line in command_lines(parser):
        complain(line)
    complain("")
    complain(_more_help())
    return 2


def _more_help() -> str:
    """Where to learn more, said by --help and by the command alone."""
    return _("Run 'recoveryplan %(command)s --help' for what a command does and its options.") % {
        "command": _("COMMAND")
    }


DEBUG_VARIABLE = "RECOVERYPLAN_DEBUG"
"""Set to a non-empty value (or pass ``--debug``) to see the traceback behind an error."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    _speak_utf8()
    words = list(argv) if argv is not None else sys.argv[1:]
    unusable: PluginConfigError | None = None
    with speaking_to_a_person(chosen_language(Configuration())):
        try:
            path, named = config_path(words)
            configuration = read_configuration(path, named=named)
        except PluginConfigError as error:  # said after --help and --version, which need none
            configuration, unusable = Configuration(), error
    language = chosen_language(configuration)
    with speaking_to_a_person(language):
        return _main(words, configuration, unusable, language)


def _main(
    words: list[str],
    configuration: Configuration,
    unusable: PluginConfigError | None,
    language: str | None,
) -> int:
    """The command line, in the language its messages are written in."""
    parser = build_parser()
    if not words:
        return _list_commands(parser)
    configuration.apply(parser)
    try:
        args = parser.parse_args(words)
    except SystemExit as stop:
        return _exit_status(stop.code)
    if unusable is not None:
        complain(f"recoveryplan: {unusable}")
        return 2
    args.configuration = configuration
    args.messages_language = language
    debug = bool(args.debug or os.environ.get(DEBUG_VARIABLE))
    try:
        with plugins_set_up(args):
            status: int = args.run(args)
            sys.stdout.flush()
    except _UsageError as error:
        complain(f"recoveryplan {args.command}: {error}")
        return 2
    except PlanError as error:
        for line in _error_lines(error):
            complain(line)
        _traceback(debug)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _discard_stdout()
        return 1
    except Exception as error:
        complain(
            _(
                "recoveryplan %(command)s: an unexpected error (%(error)s); run with --debug "
                "to see where, and please report it"
            )
            % {"command": args.command, "error": f"{type(error).__name__}: {one_line(str(error))}"}
        )
        _traceback(debug)
        return 1
    return status


def _traceback(debug: bool) -> None:
    if debug:
        sys.stderr.write(traceback.format_exc())
        sys.stderr.flush()


def _speak_utf8() -> None:
    """Write UTF-8 whatever the locale says: a name in Gaelic or Arabic must not be an error.

    Halves of characters, which UTF-8 cannot write, are written as escapes.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream already written to
                reconfigure(encoding="utf-8", errors="backslashreplace")


def _error_lines(error: PlanError) -> Iterable[str]:
    if isinstance(error, PlanFormatError):
        return error.lines()
    return [f"recoveryplan: {one_line(str(error))}"]


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    complain(str(code))  # pragma: no cover - argparse exits with numbers
    return 2  # pragma: no cover


def _discard_stdout() -> None:
    """After a reader such as ``head`` stopped reading, make later writes go nowhere.

    Without this, Python's own flush at exit fails again and prints a traceback.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
