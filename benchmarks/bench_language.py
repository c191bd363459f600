"""What the recovery-language check adds to validation: start-up, and per plan.

Validation runs every check plugin; this times ``rp.validate`` with the built-in language plugin
registered and with it unregistered, on the reference plan and on a large plan (the reference
plan with many more assessment items, small goals, risk plans and reviews), once with all of
their text strengths-based and once with a third of it in deficit language, so that the slower
path (each text rule by rule, and a note for every phrase) is measured too. The ratio is
with / without. It also times the first ``check_language`` call in a fresh process: reading
the rules file and compiling the patterns.

``--hostile`` times ``check_language`` instead on text written to be slow: unclosed quotation
marks, thousands of phrases to suggest, quoted phrases, stray apostrophes, long runs of spaces,
from 16k characters to 16 MiB, doubling each time, with the cap on work per text lifted (so the
curve is the scanner's own) and as validation runs it (capped); and ``rp.validate`` on a plan
with 16 MiB of such text in its staff-written fields. Each line prints the time's ratio to the
line before: linear time keeps it near 2.

Run it with ``python benchmarks/bench_language.py [--repeat N] [--hostile]``. No test asserts a
time.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import time
import timeit
from datetime import date
from pathlib import Path
from typing import Any

import recoveryplan as rp
from recoveryplan.plugins import plugin_manager

REFERENCE = Path(rp.__file__).parent / "examples" / "morag.json"
TODAY = date(2026, 6, 2)
PLUGIN = "recoveryplan.builtin.language"

RECOVERY_NOTES = [
    "Morag did the bus journey on her own and phoned from college.",
    "Going well; she now fills the dosette box herself.",
    "She chose not to go to the group this week and went to the allotment instead.",
    "Eilidh says the weekends are easier now that she knows who to call.",
]
DEFICIT_NOTES = [
    "Service user is non-compliant and refuses to engage with the team.",
    "Client was compliant; challenging behaviour on Friday evening.",
]
MIXED_NOTES = [*RECOVERY_NOTES[:2], DEFICIT_NOTES[0], *RECOVERY_NOTES[2:], DEFICIT_NOTES[1]]


def large_plan(copies: int = 40, notes: list[str] = RECOVERY_NOTES) -> rp.Plan:
    """The reference plan with ``copies`` times more of everything staff write, in turn
    taken from ``notes``."""
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    items, outcomes, risks, reviews = [], [], [], []
    for n in range(copies):
        note = notes[n % len(notes)]
        for item in data["assessment"]["items"]:
            extra = copy.deepcopy(item)
            extra["id"] = f"{item['id']}-{n}"
            if extra["voice"] != "person":
                extra["text"] = note
            items.append(extra)
        for outcome in data["outcomes"]:
            extra = copy.deepcopy(outcome)
            _rename(extra, n)
            extra["based_on"] = [f"{ref}-{n}" for ref in outcome["based_on"]]
            extra["status_note"] = note
            outcomes.append(extra)
        for risk in data["risk_plans"]:
            extra = copy.deepcopy(risk)
            _rename(extra, n)
            extra["supports"] = [f"{ref}-{n}" for ref in risk["supports"]]
            extra["contingency"] = note
            for safeguard in extra["safeguards"]:
                safeguard["addresses"] = [f"{ref}-{n}" for ref in safeguard["addresses"]]
            risks.append(extra)
        for review in data["reviews"]:
            extra = copy.deepcopy(review)
            extra["went_well"] = note
            reviews.append(extra)
    data["assessment"]["items"] = items
    data["outcomes"] = outcomes
    data["risk_plans"] = risks
    data["reviews"] = reviews
    return rp.loads(json.dumps(data))


def _rename(part: dict[str, Any], n: int) -> None:
    """Give a part and everything under it with an id an id of its own."""
    if "id" in part:
        part["id"] = f"{part['id']}-{n}"
    for value in part.values():
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, dict):
                _rename(child, n)


def compare(plan: rp.Plan, repeat: int) -> tuple[float, float, int]:
    """Validation time with and without the language plugin, and how many notes it adds.

    The two are timed in alternating rounds, and each is the fastest round per call: on a
    shared machine, other work only ever makes a round slower, so the minimum is the most
    repeatable figure (the median is printed by ``--median`` for comparison).
    """
    manager = plugin_manager()
    found = sum(f.code.startswith("language.") for f in rp.validate(plan, today=TODAY))
    timer = timeit.Timer(lambda: rp.validate(plan, today=TODAY))
    number, _ = timer.autorange()
    with_check: list[float] = []
    without: list[float] = []
    for _ in range(repeat):
        with_check.append(timer.timeit(number) / number)
        plugin = manager.unregister(name=PLUGIN)
        try:
            without.append(timer.timeit(number) / number)
        finally:
            manager.register(plugin, name=PLUGIN)
    pick = statistics.median if MEDIAN else min
    return pick(with_check), pick(without), found


MEDIAN = False


def start_up() -> float:
    """Seconds to read, check and compile the built-in rules, in a fresh process (the plugin
    loads them once, when the plugins are loaded)."""
    code = (
        "import time; from recoveryplan.language import builtin_rules, check_language; "
        "t = time.perf_counter(); check_language('He chose not to.', builtin_rules()); "
        "print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs)


HOSTILE = {
    "unclosed quotes": "“He refused his medication and ‘was non-compliant ",
    "thousands of hits": "Service user is non-compliant, refuses to engage, suffers from anxiety. ",
    "quoted hits": "She said \"I refused my meds\", 'non-compliant', “challenging behaviour”. ",
    "apostrophes": "'didn't 'won't Morag's ' ' '' ‘ ’x ",
    "runs of spaces": "refused to" + " " * 200,
    "reported distress": "says pain but then went ",
}
"""Text written to be slow, by kind: each is repeated to the length measured."""

SIZES = [16_000 * 2**n for n in range(11)]  # 16k ... 16 MiB


def hostile(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def check_once(text: str) -> tuple[float, int]:
    started = time.perf_counter()
    found = rp.check_language(text)
    return time.perf_counter() - started, len(found)


def hostile_curves() -> None:
    """The time to check hostile text of each kind, at each size, capped and uncapped."""
    from recoveryplan.language import check

    capped = (check.MAX_CHARACTERS, check.MAX_SUGGESTIONS)
    print(f"{'text':<18} {'characters':>11} {'uncapped':>9} {'ratio':>6} {'capped':>9}")
    for name, unit in HOSTILE.items():
        before = None
        for size in SIZES:
            text = hostile(unit, size)
            check.MAX_CHARACTERS, check.MAX_SUGGESTIONS = sys.maxsize, sys.maxsize
            try:
                uncapped, _ = check_once(text)
            finally:
                check.MAX_CHARACTERS, check.MAX_SUGGESTIONS = capped
            with_cap, _ = check_once(text)
            ratio = f"{uncapped / before:.2f}" if before else ""
            print(f"{name:<18} {size:>11,} {uncapped:>8.3f}s {ratio:>6} {with_cap:>8.3f}s")
            before = uncapped
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    staff = [item for item in data["assessment"]["items"] if item["voice"] != "person"]
    share = SIZES[-1] // len(staff)
    for name, unit in HOSTILE.items():
        for item in staff:
            item["text"] = hostile(unit, share)
        plan = rp.loads(json.dumps(data))
        started = time.perf_counter()
        notes = sum(f.code.startswith("language.") for f in rp.validate(plan, today=TODAY))
        took = time.perf_counter() - started
        print(f"validate, 16 MiB of {name}: {took:.2f}s, {notes} notes")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=31, help="rounds per measurement")
    parser.add_argument("--median", action="store_true", help="report medians, not minimums")
    parser.add_argument("--hostile", action="store_true", help="time text written to be slow")
    args = parser.parse_args()
    if args.hostile:
        hostile_curves()
        return
    global MEDIAN
    MEDIAN = args.median
    plans = [
        ("reference plan (morag.json)", rp.load(REFERENCE)),
        ("large plan (40x), recovery text", large_plan()),
        ("large plan (40x), 1/3 deficit", large_plan(notes=MIXED_NOTES)),
    ]
    print(f"Python {sys.version.split()[0]}, {len(rp.language.builtin_rules())} built-in rules")
    print(f"start-up (read and compile the rules, first call): {start_up() * 1e3:.1f} ms")
    print(f"{'plan':<34} {'with':>10} {'without':>10} {'ratio':>6} {'notes':>6}")
    for name, plan in plans:
        with_check, without, found = compare(plan, args.repeat)
        ratio = with_check / without
        print(
            f"{name:<34} {with_check * 1e3:>8.2f}ms {without * 1e3:>8.2f}ms {ratio:>6.2f} "
            f"{found:>6}"
        )


if __name__ == "__main__":
    main()
