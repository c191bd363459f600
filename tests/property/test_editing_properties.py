"""Editing by id over generated plans: every part is found by its own finder, replacing a part
with itself changes nothing, an added part can be taken away again, and every part of the
model reads back from its data alone."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan import _converter
from recoveryplan._fields import model_classes
from recoveryplan.editing import REFERRED, key_of
from recoveryplan.testing.strategies import parts, plans

FINDERS: dict[type, str] = {
    rp.Goal: "goal",
    rp.Outcome: "outcome",
    rp.AssessmentItem: "item",
    rp.CircleMember: "member",
    rp.RiskPlan: "risk_plan",
    rp.Concern: "concern",
    rp.Safeguard: "safeguard",
}


@settings(max_examples=30, deadline=None)
@given(plans(max_depth=4, max_goals=8))
def test_each_part_is_found_by_its_finder_and_replacing_it_with_itself_is_no_change(
    plan: rp.Plan,
) -> None:
    for _, part in plan.identified():
        assert getattr(plan, FINDERS[type(part)])(part.id) is part
        assert plan.replace(part) == plan
    keyed: tuple[rp.Rating | rp.SharingConsent, ...] = (*plan.ratings, *plan.sharing)
    keys = Counter(key_of(entry) for entry in keyed)
    for entry in keyed:
        if keys[key_of(entry)] > 1:
            # Two entries that nothing tells apart: an edit cannot say which it means.
            with pytest.raises(rp.PlanValueError, match="cannot be told"):
                plan.replace(entry)
        else:
            assert plan.replace(entry) == plan
    for consent in plan.sharing:
        if keys[key_of(consent)] == 1:
            assert plan.sharing_with(consent.member) == consent


@settings(max_examples=30, deadline=None)
@given(plans(max_depth=3, max_goals=6), st.data())
def test_a_goal_added_anywhere_can_be_taken_away_again(plan: rp.Plan, data: st.DataObject) -> None:
    parents = [o.id for o in plan.outcomes] + [p.goal.id for p in plan.walk_goals()]
    if not parents:
        return
    under = data.draw(st.sampled_from(parents))
    goal = rp.Goal(id="g-added-in-test", statement="A new step", status="planned")
    added = plan.add(goal, under=under)
    assert added.goal(goal.id) == goal
    assert added.remove(goal.id) == plan


KINDS = REFERRED  # every kind of reference a field makes by id


@settings(max_examples=30, deadline=None)
@given(plans(max_depth=3, max_goals=6))
def test_a_part_is_removed_exactly_when_nothing_left_refers_to_it(plan: rp.Plan) -> None:
    for _, part in plan.identified():
        inside = _ids_inside(part)
        held = {id(obj) for obj in _objects(part)}
        outside = [
            r
            for kind in KINDS
            for r in plan.references(kind)
            if r.value in inside and id(r.owner) not in held
        ]
        if outside:
            with pytest.raises(rp.PlanValueError, match="change or remove those first"):
                plan.remove(part.id)
            continue
        removed = plan.remove(part.id)
        assert inside.isdisjoint(removed.index())
        assert not [
            r.value for kind in KINDS for r in removed.references(kind) if r.value in inside
        ]


def _objects(part: Any) -> Iterator[Any]:
    yield part
    for field in attrs.fields(type(part)):
        value = getattr(part, field.name)
        for item in value if type(value) is tuple else (value,):
            if attrs.has(type(item)):
                yield from _objects(item)


def _ids_inside(part: Any) -> set[str]:
    """The ids of ``part`` and of every part with an id inside it, however deep."""
    return {obj.id for obj in _objects(part) if type(obj) in FINDERS}


@pytest.mark.parametrize(
    "cls", [c for c in model_classes(rp.Plan) if c is not rp.Plan], ids=lambda c: c.__name__
)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_every_part_reads_back_from_its_data_alone(cls: type, data: st.DataObject) -> None:
    part: Any = data.draw(parts(cls))
    document = _converter.converter(False).unstructure(part, cls)
    assert rp.from_data(document, cls) == part
