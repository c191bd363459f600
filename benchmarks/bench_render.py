"""Rendering alone, against the same floor as ``bench.py``: quicker to run while working on it.

The reference plan and the five-year plan, each in HTML and plain text, against the hand-written
template (``FLOOR_TEMPLATE``) over the same plans' parsed JSON; and a caseload of varied plans,
each rendered once a round, so that nothing kept from one plan can speed up the next. CPU time,
medians, ratios from one run. ``--profile N`` profiles N renders of the reference plan instead.

    .venv/bin/python benchmarks/bench_render.py
    .venv/bin/python benchmarks/bench_render.py --profile 2000
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
from pathlib import Path

import recoveryplan as rp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import TARGETS, TODAY, duration, floor_template, median_seconds
from caseload import make_plan

REFERENCE = Path(rp.__file__).parent / "examples" / "morag.json"


def measure(repeat: int, caseload: int) -> list[tuple[str, str, float, float, float]]:
    """(operation, plan, ours, floor, target) for each comparison."""
    texts = {
        "typical": REFERENCE.read_text(encoding="utf-8"),
        "five-year": json.dumps(make_plan(0, goals=300, reviews=60)),
    }
    rows: list[tuple[str, str, float, float, float]] = []
    for name, text in texts.items():
        html, txt, floor = one_plan(text, repeat)
        rows.append(("render", name, html, floor, TARGETS["render"]))
        rows.append(("render txt", name, txt, html, TARGETS["render txt"]))
    ours, floor = caseload_round([json.dumps(make_plan(n)) for n in range(1, caseload + 1)], repeat)
    rows.append(("render", f"{caseload} varied", ours, floor, TARGETS["render"]))
    return rows


def one_plan(text: str, repeat: int) -> tuple[float, float, float]:
    """One plan's HTML, its plain text and the floor template over its JSON."""
    plan, data, floor = rp.loads(text), json.loads(text), floor_template()
    return (
        median_seconds(lambda: rp.render(plan, "person", "html", today=TODAY), repeat),
        median_seconds(lambda: rp.render(plan, "person", "txt", today=TODAY), repeat),
        median_seconds(lambda: floor.render(plan=data), repeat),
    )


def caseload_round(documents: list[str], repeat: int) -> tuple[float, float]:
    """Every plan of a caseload rendered once: ours and the floor."""
    plans = [rp.loads(text) for text in documents]
    data = [json.loads(text) for text in documents]
    floor = floor_template()

    def ours() -> None:
        for plan in plans:
            rp.render(plan, "person", "html", today=TODAY)

    def bare() -> None:
        for document in data:
            floor.render(plan=document)

    return median_seconds(ours, repeat), median_seconds(bare, repeat)


def profile(renders: int, format: str, sort: str) -> None:
    plan = rp.loads(REFERENCE.read_text(encoding="utf-8"))
    rp.render(plan, "person", format, today=TODAY)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(renders):
        rp.render(plan, "person", format, today=TODAY)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(sort).print_stats(40)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--caseload", type=int, default=100, help="varied plans in a round")
    parser.add_argument("--profile", type=int, metavar="N", help="profile N renders instead")
    parser.add_argument("--format", default="html", help="the format to profile")
    parser.add_argument("--sort", default="cumulative", help="how to sort the profile")
    options = parser.parse_args(argv)
    if options.profile:
        profile(options.profile, options.format, options.sort)
        return 0
    print(f"{'operation':<12} {'plan':<12} {'recoveryplan':>12} {'floor':>11} {'ratio':>7}  target")
    for operation, plan, ours, floor, target in measure(options.repeat, options.caseload):
        ratio = ours / floor
        verdict = "pass" if ratio <= target else "FAIL"
        print(
            f"{operation:<12} {plan:<12} {duration(ours):>12} {duration(floor):>11} "
            f"{ratio:>6.2f}x  ≤{target:g}x {verdict}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
