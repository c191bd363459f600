"""The plan's dates in the reader's own calendar: the next review, each risk plan's review and
each small step's date, as an iCalendar (RFC 5545) file.

A calendar leaves the plan's protection: it is synced to phones and shared calendars, so what
goes into one is decided exactly as for a rendered copy, by
:func:`recoveryplan.audience.disclose`, and is built only from the plan that decision leaves.
A circle member gets the next review only when the person shared ``reviews`` with them, the
risk-plan reviews only when ``risk_plans`` was shared, and small steps only with ``outcomes``.

Each date is one all-day event whose UID is a hash of the plan's id, the kind of date and the
id of what it is about: a calendar that imports the file again updates the event in place when
a date moves instead of adding a second one, two plans never share a UID, and no UID carries a
name or an id anyone wrote. The stamp is the day the file is made (``today``), so making it
again on the same day gives the same bytes.

The titles are in the reader's language, as their rendered copy is (``language=``, else the
reader's own; English when its catalogue is not complete): each is one whole message of the
catalogues.

The iCalendar text is written by the ``icalendar`` package (the ``calendar`` extra).
"""

from __future__ import annotations

import gettext
import hashlib
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from typing import Any, Final

import attrs

from ._version import __version__
from .audience import PERSON, STAFF, Disclosure, disclose
from .context import _copy_language
from .errors import MissingExtraError
from .goals import Status
from .plan import Plan
from .plugins import plugin_translation_dirs
from .sharing import Section
from .translations import translations

__all__ = [
    "PRODID",
    "UID_DOMAIN",
    "CalendarDate",
    "calendar_dates",
    "event_uid",
    "to_ical",
]

PRODID: Final = f"-//recoveryplan//recoveryplan {__version__}//EN"
"""Who made the calendar (RFC 5545 PRODID)."""

UID_DOMAIN: Final = "recoveryplan"
"""The right-hand side of every UID, so ours never collide with another program's."""

REVIEW: Final = "review"
RISK_REVIEW: Final = "risk-review"
STEP: Final = "step"

_CLOSED: Final = {
    Status.ACHIEVED: "CONFIRMED",
    Status.NOT_ACHIEVED: "CANCELLED",
    Status.DROPPED: "CANCELLED",
}
"""A closed step keeps its event, so a calendar that had it updates it rather than keeping a
stale reminder: done steps stay confirmed (with "done" in their title), ended ones cancelled."""


@attrs.frozen(kw_only=True)
class CalendarDate:
    """One date of the plan as a reader's calendar holds it."""

    kind: str
    """``review`` (the plan's next review), ``risk-review`` or ``step``."""
    about: str
    """The id of what the date is about (the plan itself for its next review)."""
    on: date
    summary: str
    """The event's title, worded for the reader, from what the reader may see."""
    status: str = "CONFIRMED"
    """The RFC 5545 event status: ``CONFIRMED``, or ``CANCELLED`` for a step that ended."""


def event_uid(plan_id: str, kind: str, about: str) -> str:
    """The UID of one date: a digest of the plan's id, the kind of date and what it is about.

    It holds no date, so it stays when the date moves, and it holds the plan's id, so two
    plans never share one; being a digest, it shows neither id.
    """
    digest = hashlib.sha256("\0".join((plan_id, kind, about)).encode("utf-8")).hexdigest()
    return f"{digest[:40]}@{UID_DOMAIN}"


def calendar_dates(
    disclosure: Disclosure, words: gettext.NullTranslations | None = None
) -> list[CalendarDate]:
    """Every date the reader of ``disclosure`` may see, in date order (then by kind and id),
    titled in the language of ``words`` (English without them)."""
    dates = list(_dates(disclosure, _Words(disclosure, _gettext(words))))
    dates.sort(key=lambda found: (found.on, found.kind, found.about))
    return dates


def _gettext(words: gettext.NullTranslations | None) -> Callable[[str], str]:
    return (words or gettext.NullTranslations()).gettext


def _dates(disclosure: Disclosure, words: _Words) -> Iterator[CalendarDate]:
    plan = disclosure.plan
    if disclosure.shows(Section.REVIEWS) and plan.next_review_on is not None:
        yield CalendarDate(kind=REVIEW, about=plan.id, on=plan.next_review_on, summary=words.review)
    if disclosure.shows(Section.RISK_PLANS):
        for risk in plan.risk_plans:
            if risk.review_on is not None:
                yield CalendarDate(
                    kind=RISK_REVIEW,
                    about=risk.id,
                    on=risk.review_on,
                    summary=words.risk_review(risk.activity),
                )
    if disclosure.shows(Section.OUTCOMES):
        for place in plan.walk_goals():
            goal = place.goal
            if goal.due_on is not None:
                yield CalendarDate(
                    kind=STEP,
                    about=goal.id,
                    on=goal.due_on,
                    summary=words.step(goal.statement, goal.status),
                    status=_CLOSED.get(goal.status, "CONFIRMED"),
                )


@attrs.frozen
class _Words:
    """The titles, in the voice of the copy. The person's calendar speaks as the person ("my
    plan"); anyone else's names whose plan it is, and quotes the person's own words as hers,
    so "my flat" in a small step reads as the person's flat in a carer's calendar."""

    disclosure: Disclosure
    say: Callable[[str], str] = gettext.NullTranslations().gettext
    """The copy's ``gettext``."""

    @property
    def _mine(self) -> bool:
        return self.disclosure.kind == PERSON

    @property
    def _called(self) -> str:
        return _one_line(self.disclosure.plan.person.called)

    @property
    def review(self) -> str:
        _ = self.say
        if self._mine:
            return _("Review of my recovery plan")
        return _("Review of %(name)s's recovery plan") % {"name": self._called}

    def risk_review(self, activity: str) -> str:
        _ = self.say
        said = {"name": self._called, "activity": _one_line(activity)}
        if self._mine:
            return _("Look again at my plan for: %(activity)s") % said
        return _("Look again at %(name)s's plan for: %(activity)s") % said

    def step(self, statement: str, status: Status) -> str:
        _ = self.say
        said = {"name": self._called, "step": _one_line(statement)}
        if status is Status.ACHIEVED:
            if self._mine:
                return _("My small step (done): %(step)s") % said
            return _("%(name)s's small step (done): %(step)s") % said
        if status in _CLOSED:
            if self._mine:
                return _("My small step (ended): %(step)s") % said
            return _("%(name)s's small step (ended): %(step)s") % said
        if self._mine:
            return _("My small step: %(step)s") % said
        return _("%(name)s's small step: %(step)s") % said

    @property
    def name(self) -> str:
        _ = self.say
        if self._mine:
            return _("My recovery plan")
        if self.disclosure.kind == STAFF:
            return _("%(name)s's recovery plan (staff)") % {"name": self._called}
        return _("%(name)s's recovery plan") % {"name": self._called}


def _one_line(text: str) -> str:
    """Text as one line of an iCalendar value: RFC 5545 text holds no control characters,
    and a line break in a title would end the line, so every run of them is one space."""
    spaced = "".join(" " if unicodedata.category(char) == "Cc" else char for char in text)
    return " ".join(spaced.split())


def to_ical(
    plan: Plan, audience: str, *, today: date | None = None, language: str | None = None
) -> str:
    """The dates of ``plan`` that ``audience`` may see, as an RFC 5545 calendar.

    Its titles are in ``language`` (a BCP 47 tag, as for :func:`recoveryplan.render`), or the
    reader's own language by default, when the library has a complete catalogue for it;
    English otherwise.

    Past dates are included: a calendar is a record as well as a reminder. ``today`` is the
    stamp of every event (default: the real date), so the same plan gives the same text on the
    same day. A reader the plan does not have raises
    :class:`~recoveryplan.UnknownAudienceError`, a circle member the person shares nothing
    with :class:`~recoveryplan.ConsentError`, and a missing ``icalendar`` package
    :class:`~recoveryplan.MissingExtraError`.
    """
    disclosure = disclose(plan, audience)
    copy = _copy_language(language, disclosure.plan, disclosure.kind, disclosure.member)
    words = (
        translations(copy.catalogue, plugin_translation_dirs())
        if copy.catalogue is not None
        else None
    )
    icalendar = _icalendar()
    stamp = datetime.combine(today if today is not None else date.today(), time(), UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = _Words(disclosure, _gettext(words)).name
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    for found in calendar_dates(disclosure, words):
        event = icalendar.Event()
        event.add("uid", event_uid(plan.id, found.kind, found.about))
        event.add("dtstamp", stamp)
        event.add("dtstart", found.on)
        event.add("summary", found.summary)
        event.add("status", found.status)
        event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
        calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text


def _icalendar() -> Any:
    try:
        import icalendar
    except ImportError as error:
        raise MissingExtraError.needing("calendar", detail=str(error)) from None
    return icalendar
