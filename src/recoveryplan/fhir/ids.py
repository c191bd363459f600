"""Ids that stay unique: the one rule both directions of the mapping use to claim them.

A plan that is not valid can repeat an id, and a bundle from elsewhere can give two resources
the same one or none; export and import then number the later ones, the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["Taken", "claim"]


class Taken(set[str]):
    """The ids given out so far, and how far each wanted id's numbering has gone, so that a
    bundle repeating one id thousands of times costs a step a claim, not a scan from 2."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        super().__init__(ids)
        self.numbered: dict[str, int] = {}


def claim(wanted: str, taken: Taken, *, mark: str) -> str:
    """``wanted``, or ``wanted`` with ``mark`` and the first number from 2 that is free.

    The id returned is added to ``taken``, so the next claim of the same id gets the next one.
    Numbers below the last one given for ``wanted`` are all taken (ids are never given back),
    so the search starts there.
    """
    found, number = wanted, taken.numbered.get(wanted, 1)
    while found in taken:
        number += 1
        found = f"{wanted}{mark}{number}"
    taken.add(found)
    taken.numbered[wanted] = number
    return found
