"""Writing plans as JSON text, byte for byte what ``json.dumps(indent=2)`` writes.

The standard library writes indented JSON with nested generators in pure Python (its C encoder
does only compact JSON), which made writing a plan cost more than reading one.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

__all__ = ["has_fraction", "json_text", "python_json_text"]


def json_text(data: dict[str, Any]) -> str:
    """``data`` as indented JSON text with a final newline.

    When msgspec is installed (the ``bench`` extra brings it) it writes the text, in C, a
    third of the time of the writer below: its indented JSON is the same bytes as the
    standard library's, except for numbers with a fraction or an exponent (``1e+300`` is
    ``1e300`` there), which only an organisation's ``extensions`` can hold, so a plan with any
    such number is written here. Either way the bytes are ``json.dumps(data,
    ensure_ascii=False, indent=2)`` and a newline.
    """
    if _msgspec_encode is not None and not has_fraction(data.get("extensions")):
        return _msgspec_format(_msgspec_encode(data), indent=2).decode("utf-8") + "\n"
    return python_json_text(data)


def python_json_text(data: dict[str, Any]) -> str:
    """:func:`json_text` in Python alone."""
    chunks: list[str] = []
    _write_json(data, chunks, "\n")
    chunks.append("\n")
    return "".join(chunks)


def has_fraction(value: Any) -> bool:
    """Whether a JSON value holds a number with a fraction or an exponent anywhere."""
    if type(value) is float:
        return True
    if isinstance(value, dict):
        return any(has_fraction(item) for item in value.values())
    if isinstance(value, list):
        return any(has_fraction(item) for item in value)
    return False


try:
    import msgspec
except ImportError:  # pragma: no cover - the bench extra is installed where tests run
    _msgspec_encode: Callable[[Any], bytes] | None = None
    _msgspec_format: Callable[..., bytes] = bytes
else:
    _msgspec_encode = msgspec.json.Encoder().encode
    _msgspec_format = msgspec.json.format


_quote = json.encoder.encode_basestring  # the C version when there is one


def _write_json(value: Any, chunks: list[str], newline: str) -> None:
    """Exactly ``json.dumps(value, ensure_ascii=False, indent=2)``, in a fraction of the time.

    The standard library writes indented JSON with nested generators in pure Python (its C
    encoder does only compact JSON), which made writing a plan cost more than reading one.
    Text, the commonest value, is written inline rather than through another call.
    """
    inner = newline + "  "
    if isinstance(value, dict):
        if not value:
            chunks.append("{}")
            return
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError(f"keys must be text, not {type(key).__name__}")
            if type(item) is str:
                chunks.append(f"{separator}{_quote(key)}: {_quote(item)}")
            else:
                chunks.append(f"{separator}{_quote(key)}: ")
                _write_json(item, chunks, inner)
            separator = "," + inner
        chunks.append(newline + "}")
    elif isinstance(value, list):
        if not value:
            chunks.append("[]")
            return
        separator = "[" + inner
        for item in value:
            if type(item) is str:
                chunks.append(separator + _quote(item))
            else:
                chunks.append(separator)
                _write_json(item, chunks, inner)
            separator = "," + inner
        chunks.append(newline + "]")
    elif isinstance(value, str):
        chunks.append(_quote(value))
    elif value is None:
        chunks.append("null")
    elif value is True:
        chunks.append("true")
    elif value is False:
        chunks.append("false")
    elif isinstance(value, int):
        chunks.append(int.__repr__(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a number JSON allows")
        chunks.append(float.__repr__(value))
    else:
        raise TypeError(f"{type(value).__name__} is not a JSON value")
