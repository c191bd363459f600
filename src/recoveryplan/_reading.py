"""Reading plan documents: JSON and YAML text to plain values, every trouble at its place.

Python's JSON and YAML readers are lenient where a care plan must not be: JSON allows a key to
appear twice (the last silently wins), ``NaN``, and numbers too long to mean the same in other
systems; YAML 1.1 reads ``010`` as 8, ``0x5`` as 5 and ``yes`` as true where YAML 1.2 does
not. Each of these is caught here and reported at its JSON path, so that what the person
typed is what is read, or nothing is.
"""

from __future__ import annotations

import json
from typing import Any

from ._troubles import DuplicateKeys, HugeNumber, NotANumber, too_deep, troubles
from ._values import MAX_DIGITS
from .errors import PlanFormatError, Problem
from .messages import N_
from .messages import gettext as _

__all__ = ["MAX_PLAN_BYTES", "parse_json", "parse_yaml", "too_deep"]

MAX_PLAN_BYTES = 16 * 1024 * 1024
"""The largest plan file read (16 MiB). A five-year plan with hundreds of goals is well under
1 MiB; anything larger is not a plan, and reading it all would only exhaust memory."""


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
            flagged = DuplicateKeys(result)
            counts: dict[str, int] = {}
            for key, _ in pairs:
                counts[key] = counts.get(key, 0) + 1
            flagged.repeated = sorted(key for key, count in counts.items() if count > 1)
            return flagged
        return result

    def constant(self, name: str) -> NotANumber:
        self.troubled = True
        return NotANumber(name)

    def integer(self, text: str) -> int | HugeNumber:
        # Python refuses to read an integer of over 4,300 digits with a bare ValueError; any
        # beyond 2**53 is refused later, at its path, by the model's own check.
        if len(text) > MAX_DIGITS:
            self.troubled = True
            return HugeNumber(len(text.lstrip("-")))
        return int(text)


def parse_json(data: str | bytes | bytearray, source: str | None) -> Any:
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PlanFormatError(
                [Problem(path="$", message=_not_utf8(error.start))],
                source,
            ) from None
    if not isinstance(data, str):
        raise TypeError(f"loads() takes JSON text or bytes, not {type(data).__name__}")
    if data.startswith("\ufeff"):
        data = data[1:]  # a byte order mark left by a file read as plain UTF-8, not 'utf-8-sig'
    if not data.strip():
        raise PlanFormatError(
            [Problem(path="$", message=_("the document is empty; a plan is a JSON object {...}"))],
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
                    message=_("not valid JSON: %(why)s (line %(line)s, column %(column)s)")
                    % {"why": why, "line": error.lineno, "column": error.colno},
                )
            ],
            source,
        ) from None
    if parsing.troubled:
        raise PlanFormatError(list(troubles(document, "$")), source)
    return document


_JSON_TROUBLES = {
    "Expecting ',' delimiter": N_("a comma is missing between two entries"),
    "Expecting ':' delimiter": N_("a colon is missing after a key"),
    "Expecting property name enclosed in double quotes": N_(
        "expected a key in double quotes (is there a comma after the last entry?)"
    ),
    "Expecting value": N_("expected a value here (text must be in double quotes)"),
    "Extra data": N_("there is more after the end of the plan; a file holds one plan {...}"),
    "Invalid control character at": N_(
        "a line break or control character inside quoted text; write a line break as \\n"
    ),
    "Invalid \\escape": N_("a backslash that starts no escape; write a backslash as \\\\"),
    "Invalid \\uXXXX escape": N_("a \\u escape needs four hexadecimal digits"),
}
"""Python's JSON messages, said the way a person editing a plan by hand would understand."""


def _json_trouble(error: json.JSONDecodeError, data: str) -> str:
    # Text that is never closed, or a document that stops early, is a file cut short.
    if error.pos >= len(data.rstrip()) or error.msg.startswith("Unterminated string"):
        return _("the document ends too early (is it truncated?)")
    known = _JSON_TROUBLES.get(error.msg)
    # Python's own words, for a reason not listed here, stay as Python wrote them.
    return _(known) if known is not None else error.msg


def _not_utf8(at: int) -> str:
    return _("not UTF-8 text (byte %(at)s cannot be read)") % {"at": at}


def parse_yaml(data: bytes, source: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PlanFormatError(
            [Problem(path="$", message=_not_utf8(error.start))],
            source,
        ) from None
    if not text.strip():
        raise PlanFormatError(
            [Problem(path="$", message=_("the document is empty; a plan is a mapping of keys"))],
            source,
        )
    from ._yaml import read_yaml  # PyYAML is loaded only when a YAML plan is read

    document, troubled = read_yaml(text, source)
    if troubled:
        found = list(troubles(document, "$"))
        if found:  # an ambiguous key (``on:``) is read as the text it is, no trouble
            raise PlanFormatError(found, source)
    return document
