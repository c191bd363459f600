"""A person's ratings over time: the journey a person-held plan shows as a picture.

Domain names and the rating scale come from the plan's framework, never from here, so a
framework plugin's own domains and scale appear in every chart; a plan whose framework is not
registered still gets its charts, named by domain id and scaled to its own ratings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import attrs
from markupsafe import Markup

from .frameworks import Framework
from .plan import Plan
from .ratings import Rating
from .textformats import write_html

__all__ = ["MOST_POINTS", "Chart", "DomainRatings", "Point", "domain_ratings", "period_name"]


MOST_LABELLED = 12
"""The most points whose values a chart writes beside them; a longer series has only its first
and last value written (and every value in its description and table)."""

MOST_POINTS = 24
"""The most points a chart draws, and its text alternative reads out, one by one: beyond it a
series is drawn as monthly (or quarterly, or yearly) averages, which a picture can show and a
screen reader can read, and every rating stays in the table beside it."""

INK = "#2b2724"
ACCENT = "#1e5b56"
PAPER = "#ffffff"
MUTED = "#574f47"
"""The chart's colours, written on the picture itself so that print keeps them (and so dark
enough, on white, to survive greyscale): the line and the rings of the points in the accent,
the points white inside, the values in ink and the scale and dates muted."""


@attrs.frozen(kw_only=True)
class Point:
    """One drawn point: a rating, or the average of a period's ratings."""

    x: float
    y: float
    value: int | float
    on: date
    period: str | None = None  # "2026-05" or "2026-Q2" or "2026" for an average
    count: int = 1
    date_anchor: str | None = None  # "start", "middle" or "end" when its date is written
    date_x: float = 0.0  # where its date is written


@attrs.frozen(kw_only=True)
class Chart:
    """Where to draw a series of ratings in an SVG picture ``width`` by ``height`` units.

    Every word is placed inside the picture: the first date starts at its point and the last
    ends at its point, so neither runs off an edge or into the scale; dates between them are
    written only where they do not run into another; value labels sit above their point, or
    below it at the top of the scale."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: tuple[tuple[float, float, Rating], ...]
    drawn: tuple[Point, ...]
    gridlines: tuple[tuple[float, int], ...]
    summary: str | None  # "month", "quarter" or "year" when the points are averages

    @property
    def line(self) -> str:
        """The drawn points as an SVG ``points`` attribute."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.drawn)

    def value_y(self, point: Point, font: int) -> float:
        """Where a point's value is written: above it, or below it when above is outside."""
        above = point.y - 16
        return above if above - font * 0.8 >= 0 else point.y + 16 + font * 0.8

    def values_written(
        self, font: int, number: Callable[[object], str] | None = None
    ) -> frozenset[int]:
        """Which drawn points have their value written beside them, in text ``font`` units
        high (``number`` writes a value, to measure it as it is written).

        Every point of a short series is a candidate, only the first and the last of a longer
        one; a candidate whose label would touch one already written is left out (its value is
        still read in the description and the table), the first and the last placed first so
        that they always are. Neighbours with the same value sit at the same height, so close
        points, or wide averages such as "10.0", would otherwise print one over another."""
        count = len(self.drawn)
        candidates = range(count) if count <= MOST_LABELLED else (0, count - 1)
        ordered = sorted(set(candidates), key=lambda i: (i not in (0, count - 1), i))
        written: list[tuple[int, _Box]] = []
        for i in ordered:
            point = self.drawn[i]
            text = str(point.value) if number is None else number(point.value)
            half = font * GLYPH * len(text) / 2 + font / 4  # a quarter em apart at least
            y = self.value_y(point, font)
            box = (point.x - half, y - 0.75 * font, point.x + half, y + 0.25 * font)
            if not any(_touch(box, other) for _, other in written):
                written.append((i, box))
        return frozenset(i for i, _ in written)

    def marks(
        self,
        font: int,
        value_font: int,
        name: Callable[[Point], str] | None = None,
        number: Callable[[object], str] | None = None,
    ) -> Markup:
        """What is drawn inside the picture, as SVG for an HTML page: the scale's gridlines
        and numbers, the line, each point with its value (see :meth:`values_written`) and the
        dates that fit (``name`` writes them; ``number`` writes a
        value the locale's way in a translated copy).

        Drawn here rather than in the template: the points are numbers to place, not words,
        and placing them in the template was most of the time of rendering a plan's ratings.
        The words around the picture (its title and description) stay in the templates.
        """
        write, name = _written, name or period_name
        parts = []
        # what every gridline and date shares, written once a chart
        size, value_size = write(font), write(value_font)
        grid_from, grid_to = write(self.left), write(self.width - self.right)
        scale_at = write(self.left - 8)
        for y, mark in self.gridlines:
            parts.append(
                f'\n        <line class="grid" stroke="#c9bba8" x1="{grid_from}" '
                f'x2="{grid_to}" y1="{y:.1f}" y2="{y:.1f}"/>\n'
                f'        <text class="axis" fill="{MUTED}" font-size="{size}" '
                f'x="{scale_at}" y="{y + 6:.1f}" text-anchor="end">{write(mark)}'
                "</text>\n"
            )
        parts.append("\n")
        if len(self.drawn) > 1:
            parts.append(
                f'<polyline class="journey" fill="none" stroke="{ACCENT}" stroke-width="4" '
                f'points="{write(self.line)}"/>'
            )
        parts.append("\n")
        written = self.values_written(value_font, number)
        dates_at = write(self.height - self.bottom + 32)
        for index, point in enumerate(self.drawn):
            parts.append(
                f'\n        <circle class="point" fill="{PAPER}" stroke="{ACCENT}" '
                f'stroke-width="4" cx="{point.x:.1f}" cy="{point.y:.1f}" r="8"/>\n'
            )
            if index in written:
                value = point.value if number is None else number(point.value)
                parts.append(
                    f'\n        <text class="value" fill="{INK}" font-size="{value_size}" '
                    f'x="{point.x:.1f}" y="{self.value_y(point, value_font):.1f}" '
                    f'text-anchor="middle">{write(value)}</text>\n'
                )
            parts.append("\n")
            if point.date_anchor:
                parts.append(
                    f'\n        <text class="axis" fill="{MUTED}" font-size="{size}" '
                    f'x="{point.date_x:.1f}" y="{dates_at}" '
                    f'text-anchor="{write(point.date_anchor)}">{write(name(point))}</text>\n'
                )
            parts.append("\n")
        return Markup("".join(parts))


_Box = tuple[float, float, float, float]
"""The room a label takes: left, top, right, bottom."""


def _touch(a: _Box, b: _Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _written(value: object) -> str:
    """A value as a template writes it in HTML (a number as Python writes it)."""
    return str(value) if type(value) in (int, float) else write_html(value)


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
        return _chart(self, 22)

    def chart_at(self, font: int) -> Chart:
        """The chart with its date labels spaced for text ``font`` units high."""
        return _chart(self, font)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_name(point: Point) -> str:
    """The period an averaged point stands for, short enough for a chart ("May 2026",
    "Apr-Jun 2026", "2026"); a single rating's own date otherwise ("2 May 2026")."""
    if point.period is None:
        return f"{point.on.day} {_MONTHS[point.on.month - 1]} {point.on.year}"
    year, _, part = point.period.partition("-")
    if not part:
        return year
    if part.startswith("Q"):
        first = (int(part[1:]) - 1) * 3
        return f"{_MONTHS[first]}-{_MONTHS[first + 2]} {year}"
    return f"{_MONTHS[int(part) - 1]} {year}"


def _periods(ratings: tuple[Rating, ...]) -> tuple[str, list[tuple[str, list[Rating]]]]:
    """The ratings grouped by the shortest period (month, quarter, year) that makes at most
    :data:`MOST_POINTS` groups."""
    keys: dict[str, Callable[[date], str]] = {
        "month": lambda d: f"{d.year}-{d.month:02d}",
        "quarter": lambda d: f"{d.year}-Q{(d.month - 1) // 3 + 1}",
        "year": lambda d: f"{d.year}",
    }
    for unit, key in keys.items():
        groups: dict[str, list[Rating]] = {}
        for rating in ratings:
            groups.setdefault(key(rating.on), []).append(rating)
        if len(groups) <= MOST_POINTS or unit == "year":
            return unit, list(groups.items())
    raise AssertionError("unreachable")  # pragma: no cover


def _chart(series: DomainRatings, font: int) -> Chart:
    width, height = 640, 220
    left, right, top, bottom = 56, 16, 34, 48
    inset = 64
    ratings = series.ratings
    span = series.maximum - series.minimum
    inner_w, inner_h = width - left - right - 2 * inset, height - top - bottom

    def y(value: float) -> float:
        return top + inner_h * (series.maximum - value) / span

    def x(i: int, count: int) -> float:
        return left + inset + (inner_w * i / (count - 1) if count > 1 else inner_w / 2)

    count = len(ratings)
    points = tuple((x(i, count), y(r.value), r) for i, r in enumerate(ratings))
    summary: str | None = None
    if count > MOST_POINTS:
        summary, groups = _periods(ratings)
        drawn = [
            Point(
                x=x(i, len(groups)),
                y=y(mean),
                value=mean,
                on=group[-1].on,
                period=period,
                count=len(group),
            )
            for i, (period, group) in enumerate(groups)
            for mean in [round(sum(r.value for r in group) / len(group), 1)]
        ]
    else:
        drawn = [Point(x=px, y=py, value=r.value, on=r.on) for px, py, r in points]
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
        drawn=_dated(drawn, font, left, width - right),
        gridlines=tuple((y(m), m) for m in marks),
        summary=summary,
    )


GLYPH = 0.62
"""A generous average glyph width, in ems, of the fonts the charts are drawn in: labels are
spaced by it, so that a wider font still leaves them apart."""


def _dated(points: list[Point], font: int, low: float, high: float) -> tuple[Point, ...]:
    """The points with the ones whose date is written marked: the first (starting at the
    left of the plot, ``low``), the last (ending at its right, ``high``), and between them each
    one whose date fits, under its point, without touching another."""
    if not points:
        return ()
    if len(points) == 1:
        return (_dated_at(points[0], "middle", points[0].x),)

    def wide(point: Point) -> float:
        return font * GLYPH * len(period_name(point))

    first, last = points[0], points[-1]
    placed = [(low, low + wide(first))]
    end = high - wide(last)
    marked = [_dated_at(first, "start", low)]
    for point in points[1:-1]:
        half = wide(point) / 2
        if point.x - half > placed[-1][1] + font / 2 and point.x + half < end - font / 2:
            placed.append((point.x - half, point.x + half))
            marked.append(_dated_at(point, "middle", point.x))
        else:
            marked.append(point)
    # The first and the last are always a whole chart apart, so both are written.
    marked.append(_dated_at(last, "end", high))
    return tuple(marked)


def _dated_at(point: Point, anchor: str, x: float) -> Point:
    """``attrs.evolve(point, date_anchor=anchor, date_x=x)``, without its look at the fields:
    a page marks the dates of every chart's points."""
    return Point(
        x=point.x,
        y=point.y,
        value=point.value,
        on=point.on,
        period=point.period,
        count=point.count,
        date_anchor=anchor,
        date_x=x,
    )


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
