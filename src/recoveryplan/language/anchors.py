"""The whole words a pattern cannot match without, read from the pattern itself.

Most staff-written text has nothing to suggest, yet common trigger words ("help", "would",
"take") make many rules worth trying on almost every text. So each pattern is read once, when
the rules are compiled, for the words every match of it must contain as words of their own:
``\\brefus(?:e|ed)\\s+(?:his|her)\\s+medication\\b`` needs one of *refuse* or *refused*, and
*his* or *her*, and *medication*. A text is split into words once; a pattern is only run on a
text holding a word of each of its sets (its *anchors*). The reading comes from the rule data,
so a rule added tomorrow gets anchors too, and it is conservative: a word is only an anchor
when the pattern bounds it on both sides (``\\b``, a space, a mark, the start or end of text),
so a pattern whose anchors cannot be read (``\\w+`` on every side) has none and always runs.
Skipping a pattern that cannot match changes nothing that is found (a property test compares
the check with and without anchors).

Words are compared case folded (:func:`words`), as the patterns match case-insensitively;
only ASCII words become anchors, whose case-insensitive matches all fold to themselves (a
test checks every character Python's ``re`` treats as one of theirs).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from re import _constants as c  # type: ignore[attr-defined]  # the parser re itself uses
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any, TypeAlias

from .screen import fold

__all__ = ["Anchors", "anchors", "kept_anchors", "known_anchors", "pattern_key", "words"]

Anchors: TypeAlias = tuple[frozenset[str], ...]
"""Sets of words: every match of a pattern holds a word of each set as a word of its own.
Empty when none could be read, and the pattern is always run."""

_LARGEST = 512
"""The most strings a part of a pattern is spelled out as before only its own anchors are
kept: enough for a verb's forms after "would not" or "will not"."""

_LARGEST_UNION = 4096
"""The most strings alternatives are spelled out as: a union grows with the pattern's length,
not as a product does."""

_Spelling: TypeAlias = tuple[str, frozenset[str], str, bool]
"""One string a part of a pattern matches, as much of it as anchors need: the word characters
before its first separator, the whole words between separators, the word characters after its
last separator, and whether it holds a separator (a space, a mark, ``\\b``, the start or end
of text) at all; without one, the first and last are both the whole string."""

_EMPTY: _Spelling = ("", frozenset(), "", False)
_BREAK: _Spelling = ("", frozenset(), "", True)

_FOREIGN = "\u00aa"
"""Stands for a word character that is not ASCII: a word holding it is never an anchor."""

_WORD = re.compile(r"[^\W_]+")
_ASCII_WORDS = bytes(
    (c + 32 if 65 <= c <= 90 else c) if chr(c).isascii() and chr(c).isalnum() else 32
    for c in range(256)
)

_BOUNDS = (
    c.AT_BEGINNING,
    c.AT_BEGINNING_LINE,
    c.AT_BEGINNING_STRING,
    c.AT_BOUNDARY,
    c.AT_END,
    c.AT_END_LINE,
    c.AT_END_STRING,
)
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
_SEPARATING = (c.CATEGORY_SPACE, c.CATEGORY_NOT_WORD)


def words(text: str) -> frozenset[str]:
    """The words of ``text``, case folded, as anchors are compared with them."""
    if text.isascii():
        return frozenset(text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split())
    return frozenset(fold(word) for word in _WORD.findall(text))


def anchors(pattern: str, flags: int = re.IGNORECASE) -> Anchors:
    """The anchors of ``pattern`` (see the module's docstring), most telling first."""
    try:
        parsed = parser.parse(pattern, flags)
    except re.error:
        return ()
    found = _required(_sequence(parsed))
    return tuple(sorted(set(found), key=_telling))


def kept_anchors(pattern: re.Pattern[str]) -> Anchors:
    """The anchors of a compiled pattern: for the built-in rules' patterns, as kept in
    ``data/anchors.json``, so that reading them costs no process any time (it costs about a
    second for all of them); others', read the first time they are needed.

    ``scripts/update_language_anchors.py`` writes the file, and a test fails while any
    entry differs from what :func:`anchors` reads now. A pattern that is not in the file (a
    rule added since, or a plugin's) is read here: it only takes longer."""
    if pattern.flags == _FLAGS:
        known = known_anchors(pattern_key(pattern.pattern))
        if known is not None:
            return known
    return anchors(pattern.pattern, pattern.flags)


def known_anchors(key: str) -> Anchors | None:
    """The anchors ``data/anchors.json`` keeps for the pattern with this :func:`pattern_key`
    (read with the usual flags), or None."""
    return _kept().get(key)


_FLAGS = re.compile("", re.IGNORECASE).flags


def pattern_key(pattern: str) -> str:
    """How ``data/anchors.json`` names a pattern: a digest, as the patterns are long."""
    return hashlib.sha256(pattern.encode("utf-8")).hexdigest()[:20]


@functools.cache
def _kept() -> dict[str, Anchors]:
    text = resources.files(__package__).joinpath("data", "anchors.json").read_text("utf-8")
    return {
        pattern: tuple(frozenset(words) for words in sets)
        for pattern, sets in json.loads(text).items()
    }


def _telling(clause: frozenset[str]) -> tuple[int, int, list[str]]:
    """Longer words are rarer in text, and fewer of them are found less often."""
    return (-min(len(word) for word in clause), len(clause), sorted(clause))


class _Opaque:
    """A part of a pattern not spelled out: the anchors read inside it, whether every match
    of it that is not empty starts (``starts``) or ends (``ends``) with a separator, and
    whether it may match nothing (``empty``: assumed, unless known otherwise)."""

    def __init__(
        self,
        required: Iterable[frozenset[str]] = (),
        starts: bool = False,
        ends: bool = False,
        empty: bool = True,
    ) -> None:
        self.required = tuple(required)
        self.starts, self.ends, self.empty = starts, ends, empty


def _starts(reading: _Reading) -> bool:
    """Whether every match of ``reading`` starts with a separator (and none is empty)."""
    if isinstance(reading, _Opaque):
        return reading.starts and not reading.empty
    return bool(reading) and all(sep and not head for head, _, _, sep in reading)


def _ends(reading: _Reading) -> bool:
    """Whether every match of ``reading`` ends with a separator (and none is empty)."""
    if isinstance(reading, _Opaque):
        return reading.ends and not reading.empty
    return bool(reading) and all(sep and not tail for _, _, tail, sep in reading)


def _may_be_empty(reading: _Reading) -> bool:
    return reading.empty if isinstance(reading, _Opaque) else _EMPTY in reading


_Reading: TypeAlias = "frozenset[_Spelling] | _Opaque"
"""A part of a pattern: every string it matches (words folded), or what is known of it when
that is too many."""


def _required(reading: _Reading) -> list[frozenset[str]]:
    if isinstance(reading, _Opaque):
        return list(reading.required)
    return _run_anchors(reading)


def _run_anchors(strings: frozenset[_Spelling]) -> list[frozenset[str]]:
    """The anchors of a run of strings whose neighbours are unknown: only the words between
    two of its separators are whole."""
    bounded = {inner for _, inner, _, _ in strings}
    if not bounded or not all(bounded):
        return []
    return _cover(list(bounded))


def _cover(bounded: list[frozenset[str]]) -> list[frozenset[str]]:
    """Sets of words such that every string holds a word of each, found greedily twice: once
    among each string's longest words (long words are rare in text: "audience" rather than
    "the" in "play to the audience"), once among all its words
    taking the word most strings hold first (so that "staff" and "team" make one set of their
    own), and then again leaving out the words already used."""
    found: list[frozenset[str]] = []
    for longest_first, rounds in ((True, 1), (False, 2)):
        left = bounded
        for _ in range(rounds):
            if not all(left):
                break
            if longest_first:
                uncovered = [
                    frozenset(w for w in whole if len(w) == longest)
                    for whole in left
                    for longest in [max(map(len, whole))]
                ]
            else:
                uncovered = left
            chosen: set[str] = set()
            picked = uncovered
            while uncovered:
                counts = Counter(itertools.chain.from_iterable(uncovered))
                best = max(counts, key=lambda w: (counts[w], len(w), w))
                chosen.add(best)
                uncovered = [whole for whole in uncovered if best not in whole]
            _prune(chosen, picked)
            if frozenset(chosen) not in found:
                found.append(frozenset(chosen))
            left = [whole - chosen for whole in left]
    return found


def _prune(chosen: set[str], strings: list[frozenset[str]]) -> None:
    """Leave out of ``chosen`` each word the strings do not need, the shortest first: the
    most strings hold a word such as "the" in ``(?:pester|nag)\\s+(?:the\\s+)?staff``, so it
    is chosen first, yet every string holding it holds one of the verbs too, and a set with
    "the" in it is found in almost every text."""
    for word in sorted(chosen, key=lambda w: (len(w), w)):
        rest = chosen - {word}
        if all(not rest.isdisjoint(whole) for whole in strings if word in whole):
            chosen.discard(word)


def _join(left: frozenset[_Spelling], right: frozenset[_Spelling]) -> frozenset[_Spelling]:
    return frozenset(_joined(a, b) for a in left for b in right)


def _joined(left: _Spelling, right: _Spelling) -> _Spelling:
    head, inner, tail, parted = left
    head2, inner2, tail2, parted2 = right
    if not parted:
        if not parted2:
            return head + head2, inner, head + head2, False
        return head + head2, inner2, tail2, True
    if not parted2:
        return head, inner, tail + head2, True
    middle = tail + head2
    if middle and middle.isascii():
        return head, inner | inner2 | {middle}, tail2, True
    return head, inner | inner2, tail2, True


def _sequence(
    items: Iterable[tuple[Any, Any]], before: bool = False, after: bool = False
) -> _Reading:
    """A sequence of parts: spelled out while it stays small, its anchors otherwise.

    Where a part is not spelled out, the words either side of it are anchors only when it
    is known to start or end with a separator (``(?:\\w+\\s+){0,2}`` ends with one, or is
    empty and leaves the separator before it).

    ``before`` and ``after`` say that every match of what comes before (after) the sequence
    ends (starts) with a separator: its first (last) word is then whole. The parser moves a
    prefix that all alternatives share out of them (``\\b`` in ``\\bfoo\\s+\\w+|\\bbar``), and
    an alternative read without it would have no whole first word."""
    required: list[frozenset[str]] = []
    run: frozenset[_Spelling] = _NOTHING
    whole = True
    parts: list[_Reading] = []
    listed = list(items)
    if before:
        listed.insert(0, _BOUNDARY)
    if after:
        listed.append(_BOUNDARY)

    def after_separator() -> bool:
        return _ends(run)

    for part in _parts(listed, after_separator):
        parts.append(part)
        if isinstance(part, _Opaque):
            if _starts(part):
                run = _join(run, _SEPARATOR)
            bounded = _ends(run)
            required += _run_anchors(run) + list(part.required)
            run = _SEPARATOR if part.ends and (not part.empty or bounded) else _NOTHING
            whole = False
        elif len(run) * len(part) > max(_LARGEST, len(run), len(part)):
            bounded = _ends(run)
            if _starts(part):
                run = _join(run, _SEPARATOR)
            required += _run_anchors(run)
            run = _join(_SEPARATOR, part) if bounded else part
            whole = False
        else:
            run = _join(run, part)
    if whole:
        return run
    return _Opaque(
        required + _run_anchors(run),
        starts=bool(parts) and _starts(parts[0]),
        ends=_ends(run),
        empty=all(_may_be_empty(part) for part in parts),
    )


_SEPARATOR = frozenset({_BREAK})
_NOTHING = frozenset({_EMPTY})


def _parts(items: Sequence[tuple[Any, Any]], bounded: Callable[[], bool]) -> Iterable[_Reading]:
    """The parts of a sequence, read in turn; literal text read as one part (most of a
    pattern is literal words, and joining them a letter at a time is slow). ``bounded`` says,
    when a part is read, whether everything before it ends with a separator."""
    letters: list[_Spelling] = []
    for place, (op, value) in enumerate(items):
        if op is c.LITERAL:
            letters.append(_char(chr(value)))
            continue
        if letters:
            yield frozenset({functools.reduce(_joined, letters)})
            letters = []
        following = items[place + 1] if place + 1 < len(items) else None
        yield _part(op, value, bounded(), following is not None and _opens(*following))
    if letters:
        yield frozenset({functools.reduce(_joined, letters)})


_BOUNDARY = (c.AT, c.AT_BOUNDARY)


def _opens(op: Any, value: Any) -> bool:
    """Whether every match of this item of a pattern starts with a separator, as far as can
    be told from the item alone (a word boundary, a space or a mark, one or more of them)."""
    if op is c.AT:
        return value in _BOUNDS
    if op is c.LITERAL:
        return not _WORD.fullmatch(chr(value))
    if op is c.IN:
        return _class(value) == _SEPARATOR
    if op in _REPEATS and value[0] >= 1 and len(value[2]) == 1:
        return _opens(*value[2][0])
    return False


def _part(op: Any, value: Any, before: bool = False, after: bool = False) -> _Reading:
    if op is c.LITERAL:
        return frozenset({_char(chr(value))})
    if op is c.AT:
        return _SEPARATOR if value in _BOUNDS else _NOTHING
    if op in (c.ASSERT, c.ASSERT_NOT):
        return _NOTHING  # looks without matching: says nothing of the text matched
    if op is c.IN:
        return _class(value)
    if op is c.SUBPATTERN:
        return _sequence(value[-1], before, after)
    if op is c.ATOMIC_GROUP:
        return _sequence(value, before, after)
    if op is c.BRANCH:
        return _branch(value[1], before, after)
    if op in _REPEATS:
        return _repeat(*value)
    return _Opaque()


def _char(char: str) -> _Spelling:
    """A character of a pattern as a reading spells it: a word character folded (one that is
    not ASCII as a letter no anchor holds), anything else a separator."""
    if not _WORD.fullmatch(char):
        return _BREAK
    letter = fold(char) if char.isascii() else _FOREIGN
    return letter, frozenset(), letter, False


def _class(items: Sequence[tuple[Any, Any]]) -> _Reading:
    """A character class: its few letters, or a separator when it holds no word character."""
    if all(op is c.CATEGORY and value in _SEPARATING for op, value in items if op is not c.LITERAL):
        chars = {chr(value) for op, value in items if op is c.LITERAL}
        if not any(_WORD.fullmatch(char) for char in chars):
            return _SEPARATOR
        if all(op is c.LITERAL for op, _ in items) and len(chars) <= 16:
            return frozenset(_char(char) for char in chars)
    return _Opaque()


def _branch(branches: Sequence[Any], before: bool = False, after: bool = False) -> _Reading:
    readings = [_sequence(branch, before, after) for branch in branches]
    if all(not isinstance(r, _Opaque) for r in readings):
        union: frozenset[_Spelling] = frozenset().union(
            *(r for r in readings if not isinstance(r, _Opaque))
        )
        if len(union) <= _LARGEST_UNION:
            return union
    # Every match goes through one branch: a word of one set of each branch, and so of each
    # union of one set from every branch. The most telling sets make the first union, the
    # next most telling the second (a branch with fewer sets giving its last again), and so
    # on: a text lacking a word of any union cannot match.
    starts = all(_starts(reading) for reading in readings)
    ends = all(_ends(reading) for reading in readings)
    empty = any(_may_be_empty(reading) for reading in readings)
    ranked = []
    for reading in readings:
        found = _required(reading)
        if not found:
            return _Opaque((), starts, ends, empty)
        ranked.append(sorted(set(found), key=_telling))
    unions: list[frozenset[str]] = []
    for turn in range(min(_UNIONS, max(map(len, ranked)))):
        joined = frozenset[str]().union(*(sets[min(turn, len(sets) - 1)] for sets in ranked))
        if joined not in unions:
            unions.append(joined)
    return _Opaque(unions, starts, ends, empty)


_UNIONS = 3
"""The most sets of words alternatives that cannot be spelled out are read for."""


def _repeat(least: int, most: int, item: Any) -> _Reading:
    reading = _sequence(item)
    if isinstance(reading, _Opaque):
        if least >= 1:
            return reading
        return _Opaque((), reading.starts, reading.ends, True)
    if reading <= {_BREAK, _EMPTY}:
        if least == 0 or _EMPTY in reading:
            return reading | _NOTHING
        return reading
    if most <= 4 and len(reading) ** most <= _LARGEST:
        found: set[_Spelling] = set()
        power = _NOTHING
        for count in range(most + 1):
            if count >= least:
                found |= power
            power = _join(power, reading)
        return frozenset(found)
    if least >= 1:
        return _Opaque(_run_anchors(reading), _starts(reading), _ends(reading), _EMPTY in reading)
    return _Opaque((), _starts(reading), _ends(reading), True)
