"""The values inside a generated plan: free text that has broken renderers before, dates,
the readable part of ids, and the JSON an extension holds.

Part of :mod:`recoveryplan.testing.strategies`, which is where to import them from. Each
strategy is made once for the arguments it is given and shared after that (strategies never
change): making one costs more than drawing from it, and a plan is drawn part by part.
"""

from __future__ import annotations

import functools
import string
from datetime import date
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on what is installed
    from ..errors import MissingExtraError

    raise MissingExtraError.needing("testing") from error

__all__ = ["ID_STEMS", "TRICKY_TEXTS", "dates", "extensions", "ids", "json_values", "texts"]

TRICKY_TEXTS = (
    "",
    " ",
    "Morag",
    "Ceòl agus òrain",
    "مرحبا، أنا هنا",  # right-to-left (Arabic)
    "שלום \u200fעולם",  # right-to-left (Hebrew) with a right-to-left mark
    "abc\u202edef\u202c",  # a bidi override that must not swallow what follows
    "🌱🏡👩‍👧‍👦 🇬🇧",  # emoji, a zero-width-joiner family and a flag
    "e\u0301\u0327 Zalgo: Z\u0351\u0352\u0353a\u0300\u0301",  # combining marks
    "<b>bold</b> <script>alert(1)</script>",
    "</textarea><img src=x onerror=alert(1)>",
    "{{ x }} {% if y %}z{% endif %} {# c #}",
    "${x} %(x)s {0} {x!r}",
    "# heading\n\n* list\n- item\n> quote\n```code```",
    "| a | b |\n|---|---|",
    "[link](javascript:alert(1)) ![img](x.png)",
    "_under_ *star* `tick` \\back\\slash",
    "&amp; &lt; &#x27; &nbsp;",
    "\"quotes\" 'single' `back`",
    "line one\nline two\r\nline three\ttab",
    "on",
    "yes",
    "no",
    "null",
    "~",
    "true",
    "2026-06-02",
    "12",
    "1e3",
    "- dash",
    ": colon",
    "key: value",
    "%PDF-1.7",
    "\u00a0non-breaking\u2007space\u202f",
    "zero\u200bwidth\u200cjoin\u200d",
    "\ufeffBOM at start",
    "a" * 300,
)
"""Text that has broken renderers and serialisers before: scripts, markup, templates, YAML."""


@functools.cache
def texts(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Free text: any Unicode a plan may hold (never lone surrogates, which no UTF-8 document
    can hold, nor control characters other than tab and line breaks, which the model refuses).
    """
    characters = st.characters(exclude_categories=["Cs", "Cc"], include_characters="\t\n\r")
    return st.one_of(st.text(characters, max_size=max_size), st.sampled_from(TRICKY_TEXTS))


def dates() -> st.SearchStrategy[date]:
    """Any date the format can write: ISO dates from year 1 to year 9999."""
    return st.dates()


ID_STEMS = ("g", "goal", "oc", "st-cooking", "nd_2", "x1", "RP", "ĉefa", "名前", "مرحبا", "α-β")
"""Readable parts of ids, ASCII and not; :func:`plans` adds a suffix that makes each unique."""


def ids() -> st.SearchStrategy[str]:
    """The readable part of an id (one draw, so that big plans stay quick to generate)."""
    return st.sampled_from(ID_STEMS)


@functools.cache
def json_values(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Any]:
    """Any JSON value (finite numbers only), nested, as an extension might hold."""
    words = text if text is not None else texts(max_size=12)
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63),
        st.floats(allow_nan=False, allow_infinity=False),
        words,
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(words, inner, max_size=4)
        ),
        max_leaves=12,
    )


@functools.cache
def extensions(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Organisation-specific data keyed by reverse-DNS namespace, opaque to the library."""
    label = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)
    namespace = st.lists(label, min_size=2, max_size=4).map(".".join)
    return st.dictionaries(namespace, json_values(text), max_size=3)
