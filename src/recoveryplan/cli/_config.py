"""The command line's configuration file: ``recoveryplan.toml`` in the current folder, or the
file ``--config PATH`` names.

A service runs the same commands every night with the same options (the day to check as of,
the number of processes, the report's key file, the plugins' settings), so they can be written
once. The file holds a ``[defaults]`` table for the options and the ``[plugins.NAME]`` sections
of the plugin configuration (:mod:`recoveryplan.plugin_config`)::

    [defaults]
    today = 2026-06-02
    jobs = 2
    key-file = "secrets/report.key"
    messages-language = "cy"

``messages-language`` is the language the commands' own messages are written in; it wins over
the environment's locale (see :mod:`recoveryplan.cli._language`).

What is given wins in this order: the command line, then the environment (``store`` from
``RECOVERYPLAN_STORE``, the report key from ``RECOVERYPLAN_REPORT_KEY``), then the file, then
the built-in default. ``recoveryplan config`` shows each value and where it came from. A key
the file does not know is refused with where it is and what the keys are, never ignored: a
misspelt ``jbos = 1`` would otherwise quietly run on every core.
"""

from __future__ import annotations

import argparse
import difflib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

import attrs

from ..messages import N_
from ..messages import gettext as _
from ..plugin_config import (
    CONFIG_FILE,
    DEFAULTS_TABLE,
    PluginConfig,
    PluginConfigError,
    read_toml,
)

__all__ = ["SETTINGS", "Configuration", "Setting", "config_path", "read_configuration"]


def _today(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(_("must be a date, such as %(example)s") % {"example": "today = 2026-06-02"})


def _jobs(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise ValueError(
        _("must be a number of processes, 1 or more, such as %(example)s") % {"example": "jobs = 2"}
    )


def _quiet(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(_("must be true or false, such as %(example)s") % {"example": "quiet = true"})


def _text(example: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if isinstance(value, str) and value.strip():
            return value
        raise ValueError(_("must be text, such as %(example)s") % {"example": example})

    return check


def _language(value: object) -> str:
    if isinstance(value, str) and value.strip():
        from babel import Locale, UnknownLocaleError  # Babel's data only when a tag is read

        try:
            Locale.parse(value.strip().replace("-", "_").split("_")[0])
        except (ValueError, UnknownLocaleError):
            pass
        else:
            return value.strip()
    raise ValueError(
        _("must be a language tag, such as %(example)s") % {"example": 'messages-language = "cy"'}
    )


def _folders(value: object) -> list[str]:
    if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
        return list(value)
    raise ValueError(
        _("must be a list of folders, such as %(example)s")
        % {"example": 'plugins-dir = ["my-plugins"]'}
    )


@attrs.frozen
class Setting:
    """One key of ``[defaults]``: the option it is the default of (its ``dest``), how its
    value is checked, whether it names files (read relative to the file's folder), and the
    environment variable that, when set, is used instead of it."""

    key: str
    dest: str
    check: Callable[[object], Any]
    means: str
    """What the setting is for, marked for the catalogue (translated where it is shown)."""
    paths: bool = False
    variable: str | None = None


SETTINGS: tuple[Setting, ...] = (
    Setting("today", "today", _today, N_("the day plans are checked and rendered as of")),
    Setting("jobs", "jobs", _jobs, N_("how many processes batch work uses")),
    Setting("quiet", "quiet", _quiet, N_("no progress bar")),
    Setting(
        "key-file",
        "key_file",
        _text('key-file = "secrets/report.key"'),
        N_("the file holding the caseload report's secret key"),
        paths=True,
        variable="RECOVERYPLAN_REPORT_KEY",
    ),
    Setting(
        "store",
        "store",
        _text('store = "plans.db"'),
        N_("the plan store, a SQLite file or a postgresql:// address"),
        paths=True,
        variable="RECOVERYPLAN_STORE",
    ),
    Setting(
        "plugins-dir",
        "plugins_dir",
        _folders,
        N_("folders of plugin files to load, to which --plugins-dir adds"),
        paths=True,
    ),
    Setting(
        "messages-language",
        "messages_language",
        _language,
        N_("the language the commands' own messages are written in"),
    ),
)
"""Every key ``[defaults]`` may hold, in the order ``recoveryplan config`` shows them."""

_BY_KEY = {setting.key: setting for setting in SETTINGS}


@attrs.frozen(kw_only=True)
class Configuration:
    """What the configuration file says: the defaults it gives (by key) and its plugin
    configuration; ``source`` is the file, or ``None`` when there is none."""

    source: str | None = None
    values: Mapping[str, Any] = attrs.field(factory=dict)
    plugins: PluginConfig | None = None

    def in_force(self, setting: Setting) -> bool:
        """Whether the file's value for ``setting`` is used (it gives one, and the setting's
        environment variable is not set)."""
        if setting.key not in self.values:
            return False
        return setting.variable is None or not os.environ.get(setting.variable)

    def apply(self, parser: argparse.ArgumentParser) -> None:
        """Make the file's values the defaults of every option they are for, in every
        command, so that what is typed still wins."""
        wanted = {s.dest: self.values[s.key] for s in SETTINGS if self.in_force(s)}
        if not wanted:
            return
        for each in _parsers(parser):
            for action in each._actions:
                if action.option_strings and action.dest in wanted:
                    value = wanted[action.dest]
                    action.default = list(value) if isinstance(value, list) else value


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                yield from _parsers(child)


def config_path(argv: Sequence[str]) -> tuple[str | None, bool]:
    """The configuration file for a command line: ``(path, named)``, where ``named`` says it
    was given with ``--config`` (and so must exist). Read before the command line is parsed,
    as its values are the options' defaults."""
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--config" and index + 1 < len(argv):
            return argv[index + 1], True
        if word.startswith("--config="):
            return word.partition("=")[2], True
    return (CONFIG_FILE, False) if os.path.isfile(CONFIG_FILE) else (None, False)


def read_configuration(path: str | None, *, named: bool = False) -> Configuration:
    """The configuration in the file at ``path`` (none for ``None``); a file that cannot be
    used is a :class:`PluginConfigError` saying where and how to fix it."""
    if path is None:
        return Configuration()
    hint = _("give the path of a TOML file") if named else _("it was there a moment ago")
    data = read_toml(path, missing=hint)
    plugins = PluginConfig.from_dict(data, source=path)
    table = data.get(DEFAULTS_TABLE, {})
    if not isinstance(table, Mapping):
        raise PluginConfigError(
            _("must be a table: a %(line)s line, then key = value lines")
            % {"line": f"[{DEFAULTS_TABLE}]"},
            source=path,
            key=DEFAULTS_TABLE,
        )
    folder = os.path.dirname(path)
    values: dict[str, Any] = {}
    for key, value in table.items():
        setting = _BY_KEY.get(key)
        where = f"{DEFAULTS_TABLE}.{key}"
        if setting is None:
            close = difflib.get_close_matches(key, list(_BY_KEY), n=1)
            known = ", ".join(_BY_KEY)
            raise PluginConfigError(
                _(
                    "is not a setting (did you mean %(close)s?); the settings are: "
                    "%(settings)s; correct the name or remove the line"
                )
                % {"close": close[0], "settings": known}
                if close
                else _(
                    "is not a setting; the settings are: %(settings)s; correct the name or "
                    "remove the line"
                )
                % {"settings": known},
                source=path,
                key=where,
            )
        try:
            checked = setting.check(value)
        except ValueError as error:
            raise PluginConfigError(str(error), source=path, key=where) from None
        values[key] = _relative_to(folder, checked) if setting.paths else checked
    return Configuration(source=path, values=values, plugins=plugins if plugins.plugins else None)


def _relative_to(folder: str, value: Any) -> Any:
    """Paths in the file are read from the file's folder, so the file works from anywhere."""
    if isinstance(value, list):
        return [_relative_to(folder, item) for item in value]
    if "://" in value or os.path.isabs(value):
        return value
    return os.path.normpath(os.path.join(folder, value)) if folder else value
