"""A pseudo-locale for the caseload report's page: with a catalogue made here translating
every message of ``recoveryplan-pages.pot`` into a marked form, no English word is left on the
manager's page but the proper names and the command line's own option."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from recoveryplan import page_language
from recoveryplan.caseload.page import INDICATORS, ReportSummary, render_report

from ..support.html import Page
from ..support.pseudo import catalogues_in, compile_pseudo

PSEUDO = "ka"
"""A language with no catalogue of its own, whose dates and numbers are in its own script."""

_LEFT_ALONE = re.compile(r"\b(?:SRI|recoveryplan)\b|--since")
"""The proper names, and the option a manager types as it is."""


@pytest.fixture
def pseudo(tmp_path: Path) -> Iterator[None]:
    compile_pseudo(tmp_path, PSEUDO, page_language.DOMAIN)
    with catalogues_in(tmp_path):
        yield


def _summary(plans: int, trends: dict[str, dict[str, int]]) -> ReportSummary:
    figures = {
        indicator.name: {
            **{figure.of: 4 for figure in indicator.figures if figure.of},
            **{figure.measure: n + 1 for n, figure in enumerate(indicator.figures)},
        }
        for indicator in INDICATORS
    }
    figures["strengths"]["plans"] = 0  # a figure with nothing to count
    return ReportSummary(
        out_dir=Path("."),
        today=date(2026, 5, 1),
        since=date(2026, 1, 1),
        plans=plans,
        failed=(("a.json", "not a plan"),) * (plans % 3),
        figures=figures,
        trends=trends,
        files=plans + 4,
        left_out_reasons={"cannot-be-read": 1, "has-errors": 1, "lost": 2},
    )


def _escaped(document: str) -> str:
    page = Page(document)
    attributes = [
        value or ""
        for _tag, found in page.elements
        for key, value in found.items()
        if key in ("aria-label", "alt", "title")
    ]
    left = " ".join([page.text, *attributes])
    while re.search(r"⟦[^⟦⟧]*⟧", left):
        left = re.sub(r"⟦[^⟦⟧]*⟧", " ", left)
    return _LEFT_ALONE.sub(" ", left)


@pytest.mark.parametrize("plans", [1, 2, 5])
@pytest.mark.parametrize(
    "trends", [{}, {"reviews": {"2026-01": 2, "2026-02": 3}, "ratings": {"2026-03": 1}}]
)
def test_no_word_of_the_caseload_page_escapes_translation(
    pseudo: None, plans: int, trends: dict[str, dict[str, int]]
) -> None:
    document = render_report(_summary(plans, trends), language=PSEUDO)
    assert f'<html lang="{PSEUDO}"' in document
    left = _escaped(document)
    assert not re.search(r"[A-Za-z]{2,}", left), re.findall(r".{0,30}[A-Za-z]{2,}.{0,30}", left)


def test_a_language_still_being_translated_gets_the_english_page(tmp_path: Path) -> None:
    compile_pseudo(tmp_path, PSEUDO, page_language.DOMAIN, complete=False)
    summary = _summary(2, {})
    with catalogues_in(tmp_path):
        assert render_report(summary, language=PSEUDO) == render_report(summary)
        assert '<html lang="en">' in render_report(summary)
