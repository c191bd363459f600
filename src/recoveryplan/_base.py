"""Shared building blocks of the model."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Enumeration", "PersonRef"]

PersonRef = str
"""Who someone is in a plan: ``"person"`` (the plan's subject), ``"service"``, or a circle id."""


class Enumeration(StrEnum):
    """A closed set of words from the format; members compare equal to their plain strings."""

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]
