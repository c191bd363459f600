"""Rendering alone, against the same floors as ``bench.py``: quicker to run while working on it.

The reference plan and the five-year plan in HTML against the same page written by hand
(``floor_page.py``: one plain Jinja template over the plan's parsed JSON that writes, word for
word and tag for tag, what ``rp.render(plan, "person", "html")`` writes; the target, ≤2x), and
beside it against the small floor used before 7 December 2026 (``FLOOR_TEMPLATE`` in
``bench.py``, an eighth of the page: no target, shown so that the change of floor is seen);
plain text against the same plan's HTML; and a caseload of varied plans against both floors.
Every call renders a plan loaded for it (untimed), never one rendered before, so that nothing
kept from one plan can speed up the next. CPU time, medians, ratios from one run, the floors
measured in turn with ours, round by round.
``--profile N`` profiles N renders of the reference plan instead.

    .venv/bin/python benchmarks/bench_render.py
    .venv/bin/python benchmarks/bench_render.py --profile 2000 --sort tottime
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
    alternating_fresh_seconds,
    duration,
    floor_template,
    person_html,
    person_txt,
    same_floor,
)
from caseload import make_plan

REFERENCE = Path(rp.__file__).parent / "examples" / "morag.json"
SMALL = "render, small floor"

Row = tuple[str, str, float, float, float | None]


def measure(repeat: int, caseload: int) -> list[Row]:
    """(operation, plan, ours, floor, target or None) for each comparison."""
    texts = {
        "typical": REFERENCE.read_text(encoding="utf-8"),
        "five-year": json.dumps(make_plan(0, goals=300, reviews=60)),
    }
    rows: list[Row] = []
    for name, text in texts.items():
        html, txt, same, small = one_plan(text, repeat)
        rows.append(("render", name, html, same, TARGETS["render"]))
        rows.append((SMALL, name, html, small, None))
        rows.append(("render txt", name, txt, html, TARGETS["render txt"]))
    documents = [json.dumps(make_plan(n)) for n in range(1, caseload + 1)]
    ours, same, small = caseload_round(documents, repeat)
    rows.append(("render", f"{caseload} varied", ours, same, TARGETS["render"]))
    rows.append((SMALL, f"{caseload} varied", ours, small, None))
    return rows


def one_plan(text: str, repeat: int) -> tuple[float, float, float, float]:
    """One plan's HTML, its plain text, the same page by hand and the small floor, their rounds
    taken in turn."""
    same, small = same_floor(), floor_template()

    def json_copy() -> object:
        return json.loads(text)

    def plan_copy() -> rp.Plan:
        return rp.loads(text)

    html, txt, by_hand, bare = alternating_fresh_seconds(
        [
            (person_html, plan_copy),
            (person_txt, plan_copy),
            (lambda data: same.render(plan=data), json_copy),
            (lambda data: small.render(plan=data), json_copy),
        ],
        repeat,
    )
    return html, txt, by_hand, bare


def caseload_round(documents: list[str], repeat: int) -> tuple[float, float, float]:
    """Every plan of a caseload rendered once, as loaded for the round: ours and each floor,
    their rounds taken in turn."""
    same, small = same_floor(), floor_template()

    def ours(plans: list[rp.Plan]) -> None:
        for plan in plans:
            person_html(plan)

    def by_hand(data: list[dict[str, object]]) -> None:
        for document in data:
            same.render(plan=document)

    def bare(data: list[object]) -> None:
        for document in data:
            small.render(plan=document)

    def parsed() -> list[object]:
        return [json.loads(text) for text in documents]

    html, hand, small_floor = alternating_fresh_seconds(
        [(ours, lambda: [rp.loads(text) for text in documents]), (by_hand, parsed), (bare, parsed)],
        repeat,
        0,
    )
    return html, hand, small_floor


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
    print(f"{'operation':<19} {'plan':<12} {'recoveryplan':>12} {'floor':>11} {'ratio':>7}  target")
    for operation, plan, ours, floor, target in measure(options.repeat, options.caseload):
        ratio = ours / floor
        verdict = (
            "—" if target is None else f"≤{target:g}x " + ("pass" if ratio <= target else "FAIL")
        )
        print(
            f"{operation:<19} {plan:<12} {duration(ours):>12} {duration(floor):>11} "
            f"{ratio:>6.2f}x  {verdict}"
        )
    print("floors: render, the same page by hand (floor_page.py); render, small floor, the")
    print("template used before 7 December 2026 (an eighth of the page, no target); render txt,")
    print("the same plan's HTML")
    return 0


if __name__ == "__main__":
    sys.exit(main())
