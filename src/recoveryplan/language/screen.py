"""Which patterns are worth running on a text: the words a match of each cannot be without.

A rule's trigger words say whether any of its patterns could match; a rule with many patterns
and a common trigger word ("help", "let", "manage") would still run every pattern on every
text holding the word. So each pattern is read once (with the regular-expression parser of
the standard library) for literal text that every match of it must contain: ``incapable``
in ``\\bincapable\\s+of\\b``, or one of ``refuse``, ``refused``, ... in an alternation. A
pattern is only run on a text that holds one of them, which ``str`` finds in C. The reading is
conservative: when a pattern has no such literal of at least four characters, it is always
run, so screening never changes what is found (a property test compares the two).

Every set a group requires is kept (``said`` and ``cannot`` and ``cope``), and alternatives
give up to :data:`UNIONS` sets, the union of each alternative's best, then of each one's next
best: every match goes through one alternative and holds a text of each of its sets.
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
    if text.isascii():
        return text.lower()
    if "\u0130" in text or "\u0131" in text:  # a translation costs a step per character
        text = text.translate(_DOTTED)
    return text.casefold()


def required_text(pattern: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """Literal texts (case folded) one of which every match of ``pattern`` contains, or
    ``None`` when the pattern has none worth searching for."""
    found = required_texts(pattern, flags)
    if not found:
        return None
    return _best(found)


def required_texts(
    pattern: str, flags: int = re.IGNORECASE, shortest: int = _SHORTEST, *, marks: bool = False
) -> tuple[frozenset[str], ...]:
    """Every set of literal texts (case folded) of at least ``shortest`` characters that
    ``pattern`` requires in turn: every match contains one text of each set. A text lacking
    one text of any set cannot match, so each set is a test that can spare running it.

    With ``marks``, a shorter text is kept too when it holds a character that is neither a
    letter nor a space: ``++`` in ``\\+{2,3}``, ``:`` in ``[1-4]:[1-4]``, ``/7`` in
    ``[1-7]/7``, which prose seldom holds."""
    try:
        parsed = parser.parse(pattern, flags)
    except re.error:
        return ()
    return tuple(_candidates(parsed, shortest, marks))


SCREEN_SHORTEST = 3
"""Screens of three letters ("not", "off", "let") are worth their test: a search in C costs a
twentieth of running a pattern, and each one the text lacks spares running it."""

SCREENS = 4
"""The most tests a pattern's screen makes, the fewest and longest texts first."""


def screen_texts(pattern: str, flags: int = re.IGNORECASE) -> tuple[frozenset[str], ...]:
    """The sets of literal texts a text is tested for before ``pattern`` is run on it: at
    most :data:`SCREENS` of :func:`required_texts` (of at least :data:`SCREEN_SHORTEST`
    characters), those with the fewest and longest texts first, as they fail most often."""
    found = sorted(set(required_texts(pattern, flags, SCREEN_SHORTEST, marks=True)), key=_order)
    return tuple(found[:SCREENS])


def _order(texts: frozenset[str]) -> tuple[bool, tuple[int, int, list[str]]]:
    """Sets of words first, as :func:`_rank` orders them, then those holding a text shorter
    than :data:`SCREEN_SHORTEST` (a mark such as ``:``): a pattern is tested for a mark only
    when it needs fewer than :data:`SCREENS` sets of words."""
    return any(len(text) < SCREEN_SHORTEST for text in texts), _rank(texts)


def _best(candidates: list[frozenset[str]] | tuple[frozenset[str], ...]) -> frozenset[str]:
    # One long word is searched for fastest; among several, the fewest and longest.
    return max(candidates, key=lambda texts: (-len(texts), min(len(text) for text in texts)))


def _candidates(
    sequence: Iterable[tuple[Any, Any]], shortest: int, marks: bool = False
) -> list[frozenset[str]]:
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= shortest or (run and marks and any(map(_is_mark, run))):
            candidates.append(frozenset({"".join(run).casefold()}))
        run.clear()

    for op, value in sequence:
        if op is c.LITERAL:
            run.append(chr(value))
            continue
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the literal text either side is contiguous
        if op in _REPEATS and value[0] >= 1 and _one_literal(value[2]):
            # A character repeated (\+{2,3}): at least its fewest repeats, contiguous with
            # what comes before, and with what follows only when it repeats a fixed number.
            run.append(chr(value[2][0][1]) * value[0])
            if value[1] != value[0]:
                flush()
            continue
        flush()
        if op is c.SUBPATTERN:
            # Every match of the group holds one text of each of its sets, and so does every
            # match of the pattern.
            candidates += _candidates(value[-1], shortest, marks)
        elif op is c.BRANCH:
            candidates += _unions([_candidates(branch, shortest, marks) for branch in value[1]])
        elif op in _REPEATS and value[0] >= 1:
            candidates += _candidates(value[2], shortest, marks)
    flush()
    return candidates


def _one_literal(sequence: Any) -> bool:
    return len(sequence) == 1 and sequence[0][0] is c.LITERAL


def _is_mark(char: str) -> bool:
    """A character prose seldom holds: neither a letter nor a space (``+``, ``:``, ``7``)."""
    return not char.isalpha() and not char.isspace()


def _unions(branches: list[list[frozenset[str]]]) -> list[frozenset[str]]:
    """The sets alternatives require: every match goes through one of them, so it holds a
    text of one set of each, and so of each union of one set from every alternative. The
    best sets make the first union, the next best the second (an alternative with fewer sets
    giving its last again), up to :data:`UNIONS` of them."""
    if not branches or not all(branches):
        return []
    ranked = [sorted(set(sets), key=_rank) for sets in branches]
    unions: list[frozenset[str]] = []
    for turn in range(min(UNIONS, max(map(len, ranked)))):
        joined = frozenset[str]().union(*(sets[min(turn, len(sets) - 1)] for sets in ranked))
        if joined not in unions:
            unions.append(joined)
    return unions


UNIONS = 3
"""The most sets of texts alternatives are read for."""


def _rank(texts: frozenset[str]) -> tuple[int, int, list[str]]:
    """The best set first: the fewest texts, and the longest (see :func:`_best`)."""
    return (len(texts), -min(len(text) for text in texts), sorted(texts))
