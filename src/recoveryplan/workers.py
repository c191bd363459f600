"""Worker processes for a caseload, and surviving the loss of one.

A nightly run over thousands of plans must not be undone by one worker process that dies: the
kernel's out-of-memory killer, a plugin that crashes the interpreter, or someone's ``kill``.
Each worker is a process with a pipe of its own, handed a plan or two at a time and answering
them in the order given, so this process always knows which item each worker holds. A worker
that stops before answering costs exactly the item it was working on: that item is *lost*,
made a result by the caller's ``lost`` function; a new worker takes the dead one's place, what
it had not started is handed out again, and every other worker goes on undisturbed.

:class:`concurrent.futures.ProcessPoolExecutor` is not used for this because it cannot say which
piece of work a dead process held: it fails every unfinished one, and stops the other processes
in the middle of theirs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._cores import default_jobs
from .errors import PlanError
from .files import remove_unfinished

if TYPE_CHECKING:
    import multiprocessing.connection

# multiprocessing is imported where workers are started: one plan, or --jobs 1, runs in this
# process and does not pay for it (see docs/layout.md, "Imports on first use").

__all__ = ["WorkerStopped", "default_jobs", "run_each"]

T = TypeVar("T")
R = TypeVar("R")

PER_WORKER = 2
"""How many items a worker is handed at once: the one it works on and the next, so that it
never waits for this process between two. Only the first can be lost with it."""

AHEAD_PER_JOB = 4
"""How far, per process, the work may run ahead of the first result not yet given back:
results are given back in the items' order, so a slow plan holds up the ones after it, and
this keeps the results waiting behind it (and the memory they take) few."""


class WorkerStopped(PlanError):
    """A worker process stopped while it held an item, and no ``lost`` function was given to
    turn that into a result."""


def run_each(
    task: Callable[[T], R],
    items: Sequence[T],
    *,
    jobs: int,
    lost: Callable[[T, str], R] | None = None,
) -> Generator[R, None, None]:
    """``task(item)`` for each item, in the items' order, on up to ``jobs`` processes.

    With one job (or one item) everything runs in this process, which is also what a debugger
    or ``--debug`` needs. Otherwise the items are handed to worker processes a few at a time,
    so a caseload of any size takes the same memory. ``task`` must be picklable (a
    module-level function, or an instance of a module-level class) where processes are not
    forked, and should turn every failure of one item into a result, not an exception; an
    exception it does raise stops the whole run, as it would in this process.

    When a worker stops while working on an item (killed, or its interpreter crashing),
    ``lost(item, how)`` is that item's result (``how`` says what happened, as in "it was killed
    by SIGKILL"), and the other items are not affected; without ``lost``, :class:`WorkerStopped`
    is raised.
    """
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield task(item)
        return
    pool = _Pool(task, lost)
    try:
        pool.start(min(jobs, len(items)))
        yield from pool.results(items)
    finally:
        pool.close()


class _Worker:
    """One worker process, its end of the pipe, and the items handed to it not yet answered
    (``(place, item)``, the first the one it is working on)."""

    def __init__(self, task: Callable[[Any], Any], context: Any, others: list[_Worker]) -> None:
        mine, theirs = context.Pipe(duplex=True)
        # A forked process holds copies of this process's ends of every pipe (its own and the
        # other workers'), which would keep them open: it closes them first. A new interpreter
        # inherits nothing.
        forked = context.get_start_method() == "fork"
        inherited = [mine, *(other.connection for other in others)] if forked else []
        self.process = context.Process(target=_serve, args=(task, theirs, inherited), daemon=True)
        self.process.start()
        theirs.close()
        self.connection: multiprocessing.connection.Connection = mine
        self.holding: deque[tuple[int, Any]] = deque()


class _Pool(Generic[T, R]):
    """Worker processes working through items, each item's result given back in order."""

    def __init__(self, task: Callable[[T], R], lost: Callable[[T, str], R] | None) -> None:
        self.task, self.lost = task, lost
        self.context = _context()
        self.workers: list[_Worker] = []
        self.found: dict[int, R] = {}  # results not given back yet, by the item's place
        self.again: deque[int] = deque()  # items handed to a worker that stopped before them

    def start(self, jobs: int) -> None:
        for _ in range(jobs):
            self.workers.append(_Worker(self.task, self.context, self.workers))

    def results(self, items: Sequence[T]) -> Iterator[R]:
        from multiprocessing.connection import wait

        found, again = self.found, self.again
        handed = following = 0  # the next item to hand out, and to give back
        ahead = AHEAD_PER_JOB * len(self.workers)
        while following < len(items):
            if following in found:
                yield found.pop(following)
                following += 1
                continue
            for worker in list(self.workers):
                while len(worker.holding) < PER_WORKER:
                    if again:
                        place = again.popleft()
                    elif handed < len(items) and handed - following < ahead:
                        place, handed = handed, handed + 1
                    else:
                        break
                    try:
                        worker.connection.send((place, items[place]))
                    except OSError:  # it has stopped since it last answered
                        again.appendleft(place)
                        self._stopped(worker)
                        break
                    worker.holding.append((place, items[place]))
            busy = [worker for worker in self.workers if worker.holding]
            if not busy:  # every worker handed something had stopped: hand it out again
                continue
            ready = set(wait([w.connection for w in busy] + [w.process.sentinel for w in busy]))
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    self._collect(worker)

    def _collect(self, worker: _Worker) -> None:
        """Take the answers ``worker`` has sent, and deal with it if it has stopped."""
        while worker.holding:
            try:
                if not worker.connection.poll():
                    break
                place, kind, value = worker.connection.recv()
            except (EOFError, OSError):
                self._stopped(worker)  # its pipe closed: it has stopped, or is stopping
                return
            worker.holding.popleft()
            if kind == "raised":
                raise value
            self.found[place] = value
        if not worker.process.is_alive():
            self._stopped(worker)

    def _stopped(self, worker: _Worker) -> None:
        """A worker that has stopped: the item it was working on is lost, the ones it had not
        started are handed out again, and a new worker takes its place."""
        worker.process.join()
        worker.connection.close()
        others = [other for other in self.workers if other is not worker]
        self.workers[self.workers.index(worker)] = _Worker(self.task, self.context, others)
        if not worker.holding:
            return
        (place, item), *unstarted = worker.holding
        self.again.extendleft(reversed([later for later, _ in unstarted]))
        how = _how_it_stopped(worker.process.exitcode)
        if self.lost is None:
            raise WorkerStopped(
                f"a worker process stopped ({how}) and its work was lost; run again with "
                "--jobs 1 --debug to see where"
            )
        self.found[place] = self.lost(item, how)

    def close(self) -> None:
        """Stop every worker: an idle one as its pipe closes, one still working (the run was
        stopped) at once, removing any file it had half written."""
        for worker in self.workers:
            if worker.holding and worker.process.is_alive():
                worker.process.terminate()
            else:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)  # nothing more: it ends
            worker.connection.close()
        for worker in self.workers:
            worker.process.join(timeout=10)
            if worker.process.is_alive():  # pragma: no cover - one that ignores SIGTERM
                worker.process.kill()
                worker.process.join()


def _serve(
    task: Callable[[Any], Any],
    connection: multiprocessing.connection.Connection,
    inherited: list[multiprocessing.connection.Connection],
) -> None:
    """A worker's life: answer each ``(place, item)`` received with ``(place, "done",
    result)`` or ``(place, "raised", exception)``, until ``None`` comes or the pipe closes.
    ``inherited`` are the parent's ends of pipes this process holds copies of, closed first."""
    _ignore_interrupts()
    for other in inherited:
        other.close()
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        place, item = message
        try:
            answer: tuple[int, str, Any] = (place, "done", task(item))
        except Exception as error:
            answer = (place, "raised", error)
        try:
            connection.send(answer)
        except OSError:  # the parent has gone: no one is waiting for the answer
            return
        except Exception as error:  # an exception or result that cannot be pickled
            problem = PlanError(f"a worker's answer cannot be sent back ({error})")
            with contextlib.suppress(OSError):
                connection.send((place, "raised", problem))


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

    A worker stopped with SIGTERM (by the parent when the run is stopped, or by someone) may be
    in the middle of writing a file: it removes its unfinished temporary file before it goes,
    so the folder holds only whole files, and then ends as SIGTERM would have ended it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum: int, frame: object) -> None:
    remove_unfinished()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


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
