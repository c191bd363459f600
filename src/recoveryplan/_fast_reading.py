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

The same pass over the text also says whether any text in it can hold a character the model
refuses (:func:`plain_text`), so that the texts need not each be searched when the plan is
built (:mod:`recoveryplan._building`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple

from ._values import MAX_DIGITS

__all__ = ["Read", "count_keys_read", "plain_extensions", "plain_text", "read_fast", "read_plan"]

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


class Read(NamedTuple):
    """A plan document msgspec read as the careful reader would."""

    document: dict[str, Any]
    plain_text: bool
    """Whether no text in it holds a character :func:`recoveryplan._values.check_text`
    refuses: no control character other than tab, line feed and carriage return, no half
    of a character. ``False`` says only that it may: each text is then searched."""


def read_fast(data: str | bytes | bytearray) -> dict[str, Any] | None:
    """The plan document ``data`` holds, as the careful reader would read it; ``None`` when that
    is not certain, and the careful reader must read it."""
    read = read_plan(data)
    return None if read is None else read.document


def read_plan(data: str | bytes | bytearray) -> Read | None:
    """:func:`read_fast`, and whether the document's texts are plain."""
    if _decode is None or type(data) not in (str, bytes, bytearray):
        return None
    try:
        document = _decode(data)
    except Exception:  # msgspec.DecodeError, or text that cannot be UTF-8 (a lone surrogate)
        return None
    if type(document) is not dict:
        return None
    # Text msgspec has read is valid UTF-8, and encoding it again copies what msgspec kept.
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not count_keys_read(document, raw) or not plain_extensions(document.get("extensions")):
        return None
    return Read(document, plain_text(raw))


def count_keys_read(read: Any, raw: bytes) -> bool:
    """Whether ``read``, what msgspec read from the document ``raw`` (plain values, or
    structs that write back exactly the keys that were read), holds every key of the document:
    then none was written twice (the colon count above)."""
    escaped = 0
    if b"\\u003" in raw:  # found at memchr's pace; the pattern runs only when it may match
        escaped = len(_COLON_ESCAPE.findall(raw))
    return _encode(read).count(b":") >= raw.count(b":") + escaped


_COLON_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u003[aA]")
"""A colon written as an escape: ``\\u003a`` after an even number of backslashes (after an odd
number the backslash before ``u`` is itself escaped, and the text says ``\\u003a``)."""

_C1 = re.compile(rb"\xc2[\x80-\x9f]")
"""A C1 control character (U+0080 to U+009F) in UTF-8."""

_ESCAPED = re.compile(rb"\\(?:[bf]|u(?:00[01]|007[fF]|00[89]|[dD][89a-fA-F]))")
"""An escape that may write a control character or half of one (``\\u0009``, a tab, too: the
test need only never miss one)."""


def plain_text(raw: bytes) -> bool:
    """Whether no text in a JSON document msgspec read holds a control character other than
    tab, line feed and carriage return, or half of a character: the characters
    :func:`recoveryplan._values.check_text` refuses.

    msgspec refuses C0 control characters written as they are and half characters however
    they are written, and the document is valid UTF-8, so what remains is DEL and the C1
    characters written as they are, and escapes. Each test is a search in C over the bytes,
    a hundredth of the time of searching every text with a pattern.
    """
    if b"\x7f" in raw or (b"\xc2" in raw and _C1.search(raw) is not None):
        return False
    return b"\\" not in raw or _ESCAPED.search(raw) is None


def plain_extensions(value: Any) -> bool:
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
