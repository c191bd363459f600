"""JSON objects that remember which of their elements the import looked at.

What a plan carries of a bundle is whatever the mapping tables and the mappers read, so the
import does not keep a list of "elements we support" that could drift from the code: every
resource is copied into :class:`Node` objects before it is read, each ``get``, ``[...]`` and
``in`` is recorded, and what was never looked at is what the plan does not carry
(:mod:`recoveryplan.fhir.unmapped` reports it). A ``Node`` is a ``dict``; code that reads a
bundle tests for JSON objects with ``isinstance(value, dict)``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Node", "track"]


class Node(dict[str, Any]):
    """A JSON object of a bundle, with the keys that were asked for (present or not)."""

    __slots__ = ("read",)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.read: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.read.add(key)
        return super().__contains__(key)

    def looked_at(self) -> set[str]:
        """The elements present that something read."""
        return {key for key in self.read if dict.__contains__(self, key)}


def track(value: Any) -> Any:
    """A copy of parsed JSON whose objects are :class:`Node` (iteratively: no depth limit)."""
    if not isinstance(value, dict | list):
        return value
    root: Any = Node() if isinstance(value, dict) else []
    stack: list[tuple[Any, Any]] = [(value, root)]
    while stack:
        source, target = stack.pop()
        pairs = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in pairs:
            if isinstance(item, dict | list):
                copy: Any = Node() if isinstance(item, dict) else []
                stack.append((item, copy))
            else:
                copy = item
            if isinstance(target, dict):
                dict.__setitem__(target, key, copy)
            else:
                target.append(copy)
    return root
