"""The plugin manager: built-in features and installed plugins, loaded the same way.

Installed plugins are found through the ``recoveryplan`` entry-point group and loaded one at a
time, so a broken plugin is reported by name. Setting ``RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD``
to a non-empty value loads only the built-in plugins (tests use it so that whatever happens to
be installed cannot change their results).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
from collections.abc import Iterator
from typing import Any

import attrs
import pluggy

from . import hookspecs
from .errors import FrameworkConflictError, PlanError
from .frameworks import Framework

__all__ = [
    "AUTOLOAD_VARIABLE",
    "DEFAULT_PLUGINS",
    "PluginError",
    "PluginInfo",
    "call_hook",
    "framework_owners",
    "frameworks",
    "get_plugins",
    "plugin_manager",
]

AUTOLOAD_VARIABLE = "RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "recoveryplan.builtin.frameworks",
    "recoveryplan.builtin.integrity",
    "recoveryplan.builtin.practice",
    "recoveryplan.builtin.language",
)
"""The library's own features, registered exactly as a third-party plugin would be."""


class PluginError(PlanError):
    """A plugin that could not be loaded, or that implements a hook that does not exist."""


@attrs.frozen(kw_only=True)
class PluginInfo:
    """What ``recoveryplan plugins`` reports about one loaded plugin."""

    name: str
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool


_manager: pluggy.PluginManager | None = None
_versions: dict[str, str | None] = {}


def plugin_manager() -> pluggy.PluginManager:
    """The process's plugin manager, built on first use."""
    global _manager
    if _manager is None:
        _manager = _build()
    return _manager


def _build() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("recoveryplan")
    manager.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    if not os.environ.get(AUTOLOAD_VARIABLE):
        for entry_point in importlib.metadata.entry_points(group="recoveryplan"):
            if manager.get_plugin(entry_point.name) is not None:
                continue
            try:
                plugin = entry_point.load()
            except Exception as error:
                raise PluginError(
                    f"plugin {entry_point.name!r} ({entry_point.value}) could not be loaded: "
                    f"{type(error).__name__}: {error}"
                ) from error
            manager.register(plugin, name=entry_point.name)
            _versions[entry_point.name] = entry_point.dist.version if entry_point.dist else None
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(f"plugin {error.plugin!r}: {error}") from error
    return manager


def call_hook(name: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
    """Call every implementation of a hook, yielding ``(plugin name, result)`` pairs.

    Callers merge the results; knowing which plugin said what lets them name both sides of a
    conflict.
    """
    manager = plugin_manager()
    caller = getattr(manager.hook, name)
    for impl in reversed(caller.get_hookimpls()):
        args = {arg: kwargs[arg] for arg in impl.argnames}
        result = impl.function(**args)
        if result is not None:
            yield impl.plugin_name, result


def frameworks() -> dict[str, Framework]:
    """Every registered framework by id; the same id from two plugins is an error."""
    found: dict[str, Framework] = {}
    owner: dict[str, str] = {}
    for plugin, registered in call_hook("register_frameworks"):
        for framework in registered:
            if framework.id in found:
                raise FrameworkConflictError(
                    f"the framework id {framework.id!r} is registered by both "
                    f"{owner[framework.id]!r} and {plugin!r}"
                )
            found[framework.id] = framework
            owner[framework.id] = plugin
    return found


def framework_owners() -> dict[str, str]:
    """Which plugin registered each framework id."""
    return {
        framework.id: plugin
        for plugin, registered in call_hook("register_frameworks")
        for framework in registered
    }


def get_plugins() -> list[PluginInfo]:
    """Every loaded plugin with its version and the hooks it implements."""
    from . import __version__

    manager = plugin_manager()
    infos = []
    for name, plugin in manager.list_name_plugin():
        if plugin is None:  # pragma: no cover - blocked plugins
            continue
        hooks = tuple(sorted(caller.name for caller in manager.get_hookcallers(plugin) or ()))
        builtin = name in DEFAULT_PLUGINS
        version = __version__ if builtin else _versions.get(name)
        infos.append(PluginInfo(name=name, version=version, hooks=hooks, builtin=builtin))
    return sorted(infos, key=lambda info: (not info.builtin, info.name))
