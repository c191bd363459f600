"""The plan's own words inside a translated copy, kept in their own direction.

A translated copy's sentences are the library's; the words the person and staff wrote stay as
written, usually in English. In a right-to-left copy an English sentence left bare takes the
page's direction: its full stop shows on the wrong side (".I stop answering the phone") and
its brackets flip. So in every translated HTML copy each of the plan's own texts is put in a
``<bdi dir>``, which reads it in its own direction whatever surrounds it. English copies are left
byte for byte as they were: their environment never uses this finalize.

Which strings are the plan's own is known from the plan shown (:func:`own_words`), not
guessed from their letters: template words, dates, class names and numbers never match, and
the plan's codes (statuses, kinds) are enumerations, so they stay bare inside attributes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

from babel import Locale, UnknownLocaleError
from jinja2.runtime import Context
from jinja2.utils import pass_context
from markupsafe import Markup, escape

from ._walking import walk
from .textformats import Sentence, finalize_html

__all__ = [
    "OWN_WORDS",
    "as_text",
    "direction_of",
    "finalize_translated_html",
    "in_own_direction",
    "isolated",
    "isolated_listing",
    "own_words",
    "right_to_left",
]

OWN_WORDS = "own_words"
"""The context variable holding the shown plan's own words (a translated copy only)."""

_CODE = re.compile(r"[a-z0-9][a-z0-9_.:-]*")
"""An id or reference (``ali``, ``g-1``): a word of the format, not of a person."""


def right_to_left(catalogue: str | None) -> bool:
    """Whether a copy in ``catalogue``'s language (``None``: English) runs right to left, where
    every word put into a sentence is isolated, not only those with right-to-left letters."""
    if catalogue is None:
        return False
    try:
        return bool(Locale.parse(catalogue, sep="-").text_direction == "rtl")
    except (ValueError, UnknownLocaleError):
        return False


def own_words(value: object) -> frozenset[str]:
    """Every text the person or staff wrote in ``value`` (a plan or a part of one): its
    strings that are neither codes (enumerations) nor ids. An organisation's extensions are
    its own data, not words the person or staff wrote, and are left out."""
    return frozenset(
        text
        for _, text, shape, _ in walk(value)
        if isinstance(text, str)
        and not isinstance(text, Enum)
        and (shape is None or not shape.opaque)
        and text.strip()
        and not _CODE.fullmatch(text)
    )


def _is_own(value: str, words: frozenset[str]) -> bool:
    """Whether ``value`` is one of the plan's texts, as written or with its first letter
    raised (the ``upfirst`` filter)."""
    return value in words or (value[:1].lower() + value[1:]) in words


@pass_context
def finalize_translated_html(context: Context, value: Any) -> Any:
    """What every ``{{ }}`` in a translated HTML copy outputs: the plan's own texts inside a
    ``<bdi>``, everything else as in an English copy."""
    shown = finalize_html(value)
    if (
        isinstance(value, str)
        and not isinstance(value, Markup | Sentence)
        and _is_own(value, context.get(OWN_WORDS) or frozenset())
    ):
        return in_own_direction(shown)
    return shown


def in_own_direction(text: str) -> Markup:
    """``text`` in a ``<bdi>`` that says its direction. Browsers would work the direction out
    for a bare ``<bdi>``; the PDF engine (WeasyPrint) does not isolate a bare ``<bdi>`` nor
    honour Unicode isolates, but it does follow ``dir``, so the direction is written out."""
    return Markup('<bdi dir="%s">') % direction_of(text) + escape(text) + Markup("</bdi>")


def direction_of(text: str) -> str:
    """The direction a text runs in, from its first letter that has one ("ltr" when none
    has), as ``dir="auto"`` would decide."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def isolated(value: Any) -> Markup:
    """A plan's text whose element already sets its direction (the crisis card's ``<li
    dir>``): escaped and isolated as any ``{{ }}`` would be in an English copy, with no
    ``<bdi>`` added inside the element that does that job."""
    return escape(finalize_html(value))


def isolated_listing(listing: Callable[[Iterable[object]], str]) -> Callable[..., Markup]:
    """The ``listing`` filter of a right-to-left HTML copy: each name or text of the plan in
    its own ``<bdi dir>`` before the locale joins them ("أنا وEilidh Sinclair وJames Okafor"
    would otherwise run the English names into the Arabic joining words)."""

    def joined(words: Iterable[object]) -> Markup:
        parts = [
            word
            if isinstance(word, Markup)
            else in_own_direction(word)
            if isinstance(word, str) and not isinstance(word, Sentence) and word.strip()
            else escape(word)
            for word in words
        ]
        # The locale's list pattern holds no markup of its own, only the joining words.
        return Markup(listing(parts))

    return joined


_BDI = re.compile(r'<bdi dir="(?:ltr|rtl)">|</bdi>')


def as_text(value: Any) -> Any:
    """Words bound for where no element may stand (a page's ``<title>``, a chart's SVG
    ``<title>`` and ``<desc>``, which become the PDF's title and a figure's alternative text):
    each ``<bdi dir>`` a sentence put in turned into Unicode isolates, which isolate the same
    words there. Words with no ``<bdi>`` (every English copy's) are returned as they are."""
    if not isinstance(value, str) or "<bdi" not in value:
        return value
    return Markup(_BDI.sub(lambda m: "\u2069" if m.group() == "</bdi>" else "\u2068", value))
