"""Which patterns are worth running on a text: the words a match of each cannot be without.

A rule's trigger words say whether any of its patterns could match; a rule with many patterns
and a common trigger word ("help", "let", "manage") would still run every pattern on every
text holding the word. So each pattern is read once (with the regular-expression parser of
the standard library) for literal text that every match of it must contain: ``incapable``
in ``\\bincapable\\s+of\\b``, or one of ``refuse``, ``refused``, ... in an alternation. A
pattern is only run on a text that holds one of them, which ``str`` finds in C. The reading is
conservative: when a pattern has no such literal of at least four characters, it is always
run, so screening never changes what is found (a property test compares the two).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as c  # type: ignore[attr-defined]  # the parser re itself uses
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

__all__ = ["fold", "required_text", "required_texts", "screen_texts"]

_SHORTEST = 4
"""Literal text shorter than this ("for", "not") is in too many texts to be worth a search."""

_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)

_DOTTED = {0x130: "i", 0x131: "i"}
"""The two characters that a case-insensitive ``i`` matches and ``casefold`` does not make
``i``: turned into ``i`` before folding, so that no match is screened out."""


def fold(text: str) -> str:
    """``text`` as the screen compares it: case folded, so that any case matches."""
    return text.lower() if text.isascii() else text.translate(_DOTTED).casefold()


def required_text(pattern: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """Literal texts (case folded) one of which every match of ``pattern`` contains, or
    ``None`` when the pattern has none worth searching for."""
    found = required_texts(pattern, flags)
    if not found:
        return None
    return _best(found)


def required_texts(
    pattern: str, flags: int = re.IGNORECASE, shortest: int = _SHORTEST
) -> tuple[frozenset[str], ...]:
    """Every set of literal texts (case folded) of at least ``shortest`` characters that
    ``pattern`` requires in turn: every match contains one text of each set. A text lacking
    one text of any set cannot match, so each set is a test that can spare running it."""
    try:
        parsed = parser.parse(pattern, flags)
    except re.error:
        return ()
    return tuple(_candidates(parsed, shortest))


SCREEN_SHORTEST = 3
"""Screens of three letters ("not", "off", "let") are worth their test: a search in C costs a
twentieth of running a pattern, and each one the text lacks spares running it."""

SCREENS = 3
"""The most tests a pattern's screen makes, the fewest and longest texts first."""


def screen_texts(pattern: str, flags: int = re.IGNORECASE) -> tuple[frozenset[str], ...]:
    """The sets of literal texts a text is tested for before ``pattern`` is run on it: at
    most :data:`SCREENS` of :func:`required_texts` (of at least :data:`SCREEN_SHORTEST`
    characters), those with the fewest and longest texts first, as they fail most often."""
    found = sorted(
        set(required_texts(pattern, flags, SCREEN_SHORTEST)),
        key=lambda texts: (len(texts), -min(len(text) for text in texts), sorted(texts)),
    )
    return tuple(found[:SCREENS])


def _best(candidates: list[frozenset[str]] | tuple[frozenset[str], ...]) -> frozenset[str]:
    # One long word is searched for fastest; among several, the fewest and longest.
    return max(candidates, key=lambda texts: (-len(texts), min(len(text) for text in texts)))


def _required(sequence: Iterable[tuple[Any, Any]], shortest: int) -> frozenset[str] | None:
    candidates = _candidates(sequence, shortest)
    return _best(candidates) if candidates else None


def _candidates(sequence: Iterable[tuple[Any, Any]], shortest: int) -> list[frozenset[str]]:
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= shortest:
            candidates.append(frozenset({"".join(run).casefold()}))
        run.clear()

    for op, value in sequence:
        if op is c.LITERAL:
            run.append(chr(value))
            continue
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the literal text either side is contiguous
        flush()
        found: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            found = _required(value[-1], shortest)
        elif op is c.BRANCH:
            branches = [_required(branch, shortest) for branch in value[1]]
            if all(branch is not None for branch in branches):
                found = frozenset().union(*(b for b in branches if b is not None))
        elif op in _REPEATS and value[0] >= 1:
            found = _required(value[2], shortest)
        if found:
            candidates.append(found)
    flush()
    return candidates
