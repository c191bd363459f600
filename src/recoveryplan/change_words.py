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
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from typing import IO, Any

import attrs
from babel.dates import format_date
from babel.lists import format_list

__all__ = [
    "N_",
    "extract_field_labels",
    "field_label",
    "field_labels",
    "listing",
    "long_date",
    "say",
    "speaking",
]


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


def field_label(name: str) -> str:
    """How a sentence names a field: its name in words, a date field as a date."""
    if name == "on":
        return "date"
    if name.endswith("_on"):
        return name.removesuffix("_on").replace("_", " ") + " date"
    return name.replace("_", " ")


@cache
def field_labels() -> frozenset[str]:
    """Every field label of the model, the messages of the catalogue that name fields: taken
    from the model itself, so that a field added to it is named in every language once its
    label is translated. A field an organisation adds is said as its name in words."""
    from ._fields import model_classes
    from .plan import Plan

    return frozenset(
        field_label(field.name) for cls in model_classes(Plan) for field in attrs.fields(cls)
    )


def extract_field_labels(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction method for the fields' labels (``babel.cfg`` applies it to
    ``plan.py``): they are made from the model, not written out, so Babel needs to be told."""
    for label in sorted(field_labels()):
        yield (
            1,
            None,
            label,
            ["Translators: the name of a part of a plan, in a sentence saying what changed"],
        )
