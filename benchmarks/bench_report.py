"""How fast the caseload report reads plans, and how much memory it holds, as caseloads grow.

For each size it writes that many plans (the reference plan under a new plan and person id,
a thousand to a folder), then in a fresh process for each measurement:

- ``report``: ``rp.caseload_report`` over the folder (read, check, extract rows, write Parquet,
  run the indicator SQL on DuckDB, write the page);
- ``validate``: the same plans loaded and checked with ``rp.validate`` over the same pool of
  processes, and nothing else: the work every caseload tool has to do anyway.

It prints plans per second, the ratio report / validate, and peak memory (maximum resident
set) of the main process and of the largest worker: flat memory means these stay the same as
the caseload grows. Run it with ``python benchmarks/bench_report.py [--sizes 1000 10000]
[--jobs N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import recoveryplan as rp
from recoveryplan.caseload.reading import iter_plan_results

REFERENCE = Path(rp.__file__).parent / "examples" / "morag.json"
TODAY = date(2026, 6, 30)
KEY = b"the benchmark's secret key"


def write_plans(folder: Path, count: int) -> None:
    document = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for i in range(count):
        document["id"] = f"plan-{i}"
        document["person"]["id"] = f"person-{i}"
        where = folder / f"{i // 1000:04d}"
        where.mkdir(parents=True, exist_ok=True)
        (where / f"plan-{i}.json").write_text(json.dumps(document), encoding="utf-8")


class _Validate:
    """The baseline: load and check a plan, keeping only the number of findings."""

    def __call__(self, path: Path) -> int:
        return len(rp.validate(rp.load(path), today=TODAY))


def measure(kind: str, folder: Path, jobs: int) -> dict[str, float]:
    """One measurement, in this (fresh) process."""
    start = time.perf_counter()
    if kind == "report":
        with tempfile.TemporaryDirectory() as out:
            summary = rp.caseload_report([folder], out, key=KEY, today=TODAY, jobs=jobs)
            plans = summary.plans
    else:
        plans = sum(1 for _ in iter_plan_results([folder], _Validate(), jobs=jobs, quiet=True))
    seconds = time.perf_counter() - start
    return {
        "plans": plans,
        "seconds": seconds,
        "main_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def run_fresh(kind: str, folder: Path, jobs: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", kind, str(folder), "--jobs", str(jobs)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(output)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        kind, folder = args.measure
        print(json.dumps(measure(kind, Path(folder), args.jobs)))
        return
    print(f"Python {sys.version.split()[0]}, {args.jobs} jobs, {os.cpu_count()} cores")
    print("| plans | report plans/s | validate plans/s | ratio | main MiB | worker MiB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            write_plans(Path(folder), size)
            report = run_fresh("report", Path(folder), args.jobs)
            baseline = run_fresh("validate", Path(folder), args.jobs)
        assert report["plans"] == baseline["plans"] == size
        print(
            f"| {size:,} | {size / report['seconds']:,.0f} | {size / baseline['seconds']:,.0f} "
            f"| {report['seconds'] / baseline['seconds']:.2f} | {report['main_mib']:.0f} "
            f"| {report['worker_mib']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
