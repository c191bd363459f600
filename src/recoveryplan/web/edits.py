"""What each form does to the plan: one function per form, from the posted fields to the new
plan and the plain reason saved with it ("Added a hope"). The reasons and the form's errors are
English messages of the pages' catalogue (marked ``N_``), saved as they are and translated
where a page shows them, in the reader's language.

Each edit builds the model's own parts, so a bad value is refused by the model's checks
(:class:`~recoveryplan.PlanValueError`) exactly as in the Python API; :class:`FieldError`
says which field of the form it belongs to, so the page answers it there.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from gettext import NullTranslations
from typing import TypeVar

import attrs

from ..agreement import Agreement
from ..assessment import Assessment, AssessmentItem
from ..audience import shared_sections
from ..errors import PlanValueError, UnknownReferenceError
from ..goals import Goal, SupportAction
from ..messages import N_
from ..plan import Plan
from ..plugins import frameworks
from ..ratings import Rating
from ..reviews import Review
from ..risk import RiskPlan, Safeguard
from ..sharing import Section, SharingConsent
from .readers import Reader

__all__ = ["EDITS", "Edit", "FieldError", "scale_of"]

Form = Mapping[str, str]
Edit = Callable[[Plan, Form, Reader, date], tuple[Plan, str]]

PERSON_KINDS = ("strength", "hope", "dream", "aspiration")
ADDED = {
    "strength": N_("Added a strength"),
    "hope": N_("Added a hope"),
    "dream": N_("Added a dream"),
    "aspiration": N_("Added an aspiration"),
}
"""The reason saved when the person adds an item of each kind."""
CHANGED = {
    "strength": N_("Changed a strength"),
    "hope": N_("Changed a hope"),
    "dream": N_("Changed a dream"),
    "aspiration": N_("Changed an aspiration"),
    "need": N_("Changed a need"),
}
"""The reason saved when someone changes an item's words (as it always has been said)."""
_PREFIX = {
    "strength": "st",
    "hope": "hp",
    "dream": "dr",
    "aspiration": "as",
    "need": "nd",
    "goal": "g",
    "safeguard": "sg",
    "risk": "rp",
}


class FieldError(PlanValueError):
    """A value refused, with the form field it came from; ``values`` fill the message's
    placeholders once it is translated (a message of the pages' catalogue), so the reader
    gets a whole sentence of their own language, numbers and all."""

    def __init__(self, field: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.field = field
        self.values = values

    def said(self, words: NullTranslations) -> str:
        """The message in ``words`` (the page's language); a refusal the model made is
        already in the reader's language and is shown as it is."""
        found = words.gettext(str(self))
        return found % self.values if self.values else found


def _text(form: Form, field: str, missing: str) -> str:
    """The words written in ``field``; ``missing`` is the whole sentence that asks for them
    (a message of the pages' catalogue, translated where the page shows it)."""
    value = form.get(field, "").strip()
    if not value:
        raise FieldError(field, missing)
    return value


def _optional(form: Form, field: str) -> str | None:
    return form.get(field, "").strip() or None


def _day(form: Form, field: str) -> date | None:
    value = form.get(field, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FieldError(field, N_("Give the day as year-month-day, like 2026-07-01.")) from None


def scale_of(plan: Plan) -> range:
    """The numbers the person may rate a domain with: their framework's rating scale (0 to
    10 when it has none)."""
    framework = frameworks().get(plan.framework)
    scale = framework.rating_scale if framework is not None else None
    low, high = (scale.minimum, scale.maximum) if scale is not None else (0, 10)
    return range(low, high + 1)


def _new_id(plan: Plan, kind: str) -> str:
    taken = plan.index()
    while True:
        candidate = f"{_PREFIX[kind]}-{secrets.token_hex(3)}"
        if candidate not in taken:
            return candidate


T = TypeVar("T")


def _at(field: str, build: Callable[[], T]) -> T:
    """``build()``, with any refusal from the model answered at ``field``."""
    try:
        return build()
    except FieldError:
        raise
    except (PlanValueError, UnknownReferenceError, ValueError, TypeError) as error:
        raise FieldError(field, str(error)) from None


def _with_item(plan: Plan, item: AssessmentItem) -> Plan:
    if plan.assessment is None:
        return attrs.evolve(plan, assessment=Assessment(items=(item,)))
    return plan.add(item)


def add_item(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """The person adds a strength, hope, dream or aspiration in their own words."""
    kind = form.get("kind", "")
    if kind not in PERSON_KINDS:
        raise FieldError(
            "kind", N_("Choose whether this is a strength, a hope, a dream or an aspiration.")
        )
    text = _text(form, "text", N_("Write it in your own words first, then save."))
    item = _at(
        "text",
        lambda: _with_item(
            plan,
            AssessmentItem(
                id=_new_id(plan, kind),
                kind=kind,
                domain=_optional(form, "domain"),
                text=text,
                voice="person",
            ),
        ),
    )
    return item, ADDED[kind]


def change_item(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """Someone changes the words of an item they may change (the person's own, or for a circle
    member only what they raised themselves)."""
    item_id = form.get("item", "")
    item = _at("text", lambda: plan.item(item_id))
    if not _may_change(item, reader):
        raise FieldError("text", N_("Only the person who said this can change it."))
    text = _text(form, "text", N_("Write the new words first, then save."))
    return _at("text", lambda: plan.evolve_item(item_id, text=text)), CHANGED[item.kind.value]


def _may_change(item: AssessmentItem, reader: Reader) -> bool:
    if reader.kind == "member":
        return item.raised_by == reader.ref
    if reader.kind == "person":
        return item.voice.value == "person"
    return True


def add_raised(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """A circle member says what they would like the team to know, in their own words."""
    text = _text(form, "text", N_("Write what you would like the team to know first, then save."))
    new = _at(
        "text",
        lambda: _with_item(
            plan,
            AssessmentItem(
                id=_new_id(plan, "need"),
                kind="need",
                text=text,
                voice="supporter",
                raised_by=reader.ref,
            ),
        ),
    )
    return new, N_("Raised something for the team")


def add_need(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """A worker records a need the service must meet, with the law or order behind it."""
    text = _text(form, "text", N_("Write the need first, then save."))
    item = AssessmentItem(
        id=_new_id(plan, "need"),
        kind="need",
        domain=_optional(form, "domain"),
        text=text,
        voice="service",
        statutory_basis=_optional(form, "statutory_basis"),
    )
    return _at("text", lambda: _with_item(plan, item)), N_("Added a need")


def add_step(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """A small step under an outcome (or another step), with who helps and how."""
    under = form.get("under", "")
    statement = _text(form, "statement", N_("Write the small step first, then save."))
    helper = _optional(form, "helper")
    how = _optional(form, "how")
    support: tuple[SupportAction, ...] = ()
    if helper is not None:
        if how is None:
            raise FieldError("how", N_("Say how they will help."))
        support = (_at("helper", lambda: SupportAction(by=helper, action=how)),)
    due = _day(form, "due_on")
    goal = _at(
        "statement",
        lambda: Goal(
            id=_new_id(plan, "goal"),
            statement=statement,
            status="planned",
            due_on=due,
            support=support,
        ),
    )
    return _at("statement", lambda: plan.with_goal(under, goal)), N_("Added a small step")


def mark_done(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """A small step done, today, with how it was celebrated."""
    goal_id = form.get("goal", "")
    celebration = _optional(form, "celebration")
    done = _at("celebration", lambda: plan.with_goal_status(goal_id, "achieved", on=today))
    if celebration is not None:
        done = _at("celebration", lambda: done.evolve_item(goal_id, celebration=celebration))
    return done, N_("Marked a small step as done")


def rate(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """The person's rating of each domain they answered, today (one a day and domain)."""
    ratings = list(plan.ratings)
    scale = scale_of(plan)
    count = 0
    for key, value in form.items():
        if not key.startswith("rating-") or not value:
            continue
        domain = key.removeprefix("rating-")
        if not value.strip().isdigit() or int(value) not in scale:
            # Translators: the lowest and the highest number of the scale the person rates with.
            message = N_("Choose one of the numbers from %(low)d to %(high)d.")
            raise FieldError(key, message, low=scale[0], high=scale[-1])
        rating = _at(key, partial(Rating, on=today, domain=domain, value=int(value), by="person"))
        ratings = [r for r in ratings if (r.on, r.domain, r.by) != (today, domain, "person")]
        ratings.append(rating)
        count += 1
    if count == 0:
        raise FieldError("ratings", N_("Choose a number for at least one part of your life."))
    rated = _at("ratings", lambda: attrs.evolve(plan, ratings=tuple(ratings)))
    return rated, N_("Rated how I'm doing") if count > 1 else N_("Rated part of my life")


def my_view(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """The person's own view of a risk, in their words."""
    risk_id = form.get("risk", "")
    view = _text(form, "persons_view", N_("Write what you think first, then save."))
    return _at("persons_view", lambda: plan.evolve_item(risk_id, persons_view=view)), (
        N_("Wrote what I think about a risk")
    )


def add_risk_plan(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """A worker starts a risk plan from what the person wants to do."""
    activity = _text(form, "activity", N_("Write what the person wants to do first, then save."))
    risk = _at("activity", lambda: RiskPlan(id=_new_id(plan, "risk"), activity=activity))
    return _at("activity", lambda: plan.add(risk)), N_("Added a risk plan")


def add_safeguard(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """A worker adds a safeguard to a risk plan: what is done, by whom, for which concerns."""
    risk_id = form.get("risk", "")
    action = _text(form, "action", N_("Write what is done first, then save."))
    by = _text(form, "by", N_("Write who does it first, then save."))
    addresses = tuple(v for k, v in _pairs(form) if k == "addresses")
    safeguard = _at(
        "action",
        lambda: Safeguard(id=_new_id(plan, "safeguard"), action=action, by=by, addresses=addresses),
    )
    return _at("action", lambda: plan.add(safeguard, under=risk_id)), N_("Added a safeguard")


def add_review(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """A worker records a review meeting."""
    on = _day(form, "on") or today
    review = _at(
        "went_well",
        lambda: Review(
            on=on,
            went_well=_optional(form, "went_well"),
            changed=_optional(form, "changed"),
            next=_optional(form, "next"),
        ),
    )
    next_review = _day(form, "next_review_on")
    return _at("on", lambda: plan.with_review(review, next_review)), N_("Recorded a review")


def share(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """The person's choice of what each circle member sees, from today (a consent left as it
    was keeps the day it was given)."""
    chosen: dict[str, set[str]] = {}
    for key, value in _pairs(form):
        if key.startswith("share-"):
            chosen.setdefault(key.removeprefix("share-"), set()).add(value)
    consents: list[SharingConsent] = []
    for member in plan.circle:
        sections = tuple(s for s in Section if s.value in chosen.get(member.id, set()))
        if not sections:
            continue
        if set(shared_sections(plan, member.id)) == set(sections):
            consents.extend(c for c in plan.sharing if c.member == member.id)
            continue
        consents.append(SharingConsent(member=member.id, sections=sections, consented_on=today))
    shared = _at("sharing", lambda: attrs.evolve(plan, sharing=tuple(consents)))
    return shared, N_("Changed who can see my plan")


def agree(plan: Plan, form: Form, reader: Reader, today: date) -> tuple[Plan, str]:
    """The person agrees the plan as it stands, today."""
    if any(a.on == today and a.by == reader.ref for a in plan.agreements):
        return plan, N_("Agreed my plan")
    agreement = Agreement(on=today, by=reader.ref)
    return attrs.evolve(plan, agreements=(*plan.agreements, agreement)), N_("Agreed my plan")


def _pairs(form: Form) -> list[tuple[str, str]]:
    multi = getattr(form, "multi_items", None)
    return list(multi()) if callable(multi) else list(form.items())


EDITS: dict[str, tuple[str, Edit]] = {
    "/items/add": ("items", add_item),
    "/items/change": ("items", change_item),
    "/raised/add": ("raised", add_raised),
    "/raised/change": ("raised", change_item),
    "/needs/add": ("needs", add_need),
    "/steps/add": ("steps", add_step),
    "/steps/done": ("steps", mark_done),
    "/ratings": ("ratings", rate),
    "/risks/view": ("risks", my_view),
    "/risks/add": ("risks", add_risk_plan),
    "/risks/safeguard": ("risks", add_safeguard),
    "/reviews/add": ("reviews", add_review),
    "/sharing": ("sharing", share),
    "/agree": ("agree", agree),
}
"""Every form's address: the page it belongs to (who may post it) and what it does."""

STAFF_ONLY = frozenset({"/risks/add", "/risks/safeguard", "/needs/add", "/reviews/add"})
PERSON_ONLY = frozenset({"/risks/view", "/sharing", "/agree", "/ratings", "/items/add"})
