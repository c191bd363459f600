"""Reading a caseload for the report, through the same batch machinery as ``validate`` and
``render``: plan files found in folders (:func:`recoveryplan.batch.find_plans`), worker
processes sized by ``--jobs`` that keep only a few plans in flight
(:func:`recoveryplan.batch.run_each`) and a progress bar on a terminal
(:class:`recoveryplan.batch.Progress`).

Workers return rows, not plans: a plan's rows are a few hundred bytes, the plan itself many
times that, and only the rows are needed, so however large the caseload only a few chunks of
rows are held at once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from ..batch import Progress, default_jobs, find_plans, run_each

__all__ = ["iter_plan_results"]

T = TypeVar("T")


def iter_plan_results(
    paths: Iterable[str | os.PathLike[str]],
    work: Callable[[Path], T],
    *,
    jobs: int | None = None,
    quiet: bool = False,
    lost: Callable[[Path, str], T] | None = None,
) -> Iterator[tuple[Path, T]]:
    """``(path, work(path))`` for every plan file under ``paths``, in order.

    ``work`` runs in worker processes (it must be picklable: a module-level function or an
    instance of a module-level class) and turns its own failures into values, so one bad
    plan does not stop the rest. ``jobs`` is the number of processes (default: every core);
    with 1, everything runs in this process. A folder with no plan in it is handed to ``work``
    like a file, which reports that it is not a plan. A plan whose worker process stops
    while holding it (killed, out of memory, a plugin that crashes the interpreter) is run
    again on its own, and when it stops that process too, ``lost(path, how)`` is its result:
    the other plans go on (:func:`recoveryplan.workers.run_each`).
    """
    found = [Path(item.path) for item in find_plans([os.fspath(path) for path in paths])]
    progress = Progress(
        len(found), "plans", stream=sys.stderr, enabled=not quiet and sys.stderr.isatty()
    )
    results = run_each(work, found, jobs=jobs if jobs is not None else default_jobs(), lost=lost)
    try:
        for path, result in zip(found, results, strict=True):
            yield path, result
            progress.advance()
    finally:
        progress.close()
