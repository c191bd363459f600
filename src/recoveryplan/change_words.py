"""The language a change is said in: the copy's translations while its sentences are written.

A review pack in Welsh says "what changed" in Welsh:
:func:`recoveryplan.review_changes.changes_since` writes the sentences inside :func:`speaking`,
with the copy's translations, and every sentence of :mod:`recoveryplan.change_sentences` is one
whole message of the catalogue, with named placeholders, looked up through :func:`say`.
Outside :func:`speaking` (``rp.diff``, the command line's ``diff``) the sentences are the
English ones, as they always were.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

import attrs
from babel.dates import format_date
from babel.lists import format_list

__all__ = ["FIELD_LABELS", "N_", "listing", "long_date", "say", "speaking"]


@attrs.frozen
class _Speech:
    words: gettext.NullTranslations
    catalogue: str | None
    """The copy's Babel locale (``None`` for English)."""


_ENGLISH = _Speech(gettext.NullTranslations(), None)
_SPEECH: ContextVar[_Speech] = ContextVar("change_speech", default=_ENGLISH)


@contextmanager
def speaking(words: gettext.NullTranslations | None, catalogue: str | None) -> Iterator[None]:
    """Say the changes worked out inside the block with ``words`` (a copy's translations) and
    its locale's dates and lists; English when ``catalogue`` is ``None``."""
    if words is None:
        yield
        return
    token = _SPEECH.set(_Speech(words, catalogue))
    try:
        yield
    finally:
        _SPEECH.reset(token)


def N_(message: str) -> str:
    """Mark words for the catalogues without translating them: they are translated (with
    :func:`say`) when a sentence is written, in the copy's language."""
    return message


def say(message: str, **values: object) -> str:
    """``message`` in the copy's language, its named placeholders filled in."""
    said = _SPEECH.get().words.gettext(message)
    return said % values if values else said


def long_date(day: date) -> str:
    """A date as a reader writes it: "6 May 2026" in English, the locale's long date otherwise."""
    catalogue = _SPEECH.get().catalogue
    if catalogue is not None:
        return format_date(day, format="long", locale=catalogue)
    return f"{day.day} {day:%B} {day.year}"


def listing(said: list[str]) -> str:
    """Words joined as a list: "a, b and c", or as the copy's locale joins one."""
    catalogue = _SPEECH.get().catalogue
    if catalogue is not None:
        return format_list(said, locale=catalogue)
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


FIELD_LABELS = frozenset(
    {
    N_("about"), N_("achieved date"), N_("action"), N_("activity"), N_("addresses"),
    N_("agreed by"), N_("agreements"), N_("answer"), N_("assessment"), N_("attendees"),
    N_("based date"), N_("benefits"), N_("by"), N_("capacity"), N_("celebration"), N_("changed"),
    N_("circle"), N_("communication"), N_("concerns"), N_("consented date"), N_("contact"),
    N_("contingency"), N_("coping strategies"), N_("country"), N_("created date"), N_("date"),
    N_("date of birth"), N_("decision"), N_("decisions"), N_("description"), N_("dissent"),
    N_("distractions"), N_("domain"), N_("due date"), N_("extensions"), N_("framework"),
    N_("goals"), N_("id"), N_("identifiers"), N_("if not done"), N_("items"), N_("kind"),
    N_("language"), N_("likelihood"), N_("member"), N_("name"), N_("next"),
    N_("next review date"), N_("note"), N_("offered date"), N_("organisation"), N_("outcomes"),
    N_("participants"), N_("people to ask"), N_("person"), N_("persons view"),
    N_("preferred name"), N_("private"), N_("professionals"), N_("pronouns"), N_("raised by"),
    N_("ratings"), N_("reasons for living"), N_("reference"), N_("relationship"),
    N_("review date"), N_("reviews"), N_("risk plans"), N_("role"), N_("safeguards"),
    N_("safer environment"), N_("safety plan"), N_("sections"), N_("service"), N_("severity"),
    N_("sharing"), N_("size"), N_("statement"), N_("status"), N_("status note"),
    N_("statutory basis"), N_("support"), N_("support plan"), N_("supports"), N_("system"),
    N_("target date"), N_("text"), N_("value"), N_("voice"), N_("warning signs"), N_("went well"),
    N_("what"), N_("who"),
    }
)  # fmt: skip
"""How a sentence names each field of the model (its name in words, a date field as a date:
:func:`recoveryplan.change_sentences._label`), for the catalogues; a field an organisation
adds is said as its name in words."""
