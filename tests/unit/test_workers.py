"""The worker pool under loss: an item whose process dies is given to ``lost``, once the item
has stopped a process of its own too; every other item's result comes back, in order."""

from __future__ import annotations

import os
import signal

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
