"""Reading a caseload: plan files found in folders, each turned into rows in a worker process.

This is a stand-in for the batch machinery (``recoveryplan.batch``: finding plans in folders,
a process pool sized by ``--jobs``, a progress bar, ``-q``) that is being written beside it;
the report reads its caseload only through :func:`iter_plan_results`, so switching to that
module later is a change to this one file.

Workers return rows, not plans: a plan's rows are a few hundred bytes, the plan itself many
times that, and only the rows are needed. Paths go to the pool a window at a time, so however
large the caseload, only one window of results is ever held.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import TypeVar

__all__ = ["PLAN_SUFFIXES", "Progress", "find_plans", "iter_plan_results"]

T = TypeVar("T")

PLAN_SUFFIXES = (".json", ".yaml", ".yml")
"""The files in a folder that are read as plans."""

WINDOW_PER_JOB = 64
"""How many paths each worker is given per window: enough to keep every core busy, few enough
that a window's results are small."""


def find_plans(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Each path given, and the plan files in each folder given (recursively, sorted).

    A path that is neither a file nor a folder is still yielded, so that reading it reports
    it as missing rather than it silently counting for nothing.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for folder, subfolders, files in os.walk(path):
                subfolders.sort()
                for name in sorted(files):
                    if name.endswith(PLAN_SUFFIXES) and not name.startswith("."):
                        yield Path(folder) / name
        else:
            yield path


class Progress:
    """A one-line count of plans read on standard error, only when it is a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.shown = not quiet and sys.stderr.isatty()
        self.count = 0

    def step(self) -> None:
        self.count += 1
        if self.shown and self.count % 100 == 0:
            sys.stderr.write(f"\rreport: {self.count} plans read")
            sys.stderr.flush()

    def done(self) -> None:
        if self.shown and self.count >= 100:
            sys.stderr.write(f"\rreport: {self.count} plans read\n")
            sys.stderr.flush()


def iter_plan_results(
    paths: Iterable[str | os.PathLike[str]],
    work: Callable[[Path], T],
    *,
    jobs: int | None = None,
    quiet: bool = False,
) -> Iterator[tuple[Path, T]]:
    """``(path, work(path))`` for every plan file under ``paths``, in order.

    ``work`` runs in worker processes (it must be picklable: a module-level function or an
    instance of a module-level class) and turns its own failures into values, so one bad
    plan does not stop the rest. ``jobs`` is the number of processes (default: every core);
    with 1, everything runs in this process.
    """
    found = find_plans(paths)
    progress = Progress(quiet)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    try:
        if workers <= 1:
            for path in found:
                yield path, work(path)
                progress.step()
            return
        with ProcessPoolExecutor(max_workers=workers) as pool:
            while window := list(islice(found, workers * WINDOW_PER_JOB)):
                chunk = max(1, len(window) // (workers * 4))
                for path, result in zip(
                    window, pool.map(work, window, chunksize=chunk), strict=True
                ):
                    yield path, result
                    progress.step()
    finally:
        progress.done()
