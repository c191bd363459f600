"""Rendering alone, against the same floor as ``bench.py``: quicker to run while working on it.

The reference plan and the five-year plan, each in HTML and plain text, against the hand-written
template (``FLOOR_TEMPLATE``) over the same plans' parsed JSON; and a caseload of varied plans.
Every call renders a plan loaded for it (untimed), never one rendered before, so that nothing
kept from one plan can speed up the next. CPU time, medians, ratios from one run.
``--profile N`` profiles N renders of the reference plan instead.

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
from bench import (
    TARGETS,
    TODAY,
    duration,
    floor_template,
    median_fresh_seconds,
    person_html,
    person_txt,
)
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
    floor = floor_template()
    return (
        median_fresh_seconds(person_html, lambda: rp.loads(text), repeat),
        median_fresh_seconds(person_txt, lambda: rp.loads(text), repeat),
        median_fresh_seconds(
            lambda data: floor.render(plan=data), lambda: json.loads(text), repeat
        ),
    )


def caseload_round(documents: list[str], repeat: int) -> tuple[float, float]:
    """Every plan of a caseload rendered once, as loaded for the round: ours and the floor."""
    floor = floor_template()

    def ours(plans: list[rp.Plan]) -> None:
        for plan in plans:
            person_html(plan)

    def bare(data: list[object]) -> None:
        for document in data:
            floor.render(plan=document)

    return (
        median_fresh_seconds(ours, lambda: [rp.loads(text) for text in documents], repeat, 0),
        median_fresh_seconds(bare, lambda: [json.loads(text) for text in documents], repeat, 0),
    )


def profile(renders: int, format: str, sort: str) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    rp.render(rp.loads(text), "person", format, today=TODAY)
    plans = [rp.loads(text) for _ in range(renders)]  # each rendered once, as in a batch
    profiler = cProfile.Profile()
    profiler.enable()
    for plan in plans:
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
