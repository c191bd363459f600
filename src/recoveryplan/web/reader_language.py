"""The words around a page in its reader's language: which language each reader reads the
pages in, and what the app says in it beyond the templates' own words (the people it names,
what changed, the language check's suggestions, a list of choices).

Kept apart from :mod:`.app`, which routes the requests: a page's wording changes with the
catalogues and the copies, not with the routes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from gettext import NullTranslations
from typing import Any

import attrs
from babel.lists import format_list

from ..change_words import field_label, say
from ..changes import diff
from ..language import LanguageSuggestion, check_language
from ..merging import Conflict
from ..messages import N_, environment_language, gettext, speaking, speaking_from
from ..page_language import page_language
from ..plan import Plan
from ..plugins import plugin_translation_dirs
from ..translations import CopyLanguage, copy_language, translations
from .readers import Reader

__all__ = [
    "Names",
    "either",
    "field_names",
    "no_suggestions",
    "reader_language",
    "said",
    "suggest",
    "told",
]


class Names(dict[str, str]):
    """The name for each person reference the reader's copy can name, in the page's words."""

    def __init__(self, plan: Plan, words: NullTranslations) -> None:
        super().__init__({"person": plan.person.called, "service": words.gettext(_SERVICE)})
        for member in plan.circle:
            self[member.id] = member.name
        self.someone = words.gettext(_SOMEONE)

    def __missing__(self, key: str) -> str:
        return self.someone


_SERVICE = N_("the service")
_SOMEONE = N_("someone")


def said(words: NullTranslations, what: Any) -> Any:
    """A reason or error the app gave in its own words ("Added a hope"), in the page's
    language; anyone's own words (a reason a worker typed) are shown as written."""
    return words.gettext(what) if isinstance(what, str) and what else what


@contextmanager
def _copy_words(catalogue: str | None) -> Iterator[None]:
    """Speak the copies' words of the page's language (English while it has none): what
    changed is said, and a part of the plan named, as a review pack says and names them."""
    plugins = plugin_translation_dirs()
    copy = copy_language(catalogue, plugins)
    found = translations(copy.catalogue, plugins) if copy.catalogue is not None else None
    with speaking_from(found, copy.catalogue):
        yield


def told(old: Plan, new: Plan, audience: str, catalogue: str | None) -> list[str]:
    """What changed, for ``audience``, in the sentences of a review pack."""
    with _copy_words(catalogue):
        return [str(change) for change in diff(old, new, audience=audience)]


def field_names(conflicts: Iterable[Conflict], catalogue: str | None) -> dict[str, str]:
    """The name of each field two people changed at once ("statement", "due date"), as the
    copies name a field in what changed."""
    with _copy_words(catalogue):
        return {c.field: say(field_label(c.field)) for c in conflicts if c.field is not None}


def reader_language(reader: Reader, plan: Plan) -> CopyLanguage:
    """The language this reader reads the pages in: the person's own, a circle member's own,
    and the staff's messages language (the server's environment)."""
    if reader.kind == "person":
        return page_language(plan.person.language)
    if reader.kind == "member":
        member = next((m for m in plan.circle if m.id == reader.ref), None)
        return page_language(member.language if member is not None else None)
    return page_language(environment_language())


def suggest(catalogue: str | None, texts: list[str | None]) -> list[LanguageSuggestion]:
    """What the language check suggests for ``texts``, its reasons and alternatives in the
    messages' catalogue of the page's language (where the findings' are)."""
    with speaking(catalogue):
        return [
            attrs.evolve(
                s, why=gettext(s.why), alternatives=tuple(gettext(a) for a in s.alternatives)
            )
            for text in texts
            if text
            for s in check_language(text)
        ]


def no_suggestions(texts: list[str | None]) -> list[LanguageSuggestion]:
    return []


def either(catalogue: str | None, words: list[str]) -> str:
    """Choices joined as the page's language joins them ("a, b or c")."""
    return format_list(list(words), style="or", locale=catalogue or "en_GB")
