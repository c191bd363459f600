"""Everything performance asks of the library, measured in one run against the floor.

For a typical plan (the reference plan) and a five-year plan (300 small goals, sixty reviews,
sixty rounds of ratings) it times each operation and divides by the fastest way the same work
can be done in Python, measured in the same run:

- load: msgspec decoding the same JSON into ``msgspec.Struct`` types that mirror the model,
  with the same enumerations, real dates and unknown keys refused (``bench_format.py``);
- dump: msgspec encoding those structs;
- validate (every check): the load time of the same plan;
- render (HTML, the person's copy): the same page written by hand, one plain Jinja template over
  the parsed JSON that writes what ``rp.render(plan, "person", "html")`` writes, word for word
  and tag for tag (``floor_page.py``; ``tests/unit/test_floor_page.py`` holds the two equal);
- render, small floor: the same render against the floor used before 7 December 2026, the
  smaller template below (``FLOOR_TEMPLATE``), reported beside it with no target. It writes
  about an eighth of our page for the reference plan (6,239 characters to our 47,680: no
  fixed sentences, circle, charts, stylesheet, safety steps...), so a ratio to it measured how
  much more we write as much as how fast we write it; it stays in the table so that the
  change of floor is seen, not taken on trust;
- render txt: the same plan's HTML render (plain text should cost no more than HTML);
- PDF (the reference plan only): its own HTML render, warm (WeasyPrint loaded, fonts found);
- beside two targets, with none of their own, the least each could take: validate with the
  built-in language check left out, and WeasyPrint's own layout and drawing of the PDF's pages;
- FHIR export: timed when ``recoveryplan.fhir.to_fhir`` exists (no floor; shown beside load).

Each ratio is printed beside its target, with "pass" or "FAIL". Times are CPU time of this
process (``time.process_time``), so that other work on a shared machine slows neither side.

Then: the cost of each extra small goal from 10 to 10,000 goals (drawn to ``scaling.svg``, and
"flat" when the largest cost from 100 to 5,000 goals is within :data:`FLAT` of the smallest),
peak memory, the start-up time of ``recoveryplan --help`` and ``--version``, a new process
rendering one plan (its templates compiled, or read as an earlier run kept them), and batch work
on a generated caseload with one process and with every core, PDF included.

    make bench                          # or: .venv/bin/python benchmarks/bench.py [--quick]

Times are medians of repeated rounds; no test asserts any of them.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import msgspec
import pluggy

import recoveryplan as rp
from recoveryplan.language.check import forget_texts
from recoveryplan.plugins import build_plugin_manager, use_plugin_manager

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_format import Plan as StructPlan  # noqa: E402
from bench_pdf import breakdown as pdf_steps  # noqa: E402
from caseload import REFERENCE, make_plan, write_caseload  # noqa: E402
from floor_page import SameFloor, same_page_floor  # noqa: E402

TODAY = date(2026, 6, 2)
SIZES = (10, 30, 100, 300, 1000, 3000, 5000, 10000)
TARGETS = {
    "load": 8.0,
    "dump": 5.0,
    "validate": 1.0,
    "render": 2.0,
    "render txt": 1.2,
    "PDF": 40.0,
}
"""Each operation's largest ratio to its floor (issue 19)."""
T = TypeVar("T")
FLAT = 2.0
"""The most the cost of one more goal may vary from 100 to 5,000 goals and still be flat: a
measurement on a shared two-core machine moves by a third either way, and a quadratic step would
multiply it by fifty over that range."""
FLAT_SIZES = range(100, 5001)

# -- the floor for rendering: the same page by hand (floor_page.py); and the small template ---
# used as the floor before 7 December 2026, still reported beside it as "render, small floor"

FLOOR_TEMPLATE = """\
<!DOCTYPE html>
<html lang="{{ plan.person.language or 'en' }}"><head><meta charset="utf-8">
<title>{{ plan.person.preferred_name or plan.person.name }}'s recovery plan</title></head>
<body><main>
{%- set names = {'person': plan.person.preferred_name or plan.person.name} %}
{%- for m in plan.circle %}{% set _ = names.update({m.id: m.name}) %}{% endfor %}
<h1>{{ plan.person.name }}</h1>
<p>{{ plan.person.pronouns }} · {{ plan.service.name }} · next review {{ plan.next_review_on }}</p>
<ul>{% for need in plan.person.communication %}<li>{{ need }}</li>{% endfor %}</ul>
<h2>My circle</h2><ul>{% for m in plan.circle %}
<li>{{ m.name }} ({{ m.relationship }}, {{ m.role }}) {{ m.contact }}</li>{% endfor %}</ul>
{% if plan.assessment %}<h2>About me</h2><ul>{% for item in plan.assessment['items'] %}
<li class="{{ item.kind }}">{{ item.text }} <small>{{ item.voice }}</small></li>{% endfor %}</ul>
{% endif %}
{%- macro goals(list) %}<ol>{% for g in list %}<li><p>{{ g.statement }}</p>
<p>{{ g.status }}{% if g.due_on %} by {{ g.due_on }}{% endif %}
{% if g.achieved_on %} done {{ g.achieved_on }}{% endif %}</p>
{% if g.support %}<ul>{% for s in g.support %}<li>{{ names[s.by] }}: {{ s.action }}</li>
{% endfor %}</ul>{% endif %}{% if g.celebration %}<p>{{ g.celebration }}</p>{% endif %}
{% if g.goals %}{{ goals(g.goals) }}{% endif %}</li>{% endfor %}</ol>{% endmacro %}
<h2>My goals</h2>{% for o in plan.outcomes %}<section><h3>{{ o.statement }}</h3>
<p>{{ o.domain }} · {{ o.status }} · by {{ o.target_on }}</p>{{ goals(o.goals) }}</section>
{% endfor %}
<h2>How I'm doing</h2><table>{% for r in plan.ratings %}
<tr><td>{{ r.on }}</td><td>{{ r.domain }}</td><td>{{ r.value }}</td><td>{{ names[r.by] }}</td></tr>
{% endfor %}</table>
<h2>Taking risks safely</h2>{% for p in plan.risk_plans %}<section><h3>{{ p.activity }}</h3>
<ul>{% for b in p.benefits %}<li>{{ b }}</li>{% endfor %}</ul><p>{{ p.if_not_done }}</p>
<ul>{% for c in p.concerns %}<li>{{ c.description }} ({{ c.likelihood }}, {{ c.severity }})</li>
{% endfor %}</ul><p>{{ p.persons_view }}</p>
<ul>{% for s in p.safeguards %}<li>{{ s.action }} — {{ names[s.by] }}</li>{% endfor %}</ul>
<p>{{ p.contingency }}</p>{% if p.decision %}<p>{{ p.decision.status }} {{ p.decision.on }}</p>
{% endif %}</section>{% endfor %}
{% if plan.safety_plan %}{% set sp = plan.safety_plan %}<h2>My safety plan</h2>
{% for key in ['warning_signs', 'coping_strategies', 'safer_environment', 'reasons_for_living']
%}<ul>{% for line in sp[key] %}<li>{{ line }}</li>{% endfor %}</ul>{% endfor %}
<ul>{% for d in sp.distractions %}<li>{{ d.what }}</li>{% endfor %}</ul>
<ul>{% for who in sp.people_to_ask %}<li>{{ names[who] }}</li>{% endfor %}</ul>
<ul>{% for p in sp.professionals %}<li>{{ p.name }}: {{ p.contact }}</li>{% endfor %}</ul>
{% endif %}
<h2>Reviews</h2>{% for r in plan.reviews %}<section><h3>{{ r.on }}</h3>
<p>{{ r['with'] | map('extract', names) | join(', ') }}</p><p>{{ r.went_well }}</p>
<p>{{ r.changed }}</p><p>{{ r.next }}</p></section>{% endfor %}
</main></body></html>
"""


def _validate_first(plan: rp.Plan) -> None:
    """Validate ``plan`` as the first plan of its kind the process sees: called on a plan
    loaded for the call (what a plan object keeps once worked out, its index of parts and
    whether its references resolve, is not there yet), with the texts the language check
    keeps between plans forgotten."""
    forget_texts()
    rp.validate(plan, today=TODAY)


def _validate_first_without_language(plan: rp.Plan) -> None:
    """:func:`_validate_first` with every check but the built-in language check: what the
    other checks and the hook machinery cost on their own, printed beside the target as the
    least validation could take however fast the language check became."""
    with use_plugin_manager(_without_language()):
        _validate_first(plan)


@cache
def _without_language() -> pluggy.PluginManager:
    manager = build_plugin_manager()
    manager.set_blocked("recoveryplan.builtin.language")
    return manager


def floor_template() -> jinja2.Template:
    """The small floor (``FLOOR_TEMPLATE``): an eighth of the page, kept for comparison."""
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.ChainableUndefined)
    environment.filters["extract"] = lambda key, names: names.get(key, key)
    return environment.from_string(FLOOR_TEMPLATE)


def same_floor() -> SameFloor:
    """The floor render html is held to: our person page, by hand (``floor_page.py``)."""
    return same_page_floor(TODAY)


# -- measuring -------------------------------------------------------------------------------


def median_seconds(operation: Callable[[], object], repeat: int, least: float = 0.2) -> float:
    """The median time of one call, over ``repeat`` rounds of enough calls to take ``least``
    seconds each."""
    return alternating_seconds([operation], repeat, least)[0]


def alternating_seconds(
    operations: Sequence[Callable[[], object]], repeat: int, least: float = 0.2
) -> list[float]:
    """As :func:`median_seconds` for each of ``operations``, their rounds taken in turn (one
    round of each, then the next round of each), as :func:`alternating_fresh_seconds` takes
    them: for a ratio of one to another that shares the machine's moments."""
    rounds: list[Callable[[], float]] = []
    for operation in operations:
        timer, number = _timed_calls(operation, least)
        rounds.append(partial(_per_call, timer.timeit, number))
    return _in_turn(rounds, repeat)


def _timed_calls(operation: Callable[[], object], least: float) -> tuple[timeit.Timer, int]:
    """A timer of ``operation`` and how many calls of it take ``least`` seconds, after a
    warm-up (templates compiled, caches filled)."""
    for _ in range(3):
        operation()
    timer = timeit.Timer(operation, timer=time.process_time)
    number = 1
    while True:
        took = timer.timeit(number)
        if took >= least or number >= 1_000_000:
            return timer, number
        number = max(number * 2, int(number * least / max(took, 1e-9)))


def _per_call(round_of: Callable[[int], float], number: int) -> float:
    """The time of one call, from a round of ``number`` calls timed by ``round_of``."""
    return round_of(number) / number


def _in_turn(
    rounds: Sequence[Callable[[], float]],
    repeat: int,
    pick: Callable[[list[float]], float] = statistics.median,
) -> list[float]:
    """The median (or what ``pick`` picks) of ``repeat`` results of each of ``rounds`` (each
    the time of one call, from one round of calls), one round of each in turn, then the next
    round of each."""
    took: list[list[float]] = [[] for _ in rounds]
    for _ in range(repeat):
        for round_of, times in zip(rounds, took, strict=True):
            times.append(round_of())
    return [pick(times) for times in took]


def alternating_fresh_seconds(
    measured: Sequence[tuple[Callable[[Any], object], Callable[[], Any]]],
    repeat: int,
    least: float = 0.2,
    pick: Callable[[list[float]], float] = statistics.median,
) -> list[float]:
    """The median time of one call of each ``operation`` of ``measured`` on an argument no
    earlier call has seen (made by its ``fresh``), over ``repeat`` rounds of enough calls to
    take ``least`` seconds each, the rounds taken in turn (one round of each, then the next
    round of each), so that whatever else the machine is doing slows each of them alike: for a
    ratio of one to another, or a difference.

    Rendering may keep what it works out from a plan for as long as the plan lives (its parts
    by id, its current period): rendering one plan object over and over would time those
    being looked up, not made, which a batch of different plans never sees. So each round
    works on copies made for it by ``fresh`` (independently loaded, untimed, before the round
    starts); what is kept per process (compiled templates, the environment, locale data) is
    warm, as in any long-running process. The garbage collector is off while a round is timed,
    as ``timeit`` has it."""
    rounds: list[Callable[[], float]] = []
    for operation, fresh in measured:
        number = _calls_per_round(operation, fresh, least)
        rounds.append(partial(_per_call, partial(_fresh_round, operation, fresh), number))
    return _in_turn(rounds, repeat, pick)


def _fresh_round(operation: Callable[[T], object], fresh: Callable[[], T], number: int) -> float:
    """The time of ``number`` calls of ``operation``, each on an argument made for it."""
    arguments = [fresh() for _ in range(number)]
    collecting = gc.isenabled()
    gc.disable()
    try:
        started = time.process_time()
        for argument in arguments:
            operation(argument)
        took = time.process_time() - started
    finally:
        if collecting:
            gc.enable()
    return took


def _calls_per_round(operation: Callable[[T], object], fresh: Callable[[], T], least: float) -> int:
    """How many calls take ``least`` seconds, after a warm-up (templates compiled,
    per-process caches filled)."""
    _fresh_round(operation, fresh, 3)
    number = 1
    while True:
        took = _fresh_round(operation, fresh, number)
        if took >= least or number >= 1_000_000:
            return number
        number = max(number * 2, int(number * least / max(took, 1e-9)))


def duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def operations(text: str, repeat: int, pdf: bool = False) -> dict[str, tuple[float, float | None]]:
    """Each operation on one plan: (ours, the floor) in seconds; with ``pdf``, the PDF too."""
    plan = rp.loads(text)
    data = json.loads(text)
    decoder, encoder = msgspec.json.Decoder(StructPlan), msgspec.json.Encoder()
    struct = decoder.decode(text)
    template, same = floor_template(), same_floor()
    template.render(plan=data)
    same.render(plan=data)
    # ours and the floor in turn, round by round, as for render below: load and dump each
    # against msgspec, and validation (first seen and again) against the same rounds' load
    load, load_floor, dump, dump_floor, validate, validate_again, unworded = (
        alternating_fresh_seconds(
            [
                (lambda _: rp.loads(text), _nothing),
                (lambda _: decoder.decode(text), _nothing),
                (lambda _: rp.dumps(plan), _nothing),
                (lambda _: encoder.encode(struct), _nothing),
                # Each call on a plan loaded for it (untimed), as in a batch of different
                # plans: the target is held to this one.
                (_validate_first, lambda: rp.loads(text)),
                (lambda _: rp.validate(plan, today=TODAY), _nothing),
                (_validate_first_without_language, lambda: rp.loads(text)),
            ],
            repeat,
        )
    )
    # ours, both floors and the plain text in turn, round by round, so that each ratio's two
    # sides share the same moments (plain text was timed after the rest, and a change in the
    # machine's load between the two moved its ratio by a third)
    html, by_hand, small, txt = alternating_fresh_seconds(
        [
            (person_html, lambda: rp.loads(text)),
            (lambda data: same.render(plan=data), lambda: json.loads(text)),
            (lambda data: template.render(plan=data), lambda: json.loads(text)),
            (person_txt, lambda: rp.loads(text)),
        ],
        repeat,
    )
    found: dict[str, tuple[float, float | None]] = {
        "load": (load, load_floor),
        "dump": (dump, dump_floor),
        "validate": (validate, load),
        "validate again": (validate_again, load),
        "validate, no language": (unworded, load),
        "render": (html, by_hand),
        "render, small floor": (html, small),
        "render txt": (txt, html),
    }
    if pdf and _pdf():
        found["PDF"] = (
            median_seconds(
                lambda: rp.render(plan, "person", "pdf", today=TODAY), max(3, repeat // 2), 0
            ),
            html,
        )
        # What WeasyPrint itself spends laying out and drawing the pages of that PDF, timed
        # where the library calls it: the least the PDF could take, whatever the library did.
        steps = pdf_steps(plan, max(3, repeat // 2))
        if "layout" in steps and "drawing" in steps:  # both, unless WeasyPrint moved one
            found["PDF, layout and drawing"] = (steps["layout"] + steps["drawing"], html)
    to_fhir = _to_fhir()
    if to_fhir is not None:
        found["FHIR export"] = (median_seconds(lambda: to_fhir(plan), repeat), None)
    return found


def person_html(plan: rp.Plan) -> str:
    return rp.render(plan, "person", "html", today=TODAY)


def person_txt(plan: rp.Plan) -> str:
    return rp.render(plan, "person", "txt", today=TODAY)


def every_goal_html(plan: rp.Plan) -> str:
    """The person's copy with every goal in it: the ordinary one keeps to a budget of steps
    (``recoveryplan.summaries.STEP_BUDGET``) however large the plan, so the cost of one more goal
    is measured on the copy that prints it."""
    return rp.render(plan, "person", "html", today=TODAY, full_history=True)


def _to_fhir() -> Callable[[rp.Plan], object] | None:
    try:
        from recoveryplan.fhir import to_fhir
    except ImportError:
        return None
    function: Callable[[rp.Plan], object] = to_fhir
    return function


BASE_GOALS = 5
"""The plan every size is compared with: a few goals, so that every section the larger plans
show is already there and only the goals differ."""


def scaling(repeat: int, sizes: tuple[int, ...]) -> dict[str, dict[int, float]]:
    """The cost of one more small goal at each size n: (time(n) - time(5 goals)) / (n - 5),
    with the fastest of ``repeat`` rounds (the least disturbed by the rest of the machine).

    The five-goal plan is measured again beside each size, its rounds taken in turn with that
    size's, rather than once before them all. At 100 goals the difference is a millisecond or
    two divided by 95; a base measured minutes earlier, in a quieter or busier moment, or
    before a cache the later sizes find filled, moved it by more than the difference itself.
    """
    base_text = json.dumps(make_plan(0, goals=BASE_GOALS, reviews=12))
    costs: dict[str, dict[int, float]] = {"load": {}, "dump": {}, "validate": {}, "render": {}}
    for n in sizes:
        text = json.dumps(make_plan(0, goals=n, reviews=12))
        rounds = repeat * 3 if n <= 100 else repeat
        for name, (operation, fresh) in _scaled(base_text).items():
            sized_operation, sized_fresh = _scaled(text)[name]
            base, sized = alternating_fresh_seconds(
                [(operation, fresh), (sized_operation, sized_fresh)], rounds, 0.1, pick=min
            )
            costs[name][n] = (sized - base) / (n - BASE_GOALS)
    return costs


def _scaled(text: str) -> dict[str, tuple[Callable[[Any], object], Callable[[], Any]]]:
    """Each operation the cost per goal is measured for, on the plan written in ``text``, as
    ``(operation, fresh)`` for :func:`alternating_fresh_seconds`."""
    plan = rp.loads(text)
    return {
        "load": (lambda _: rp.loads(text), _nothing),
        "dump": (lambda _: rp.dumps(plan), _nothing),
        "validate": (_validate_first, lambda: rp.loads(text)),
        # every goal printed, each time on a plan not rendered before
        "render": (every_goal_html, lambda: rp.loads(text)),
    }


def _nothing() -> None:
    """The argument of an operation that needs no plan of its own each call."""


def peak_memory(text: str) -> int:
    """Peak bytes Python allocates loading, validating and rendering one plan."""
    tracemalloc.start()
    plan = rp.loads(text)
    rp.validate(plan, today=TODAY)
    rp.render(plan, "person", "html", today=TODAY)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def command_seconds(argv: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def batch_run(argv: list[str]) -> tuple[float, int]:
    """Wall time of a command, and the largest resident memory of it or any of its workers."""
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], capture_output=True); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *argv], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1]) * 1024


# -- the plot --------------------------------------------------------------------------------


def scaling_svg(costs: dict[str, dict[int, float]]) -> str:
    """A log-log line chart of the cost per small goal against the number of goals."""
    import math

    width, height, left, right, top, bottom = 640, 400, 70, 150, 40, 50
    sizes = sorted({n for line in costs.values() for n in line})
    values = [v for line in costs.values() for v in line.values() if v > 0]
    low, high = math.log10(min(values) / 1.5), math.log10(max(values) * 1.5)
    x0, x1 = math.log10(sizes[0]), math.log10(sizes[-1])

    def x(n: int) -> float:
        return left + (math.log10(n) - x0) / (x1 - x0) * (width - left - right)

    def y(v: float) -> float:
        v = max(v, 10**low)
        return top + (high - math.log10(v)) / (high - low) * (height - top - bottom)

    colours = {"load": "#1b6ca8", "dump": "#7a5195", "validate": "#2f9e44", "render": "#d9480f"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="22" font-size="14">Cost of one more small goal (µs), '
        "by the number of goals in the plan</text>",
    ]
    for n in sizes:
        parts.append(
            f'<line x1="{x(n):.1f}" y1="{top}" x2="{x(n):.1f}" y2="{height - bottom}" '
            'stroke="#ddd"/>'
            f'<text x="{x(n):.1f}" y="{height - bottom + 16}" text-anchor="middle">{n}</text>'
        )
    for exponent in range(math.floor(low), math.ceil(high) + 1):
        for mantissa in (1, 3):
            v = mantissa * 10.0**exponent
            if low <= math.log10(v) <= high:
                parts.append(
                    f'<line x1="{left}" y1="{y(v):.1f}" x2="{width - right}" y2="{y(v):.1f}" '
                    'stroke="#ddd"/>'
                    f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">'
                    f"{v * 1e6:g}</text>"
                )
    parts.append(
        f'<text x="{(left + width - right) / 2}" y="{height - 12}" text-anchor="middle">'
        "small goals in the plan</text>"
    )
    for row, (name, line) in enumerate(costs.items()):
        colour = colours.get(name, "black")
        points = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in sorted(line.items()))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        for n, v in sorted(line.items()):
            parts.append(f'<circle cx="{x(n):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"/>')
        legend_y = top + 20 * row
        parts.append(
            f'<line x1="{width - right + 15}" y1="{legend_y}" x2="{width - right + 40}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="2"/>'
            f'<text x="{width - right + 46}" y="{legend_y + 4}">{name}</text>'
        )
    parts.append("</svg>\n")
    return "\n".join(parts)


# -- the run ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="rounds per measurement")
    parser.add_argument("--plans", type=int, default=500, help="plans in the batch caseload")
    parser.add_argument("--pdf-plans", type=int, default=8, help="plans rendered as PDF")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and plans")
    parser.add_argument("--out", type=Path, default=HERE, help="where results and plot go")
    options = parser.parse_args(argv)
    # Made before the hour of measuring, so a folder that cannot be made fails at once.
    options.out.mkdir(parents=True, exist_ok=True)
    if options.quick:
        options.repeat, options.plans, options.pdf_plans = 3, 200, 4
    os.environ.setdefault("RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD", "1")
    repeat = options.repeat
    cores = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    ) or 1
    results: dict[str, Any] = {
        "python": sys.version.split()[0],
        "msgspec": msgspec.__version__,
        "jinja2": jinja2.__version__,
        "cores": cores,
        "repeat": repeat,
    }
    print(
        f"recoveryplan {rp.__version__}, Python {results['python']}, msgspec "
        f"{results['msgspec']}, {cores} cores; medians of {repeat} rounds"
    )

    typical = REFERENCE.read_text(encoding="utf-8")
    five_year = json.dumps(make_plan(0, goals=300, reviews=60), ensure_ascii=False, indent=2)
    plans = {"typical": typical, "five-year": five_year}
    results["plans"] = {
        name: {"bytes": len(text.encode()), "goals": _goals(json.loads(text))}
        for name, text in plans.items()
    }
    table: dict[str, dict[str, tuple[float, float | None]]] = {}
    for name, text in plans.items():
        table[name] = operations(text, repeat, pdf=name == "typical")
    results["operations"] = {
        name: {op: {"ours": ours, "floor": floor} for op, (ours, floor) in found.items()}
        for name, found in table.items()
    }
    print()
    print(
        f"{'operation':<23} {'plan':<10} {'recoveryplan':>13} {'floor':>11} {'ratio':>7}"
        f" {'target':>7}"
    )
    verdicts: dict[str, bool] = {}
    for operation in table["typical"]:
        for name in plans:
            if operation not in table[name]:
                continue
            ours, floor = table[name][operation]
            if floor is None:
                print(f"{operation:<23} {name:<10} {duration(ours):>13} {'—':>11} {'':>7}")
                continue
            target = TARGETS.get(operation)
            mark = "" if target is None else f"≤{target:g}x"
            verdict = ""
            if target is not None:
                passed = verdicts[f"{operation}, {name}"] = ours / floor <= target
                verdict = "pass" if passed else "FAIL"
            print(
                f"{operation:<23} {name:<10} {duration(ours):>13} {duration(floor):>11} "
                f"{ours / floor:>6.2f}x {mark:>7} {verdict}"
            )
    print("floors: load and dump msgspec, validate load, render the same page by hand (one plain")
    print("template over the JSON), render txt and PDF the same plan's HTML render; small floor:")
    print("the template used before 7 December 2026, an eighth of the page, with no target;")
    print("validate, no language: every check but the language check, first seen; PDF, layout")
    print("and drawing: WeasyPrint's own steps inside the PDF above (no target: each is the least")
    print("its line could take however fast the rest became)")
    if _to_fhir() is None:
        print("FHIR export: not measured (recoveryplan.fhir.to_fhir is not in this checkout)")

    print()
    sizes = SIZES if not options.quick else (10, 100, 1000, 10000)
    costs = scaling(max(3, repeat // 2), sizes)
    results["per_goal"] = costs
    print(
        "cost of one more small goal: "
        f"(time(n goals) - time({BASE_GOALS} goals)) / (n - {BASE_GOALS}), fastest round"
    )
    print(f"{'goals':>7} " + " ".join(f"{name:>10}" for name in costs))
    for n in sizes:
        print(f"{n:>7} " + " ".join(f"{duration(costs[name][n]):>10}" for name in costs))
    spread = {
        name: max(v for n, v in line.items() if n in FLAT_SIZES)
        / min(v for n, v in line.items() if n in FLAT_SIZES)
        for name, line in costs.items()
    }
    results["per_goal_spread"] = spread
    for name, value in spread.items():
        verdicts[f"flat per-goal {name}"] = value <= FLAT
    print(
        f"largest / smallest from {FLAT_SIZES.start} to {FLAT_SIZES.stop - 1} goals "
        f"(flat: ≤{FLAT:g}x): "
        + ", ".join(f"{k} {v:.2f}x {'pass' if v <= FLAT else 'FAIL'}" for k, v in spread.items())
    )
    results["targets"] = verdicts
    (options.out / "scaling.svg").write_text(scaling_svg(costs), encoding="utf-8")

    print()
    memory = {name: peak_memory(text) for name, text in plans.items()}
    big = json.dumps(make_plan(0, goals=10000, reviews=60))
    memory["10,000 goals"] = peak_memory(big)
    results["peak_memory"] = memory
    for name, peak in memory.items():
        print(f"peak memory (load, validate, render) {name}: {peak / 2**20:.1f} MiB")

    print()
    program = [sys.executable, "-m", "recoveryplan"]
    startup = {
        "python -c pass": command_seconds([sys.executable, "-c", "pass"], repeat),
        "recoveryplan --version": command_seconds([*program, "--version"], repeat),
        "recoveryplan --help": command_seconds([*program, "--help"], repeat),
        "import recoveryplan": command_seconds(
            [sys.executable, "-c", "import recoveryplan"], repeat
        ),
    }
    # A staff member's wait for one plan: a new process renders it, compiling the page's
    # templates, or reading them compiled by an earlier run (the first run here keeps them).
    with tempfile.TemporaryDirectory() as kept:
        render_one = [*program, "render", str(REFERENCE), "--audience", "person", "--today",
                      TODAY.isoformat(), "-o", os.path.join(kept, "morag.html")]  # fmt: skip
        compiled = {**os.environ, "RECOVERYPLAN_CACHE_DIR": "off"}
        reading = {**os.environ, "RECOVERYPLAN_CACHE_DIR": os.path.join(kept, "cache")}
        subprocess.run(render_one, check=True, capture_output=True, env=reading)
        startup["recoveryplan render, templates compiled"] = command_seconds(
            render_one, repeat, compiled
        )
        startup["recoveryplan render, templates kept"] = command_seconds(
            render_one, repeat, reading
        )
    results["startup"] = startup
    for name, took in startup.items():
        print(f"start-up {name}: {duration(took)}")

    print()
    results["batch"] = batch(options.plans, options.pdf_plans, cores)
    (options.out / "results.json").write_text(
        json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8"
    )
    print(f"\nwrote {options.out / 'results.json'} and {options.out / 'scaling.svg'}")
    return 0


def batch(plans: int, pdf_plans: int, cores: int) -> dict[str, Any]:
    """Throughput and memory of the commands on a generated caseload of varied plans."""
    found: dict[str, Any] = {}
    program = [sys.executable, "-m", "recoveryplan"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "caseload"
        write_caseload(folder, plans, goals=14, vary=True)
        half = Path(scratch) / "half"
        write_caseload(half, max(plans // 4, 1), goals=14, vary=True)
        size = sum(path.stat().st_size for path in folder.rglob("*.json"))
        print(f"caseload: {plans} varied plans, {size / 2**20:.1f} MiB of JSON")
        for jobs in sorted({1, cores}):
            for name, argv in {
                "validate": [*program, "validate", str(folder), "--today", "2026-06-02", "-q"],
                "render html, all readers": [
                    *program,
                    "render",
                    str(folder),
                    "--out-dir",
                    f"{scratch}/out",
                    "--audience",
                    "all",
                    "-q",
                    "--today",
                    "2026-06-02",
                ],
            }.items():
                took, rss = batch_run([*argv, "--jobs", str(jobs)])
                shutil.rmtree(f"{scratch}/out", ignore_errors=True)
                found[f"{name}, {jobs} job(s)"] = {"seconds": took, "plans": plans, "rss": rss}
                print(
                    f"{name:<26} --jobs {jobs}: {took:6.2f} s, {plans / took:7.0f} plans/s, "
                    f"largest process {rss / 2**20:.0f} MiB"
                )
        took, rss = batch_run(
            [*program, "validate", str(half), "--today", "2026-06-02", "-q", "--jobs", "1"]
        )
        found["validate, a quarter of the plans, 1 job(s)"] = {
            "seconds": took,
            "plans": max(plans // 4, 1),
            "rss": rss,
        }
        print(
            f"validate a quarter of the caseload --jobs 1: largest process {rss / 2**20:.0f} MiB"
            " (flat memory: about the same as the whole caseload)"
        )
        if _pdf():
            pdf = Path(scratch) / "pdf"
            write_caseload(pdf, pdf_plans, goals=14)
            for jobs in sorted({1, cores}):
                took, rss = batch_run(
                    [
                        *program,
                        "render",
                        str(pdf),
                        "--out-dir",
                        f"{scratch}/pdf-out",
                        "--audience",
                        "person",
                        "--format",
                        "pdf",
                        "-q",
                        "--jobs",
                        str(jobs),
                    ]
                )
                shutil.rmtree(f"{scratch}/pdf-out", ignore_errors=True)
                found[f"pdf, {jobs} job(s)"] = {"seconds": took, "plans": pdf_plans, "rss": rss}
                print(
                    f"PDF (person) --jobs {jobs}: {took / pdf_plans:.2f} s a plan "
                    f"({pdf_plans} plans in {took:.1f} s)"
                )
        else:
            print("PDF: not measured (WeasyPrint is not installed)")
    return found


def _pdf() -> bool:
    from recoveryplan.render import pdf_available

    return pdf_available()


def _goals(document: dict[str, Any]) -> int:
    def count(goals: list[dict[str, Any]]) -> int:
        return sum(1 + count(goal.get("goals", [])) for goal in goals)

    return sum(count(outcome.get("goals", [])) for outcome in document.get("outcomes", []))


if __name__ == "__main__":
    raise SystemExit(main())
