"""A sentence with a format's markup in it is filled as Markup's own ``%`` fills it.

``recoveryplan.sentences.fill`` puts HTML values into such a sentence itself, each escaped
once; what it writes must be what ``Markup(escape(message) % values)`` writes, for every kind
of value and placeholder, and a kind it does not know goes the general way.
"""

from __future__ import annotations

from typing import Any

import pytest
from markupsafe import Markup, escape

from recoveryplan.sentences import fill
from recoveryplan.textformats import Sentence, isolate

STATUS = Markup('<span class="status">Done <b>&amp;</b> dusted</span>')


def by_markup(message: str, variables: dict[str, Any]) -> Markup:
    """The general way: every word value isolated and escaped, then Markup's ``%``."""
    values = {
        key: escape(value if isinstance(value, Sentence) else isolate(value))
        if isinstance(value, str) and not isinstance(value, Markup)
        else value
        for key, value in variables.items()
    }
    return Markup(escape(message) % values)


class Named(str):
    """A string of another kind (as a view's name is)."""


@pytest.mark.parametrize(
    ("message", "variables"),
    [
        (
            "%(status)s, aiming for %(day)s%(aside)s.",
            {"status": STATUS, "day": "2 June", "aside": ""},
        ),
        ("%(status)s by <%(who)s> & 'them'", {"status": STATUS, "who": 'Ali "A" <x> & y'}),
        ("%(status)s with %(name)s", {"status": STATUS, "name": "\u0639\u0644\u064a"}),
        ("%(status)s with %(name)s", {"status": STATUS, "name": "Zo\u00eb \u202eevil"}),
        ("%(status)s: %(said)s", {"status": STATUS, "said": Sentence("<b>a sentence</b>")}),
        ("%(status)s, %(n)s of them, 100%%", {"status": STATUS, "n": 3}),
        ("%(num)d: %(status)s", {"status": STATUS, "num": 4}),
        ("%(status)s as %(view)s", {"status": STATUS, "view": Named("<plan>")}),
        ("%(status)s, %(value)s", {"status": STATUS, "value": 2.5}),
        ("%(status)s, %(value)r", {"status": STATUS, "value": "x"}),
        (Markup("<i>%(status)s</i> %(x)s"), {"status": STATUS, "x": "<y>"}),
    ],
)
def test_html_with_markup_is_filled_as_markup_fills_it(
    message: str, variables: dict[str, Any]
) -> None:
    filled = fill(message, variables, "html")
    assert type(filled) is Markup
    assert filled == by_markup(message, variables)


def test_a_placeholder_without_its_value_fails_as_markup_does() -> None:
    with pytest.raises(KeyError):
        fill("%(status)s and %(missing)s", {"status": STATUS}, "html")
