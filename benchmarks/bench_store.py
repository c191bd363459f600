"""The plan store: history of a long-lived plan, and whether saving slows as revisions pile up.

For SQLite (a file in a temporary folder) and PostgreSQL (a throwaway server started as the
tests start theirs, when Debian's postgresql package is installed), with the reference plan:

- save at 10 and at 10,000 revisions: the median time of one ``store.save`` (each from the
  latest, as a writer would), and the ratio of the two, which should stay near 1;
- ``store.history`` of a plan with 10,000 revisions, against the floor: the same columns read
  with one plain query through the same driver (sqlite3 or psycopg), and the ratio;
- ``store.latest`` at 10 and at 10,000 revisions.

Revisions 11 to 10,000 are written in one transaction straight into the table (the same rows
``save`` writes: numbers, times, author, reason, fingerprint, the plan), so that the run takes
seconds rather than the minute that 10,000 synced commits take; the saves timed are real.

    .venv/bin/python benchmarks/bench_store.py [--repeat 7] [--revisions 10000] [--no-postgres]

No test asserts any of these times.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import attrs
import sqlalchemy as sa

import recoveryplan as rp
from recoveryplan.fingerprints import fingerprint as plan_fingerprint
from recoveryplan.store.schema import PLANS, REVISIONS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.postgres import find_binaries, new_database, running_server  # noqa: E402

REFERENCE = ROOT / "src" / "recoveryplan" / "examples" / "morag.json"
SAVES = 20
"""Saves timed at each size (each is its own synced transaction)."""


def median_of(operation: Callable[[], object], rounds: int) -> float:
    """The median time of one call over ``rounds`` calls, after one warm-up call."""
    operation()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        operation()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def duration(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.0f} µs"


def timed_saves(store: rp.store.Store, plan: rp.Plan, count: int) -> float:
    """The median time of ``count`` saves, each of a changed plan from the latest revision."""
    times = []
    for _ in range(count):
        _, latest = store.latest(plan.id)
        changed = attrs.evolve(
            plan, person=attrs.evolve(plan.person, preferred_name=f"r{latest.number}")
        )
        started = time.perf_counter()
        store.save(changed, by="bench", why="timed", base=latest.number)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def fill(engine: sa.Engine, plan: rp.Plan, upto: int) -> None:
    """Append revisions until the plan has ``upto``, in one transaction."""
    document = rp.to_data(plan)
    fingerprint = plan_fingerprint(plan)
    with engine.begin() as connection:
        latest = connection.execute(sa.select(PLANS.c.latest).where(PLANS.c.id == plan.id))
        start = int(latest.scalar_one()) + 1
        now = datetime.now(UTC)
        rows = [
            {
                "plan_id": plan.id,
                "number": number,
                "saved_at": now,
                "author": "bench",
                "reason": "filled",
                "fingerprint": fingerprint,
                "document": document,
            }
            for number in range(start, upto + 1)
        ]
        connection.execute(sa.insert(REVISIONS), rows)
        connection.execute(sa.update(PLANS).where(PLANS.c.id == plan.id).values(latest=upto))


def floor_history(engine: sa.Engine, plan_id: str) -> Callable[[], object]:
    """The same columns, one plain query on the driver's own connection."""
    raw = engine.raw_connection()
    query = (
        "SELECT number, saved_at, author, reason, fingerprint FROM recoveryplan_revisions "
        "WHERE plan_id = {} ORDER BY number"
    )
    marker = "?" if engine.dialect.name == "sqlite" else "%s"

    def read() -> object:
        cursor = raw.cursor()
        cursor.execute(query.format(marker), (plan_id,))
        rows = cursor.fetchall()
        cursor.close()
        raw.rollback()
        return rows

    return read


def measure(name: str, address: str, revisions: int, rounds: int) -> dict[str, float]:
    plan = rp.load(REFERENCE)
    with rp.open_store(address) as store:
        store.save(plan, by="bench", why="first", base=None)
        small = timed_saves(store, plan, SAVES)  # revisions 2..21
        latest_small = median_of(lambda: store.latest(plan.id), rounds)
        engine = store._engine
        fill(engine, plan, revisions)
        large = timed_saves(store, plan, SAVES)
        latest_large = median_of(lambda: store.latest(plan.id), rounds)
        count = len(store.history(plan.id))
        history = median_of(lambda: store.history(plan.id), rounds)
        floor = median_of(floor_history(engine, plan.id), rounds)
    print(f"{name}: a plan with {count:,} revisions")
    print(f"  save at ~10 revisions      {duration(small):>10}")
    print(f"  save at ~{revisions:,} revisions {duration(large):>10}   ratio {large / small:.2f}")
    print(f"  latest at ~10 revisions    {duration(latest_small):>10}")
    print(
        f"  latest at ~{revisions:,}        {duration(latest_large):>10}   "
        f"ratio {latest_large / latest_small:.2f}"
    )
    print(
        f"  history ({count:,} revisions) {duration(history):>10}   floor {duration(floor)}, "
        f"ratio {history / floor:.2f}"
    )
    return {"save_small": small, "save_large": large, "history": history, "floor": floor}


@contextmanager
def postgres() -> Iterator[str | None]:
    binaries = find_binaries()
    if binaries is None:
        print("PostgreSQL: not installed (Debian's postgresql package); skipped")
        yield None
        return
    with running_server(binaries) as server:
        yield new_database(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="rounds for each median")
    parser.add_argument("--revisions", type=int, default=10_000)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", str(Path(folder) / "plans.db"), args.revisions, args.repeat)
    if not args.no_postgres:
        with postgres() as address:
            if address is not None:
                measure("PostgreSQL", address, args.revisions, args.repeat)


if __name__ == "__main__":
    main()
