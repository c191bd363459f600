"""Long plans: the person-held plan shows the current period and says where the rest is; the
validate text report counts repeated findings instead of listing hundreds."""

from __future__ import annotations

import json
import subprocess
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest

import recoveryplan as rp
from recoveryplan.views import current_period

from ..support.cli import recoveryplan_main

TODAY = date(2031, 3, 1)


def five_years(morag: rp.Plan) -> rp.Plan:
    """Morag's plan five years on: a goal achieved every month, some open goals long past their
    dates (each inside an overdue parent), and a review every six months."""
    achieved = tuple(
        rp.Goal(
            id=f"g-month-{n}",
            statement=f"Monthly step number {n}.",
            status=rp.Status.ACHIEVED,
            due_on=date(2026, 3, 1) + timedelta(days=30 * n),
            achieved_on=date(2026, 3, 1) + timedelta(days=30 * n),
            celebration="Tea and cake.",
        )
        for n in range(60)
    )
    late_children = tuple(
        rp.Goal(
            id=f"g-late-{n}",
            statement=f"Late step {n}.",
            status=rp.Status.PLANNED,
            due_on=date(2027, 1, 1),
        )
        for n in range(12)
    )
    late = rp.Goal(
        id="g-late",
        statement="A goal that is long overdue.",
        status=rp.Status.ACTIVE,
        due_on=date(2027, 2, 1),
        goals=late_children,
    )
    outcome = rp.Outcome(
        id="oc-long",
        statement="I keep going, month by month.",
        status=rp.Status.ACTIVE,
        based_on=("st-cooking",),
        goals=(*achieved, late),
    )
    reviews = tuple(
        rp.Review(
            on=date(2026, 6, 1) + timedelta(days=182 * n),
            attendees=("person",),
            next=f"Review {n}.",
        )
        for n in range(10)
    )
    return attrs.evolve(morag, outcomes=(*morag.outcomes, outcome), reviews=reviews)


def test_the_person_held_plan_shows_the_current_period_and_says_where_the_rest_is(
    morag: rp.Plan,
) -> None:
    plan = five_years(morag)
    current = rp.render(plan, "person", "txt", today=TODAY)
    full = rp.render(plan, "person", "txt", today=TODAY, full_history=True)
    # the review before last was on 2030-05-31 (reviews every 182 days from 1 June 2026)
    assert "Monthly step number 59." in current  # achieved in February 2031
    assert "Monthly step number 3." not in current
    assert "Monthly step number 3." in full
    # open steps untouched for a year are counted under their outcome, not listed
    assert "Late step 11." not in current
    # even the full history lists at most 25 steps at one level, and says where the rest are
    assert "And 36 more small steps, not printed here: the whole list is in my plan's file" in (
        " ".join(full.split())
    )
    assert (
        "13 small steps here have not been touched for over a year: to close or re-plan at my "
        "next review." in " ".join(current.split())
    )
    assert "Review 9." in current
    assert "Review 8." in current
    assert "Review 7." not in current
    assert "Review 7." in full
    note = " ".join(current.split())
    assert "This copy shows what I'm working on now and what I've done since" in note
    assert "earlier reviews from before then are in my full plan" in note
    assert "This copy shows" not in full
    assert len(current) < len(full) * 0.8  # the full history is capped too, at 25 a list
    # the whole rating journey stays
    assert current.count("out of 10") == full.count("out of 10")


def test_a_short_plan_leaves_nothing_out(morag: rp.Plan) -> None:
    assert rp.render(morag, "person", "md", today=date(2026, 6, 2)) == rp.render(
        morag, "person", "md", today=date(2026, 6, 2), full_history=True
    )


def test_only_the_person_held_plan_is_cut_to_the_current_period(morag: rp.Plan) -> None:
    plan = five_years(morag)
    assert "Monthly step number 3." in rp.render(plan, "staff", "txt", today=TODAY)


def test_a_step_from_before_then_inside_a_current_one_is_counted_once(morag: rp.Plan) -> None:
    """One closed step inside an open one is one step in "from before then", not two."""
    old = rp.Goal(
        id="g-old-inner",
        statement="Look up the bus times.",
        status=rp.Status.ACHIEVED,
        due_on=date(2027, 1, 1),
        achieved_on=date(2027, 1, 1),
    )
    holder = rp.Goal(
        id="g-holder",
        statement="Get to the library on my own.",
        status=rp.Status.ACTIVE,
        due_on=date(2031, 6, 1),
        goals=(old,),
    )
    outcome = rp.Outcome(
        id="oc-library",
        statement="I use the library again.",
        status=rp.Status.ACTIVE,
        based_on=("st-cooking",),
        goals=(holder,),
    )
    plan = attrs.evolve(morag, outcomes=(*morag.outcomes, outcome))
    _, history = current_period(plan, TODAY)
    _, without = current_period(attrs.evolve(morag, outcomes=morag.outcomes), TODAY)
    assert history.goals == without.goals + 1
    page = rp.render(plan, "person", "txt", today=TODAY)
    assert "Look up the bus times." not in page
    assert "Get to the library on my own." in page


def recoveryplan(*argv: str) -> subprocess.CompletedProcess[str]:
    """What the command says, run in this process: these tests are of what it writes, not of
    how a process starts (a fresh interpreter would spend seconds on that each time)."""
    return recoveryplan_main(*argv, cwd=Path.cwd())


@pytest.fixture
def long_plan(morag: rp.Plan, tmp_path: Path) -> Path:
    plan = five_years(morag)
    for n in range(20):  # twenty separate overdue goals, each its own finding
        plan = plan.with_goal(
            "oc-long",
            rp.Goal(
                id=f"g-own-{n}",
                statement=f"Own step {n}.",
                status=rp.Status.PLANNED,
                due_on=date(2028, 1, 1),
            ),
        )
    path = tmp_path / "long.json"
    rp.dump(plan, path)
    return path


def test_validate_counts_repeated_findings_and_all_shows_every_one(long_plan: Path) -> None:
    data = json.loads(
        recoveryplan(
            "validate", str(long_plan), "--today", TODAY.isoformat(), "--format", "json"
        ).stdout
    )
    total = sum(1 for f in data["plans"][0]["findings"] if f["code"] == "goal.overdue")
    assert total > 20  # JSON keeps every finding
    short = recoveryplan("validate", str(long_plan), "--today", TODAY.isoformat())
    overdue = [line for line in short.stdout.splitlines() if "[goal.overdue]" in line]
    assert len(overdue) == 4  # three shown, then the count
    assert overdue[-1] == (
        f"{long_plan}: warning: and {total - 3} more like this [goal.overdue] "
        "(--all shows every one)"
    )
    every = recoveryplan("validate", str(long_plan), "--today", TODAY.isoformat(), "--all")
    assert len([line for line in every.stdout.splitlines() if "[goal.overdue]" in line]) == total
    assert "more like this" not in every.stdout
    assert short.stdout.splitlines()[-1] == every.stdout.splitlines()[-1]  # the same counts


def test_render_full_history_on_the_command_line(long_plan: Path) -> None:
    args = (
        "render",
        str(long_plan),
        "--audience",
        "person",
        "--format",
        "txt",
        "--today",
        TODAY.isoformat(),
    )
    current = recoveryplan(*args)
    full = recoveryplan(*args, "--full-history")
    assert (current.returncode, full.returncode) == (0, 0)
    assert "Monthly step number 3." not in current.stdout
    assert "Monthly step number 3." in full.stdout
