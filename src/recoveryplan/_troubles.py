"""What the readers keep, where a document holds something wrong, until they know its path.

The JSON reader (:mod:`recoveryplan._reading`) and the YAML one (:mod:`recoveryplan._yaml`)
both leave a marker in the parsed document where a key is repeated, a number is not one JSON
allows, too long or read differently by different YAML readers; :func:`troubles` then says
what each marker means, at its JSON path. In a module of its own so that both readers use
it without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ._fields import child_path
from ._values import LARGEST_INTEGER
from .errors import Problem

__all__ = ["Ambiguous", "DuplicateKeys", "HugeNumber", "NotANumber", "too_deep", "troubles"]


def too_deep(doing: str) -> str:
    """Goals may nest deeply, but Python's stack has an end; say so, not crash."""
    return (
        f"the plan is nested too deeply to {doing} (hundreds of levels, such as goals inside "
        "goals); move some small goals up a level"
    )


class DuplicateKeys(dict[str, Any]):
    """A JSON object in which some key appeared more than once."""

    repeated: list[str]


class NotANumber:
    """``NaN`` or ``Infinity`` where a number was written: kept until its path is known."""

    def __init__(self, name: str) -> None:
        self.name = name


class HugeNumber:
    """A whole number with more digits than any plan holds: kept until its path is known."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


class Ambiguous:
    """A YAML value that YAML 1.1 and 1.2 readers read differently (``010``, ``yes``)."""

    def __init__(self, text: str) -> None:
        self.text = text


def troubles(value: Any, path: str) -> Iterator[Problem]:
    """Every marker in a parsed document, as a problem at its path."""
    if isinstance(value, dict):
        if isinstance(value, DuplicateKeys):
            for key in value.repeated:
                yield Problem(
                    path=child_path(path, key),
                    message=f"the key {key!r} appears more than once; keep one",
                )
        for key, item in value.items():
            yield from troubles(item, child_path(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from troubles(item, child_path(path, index))
    elif isinstance(value, NotANumber):
        yield Problem(
            path=path,
            message=f"{value.name} is not a number JSON allows; write a number, or leave it out",
        )
    elif isinstance(value, HugeNumber):
        yield Problem(
            path=path,
            message=f"a number of {value.digits} digits is larger than a plan can hold; whole "
            f"numbers in a plan are between -{LARGEST_INTEGER} and {LARGEST_INTEGER} (write "
            "a longer one as text in quotes)",
        )
    elif isinstance(value, Ambiguous):
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
