"""The fast paths give the same results as the slow ones they stand in for: the model's
generated checks and its field check functions, what is worked out once from a plan, and the
two JSON writers.
"""

from __future__ import annotations

import gc
import json
import weakref
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from cattrs.errors import ForbiddenExtraKeysError
from hypothesis import given

import recoveryplan as rp
from recoveryplan import _converter
from recoveryplan._checks import _check_all, _class_checks
from recoveryplan._fields import model_classes
from recoveryplan._writing import json_text, python_json_text
from recoveryplan.goals import Goal, Outcome, Status, SupportAction, goals_under
from recoveryplan.summaries import (
    OUTCOME_BUDGET,
    STEP_BUDGET,
    STEPS_PER_OUTCOME,
    StepsLeftOut,
    _trim,
    untouched,
)
from recoveryplan.testing import strategies
from recoveryplan.views import current_period


def test_lossless_conversions_are_made() -> None:
    # Text for an enumeration and a list for a tuple, as a caller may pass them.
    lenient: dict[str, Any] = {
        "status": "achieved",
        "support": [SupportAction(by="james", action="Come too.")],
    }
    goal = Goal(id="g", statement="Walk to the allotment.", achieved_on=date(2026, 5, 1), **lenient)
    assert goal.status is Status.ACHIEVED
    assert type(goal.support) is tuple
    assert goal.support == (SupportAction(by="james", action="Come too."),)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"id": 7},
            "Goal.id: expected text, not the number 7; put it in quotes if it is meant as text",
        ),
        (
            {"statement": "Walk\x1b[2J"},
            "Goal.statement: the text holds the control character U+001B",
        ),
        ({"status": "done"}, "Goal.status: 'done' is not allowed here"),
        ({"status": None}, "Goal.status: expected one of: planned, active"),
        (
            {"due_on": "2026-06-02"},
            "Goal.due_on: expected a date, not the text '2026-06-02'; pass datetime.date",
        ),
        ({"due_on": datetime(2026, 6, 2, 9)}, "Goal.due_on: expected a date, not a date and time"),
        ({"status_note": "\ud800"}, "Goal.status_note: the text holds half of a character"),
        (
            {"support": ["james"]},
            "Goal.support: item 0: expected a support action (SupportAction), not the text 'james'",
        ),
        ({"goals": "g-1"}, "Goal.goals: expected a tuple (or a list), not the text 'g-1'"),
    ],
)
def test_a_bad_value_names_the_class_the_field_and_the_value(
    change: dict[str, object], message: str
) -> None:
    fields = {"id": "g", "statement": "Walk to the allotment.", "status": "active", **change}
    with pytest.raises(rp.PlanValueError) as caught:
        Goal(**fields)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


def test_the_first_bad_field_in_the_class_order_is_named() -> None:
    with pytest.raises(rp.PlanValueError, match=r"^Goal\.id: "):
        Goal(id=1, statement=2, status="nope")  # type: ignore[arg-type]


def test_whole_numbers_beyond_what_json_holds_are_refused() -> None:
    rating = rp.Rating(on=date(2026, 6, 2), domain="hope", value=2**53 - 1, by="person")
    assert rating.value == 2**53 - 1
    with pytest.raises(rp.PlanValueError, match=r"^Rating\.value: .* larger than a plan can hold"):
        attrs.evolve(rating, value=2**53)
    with pytest.raises(rp.PlanValueError, match=r"^Rating\.value: expected a whole number"):
        attrs.evolve(rating, value=True)


def test_a_subclass_checks_its_own_fields_too() -> None:
    @attrs.frozen
    class Noted(SupportAction):
        note: str = "fine"

    assert Noted(by="james", action="Come too.", note="ok").note == "ok"
    with pytest.raises(rp.PlanValueError, match=r"^Noted\.note: expected text"):
        Noted(by="james", action="Come too.", note=3)  # type: ignore[arg-type]
    with pytest.raises(rp.PlanValueError, match=r"^Noted\.by: expected text"):
        Noted(by=3, action="Come too.")  # type: ignore[arg-type]


def the_generated_checks_agree_with_the_check_functions(plan: rp.Plan) -> None:
    """Every object of a generated plan, checked again by the field check functions one by
    one, is left exactly as the generated code left it."""
    classes = model_classes(rp.Plan)
    seen: list[object] = [plan]
    while seen:
        part = seen.pop()
        before = {name: getattr(part, name) for name, _ in _class_checks(type(part))}
        _check_all(part)
        assert {name: getattr(part, name) for name, _ in _class_checks(type(part))} == before
        for value in before.values():
            for item in value if isinstance(value, tuple) else (value,):
                if type(item) in classes:
                    seen.append(item)


def the_index_is_the_first_part_of_each_id_in_document_order(plan: rp.Plan) -> None:
    """The index, made without the parts' paths, holds what ``identified()`` names: the first
    part of each id, in the same order."""
    expected: dict[str, object] = {}
    for _, part in rp.loads(rp.dumps(plan)).identified():
        expected.setdefault(part.id, part)
    index = plan.index()
    assert list(index) == list(expected)
    assert all(index[key] == part for key, part in expected.items())


def both_json_writers_write_what_the_standard_library_writes(plan: rp.Plan) -> None:
    """Both writers (msgspec's when installed, and the one in Python alone) write a plan's
    data as ``json.dumps`` does."""
    data = rp.to_data(plan)
    expected = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert python_json_text(data) == expected
    assert json_text(data) == expected


def the_fast_pass_reads_every_valid_plan_by_itself(plan: rp.Plan) -> None:
    """The fast pass must not lean on the detailed one: it reads a valid plan on its own."""
    body = rp.to_data(plan)
    del body["format"]
    assert _converter.converter(False).structure(body, rp.Plan) == plan


@given(strategies.plans())
def test_every_fast_path_agrees_with_the_slow_one_on_any_generated_plan(plan: rp.Plan) -> None:
    """Each check below on the same plans: drawing a plan costs far more than any of them."""
    the_generated_checks_agree_with_the_check_functions(plan)
    the_index_is_the_first_part_of_each_id_in_document_order(plan)
    both_json_writers_write_what_the_standard_library_writes(plan)
    the_fast_pass_reads_every_valid_plan_by_itself(plan)
    the_current_period_keeps_what_a_walk_of_every_step_keeps(plan)


def _pruned(goals: tuple[Goal, ...], drop: Callable[[Goal], bool]) -> tuple[Goal, ...]:
    """``goals`` without each step ``drop`` takes that holds no step kept, every step walked."""
    kept = []
    for goal in goals:
        children = _pruned(goal.goals, drop)
        if not (drop(goal) and not children):
            kept.append(attrs.evolve(goal, goals=children))
    return tuple(kept)


def _steps(outcomes: Iterable[Outcome]) -> int:
    return sum(1 for outcome in outcomes for _ in goals_under(outcome))


def the_current_period_keeps_what_a_walk_of_every_step_keeps(plan: rp.Plan) -> None:
    """The person-held plan's current period skips an outcome none of whose steps it would
    take out; what it keeps and counts is what walking and rebuilding every step gives."""
    for today in (date(2020, 1, 1), date(2026, 6, 2), date(2035, 1, 1)):
        period, history = current_period(plan, today)

        def closed(part: Outcome | Goal, since: date = history.since) -> bool:
            end = part.achieved_on or (part.due_on if isinstance(part, Goal) else part.target_on)
            return not part.status.is_open and end is not None and end < since

        outcomes = []
        for outcome in plan.outcomes:
            goals = _pruned(outcome.goals, closed)
            if not (closed(outcome) and not goals):
                outcomes.append(attrs.evolve(outcome, goals=goals))
        assert history.outcomes == len(plan.outcomes) - len(outcomes)
        # each step left out counted once, however deep it sat ("N small steps from before then")
        assert history.goals == _steps(plan.outcomes) - _steps(outcomes)

        def set_aside(goal: Goal, day: date = today) -> bool:
            return untouched(goal, day)

        fresh = [attrs.evolve(o, goals=_pruned(o.goals, set_aside)) for o in outcomes]
        aside = {
            o.id: _steps([o]) - _steps([after]) for o, after in zip(outcomes, fresh, strict=True)
        }
        ranked = sorted(fresh, key=lambda o: not any(g.status.is_open for g in o.goals))
        full = [o for o in fresh if any(o is chosen for chosen in ranked[:OUTCOME_BUDGET])]
        share = max(STEPS_PER_OUTCOME, STEP_BUDGET // max(len(full), 1))
        trimmed = {o.id: _trim(o.goals, [share], o) for o in full}
        expected = [attrs.evolve(o, goals=trimmed[o.id][0]) for o in full]
        assert list(period.outcomes) == expected
        for outcome in full:
            left = history.steps.get(outcome.id, StepsLeftOut())
            assert (left.untouched, left.more) == (aside[outcome.id], trimmed[outcome.id][1])


def test_what_is_worked_out_from_a_plan_follows_each_version(morag: rp.Plan) -> None:
    """The index, goals and references are worked out once per plan, and an edited plan (a
    new plan) has its own."""
    first = morag.index()
    first.clear()  # the caller's copy, not the plan's
    assert "g-college-bus" in morag.index()
    new = rp.Goal(id="g-new", statement="New.", status=rp.Status.PLANNED)
    edited = morag.with_goal("g-college-bus", new)
    assert "g-new" in edited.index()
    assert "g-new" not in morag.index()
    assert "g-new" in [place.goal.id for place in edited.walk_goals()]
    assert len(list(edited.walk_goals())) == len(list(morag.walk_goals())) + 1
    assert [path for path, _ in edited.identified()].count(
        next(p.path for p in edited.walk_goals() if p.goal.id == "g-new")
    ) == 1


def test_the_index_keeps_the_first_of_a_repeated_id_at_any_depth(morag: rp.Plan) -> None:
    # a goal nested two deep, then a goal and a safeguard with ids used before them
    outcome = morag.outcomes[0]
    used = outcome.goals[0].id
    deep = rp.Goal(id="g-deep", statement="Deep.", status=rp.Status.PLANNED)
    inner = rp.Goal(id="g-inner", statement="Inner.", status=rp.Status.PLANNED, goals=(deep,))
    again = rp.Goal(id=used, statement="Again.", status=rp.Status.PLANNED)
    later = attrs.evolve(outcome, goals=(*outcome.goals, inner, again))
    edited = attrs.evolve(morag, outcomes=(later, *morag.outcomes[1:]))
    first: dict[str, object] = {}
    for _, part in edited.identified():
        first.setdefault(part.id, part)
    index = edited.index()
    assert list(index) == list(first)
    assert index[used] is outcome.goals[0]
    assert index["g-deep"] is deep
    assert list(index).index("g-inner") < list(index).index("g-deep")


def test_what_is_worked_out_goes_with_the_plan(reference_path: Path) -> None:
    import gc

    from recoveryplan import plan as plan_module

    loaded = rp.load(str(reference_path))
    loaded.index()
    key = id(loaded)
    assert key in plan_module._DERIVED
    del loaded
    gc.collect()
    assert key not in plan_module._DERIVED


def test_numbers_with_fractions_are_written_as_the_standard_library_writes_them(
    morag: rp.Plan,
) -> None:
    plan = attrs.evolve(morag, extensions={"org.acme": {"weights": [1e300, 0.5, -0.0, 2.0]}})
    text = rp.dumps(plan)
    assert text == json.dumps(rp.to_data(plan), ensure_ascii=False, indent=2) + "\n"
    assert '"weights": [\n        1e+300,\n        0.5,\n        -0.0,\n        2.0\n' in text


@pytest.mark.parametrize(
    "change",
    [
        lambda body: body["person"].pop("name"),
        lambda body: body["person"].update(nickname="Mo"),
        lambda body: body.update(circle={"id": "eilidh"}),
        lambda body: body["outcomes"][0]["goals"][0].update(due_on="2026-02-30"),
    ],
)
def test_the_fast_pass_refuses_what_the_detailed_pass_explains(
    morag: rp.Plan, change: Callable[[dict[str, Any]], object]
) -> None:
    body = rp.to_data(morag)
    del body["format"]
    change(body)
    with pytest.raises((KeyError, ForbiddenExtraKeysError, ValueError)):
        _converter.converter(False).structure(body, rp.Plan)
    with pytest.raises(rp.PlanFormatError):
        rp.from_data({"format": "recoveryplan/1", **body})


def test_the_current_period_kept_for_a_plan_follows_the_day(morag: rp.Plan) -> None:
    """The person's current period is worked out once for a plan and a day, not once for all."""
    days = (date(2026, 6, 2), date(2028, 1, 1), date(2026, 6, 2))
    again = [rp.render(morag, "person", "txt", today=day) for day in days]
    fresh = [rp.render(rp.loads(rp.dumps(morag)), "person", "txt", today=day) for day in days]
    assert again == fresh
    assert again[0] != again[1]


@pytest.mark.parametrize("today", [date(2026, 6, 2), date(2031, 1, 1)])
def test_a_rendered_plan_is_let_go(morag: rp.Plan, today: date) -> None:
    """What is kept beside a plan while it lives (its current period, even when that is the
    plan itself, as the reference plan's is today) does not keep it alive."""
    plan = rp.loads(rp.dumps(morag))
    for format in ("html", "txt"):
        rp.render(plan, "person", format, today=today)
    gone = weakref.ref(plan)
    del plan
    gc.collect()
    assert gone() is None


def test_a_template_imported_with_context_is_made_once_for_each_set_of_values_it_reads() -> None:
    """Within a rendering, an import is shared while what the imported template reads is the
    same; a loop variable it reads makes a module of its own, one it does not read does not."""
    from jinja2 import DictLoader, Environment

    from recoveryplan.template_imports import ImportOnceTemplate, imports_made_once

    made: list[str] = []

    class Env(Environment):
        template_class = ImportOnceTemplate

    env = Env(
        loader=DictLoader(
            {
                "words.j2": "{% set greeting = 'hi ' ~ who ~ made(who) %}",
                "page.j2": (
                    "{% import 'words.j2' as w with context %}{{ w.greeting }}|"
                    "{% for who in ['a', 'b'] %}{% import 'words.j2' as w with context %}"
                    "{{ w.greeting }},{% endfor %}|"
                    "{% for n in [1, 2] %}{% import 'words.j2' as w with context %}"
                    "{{ w.greeting }},{% endfor %}"
                ),
            }
        )
    )

    def make(who: str) -> int:
        made.append(who)
        return len(made)

    env.globals["made"] = make
    context = {"who": "me"}
    with imports_made_once(context):
        page = env.get_template("page.j2").render(context)
    assert page == "hi me1|hi a2,hi b3,|hi me1,hi me1,"
    assert made == ["me", "a", "b"]
    made.clear()
    assert env.get_template("page.j2").render(context) == "hi me1|hi a2,hi b3,|hi me4,hi me5,"
