"""Reading a plan document with msgspec when that is certain to give what the careful reader gives.

The careful reader (:func:`recoveryplan._reading.parse_json`) is the standard library's JSON
parser with a hook on every object, to refuse a key written twice; the hooks cost more than the
parsing. msgspec parses several times faster, but keeps the last of a repeated key without a
word. So its result is used only when no key can have been repeated, which is decided by
counting colons, all in C:

- every colon outside quoted text in JSON ends a key, so the document's keys are at most its
  colons less those inside its quoted text;
- the colons inside the quoted text that was read are at least those in the text and keys read
  back, less the ones written as the escape ``\\u003a`` (a colon so written is counted as one that
  was read without being in the document);
- writing what was read back as JSON puts one colon after each key read plus those in the text.

If that writing holds at least as many colons as the document less the escaped ones, every key
of the document was read, and none was repeated. When it does not (a repeated key, or a colon
written as an escape), when msgspec refuses the text (anything the standard library refuses,
such as ``NaN``, and some that it reads, such as a lone surrogate), or when msgspec is not
installed, nothing is decided here: the careful reader reads the document, and says what is
wrong with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._values import MAX_DIGITS

__all__ = ["read_fast"]

try:
    import msgspec
except ImportError:  # pragma: no cover - the bench extra is installed where tests run
    _decode: Callable[[Any], Any] | None = None
    _encode: Callable[[Any], bytes] = bytes
else:
    _decode = msgspec.json.Decoder().decode
    _encode = msgspec.json.Encoder().encode

_HUGE_BITS = int(MAX_DIGITS * 3.32)
"""Fewer bits than any whole number of more than :data:`MAX_DIGITS` digits has."""

_DEEP = 200
"""Nesting inside ``extensions`` beyond which the careful reader decides (it refuses nesting
deeper than Python's recursion limit allows, which depends on where it is called from)."""


def read_fast(data: str | bytes | bytearray) -> dict[str, Any] | None:
    """The plan document ``data`` holds, as the careful reader would read it; ``None`` when that
    is not certain, and the careful reader must read it."""
    if _decode is None or type(data) not in (str, bytes, bytearray):
        return None
    try:
        document = _decode(data)
    except Exception:  # msgspec.DecodeError, or text that cannot be UTF-8 (a lone surrogate)
        return None
    if type(document) is not dict:
        return None
    if isinstance(data, str):
        colons = data.count(":")
        escaped = data.count("\\u003a") + data.count("\\u003A")
    else:
        colons = data.count(b":")
        escaped = data.count(b"\\u003a") + data.count(b"\\u003A")
    if _encode(document).count(b":") < colons + escaped:
        return None
    if not _plain(document.get("extensions")):
        return None
    return document


def _plain(value: Any) -> bool:
    """Whether ``extensions`` holds nothing the careful reader reads differently: no whole number
    of more digits than it allows, no deep nesting."""
    if value is None or type(value) is not dict:
        return True
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > _DEEP:
            return False
        if type(item) is dict:
            stack.extend((child, depth + 1) for child in item.values())
        elif type(item) is list:
            stack.extend((child, depth + 1) for child in item)
        elif type(item) is int and item.bit_length() >= _HUGE_BITS:
            return False
    return True
