"""A pseudo-locale for the caseload report's page: with a catalogue made here translating
every message of ``recoveryplan-pages.pot`` into a marked form, no English word is left on the
manager's page but the proper names and the command line's own option."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
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


COUNTED = {figure.of for indicator in INDICATORS for figure in indicator.figures if figure.of}
"""Everything a figure is counted out of."""


def _counted_out_of(total: int) -> ReportSummary:
    """Every figure out of ``total`` of what it counts (``0``: nothing to count)."""
    summary = _summary(2, {})
    figures = {
        name: {**values, **dict.fromkeys(COUNTED & set(values), total)}
        for name, values in summary.figures.items()
    }
    return attrs.evolve(summary, figures=figures)


@pytest.mark.parametrize("total", [0, 1, 2, 5])
def test_each_thing_counted_has_a_sentence_of_its_own(pseudo: None, total: int) -> None:
    """No figure's line slots a noun into a sentence: each line is one message, translated
    whole, for every thing a figure counts, whether there is none, one or more of it."""
    document = render_report(_counted_out_of(total), language=PSEUDO)
    lines = re.findall(
        r'<p class="figure"><strong data-indicator[^>]*>[^<]*</strong> ([^<]*)</p>', document
    )
    assert len(lines) == sum(len(indicator.figures) for indicator in INDICATORS)
    for line in lines:
        assert re.fullmatch(r"⟦[^⟦⟧]*⟦[^⟦⟧]*⟧[^⟦⟧]*⟧", line), line  # the label inside one sentence
    assert not re.search(r"[A-Za-z]{2,}", _escaped(document))


def test_the_english_lines_name_what_they_count_in_its_number() -> None:
    one = render_report(_counted_out_of(1))
    five = render_report(_counted_out_of(5))
    none = render_report(_counted_out_of(0))
    for singular, plural in (
        ("plan", "plans"),
        ("outcome", "outcomes"),
        ("small goal achieved", "small goals achieved"),
        ("open small goal", "open small goals"),
        ("review", "reviews"),
        ("carer", "carers"),
        ("carer need", "carer needs"),
        ("risk plan", "risk plans"),
        ("person", "people"),
        ("rated domain", "rated domains"),
    ):
        assert f" of 1 {singular})" in one, singular
        assert f" of 5 {plural})" in five, plural
        assert f"none to count, as there are no {plural}" in none, plural


def test_polish_counts_each_thing_in_the_case_and_number_its_count_wants() -> None:
    """Polish "z" takes the genitive: 1 planu, 2, 5, 22 planów; left-out files agree too."""
    for total, plans, people in (
        (1, "planu", "osoby"),
        (2, "planów", "osób"),
        (5, "planów", "osób"),
    ):
        document = render_report(_counted_out_of(total), language="pl")
        assert '<html lang="pl"' in document
        assert f" z {total} {plans})" in document, total
        assert f" z {total} {people})" in document, total
    left = render_report(_summary(2, {}), language="pl")
    assert "</span> – nie udało się go odczytać jako planu" in left  # one file
    assert "</span> – proces odczytu został przerwany" in left
    assert "więc ich nie odczytano" in left  # two files
