"""What a template sees: the plan as its reader may see it, and the helpers templates call.

The data flows one way: the plan is cut down to what the reader may see
(:func:`recoveryplan.audience.disclose`, the one place consent is decided), and this module turns
that decision (a :class:`~recoveryplan.audience.Disclosure`) into the context a template is
rendered with. Nothing here, and nothing in a template, decides consent again; helpers only
look things up in the plan they are given, through the model's own look-ups
(:meth:`Plan.index`, :meth:`Plan.walk_goals`).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .assessment import AssessmentItem
from .audience import MEMBER, PERSON, STAFF, Disclosure, disclose, pronoun_forms
from .communication import DEFAULT_LARGE_PRINT, Need, large_print_size
from .easyread import EASY_READ, pictures
from .emergency import emergency_numbers
from .findings import Finding
from .frameworks import Framework
from .goals import Goal, Outcome
from .icons import svg_icon
from .journey import domain_ratings, period_name
from .own_words import OWN_WORDS, direction_of, own_words
from .people import CircleMember
from .plan import Plan
from .plugins import (
    call_hooks,
    frameworks,
    organisation_crisis_lines,
    plugin_translation_dirs,
)
from .review_changes import Since, changes_since
from .risk import RiskPlan
from .sharing import Section
from .summaries import (
    LIST_LIMIT,
    PACK_LIMIT,
    REVIEWS_IN_FULL,
    TABLE_LIMIT,
    StepsLeftOut,
    capped,
    in_date_order,
    latest,
    recent_reviews,
    set_aside_untouched,
    talk_about,
)
from .translations import CopyLanguage, copy_language, translations
from .validate import validate
from .viewname import ViewName
from .views import (
    History,
    check_view,
    crisis_lines,
    current_period,
    has_safety_plan,
    review_pack,
    ways_to_help,
)

__all__ = [
    "HOPE_KINDS",
    "SECTION_ORDER",
    "TEMPLATE_FILTERS",
    "TEMPLATE_GLOBALS",
    "DueDate",
    "print_size",
    "template_context",
]


@attrs.frozen(kw_only=True)
class DueDate:
    """Something with a date the team should keep an eye on, and whether it has passed."""

    kind: str
    what: str
    on: date
    overdue: bool = False


_RESERVED = frozenset(
    {
        "plan",
        "audience",
        "view",
        "reader",
        "member",
        "format",
        "medium",
        "today",
        "large_print",
        "print_size",
        "lang",
        "text_direction",
        "copy_language",
        "framework",
        "findings",
        "sections",
        "shared",
        "ratings",
        "due_dates",
        "parts_by_id",
        "document",
        "history",
        "reviews_shown",
        "steps_left",
        "table_rows",
        "helping",
        "crisis_lines",
        "emergency",
        "review",
        "changes",
        "pictures",
        "their",
        "them",
        "themself",
    }
)
"""Context names the renderer provides; a plugin's variable may not replace them."""


def template_context(
    plan: Plan,
    audience: str,
    format: str,
    *,
    today: date,
    large_print: bool | None = None,
    view: str = "plan",
    full_history: bool = False,
    since: Plan | Since | None = None,
    language: str | None = None,
) -> dict[str, Any]:
    """Everything a template of ``view`` is rendered with, built from the plan as ``audience``
    sees it.

    The template's ``reader`` is the kind of reader (``person``, ``staff`` or ``member``, which
    decides the voice); ``view`` is the view asked for (``plan``, ``review``, ``safety-plan``
    or ``crisis-card``), as in :func:`recoveryplan.render` (``document`` is its old name, kept
    for a minor version, see :mod:`recoveryplan.viewname`). A view the reader may not have is
    refused here, after redaction, by :func:`recoveryplan.views.check_view`. The person-held
    plan shows the current period (:func:`recoveryplan.views.current_period`) unless
    ``full_history``; ``history`` says what it leaves out. The review pack's ``changes`` are
    what changed since ``since``, an older version of the plan, as this reader may see them
    (:func:`recoveryplan.review_changes.changes_since`); ``None`` without one. ``steps_left``
    counts, by outcome id, the small steps a person's or member's copy sets aside (untouched
    for a year, or beyond the person-held plan's budget: :mod:`recoveryplan.summaries`), and
    ``table_rows`` is how many rows a rating table shows.

    Plugins' ``extra_template_vars`` are merged in; they are called with the redacted plan,
    so a plugin cannot show a circle member anything the person has not shared with them.
    """
    disclosure = disclose(plan, audience)
    check_view(view, disclosure)
    audience = disclosure.reader
    member = disclosure.member
    shown = disclosure.plan
    shared = disclosure.shared
    reader = disclosure.kind
    history = None
    steps_left: dict[str, StepsLeftOut] = {}
    if reader == PERSON and view == "plan" and not full_history:
        shown, history = _current_period(shown, today)
        steps_left = dict(history.steps)
    elif reader == MEMBER and view == "plan" and not full_history:
        shown, steps_left = set_aside_untouched(shown, today)
    framework = frameworks().get(shown.framework)
    # a member's part is gathered from their whole copy, steps set aside included
    helping = ways_to_help(disclosure.plan, member.id) if member is not None else ()
    # easy read is in large type unless large print is turned off, never below the usual
    # large-print size even for a reader who reads smaller; larger if the reader needs
    print_size = _large_print(
        shown, reader, member, True if view == EASY_READ and large_print is None else large_print
    )
    if view == EASY_READ and print_size is not None:
        print_size = max(print_size, LARGE_PRINT_POINTS)
    copy = _copy_language(language, shown, reader, member)
    # the copy's translations, for the framework's words and the sentences of what changed
    words = (
        translations(copy.catalogue, plugin_translation_dirs())
        if copy.catalogue is not None
        else None
    )
    if framework is not None and words is not None:
        framework = framework.translated(words.gettext)
    lines = crisis_lines(shown, organisation_crisis_lines(shown))
    context: dict[str, Any] = {
        "plan": shown,
        "audience": audience,
        "reader": reader,
        # ``view`` still answers the old question (the kind of reader) with a warning, and
        # ``document`` is its old name, for plugin templates of the last minor version.
        "view": ViewName(view, reader),
        "document": view,
        "history": history,
        # every copy prints its latest reviews in full and counts the earlier ones, unless it
        # is printed with its whole history
        "reviews_shown": recent_reviews(shown.reviews, None if full_history else REVIEWS_IN_FULL),
        "steps_left": steps_left,
        # the person's current copy shows a rating series' latest rows; the others, up to a
        # list's length
        # and a copy of the full history, every row (the charts above summarise long series)
        "table_rows": (
            None if full_history else TABLE_LIMIT if history is not None else LIST_LIMIT
        ),
        "helping": helping,
        "member": member,
        "format": format,
        "medium": "screen",
        "today": today,
        "large_print": print_size is not None,
        "print_size": print_size or LARGE_PRINT_POINTS,
        "lang": copy.tag,
        "text_direction": copy.direction,
        # a translated copy puts each of the plan's own texts in its own direction
        OWN_WORDS: own_words(shown) if copy.catalogue is not None else frozenset(),
        "copy_language": copy,
        "framework": framework,
        "findings": _findings(plan, today, copy.catalogue) if reader == STAFF else [],
        "sections": _sections(shown, reader, bool(helping), disclosure.shows(Section.CIRCLE))
        if view == "plan"
        else [],
        "shared": shared,
        "ratings": domain_ratings(shown, framework),
        "due_dates": _due_dates(shown, today) if reader == STAFF else [],
        "parts_by_id": shown.index(),
        "crisis_lines": lines,
        "emergency": emergency_numbers(shown.service.country if shown.service else None, lines)
        if view in ("crisis-card", EASY_READ)
        else (),
        "review": review_pack(shown, framework, today) if view == "review" else None,
        "pictures": pictures() if view == EASY_READ else {},
        "changes": changes_since(since, plan, audience, words=words, catalogue=copy.catalogue)
        if view == "review" and since is not None
        else None,
        **pronoun_forms(shown.person),
    }
    context.update(
        call_hooks("extra_template_vars", plan=shown, audience=audience, format=format).combined(
            reserved=_RESERVED
        )
    )
    return context


_PERIODS: dict[int, tuple[weakref.ref[Plan], date, tuple[Plan | None, History]]] = {}


def _current_period(plan: Plan, today: date) -> tuple[Plan, History]:
    """:func:`recoveryplan.views.current_period`, worked out once for a plan and a day.

    Most of the work of building a person's context (a five-year plan's goals rebuilt without
    those closed long ago) is the same for every format the plan is rendered in and every time
    it is; a plan cannot change, so the last period worked out is kept while the plan lives.
    The period is a plan of its own, so what is worked out from it (its parts by id) is kept
    with it too.
    """
    key = id(plan)
    entry = _PERIODS.get(key)
    if entry is not None and entry[0]() is plan and entry[1] == today:
        period, history = entry[2]
        return plan if period is None else period, history
    period, history = current_period(plan, today)
    # A plan that is its own current period is not kept by its entry (``None``), or it would
    # never be let go.
    kept = (None if period is plan else period, history)
    _PERIODS[key] = (weakref.ref(plan, lambda _: _PERIODS.pop(key, None)), today, kept)
    return period, history


def _findings(plan: Plan, today: date, catalogue: str | None) -> list[Finding]:
    # In the copy's language, so that a staff copy in Welsh lists its findings in Welsh.
    return validate(plan, today=today, language=catalogue)


LARGE_PRINT_POINTS = 18
"""The print size, in points, of a large-print copy for a reader who has recorded no
large-print need (large print turned on for them): a size that suits most who ask."""


def print_size(disclosure: Disclosure) -> int | None:
    """The print size, in points, that the reader's own recorded needs ask for (``None``:
    ordinary print): what a page made for them outside :func:`render`, such as the web app's,
    honours too."""
    return _large_print(disclosure.plan, disclosure.kind, disclosure.member, None)


def _large_print(
    plan: Plan, reader: str, member: CircleMember | None, chosen: bool | None
) -> int | None:
    """The print size of a large-print copy, in points, or ``None`` for ordinary print.

    Large print when asked for, or when the copy's reader needs it: the person for their own
    plan, a circle member for theirs, each from their own recorded needs, at the size they
    recorded (Morag's "16 point or bigger" prints at 16 point, as she asked, which keeps her
    plan to fewer pages), and never below the Standard's usual large print; a reader with no
    recorded need gets :data:`LARGE_PRINT_POINTS` when large print is turned on for them."""
    if chosen is False:
        return None
    needs: tuple[str | Need, ...] = ()
    if reader == PERSON:
        needs = plan.person.communication
    elif member is not None:
        needs = member.communication
    size = large_print_size(needs)
    if size is None:
        return LARGE_PRINT_POINTS if chosen else None
    return max(size, DEFAULT_LARGE_PRINT)


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


def _copy_language(
    chosen: str | None, plan: Plan, reader: str, member: CircleMember | None
) -> CopyLanguage:
    """The language of a copy: the one asked for, else its reader's own (the person's for
    their plan, a member's for theirs; staff copies are in English), when its catalogue is
    complete (:func:`recoveryplan.translations.languages`); English otherwise, never a
    mixture of two languages."""
    requested = chosen
    if requested is None:
        if reader == PERSON:
            requested = plan.person.language
        elif member is not None:
            requested = member.language
    if requested is not None and not _LANGUAGE_TAG.fullmatch(requested.strip()):
        requested = None
    return copy_language(requested, plugin_translation_dirs())


SECTION_ORDER: tuple[str, ...] = (
    "about",
    "strengths",
    "attention",
    "helping",
    "hopes",
    "needs",
    "outcomes",
    "ratings",
    "risk_plans",
    "safety_plan",
    "circle",
    "reviews",
    "checks",
)
"""The order of the parts of a rendered plan (the staff view, too, opens with the person: who
they are and their strengths, then one line on what needs attention, linked to the checks at
the end); each has a partial ``_<key>.html.j2`` and a
Markdown and plain-text one, ``_<key>.text.j2``, that the two share."""

HOPE_KINDS = ("hope", "dream", "aspiration")


def _sections(plan: Plan, view: str, helping: bool = False, circle: bool = True) -> list[str]:
    """The parts of the plan that have something in them, in the order they are shown;
    ``circle`` is whether the reader was given the circle (a member not given it still finds
    the people their copy mentions by name, but not a section of their own)."""
    items = plan.assessment.items if plan.assessment is not None else ()
    kinds = {item.kind for item in items}
    present = {
        "checks": view == STAFF,
        "attention": view == STAFF,
        "helping": helping,
        "about": view != "member",
        "strengths": "strength" in kinds,
        "hopes": any(kind in kinds for kind in HOPE_KINDS),
        "needs": "need" in kinds,
        "outcomes": bool(plan.outcomes),
        "ratings": bool(plan.ratings),
        "risk_plans": bool(plan.risk_plans),
        "safety_plan": has_safety_plan(plan),
        "circle": bool(plan.circle) and circle,
        "reviews": bool(plan.reviews or plan.next_review_on),
    }
    return [key for key in SECTION_ORDER if present[key]]


def _due_dates(plan: Plan, today: date) -> list[DueDate]:
    """Dates the team keeps: reviews, risk plan reviews, outcomes and small goals still open."""
    due: list[DueDate] = []
    if plan.next_review_on is not None:
        due.append(DueDate(kind="review", what="", on=plan.next_review_on, overdue=False))
    for risk in plan.risk_plans:
        if risk.review_on is not None:
            due.append(DueDate(kind="risk_plan", what=risk.activity, on=risk.review_on))
    for outcome in plan.outcomes:
        if outcome.target_on is not None and outcome.status.is_open:
            due.append(DueDate(kind="outcome", what=outcome.statement, on=outcome.target_on))
    for place in plan.walk_goals():
        goal = place.goal
        if goal.due_on is not None and goal.status.is_open:
            due.append(DueDate(kind="goal", what=goal.statement, on=goal.due_on))
    return sorted(
        (attrs.evolve(d, overdue=d.on < today) for d in due),
        key=lambda d: (not d.overdue, d.on),
    )


# -- helpers the templates call ---------------------------------------------------------------


@pass_context
def _who(context: Context, ref: str) -> str:
    """What to call someone the plan refers to, in the voice of this view."""
    plan: Plan = context["plan"]
    reader: str = context["reader"]
    member: CircleMember | None = context["member"]
    _ = _gettext(context)
    if ref == "person":
        return _("me") if reader == PERSON else plan.person.called
    if member is not None and ref == member.id:
        return _("you")
    if ref == "service":
        return plan.service.name if plan.service is not None else _("the service")
    found = _index(context).get(ref)
    return found.name if isinstance(found, CircleMember) else _("someone in the circle")


def _gettext(context: Context) -> Callable[..., str]:
    """The copy's ``gettext`` (:mod:`recoveryplan.templating` installs it), for the few words
    these functions write; the templates' own words are in ``_words.j2``."""
    found = context.environment.globals["gettext"]
    assert callable(found)
    return found


@pass_context
def _about(context: Context, item: AssessmentItem) -> str:
    """Whose words an assessment item is, when they are not the person's own ("" when they are)."""
    if item.voice == "person":
        return ""
    _ = _gettext(context)
    raised = _who(context, item.raised_by) if item.raised_by is not None else None
    if item.voice == "service":
        plan: Plan = context["plan"]
        service = plan.service.name if plan.service is not None else _("the service")
        if raised is not None and raised != service:
            return _("%(service)s, raised by %(who)s", service=service, who=raised)
        return service
    return raised if raised is not None else _("a supporter")


@pass_context
def _is_overdue(context: Context, part: Goal | Outcome) -> bool:
    """Whether an open goal or outcome's date has passed (shown to the staff only)."""
    today: date = context["today"]
    due = part.due_on if isinstance(part, Goal) else part.target_on
    return due is not None and part.status.is_open and due < today


@pass_context
def _item_of(context: Context, id: str) -> AssessmentItem | None:
    """The assessment item with this id, if this reader can see it."""
    part = _index(context).get(id)
    return part if isinstance(part, AssessmentItem) else None


@pass_context
def _items_of(context: Context, kind: str, voice: str | None = None) -> list[AssessmentItem]:
    """The assessment items of one kind (and, when given, one voice), in document order."""
    plan: Plan = context["plan"]
    if plan.assessment is None:
        return []
    return [
        item
        for item in plan.assessment.items
        if item.kind == kind and (voice is None or item.voice == voice)
    ]


@pass_context
def _aim_of(context: Context, id: str) -> Outcome | Goal | None:
    """The outcome or goal a risk plan supports, if this reader can see it."""
    part = _index(context).get(id)
    return part if isinstance(part, Outcome | Goal) else None


def _concern_number(id: str, risk: RiskPlan) -> int | None:
    """Where a concern a safeguard addresses is in its risk plan's numbered list (from 1)."""
    return next((n for n, concern in enumerate(risk.concerns, 1) if concern.id == id), None)


@pass_context
def _domain_name(context: Context, id: str | None) -> str:
    """A domain's name in the plan's framework, or its id when the framework is unknown."""
    if id is None:
        return ""
    framework: Framework | None = context["framework"]
    domain = framework.domain(id) if framework is not None else None
    return domain.name if domain is not None else id


def _pad(depth: int) -> Markup:
    """Indentation for a nested Markdown list item (markup, so it is not escaped)."""
    return Markup("  " * max(depth, 0))


def _index(context: Context) -> dict[str, Any]:
    """The shown plan's parts by id, built once a rendering (:meth:`Plan.index`)."""
    index: dict[str, Any] = context["parts_by_id"]
    return index


def _mentions(text: str, name: str) -> bool:
    """Whether ``text`` already names ``name`` (as a whole word, in any case), so that a helper
    is not named twice: "A walk along the river with Ali", not "... with Ali (with Ali)"."""
    return bool(name) and re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) is not None


@pass_context
def _talk_about(context: Context, late: Any) -> Any:
    """The review pack's things past their dates: each on its own, or grouped by outcome."""
    return talk_about(context["plan"], late, context["today"])


def _pack(items: Any) -> Any:
    """A review pack's list, capped shorter than a plan's (:data:`PACK_LIMIT`)."""
    return capped(items, PACK_LIMIT)


TEMPLATE_FILTERS: dict[str, Any] = {
    "capped": capped,
    "pack": _pack,
    "in_date_order": in_date_order,
    "talk_about": _talk_about,
    "latest": latest,
    "who": _who,
    "direction": direction_of,
    "item_of": _item_of,
    "aim_of": _aim_of,
    "concern_number": _concern_number,
}
"""Filters every environment has, beside the text formatting ones."""

TEMPLATE_GLOBALS: dict[str, Any] = {
    "period_name": period_name,
    "written_number": None,  # a translated copy's writes numbers the locale's way
    "who": _who,
    "about": _about,
    "is_overdue": _is_overdue,
    "item_of": _item_of,
    "aim_of": _aim_of,
    "items_of": _items_of,
    "domain_name": _domain_name,
    "md_pad": _pad,
    "mentions": _mentions,
    "svg_icon": svg_icon,
}
"""Functions every template can call."""
