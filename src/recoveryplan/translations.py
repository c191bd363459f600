"""The language a copy of the plan is written in, and the catalogue its words come from.

Every word the templates write comes from ``templates/_words.j2`` through gettext (Jinja's
``i18n`` extension), so a copy is in another language when there is a catalogue for it:
``recoveryplan/locale/<language>/LC_MESSAGES/recoveryplan.mo``, compiled from the ``.po``
files beside it (``make translations``). A language tag with a region falls back to its
language (``cy-GB`` is Welsh); a language with no catalogue gets the English copy, and says so
in its ``lang``, so that a screen reader reads it as English. Dates are written the locale's
way by Babel.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import attrs
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from .journey import Point
from .messages import complete_languages

__all__ = [
    "CATALOGUES",
    "DOMAIN",
    "ENGLISH",
    "CopyLanguage",
    "copy_language",
    "languages",
    "messages",
    "missing",
    "translations",
]

CATALOGUES = Path(__file__).resolve().parent / "locale"
"""Where the library's catalogues are: ``<language>/LC_MESSAGES/recoveryplan.mo``."""

DOMAIN = "recoveryplan"

ENGLISH = "en-GB"
"""The language the templates are written in."""


@attrs.frozen
class CopyLanguage:
    """The language one copy is written in: its tag for ``<html lang>`` (and a PDF's
    ``/Lang``), the catalogue its words come from (``None``: the templates' own English),
    and which way its text runs."""

    tag: str
    catalogue: str | None
    direction: str  # "ltr" or "rtl"


TEMPLATE = CATALOGUES / f"{DOMAIN}.pot"
"""Every message the library writes (``make translations`` extracts it)."""


@cache
def messages() -> frozenset[str | tuple[str, str]]:
    """The library's messages: a sentence's ``msgid``, or a counted one's ``(singular,
    plural)``."""
    with TEMPLATE.open("rb") as file:
        template = read_po(file)
    found: set[str | tuple[str, str]] = set()
    for message in template:
        if isinstance(message.id, (list, tuple)):
            found.add((str(message.id[0]), str(message.id[1])))
        elif message.id:
            found.add(message.id)
    return frozenset(found)


def missing(catalogue: str, plugins: tuple[Path, ...] = ()) -> list[str]:
    """The library's messages that the catalogues for ``catalogue`` (the library's, with the
    plugins' on top) leave untranslated."""
    found = translations(catalogue, plugins)
    table: dict[Any, str] = getattr(found, "_catalog", {})
    left = []
    for message in messages():
        if isinstance(message, tuple):
            if not table.get((message[0], 0)):
                left.append(message[0])
        elif not table.get(message):
            left.append(message)
    return sorted(left)


@cache
def languages(plugins: tuple[Path, ...] = ()) -> frozenset[str]:
    """The languages a copy can be written in: those whose compiled catalogue, the
    library's with the plugins' (the ``translation_dirs`` hook) on top, translates every
    message the library writes. A catalogue a translator is still filling is not used, so
    that no copy is half in one language and half in another. The test is the one every
    catalogue of the library is held to (:func:`recoveryplan.messages.complete_languages`)."""
    return complete_languages(DOMAIN, plugins)


def copy_language(requested: str | None, plugins: tuple[Path, ...] = ()) -> CopyLanguage:
    """The language a copy asked for in ``requested`` (a BCP 47 tag) is written in, with the
    plugins' catalogue folders ``plugins``."""
    if not requested or not requested.strip():
        return CopyLanguage(ENGLISH, None, "ltr")
    tag = requested.strip()
    parsed = _language_of(tag)
    if parsed is None:
        return CopyLanguage(ENGLISH, None, "ltr")
    language, direction = parsed
    if language == "en":
        return CopyLanguage(tag, None, "ltr")
    if language not in languages(plugins):
        return CopyLanguage(ENGLISH, None, "ltr")
    return CopyLanguage(language, language, direction)


@lru_cache(maxsize=256)
def _language_of(tag: str) -> tuple[str, str] | None:
    """A tag's language and the way its text runs, from Babel's locale data (``None`` for a
    tag Babel cannot read): worked out once a tag, not for every copy (a tenth of the time of
    building a template's context)."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return None
    return locale.language, locale.text_direction


@cache
def translations(catalogue: str | None, plugins: tuple[Path, ...] = ()) -> gettext.NullTranslations:
    """The translations into ``catalogue`` (none for English): the library's, with each
    plugin's catalogues in that language on top, so a plugin's words (and its corrections)
    win."""
    if catalogue is None:
        return gettext.NullTranslations()
    loaded = Translations.load(str(CATALOGUES), [catalogue], DOMAIN)
    # A language only a plugin translates starts from the templates' English.
    found = loaded if isinstance(loaded, Translations) else Translations(domain=DOMAIN)
    for root in plugins:
        for mo in sorted(root.glob(f"{catalogue}/LC_MESSAGES/*.mo")):
            with mo.open("rb") as file:
                found.merge(Translations(file, domain=mo.stem))
    return found


def local_short_date(catalogue: str) -> object:
    """The ``short_day`` filter of a translated copy: a date short enough for a chart."""

    def short_day(value: date) -> str:
        return format_date(value, format="medium", locale=catalogue)

    return short_day


def local_number(catalogue: str) -> object:
    """The ``number`` filter of a translated copy: a number written the locale's way (an
    average of 4.7 is "4,7" in Polish)."""

    def number(value: object) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_decimal(value, locale=catalogue)
        return str(value)

    return number


def local_list(catalogue: str) -> object:
    """The ``listing`` filter of a translated copy: words joined as the locale joins a list
    ("Eilidh, James a Priya"), by the locale's own CLDR pattern."""

    def listing(words: Iterable[object]) -> str:
        return format_list([str(word) for word in words], locale=catalogue)

    return listing


def local_period_name(catalogue: str) -> Callable[[Point], str]:
    """The ``period_name`` of a translated copy: a chart's period in the locale's own month
    names ("Mai 2026", "Ebr–Meh 2026")."""

    def named(point: Point) -> str:
        if point.period is None:
            return format_date(point.on, format="medium", locale=catalogue)
        year, _, part = point.period.partition("-")
        if not part:
            return year
        if part.startswith("Q"):
            first = (int(part[1:]) - 1) * 3 + 1
            start = format_skeleton("MMM", date(int(year), first, 1), locale=catalogue)
            end = format_skeleton("yMMM", date(int(year), first + 2, 1), locale=catalogue)
            return f"{start}\u2013{end}"
        return format_skeleton("yMMM", date(int(year), int(part), 1), locale=catalogue)

    return named


def local_date(catalogue: str) -> object:
    """The ``day`` filter of a translated copy: a date as the locale writes it in full."""

    def day(value: date) -> str:
        return format_date(value, format="long", locale=catalogue)

    return day
