"""Realistic plans in any number and of any size, shaped like the reference plan.

A benchmark of copies of one plan hides what a real caseload costs: plans differ in how many
outcomes and small goals they hold, how deep the goals nest, how many reviews and ratings have
piled up over the years. Each plan made here starts from the reference plan (Morag's: her
circle, assessment, risk plans, safety plan and sharing) and replaces what grows with time
(outcomes and their goals, ratings, reviews) with generated parts of the size asked for, with
ids that are unique within the plan and references that resolve, so every plan loads and
validates without errors (the practice checks may warn, as they do on real plans).

As a library: ``make_plan(number, goals=..., reviews=...)`` returns the plan as JSON values.
From the shell::

    python benchmarks/caseload.py OUT_DIR --plans 1000 [--goals 20] [--vary] [--seed 1]

writes ``OUT_DIR/team-<k>/plan-<n>.json``; ``--vary`` draws each plan's size around
``--goals`` (a few goals for a new plan, hundreds for a long one) as a caseload has.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parents[1] / "src" / "recoveryplan" / "examples" / "morag.json"

DOMAINS = ("connectedness", "hope", "identity", "meaning", "empowerment")
ITEMS_BY_DOMAIN = {
    "connectedness": ("st-eilidh", "hp-nephew", "nd-eilidh-weekends"),
    "hope": ("hp-hearing-voices",),
    "identity": ("st-cooking",),
    "meaning": ("as-kitchen", "st-allotment"),
    "empowerment": ("st-warning-signs", "nd-medication"),
}
HELPERS = ("eilidh", "james", "priya", "ali", "person")
STATUSES = ("achieved", "achieved", "active", "planned", "on-hold", "dropped")

OUTCOME_WORDS = (
    "I'm working in a kitchen again",
    "Callum stays with me for a weekend",
    "I manage my own medication",
    "I feel at home in my flat",
    "I see my friends from the allotment every week",
    "I go to the college course on my own",
    "I sleep through most nights",
    "I have money left at the end of the month",
)
GOAL_WORDS = (
    "Cook Sunday lunch for Eilidh and Callum.",
    "Take the bus to the college open day.",
    "Fill my own dosette box every Sunday.",
    "Phone the welfare rights service about my benefits.",
    "Walk to the allotment twice a week.",
    "Write down three things that went well each evening.",
    "Ask James to practise the journey with me.",
    "Go to the café group on Monday mornings.",
    "Clear the spare room so it is ready for Callum.",
    "Read the food hygiene course leaflet with Priya.",
)
ACTIONS = (
    "Help me write the shopping list.",
    "Come with me the first time.",
    "Check in by text afterwards.",
    "Remind me the day before.",
    "Sit with me while I make the phone call.",
)


def make_plan(
    number: int,
    *,
    goals: int = 14,
    reviews: int = 2,
    ratings_rounds: int | None = None,
    seed: int = 1,
) -> dict[str, Any]:
    """Plan ``number`` of a caseload: ``goals`` small goals in all (a quarter of them nested
    under another), under one outcome per dozen goals, ``reviews`` reviews a month apart, and
    a rating of every domain at each review (``ratings_rounds`` to say otherwise)."""
    chance = random.Random(seed * 1_000_003 + number)
    document = copy.deepcopy(_reference())
    document["id"] = f"plan-{number:06d}"
    document["person"]["id"] = f"person-{number:06d}"
    document["person"]["name"] = f"Person {number}"
    start = date(2021, 7, 1) + timedelta(days=chance.randrange(0, 365))

    outcomes: list[dict[str, Any]] = []
    made = 0
    count = max(1, goals // 12 + (1 if goals % 12 else 0)) if goals else 1
    for index in range(count):
        domain = DOMAINS[index % len(DOMAINS)]
        share = goals // count + (1 if index < goals % count else 0)
        tree, made = _goals(chance, share, made, start, index)
        outcomes.append(
            {
                "id": f"oc-{index:04d}",
                "statement": f"{OUTCOME_WORDS[index % len(OUTCOME_WORDS)]} ({index + 1}).",
                "domain": domain,
                "based_on": list(ITEMS_BY_DOMAIN[domain]),
                "target_on": (start + timedelta(days=365 + 30 * index)).isoformat(),
                "status": "active",
                "goals": tree,
            }
        )
    document["outcomes"] = outcomes
    first_goals = [goal["id"] for outcome in outcomes for goal in outcome["goals"]][:2]
    for risk in document["risk_plans"]:
        risk["supports"] = first_goals or [outcomes[0]["id"]]

    rounds = reviews if ratings_rounds is None else ratings_rounds
    document["reviews"] = [
        {
            "on": (start + timedelta(days=30 * (n + 1))).isoformat(),
            "with": ["person", HELPERS[n % 4]],
            "went_well": f"Review {n + 1}: {chance.choice(GOAL_WORDS)}",
            "changed": chance.choice(ACTIONS),
            "next": chance.choice(GOAL_WORDS),
        }
        for n in range(reviews)
    ]
    document["ratings"] = [
        {
            "on": (start + timedelta(days=30 * (n + 1))).isoformat(),
            "domain": domain,
            "value": chance.randint(2, 9),
            "by": "person",
        }
        for n in range(rounds)
        for domain in DOMAINS
    ]
    if reviews:
        document["next_review_on"] = (start + timedelta(days=30 * (reviews + 1))).isoformat()
    return document


def _goals(
    chance: random.Random, count: int, made: int, start: date, outcome: int
) -> tuple[list[dict[str, Any]], int]:
    """``count`` goals, every fourth holding the next one or two as its own small steps."""
    tree: list[dict[str, Any]] = []
    left = count
    while left > 0:
        goal = _goal(chance, made, start, outcome)
        made += 1
        left -= 1
        if made % 4 == 0 and left > 0:
            steps = min(left, chance.randint(1, 2))
            goal["goals"] = []
            for _ in range(steps):
                goal["goals"].append(_goal(chance, made, start, outcome))
                made += 1
                left -= 1
        tree.append(goal)
    return tree, made


def _goal(chance: random.Random, number: int, start: date, outcome: int) -> dict[str, Any]:
    status = chance.choice(STATUSES)
    due = start + timedelta(days=14 * (number % 120) + 7)
    goal: dict[str, Any] = {
        "id": f"g-{outcome:04d}-{number:05d}",
        "statement": chance.choice(GOAL_WORDS),
        "status": status,
        "due_on": due.isoformat(),
    }
    if status == "achieved":
        goal["achieved_on"] = (due - timedelta(days=chance.randrange(0, 5))).isoformat()
        goal["celebration"] = "Tea and cake at the café."
    if chance.random() < 0.5:
        goal["support"] = [
            {"by": chance.choice(HELPERS[:4]), "action": chance.choice(ACTIONS)}
            for _ in range(chance.randint(1, 2))
        ]
    return goal


_CACHE: dict[str, Any] = {}


def _reference() -> dict[str, Any]:
    if "plan" not in _CACHE:
        _CACHE["plan"] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    plan: dict[str, Any] = _CACHE["plan"]
    return plan


def varied_size(chance: random.Random, typical: int) -> int:
    """A plan's number of goals in a caseload whose typical plan has ``typical``: most near it,
    some new and small, a few years old and large (a log-normal spread)."""
    return max(1, min(int(chance.lognormvariate(0, 0.8) * typical), typical * 30))


def write_caseload(
    folder: Path, plans: int, *, goals: int = 14, vary: bool = False, seed: int = 1
) -> list[Path]:
    """Write ``plans`` plans as JSON under ``folder``, a hundred to a team folder."""
    chance = random.Random(seed)
    written = []
    for number in range(plans):
        size = varied_size(chance, goals) if vary else goals
        reviews = min(60, max(1, size // 5)) if vary else 2
        document = make_plan(number, goals=size, reviews=reviews, seed=seed)
        where = folder / f"team-{number // 100:03d}"
        where.mkdir(parents=True, exist_ok=True)
        path = where / f"plan-{number:06d}.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--plans", type=int, default=100)
    parser.add_argument("--goals", type=int, default=14, help="goals per plan (typical)")
    parser.add_argument("--vary", action="store_true", help="vary the size of plans")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args(argv)
    paths = write_caseload(
        options.folder, options.plans, goals=options.goals, vary=options.vary, seed=options.seed
    )
    print(f"wrote {len(paths)} plans under {options.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
