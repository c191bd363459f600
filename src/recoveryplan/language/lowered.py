"""A pattern as it runs on ASCII text already lower-cased: the same matches, found faster.

The rules' patterns are compiled case-insensitively (``rules.compiled_regex``). The regular-
expression engine then compares every character of a text both ways, and cannot skip ahead to
where a match could start: a pattern opening with a long alternation (``\\b(?:hearing\\s+voices|
in\\s+pain|suicidal|...)``) is tried at every position of the text. Most of a plan is ASCII,
and the check lower-cases each text to screen it anyway; on that lower-cased text the same
pattern, its letters lower-cased and compiled case-sensitively, finds exactly the same spans,
two to four times faster.

The two are the same on ASCII text because case-insensitive matching only ever asks whether
two characters are equal up to case, which for ASCII is whether their lower-case forms are
equal: each literal letter becomes its lower-case form, each character set the lower-case
ASCII characters it matches, and everything else (word boundaries, ``\\w``, look-arounds,
back-references, repeats) is left as it is. The spans are those of the text as written, as
lower-casing ASCII keeps every character in its place.

A pattern is left as it is (:func:`lowered_regex` gives ``None``) when the rewriting could not
be exact or is not understood: a group that turns case-insensitivity off (``(?-i:PD)``) or sets
any flag of its own, a letter outside ASCII that changes with case (``ſ`` matches ``s``), or
anything the standard library's parser gives that is not known here. Tests compare the two on
every built-in pattern and on generated text.
"""

from __future__ import annotations

import functools
import re
from re import _compiler as compiler  # type: ignore[attr-defined]  # what re.compile runs
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

__all__ = ["lowered_regex"]


class _NotExact(Exception):
    """The pattern holds something the rewriting cannot keep exact."""


_ASCII = [chr(code) for code in range(128)]
_SEEN = [char for char in _ASCII if char == char.lower()]
"""The characters a lower-cased ASCII text can hold."""


@functools.cache
def lowered_regex(source: str) -> re.Pattern[str] | None:
    """``source`` (a pattern meant to be compiled case-insensitively) rewritten to run on ASCII
    text lower-cased, case-sensitively, finding the same spans with the same groups; ``None``
    when it cannot be rewritten exactly (see the module). Compiled once per process, when the
    pattern is first about to run."""
    try:
        tree = parser.parse(source, 0)
        if tree.state.flags & (re.IGNORECASE | re.LOCALE | re.ASCII):
            return None  # flags for the whole pattern, written in it
        tree.data = _lowered(tree.data)
        regex: re.Pattern[str] = compiler.compile(tree, 0)
    except Exception:
        # _NotExact, or anything the standard library's own parse or compiler says of a tree
        # (its internals may change between versions of Python): the pattern runs as written,
        # which only takes longer.
        return None
    return regex


def _lowered(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [_item(op, value) for op, value in items]


def _item(op: Any, value: Any) -> tuple[Any, Any]:
    if op is c.LITERAL or op is c.NOT_LITERAL:
        return op, ord(_letter(chr(value)))
    if op is c.IN:
        return op, _charset(value)
    if op in (c.ANY, c.AT, c.GROUPREF):
        return op, value
    if op is c.SUBPATTERN:
        group, add, delete, inner = value
        if add or delete:
            raise _NotExact
        return op, (group, add, delete, _sub(inner))
    if op is c.BRANCH:
        return op, (value[0], [_sub(branch) for branch in value[1]])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, inner = value
        return op, (low, high, _sub(inner))
    if op in (c.ASSERT, c.ASSERT_NOT):
        direction, inner = value
        return op, (direction, _sub(inner))
    if op is c.ATOMIC_GROUP:
        return op, _sub(value)
    if op is c.GROUPREF_EXISTS:
        group, yes, no = value
        return op, (group, _sub(yes), _sub(no) if no is not None else None)
    raise _NotExact


def _sub(pattern: Any) -> Any:
    pattern.data = _lowered(pattern.data)
    return pattern


def _letter(char: str) -> str:
    """A literal character as it is compared with lower-cased ASCII text."""
    if char.isascii():
        return char.lower()
    if char.lower() != char or char.upper() != char or char.casefold() != char:
        raise _NotExact  # it may match an ASCII letter case-insensitively (ſ, K)
    return char  # matches no ASCII character either way


def _charset(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A character set as the lower-case ASCII characters it matches case-insensitively."""
    return list(_matched(tuple(items)))


@functools.cache
def _matched(items: tuple[tuple[Any, Any], ...]) -> tuple[tuple[Any, Any], ...]:
    # Asked of the set itself, compiled alone as the pattern would compile it: the same
    # few sets (\s, \w, [.!?;]) recur in most patterns.
    alone = parser.SubPattern(parser.State(), [(c.IN, list(items))])
    matches = compiler.compile(alone, re.IGNORECASE).match
    found = tuple((c.LITERAL, ord(char)) for char in _SEEN if matches(char))
    if not found:
        raise _NotExact
    return found
