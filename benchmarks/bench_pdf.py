"""The person-held PDF of the reference plan: warm, cold, where the time goes.

- **warm**: the median CPU time of a PDF in a process that has made one already (WeasyPrint
  loaded, fonts found, the style sheet read), against the same plan's HTML render in the same
  run (issue 19: at most 40 times);
- **cold**: the first PDF in a new process, in a fresh interpreter each round: the CPU time of
  that first ``render(..., "pdf")`` call (WeasyPrint imported by it, fonts found, templates
  compiled), and the wall time of the whole process;
- **stages** of a warm PDF through WeasyPrint's public API: the HTML made by the templates,
  WeasyPrint reading the page (``HTML``), styling and laying out the pages (``render``), and
  drawing and writing the PDF with its tags (``write_pdf``);
- **where the time goes** inside one warm PDF made as the library makes it: each of
  WeasyPrint's steps timed where it is called (styles, boxes, layout, drawing, tags, fonts,
  writing) and the one collection of the PDF's garbage at the end;
- the size of the file, and what subset its fonts (HarfBuzz, or WeasyPrint's far slower
  fallback, fontTools);
- with ``--profile``, the functions that take the most time over ten warm PDFs (cProfile).

    .venv/bin/python benchmarks/bench_pdf.py [--repeat 7] [--cold 3] [--profile]

Times are CPU time of the process (``time.process_time``), as in ``bench.py``; no test asserts
any of them.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import recoveryplan as rp
from recoveryplan.render import _render

REFERENCE = Path(rp.__file__).parent / "examples" / "morag.json"
TODAY = date(2026, 6, 2)
TARGET = 40.0
"""The PDF's largest ratio to the same plan's HTML render (issue 19)."""

COLD = f"""
import json, time
from datetime import date
from pathlib import Path
from typing import Any
started = time.perf_counter()
import recoveryplan as rp
plan = rp.loads(Path({str(REFERENCE)!r}).read_text(encoding="utf-8"))
cpu = time.process_time()
rp.render(plan, "person", "pdf", today=date(2026, 6, 2))
first = time.process_time() - cpu
print(json.dumps({{"first": first, "process": time.perf_counter() - started}}))
"""


def cpu_median(operation: Callable[[], object], repeat: int, paused: bool = False) -> float:
    """The median CPU time of one call over ``repeat`` calls, after two to warm up; with
    ``paused``, with the garbage collector waiting as it does while the library makes a PDF."""
    from recoveryplan.pdf import _collection_waits

    for _ in range(2):
        operation()
    times = []
    for _ in range(repeat):
        started = time.process_time()
        if paused:
            with _collection_waits():
                operation()
        else:
            operation()
        times.append(time.process_time() - started)
    return statistics.median(times)


def page_of(plan: rp.Plan) -> str:
    """The HTML the person's PDF of ``plan`` is made from."""
    return _render(plan, "person", "html", "plan", TODAY, None, False, "print")


def stages(plan: rp.Plan, repeat: int) -> dict[str, float]:
    """A warm PDF through WeasyPrint's public API, stage by stage, as the library makes it."""
    import weasyprint  # type: ignore[import-untyped]

    from recoveryplan import pdf

    reader = pdf._plain_pages(weasyprint)

    def page() -> str:
        return page_of(plan)

    html, sheet = pdf._own_sheet(page())
    options = {
        "stylesheets": None if sheet is None else [sheet],
        "pdf_variant": "pdf/ua-1",
        "pdf_tags": True,
        "font_config": pdf._HERE.fonts,
    }
    read = reader(string=html, base_url=None)
    laid_out = read.render(**options)
    found = {
        "HTML from the templates": cpu_median(page, repeat),
        "reading the page": cpu_median(lambda: reader(string=html, base_url=None), repeat, True),
        "styling and laying out": cpu_median(lambda: read.render(**options), repeat, True),
        "drawing and writing": cpu_median(
            lambda: laid_out.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True), repeat, True
        ),
    }
    found["pages"] = len(laid_out.pages)
    return found


WATCHED = (
    ("weasyprint.document", "Document._build_layout_context", "styles (cascade)"),
    ("weasyprint.document", "build_formatting_structure", "boxes"),
    ("weasyprint.document", "Document._render", "styles, boxes, layout"),
    ("weasyprint.document", "draw_page", "drawing"),
    ("weasyprint.pdf", "add_tags", "tags (PDF/UA)"),
    ("weasyprint.pdf", "build_fonts_dictionary", "fonts (subsets)"),
    ("pydyf", "PDF.write", "writing (pydyf)"),
    ("gc", "collect", "collecting garbage"),
)
"""Where WeasyPrint's steps are called from, and what each is; a step a later WeasyPrint has
moved is left out rather than guessed."""


def breakdown(plan: rp.Plan, repeat: int) -> dict[str, float]:
    """The mean CPU time of each step of a warm PDF made by the library, in seconds; reading
    the page and layout are what is left of the whole and of styling and laying out."""
    import importlib

    from recoveryplan import pdf

    spent: dict[str, float] = {label: 0.0 for _, _, label in WATCHED}
    undo: list[tuple[Any, str, Any]] = []

    def timed(label: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def step(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - started

        return step

    for module_name, path, label in WATCHED:
        owner: Any = importlib.import_module(module_name)
        *outer, name = path.split(".")
        for part in outer:
            owner = getattr(owner, part, None)
        original = getattr(owner, name, None)
        if original is None:
            del spent[label]
            continue
        undo.append((owner, name, original))
        setattr(owner, name, timed(label, original))
    html = page_of(plan)
    try:
        for _ in range(2):
            pdf.pdf_of(html)
        for label in spent:
            spent[label] = 0.0
        started = time.process_time()
        for _ in range(repeat):
            pdf.pdf_of(html)
        whole = time.process_time() - started
    finally:
        for owner, name, original in reversed(undo):
            setattr(owner, name, original)
    found = {label: took / repeat for label, took in spent.items()}
    if "styles, boxes, layout" in found:
        found["layout"] = (
            found.pop("styles, boxes, layout")
            - found.get("styles (cascade)", 0.0)
            - found.get("boxes", 0.0)
        )
    found["reading the page, the rest"] = whole / repeat - sum(found.values())
    found["the whole PDF"] = whole / repeat
    return found


def subsetter() -> str:
    """What cut the fonts of the PDFs just made down to the glyphs they use: the system's
    HarfBuzz-Subset (through WeasyPrint), the HarfBuzz in ``uharfbuzz`` (set up by
    ``recoveryplan.pdf_fonts``) or fontTools (WeasyPrint's fallback, far slower)."""
    from weasyprint.pdf import fonts  # type: ignore[import-untyped]

    if getattr(fonts, "harfbuzz_subset", None) is not None:
        return "HarfBuzz (the system's libharfbuzz-subset)"
    if hasattr(fonts.Font.subset, "weasyprints"):
        return "HarfBuzz (uharfbuzz)"
    return "fontTools"


def cold(rounds: int) -> dict[str, float]:
    firsts, processes = [], []
    for _ in range(rounds):
        done = subprocess.run(
            [sys.executable, "-c", COLD], capture_output=True, text=True, check=True
        )
        measured = json.loads(done.stdout)
        firsts.append(measured["first"])
        processes.append(measured["process"])
    return {"first PDF": statistics.median(firsts), "process": statistics.median(processes)}


def profile(plan: rp.Plan) -> None:
    rp.render(plan, "person", "pdf", today=TODAY)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        rp.render(plan, "person", "pdf", today=TODAY)
    profiler.disable()
    report = pstats.Stats(profiler, stream=sys.stdout)
    report.strip_dirs().sort_stats("cumulative").print_stats(40)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="warm PDFs timed")
    parser.add_argument("--cold", type=int, default=3, help="new processes timed")
    parser.add_argument("--profile", action="store_true", help="profile ten warm PDFs")
    options = parser.parse_args()
    plan = rp.loads(REFERENCE.read_text(encoding="utf-8"))

    html = cpu_median(lambda: rp.render(plan, "person", "html", today=TODAY), 30)
    warm = cpu_median(lambda: rp.render(plan, "person", "pdf", today=TODAY), options.repeat)
    ratio = warm / html
    verdict = "pass" if ratio <= TARGET else "FAIL"
    print(f"the reference plan's person-held PDF; CPU time, medians of {options.repeat}")
    print(f"HTML render        {html * 1e3:8.2f} ms")
    print(f"PDF, warm          {warm * 1e3:8.1f} ms  {ratio:6.1f}x HTML  ≤{TARGET:g}x {verdict}")
    size = len(rp.render(plan, "person", "pdf", today=TODAY))
    print(f"  {size:,} bytes; fonts subset by {subsetter()}")
    for name, took in stages(plan, options.repeat).items():
        shown = f"{took:8.0f}" if name == "pages" else f"{took * 1e3:8.1f} ms"
        print(f"  {name:22s} {shown}")
    steps = breakdown(plan, options.repeat)
    print(f"where the time goes, the mean of {options.repeat} PDFs made by the library")
    for name, took in steps.items():
        share = took / steps["the whole PDF"]
        print(f"  {name:26s} {took * 1e3:8.1f} ms {share:6.0%}")
    if options.cold:
        first = cold(options.cold)
        print(
            f"PDF, cold          {first['first PDF'] * 1e3:8.1f} ms  (the first PDF in a new "
            f"process; the whole process {first['process']:.2f} s wall, medians of "
            f"{options.cold})"
        )
    if options.profile:
        profile(plan)


if __name__ == "__main__":
    main()
