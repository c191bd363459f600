"""Rating charts that read well: every word inside the picture, none on another, colours on
the picture itself, and a long series drawn and described as a summary."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.journey import MOST_POINTS, domain_ratings, period_name
from recoveryplan.templating import environment as template_environment

from ..support.html import Page
from ..support.reference import TODAY

SVG = re.compile(r'<svg role="img"[^>]*viewBox="0 0 (\d+) (\d+)">(.*?)</svg>', re.DOTALL)
TEXT = re.compile(r"<text ([^>]*)>([^<]*)</text>")
GLYPH = 0.62  # a generous average glyph width, in ems, for the fonts the charts use


def _attributes(text: str) -> dict[str, str]:
    return dict(re.findall(r'([\w-]+)="([^"]*)"', text))


def boxes(page: str) -> list[tuple[int, int, list[tuple[float, float, float, float, str]]]]:
    """Each chart's size and the box of every piece of text in it (left, top, right, bottom)."""
    found = []
    for width, height, body in SVG.findall(page):
        texts = []
        for attributes, words in TEXT.findall(body):
            a = _attributes(attributes)
            size, x, y = float(a["font-size"]), float(a["x"]), float(a["y"])
            wide = GLYPH * size * len(words.strip())
            anchor = a.get("text-anchor", "start")
            left = {"start": x, "middle": x - wide / 2, "end": x - wide}[anchor]
            texts.append((left, y - 0.75 * size, left + wide, y + 0.25 * size, words.strip()))
        found.append((int(width), int(height), texts))
    return found


Box = tuple[float, float, float, float, str]


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_charts(page: str) -> None:
    charts = boxes(page)
    assert charts
    for width, height, texts in charts:
        for box in texts:
            assert box[0] >= 0, box
            assert box[2] <= width, box
            assert box[1] >= 0, box
            assert box[3] <= height, box
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                assert not _overlap(a, b), (a, b)


@pytest.mark.parametrize("large_print", [False, True])
def test_the_reference_charts_keep_every_word_inside_and_apart(
    morag: rp.Plan, large_print: bool
) -> None:
    page = rp.render(morag, "person", "html", today=TODAY, large_print=large_print)
    check_charts(page)
    assert "1 Jun 2026</text>" in page  # the last date, whole


def with_ratings(morag: rp.Plan, values: list[int], every: int = 30) -> rp.Plan:
    start = date(2021, 1, 4)
    ratings = [
        rp.Rating(domain="hope", on=start + timedelta(days=every * i), value=v, by="person")
        for i, v in enumerate(values)
    ]
    return attrs.evolve(morag, ratings=ratings)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=10), min_size=1, max_size=70),
    st.sampled_from([1, 7, 30, 95]),
    st.booleans(),
)
# Averages side by side with the same value, so at the same height: two "1.0" overlapped.
@example(values=[1] * 40, every=95, large_print=False)
@example(values=[10] * 30, every=30, large_print=False)
# Twelve single ratings of 10 in large print: the widest whole numbers, the closest points.
@example(values=[10] * 12, every=7, large_print=True)
def test_any_series_keeps_its_words_inside_and_apart(
    values: list[int], every: int, large_print: bool
) -> None:
    morag = rp.load(rp.__path__[0] + "/examples/morag.json")
    plan = with_ratings(morag, values, every)
    check_charts(rp.render(plan, "staff", "html", today=TODAY, large_print=large_print))


def test_sixty_ratings_are_drawn_and_described_as_a_summary(morag: rp.Plan) -> None:
    values = [(i * 7) % 10 + 1 for i in range(60)]
    plan = with_ratings(morag, values)
    html = rp.render(plan, "person", "html", today=TODAY)
    page = Page(html)
    (desc,) = re.findall(r"<desc[^>]*>(.*?)</desc>", html, re.DOTALL)
    numbers = re.findall(r"\b\d+(?:\.\d)?\b(?! (?:January|February|March|April|May|June|July"
                         r"|August|September|October|November|December))", desc)  # fmt: skip
    full_dates = re.findall(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August"
                            r"|September|October|November|December) \d{4}", desc)  # fmt: skip
    assert full_dates[:2] == ["4 January 2021", "9 November 2025"]  # the first and the latest
    assert len(full_dates) <= 12
    values_read = [n for n in numbers if not re.fullmatch(r"20\d\d", n)]
    assert len(values_read) <= 24 + 4  # the averages, and the first and latest out of 10
    assert "average of each quarter" in desc
    (svg,) = SVG.findall(html)
    assert svg[2].count("<circle") <= MOST_POINTS
    # The person's current copy shows the latest rows and says how many more there are; the
    # full history keeps every rating in the table.
    (table,) = page.tags("table")
    assert table is not None
    assert 0 < len(re.findall(r"<th scope=\"row\">", html)) < 60
    full = rp.render(plan, "person", "html", today=TODAY, full_history=True)
    assert len(re.findall(r"<th scope=\"row\">", full)) == 60


def test_a_series_of_two_dozen_is_drawn_whole(morag: rp.Plan) -> None:
    plan = with_ratings(morag, [5] * MOST_POINTS)
    html = rp.render(plan, "staff", "html", today=TODAY)
    (svg,) = SVG.findall(html)
    assert svg[2].count("<circle") == MOST_POINTS
    assert "average" not in svg[2]


def test_the_charts_carry_their_colours_for_print(morag: rp.Plan) -> None:
    html = rp.render(morag, "person", "html", today=TODAY)
    points: list[dict[str, Any]] = [
        _attributes(c) for c in re.findall(r"<circle (class=\"point\"[^>]*)/>", html)
    ]
    assert points
    for point in points:
        assert point["fill"] == "#ffffff"
        assert point["stroke"] == "#1e5b56"  # dark enough on white to stay visible in grey


DRAWN_BY_TEMPLATE = """\
        {% for y, mark in chart.gridlines %}
        <line class="grid" stroke="#c9bba8" x1="{{ chart.left }}" x2="{{ chart.width - chart.right }}" y1="{{ '%.1f' % y }}" y2="{{ '%.1f' % y }}"/>
        <text class="axis" fill="#574f47" font-size="{{ font }}" x="{{ chart.left - 8 }}" y="{{ '%.1f' % (y + 6) }}" text-anchor="end">{{ mark }}</text>
        {% endfor %}
        {% if chart.drawn | length > 1 %}<polyline class="journey" fill="none" stroke="#1e5b56" stroke-width="4" points="{{ chart.line }}"/>{% endif %}
        {% for point in chart.drawn %}
        <circle class="point" fill="#ffffff" stroke="#1e5b56" stroke-width="4" cx="{{ '%.1f' % point.x }}" cy="{{ '%.1f' % point.y }}" r="8"/>
        {% if loop.index0 in written %}
        <text class="value" fill="#2b2724" font-size="{{ value_font }}" x="{{ '%.1f' % point.x }}" y="{{ '%.1f' % chart.value_y(point, value_font) }}" text-anchor="middle">{{ point.value }}</text>
        {% endif %}
        {% if point.date_anchor %}
        <text class="axis" fill="#574f47" font-size="{{ font }}" x="{{ '%.1f' % point.date_x }}" y="{{ chart.height - chart.bottom + 32 }}" text-anchor="{{ point.date_anchor }}">{{ period_name(point) }}</text>
        {% endif %}
        {% endfor %}"""  # noqa: E501 - the template's lines as they were
"""How ``_ratings.html.j2`` drew a chart before :meth:`Chart.marks` drew it in code (with the
values written chosen by :meth:`Chart.values_written`, so that none overlaps another)."""


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=10), min_size=1, max_size=70),
    st.sampled_from([1, 7, 30, 95]),
    st.sampled_from([(22, 26), (34, 36)]),
)
def test_charts_drawn_in_code_are_what_the_template_drew(
    values: list[int], every: int, fonts: tuple[int, int]
) -> None:
    """Drawing a chart in code changed how fast it is drawn, not a character of it."""
    morag = rp.load(rp.__path__[0] + "/examples/morag.json")
    environment = template_environment("html")
    template = environment.from_string(DRAWN_BY_TEMPLATE)
    for series in domain_ratings(with_ratings(morag, values, every), None):
        font, value_font = fonts
        chart = series.chart_at(font)
        written = chart.values_written(value_font)
        drawn = template.render(chart=chart, font=font, value_font=value_font, written=written)
        assert chart.marks(font, value_font, period_name) == drawn
