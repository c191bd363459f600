"""Ids that stay unique: the one rule both directions of the mapping use to claim them.

A plan that is not valid can repeat an id, and a bundle from elsewhere can give two resources
the same one or none; export and import then number the later ones, the same way.
"""

from __future__ import annotations

__all__ = ["claim"]


def claim(wanted: str, taken: set[str], *, mark: str) -> str:
    """``wanted``, or ``wanted`` with ``mark`` and the first number from 2 that is free.

    The id returned is added to ``taken``, so the next claim of the same id gets the next one.
    """
    found, number = wanted, 1
    while found in taken:
        number += 1
        found = f"{wanted}{mark}{number}"
    taken.add(found)
    return found
