"""Shared fixtures: the reference plan, and a plugin manager that only knows built-ins.

``recoveryplan_plugins`` (from :mod:`recoveryplan.testing`, registered with pytest by its entry
point) gives a test its own plugin manager; ``register_plugin`` is its ``register``.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Tests must not pick up whatever plugins happen to be installed; plugin tests register theirs.
os.environ.setdefault("RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD", "1")
# The command line speaks the language the environment names: the tests expect the English
# they were written in, whatever a developer's own locale is (a test choosing one sets it).
os.environ.pop("LANGUAGE", None)
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)
os.environ["LANG"] = "C.UTF-8"
# Compiled templates are kept in a folder of the run's own (made by the first process, shared
# by the workers and the commands the tests start, removed at the end), never the user's.
if "RECOVERYPLAN_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="recoveryplan-test-cache-")
    os.environ["RECOVERYPLAN_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

import recoveryplan as rp
from recoveryplan.testing import PluginsForTest

from .support import language_corpus
from .support.postgres import postgres_server  # noqa: F401  (one server for the session)
from .support.reference import BUNDLED, REFERENCE

settings.register_profile("quick", max_examples=30, deadline=None)
settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def reference_path() -> Path:
    """The reference plan from ``../shared`` (the bundled copy when shared is not beside us)."""
    return REFERENCE if REFERENCE.exists() else BUNDLED


@pytest.fixture
def morag(reference_path: Path) -> rp.Plan:
    return rp.load(reference_path)


@pytest.fixture
def register_plugin(recoveryplan_plugins: PluginsForTest) -> Callable[..., object]:
    """Register plugin objects for one test only (the library's own test-kit does the work)."""
    return recoveryplan_plugins.register


@pytest.fixture(scope="session")
def language_matched(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[re.Pattern[str], tuple[int, ...]]:
    """Every language pattern with the evaluation sentences it matches (see
    :mod:`.support.language_corpus`): worked out once per run, shared by pytest-xdist's
    workers through the folder their temporary folders are made in."""
    if not hasattr(request.config, "workerinput"):  # one process: nothing to share
        return language_corpus.matched()
    return language_corpus.shared_matched(tmp_path_factory.getbasetemp().parent)
