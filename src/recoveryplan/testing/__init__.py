"""Test helpers for plugin authors and integrators, shipped with the library.

- :func:`isolated_plugins` gives a block of code its own plugin manager holding only the
  built-in plugins and the ones it names, whatever is installed on the machine, and puts the
  process's own back afterwards.
- The ``recoveryplan_plugins`` pytest fixture (registered with pytest through the ``pytest11``
  entry point, so it is there as soon as recoveryplan is installed) does the same for one test.
- :mod:`recoveryplan.testing.strategies` has hypothesis strategies for valid plans and their
  parts; :func:`plans` and the part strategies are importable from here too. They need
  hypothesis: ``pip install 'recoveryplan[testing]'``. Nothing else here does, so importing
  this module never requires it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pluggy

from ..plugins import build_plugin_manager, load_installed_plugin, use_plugin_manager

if TYPE_CHECKING:
    from .strategies import (
        assessments,
        circle_members,
        outcomes,
        parts,
        people,
        plans,
        ratings,
        reviews,
        risk_plans,
        safety_plans,
        texts,
    )

__all__ = [
    "PluginsForTest",
    "assessments",
    "circle_members",
    "isolated_plugins",
    "outcomes",
    "parts",
    "people",
    "plans",
    "ratings",
    "reviews",
    "risk_plans",
    "safety_plans",
    "texts",
]

_STRATEGIES = frozenset(__all__) - {"PluginsForTest", "isolated_plugins"}


def __getattr__(name: str) -> Any:
    """The strategies, imported on first use so that hypothesis is needed only for them."""
    if name in _STRATEGIES:
        from . import strategies

        return getattr(strategies, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class PluginsForTest:
    """The plugin manager a test uses, and a way to add plugins to it for that test."""

    def __init__(self, manager: pluggy.PluginManager) -> None:
        self.manager = manager

    def register(self, plugin: object, name: str | None = None) -> object:
        """Add a plugin: an object with hook implementations (a module, a class instance), or
        the entry-point name of an installed plugin, loaded as ``recoveryplan`` would load it.

        Returns the plugin object. A misspelt hook is a :class:`recoveryplan.PluginError`.
        """
        if isinstance(plugin, str):
            return load_installed_plugin(self.manager, plugin)
        self.manager.register(plugin, name=name)
        return plugin


@contextmanager
def isolated_plugins(*plugins: object) -> Iterator[PluginsForTest]:
    """Inside the block, only the built-in plugins and ``plugins`` are loaded.

    Each of ``plugins`` is a plugin object or an installed plugin's entry-point name. The
    manager is new for each block, so nothing a block registers outlives it.
    """
    manager = build_plugin_manager(autoload=False, plugins=plugins)
    with use_plugin_manager(manager):
        yield PluginsForTest(manager)
