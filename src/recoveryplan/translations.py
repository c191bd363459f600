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
from datetime import date
from functools import cache
from pathlib import Path

import attrs
from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.support import Translations

__all__ = [
    "CATALOGUES",
    "DOMAIN",
    "ENGLISH",
    "CopyLanguage",
    "copy_language",
    "languages",
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


@cache
def languages(plugins: tuple[Path, ...] = ()) -> frozenset[str]:
    """The languages there is a compiled catalogue for: the library's, and those in the
    plugins' catalogue folders (the ``translation_dirs`` hook)."""
    found = set()
    if CATALOGUES.is_dir():
        found |= {
            folder.name
            for folder in CATALOGUES.iterdir()
            if (folder / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        }
    for root in plugins:
        found |= {mo.parent.parent.name for mo in root.glob("*/LC_MESSAGES/*.mo")}
    return frozenset(found)


def copy_language(requested: str | None, plugins: tuple[Path, ...] = ()) -> CopyLanguage:
    """The language a copy asked for in ``requested`` (a BCP 47 tag) is written in, with the
    plugins' catalogue folders ``plugins``."""
    if not requested or not requested.strip():
        return CopyLanguage(ENGLISH, None, "ltr")
    tag = requested.strip()
    try:
        locale = Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return CopyLanguage(ENGLISH, None, "ltr")
    if locale.language == "en":
        return CopyLanguage(tag, None, "ltr")
    if locale.language not in languages(plugins):
        return CopyLanguage(ENGLISH, None, "ltr")
    return CopyLanguage(locale.language, locale.language, locale.text_direction)


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


def local_date(catalogue: str) -> object:
    """The ``day`` filter of a translated copy: a date as the locale writes it in full."""

    def day(value: date) -> str:
        return format_date(value, format="long", locale=catalogue)

    return day
