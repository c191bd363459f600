"""Shared fixtures: the reference plan, and a plugin manager that only knows built-ins."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Tests must not pick up whatever plugins happen to be installed; plugin tests register theirs.
os.environ.setdefault("RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD", "1")

import recoveryplan as rp
from recoveryplan.plugins import plugin_manager

settings.register_profile("quick", max_examples=30, deadline=None)
settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REFERENCE = Path(__file__).resolve().parents[1] / ".." / "shared" / "examples" / "morag.json"
BUNDLED = Path(rp.__file__).parent / "examples" / "morag.json"
TODAY = date(2026, 6, 2)


@pytest.fixture
def reference_path() -> Path:
    """The reference plan from ``../shared`` (the bundled copy when shared is not beside us)."""
    return REFERENCE if REFERENCE.exists() else BUNDLED


@pytest.fixture
def morag(reference_path: Path) -> rp.Plan:
    return rp.load(reference_path)


@pytest.fixture
def register_plugin() -> Iterator[object]:
    """Register plugin objects for one test, and unregister them afterwards."""
    manager = plugin_manager()
    registered: list[object] = []

    def register(plugin: object, name: str | None = None) -> object:
        manager.register(plugin, name=name)
        registered.append(plugin)
        return plugin

    yield register
    for plugin in registered:
        manager.unregister(plugin)
