"""The language of the library's own pages: the web app where a plan is written together and
the caseload report for service managers.

Their words come from a third catalogue, ``recoveryplan-pages`` (``babel-pages.cfg`` lists
where they are written), kept apart from the copies' and the messages' so that a language
whose pages are still being translated keeps the copies and messages it already has. A page
is in a language only when that catalogue is complete for it
(:func:`recoveryplan.messages.complete_languages`); until then it is in English and says so
in its ``lang``.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from typing import Any

from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from . import messages
from .translations import ENGLISH, CopyLanguage

__all__ = ["DOMAIN", "page_gettext", "page_language", "page_markup_gettext", "page_words"]

DOMAIN = "recoveryplan-pages"


def page_language(requested: str | None) -> CopyLanguage:
    """The language a page asked for in ``requested`` (a BCP 47 tag, or a locale name such
    as ``cy_GB.UTF-8``) is written in: English (``en-GB``) unless ``recoveryplan-pages`` is
    complete for that language, with the plugins' catalogues on top."""
    if not requested or not requested.strip():
        return CopyLanguage(ENGLISH, None, "ltr")
    subtag = requested.strip().split(".")[0].replace("_", "-").split("-")[0]
    try:
        locale = Locale.parse(subtag)
    except (ValueError, UnknownLocaleError):
        return CopyLanguage(ENGLISH, None, "ltr")
    plugins = messages._plugin_dirs()
    if locale.language == "en" or locale.language not in messages.complete_languages(
        DOMAIN, plugins
    ):
        return CopyLanguage(ENGLISH, None, "ltr")
    return CopyLanguage(locale.language, locale.language, locale.text_direction)


def page_words(catalogue: str | None) -> gettext.NullTranslations:
    """The pages' translations into ``catalogue`` (none for English), the plugins' on top."""
    if catalogue is None:
        return gettext.NullTranslations()
    found = messages._translations(catalogue, messages._plugin_dirs(), DOMAIN)
    return found if found is not None else gettext.NullTranslations()


def page_gettext(
    words: gettext.NullTranslations,
) -> tuple[Callable[..., str], Callable[..., str]]:
    """``_`` and ``ngettext`` for a page's templates: a sentence's named placeholders are
    filled after it is translated (``_("%(name)s's plan", name=name)``), and the result is a
    plain string, escaped on output like any other value."""

    def gettext_(message: str, **values: Any) -> str:
        found = words.gettext(message)
        return found % values if values else found

    def ngettext_(singular: str, plural: str, n: int, **values: Any) -> str:
        found = words.ngettext(singular, plural, n)
        return found % {"num": n, **values}

    return gettext_, ngettext_


def page_markup_gettext(
    words: gettext.NullTranslations,
) -> tuple[Callable[..., Markup], Callable[..., Markup]]:
    """``_`` and ``ngettext`` for a page whose sentences hold markup of their own (a figure
    in ``<strong>``): the sentence is the template's own text, as if written in it, and each
    value is escaped unless it is markup the template made."""

    def gettext_(message: str, **values: Any) -> Markup:
        found = Markup(words.gettext(message))
        return found % values if values else found

    def ngettext_(singular: str, plural: str, n: int, **values: Any) -> Markup:
        found = Markup(words.ngettext(singular, plural, n))
        return found % {"num": n, **values}

    return gettext_, ngettext_
