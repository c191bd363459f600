"""The worker pool under loss: the item a worker was working on when its process stopped (it
crashed, or was killed from outside) is given to ``lost``; every other item's result comes back,
in order, and no worker process is left behind."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import attrs
import pytest

from recoveryplan.workers import WorkerStopped, run_each

FATAL = 13


def square_unless_fatal(item: int) -> int:
    if item == FATAL:
        os.kill(os.getpid(), signal.SIGKILL)
    return item * item


def exit_on_fatal(item: int) -> int:
    if item == FATAL:
        os._exit(7)
    return item * item


KILLED = "it was killed by SIGKILL (out of memory, or stopped by someone)"


def lost(item: int, how: str) -> int:
    assert how in (KILLED, "it exited with status 7")
    return -item


@pytest.mark.parametrize("task", [square_unless_fatal, exit_on_fatal])
def test_only_the_item_that_stops_its_process_is_lost(task: object) -> None:
    items = list(range(40))
    results = list(run_each(task, items, jobs=2, lost=lost))  # type: ignore[arg-type]
    assert results == [-item if item == FATAL else item * item for item in items]


def test_without_lost_a_stopped_process_is_an_error_that_says_how() -> None:
    with pytest.raises(WorkerStopped, match=r"killed by SIGKILL.*--jobs 1 --debug"):
        list(run_each(square_unless_fatal, list(range(20)), jobs=2))


@attrs.frozen
class WaitingToBeStopped:
    """Squares, but says which process works on the fatal item and waits there to be stopped."""

    pidfile: Path

    def __call__(self, item: int) -> int:
        if item == FATAL:
            partial = self.pidfile.with_suffix(".part")
            partial.write_text(str(os.getpid()))
            partial.replace(self.pidfile)
            time.sleep(60)
        return item * item


def stop_when_told(pidfile: Path, stop: signal.Signals) -> None:
    deadline = time.monotonic() + 60
    while not pidfile.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(int(pidfile.read_text()), stop)


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "kill"])
def test_a_worker_stopped_from_outside_loses_only_the_item_it_worked_on(
    tmp_path: Path, stop: signal.Signals
) -> None:
    pidfile = tmp_path / "worker.pid"
    stopper = threading.Thread(target=stop_when_told, args=(pidfile, stop), daemon=True)
    stopper.start()
    told: list[tuple[int, str]] = []

    def noted(item: int, how: str) -> int:
        told.append((item, how))
        return -item

    items = list(range(60))
    results = list(run_each(WaitingToBeStopped(pidfile), items, jobs=3, lost=noted))
    stopper.join()
    assert results == [-item if item == FATAL else item * item for item in items]
    expected = KILLED if stop is signal.SIGKILL else "it was killed by SIGTERM"
    assert told == [(FATAL, expected)]
    assert multiprocessing.active_children() == []


def raise_on_fatal(item: int) -> int:
    if item == FATAL:
        raise ValueError(f"item {item} is not wanted")
    return item


def test_an_exception_a_task_raises_stops_the_run_and_every_worker() -> None:
    with pytest.raises(ValueError, match="item 13 is not wanted"):
        list(run_each(raise_on_fatal, list(range(100)), jobs=2))
    assert multiprocessing.active_children() == []


def test_a_run_left_early_stops_every_worker() -> None:
    results = run_each(square_unless_fatal, list(range(12)), jobs=2)
    assert next(results) == 0
    results.close()
    assert multiprocessing.active_children() == []
