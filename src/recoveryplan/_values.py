"""Single values as the format and the model allow them, and the words for what is wrong.

Each check returns the value (or raises :class:`Invalid` with a message written for the person
who gave it); the model's constructors and the loader's detailed pass both use them, so the
same value gets the same answer, and the same words, on every route.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from difflib import get_close_matches
from typing import Any

from ._fields import Enumeration
from .messages import gettext as _
from .messages import ngettext

__all__ = [
    "LARGEST_INTEGER",
    "MAX_DIGITS",
    "Invalid",
    "check_bool",
    "check_date",
    "check_int",
    "check_text",
    "date_argument",
    "describe",
    "enumeration_value",
]


LARGEST_INTEGER = 2**53 - 1
"""The largest whole number the format holds: beyond it, JSON readers in other languages
(JavaScript among them) silently round, so a number would not mean the same everywhere."""

MAX_DIGITS = 4000
"""The most digits a whole number in a document may have (Python reads no more than 4,300);
numbers in the model's own fields are bounded far lower, by :data:`LARGEST_INTEGER`."""


class Invalid(ValueError):
    """A value that does not fit; its message is written for the person who gave it."""


# -- describing values -----------------------------------------------------------------------


def describe(value: object) -> str:
    """Name a value the way a person reading the document (or the code) would see it."""
    # Translators: what describe() writes is put into "expected text, not %(found)s" and
    # similar messages.
    if value is None:
        # Translators: JSON's null, a value that says "nothing": keep the word null (the
        # document has it), and add your language's word for it if it helps, e.g. "null (no
        # value)".
        return _("null")
    if value is True:
        # Translators: JSON's true, a yes-or-no value: keep the word true (the document has
        # it), and add your language's word for "yes" if it helps, e.g. "true (yes)".
        return _("true")
    if value is False:
        # Translators: JSON's false, a yes-or-no value: keep the word false (the document has
        # it), and add your language's word for "no" if it helps, e.g. "false (no)".
        return _("false")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, int) and abs(value) > LARGEST_INTEGER:
            if value.bit_length() <= 14000:
                digits = len(str(abs(value)))
                return ngettext(
                    "a number of %(digits)s digit", "a number of %(digits)s digits", digits
                ) % {"digits": digits}
            # Python refuses to write out an integer of over 4,300 digits, so estimate.
            about = int(value.bit_length() * 0.30103) + 1
            return ngettext(
                "a number of about %(digits)s digit", "a number of about %(digits)s digits", about
            ) % {"digits": about}
        return _("the number %(value)s") % {"value": value}
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        # repr escapes what a terminal would act on
        return _("the text %(text)s") % {"text": repr(shown)}
    if isinstance(value, list | tuple):
        return _("a list")
    if isinstance(value, dict | Mapping):
        return _("an object")
    if isinstance(value, datetime):
        return _("a date and time")
    # Translators: %(kind)s is the name of a Python type (set, bytes), code kept as it is: a
    # value given in code that no plan holds.
    return _("a %(kind)s") % {"kind": type(value).__name__}


# -- the checks ------------------------------------------------------------------------------

_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Characters no plan text may hold: C0 and C1 control characters other than tab, line feed
and carriage return (a terminal acts on them: ``ESC [2J`` clears the screen) and the halves of
a surrogate pair (which no file can store)."""


def check_text(value: Any) -> str:
    """Text, free of control characters and half characters."""
    if type(value) is not str:
        if _is_number(value):
            raise Invalid(
                _("expected text, not %(found)s; put it in quotes if it is meant as text")
                % {"found": describe(value)}
            )
        raise Invalid(_("expected text, not %(found)s") % {"found": describe(value)})
    bad = _BAD_TEXT.search(value)
    if bad is not None:
        char = bad.group()
        at = bad.start()
        if "\ud800" <= char <= "\udfff":
            raise Invalid(
                _(
                    "the text holds half of a character (%(code)s at position %(at)s), which "
                    "no file can store; remove it or write the whole character"
                )
                % {"code": _code(char), "at": at}
            )
        raise Invalid(
            _(
                "the text holds the control character %(code)s at position %(at)s; plan text "
                "may hold line breaks and tabs but no other control characters, so remove it"
            )
            % {"code": _code(char), "at": at}
        )
    return value


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_int(value: Any) -> int:
    if type(value) is not int:
        raise Invalid(_("expected a whole number, not %(found)s") % {"found": describe(value)})
    if not -LARGEST_INTEGER <= value <= LARGEST_INTEGER:
        raise Invalid(
            _(
                "%(found)s is larger than a plan can hold; whole numbers must be "
                "between -%(largest)s and %(largest)s"
            )
            % {"found": describe(value), "largest": LARGEST_INTEGER}
        )
    return value


def check_bool(value: Any) -> bool:
    if type(value) is not bool:
        raise Invalid(_("expected true or false, not %(found)s") % {"found": describe(value)})
    return value


def check_date(value: Any) -> date:
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        raise Invalid(
            _("expected a date, not a date and time (%(value)s); pass its .date()")
            % {"value": value.isoformat()}
        )
    if isinstance(value, str):
        raise Invalid(
            _(
                "expected a date, not %(found)s; pass datetime.date.fromisoformat(...) "
                "or a datetime.date"
            )
            % {"found": describe(value)}
        )
    raise Invalid(_("expected a date, not %(found)s") % {"found": describe(value)})


def enumeration_value(cls: type[Enumeration], value: Any) -> Enumeration:
    """The member a word names, or a message naming the words allowed (and the closest one)."""
    if type(value) is cls:
        return value
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
        members = cls.values()
        close = get_close_matches(value, members, n=1) if not _BAD_TEXT.search(value) else []
        allowed = {"value": repr(value), "words": ", ".join(members)}
        if close:
            raise Invalid(
                _("%(value)s is not allowed here (did you mean %(close)s?); use one of: %(words)s")
                % {**allowed, "close": repr(close[0])}
            )
        raise Invalid(_("%(value)s is not allowed here; use one of: %(words)s") % allowed)
    raise Invalid(
        _("expected one of: %(words)s; not %(found)s")
        % {"words": ", ".join(cls.values()), "found": describe(value)}
    )


def date_argument(name: str, value: object) -> date:
    """A date passed to the API, with the conventional ``TypeError`` naming the parameter.

    A ``datetime`` counts as its date: ``today=datetime.now()`` means today.
    """
    if isinstance(value, datetime):
        return value.date()
    if type(value) is date:
        return value
    raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__} ({value!r})")
