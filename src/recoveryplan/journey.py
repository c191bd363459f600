"""A person's ratings over time: the journey a person-held plan shows as a picture.

Domain names and the rating scale come from the plan's framework, never from here, so a
framework plugin's own domains and scale appear in every chart; a plan whose framework is not
registered still gets its charts, named by domain id and scaled to its own ratings.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import attrs
from markupsafe import Markup, escape

from .frameworks import Framework
from .plan import Plan
from .ratings import Rating
from .textformats import isolate, short_date

__all__ = ["Chart", "DomainRatings", "domain_ratings"]


@attrs.frozen(kw_only=True)
class Chart:
    """Where to draw a series of ratings in an SVG picture ``width`` by ``height`` units."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: tuple[tuple[float, float, Rating], ...]
    gridlines: tuple[tuple[float, int], ...]

    @property
    def line(self) -> str:
        """The points as an SVG ``points`` attribute."""
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)


@attrs.frozen(kw_only=True)
class DomainRatings:
    """One domain's ratings over time, on the scale of the plan's framework."""

    domain: str
    name: str
    description: str
    ratings: tuple[Rating, ...]
    minimum: int
    maximum: int
    labels: Mapping[int, str]

    def label(self, value: int) -> str:
        """The scale's words for a value, or "" when the scale names none."""
        return self.labels.get(value, "")

    @property
    def chart(self) -> Chart:
        return _chart(self)

    def drawing(self, large_print: bool) -> Markup:
        """The chart's gridlines, journey line and points as SVG markup (its title and
        description are the template's words).

        Drawn by code, once for each series of ratings and print size a process sees, instead
        of by the template point by point at every rendering: every reader's copy of a plan
        shows the same charts.
        """
        return _drawing(
            self.ratings, self.minimum, self.maximum, tuple(self.labels), bool(large_print)
        )


def _chart(series: DomainRatings) -> Chart:
    width, height = 640, 220
    left, right, top, bottom = 48, 16, 34, 48
    inset = 64
    ratings = series.ratings
    span = series.maximum - series.minimum
    inner_w, inner_h = width - left - right - 2 * inset, height - top - bottom

    def y(value: int) -> float:
        return top + inner_h * (series.maximum - value) / span

    count = len(ratings)
    points = tuple(
        (left + inset + (inner_w * i / (count - 1) if count > 1 else inner_w / 2), y(r.value), r)
        for i, r in enumerate(ratings)
    )
    marks = sorted({series.minimum, series.maximum, *series.labels})
    if len(marks) < 3 and span >= 4:
        marks = sorted({*marks, series.minimum + span // 2})
    marks = [m for m in marks if series.minimum <= m <= series.maximum]
    return Chart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=points,
        gridlines=tuple((y(m), m) for m in marks),
    )


@functools.lru_cache(maxsize=512)
def _drawing(
    ratings: tuple[Rating, ...], minimum: int, maximum: int, marks: tuple[int, ...], large: bool
) -> Markup:
    series = DomainRatings(
        domain="",
        name="",
        description="",
        ratings=ratings,
        minimum=minimum,
        maximum=maximum,
        labels=dict.fromkeys(marks, ""),
    )
    chart = _chart(series)
    axis, value = (34, 36) if large else (22, 26)
    parts: list[str] = []
    # The line breaks are those the template wrote when it drew the chart point by point.
    for y, mark in chart.gridlines:
        parts.append(
            f'\n        <line class="grid" x1="{chart.left}" x2="{chart.width - chart.right}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>\n        <text class="axis" font-size="{axis}" '
            f'x="{chart.left - 8}" y="{y + 6:.1f}" text-anchor="end">{mark}</text>\n'
        )
    parts.append("\n")
    if len(chart.points) > 1:
        parts.append(f'<polyline class="journey" points="{escape(chart.line)}"/>')
    parts.append("\n")
    labelled = len(chart.points) <= 5
    last = len(chart.points) - 1
    baseline = chart.height - chart.bottom + 32
    for n, (x, y, rating) in enumerate(chart.points):
        parts.append(
            f'\n        <circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="8"/>\n'
            f'        <text class="value" font-size="{value}" x="{x:.1f}" y="{y - 16:.1f}" '
            f'text-anchor="middle">{rating.value}</text>\n'
        )
        if labelled or n in (0, last):
            day = escape(isolate(short_date(rating.on)))
            parts.append(
                f'\n        <text class="axis" font-size="{axis}" x="{x:.1f}" y="{baseline}" '
                f'text-anchor="middle">{day}</text>\n'
            )
        parts.append("\n")
    return Markup("".join(parts))


def domain_ratings(plan: Plan, framework: Framework | None) -> list[DomainRatings]:
    """Ratings grouped by domain: the framework's domains in its order, then any others."""
    by_domain: dict[str, list[Rating]] = {}
    for rating in plan.ratings:
        by_domain.setdefault(rating.domain, []).append(rating)
    order = framework.domain_ids if framework is not None else []
    domains = [d for d in order if d in by_domain] + [d for d in by_domain if d not in order]
    scale = framework.rating_scale if framework is not None else None
    values = [rating.value for rating in plan.ratings]
    result = []
    for domain_id in domains:
        known = framework.domain(domain_id) if framework is not None else None
        if scale is not None:
            low, high, labels = scale.minimum, scale.maximum, dict(scale.labels)
        else:
            low, high, labels = min(values), max(values), {}
        low, high = min(low, *values), max(high, *values)
        if low == high:
            high = low + 1
        result.append(
            DomainRatings(
                domain=domain_id,
                name=known.name if known is not None else domain_id,
                description=known.description if known is not None else "",
                ratings=tuple(sorted(by_domain[domain_id], key=lambda r: r.on)),
                minimum=low,
                maximum=high,
                labels=labels,
            )
        )
    return result
