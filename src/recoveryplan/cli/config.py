"""``recoveryplan config``: the configuration in force, and where each value came from.

The output is itself a configuration file (values in TOML, origins in comments), so a person
can start one from it.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from datetime import date
from typing import Any

from .._cores import default_jobs
from ..messages import environment_language
from ..messages import gettext as _
from ..plugin_config import CONFIG_FILE, DEFAULTS_TABLE
from ._common import Subcommands, command, say
from ._config import SETTINGS, Configuration, Setting

_BUILT_IN: dict[str, Callable[[], str]] = {
    "today": lambda: _("the current date, %(date)s") % {"date": date.today().isoformat()},
    "jobs": lambda: _("every core, %(cores)s here") % {"cores": default_jobs()},
    "quiet": lambda: _("false: a progress bar shows on a terminal"),
    "key-file": lambda: (
        _("none: the report reads its key from %(variable)s")
        % {"variable": "RECOVERYPLAN_REPORT_KEY"}
    ),
    "store": lambda: _("none: the store commands need --store"),
    "plugins-dir": lambda: _("none"),
    "messages-language": lambda: _messages_language(),
}


def _messages_language() -> str:
    language = environment_language()
    if language is None:
        return _("English, as the environment names no language with a complete catalogue")
    return _("the environment's, %(language)s") % {"language": language}


def _run_config(args: argparse.Namespace) -> int:
    configuration: Configuration = args.configuration
    source = configuration.source
    if source is None:
        say(
            "# "
            + _("no configuration file: none named with --config, and no %(file)s here")
            % {"file": CONFIG_FILE}
        )
    else:
        say("# " + _("configuration file: %(file)s") % {"file": source})
    say(f"[{DEFAULTS_TABLE}]")
    for setting in SETTINGS:
        say(_line(setting, configuration))
    plugins = configuration.plugins
    if plugins is not None:
        for name, settings in plugins.plugins.items():
            say("")
            say(f"{_plugin_table(name)}  # {source}")
            for key, value in _scope(settings.scope):
                say(f"{key} = {value}")
            if settings.values:
                # Only the names: a value may be a secret read from the environment.
                say(
                    "# "
                    + _("and its own settings: %(names)s") % {"names": ", ".join(settings.values)}
                )
    return 0


def _plugin_table(name: str) -> str:
    """The TOML header of a plugin's section."""
    return f"[plugins.{json.dumps(name) if not name.isidentifier() else name}]"


def _line(setting: Setting, configuration: Configuration) -> str:
    if configuration.in_force(setting):
        value = configuration.values[setting.key]
        return f"{setting.key} = {_toml(value)}  # " + _("from %(file)s") % {
            "file": configuration.source
        }
    if setting.variable is not None and os.environ.get(setting.variable):
        said = {"key": setting.key, "variable": setting.variable, "file": configuration.source}
        if setting.key in configuration.values:
            return (
                "# "
                + _("%(key)s: from the environment variable %(variable)s, over %(file)s") % said
            )
        return "# " + _("%(key)s: from the environment variable %(variable)s") % said
    return "# " + _("%(key)s (%(means)s): not set, so %(default)s") % {
        "key": setting.key,
        "means": _(setting.means),
        "default": _BUILT_IN[setting.key](),
    }


def _scope(scope: Any) -> list[tuple[str, str]]:
    return [
        (key, _toml(sorted(getattr(scope, key))))
        for key in ("services", "organisations", "frameworks")
        if getattr(scope, key) is not None
    ]


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


@command
def _config_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "config",
        help=_("show the configuration in force and where each value comes from"),
        description=_(
            "Show the defaults the commands use: from the command line's --config %(file)s, or "
            "%(config)s in the current folder, or the environment, or built in. A "
            "configuration file holds a %(table)s table (%(keys)s) and the plugins' "
            "[plugins.NAME] sections. What is typed on the command line wins, then the "
            "environment, then the file; messages-language, the language of these messages, "
            "wins over the environment's."
        )
        % {
            "file": _("FILE"),
            "config": CONFIG_FILE,
            "table": f"[{DEFAULTS_TABLE}]",
            "keys": ", ".join(setting.key for setting in SETTINGS),
        },
    )
    parser.set_defaults(run=_run_config)
