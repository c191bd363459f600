"""The safety plan: what the person does when things get hard, in the common six steps."""

from __future__ import annotations

import attrs

from ._checks import Checked
from ._fields import meaning
from ._typed import Items

__all__ = ["Distraction", "Professional", "SafetyPlan"]


@attrs.frozen(kw_only=True)
class Distraction(Checked):
    """A place, activity or person that takes the person's mind off things."""

    what: str = attrs.field(
        metadata=meaning(
            "The place, activity or company.", voice="person", where="the distraction in {owner}"
        )
    )
    who: str | None = attrs.field(
        default=None,
        metadata=meaning("Who it is with, when it is someone in the circle.", refers_to="person"),
    )


@attrs.frozen(kw_only=True)
class Professional(Checked):
    """A professional, service or crisis line to contact, with how to reach them."""

    name: str = attrs.field(metadata=meaning("The professional, service or line."))
    contact: str = attrs.field(
        metadata=meaning("How to reach them (a number, an address, opening hours).")
    )


def _person_list(text: str) -> dict[str, str]:
    return meaning(text, voice="person")


@attrs.frozen(kw_only=True)
class SafetyPlan(Checked):
    """Warning signs, coping, distraction, people, professionals, a safer place, and reasons."""

    warning_signs: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=_person_list("Signs that things are getting hard."),
    )
    coping_strategies: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=_person_list("What the person can do on their own."),
    )
    distractions: tuple[Distraction, ...] = attrs.field(
        converter=Items[Distraction],
        default=(),
        metadata=meaning("People and places that take the person's mind off things."),
    )
    people_to_ask: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=meaning("People the person can ask for help.", refers_to="person"),
    )
    professionals: tuple[Professional, ...] = attrs.field(
        converter=Items[Professional],
        default=(),
        metadata=meaning("Professionals, services and crisis lines to contact."),
    )
    safer_environment: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=_person_list("What makes the person's surroundings safer."),
    )
    reasons_for_living: tuple[str, ...] = attrs.field(
        converter=Items[str], default=(), metadata=_person_list("What matters most to the person.")
    )
