"""The service manager's page: how each SRI 2 indicator is shown and what it means, and the
page (and its JSON twin) made from a report's figures.

Kept apart from :mod:`recoveryplan.caseload.report`, which reads the caseload and works the
figures out: the words a manager reads change for other reasons than the SQL does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

import attrs

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
LEFT_OUT_LABELS: Final = (
    (CANNOT_BE_READ, "could not be read as a plan"),
    (HAS_ERRORS, "have errors, so their figures could be wrong"),
    (SAME_PLAN_ID, "share their plan id with another file, so it is not known which is the plan"),
    (PERSON_IN_TWO_PLANS, "are one of two plans for the same person"),
    (LOST, "stopped the process reading them (killed, or out of memory), so were not read"),
)
"""Why a plan file is not counted, and how the page says it. Each left-out file has one
reason."""
LEFT_OUT_REASONS: Final = tuple(reason for reason, _ in LEFT_OUT_LABELS)


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
        title="Strengths recorded and put first",
        sri=("The service is strength based",),
        figures=(
            Figure(measure="with_strengths", of="plans", label="plans recording strengths"),
            Figure(measure="strengths_first", of="plans", label="plans that start with one"),
        ),
        means="A strength-based assessment starts from what the person can do and what helps "
        "them; a plan without strengths starts from what is wrong.",
        improve="Begin each assessment conversation with what the person is good at and what "
        "helps, and record it first.",
    ),
    Indicator(
        name="outcomes",
        title="Outcomes in the person's own words",
        sri=("Goals are identified and addressed", "Personalised services are provided"),
        figures=(
            Figure(
                measure="based_on_person",
                of="outcomes",
                label="outcomes based on what the person said",
            ),
            Figure(measure="with_small_goals", of="outcomes", label="outcomes with small goals"),
        ),
        means="An outcome grown from the person's own hopes and needs is theirs; small goals "
        "let progress be seen along the way.",
        improve="Link each outcome to what the person said in the assessment, and agree the "
        "first small steps towards it together.",
    ),
    Indicator(
        name="small_goals",
        title="Small goals achieved and celebrated",
        sri=("Goals are identified and addressed",),
        figures=(
            Figure(
                measure="celebrated",
                of="achieved",
                label="small goals achieved in the period with a celebration",
            ),
            Figure(
                measure="plans_with_achievement",
                of="plans",
                label="plans with a small goal achieved in the period",
            ),
            Figure(
                measure="open_overdue",
                of="open",
                label="open small goals past their due date",
                lower_is_better=True,
            ),
        ),
        means="Progress acknowledged as it happens keeps hope going; an overdue goal may "
        "need a smaller first step or a new date.",
        improve="Agree with each person how they will mark achieving a small goal, and look "
        "at overdue goals together at the next meeting.",
    ),
    Indicator(
        name="reviews",
        title="People at their own reviews",
        sri=("The service promotes and acts on service-user involvement",),
        figures=(
            Figure(
                measure="person_present",
                of="reviews",
                label="reviews in the period the person came to",
            ),
            Figure(measure="plans_reviewed", of="plans", label="plans reviewed in the period"),
        ),
        means="People who develop and review their own plans own them; a review held without "
        "the person is a review about them.",
        improve="Hold reviews when and where the person can come, and record that they did.",
    ),
    Indicator(
        name="carers",
        title="Informal carers involved",
        sri=("Informal carers are involved",),
        figures=(
            Figure(
                measure="plans_with_carers",
                of="plans",
                label="plans with family, a friend or a carer in the circle",
            ),
            Figure(
                measure="carers_with_consent",
                of="carers",
                label="informal carers the person agreed to share with",
            ),
            Figure(
                measure="reviews_with_carers",
                of="reviews",
                label="reviews in the period with an informal carer there",
            ),
            Figure(
                measure="carer_needs_answered",
                of="carer_needs",
                label="needs carers raised that an outcome answers",
            ),
        ),
        means="Every service found involving families and friends hard; the person's consent "
        "decides what they see.",
        improve="Ask each person who matters to them, record them in the circle, and ask "
        "whether they would like them at reviews.",
    ),
    Indicator(
        name="safety",
        title="Safety plans in place and complete",
        sri=("The service encourages advance planning and self-management",),
        figures=(
            Figure(measure="with_safety_plan", of="plans", label="plans with a safety plan"),
            Figure(measure="complete", of="plans", label="plans with a complete safety plan"),
        ),
        means="A complete safety plan has all six steps and the person's reasons for living: "
        "what they do themselves when things get hard.",
        improve="Fill the missing steps with the person, in their words, starting from what "
        "already helps them cope.",
    ),
    Indicator(
        name="risk",
        title="Positive risk plans, defensible and reviewed",
        sri=(
            "The service encourages advance planning and self-management",
            "Personalised services are provided",
        ),
        figures=(
            Figure(
                measure="defensible",
                of="risk_plans",
                label="risk plans with every element of a defensible decision",
            ),
            Figure(
                measure="review_overdue",
                of="risk_plans",
                label="risk plans past their review date",
                lower_is_better=True,
            ),
        ),
        means="A defensible decision records the benefits, concerns and safeguards, the "
        "person's view and capacity, the contingency, who agreed and when it is looked at "
        "again.",
        improve="Complete the missing elements with the person, and set and keep a review date.",
    ),
    Indicator(
        name="ratings",
        title="The person's own ratings over time",
        sri=("Practice is recovery focused",),
        figures=(
            Figure(
                measure="people_rating",
                of="people",
                label="people who have rated their own progress",
            ),
            Figure(
                measure="series_rising",
                of="series",
                label="rated domains where the latest rating is above the first",
            ),
        ),
        means="The person's own view of how things are going, across the caseload.",
        improve="Invite people to rate the domains at each review, so that their journey can "
        "be seen.",
    ),
    Indicator(
        name="language",
        title="Recovery language",
        sri=("Practice is recovery focused",),
        figures=(
            Figure(
                measure="plans_with_language_notes",
                of="plans",
                label="plans with words the language check suggests reconsidering",
                lower_is_better=True,
            ),
        ),
        means="Words shape what a plan expects: what the person can do rather than what they "
        "can't, doing with people rather than for them.",
        improve="Look at the language notes with the team (recoveryplan validate lists them) "
        "and rewrite together.",
    ),
    Indicator(
        name="due_for_review",
        title="Plans due for review",
        sri=("The service promotes and acts on service-user involvement",),
        figures=(
            Figure(
                measure="overdue",
                of="plans",
                label="plans whose review date has passed",
                lower_is_better=True,
            ),
            Figure(
                measure="due_within_28_days",
                of="plans",
                label="plans due for review in the next 28 days",
            ),
        ),
        means="Reviews to arrange now: the ones already overdue first, then those coming up "
        "in the next four weeks. The report does not say whose they are; recoveryplan "
        "validate, run by the team, names each plan whose review date has passed.",
        improve="Book each review with the person before its date, at a time and place they "
        "can come to.",
    ),
    Indicator(
        name="overdue",
        title="Plan reviews on time",
        sri=("The service promotes and acts on service-user involvement",),
        figures=(
            Figure(measure="with_review_date", of="plans", label="plans with a next review date"),
            Figure(
                measure="review_overdue",
                of="plans",
                label="plans past their review date",
                lower_is_better=True,
            ),
        ),
        means="A plan past its review date may no longer say what the person wants now.",
        improve="Set the next review at each review, and hold the overdue ones first.",
    ),
)
"""The indicators, in the order the report shows them (one per SQL file but ``trends``)."""

NOT_EVIDENCED: Final = (
    (
        "Staff are supported and valued",
        "needs conversations with the people providing the service, not plans.",
    ),
    (
        "The service promotes social inclusion",
        "needs service information and conversations about life beyond the service.",
    ),
    (
        "Basic needs are identified and addressed",
        "plans record needs, but not whether housing, money or health needs were met.",
    ),
)
"""SRI 2 indicators the plans cannot evidence, and what would."""

TRENDS: Final = (
    ("goals_achieved", "Small goals achieved"),
    ("reviews", "Reviews held"),
    ("person_present", "Reviews the person came to"),
    ("ratings", "Own ratings given"),
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


def render_report(summary: ReportSummary) -> str:
    """The service manager's page: one section per indicator, then what plans cannot show."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("recoveryplan.caseload", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    sections = []
    for indicator in INDICATORS:
        values = summary.figures.get(indicator.name, {})
        sections.append(
            {
                "indicator": indicator,
                "figures": [_figure(figure, values) for figure in indicator.figures],
            }
        )
    months = sorted({month for series in summary.trends.values() for month in series})
    trends: list[dict[str, Any]] = []
    for measure, label in TRENDS:
        series = [summary.trends.get(measure, {}).get(month, 0) for month in months]
        trends.append(
            {"measure": measure, "label": label, "values": series, "points": _points(series)}
        )
    return environment.get_template("report.html.j2").render(
        summary=summary,
        sections=sections,
        not_evidenced=NOT_EVIDENCED,
        left_out_labels=LEFT_OUT_LABELS,
        months=months,
        trends=trends,
    )


def _figure(figure: Figure, values: Mapping[str, int]) -> dict[str, Any]:
    value = values.get(figure.measure, 0)
    total = values.get(figure.of, 0) if figure.of is not None else None
    percent = round(100 * value / total) if total else None
    if total is None:
        text = f"{value} {figure.label}"
    else:
        noun = (figure.of or "").replace("_", " ")
        text = (
            f"{figure.label} ({value} of {total} {noun})"
            if total
            else f"{figure.label}: none to count, as there are no {noun}"
        )
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
