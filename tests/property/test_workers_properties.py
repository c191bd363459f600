"""Worker processes under loss, for any items and any of them killing their worker: each item's
result comes back once, in the items' order, the killers' as lost and every other as done, and
no worker process is left behind."""

from __future__ import annotations

import multiprocessing
import os
import signal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from recoveryplan.workers import run_each


@attrs.frozen
class KillingOn:
    """Doubles an item, unless it is one of ``fatal``: then its worker is killed."""

    fatal: frozenset[int]

    def __call__(self, item: int) -> int:
        if item in self.fatal:
            os.kill(os.getpid(), signal.SIGKILL)
        return item * 2


def lost(item: int, how: str) -> str:
    return f"lost {item}: {how}"


@settings(max_examples=25, deadline=None)
@given(
    items=st.lists(st.integers(0, 50), min_size=2, max_size=30),  # one runs in this process
    fatal=st.frozensets(st.integers(0, 50), max_size=4),
    jobs=st.integers(2, 3),
)
def test_every_item_comes_back_once_in_order(
    items: list[int], fatal: frozenset[int], jobs: int
) -> None:
    results = list(run_each(KillingOn(fatal), items, jobs=jobs, lost=lost))
    killed = "it was killed by SIGKILL (out of memory, or stopped by someone)"
    assert results == [lost(item, killed) if item in fatal else item * 2 for item in items]
    assert multiprocessing.active_children() == []
