"""The emergency and urgent-care numbers a crisis card gives, from the country the service is in.

A crisis card is read when things are at their hardest, so it gives the numbers that work
everywhere in the country without anyone having to look them up: 999 everywhere in the United
Kingdom, and the free 24-hour NHS urgent-care line where there is one (NHS 24 on 111 in
Scotland, NHS 111 in England and Wales). Every country the format knows is in the UK, so a
service that has not recorded its country still gets 999.

The numbers are data; the words naming them are the templates' (``card.emergency`` in
``templates/_words.j2``), keyed by :attr:`EmergencyNumber.key`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from .communication import Country
from .safety import Professional

__all__ = ["EMERGENCY_NUMBERS", "EmergencyNumber", "emergency_numbers"]


@attrs.frozen
class EmergencyNumber:
    """A number to call, and the key of the words that name it."""

    key: str
    number: str


_999 = EmergencyNumber("emergency", "999")

EMERGENCY_NUMBERS: Mapping[Country | None, tuple[EmergencyNumber, ...]] = {
    None: (_999,),
    Country.SCOTLAND: (_999, EmergencyNumber("nhs-24", "111")),
    Country.ENGLAND: (_999, EmergencyNumber("nhs-111", "111")),
    Country.WALES: (_999, EmergencyNumber("nhs-111", "111")),
    Country.NORTHERN_IRELAND: (_999,),
}
"""The numbers for each country (``None``: not recorded)."""


def emergency_numbers(
    country: Country | None, lines: Iterable[Professional]
) -> tuple[EmergencyNumber, ...]:
    """The country's numbers that the card's crisis lines do not already give (a plan that
    lists "NHS 24 (out of hours): 111" does not get 111 twice)."""
    given = {_digits(line.contact) for line in lines}
    return tuple(n for n in EMERGENCY_NUMBERS[country] if _digits(n.number) not in given)


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())
