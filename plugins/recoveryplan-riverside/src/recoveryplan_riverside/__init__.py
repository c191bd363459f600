"""Riverside Housing & Support's plugin: its own outcome areas and its own plan checks."""

from __future__ import annotations

from collections.abc import Mapping

from recoveryplan import Domain, Finding, Framework, Plan, RatingScale, hookimpl

NAMESPACE = "org.riverside"

LIFE_AREAS = Framework(
    id="riverside-life-areas",
    name="Riverside life areas",
    domains=[
        Domain("home", "My home", "Keeping a home I am happy in."),
        Domain("health", "My health", "Physical and mental health, and managing medication."),
        Domain("people", "People in my life", "Family, friends and community."),
        Domain("doing", "Things I do", "Work, learning, volunteering and hobbies."),
        Domain("money", "Money", "Benefits, budgeting and debt."),
    ],
    rating_scale=RatingScale(0, 5, {0: "Struggling", 5: "Doing really well"}),
    version="2025.2",
    source="Riverside Housing & Support, outcomes framework 2025.2 (an example for recoveryplan).",
    licence="Example data; free to copy.",
)


@hookimpl
def register_frameworks() -> list[Framework]:
    return [LIFE_AREAS]


@hookimpl
def validate_plan(plan: Plan) -> list[Finding]:
    """Every Riverside plan is filed under a cost centre, kept in the plan's extensions."""
    ours = plan.extensions.get(NAMESPACE)
    if not isinstance(ours, Mapping) or not ours.get("cost_centre"):
        return [
            Finding(
                "warning",
                "riverside.cost-centre-missing",
                f'$.extensions["{NAMESPACE}"].cost_centre',
                "this plan has no Riverside cost centre; add it under "
                f'extensions."{NAMESPACE}".cost_centre so the plan is filed with the right team',
            )
        ]
    return []
