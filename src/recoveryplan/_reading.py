"""Reading plan documents: JSON and YAML text to plain values, every trouble at its place.

Python's JSON and YAML readers are lenient where a care plan must not be: JSON allows a key to
appear twice (the last silently wins), ``NaN``, and numbers too long to mean the same in other
systems; YAML 1.1 reads ``010`` as 8, ``0x5`` as 5 and ``yes`` as true where YAML 1.2 does
not. Each of these is caught here and reported at its JSON path, so that what the person
typed is what is read, or nothing is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ._fields import child_path
from ._values import LARGEST_INTEGER, MAX_DIGITS
from .errors import PlanFormatError, Problem

__all__ = ["MAX_PLAN_BYTES", "parse_json", "parse_yaml", "too_deep"]

MAX_PLAN_BYTES = 16 * 1024 * 1024
"""The largest plan file read (16 MiB). A five-year plan with hundreds of goals is well under
1 MiB; anything larger is not a plan, and reading it all would only exhaust memory."""


def too_deep(doing: str) -> str:
    """Goals may nest deeply, but Python's stack has an end; say so, not crash."""
    return (
        f"the plan is nested too deeply to {doing} (hundreds of levels, such as goals inside "
        "goals); move some small goals up a level"
    )


class _DuplicateKeys(dict[str, Any]):
    """A JSON object in which some key appeared more than once."""

    repeated: list[str]


class _NotANumber:
    """``NaN`` or ``Infinity`` where a number was written: kept until its path is known."""

    def __init__(self, name: str) -> None:
        self.name = name


class _HugeNumber:
    """A whole number with more digits than any plan holds: kept until its path is known."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


class _Ambiguous:
    """A YAML value that YAML 1.1 and 1.2 readers read differently (``010``, ``yes``)."""

    def __init__(self, text: str) -> None:
        self.text = text


class _Parsing:
    """The hooks of one JSON parse, which note whether anything needs a second look.

    Most documents are fine, so the walk that finds where a repeated key or a ``NaN`` is runs
    only when one was seen.
    """

    def __init__(self) -> None:
        self.troubled = False

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            self.troubled = True
            flagged = _DuplicateKeys(result)
            counts: dict[str, int] = {}
            for key, _ in pairs:
                counts[key] = counts.get(key, 0) + 1
            flagged.repeated = sorted(key for key, count in counts.items() if count > 1)
            return flagged
        return result

    def constant(self, name: str) -> _NotANumber:
        self.troubled = True
        return _NotANumber(name)

    def integer(self, text: str) -> int | _HugeNumber:
        # Python refuses to read an integer of over 4,300 digits with a bare ValueError; any
        # beyond 2**53 is refused later, at its path, by the model's own check.
        if len(text) > MAX_DIGITS:
            self.troubled = True
            return _HugeNumber(len(text.lstrip("-")))
        return int(text)


def parse_json(data: str | bytes | bytearray, source: str | None) -> Any:
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PlanFormatError(
                [Problem(path="$", message=f"not UTF-8 text (byte {error.start} cannot be read)")],
                source,
            ) from None
    if not isinstance(data, str):
        raise TypeError(f"loads() takes JSON text or bytes, not {type(data).__name__}")
    if data.startswith("\ufeff"):
        data = data[1:]  # a byte order mark left by a file read as plain UTF-8, not 'utf-8-sig'
    if not data.strip():
        raise PlanFormatError(
            [Problem(path="$", message="the document is empty; a plan is a JSON object {...}")],
            source,
        )
    parsing = _Parsing()
    try:
        document = json.loads(
            data,
            object_pairs_hook=parsing.pairs,
            parse_constant=parsing.constant,
            parse_int=parsing.integer,
        )
    except RecursionError:
        raise PlanFormatError([Problem(path="$", message=too_deep("read"))], source) from None
    except json.JSONDecodeError as error:
        why = _json_trouble(error, data)
        raise PlanFormatError(
            [
                Problem(
                    path="$",
                    message=f"not valid JSON: {why} (line {error.lineno}, column {error.colno})",
                )
            ],
            source,
        ) from None
    if parsing.troubled:
        raise PlanFormatError(list(_parse_troubles(document, "$")), source)
    return document


_JSON_TROUBLES = {
    "Expecting ',' delimiter": "a comma is missing between two entries",
    "Expecting ':' delimiter": "a colon is missing after a key",
    "Expecting property name enclosed in double quotes": (
        "expected a key in double quotes (is there a comma after the last entry?)"
    ),
    "Expecting value": "expected a value here (text must be in double quotes)",
    "Extra data": "there is more after the end of the plan; a file holds one plan {...}",
    "Invalid control character at": (
        "a line break or control character inside quoted text; write a line break as \\n"
    ),
    "Invalid \\escape": "a backslash that starts no escape; write a backslash as \\\\",
    "Invalid \\uXXXX escape": "a \\u escape needs four hexadecimal digits",
}
"""Python's JSON messages, said the way a person editing a plan by hand would understand."""


def _json_trouble(error: json.JSONDecodeError, data: str) -> str:
    # Text that is never closed, or a document that stops early, is a file cut short.
    if error.pos >= len(data.rstrip()) or error.msg.startswith("Unterminated string"):
        return "the document ends too early (is it truncated?)"
    return _JSON_TROUBLES.get(error.msg, error.msg)


def _parse_troubles(value: Any, path: str) -> Iterator[Problem]:
    """Where the keys that appear twice and the numbers JSON does not allow are."""
    if isinstance(value, dict):
        if isinstance(value, _DuplicateKeys):
            for key in value.repeated:
                yield Problem(
                    path=child_path(path, key),
                    message=f"the key {key!r} appears more than once; keep one",
                )
        for key, item in value.items():
            yield from _parse_troubles(item, child_path(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _parse_troubles(item, child_path(path, index))
    elif isinstance(value, _NotANumber):
        yield Problem(
            path=path,
            message=f"{value.name} is not a number JSON allows; write a number, or leave it out",
        )
    elif isinstance(value, _HugeNumber):
        yield Problem(
            path=path,
            message=f"a number of {value.digits} digits is larger than a plan can hold; whole "
            f"numbers in a plan are between -{LARGEST_INTEGER} and {LARGEST_INTEGER} (write "
            "a longer one as text in quotes)",
        )
    elif isinstance(value, _Ambiguous):
        yield Problem(
            path=path,
            message=f"{value.text!r} is read differently by different YAML readers "
            f"({_readings(value.text)}); put it in quotes if it is text, or write it the one "
            "way every reader agrees on",
        )


def _readings(text: str) -> str:
    """How the two YAML versions read a value, in words."""
    if text.lower().lstrip("+-") in ("inf", ".inf", "nan", ".nan"):
        return "a number JSON does not have"
    if _YAML11_BOOL.fullmatch(text):
        return "YAML 1.1 reads it as true or false, YAML 1.2 as text"
    return "YAML 1.1 and YAML 1.2 give different numbers, or a number and text"


_YAML11_BOOL = re.compile(r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF")
_SAFE_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_SAFE_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+][0-9]+)?$")
_AMBIGUOUS = re.compile(
    r"""^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    |[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?0x[0-9a-fA-F_]+
    |[-+]?[0-9][0-9_]*
    |[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.VERBOSE,
)
"""Every plain value that YAML 1.1 or YAML 1.2 reads as a number or a truth value; those that
:data:`_SAFE_INT` and :data:`_SAFE_FLOAT` do not take (they mean the same in both) are refused."""

_AMBIGUOUS_TAG = "tag:recoveryplan,2026:ambiguous"


def parse_yaml(data: bytes, source: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFormatError(
            [Problem(path="$", message=f"not UTF-8 text (byte {error.start} cannot be read)")],
            source,
        ) from None
    if not text.strip():
        raise PlanFormatError(
            [Problem(path="$", message="the document is empty; a plan is a mapping of keys")],
            source,
        )
    from ._yaml import read_yaml  # PyYAML is loaded only when a YAML plan is read

    document, troubled = read_yaml(text, source)
    if troubled:
        troubles = list(_parse_troubles(document, "$"))
        if troubles:  # an ambiguous key (``on:``) is read as the text it is, no trouble
            raise PlanFormatError(troubles, source)
    return document
