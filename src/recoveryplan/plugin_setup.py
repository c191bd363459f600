"""Setting plugins up for a program: a configuration checked against the loaded plugins, and a
folder of unpackaged plugins for development.

A configuration naming a plugin that is not loaded is almost always a typo or a plugin that
was not installed; it would silently leave a plugin unlimited, so it is an error naming the
file and the section. A folder of plugins (``--plugins-dir``, as datasette has) lets an author
try a plugin before it is a package: each ``.py`` file is one plugin, named after the file.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from .errors import one_line
from .messages import gettext
from .plugin_config import (
    PluginConfig,
    PluginConfigError,
    plugin_config_in_force,
    set_plugin_config,
)
from .plugins import PluginError, build_plugin_manager, plugin_manager

__all__ = [
    "check_plugin_config",
    "configure_plugins",
    "load_plugins_dir",
    "manager_with_plugins_dir",
    "plugin_file",
    "use_plugin_config",
]

ConfigLike = PluginConfig | Mapping[str, Any] | str | os.PathLike[str] | None


def _as_config(config: ConfigLike) -> PluginConfig:
    if config is None:
        return PluginConfig()
    if isinstance(config, PluginConfig):
        return config
    if isinstance(config, str | os.PathLike):
        return PluginConfig.load(config)
    return PluginConfig.from_dict(config)


def check_plugin_config(
    config: PluginConfig, manager: pluggy.PluginManager | None = None
) -> PluginConfig:
    """``config`` if every plugin it names is loaded in ``manager`` (default: the one in use);
    otherwise a :class:`PluginConfigError` naming the section and the plugins there are."""
    loaded = sorted(name for name, _ in (manager or plugin_manager()).list_name_plugin())
    for name in config.plugins:
        if name not in loaded:
            close = difflib.get_close_matches(name, loaded, n=1)
            said = {"name": repr(name), "loaded": ", ".join(loaded)}
            # Translators: %(name)s and %(close)s are plugins' names, quoted; %(loaded)s lists
            # plugins' names; --plugins-dir is an option, kept as it is.
            raise PluginConfigError(
                gettext(
                    "no plugin called %(name)s is loaded (did you mean %(close)s?); the loaded "
                    "plugins are: %(loaded)s. Install it, load it with --plugins-dir, or remove "
                    "the section"
                )
                % {**said, "close": repr(close[0])}
                if close
                else gettext(
                    "no plugin called %(name)s is loaded; the loaded plugins are: %(loaded)s. "
                    "Install it, load it with --plugins-dir, or remove the section"
                )
                % said,
                source=config.source,
                key=f"plugins.{name}",
            )
    return config


def configure_plugins(config: ConfigLike) -> PluginConfig:
    """Make ``config`` the process's plugin configuration, after checking it names loaded
    plugins: a :class:`PluginConfig`, the path of a TOML file, a mapping shaped as the file is
    (``{"plugins": {"riverside": {"services": [...]}}}``), or ``None`` to clear it."""
    checked = check_plugin_config(_as_config(config))
    set_plugin_config(checked)
    return checked


@contextmanager
def use_plugin_config(config: ConfigLike) -> Iterator[PluginConfig]:
    """``config`` (as :func:`configure_plugins` takes it) in force inside the ``with`` block,
    then the one before; checked against the plugins loaded when the block starts."""
    with plugin_config_in_force(check_plugin_config(_as_config(config))) as checked:
        yield checked


# -- a folder of plugins -------------------------------------------------------------------------


def _plugin_files(folder: Path) -> list[Path]:
    """The plugin files of a folder: each ``.py`` file, except those starting with ``_``
    (helpers the plugins import, ``__init__.py``)."""
    if not folder.is_dir():
        # Translators: said after the path; --plugins-dir is an option, kept as it is.
        raise PluginConfigError(
            gettext("is not a folder; give a folder of plugin files (.py) to --plugins-dir"),
            source=str(folder),
        )
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix == ".py" and not path.name.startswith("_") and path.is_file()
    )


_PREFIX = "recoveryplan_plugins_dir."


def plugin_file(name: str, manager: pluggy.PluginManager | None = None) -> str | None:
    """The file the plugin called ``name`` was loaded from by :func:`load_plugins_dir`, if it
    was (``recoveryplan plugins`` shows it where an installed plugin shows its distribution)."""
    plugin = (manager or plugin_manager()).get_plugin(name)
    if isinstance(plugin, ModuleType) and plugin.__name__.startswith(_PREFIX):
        return plugin.__file__
    return None


def _import_file(path: Path) -> ModuleType:
    """The module a plugin file holds, imported under a name of its own so that it cannot
    shadow an installed module (and so that pickling and ``inspect`` find it)."""
    name = f"{_PREFIX}{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has one
        raise PluginError(
            gettext("%(file)s: cannot be imported as a plugin") % {"file": path},
            plugin=path.stem,
        )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[name]
        line = getattr(error, "lineno", None)
        said = {
            "file": path,
            "line": line,
            "plugin": repr(path.stem),
            "kind": type(error).__name__,
            "error": one_line(str(getattr(error, "msg", None) or error)),
        }
        # Translators: %(file)s is a path; %(plugin)s the plugin's name, quoted; %(kind)s is
        # the Python exception's name (SyntaxError), code kept as it is, and %(error)s what it
        # said.
        raise PluginError(
            gettext(
                "%(file)s, line %(line)s: plugin %(plugin)s could not be loaded: %(kind)s: "
                "%(error)s"
            )
            % said
            if isinstance(error, SyntaxError) and line
            else gettext("%(file)s: plugin %(plugin)s could not be loaded: %(kind)s: %(error)s")
            % said,
            plugin=path.stem,
        ) from error
    return module


def load_plugins_dir(manager: pluggy.PluginManager, folder: str | os.PathLike[str]) -> list[str]:
    """Register each plugin file of ``folder`` in ``manager``, named after the file (its stem);
    returns the names. A file that fails to import or to register is a
    :class:`recoveryplan.PluginError` naming it."""
    names = []
    for path in _plugin_files(Path(folder)):
        module = _import_file(path)
        if manager.has_plugin(path.stem):
            # Translators: %(file)s is a path; %(plugin)s the plugin's name, quoted.
            raise PluginError(
                gettext(
                    "%(file)s: a plugin called %(plugin)s is already loaded (installed, or in "
                    "another folder); rename the file"
                )
                % {"file": path, "plugin": repr(path.stem)},
                plugin=path.stem,
            )
        try:
            manager.register(module, name=path.stem)
        except PluginError as error:
            raise PluginError(f"{path}: {error}", plugin=path.stem, hook=error.hook) from error
        names.append(path.stem)
    return names


def manager_with_plugins_dir(*folders: str | os.PathLike[str]) -> pluggy.PluginManager:
    """A new plugin manager with the built-in and installed plugins, and those of ``folders``."""
    manager = build_plugin_manager()
    for folder in folders:
        load_plugins_dir(manager, folder)
    return manager
