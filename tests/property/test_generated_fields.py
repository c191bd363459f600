"""The test kit's strategies draw every field the model declares, from the model itself.

A field never generated is a field no round-trip property can notice going missing (from
FHIR, from the format, from a rendering), so these tests fail for any field of any model
class that generated plans never fill, and show that a field added to a model class is drawn
without any change to the strategies.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan._fields import (
    default_value,
    meaning,
    model_classes,
    refers_to,
    type_hints,
    types_in,
)
from recoveryplan._walking import walk
from recoveryplan.testing import strategies
from recoveryplan.testing.drawing import TARGETS, Draw, Shape, build

T = TypeVar("T")

MODEL = model_classes(rp.Plan)
"""Every class of the model, the plan first (whole plans are drawn by ``plans()``)."""


def model_parts(part: Any) -> Iterator[Any]:
    """``part`` and every model object inside it, depth first."""
    return (value for _, value, _, _ in walk(part) if attrs.has(type(value)))


def filled(part: Any) -> Iterator[tuple[type, str]]:
    """The fields of ``part`` and of everything in it that hold something other than their
    default (for a list, at least one entry; for a flag, the other value)."""
    for found in model_parts(part):
        for field in attrs.fields(type(found)):
            value = getattr(found, field.name)
            if field.default is attrs.NOTHING or value != default_value(field):
                yield type(found), field.name


def every_field() -> set[tuple[type, str]]:
    return {(cls, field.name) for cls in MODEL for field in attrs.fields(cls)}


class _AllSeen(Exception):
    """Every field wanted has been drawn: the examples left could only add to what is seen."""


def fields_drawn(
    strategy: st.SearchStrategy[Any], examples: int, wanted: set[tuple[type, str]]
) -> set[tuple[type, str]]:
    """The fields that ``examples`` parts drawn from ``strategy`` fill (the same parts every
    run), drawn only until every field ``wanted`` is among them."""
    seen: set[tuple[type, str]] = set()

    @settings(
        max_examples=examples,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        derandomize=True,  # the same examples every run: a rare field is not a flaky test
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(part: Any) -> None:
        seen.update(filled(part))
        if wanted <= seen:
            raise _AllSeen

    with contextlib.suppress(_AllSeen):
        collect()
    return seen


def test_generated_plans_fill_every_field_of_every_model_class() -> None:
    wanted = every_field()
    missing = wanted - fields_drawn(strategies.plans(), 300, wanted)
    assert not missing, sorted(f"{cls.__name__}.{name}" for cls, name in missing)


def fields_of(root: type) -> set[tuple[type, str]]:
    """Every field of ``root`` and of the classes inside it that a part drawn on its own can
    fill: all but references to parts it cannot hold (a risk plan alone has no outcomes for
    ``supports`` to name; its safeguards do have its concerns)."""
    inside = model_classes(root)

    def can_name(field: attrs.Attribute[Any]) -> bool:
        kind = refers_to(field) or "person"  # "person" and "service" are always there
        targets = inside if kind == "person" else TARGETS.get(kind, inside)
        return any(target in inside for target in targets)

    def must_name_outside(cls: type) -> bool:
        """A part that must refer to something ``root`` cannot hold (a review's decision,
        about a goal): inside ``root`` a list of them stays empty."""
        return cls is not root and any(
            field.default is attrs.NOTHING and refers_to(field) and not can_name(field)
            for field in attrs.fields(cls)
        )

    found = set()
    for cls in inside:
        if must_name_outside(cls):
            continue
        for field in attrs.fields(cls):
            held = [t for t in types_in(type_hints(cls)[field.name]) if attrs.has(t)]
            if can_name(field) and not any(must_name_outside(t) for t in held):
                found.add((cls, field.name))
    return found


@pytest.mark.parametrize("cls", MODEL[1:], ids=lambda cls: cls.__name__)
def test_each_part_drawn_alone_fills_every_field_it_can(cls: type) -> None:
    wanted = fields_of(cls)
    missing = wanted - fields_drawn(strategies.parts(cls), 80, wanted)
    assert not missing, sorted(f"{cls.__name__}.{name}" for cls, name in missing)


class EveryChoice(Draw):
    """A draw that takes every optional value and names at least one of whatever a reference
    list may name, so what a part holds is there by construction, whatever hypothesis draws."""

    def maybe(self, make: Callable[[], T]) -> T | None:
        return make()

    def many(self, make: Callable[[], T]) -> tuple[T, ...]:
        return (make(), *super().many(make))

    def pick(self, choices: Sequence[T]) -> tuple[T, ...]:
        if not choices:
            return ()
        return (choices[0], *(c for c in super().pick(choices) if c != choices[0]))


def every_choice(cls: type) -> st.SearchStrategy[Any]:
    """``cls`` built as :func:`strategies.parts` builds it, with every choice taken."""
    shape = Shape(None, frozenset(strategies.SECTIONS), "drawn", 3, 8)

    @st.composite
    def part(draw: st.DrawFn) -> Any:
        return build(EveryChoice(draw, strategies.texts(), 3, "-", shape), cls)

    return part()


@pytest.mark.parametrize("cls", [rp.Decision, rp.RiskPlan], ids=lambda cls: cls.__name__)
def test_when_and_by_whom_a_risk_is_decided_are_drawn_by_construction(cls: type) -> None:
    """A decision's date and who agreed are optional, and a risk plan's decision is too: drawn
    at random they are rare, so every part drawn here holds them by construction, never by
    the luck of a seed."""
    wanted = {(rp.Decision, "on"), (rp.Decision, "agreed_by")}
    assert wanted <= fields_of(cls)

    @settings(max_examples=20, database=None, deadline=None)
    @given(every_choice(cls))
    def each(part: Any) -> None:
        missing = wanted - set(filled(part))
        assert not missing, sorted(f"{cls.__name__}.{name}" for cls, name in missing)

    each()


@pytest.mark.parametrize(
    ("strategy", "cls"),
    [
        (strategies.people(), rp.Person),
        (strategies.circle_members(), rp.CircleMember),
        (strategies.assessments(), rp.Assessment),
        (strategies.outcomes(), rp.Outcome),
        (strategies.ratings(), rp.Rating),
        (strategies.risk_plans(), rp.RiskPlan),
        (strategies.safety_plans(), rp.SafetyPlan),
        (strategies.reviews(), rp.Review),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_the_named_part_strategies_fill_every_field_of_their_part(
    strategy: st.SearchStrategy[Any], cls: type
) -> None:
    wanted = fields_of(cls)
    missing = wanted - fields_drawn(strategy, 60, wanted)
    assert not missing, sorted(f"{cls.__name__}.{name}" for cls, name in missing)


@attrs.frozen(kw_only=True)
class ReviewWithMood(rp.Review):
    """A review with a field the strategies have never heard of."""

    mood: str | None = attrs.field(default=None, metadata=meaning("How the meeting felt."))
    helped: tuple[str, ...] = attrs.field(
        default=(), metadata=meaning("Who helped.", refers_to="person")
    )


def test_a_field_added_to_a_model_class_is_drawn_without_teaching_the_strategies() -> None:
    wanted: set[tuple[type, str]] = {(ReviewWithMood, "mood"), (ReviewWithMood, "helped")}
    assert wanted <= fields_drawn(strategies.parts(ReviewWithMood), 60, wanted)


@given(strategies.parts(ReviewWithMood))
@settings(max_examples=30)
def test_a_new_reference_field_names_only_what_a_plan_can_name(review: ReviewWithMood) -> None:
    assert set(review.helped) <= {"person", "service"}


@attrs.frozen(kw_only=True)
class ReviewWithScore(rp.Review):
    score: float = attrs.field(default=0.0, metadata=meaning("A score."))


@attrs.frozen(kw_only=True)
class ReviewWithRoom(rp.Review):
    room: str | None = attrs.field(default=None, metadata=meaning("Where.", refers_to="room"))


@pytest.mark.parametrize(
    ("cls", "said"),
    [
        (ReviewWithScore, "ReviewWithScore.score is of a type the strategies cannot draw"),
        (ReviewWithRoom, "ReviewWithRoom.room refers to 'room', which the strategies cannot"),
    ],
)
def test_a_field_the_strategies_cannot_draw_is_named_never_left_out(cls: type, said: str) -> None:
    @given(strategies.parts(cls))
    @settings(max_examples=1, database=None)
    def draw(part: Any) -> None:
        raise AssertionError("drawn without a value for the new field")

    with pytest.raises(TypeError, match=said):
        draw()


def test_every_kind_of_reference_in_the_model_is_one_the_strategies_can_name() -> None:
    kinds = {kind for cls in MODEL for field in attrs.fields(cls) if (kind := refers_to(field))}
    assert kinds <= {*TARGETS, "domain"}


@given(st.sampled_from(MODEL).flatmap(lambda cls: strategies.parts(cls)))
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_any_model_class_can_be_drawn_on_its_own(part: Any) -> None:
    assert type(part) in MODEL
