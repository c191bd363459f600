"""Printed pages that earn their place: no PDF copy has a page left mostly empty by a forced
break, and Morag's own large-print plan keeps to at most twelve A4 pages at her own size.

Pages are measured as a reader meets them, with a PDF reader (pypdf). ``make test`` prints a
dozen copies of the reference plan; ``RECOVERYPLAN_SLOW_TESTS=1`` (``make slow-test``, which
CI runs) prints every copy: every reader, every view they may have, in standard and large
print, of the reference plan and of the benchmarks' five-year plan (about two minutes).
"""

from __future__ import annotations

import io
import os
from collections import Counter
from functools import cache
from pathlib import Path

import pypdf
import pytest

import recoveryplan as rp
from recoveryplan.audience import disclosures
from recoveryplan.render import pdf_available
from recoveryplan.views import VIEWS

from ..support.printed import (
    five_year_benchmark_plan,
    mostly_empty_pages,
    page_texts,
    page_words,
)
from ..support.reference import BUNDLED, TODAY

pytestmark = pytest.mark.skipif(not pdf_available(), reason="WeasyPrint is not installed")

SLOW = bool(os.environ.get("RECOVERYPLAN_SLOW_TESTS"))

Copy = tuple[str, str, str, bool | None]
"""Which plan ("reference" or "five-year"), the reader, the view and ``large_print``."""

QUICK: list[Copy] = [
    # Morag's own plan in her large print is measured below, with its page count
    *(("reference", "person", view, None) for view in VIEWS if view != "plan"),
    *(("reference", "staff", view, None) for view in VIEWS if view != "plan"),  # standard
    ("reference", "staff", "plan", True),
    ("reference", "eilidh", "plan", None),
    ("reference", "ali", "safety-plan", True),
]


def every_copy() -> list[Copy]:
    """Every copy of both plans: each reader, each view they may have, in both print sizes.
    The five-year plan is made from the reference plan, so it has the same readers."""
    reference = rp.load(BUNDLED)
    return [
        (plan, disclosure.reader, view, large)
        for plan in ("reference", "five-year")
        for disclosure in disclosures(reference)
        for view in disclosure.views
        for large in (False, True)
    ]


@cache
def plan_named(name: str) -> rp.Plan:
    return rp.load(BUNDLED) if name == "reference" else five_year_benchmark_plan()


def copy_id(copy: Copy) -> str:
    plan, reader, view, large = copy
    size = {None: "own-print", False: "standard", True: "large"}[large]
    return f"{plan}-{reader}-{view}-{size}"


@pytest.mark.parametrize("copy", every_copy() if SLOW else QUICK, ids=copy_id)
def test_no_page_is_mostly_empty(copy: Copy) -> None:
    plan, reader, view, large = copy
    document = rp.render(plan_named(plan), reader, "pdf", view=view, today=TODAY, large_print=large)
    assert mostly_empty_pages(document) == [], page_words(document)


def test_the_persons_large_print_plan_is_at_most_twelve_pages_at_her_own_size(
    reference_path: Path,
) -> None:
    morag = rp.load(reference_path)
    document = rp.render(morag, "person", "pdf", today=TODAY)
    assert len(page_texts(document)) <= 12
    assert mostly_empty_pages(document) == [], page_words(document)
    # at the size she asked for ("16 point or bigger"), not smaller to save paper
    sizes = text_sizes(document)
    body, _ = sizes.most_common(1)[0]
    assert body == 16
    assert min(sizes) >= 16


def text_sizes(document: bytes) -> Counter[float]:
    """How many pieces of text a PDF prints at each size, in points (to a tenth)."""
    found: Counter[float] = Counter()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            found[round(size * scale, 1)] += 1

    for page in pypdf.PdfReader(io.BytesIO(document)).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_a_forced_break_that_leaves_a_page_mostly_empty_is_found(reference_path: Path) -> None:
    """The measure itself: the review pack printed with a page break forced after its first
    line has a first page of a word or two, which is found; as it is printed, none is."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    html = rp.render(rp.load(reference_path), "person", view="review", today=TODAY)
    forced = html.replace("</style>", ".kicker { break-after: page; }\n</style>", 1)
    assert mostly_empty_pages(HTML(string=forced).write_pdf()) == [1]
    assert mostly_empty_pages(HTML(string=html).write_pdf()) == []
