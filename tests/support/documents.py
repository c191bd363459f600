"""Small plan documents the tests build on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

MINIMAL = {
    "format": "recoveryplan/1",
    "id": "plan-1",
    "framework": "chime",
    "person": {"id": "person-1", "name": "Morag Sinclair"},
}


def nested_goals(depth: int) -> dict[str, Any]:
    """A document with one outcome whose goals nest ``depth`` levels deep."""
    goal: dict[str, Any] = {
        "id": f"g-{depth}",
        "statement": "The smallest step",
        "status": "active",
    }
    for level in range(depth - 1, 0, -1):
        goal = {
            "id": f"g-{level}",
            "statement": f"Step {level}",
            "status": "active",
            "goals": [goal],
        }
    outcome = {"id": "oc", "statement": "I get there", "status": "active", "goals": [goal]}
    return {**MINIMAL, "outcomes": [outcome]}


def nested_goals_text(depth: int) -> str:
    """The JSON text of :func:`nested_goals`, for depths the json module cannot write."""
    opening = "".join(
        f'{{"id": "g-{level}", "statement": "Step {level}", "status": "active", "goals": ['
        for level in range(1, depth)
    )
    goal = opening + f'{{"id": "g-{depth}", "statement": "The smallest step", "status": "active"}}'
    goal += "]}" * (depth - 1)
    outcome = f'{{"id": "oc", "statement": "I get there", "status": "active", "goals": [{goal}]}}'
    return json.dumps(MINIMAL)[:-1] + f', "outcomes": [{outcome}]}}'


def json_texts(value: Any) -> Iterator[str]:
    """Every string in a JSON value, its objects' keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from json_texts(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from json_texts(inner)
