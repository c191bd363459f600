"""Worker processes for a caseload, and surviving the loss of one.

A nightly run over thousands of plans must not be undone by one worker process that dies: the
kernel's out-of-memory killer, a plugin that crashes the interpreter, or someone's ``kill -9``.
When a process of the pool stops, :class:`concurrent.futures.ProcessPoolExecutor` fails every
piece of work that was not finished, and cannot say which one the dead process held. So each
unfinished item is run again on its own, in a fresh process: those that finish give their
results as usual, and one that stops its process again is *lost*, reported as such by the
caller's ``lost`` function, while a new pool goes on with the rest. An item costs at most
itself; a process killed from outside costs nothing but the time to run its items again.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ._cores import default_jobs
from .errors import PlanError
from .files import remove_unfinished

if TYPE_CHECKING:
    import concurrent.futures
    import multiprocessing.connection

# concurrent.futures and multiprocessing are imported where a pool is started: one plan, or
# --jobs 1, runs in this process and does not pay for them (see docs/layout.md, "Imports on
# first use").

__all__ = ["WorkerStopped", "default_jobs", "run_each"]

T = TypeVar("T")
R = TypeVar("R")

IN_FLIGHT_PER_JOB = 4
"""How many items per process are handed out at once: enough to keep every process busy,
few enough that a pool that breaks leaves only a handful of items to run again alone."""


class WorkerStopped(PlanError):
    """A worker process stopped while it held an item, and no ``lost`` function was given to
    turn that into a result."""


def run_each(
    task: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int,
    lost: Callable[[T, str], R] | None = None,
) -> Iterator[R]:
    """``task(item)`` for each item, in the items' order, on up to ``jobs`` processes.

    With one job (or one item) everything runs in this process, which is also what a debugger
    or ``--debug`` needs. Otherwise each item is its own piece of work, and only a few per
    process are in flight at once, so a caseload of any size takes the same memory. ``task``
    must be picklable (a module-level function, or an instance of a module-level class) and
    should turn every failure of one item into a result, not an exception; an exception it
    does raise stops the whole run, as it would in this process.

    When a process stops while holding an item, ``lost(item, how)`` is that item's result
    (``how`` says what happened, as in "it was killed by SIGKILL"); without ``lost``,
    :class:`WorkerStopped` is raised.
    """
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield task(item)
        return
    import concurrent.futures.process

    jobs = min(jobs, len(items))
    context = _context()
    upcoming = iter(items)
    pool = _pool(jobs, context)
    waiting: deque[tuple[T, concurrent.futures.Future[R]]] = deque()
    broken = concurrent.futures.process.BrokenProcessPool
    try:
        while True:
            try:
                while len(waiting) < jobs * IN_FLIGHT_PER_JOB:
                    item = next(upcoming, _END)
                    if item is _END:
                        break
                    waiting.append((item, _submitted(pool, task, item)))
                if not waiting:
                    return
                item, future = waiting[0]
                result = future.result()
            except broken:
                # Everything unfinished failed with it: once the pool is down (its threads
                # too, before anything is forked), run each alone, then start afresh.
                pool.shutdown(wait=True, cancel_futures=True)
                yield from _after_a_break(task, waiting, lost, context)
                pool = _pool(jobs, context)
                continue
            waiting.popleft()
            yield result
    finally:
        for _, future in waiting:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _submitted(
    pool: concurrent.futures.ProcessPoolExecutor, task: Callable[[T], R], item: T
) -> concurrent.futures.Future[R]:
    """``task(item)`` handed to the pool; when the pool is already broken, a future that
    says so, so that the item is run again alone like the others in flight."""
    import concurrent.futures.process

    try:
        return pool.submit(task, item)
    except concurrent.futures.process.BrokenProcessPool as error:
        failed: concurrent.futures.Future[R] = concurrent.futures.Future()
        failed.set_exception(error)
        return failed


_END: Any = object()


def _pool(jobs: int, context: Any) -> concurrent.futures.ProcessPoolExecutor:
    import concurrent.futures

    return concurrent.futures.ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_ignore_interrupts
    )


def _context() -> Any:
    """Forked workers on Linux start at once with the plugins the parent loaded (the same
    entry points, under the same ``RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD``); elsewhere the
    platform's default, where each worker loads them the same way when it first needs them."""
    import multiprocessing

    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()  # pragma: no cover - not on Linux


def _ignore_interrupts() -> None:
    """Ctrl-C is the parent's to handle: workers would otherwise each print a traceback.

    When one worker dies, the pool terminates the others (SIGTERM) wherever they are, which
    may be in the middle of writing a file: each then removes its unfinished temporary file
    before it goes, so the folder holds only whole files."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    remove_unfinished()
    os._exit(128 + signum)


def _after_a_break(
    task: Callable[[T], R],
    waiting: deque[tuple[T, concurrent.futures.Future[R]]],
    lost: Callable[[T, str], R] | None,
    context: Any,
) -> Iterator[R]:
    """The results of the items that were in flight when the pool broke, in order: those that
    finished before it broke as they are, every other one run again alone."""
    import concurrent.futures.process

    while waiting:
        item, future = waiting.popleft()
        try:
            result = future.result()
        except (concurrent.futures.process.BrokenProcessPool, concurrent.futures.CancelledError):
            result = _alone(task, item, lost, context)
        yield result


def _alone(task: Callable[[T], R], item: T, lost: Callable[[T, str], R] | None, context: Any) -> R:
    """``task(item)`` in a process of its own: its result, its exception, or, when the
    process stops before answering, ``lost(item, how)``."""
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_answer, args=(task, item, sending), daemon=True)
    process.start()
    sending.close()
    try:
        kind, value = receiving.recv()
    except EOFError:
        process.join()
        how = _how_it_stopped(process.exitcode)
        if lost is None:
            raise WorkerStopped(
                f"a worker process stopped ({how}) and its work was lost; run again with "
                "--jobs 1 --debug to see where"
            ) from None
        return lost(item, how)
    finally:
        receiving.close()
    process.join()
    if kind == "raised":
        raise value
    result: R = value
    return result


def _answer(
    task: Callable[[T], R], item: T, sending: multiprocessing.connection.Connection
) -> None:
    _ignore_interrupts()
    try:
        answer: tuple[str, Any] = ("done", task(item))
    except Exception as error:
        answer = ("raised", error)
    try:
        sending.send(answer)
    except Exception as error:  # an exception or result that cannot be pickled
        sending.send(("raised", PlanError(f"a worker's answer cannot be sent back ({error})")))
    sending.close()


def _how_it_stopped(exitcode: int | None) -> str:
    """The end of a process in words: "it was killed by SIGKILL", "it exited with status 3"."""
    if exitcode is None:  # pragma: no cover - joined, so it has ended
        return "it stopped"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (out of memory, or stopped by someone)" if name == "SIGKILL" else ""
        return f"it was killed by {name}{hint}"
    return f"it exited with status {exitcode}"
