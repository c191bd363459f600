"""Plans rendered one after another, in any order, each as if it were the only one.

Rendering keeps what it can between calls (compiled templates, the templates an include finds,
the plugins' answers, what is worked out from a plan for as long as that plan lives); none of
it may carry one person's words into another person's copy. Two plans with nothing in common
but their shape are rendered alternately for every reader and format, and each rendering must
be the one the plan got first and hold none of the other plan's names.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import recoveryplan as rp

TODAY = date(2026, 6, 2)


def _other(plan: rp.Plan) -> rp.Plan:
    """Another person's plan of the same shape: every name a reader sees is different."""
    assert plan.service is not None
    circle = tuple(
        attrs.evolve(member, name=f"Zofia Nowak {number}")
        for number, member in enumerate(plan.circle, 1)
    )
    goals = tuple(
        attrs.evolve(
            outcome,
            statement=f"Zygmunt's outcome {number}",
            goals=tuple(
                attrs.evolve(goal, statement=f"Zygmunt's step {number}.{step}")
                for step, goal in enumerate(outcome.goals, 1)
            ),
        )
        for number, outcome in enumerate(plan.outcomes, 1)
    )
    return attrs.evolve(
        plan,
        id="zygmunt-plan",
        person=attrs.evolve(
            plan.person, name="Zygmunt Quill", preferred_name="Zyg", pronouns="he/him"
        ),
        service=attrs.evolve(plan.service, name="Quillford Recovery Team"),
        circle=circle,
        outcomes=goals,
    )


OWN_WORDS = {
    # only what the other plan replaced: the rest of Morag's words are in both
    "morag": (
        "Morag Sinclair",
        "Riverside Supported Living",
        "Eilidh Sinclair",
        "working in a kitchen again",
    ),
    "zygmunt": ("Zygmunt", "Zyg", "Quillford", "Zofia Nowak"),
}


@pytest.mark.parametrize("format", ["html", "md", "txt"])
def test_two_plans_rendered_alternately_never_show_each_others_words(
    morag: rp.Plan, format: str
) -> None:
    plans = {"morag": morag, "zygmunt": _other(morag)}
    readers = ["person", "staff", morag.circle[0].id]
    first = {
        (name, reader): rp.render(plan, reader, format, today=TODAY)
        for name, plan in plans.items()
        for reader in readers
    }
    for _ in range(2):
        for reader in readers:
            for name in ("zygmunt", "morag"):
                text = rp.render(plans[name], reader, format, today=TODAY)
                assert text == first[name, reader]
    for (name, _reader), text in first.items():
        for other, words in OWN_WORDS.items():
            if other != name:
                assert not any(word in text for word in words), (name, other)
    assert "Quillford" in first["zygmunt", "person"]
    assert "Morag Sinclair" in first["morag", "staff"]
