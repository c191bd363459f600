"""Writing plans as JSON text, byte for byte what ``json.dumps(indent=2)`` writes.

The standard library writes indented JSON with nested generators in pure Python (its C encoder
does only compact JSON), which made writing a plan cost more than reading one.
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["json_text"]


def json_text(data: dict[str, Any]) -> str:
    """``data`` as indented JSON text with a final newline."""
    chunks: list[str] = []
    _write_json(data, chunks, "\n")
    chunks.append("\n")
    return "".join(chunks)


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
