"""The ``recoveryplan_plugins`` fixture, registered with pytest through the ``pytest11`` entry
point so that any project with recoveryplan installed can use it without importing it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import PluginsForTest, isolated_plugins

__all__ = ["recoveryplan_plugins"]


@pytest.fixture
def recoveryplan_plugins() -> Iterator[PluginsForTest]:
    """A plugin manager for this test alone: the built-in plugins, plus what it registers.

    Whatever is installed on the machine is not loaded, so the test sees only what it means
    to; ``recoveryplan_plugins.register("yourorg")`` loads an installed plugin by its
    entry-point name, and ``.register(obj)`` adds a plugin object.
    """
    with isolated_plugins() as plugins:
        yield plugins
