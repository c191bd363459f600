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

from ..batch import default_jobs
from ..plugin_config import CONFIG_FILE, DEFAULTS_TABLE
from ._common import Subcommands, command, say
from ._config import SETTINGS, Configuration, Setting

_BUILT_IN: dict[str, Callable[[], str]] = {
    "today": lambda: f"the current date, {date.today().isoformat()}",
    "jobs": lambda: f"every core, {default_jobs()} here",
    "quiet": lambda: "false, a progress bar on a terminal",
    "key-file": lambda: "none: the report reads its key from RECOVERYPLAN_REPORT_KEY",
    "store": lambda: "none: the store commands need --store",
    "plugins-dir": lambda: "none",
}


def _run_config(args: argparse.Namespace) -> int:
    configuration: Configuration = args.configuration
    source = configuration.source
    if source is None:
        say(f"# no configuration file: none named with --config, and no {CONFIG_FILE} here")
    else:
        say(f"# configuration file: {source}")
    say(f"[{DEFAULTS_TABLE}]")
    for setting in SETTINGS:
        say(_line(setting, configuration))
    plugins = configuration.plugins
    if plugins is not None:
        for name, settings in plugins.plugins.items():
            say("")
            say(f"[plugins.{json.dumps(name) if not name.isidentifier() else name}]  # {source}")
            for key, value in _scope(settings.scope):
                say(f"{key} = {value}")
            if settings.values:
                # Only the names: a value may be a secret read from the environment.
                say(f"# and its own settings: {', '.join(settings.values)}")
    return 0


def _line(setting: Setting, configuration: Configuration) -> str:
    if configuration.in_force(setting):
        value = configuration.values[setting.key]
        return f"{setting.key} = {_toml(value)}  # from {configuration.source}"
    if setting.variable is not None and os.environ.get(setting.variable):
        overridden = f", over {configuration.source}" if setting.key in configuration.values else ""
        return f"# {setting.key}: from the environment variable {setting.variable}{overridden}"
    return f"# {setting.key} ({setting.means}): not set, so {_BUILT_IN[setting.key]()}"


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
        help="show the configuration in force and where each value comes from",
        description=(
            f"Show the defaults the commands use: from the command line's --config FILE, or "
            f"{CONFIG_FILE} in the current folder, or the environment, or built in. A "
            f"configuration file holds a [{DEFAULTS_TABLE}] table ("
            + ", ".join(setting.key for setting in SETTINGS)
            + ") and the plugins' [plugins.NAME] sections. What is typed on the command line "
            "wins, then the environment, then the file."
        ),
    )
    parser.set_defaults(run=_run_config)
