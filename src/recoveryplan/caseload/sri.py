"""The Scottish Recovery Indicator 2 as a service manager reads it: each indicator's title,
the figures that show it and what they count, what it means and how to improve it; the
indicators plans cannot evidence; and the monthly trends.

Kept apart from :mod:`recoveryplan.caseload.page`, which lays a report's figures out in these
words: what an indicator means changes with the framework, not with the page.
"""

from __future__ import annotations

from typing import Final

import attrs

from ..messages import N_

__all__ = ["INDICATORS", "NOT_EVIDENCED", "TRENDS", "Figure", "Indicator"]


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
