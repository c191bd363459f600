"""The library's own messages — what the checks find, what the command line says — in the
reader's language.

A copy of a plan takes its words from the ``recoveryplan`` catalogue (see
:mod:`recoveryplan.translations`); the messages written in Python take theirs from a second
catalogue, ``recoveryplan-messages``, kept apart so that a language whose findings are still
being translated can already have its copies. A message is marked where it is written::

    from ..messages import gettext as _, ngettext

    _("the plan has no review date; agree one with %(name)s") % {"name": name}

and is looked up, when it is made, in the language :func:`speaking` chose for the work in
hand (a context variable, so threads and tasks each keep their own). With no language chosen,
or one whose catalogue is not complete, messages are the English they were written in:
nothing is ever half in one language and half in another. ``make translations`` extracts the
marked messages (``babel-messages.cfg``) into ``locale/recoveryplan-messages.pot``.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .textformats import friendly_date

if TYPE_CHECKING:
    from babel.support import Translations

# Babel is imported where a message is written in another language than English, not here:
# every module of the package imports this one, and ``import recoveryplan`` or ``recoveryplan
# --help`` should not pay for Babel's locale data (see docs/layout.md, "Imports on first use").

__all__ = [
    "DOMAIN",
    "N_",
    "complete_languages",
    "day",
    "environment_language",
    "gettext",
    "languages",
    "listing",
    "messages_language",
    "ngettext",
    "number",
    "speaking",
    "speaking_from",
    "spoken",
]

DOMAIN = "recoveryplan-messages"

CATALOGUES = Path(__file__).resolve().parent / "locale"
TEMPLATE = CATALOGUES / f"{DOMAIN}.pot"

_ENGLISH: _gettext.NullTranslations = _gettext.NullTranslations()
_current: ContextVar[_gettext.NullTranslations] = ContextVar(
    "recoveryplan_messages", default=_ENGLISH
)
_spoken: ContextVar[str | None] = ContextVar("recoveryplan_messages_language", default=None)


def gettext(message: str) -> str:
    """``message`` in the language of the work in hand."""
    return _current.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message that ``n`` takes in the language of the work in hand
    (Welsh has six, by Babel's CLDR rules)."""
    return _current.get().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet (a table of messages
    made at import, translated with :func:`gettext` when used)."""
    return message


def day(value: date) -> str:
    """A date in a message, the way the language of the work in hand writes one ("7 May
    2026" in English; "7 maja 2026" in Polish, by Babel's CLDR data)."""
    language = _spoken.get()
    if language is None:
        return friendly_date(value)
    from babel.dates import format_date

    return format_date(value, format="long", locale=language)


def number(value: int) -> str:
    """A number in a message, grouped the way the language of the work in hand groups digits
    ("20,000" in English, "20 000" in Polish)."""
    language = _spoken.get()
    if language is None:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=language)


@cache
def _messages(domain: str = DOMAIN) -> frozenset[str]:
    source = TEMPLATE if domain == DOMAIN else TEMPLATE.with_name(f"{domain}.pot")
    if not source.is_file():
        return frozenset()
    from babel.messages.pofile import read_po

    with source.open("rb") as file:
        template = read_po(file)
    return frozenset(
        str(message.id[0]) if isinstance(message.id, (list, tuple)) else str(message.id)
        for message in template
        if message.id
    )


@cache
def _translations(
    language: str, plugins: tuple[Path, ...] = (), domain: str = DOMAIN
) -> Translations | None:
    """The library's catalogue ``domain`` of ``language`` with each plugin's catalogues in that
    language (``<language>/LC_MESSAGES/*.mo`` in its ``translation_dirs``) merged on top, so
    a plugin's own messages, and its corrections of the library's, are found."""
    from babel.support import Translations

    loaded = Translations.load(str(CATALOGUES), [language], domain)
    found = loaded if isinstance(loaded, Translations) else None
    for root in plugins:
        for mo in sorted(root.glob(f"{language}/LC_MESSAGES/*.mo")):
            if found is None:  # a language only a plugin translates
                found = Translations(domain=domain)
            with mo.open("rb") as file:
                found.merge(Translations(file, domain=mo.stem))
    return found


_find_plugin_catalogues: Callable[[], tuple[Path, ...]] = tuple


def plugin_catalogues_found_by(finder: Callable[[], tuple[Path, ...]]) -> None:
    """Where the plugins' catalogues are is for :mod:`recoveryplan.plugins` to say, and it says
    so when it is imported (the package imports it): the plugin machinery's own errors are
    messages, so this module cannot import it without the two depending on each other."""
    global _find_plugin_catalogues
    _find_plugin_catalogues = finder


def _plugin_dirs() -> tuple[Path, ...]:
    """The plugins' catalogue folders (the ``translation_dirs`` hook)."""
    return _find_plugin_catalogues()


@cache
def languages(plugins: tuple[Path, ...] = ()) -> frozenset[str]:
    """The languages the messages can be written in: those whose compiled catalogue, with
    the ``plugins``' catalogues on top, translates every message the library writes."""
    return complete_languages(DOMAIN, plugins)


def complete_languages(domain: str, plugins: tuple[Path, ...] = ()) -> frozenset[str]:
    """The languages whose catalogue ``domain``, with the ``plugins``' catalogues on top,
    translates every message of that domain: the one test of completeness for each of the
    library's catalogues, so that a language still being translated in one (the web app's
    pages, say) keeps what another already gives it (its copies, its messages)."""
    folders = {
        folder.name
        for root in (CATALOGUES, *plugins)
        if root.is_dir()
        for folder in root.iterdir()
        if any((folder / "LC_MESSAGES").glob("*.mo"))
    }
    found = set()
    for language in sorted(folders):
        loaded = _translations(language, plugins, domain)
        table: Mapping[object, str] = getattr(loaded, "_catalog", {})
        if all(table.get(m) or table.get((m, 0)) for m in _messages(domain)):
            found.add(language)
    return frozenset(found)


def messages_language(requested: str | None) -> str | None:
    """The catalogue the messages asked for in ``requested`` (a BCP 47 tag; a region falls
    back to its language) are written from, or ``None`` for English — also when that
    language's catalogue is missing or not yet complete."""
    if not requested or not requested.strip():
        return None
    # Only the language matters ("ar_GB.UTF-8" is Arabic even where CLDR has no such locale).
    subtag = requested.strip().split(".")[0].replace("_", "-").split("-")[0]
    if subtag.lower() in ("en", "c", "posix"):  # English, as Babel reads each, without Babel
        return None
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(subtag)
    except (ValueError, UnknownLocaleError):
        return None
    if locale.language == "en":  # the language the messages are written in
        return None
    return locale.language if locale.language in languages(_plugin_dirs()) else None


def environment_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language a person running the command line reads, from the environment the way
    every gettext program finds it (``LANGUAGE``, then ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``); the first of ``LANGUAGE``'s list that has a complete catalogue wins."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value or value in ("C", "POSIX"):
            continue
        for tag in value.split(":"):
            found = messages_language(tag)
            if found is not None:
                return found
        if name != "LANGUAGE":
            return None
    return None


@contextmanager
def speaking(language: str | None) -> Iterator[str | None]:
    """Write the messages made inside the ``with`` block in ``language`` (a BCP 47 tag, or
    ``None`` for English). Yields the catalogue used (``None``: English)."""
    catalogue = messages_language(language)
    loaded = _translations(catalogue, _plugin_dirs()) if catalogue else None
    with speaking_from(loaded, catalogue if loaded is not None else None):
        yield catalogue


@contextmanager
def speaking_from(words: _gettext.NullTranslations | None, catalogue: str | None) -> Iterator[None]:
    """Write the messages made inside the ``with`` block from ``words``, translations already
    chosen (a review pack says what changed in its copy's words, a plugin's included), with
    ``catalogue``'s dates, numbers and lists; English when ``words`` is ``None``."""
    token = _current.set(words if words is not None else _ENGLISH)
    spoken_token = _spoken.set(catalogue if words is not None else None)
    try:
        yield
    finally:
        _spoken.reset(spoken_token)
        _current.reset(token)


def listing(words: list[str]) -> str:
    """Words joined as a list: "a, b and c" in English, as the locale joins one otherwise."""
    language = _spoken.get()
    if language is not None:
        from babel.lists import format_list

        return format_list(words, locale=language)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def spoken() -> str | None:
    """The catalogue the messages made now are written from (``None``: English): what a
    piece of work passes on, as ``language=``, to work that chooses its own."""
    return _spoken.get()
