"""Small plan documents the tests build on."""

from __future__ import annotations

import json
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
