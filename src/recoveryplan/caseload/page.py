"""The service manager's page (and its JSON twin) made from a report's figures, in the words
:mod:`recoveryplan.caseload.sri` gives each indicator.

Kept apart from :mod:`recoveryplan.caseload.report`, which reads the caseload and works the
figures out: the words a manager reads change for other reasons than the SQL does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from gettext import NullTranslations
from pathlib import Path
from typing import Any, Final

import attrs
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup

from ..page_language import page_language, page_markup_gettext, page_words
from .clashes import PERSON_IN_TWO_PLANS, SAME_PLAN_ID, Clash
from .sri import INDICATORS, NOT_EVIDENCED, TRENDS, Figure, Indicator

__all__ = [
    "CANNOT_BE_READ",
    "HAS_ERRORS",
    "INDICATORS",
    "LEFT_OUT_REASONS",
    "LOST",
    "NOT_EVIDENCED",
    "TRENDS",
    "Figure",
    "Indicator",
    "ReportSummary",
    "render_report",
    "report_json",
]


CANNOT_BE_READ: Final = "cannot-be-read"
HAS_ERRORS: Final = "has-errors"
LOST: Final = "lost"
LEFT_OUT_REASONS: Final = (CANNOT_BE_READ, HAS_ERRORS, SAME_PLAN_ID, PERSON_IN_TWO_PLANS, LOST)
"""Why a plan file is not counted, in the order the page lists them (:func:`_left_out` says
each). Each left-out file has one reason."""


@attrs.frozen(kw_only=True)
class ReportSummary:
    """What :func:`caseload_report` made: how many plans were counted, which files were left
    out and why, and every figure.

    ``plans`` counts only the plans in the figures: valid, and in no clash. ``failed`` are
    the files that could not be read as plans, ``left_out`` those with errors (each with the
    reason), ``clashes`` the pairs of files that claim one plan or one person.
    """

    out_dir: Path
    today: date
    since: date
    plans: int
    failed: tuple[tuple[str, str], ...]
    figures: Mapping[str, Mapping[str, int]]
    trends: Mapping[str, Mapping[str, int]]
    files: int = attrs.field(default=-1)
    """Plan files read (default: the plans counted and the failed files, as before clashes
    and errors were left out)."""
    left_out: tuple[tuple[str, str], ...] = ()
    clashes: tuple[Clash, ...] = ()
    left_out_reasons: Mapping[str, int] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        if self.files < 0:
            object.__setattr__(self, "files", self.plans + len(self.failed))

    @property
    def plans_left_out(self) -> int:
        """Files read less plans counted."""
        return self.files - self.plans

    @property
    def ok(self) -> bool:
        """Every file read was counted."""
        return self.plans_left_out == 0


def report_json(summary: ReportSummary) -> str:
    """The figures for scripts and tests; no paths (a file name can be a person's name)."""
    return json.dumps(
        {
            "today": summary.today.isoformat(),
            "since": summary.since.isoformat(),
            "plans": summary.plans,
            "plans_failed": len(summary.failed),
            "plans_left_out": summary.plans_left_out,
            "plans_left_out_reasons": {
                reason: summary.left_out_reasons.get(reason, 0) for reason in LEFT_OUT_REASONS
            },
            "indicators": summary.figures,
            "trends": summary.trends,
        },
        indent=2,
        sort_keys=True,
    )


def render_report(summary: ReportSummary, language: str | None = None) -> str:
    """The service manager's page: one section per indicator, then what plans cannot show.

    ``language`` (a BCP 47 tag) is the manager's: the page is in it once the
    ``recoveryplan-pages`` catalogue is complete for it, and in English until then."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    chosen = page_language(language)
    words = page_words(chosen.catalogue)
    say = words.gettext
    environment = Environment(
        loader=PackageLoader("recoveryplan.caseload", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        *page_markup_gettext(words), newstyle=False
    )
    environment.filters["day"] = _day(chosen.catalogue)
    environment.filters["number"] = _number(chosen.catalogue)
    sections = []
    for indicator in INDICATORS:
        values = summary.figures.get(indicator.name, {})
        shown = attrs.evolve(
            indicator,
            title=say(indicator.title),
            sri=tuple(say(name) for name in indicator.sri),
            means=say(indicator.means),
            improve=say(indicator.improve),
            figures=tuple(attrs.evolve(f, label=say(f.label)) for f in indicator.figures),
        )
        sections.append(
            {
                "indicator": shown,
                "figures": [_figure(figure, values, words) for figure in shown.figures],
            }
        )
    months = sorted({month for series in summary.trends.values() for month in series})
    trends: list[dict[str, Any]] = []
    for measure, label in TRENDS:
        series = [summary.trends.get(measure, {}).get(month, 0) for month in months]
        trends.append(
            {"measure": measure, "label": say(label), "values": series, "points": _points(series)}
        )
    return environment.get_template("report.html.j2").render(
        summary=summary,
        sections=sections,
        not_evidenced=[(say(name), say(why)) for name, why in NOT_EVIDENCED],
        left_out=_left_out_lines(summary, words, _number(chosen.catalogue)),
        months=months,
        trends=trends,
        # An English page is as it always was (lang "en"); a translated one names its language.
        lang="en" if chosen.catalogue is None else chosen.tag,
        dir=chosen.direction,
    )


def _left_out(words: NullTranslations, reason: str, n: int) -> str:
    """How many files were left out for ``reason``, and why: one counted sentence a reason,
    its verb agreeing with the count (``%(count)s`` is the number, in its markup)."""
    said = {
        CANNOT_BE_READ: words.ngettext(
            "%(count)s could not be read as a plan", "%(count)s could not be read as plans", n
        ),
        HAS_ERRORS: words.ngettext(
            "%(count)s has errors, so its figures could be wrong",
            "%(count)s have errors, so their figures could be wrong",
            n,
        ),
        SAME_PLAN_ID: words.ngettext(
            "%(count)s shares its plan id with another file, so it is not known which is the plan",
            "%(count)s share their plan id with another file, so it is not known which is the plan",
            n,
        ),
        PERSON_IN_TWO_PLANS: words.ngettext(
            "%(count)s is one of two plans for the same person",
            "%(count)s are one of two plans for the same person",
            n,
        ),
        LOST: words.ngettext(
            "%(count)s stopped the process reading it (killed, or out of memory), so was not read",
            "%(count)s stopped the process reading them (killed, or out of memory), so were not "
            "read",
            n,
        ),
    }
    return said[reason]


def _left_out_lines(
    summary: ReportSummary, words: NullTranslations, number: Callable[[int], str]
) -> list[Markup]:
    """Each reason files were left out for, with how many, as the page lists them."""
    lines = []
    for reason in LEFT_OUT_REASONS:
        count = summary.left_out_reasons.get(reason, 0)
        if count:
            held = Markup('<span data-left-out="{}" data-value="{}">{}</span>').format(
                reason, count, number(count)
            )
            lines.append(Markup(_left_out(words, reason, count)) % {"count": held})
    return lines


def _out_of(words: NullTranslations, of: str, total: int) -> str | None:
    """A figure's line, counted out of ``total`` of what ``of`` names: one message for each
    thing counted, in the form its count takes, so each language says "of 5 plans" its own
    way (the case and number the count wants). ``None`` for a count this page has no words
    for."""
    n = total
    said = {
        "plans": words.ngettext(
            "%(label)s (%(value)s of %(total)s plan)", "%(label)s (%(value)s of %(total)s plans)", n
        ),
        "outcomes": words.ngettext(
            "%(label)s (%(value)s of %(total)s outcome)",
            "%(label)s (%(value)s of %(total)s outcomes)",
            n,
        ),
        "achieved": words.ngettext(
            "%(label)s (%(value)s of %(total)s small goal achieved)",
            "%(label)s (%(value)s of %(total)s small goals achieved)",
            n,
        ),
        "open": words.ngettext(
            "%(label)s (%(value)s of %(total)s open small goal)",
            "%(label)s (%(value)s of %(total)s open small goals)",
            n,
        ),
        "reviews": words.ngettext(
            "%(label)s (%(value)s of %(total)s review)",
            "%(label)s (%(value)s of %(total)s reviews)",
            n,
        ),
        "carers": words.ngettext(
            "%(label)s (%(value)s of %(total)s carer)",
            "%(label)s (%(value)s of %(total)s carers)",
            n,
        ),
        "carer_needs": words.ngettext(
            "%(label)s (%(value)s of %(total)s carer need)",
            "%(label)s (%(value)s of %(total)s carer needs)",
            n,
        ),
        "risk_plans": words.ngettext(
            "%(label)s (%(value)s of %(total)s risk plan)",
            "%(label)s (%(value)s of %(total)s risk plans)",
            n,
        ),
        "people": words.ngettext(
            "%(label)s (%(value)s of %(total)s person)",
            "%(label)s (%(value)s of %(total)s people)",
            n,
        ),
        "series": words.ngettext(
            "%(label)s (%(value)s of %(total)s rated domain)",
            "%(label)s (%(value)s of %(total)s rated domains)",
            n,
        ),
    }
    return said.get(of)


def _none_of(words: NullTranslations, of: str) -> str | None:
    """A figure's line when there is nothing to count it out of: one sentence for each thing
    counted, so the noun takes the form "there are no ..." wants in each language."""
    said = {
        "plans": words.gettext("%(label)s: none to count, as there are no plans"),
        "outcomes": words.gettext("%(label)s: none to count, as there are no outcomes"),
        "achieved": words.gettext("%(label)s: none to count, as there are no small goals achieved"),
        "open": words.gettext("%(label)s: none to count, as there are no open small goals"),
        "reviews": words.gettext("%(label)s: none to count, as there are no reviews"),
        "carers": words.gettext("%(label)s: none to count, as there are no carers"),
        "carer_needs": words.gettext("%(label)s: none to count, as there are no carer needs"),
        "risk_plans": words.gettext("%(label)s: none to count, as there are no risk plans"),
        "people": words.gettext("%(label)s: none to count, as there are no people"),
        "series": words.gettext("%(label)s: none to count, as there are no rated domains"),
    }
    return said.get(of)


def _day(catalogue: str | None) -> Callable[[date], str]:
    def day(value: date) -> str:
        if catalogue is None:
            return value.isoformat()
        return format_date(value, format="medium", locale=catalogue)

    return day


def _number(catalogue: str | None) -> Callable[[int], str]:
    def number(value: int) -> str:
        return str(value) if catalogue is None else format_decimal(value, locale=catalogue)

    return number


def _figure(figure: Figure, values: Mapping[str, int], words: NullTranslations) -> dict[str, Any]:
    value = values.get(figure.measure, 0)
    total = values.get(figure.of, 0) if figure.of is not None else None
    percent = round(100 * value / total) if total else None
    if total is None:
        text = words.gettext("%(value)s %(label)s") % {"value": value, "label": figure.label}
    else:
        of = figure.of or ""
        if total:
            line = _out_of(words, of, total) or words.gettext("%(label)s (%(value)s of %(total)s)")
        else:
            line = _none_of(words, of) or words.gettext("%(label)s: none to count")
        text = line % {"label": figure.label, "value": value, "total": total}
    return {
        "figure": figure,
        "value": value,
        "total": total,
        "percent": percent,
        "text": text,
    }


def _points(values: list[int]) -> str:
    """An SVG polyline's points for a small line chart 300 wide and 80 high."""
    if len(values) < 2:
        return ""
    top = max(values) or 1
    step = 300 / (len(values) - 1)
    return " ".join(
        f"{round(i * step, 1)},{round(75 - 70 * value / top, 1)}" for i, value in enumerate(values)
    )
