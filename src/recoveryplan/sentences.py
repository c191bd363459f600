"""Putting the plan's words into a translated sentence.

A template sentence is one gettext message with named placeholders (``_("What %(name)s
needs", name=name)``), so that a translator can put the words in their language's order.
The values are the plan's words: each is isolated for bidirectional text as it goes in, just
as ``{{ name }}`` would be on its own, so a right-to-left name keeps its direction inside an
English sentence and the other way round. In a right-to-left copy every word value is
isolated, whatever its letters: the person's English words inside an Arabic sentence would
otherwise take the sentence's direction and lose their full stop to the wrong side. A value
that is a format's own markup (a link a macro made) goes in as it is, and the sentence's own
words are escaped around it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

from .own_words import in_own_direction
from .template_sentences import said_alike
from .textformats import Sentence, balance_bidi, escaped, isolate, markdown_escape

__all__ = ["fill", "gettext_callables"]


def _value(value: Any, isolate_all: bool = False) -> Any:
    if not isinstance(value, str) or isinstance(value, Markup | Sentence):
        return value
    if isolate_all and value.strip():
        return "\u2068" + balance_bidi(value) + "\u2069"
    return isolate(value)


def _is_words(value: Any) -> bool:
    """Whether ``value`` is words from outside the sentence's catalogue (the plan's, a date)."""
    return (
        isinstance(value, str) and not isinstance(value, Markup | Sentence) and bool(value.strip())
    )


def _markdown(text: str) -> Markup:
    """A value escaped for Markdown as ``{{ }}`` would, keeping the spaces around it that
    join it to the sentence."""
    if not text.strip():
        return Markup(text)
    core = text.strip()
    start = text.index(core[0])
    return Markup(text[:start] + markdown_escape(core) + text[start + len(core) :])


def fill(message: str, variables: Mapping[str, Any], format: str, isolate_all: bool = False) -> str:
    """``message`` (already translated) with ``variables`` put in, for ``format``; in a
    right-to-left copy (``isolate_all``) every word value isolated (``<bdi dir>`` in HTML,
    FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE in text), in any other only those that
    need it, so English copies stay as they were."""
    if not variables:
        return message
    if not isolate_all:
        # The usual sentence: the plan's words and numbers put in, none of a format's markup,
        # each value as _value has it, without its calls.
        values: dict[str, Any] = {}
        for key, value in variables.items():
            kind = type(value)
            if kind is str:
                values[key] = value if value.isascii() else isolate(value)
            elif kind is int or kind is Sentence:
                values[key] = value
            else:
                break
        else:
            return Sentence(isolate(message) % values)
    if format == "html" and isolate_all:
        # Each word value in a <bdi dir> of its own direction, which the PDF engine follows
        # too (it honours neither a bare <bdi> nor Unicode isolates).
        return Markup(escape(message)) % {
            k: in_own_direction(v) if _is_words(v) else v for k, v in variables.items()
        }
    if format != "txt" and any(isinstance(v, Markup) for v in variables.values()):
        # Markup stays as it is; other words are escaped for the format; numbers stay numbers.
        if format == "html":
            filled = _html_with_markup(message, variables)
            if filled is not None:
                return filled
            values = {
                k: escape(_value(v, isolate_all))
                if isinstance(v, str) and not isinstance(v, Markup)
                else v
                for k, v in variables.items()
            }
            return Markup(escape(message) % values)
        values = {
            k: _markdown(v) if isinstance(v, str) and not isinstance(v, Markup) else v
            for k, v in variables.items()
        }
        return Markup(str(message) % values)
    return Sentence(isolate(message) % {k: _value(v, isolate_all) for k, v in variables.items()})


def _html_with_markup(message: str, variables: Mapping[str, Any]) -> Markup | None:
    """What the general HTML path below makes of a sentence with a format's markup in it (a
    status line with its shape, say), made without :class:`Markup`'s ``%``, which wraps and
    escapes every value again in Python (a twentieth of the time of a person's page): each
    value escaped once, here, and put into the sentence, itself escaped once for each
    translation. ``None`` for a value or a placeholder this does not know, which the general
    path takes."""
    pattern = _escaped_sentence(message) if type(message) is str else None
    if pattern is None:
        return None
    values: dict[str, Any] = {}
    for key, value in variables.items():
        kind = type(value)
        if kind is Markup or kind is int:
            values[key] = value  # %s writes them as escape() would leave them
        elif kind is str:
            values[key] = escaped(value if value.isascii() else isolate(value))
        elif kind is Sentence:
            values[key] = escaped(str(value))
        else:
            return None
    return Markup(pattern % values)


@functools.lru_cache(maxsize=2048)
def _escaped_sentence(message: str) -> str | None:
    """A translated sentence escaped for HTML, when its only placeholders are ``%(name)s`` (a
    ``%(num)d`` or any other conversion reads its value in another way: ``None``)."""
    if "%" in _PLAIN_PLACEHOLDER.sub("", message):
        return None
    return str(escape(message))


_PLAIN_PLACEHOLDER = re.compile(r"%\(\w+\)s|%%")


def gettext_callables(
    gettext: Callable[[str], str],
    ngettext: Callable[[str, str, int], str],
    format: str,
    isolate_all: bool = False,
) -> tuple[Callable[..., str], Callable[..., str]]:
    """The templates' ``_`` and ``ngettext``: placeholders by name, the plan's words isolated,
    plain text out (each format's ``finalize`` escapes it, as it escapes every other text)."""

    @said_alike  # a sentence with nothing put in is the catalogue's words for it
    def translated(message: str, **variables: Any) -> str:
        return fill(gettext(message), variables, format, isolate_all)

    def counted(singular: str, plural: str, n: int, **variables: Any) -> str:
        return fill(ngettext(singular, plural, n), {"num": n, **variables}, format, isolate_all)

    return translated, counted
