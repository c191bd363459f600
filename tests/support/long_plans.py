"""A five-year plan as the practice review found it: 40 outcomes, 960 small steps (a quarter
nested), 60 monthly reviews and 60 rounds of ratings, and every list of the reference plan
grown past what one page can hold."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import recoveryplan as rp

from .reference import BUNDLED

START = date(2021, 7, 1)
TODAY = date(2026, 7, 1)
STATUSES = ("planned", "active", "on-hold", "achieved", "achieved", "dropped")
DOMAINS = ("connectedness", "hope", "identity", "meaning", "empowerment")


def _goal(n: int, outcome: int) -> dict[str, Any]:
    due = START + timedelta(days=2 * n + outcome)
    status = STATUSES[(n * 7 + outcome) % len(STATUSES)]
    goal: dict[str, Any] = {
        "id": f"g-{outcome}-{n}",
        "statement": f"Small step {n} towards outcome {outcome}.",
        "status": status,
        "due_on": due.isoformat(),
    }
    if status == "achieved":
        goal["achieved_on"] = (due - timedelta(days=n % 3)).isoformat()
        goal["celebration"] = "Tea and cake."
    if n % 3 == 0:
        goal["support"] = [
            {
                "by": ("eilidh", "james", "ali")[outcome % 3],
                "action": "Come with me the first time.",
            }
        ]
    return goal


def five_year_document(outcomes: int = 40, steps: int = 24) -> dict[str, Any]:
    """The plan as JSON: ``outcomes`` outcomes of ``steps`` small steps each."""
    document: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    made = []
    n = 0
    for o in range(outcomes):
        goals: list[dict[str, Any]] = []
        for _ in range(steps):
            goal = _goal(n, o)
            n += 1
            if n % 4 == 0 and goals:
                goals[-1].setdefault("goals", []).append(goal)
            else:
                goals.append(goal)
        made.append(
            {
                "id": f"oc-{o}",
                "statement": f"Outcome number {o}, in my own words.",
                "domain": DOMAINS[o % 5],
                "based_on": ["st-cooking", "as-kitchen"],
                "target_on": (START + timedelta(days=400 + 30 * o)).isoformat(),
                "status": "active",
                "goals": goals,
            }
        )
    document["outcomes"] = made
    document["risk_plans"][0]["supports"] = ["oc-0"]
    document["reviews"] = [
        {
            "on": (START + timedelta(days=30 * (r + 1))).isoformat(),
            "with": ["person", "james"],
            "went_well": f"Review {r + 1} went well.",
            "next": f"Next steps agreed at review {r + 1}.",
        }
        for r in range(60)
    ]
    document["ratings"] = [
        {
            "on": (START + timedelta(days=30 * (r + 1))).isoformat(),
            "domain": domain,
            "value": 2 + (r * 3 + d) % 8,
            "by": "person",
        }
        for r in range(60)
        for d, domain in enumerate(DOMAINS)
    ]
    document["next_review_on"] = (START + timedelta(days=30 * 61)).isoformat()
    return document


def five_year_plan() -> rp.Plan:
    return rp.loads(json.dumps(five_year_document()))


def everything_long() -> rp.Plan:
    """The five-year plan with every other list of the plan grown to forty entries."""
    document = five_year_document()
    forty = range(40)
    document["person"]["communication"] = [f"Way to talk with me {i}." for i in forty]
    items = document["assessment"]["items"]
    for kind in ("strength", "need", "hope", "dream", "aspiration"):
        for voice in ("person", "supporter", "service"):
            items.extend(
                {
                    "id": f"{kind}-{voice}-{i}",
                    "kind": kind,
                    "text": f"A {kind} in the {voice}'s words, number {i}.",
                    "voice": voice,
                    **({"raised_by": "eilidh"} if voice == "supporter" else {}),
                }
                for i in forty
            )
    document["outcomes"][0]["based_on"] = [item["id"] for item in items[:40]]
    risk = document["risk_plans"][0]
    risk["benefits"] = [f"Benefit {i}." for i in forty]
    risk["concerns"] = [
        {
            "id": f"cn-{i}",
            "description": f"Concern {i}.",
            "likelihood": "possible",
            "severity": "minor",
        }
        for i in forty
    ]
    risk["safeguards"] = [
        {
            "id": f"sg-{i}",
            "action": f"Safeguard {i}: phone Eilidh.",
            "by": "james",
            "addresses": [f"cn-{i}"],
        }
        for i in forty
    ]
    risk["supports"] = [outcome["id"] for outcome in document["outcomes"]]
    safety = document["safety_plan"]
    for key in ("warning_signs", "coping_strategies", "safer_environment", "reasons_for_living"):
        safety[key] = [f"{key} {i}." for i in forty]
    safety["distractions"] = [{"what": f"A walk with Ali, number {i}", "who": "ali"} for i in forty]
    safety["professionals"] = [{"name": f"Line {i}", "contact": f"0800 000 {i:03d}"} for i in forty]
    document["circle"].extend(
        {"id": f"friend-{i}", "name": f"Friend {i}", "role": "friend"} for i in forty
    )
    safety["people_to_ask"] = ["eilidh", "ali", *(f"friend-{i}" for i in forty)]
    return rp.loads(json.dumps(document))
