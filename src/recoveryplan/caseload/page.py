"""The service manager's page: how each SRI 2 indicator is shown and what it means, and the
page (and its JSON twin) made from a report's figures.

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

from ..messages import N_
from ..page_language import page_language, page_markup_gettext, page_words
from .clashes import PERSON_IN_TWO_PLANS, SAME_PLAN_ID, Clash

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
class Figure:
    """One number shown for an indicator: ``measure`` out of ``of`` (a count of what)."""

    measure: str
    of: str | None
    label: str
    lower_is_better: bool = False


@attrs.frozen(kw_only=True)
class Indicator:
    """How the report shows one indicator file's measures, and what they mean."""

    name: str
    title: str
    sri: tuple[str, ...]
    figures: tuple[Figure, ...]
    means: str
    improve: str


INDICATORS: Final = (
    Indicator(
        name="strengths",
        title=N_("Strengths recorded and put first"),
        sri=(N_("The service is strength based"),),
        figures=(
            Figure(measure="with_strengths", of="plans", label=N_("plans recording strengths")),
            Figure(measure="strengths_first", of="plans", label=N_("plans that start with one")),
        ),
        means=N_(
            "A strength-based assessment starts from what the person can do and what helps "
            "them; a plan without strengths starts from what is wrong."
        ),
        improve=N_(
            "Begin each assessment conversation with what the person is good at and what "
            "helps, and record it first."
        ),
    ),
    Indicator(
        name="outcomes",
        title=N_("Outcomes in the person's own words"),
        sri=(N_("Goals are identified and addressed"), N_("Personalised services are provided")),
        figures=(
            Figure(
                measure="based_on_person",
                of="outcomes",
                label=N_("outcomes based on what the person said"),
            ),
            Figure(
                measure="with_small_goals", of="outcomes", label=N_("outcomes with small goals")
            ),
        ),
        means=N_(
            "An outcome grown from the person's own hopes and needs is theirs; small goals "
            "let progress be seen along the way."
        ),
        improve=N_(
            "Link each outcome to what the person said in the assessment, and agree the "
            "first small steps towards it together."
        ),
    ),
    Indicator(
        name="small_goals",
        title=N_("Small goals achieved and celebrated"),
        sri=(N_("Goals are identified and addressed"),),
        figures=(
            Figure(
                measure="celebrated",
                of="achieved",
                label=N_("small goals achieved in the period with a celebration"),
            ),
            Figure(
                measure="plans_with_achievement",
                of="plans",
                label=N_("plans with a small goal achieved in the period"),
            ),
            Figure(
                measure="open_overdue",
                of="open",
                label=N_("open small goals past their due date"),
                lower_is_better=True,
            ),
        ),
        means=N_(
            "Progress acknowledged as it happens keeps hope going; an overdue goal may "
            "need a smaller first step or a new date."
        ),
        improve=N_(
            "Agree with each person how they will mark achieving a small goal, and look "
            "at overdue goals together at the next meeting."
        ),
    ),
    Indicator(
        name="reviews",
        title=N_("People at their own reviews"),
        sri=(N_("The service promotes and acts on service-user involvement"),),
        figures=(
            Figure(
                measure="person_present",
                of="reviews",
                label=N_("reviews in the period the person came to"),
            ),
            Figure(measure="plans_reviewed", of="plans", label=N_("plans reviewed in the period")),
        ),
        means=N_(
            "People who develop and review their own plans own them; a review held without "
            "the person is a review about them."
        ),
        improve=N_("Hold reviews when and where the person can come, and record that they did."),
    ),
    Indicator(
        name="carers",
        title=N_("Informal carers involved"),
        sri=(N_("Informal carers are involved"),),
        figures=(
            Figure(
                measure="plans_with_carers",
                of="plans",
                label=N_("plans with family, a friend or a carer in the circle"),
            ),
            Figure(
                measure="carers_with_consent",
                of="carers",
                label=N_("informal carers the person agreed to share with"),
            ),
            Figure(
                measure="reviews_with_carers",
                of="reviews",
                label=N_("reviews in the period with an informal carer there"),
            ),
            Figure(
                measure="carer_needs_answered",
                of="carer_needs",
                label=N_("needs carers raised that an outcome answers"),
            ),
        ),
        means=N_(
            "Every service found involving families and friends hard; the person's consent "
            "decides what they see."
        ),
        improve=N_(
            "Ask each person who matters to them, record them in the circle, and ask "
            "whether they would like them at reviews."
        ),
    ),
    Indicator(
        name="safety",
        title=N_("Safety plans in place and complete"),
        sri=(N_("The service encourages advance planning and self-management"),),
        figures=(
            Figure(measure="with_safety_plan", of="plans", label=N_("plans with a safety plan")),
            Figure(measure="complete", of="plans", label=N_("plans with a complete safety plan")),
        ),
        means=N_(
            "A complete safety plan has all six steps and the person's reasons for living: "
            "what they do themselves when things get hard."
        ),
        improve=N_(
            "Fill the missing steps with the person, in their words, starting from what "
            "already helps them cope."
        ),
    ),
    Indicator(
        name="risk",
        title=N_("Positive risk plans, defensible and reviewed"),
        sri=(
            N_("The service encourages advance planning and self-management"),
            N_("Personalised services are provided"),
        ),
        figures=(
            Figure(
                measure="defensible",
                of="risk_plans",
                label=N_("risk plans with every element of a defensible decision"),
            ),
            Figure(
                measure="review_overdue",
                of="risk_plans",
                label=N_("risk plans past their review date"),
                lower_is_better=True,
            ),
        ),
        means=N_(
            "A defensible decision records the benefits, concerns and safeguards, the "
            "person's view and capacity, the contingency, who agreed and when it is looked at "
            "again."
        ),
        improve=N_(
            "Complete the missing elements with the person, and set and keep a review date."
        ),
    ),
    Indicator(
        name="ratings",
        title=N_("The person's own ratings over time"),
        sri=(N_("Practice is recovery focused"),),
        figures=(
            Figure(
                measure="people_rating",
                of="people",
                label=N_("people who have rated their own progress"),
            ),
            Figure(
                measure="series_rising",
                of="series",
                label=N_("rated domains where the latest rating is above the first"),
            ),
        ),
        means=N_("The person's own view of how things are going, across the caseload."),
        improve=N_(
            "Invite people to rate the domains at each review, so that their journey can be seen."
        ),
    ),
    Indicator(
        name="language",
        title=N_("Recovery language"),
        sri=(N_("Practice is recovery focused"),),
        figures=(
            Figure(
                measure="plans_with_language_notes",
                of="plans",
                label=N_("plans with words the language check suggests reconsidering"),
                lower_is_better=True,
            ),
        ),
        means=N_(
            "Words shape what a plan expects: what the person can do rather than what they "
            "can't, doing with people rather than for them."
        ),
        improve=N_(
            "Look at the language notes with the team (recoveryplan validate lists them) "
            "and rewrite together."
        ),
    ),
    Indicator(
        name="due_for_review",
        title=N_("Plans due for review"),
        sri=(N_("The service promotes and acts on service-user involvement"),),
        figures=(
            Figure(
                measure="overdue",
                of="plans",
                label=N_("plans whose review date has passed"),
                lower_is_better=True,
            ),
            Figure(
                measure="due_within_28_days",
                of="plans",
                label=N_("plans due for review in the next 28 days"),
            ),
        ),
        means=N_(
            "Reviews to arrange now: the ones already overdue first, then those coming up "
            "in the next four weeks. The report does not say whose they are; recoveryplan "
            "validate, run by the team, names each plan whose review date has passed."
        ),
        improve=N_(
            "Book each review with the person before its date, at a time and place they "
            "can come to."
        ),
    ),
    Indicator(
        name="overdue",
        title=N_("Plan reviews on time"),
        sri=(N_("The service promotes and acts on service-user involvement"),),
        figures=(
            Figure(
                measure="with_review_date", of="plans", label=N_("plans with a next review date")
            ),
            Figure(
                measure="review_overdue",
                of="plans",
                label=N_("plans past their review date"),
                lower_is_better=True,
            ),
        ),
        means=N_("A plan past its review date may no longer say what the person wants now."),
        improve=N_("Set the next review at each review, and hold the overdue ones first."),
    ),
)
"""The indicators, in the order the report shows them (one per SQL file but ``trends``)."""

NOT_EVIDENCED: Final = (
    (
        N_("Staff are supported and valued"),
        N_("needs conversations with the people providing the service, not plans."),
    ),
    (
        N_("The service promotes social inclusion"),
        N_("needs service information and conversations about life beyond the service."),
    ),
    (
        N_("Basic needs are identified and addressed"),
        N_("plans record needs, but not whether housing, money or health needs were met."),
    ),
)
"""SRI 2 indicators the plans cannot evidence, and what would."""

TRENDS: Final = (
    ("goals_achieved", N_("Small goals achieved")),
    ("reviews", N_("Reviews held")),
    ("person_present", N_("Reviews the person came to")),
    ("ratings", N_("Own ratings given")),
)


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
