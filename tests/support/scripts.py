"""The project's scripts (``scripts/``, ``benchmarks/``) loaded as modules, so the tests check
the very code a maintainer runs rather than a copy of it."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from .reference import ROOT


def script(relative: str) -> ModuleType:
    """A fresh module from the file ``relative`` to the clone's root (``scripts/x.py``),
    registered under its own name while it runs, as dataclasses and pickling expect."""
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(f"recoveryplan_script_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


__all__ = ["script"]
