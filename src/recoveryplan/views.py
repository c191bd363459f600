"""The documents a plan is rendered as: the plan itself, the review pack, the safety plan alone
and the pocket crisis card.

Every view is built from the plan as its reader may see it, so consent is decided once, in
:func:`recoveryplan.audience.disclose`, for every view alike; which section each view is made
from is :data:`recoveryplan.audience.VIEW_SECTIONS`, and the views a reader may have are the
:class:`~recoveryplan.audience.Disclosure`'s. A view the reader was not given (a circle
member's safety plan when the person did not share it) is refused with a
:class:`ConsentError`, never rendered empty; a view that needs a part the plan does not have
yet is refused with a :class:`PlanValueError` saying what to add.

The review pack is worked out here, in Python, so that the templates only lay it out: what was
achieved since the last review, how the person's ratings moved, what is overdue, what supporters
raised and what answers it, and which risk plans are due for review.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import overload

import attrs

from .assessment import AssessmentItem
from .audience import VIEW_SECTIONS, Disclosure, disclose, possessive
from .errors import ConsentError, PlanValueError
from .frameworks import Framework
from .goals import Goal, Outcome, goals_under
from .messages import N_
from .messages import gettext as _
from .people import CircleMember
from .plan import Plan
from .ratings import Rating
from .review_decisions import Became, latest_review, what_became
from .reviews import Review
from .risk import RiskPlan
from .safety import Professional, SafetyPlan
from .sharing import Section
from .summaries import StepsLeftOut, set_aside_untouched, within_budget

__all__ = [
    "VIEWS",
    "Achievement",
    "AnsweredNeed",
    "Help",
    "History",
    "Overdue",
    "RatingChange",
    "ReviewPack",
    "check_view",
    "crisis_lines",
    "current_period",
    "has_safety_plan",
    "not_a_view",
    "review_pack",
    "ways_to_help",
]

VIEWS: tuple[str, ...] = tuple(VIEW_SECTIONS)
"""Every view :func:`recoveryplan.render` makes; each has templates ``<view>.<format>.j2``."""

# Translators: %(called)s is the person's name; %(their)s is "her", "his" or "their" (English
# grammar: a translation may leave it out); %(name)s is the reader's name; %(view)s (a view's
# name), %(section)s (the section's key) and %(reader)s (the reader's circle id) are quoted
# values, kept as they are.
_NOT_SHARED: dict[Section, str] = {
    Section.ASSESSMENT: N_(
        "%(called)s has not agreed to share %(their)s assessment with %(name)s, so %(name)s "
        "cannot have the %(view)s view; render the plan view, or add %(section)s to the "
        "sharing entry for %(reader)s if %(called)s agrees"
    ),
    Section.OUTCOMES: N_(
        "%(called)s has not agreed to share %(their)s outcomes with %(name)s, so %(name)s "
        "cannot have the %(view)s view; render the plan view, or add %(section)s to the "
        "sharing entry for %(reader)s if %(called)s agrees"
    ),
    Section.RATINGS: N_(
        "%(called)s has not agreed to share %(their)s ratings with %(name)s, so %(name)s "
        "cannot have the %(view)s view; render the plan view, or add %(section)s to the "
        "sharing entry for %(reader)s if %(called)s agrees"
    ),
    Section.RISK_PLANS: N_(
        "%(called)s has not agreed to share %(their)s risk plans with %(name)s, so %(name)s "
        "cannot have the %(view)s view; render the plan view, or add %(section)s to the "
        "sharing entry for %(reader)s if %(called)s agrees"
    ),
    Section.SAFETY_PLAN: N_(
        "%(called)s has not agreed to share %(their)s safety plan with %(name)s, so %(name)s "
        "cannot have the %(view)s view; render the plan view, or add %(section)s to the "
        "sharing entry for %(reader)s if %(called)s agrees"
    ),
    Section.REVIEWS: N_(
        "%(called)s has not agreed to share %(their)s reviews with %(name)s, so %(name)s "
        "cannot have the %(view)s view; render the plan view, or add %(section)s to the "
        "sharing entry for %(reader)s if %(called)s agrees"
    ),
    Section.CIRCLE: N_(
        "%(called)s has not agreed to share %(their)s circle of support with %(name)s, so "
        "%(name)s cannot have the %(view)s view; render the plan view, or add %(section)s to "
        "the sharing entry for %(reader)s if %(called)s agrees"
    ),
}
"""Why a reader cannot have a view made from a section the person has not shared with them:
one sentence for each section (which view needs which is :data:`VIEW_SECTIONS`' alone)."""


def not_a_view(view: object) -> PlanValueError:
    """The error for a view there is none of, listing those there are."""
    # Translators: %(view)s is the view asked for, quoted; %(views)s lists the views' names
    # (plan, review, crisis-card...), kept as they are.
    return PlanValueError(
        _("%(view)s is not a view plans can be rendered as; use one of: %(views)s")
        % {"view": repr(view), "views": ", ".join(VIEW_SECTIONS)}
    )


@overload
def check_view(view: str, disclosure: Disclosure) -> None: ...


@overload
def check_view(
    view: str, disclosure: Plan, shown: Plan, member: CircleMember | None, shared: Sequence[str]
) -> None: ...


def check_view(
    view: str,
    disclosure: Disclosure | Plan,
    shown: Plan | None = None,
    member: CircleMember | None = None,
    shared: Sequence[str] = (),
) -> None:
    """Refuse a view its reader may not have, or that the plan cannot make yet.

    ``disclosure`` is the consent decision for the reader (:func:`recoveryplan.audience.
    disclose`). The older form ``check_view(view, plan, shown, member, shared)`` still works:
    the decision is then made for ``member`` (or the staff) and ``shared`` is not read.
    """
    if isinstance(disclosure, Plan):
        whole = disclosure
        disclosure = disclose(whole, member.id if member is not None else "staff")
        if shown is not None:
            disclosure = attrs.evolve(disclosure, plan=shown)
    if view not in VIEW_SECTIONS:
        raise not_a_view(view)
    needed = VIEW_SECTIONS[view]
    if needed is None:
        return
    person = disclosure.plan.person
    called = person.called
    if view not in disclosure.views:
        name = disclosure.member.name if disclosure.member is not None else disclosure.reader
        raise ConsentError(
            _(_NOT_SHARED[needed])
            % {
                "view": repr(view),
                "called": called,
                "their": possessive(person),
                "name": name,
                "section": repr(needed.value),
                "reader": repr(disclosure.reader),
            }
        )
    if needed is Section.SAFETY_PLAN and not has_safety_plan(disclosure.plan):
        # Translators: %(called)s is the person's name; %(view)s is the view's name, quoted;
        # safety_plan is the plan's field, kept as it is.
        raise PlanValueError(
            _(
                "%(called)s's plan has no safety plan yet, so the %(view)s view cannot be made; "
                "write the safety plan (safety_plan in the plan) with %(called)s first"
            )
            % {"called": called, "view": repr(view)}
        )


def suits(view: str, plan: Plan, reader: str) -> bool:
    """Whether ``reader`` may have ``view`` at all (so ``--audience all`` skips, not fails,
    the rest): whether the view is among their :class:`~recoveryplan.audience.Disclosure`'s.
    A circle member the person has shared nothing with has no view."""
    try:
        return view in disclose(plan, reader).views
    except ConsentError:
        return False


def has_safety_plan(plan: Plan) -> bool:
    """Whether the plan has a safety plan with anything in it."""
    safety = plan.safety_plan
    return safety is not None and any(
        getattr(safety, field.name) for field in attrs.fields(SafetyPlan)
    )


def crisis_lines(plan: Plan, organisation: Sequence[Professional]) -> tuple[Professional, ...]:
    """The lines to call in a crisis: the plan's own professionals, then the organisation's
    emergency and 24-hour lines that the plan does not already list (same name or number)."""
    own = plan.safety_plan.professionals if plan.safety_plan is not None else ()
    seen = {_plain(line.name) for line in own} | {_digits(line.contact) for line in own}
    added = [
        line
        for line in organisation
        if _plain(line.name) not in seen and _digits(line.contact) not in seen
    ]
    return (*own, *added)


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def _digits(text: str) -> str:
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits or _plain(text)


# -- the review pack ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Achievement:
    """An outcome or small goal achieved in the period, and how it was (or can be) celebrated."""

    part: Outcome | Goal
    on: date | None
    celebration: str | None


@attrs.frozen(kw_only=True)
class RatingChange:
    """How the person's own rating of one domain moved over the pack's period: the latest
    rating given after the last review against the latest given up to it (the ratings taken
    at the last review are where the period starts)."""

    domain: str
    name: str
    before: Rating | None
    """The latest rating up to the period's start (``None``: the domain was first rated in
    it)."""
    now: Rating | None
    """The latest rating in the period (``None``: not rated again since ``before``)."""

    @property
    def moved(self) -> int | None:
        """Up (positive) or down (negative), or ``None`` when there is nothing to compare."""
        if self.before is None or self.now is None:
            return None
        return self.now.value - self.before.value


@attrs.frozen(kw_only=True)
class Overdue:
    """An open outcome or small goal past its date: a question for the meeting, not a failure."""

    part: Outcome | Goal
    due: date
    under: str | None
    """The statement of the outcome or goal it is part of (``None`` for an outcome)."""


@attrs.frozen(kw_only=True)
class AnsweredNeed:
    """Something a supporter raised, and what in the plan answers it (empty when nothing does)."""

    need: AssessmentItem
    outcomes: tuple[Outcome, ...]

    @property
    def answered(self) -> bool:
        return bool(self.outcomes or self.need.answer)


@attrs.frozen(kw_only=True)
class ReviewPack:
    """What a review meeting needs, for the period from ``since`` (the last review, else the
    plan's start) up to ``until`` (the day it is printed)."""

    since: date | None
    until: date
    last_review: Review | None
    """The review the period starts from, whose agreed next steps the pack opens with."""
    became: tuple[Became, ...]
    """Each decision of the last review, with what it is about as it stands now."""
    achieved: tuple[Achievement, ...]
    ratings: tuple[RatingChange, ...]
    overdue: tuple[Overdue, ...]
    raised: tuple[AnsweredNeed, ...]
    risk_reviews: tuple[RiskPlan, ...]


def review_pack(plan: Plan, framework: Framework | None, today: date) -> ReviewPack:
    """The review pack of ``plan`` (already redacted for its reader) on ``today``."""
    last = latest_review(plan, before=today)
    since = last.on if last is not None else plan.created_on

    def in_period(on: date | None) -> bool:
        return on is not None and (since is None or on >= since) and on <= today

    achieved: list[Achievement] = []
    for outcome in plan.outcomes:
        if outcome.status == "achieved" and in_period(outcome.achieved_on):
            achieved.append(Achievement(part=outcome, on=outcome.achieved_on, celebration=None))
    for place in plan.walk_goals():
        goal = place.goal
        if goal.status == "achieved" and in_period(goal.achieved_on):
            achieved.append(
                Achievement(part=goal, on=goal.achieved_on, celebration=goal.celebration)
            )

    overdue: list[Overdue] = []
    for outcome in plan.outcomes:
        if outcome.status.is_open and outcome.target_on is not None and outcome.target_on < today:
            overdue.append(Overdue(part=outcome, due=outcome.target_on, under=None))
    for place in plan.walk_goals():
        goal = place.goal
        if goal.status.is_open and goal.due_on is not None and goal.due_on < today:
            overdue.append(Overdue(part=goal, due=goal.due_on, under=place.parent.statement))

    raised = tuple(
        AnsweredNeed(
            need=item,
            outcomes=tuple(o for o in plan.outcomes if item.id in o.based_on),
        )
        for item in (plan.assessment.items if plan.assessment is not None else ())
        if item.kind == "need" and item.voice == "supporter"
    )

    horizon = max(today, plan.next_review_on) if plan.next_review_on is not None else today
    risk_reviews = tuple(
        risk for risk in plan.risk_plans if risk.review_on is not None and risk.review_on <= horizon
    )
    return ReviewPack(
        since=since,
        until=today,
        last_review=last,
        became=what_became(plan, last) if last is not None else (),
        achieved=tuple(achieved),
        ratings=_rating_changes(plan, framework, today, last.on if last is not None else None),
        overdue=tuple(overdue),
        raised=raised,
        risk_reviews=risk_reviews,
    )


def _rating_changes(
    plan: Plan, framework: Framework | None, today: date, start: date | None
) -> tuple[RatingChange, ...]:
    """Each domain's move over the period after ``start`` (the last review); with no review
    yet, the latest rating against the one before it."""
    by_domain: dict[str, list[Rating]] = {}
    for rating in sorted(plan.ratings, key=lambda r: r.on):
        if rating.on <= today:
            by_domain.setdefault(rating.domain, []).append(rating)
    order = framework.domain_ids if framework is not None else []
    domains = [d for d in order if d in by_domain] + sorted(d for d in by_domain if d not in order)
    changes = []
    for domain in domains:
        ratings = by_domain[domain]
        found = framework.domain(domain) if framework is not None else None
        if start is None:
            earlier, inside = ratings[:-1], ratings[-1:]
        else:
            earlier = [rating for rating in ratings if rating.on <= start]
            inside = [rating for rating in ratings if rating.on > start]
        changes.append(
            RatingChange(
                domain=domain,
                name=found.name if found is not None else domain,
                before=earlier[-1] if earlier else None,
                now=inside[-1] if inside else None,
            )
        )
    return tuple(changes)


# -- the current period -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class History:
    """What the person-held plan leaves out to show the current period, and from when:
    ``goals``, ``outcomes`` and ``reviews`` closed before ``since``; per outcome id, the
    ``steps`` set aside (untouched for a year, or beyond the copy's budget); and the
    ``other_outcomes`` beyond the budget, named without their steps."""

    since: date
    goals: int
    outcomes: int
    reviews: int
    steps: Mapping[str, StepsLeftOut] = attrs.field(factory=dict)
    other_outcomes: tuple[Outcome, ...] = ()

    @property
    def left_out(self) -> bool:
        return bool(self.goals or self.outcomes or self.reviews)


CURRENT_REVIEWS = 2
"""How many of the latest reviews the current period shows."""


def current_period(plan: Plan, today: date) -> tuple[Plan, History]:
    """The plan as its current period: open goals and outcomes, those closed since the review
    before last (or in the last year, with fewer reviews), the last two reviews and every
    rating (the whole journey is one picture). A closed goal is kept while anything inside it
    is, so nothing current loses its place."""
    reviews = sorted((r for r in plan.reviews if r.on <= today), key=lambda r: r.on, reverse=True)
    since = (
        reviews[CURRENT_REVIEWS - 1].on
        if len(reviews) >= CURRENT_REVIEWS
        else today - timedelta(days=365)
    )
    left = {"goals": 0, "outcomes": 0}

    def closed_before(part: Outcome | Goal) -> bool:
        if part.status.is_open:
            return False
        end = part.achieved_on or (part.due_on if isinstance(part, Goal) else part.target_on)
        return end is not None and end < since

    def kept(goals: tuple[Goal, ...]) -> tuple[Goal, ...]:
        # Each step left out is counted once, where it is left out: the steps inside it were
        # each counted as they were left out, deeper down.
        found = []
        for goal in goals:
            children = kept(goal.goals)
            if closed_before(goal) and not children:
                left["goals"] += 1
                continue
            # a goal that keeps every step inside it is itself (most goals: nothing is
            # rebuilt, the copy would equal it)
            found.append(
                goal if _same(children, goal.goals) else attrs.evolve(goal, goals=children)
            )
        return tuple(found)

    outcomes = []
    for outcome in plan.outcomes:
        # an outcome none of whose steps closed before then keeps them all, as they are
        closed = any(map(closed_before, goals_under(outcome)))
        goals = kept(outcome.goals) if closed else outcome.goals
        if closed_before(outcome) and not goals:
            left["outcomes"] += 1
            continue
        outcomes.append(
            outcome if _same(goals, outcome.goals) else attrs.evolve(outcome, goals=goals)
        )
    recent = {id(review) for review in reviews[:CURRENT_REVIEWS]}
    shown_reviews = tuple(r for r in plan.reviews if id(r) in recent or r.on > today)
    current = (
        plan
        if _same(outcomes, plan.outcomes) and _same(shown_reviews, plan.reviews)
        else attrs.evolve(plan, outcomes=tuple(outcomes), reviews=shown_reviews)
    )
    current, steps = set_aside_untouched(current, today)
    current, steps, others = within_budget(current, steps)
    return current, History(
        since=since,
        goals=left["goals"],
        outcomes=left["outcomes"],
        reviews=len(plan.reviews) - len(shown_reviews),
        steps=steps,
        other_outcomes=others,
    )


def _same(kept: Sequence[object], parts: Sequence[object]) -> bool:
    """Whether ``kept`` is every one of ``parts``, the very objects."""
    return len(kept) == len(parts) and all(map(operator.is_, kept, parts))


# -- how a circle member can help -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Help:
    """One way a circle member helps, found where the plan names them.

    ``kind`` is ``support`` (a small step's support), ``step`` (a small step that names them),
    ``safeguard`` (a risk plan's safeguard), ``contingency`` (what a risk plan does if things
    go wrong), ``ask`` (the safety plan's people to ask), ``together`` (a distraction with
    them) or ``safety`` (another step of the safety plan that names them); ``where`` is the
    goal's statement or the risk plan's activity, ``what`` the action or text in the plan's
    words, and ``by`` who does it when that is someone else (the member is named in it).
    """

    kind: str
    where: str
    what: str
    by: str | None = None


def ways_to_help(plan: Plan, member: str) -> tuple[Help, ...]:
    """Every place the plan (already redacted for ``member``) asks something of them or names
    them, in document order: a carer learns their part in a risk plan from their own copy even
    when someone else does the safeguard ("if there is no text by 10:30, phone Eilidh")."""
    named = _naming(plan, member)
    found: list[Help] = []
    for place in plan.walk_goals():
        goal = place.goal
        if named(goal.statement) and not any(action.by == member for action in goal.support):
            found.append(Help(kind="step", where=goal.statement, what=""))
        for action in goal.support:
            if action.by == member:
                found.append(Help(kind="support", where=goal.statement, what=action.action))
            elif named(action.action):
                found.append(
                    Help(kind="support", where=goal.statement, what=action.action, by=action.by)
                )
    for risk in plan.risk_plans:
        for safeguard in risk.safeguards:
            if safeguard.by == member:
                found.append(Help(kind="safeguard", where=risk.activity, what=safeguard.action))
            elif named(safeguard.action):
                found.append(
                    Help(
                        kind="safeguard",
                        where=risk.activity,
                        what=safeguard.action,
                        by=safeguard.by,
                    )
                )
        if risk.contingency is not None and named(risk.contingency):
            found.append(Help(kind="contingency", where=risk.activity, what=risk.contingency))
    safety = plan.safety_plan
    if safety is not None:
        if member in safety.people_to_ask:
            found.append(Help(kind="ask", where="", what=""))
        for distraction in safety.distractions:
            if distraction.who == member or (distraction.who is None and named(distraction.what)):
                found.append(Help(kind="together", where="", what=distraction.what))
        for text in (
            *safety.warning_signs,
            *safety.coping_strategies,
            *safety.safer_environment,
        ):
            if named(text):
                found.append(Help(kind="safety", where="", what=text))
    return tuple(found)


def _naming(plan: Plan, member: str) -> Callable[[str], bool]:
    """Whether a text names the member: their full name or their first name, as whole words
    in any case ("phone Morag, then Eilidh")."""
    found = next((m for m in plan.circle if m.id == member), None)
    if found is None:
        return lambda text: False
    names = {found.name.strip(), *found.name.split()[:1]}
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(name) for name in names if name) + r")\b", re.IGNORECASE
    )
    return lambda text: pattern.search(text) is not None
