"""A right-to-left plan on paper: page 1's facts side by side without running into each other.

WeasyPrint placed the flexbox facts block wrongly right to left ("Plan started" and "Next
review" with their dates ran into each other, past the right margin). These tests lay page 1
out as the PDF is made and measure the boxes the facts are drawn in.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import recoveryplan as rp
from recoveryplan.render import _render

from ..support.reference import BUNDLED, TODAY

weasyprint = pytest.importorskip("weasyprint")

Box = tuple[float, float, float, float]


def _facts(box: Any, inside: bool = False) -> Iterator[Box]:
    """The rectangles (left, top, right, bottom) of each fact's box in a laid-out page."""
    element = getattr(box, "element", None)
    if element is not None and "facts" in (element.get("class") or "").split():
        inside = True
    elif inside and element is not None and element.tag == "div" and box.element_tag == "div":
        left, top = box.position_x, box.position_y
        yield (left, top, left + box.margin_width(), top + box.margin_height())
        return
    for child in getattr(box, "children", []):
        yield from _facts(child, inside)


def _facts_on_page_one(language: str | None) -> list[Box]:
    plan = rp.load(BUNDLED)
    page = _render(plan, "person", "html", "plan", TODAY, None, False, "print", None, language)
    document = weasyprint.HTML(string=page, base_url=None).render()
    return list(_facts(document.pages[0]._page_box))


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("language", [None, "ar"])
def test_the_facts_on_page_one_do_not_run_into_each_other(language: str | None) -> None:
    facts = _facts_on_page_one(language)
    assert len(facts) == 3  # supported by, plan started, next review
    assert [pair for pair in itertools.combinations(facts, 2) if _overlap(*pair)] == []


def test_the_arabic_facts_run_from_the_right() -> None:
    started, review = _facts_on_page_one("ar")[1:]
    assert started[1] == review[1]  # side by side on one line
    assert review[2] <= started[0]  # the second to the left of the first


@pytest.mark.parametrize("view", ["plan", "easy-read"])
def test_the_arabic_pdf_is_tagged_pdf_ua(view: str, tmp_path: Path) -> None:
    pdfua = pytest.importorskip("pdfua")
    document = rp.render(rp.load(BUNDLED), "person", "pdf", view=view, today=TODAY, language="ar")
    target = tmp_path / "plan.pdf"
    target.write_bytes(document)
    report = pdfua.validate(str(target))
    assert [f.rule_id for f in report.findings if f.severity >= pdfua.Severity.ERROR] == []
