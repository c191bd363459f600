"""Immutable JSON: a plan's ``extensions`` can no more change than the plan itself."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from ._values import MAX_DIGITS, Invalid, check_text, describe

__all__ = [
    "FrozenDict",
    "FrozenList",
    "check_text_in",
    "freeze_json",
    "thaw_json",
]


class FrozenDict(Mapping[str, Any]):
    """An immutable JSON object: a plan's ``extensions`` can no more change than the plan.

    Lists inside it are :class:`FrozenList` tuples. It compares equal to a ``dict`` with the
    same content, and is hashable, so a plan with extensions is too.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, Any] = ()) -> None:  # type: ignore[assignment]
        self._data: dict[str, Any] = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"


class FrozenList(tuple[Any, ...]):
    """An immutable JSON list: a tuple that compares equal to a ``list`` with the same items,
    so that extensions compare with the plain JSON values they were made from."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        return f"FrozenList({list(self)!r})"


def freeze_json(value: Any, where: str = "extensions") -> Any:
    """A JSON value made immutable (objects to :class:`FrozenDict`, lists to tuples), checked
    to be one that survives a JSON round trip unchanged."""
    if isinstance(value, Mapping):
        frozen = {}
        for key, item in value.items():
            if type(key) is not str:
                raise Invalid(f"keys inside {where} must be text, not {describe(key)}")
            check_text_in(key, where)
            frozen[key] = freeze_json(item, where)
        return FrozenDict(frozen)
    if isinstance(value, list | tuple):
        return FrozenList(freeze_json(item, where) for item in value)
    if isinstance(value, str):
        return check_text_in(value, where)
    if isinstance(value, bool) or value is None:
        return value
    if type(value) is int:
        # Opaque to the library, so any whole number a JSON reader can read back is kept.
        if value.bit_length() > MAX_DIGITS * 3.33:
            raise Invalid(f"{where} cannot hold {describe(value)}; keep such a number as text")
        return value
    if type(value) is float:
        if not math.isfinite(value):
            raise Invalid(f"{where} cannot hold {value} (JSON has no such number)")
        return value
    raise Invalid(f"{where} can hold only JSON values, not {describe(value)}")


def check_text_in(value: str, where: str) -> str:
    try:
        return check_text(value)
    except Invalid as error:
        raise Invalid(f"in {where}: {error}") from None


def thaw_json(value: Any) -> Any:
    """A frozen JSON value as plain ``dict`` and ``list`` again, for writing."""
    if isinstance(value, Mapping):
        return {key: thaw_json(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw_json(item) for item in value]
    return value
