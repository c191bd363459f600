"""JSON paths into plan documents: where a finding points, and targeted edits for tests."""

from __future__ import annotations

import json
import re
from typing import Any

_STEP = re.compile(r'\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def steps(path: str) -> list[str | int]:
    """The keys and indexes of a JSON path such as ``$.outcomes[0].goals[1].due_on``."""
    assert path.startswith("$"), path
    found: list[str | int] = []
    position = 1
    for match in _STEP.finditer(path, 1):
        assert match.start() == position, f"{path!r} is not a simple JSON path"
        key, index, quoted = match.groups()
        if quoted is not None:
            key = json.loads(quoted)
        found.append(key if key is not None else int(index))
        position = match.end()
    assert position == len(path), f"{path!r} is not a simple JSON path"
    return found


def get_at(document: Any, path: str) -> Any:
    """The value at a JSON path; fails the test if the path is not in the document."""
    value = document
    for step in steps(path):
        if isinstance(step, int):
            assert isinstance(value, list), f"{path}: not a list at {step}"
            assert step < len(value), f"{path}: no item {step}"
        else:
            assert isinstance(value, dict), f"{path}: not an object at {step!r}"
            assert step in value, f"{path}: no key {step!r}"
        value = value[step]
    return value


def set_at(document: Any, path: str, value: Any) -> None:
    *parents, last = steps(path)
    target = get_at(document, "$" + "".join(_render(step) for step in parents))
    target[last] = value


def delete_at(document: Any, path: str) -> None:
    *parents, last = steps(path)
    target = get_at(document, "$" + "".join(_render(step) for step in parents))
    del target[last]


def _render(step: str | int) -> str:
    return f"[{step}]" if isinstance(step, int) else f".{step}"
