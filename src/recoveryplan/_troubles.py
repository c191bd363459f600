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
from .messages import N_, ngettext
from .messages import gettext as _

__all__ = ["Ambiguous", "DuplicateKeys", "HugeNumber", "NotANumber", "too_deep", "troubles"]


def too_deep(doing: str) -> str:
    """Goals may nest deeply, but Python's stack has an end; say so, not crash."""
    if doing == "read":
        return _(
            "the plan is nested too deeply to read (hundreds of levels, such as goals inside "
            "goals); move some small goals up a level"
        )
    return _(
        "the plan is nested too deeply to %(doing)s (hundreds of levels, such as goals inside "
        "goals); move some small goals up a level"
    ) % {"doing": doing}


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
                    message=_("the key %(key)s appears more than once; keep one")
                    % {"key": repr(key)},
                )
        for key, item in value.items():
            yield from troubles(item, child_path(path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from troubles(item, child_path(path, index))
    elif isinstance(value, NotANumber):
        yield Problem(
            path=path,
            message=_("%(value)s is not a number JSON allows; write a number, or leave it out")
            % {"value": value.name},
        )
    elif isinstance(value, HugeNumber):
        yield Problem(
            path=path,
            message=ngettext(
                "a number of %(digits)s digit is larger than a plan can hold; whole numbers "
                "in a plan are between -%(largest)s and %(largest)s (write a longer one as "
                "text in quotes)",
                "a number of %(digits)s digits is larger than a plan can hold; whole numbers "
                "in a plan are between -%(largest)s and %(largest)s (write a longer one as "
                "text in quotes)",
                value.digits,
            )
            % {"digits": value.digits, "largest": LARGEST_INTEGER},
        )
    elif isinstance(value, Ambiguous):
        yield Problem(
            path=path,
            message=_(_readings(value.text)) % {"value": repr(value.text)},
        )


def _readings(text: str) -> str:
    """The message for a value the two YAML versions read differently, saying how."""
    if text.lower().lstrip("+-") in ("inf", ".inf", "nan", ".nan"):
        return _AMBIGUOUS_NUMBER
    if _YAML11_BOOL.fullmatch(text):
        return _AMBIGUOUS_TRUTH
    return _AMBIGUOUS_OTHER


_AMBIGUOUS_NUMBER = N_(
    "%(value)s is read differently by different YAML readers (a number JSON does not have); "
    "put it in quotes if it is text, or write it the one way every reader agrees on"
)
_AMBIGUOUS_TRUTH = N_(
    "%(value)s is read differently by different YAML readers (YAML 1.1 reads it as true or "
    "false, YAML 1.2 as text); put it in quotes if it is text, or write it the one way every "
    "reader agrees on"
)
_AMBIGUOUS_OTHER = N_(
    "%(value)s is read differently by different YAML readers (YAML 1.1 and YAML 1.2 give "
    "different numbers, or a number and text); put it in quotes if it is text, or write it "
    "the one way every reader agrees on"
)


_YAML11_BOOL = re.compile(r"y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF")
