"""Properties of comparing and combining versions of generated plans: ``rp.diff`` and
``rp.merge``, with small edits (:mod:`tests.support.edits`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.audience import disclose, redact_as, shared_sections
from recoveryplan.testing.strategies import extensions, plans

from ..support.edits import Edits, edits

SMALL = {"max_goals": 6, "max_depth": 3, "max_items": 2}
SETTINGS = settings(
    max_examples=max(20, settings().max_examples // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
"""Each example is a plan or two and a few edits: a quarter of the profile's count keeps
the suite fast, and ``HYPOTHESIS_PROFILE=thorough`` still runs hundreds."""


def small_plans() -> st.SearchStrategy[rp.Plan]:
    return plans(**SMALL)  # type: ignore[arg-type]


@st.composite
def edited(draw: st.DrawFn) -> tuple[rp.Plan, Edits]:
    plan = draw(small_plans())
    return plan, draw(edits(plan, "ours"))


@st.composite
def two_writers(draw: st.DrawFn) -> tuple[rp.Plan, Edits, Edits]:
    plan = draw(small_plans())
    return plan, draw(edits(plan, "ours")), draw(edits(plan, "theirs"))


# -- diff ----------------------------------------------------------------------------------


@SETTINGS
@given(small_plans())
def test_a_plan_has_no_changes_from_itself(plan: rp.Plan) -> None:
    assert rp.diff(plan, plan) == []
    for member in plan.circle:
        if shared_sections(plan, member.id):
            assert rp.diff(plan, plan, audience=member.id) == []


@SETTINGS
@given(edited())
def test_one_edit_is_one_change_with_its_id_and_field(found: tuple[rp.Plan, Edits]) -> None:
    plan, made = found
    assume(made.edits)
    edit = made.edits[0]
    changes = rp.diff(plan, edit.apply(plan))
    if edit.kind == "field":
        assert [(c.kind, c.id, c.field) for c in changes] == [("changed", edit.id, edit.field)]
    elif edit.kind == "move":
        assert [(c.kind, c.id, c.field) for c in changes] == [("moved", edit.id, "parent")]
    else:
        kind = {"add": "added", "remove": "removed"}[edit.kind]
        assert [(c.kind, c.id, c.field) for c in changes] == [(kind, edit.id, None)]
    assert all(str(change) == change.message and change.message for change in changes)


MARK = re.compile(r"M[0-9a-f]{32}")
MARKERS = st.uuids().map(lambda u: f"M{u.hex}")


def markers(value: Any) -> Iterator[str]:
    yield from MARK.findall(repr(value))


@SETTINGS
@given(st.data())
def test_a_members_diff_says_only_what_their_copies_hold(data: st.DataObject) -> None:
    marked = plans(text=MARKERS, extension=extensions(text=MARKERS), **SMALL)  # type: ignore[arg-type]
    old = data.draw(marked)
    new = data.draw(edits(old, "new")).plan if data.draw(st.booleans()) else data.draw(marked)
    for member in new.circle:
        if not shared_sections(new, member.id):
            continue
        disclosure = disclose(new, member.id)
        may_see = set(markers(redact_as(old, disclosure))) | set(markers(disclosure.plan))
        said = [change.to_json() for change in rp.diff(old, new, audience=member.id)]
        assert set(markers(said)) <= may_see


# -- merge ---------------------------------------------------------------------------------


@SETTINGS
@given(edited(), small_plans())
def test_merging_with_one_side_unchanged_gives_the_other(
    found: tuple[rp.Plan, Edits], other: rp.Plan
) -> None:
    base, ours = found[0], found[1].plan
    assert rp.merge(base, ours, base) == (ours, [])
    assert rp.merge(base, base, ours) == (ours, [])
    assert rp.merge(base, ours, ours) == (ours, [])
    assert rp.merge(base, other, base) == (other, [])
    assert rp.merge(base, base, other) == (other, [])


@SETTINGS
@given(two_writers())
def test_edits_to_different_elements_merge_without_conflict(
    found: tuple[rp.Plan, Edits, Edits],
) -> None:
    base, ours, theirs = found
    assume(ours.edits and theirs.edits and ours.apart_from(theirs))
    merged, conflicts = rp.merge(base, ours.plan, theirs.plan)
    assert conflicts == []
    both = ours.plan
    for edit in theirs.edits:
        both = edit.apply(both)
    assert rp.diff(both, merged) == []
    assert rp.from_data(rp.to_data(merged)) == merged
