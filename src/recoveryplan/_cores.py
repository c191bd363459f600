"""How many cores a caseload is worked on by default, in a module of its own: the command
line's ``--help`` says it, and should not load the worker processes' machinery
(:mod:`recoveryplan.workers`, :mod:`multiprocessing`) to do so."""

from __future__ import annotations

import os

__all__ = ["default_jobs"]


def default_jobs() -> int:
    """The cores this process may use (``--jobs`` when it is not given)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not on Linux
        return max(os.cpu_count() or 1, 1)
