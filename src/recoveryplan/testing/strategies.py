"""Hypothesis strategies for valid ``recoveryplan/1`` plans of every shape.

A generated plan is valid as a document *and* as a plan: every id is unique across the whole
document, every person reference names the person, the service or a circle member, ``based_on``
names assessment items, ``supports`` names outcomes and goals, ``addresses`` names concerns of
the same risk plan, and ``sharing`` names each circle member at most once. So a test can
assert that nothing about a generated plan is ever reported as an error.

Callers that need to trace where text ends up (for example, that a section the person did not
consent to share never reaches a circle member's copy) pass their own ``text`` strategy, such
as one that draws unique marker strings, and ``plans(text=...)`` uses it for every free-text
field in the plan.

The knobs a plugin author needs: ``framework`` (domains and ratings from your own framework),
``max_depth``, ``max_goals`` and ``max_items`` (size), ``sections`` (which parts may be filled)
and ``consent`` (nobody, everybody or a drawn mixture sharing with the circle). Each part also
has a strategy of its own (:func:`outcomes`, :func:`risk_plans`, ...), valid on its own: it
refers only to the person and the service.

Every field of every model class is drawn from what the model says of it: its type, whether
it may be left out, its enumeration, and what it refers to (its ``refers_to`` metadata). A
field added to the model is generated from then on without a change here; only a new *kind*
of reference, or a value whose validity needs more than its type, is taught here, and a type
this module cannot draw is an error naming the field, never a field silently left out.

This module needs hypothesis: ``pip install 'recoveryplan[testing]'``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on what is installed
    from ..errors import MissingExtraError

    raise MissingExtraError.needing("testing") from error

from .._fields import default_value
from ..assessment import Assessment
from ..frameworks import Framework
from ..goals import Outcome
from ..people import CircleMember, Person
from ..plan import Plan
from ..ratings import Rating
from ..reviews import Review
from ..risk import RiskPlan
from ..safety import SafetyPlan
from ..sharing import Section, SharingConsent
from .drawing import CHIME_DOMAINS, RESERVED, Consent, Draw, Shape, build
from .values import (
    ID_STEMS,
    TRICKY_TEXTS,
    dates,
    extensions,
    ids,
    json_values,
    texts,
)

__all__ = [
    "CHIME_DOMAINS",
    "ID_STEMS",
    "SECTIONS",
    "TRICKY_TEXTS",
    "Consent",
    "assessments",
    "circle_members",
    "dates",
    "extensions",
    "ids",
    "json_values",
    "outcomes",
    "parts",
    "people",
    "plans",
    "ratings",
    "reviews",
    "risk_plans",
    "safety_plans",
    "texts",
]

T = TypeVar("T")

SECTIONS: tuple[str, ...] = (
    "service",
    "circle",
    "assessment",
    "outcomes",
    "ratings",
    "risk_plans",
    "safety_plan",
    "reviews",
    "sharing",
    "extensions",
)
"""The parts of a plan :func:`plans` may fill; ``sections=`` chooses among them."""


def plans(
    *,
    text: st.SearchStrategy[str] | None = None,
    max_depth: int = 7,
    max_goals: int = 16,
    max_items: int = 3,
    extension: st.SearchStrategy[dict[str, Any]] | None = None,
    framework: Framework | None = None,
    sections: Collection[str] | None = None,
    consent: Consent = "drawn",
) -> st.SearchStrategy[Plan]:
    """Valid plans: empty or full sections, goals nested up to ``max_depth`` levels deep.

    ``text`` draws every free-text field (names, statements, notes, list entries); ids, dates,
    enumerations and references are generated so that the plan stays valid whatever it draws.
    ``max_items`` bounds each list, ``max_goals`` the goals in a plan (the spine that reaches
    the drawn depth is always allowed, so deep plans are still generated). ``framework`` is
    the plan's framework (``chime`` when not given): domains and ratings come from it, and a
    framework without a rating scale gets no ratings. ``sections`` names the parts that may
    be filled (see :data:`SECTIONS`; the rest stay empty); ``consent`` says how the person
    shares with the circle.
    """
    chosen = set(SECTIONS if sections is None else sections)
    unknown = chosen - set(SECTIONS)
    if unknown:
        raise ValueError(f"no such sections: {', '.join(sorted(unknown))}; use: {SECTIONS}")
    if consent not in ("drawn", "none", "everything"):
        raise ValueError(f"consent is 'drawn', 'none' or 'everything', not {consent!r}")
    shape = Shape(framework, frozenset(chosen), consent, max_depth, max_goals)
    return _plan(
        text if text is not None else texts(),
        max_items,
        extension if extension is not None else extensions(),
        shape,
    )


def parts(
    cls: type[T],
    *,
    text: st.SearchStrategy[str] | None = None,
    max_depth: int = 3,
    max_goals: int = 8,
    max_items: int = 3,
    framework: Framework | None = None,
) -> st.SearchStrategy[T]:
    """Any part of a plan, of the model class ``cls`` (or a subclass of one that adds
    fields), valid on its own: it refers only to the person and the service, and to what it
    holds itself (a risk plan's safeguards address its own concerns)."""
    model: type = cls
    if not attrs.has(model):
        raise TypeError(f"parts() takes a class of the model, not {cls!r}")

    def make(d: Draw) -> T:
        built: T = _whole_plan(d, model) if issubclass(model, Plan) else build(d, model)
        return built

    return _part(make, text, max_items, framework, max_depth, max_goals)


def people(*, text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Person]:
    """The person a plan is about."""
    return parts(Person, text=text)


def circle_members(
    *, text: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[CircleMember]:
    """One member of the person's circle of support."""
    return parts(CircleMember, text=text)


def assessments(
    *,
    text: st.SearchStrategy[str] | None = None,
    max_items: int = 3,
    framework: Framework | None = None,
) -> st.SearchStrategy[Assessment]:
    """An assessment: strengths, hopes and needs in the voices of the person and others."""
    return parts(Assessment, text=text, max_items=max_items, framework=framework)


def outcomes(
    *,
    text: st.SearchStrategy[str] | None = None,
    max_depth: int = 3,
    max_goals: int = 8,
    max_items: int = 3,
    framework: Framework | None = None,
) -> st.SearchStrategy[Outcome]:
    """An outcome with small goals nested up to ``max_depth`` deep."""
    return parts(
        Outcome,
        text=text,
        max_depth=max_depth,
        max_goals=max_goals,
        max_items=max_items,
        framework=framework,
    )


def ratings(
    *, text: st.SearchStrategy[str] | None = None, framework: Framework | None = None
) -> st.SearchStrategy[Rating]:
    """A rating on one of the framework's domains, within its scale (``chime`` when not given)."""
    if framework is not None and framework.rating_scale is None:
        raise ValueError(f"the framework {framework.id!r} has no rating scale to rate on")
    return parts(Rating, text=text, framework=framework)


def risk_plans(
    *, text: st.SearchStrategy[str] | None = None, max_items: int = 3
) -> st.SearchStrategy[RiskPlan]:
    """A positive risk-taking plan (supporting no outcome, since none is drawn with it)."""
    return parts(RiskPlan, text=text, max_items=max_items)


def safety_plans(
    *, text: st.SearchStrategy[str] | None = None, max_items: int = 3
) -> st.SearchStrategy[SafetyPlan]:
    """A safety plan."""
    return parts(SafetyPlan, text=text, max_items=max_items)


def reviews(*, text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Review]:
    """A review of the plan."""
    return parts(Review, text=text)


def _part(
    make: Callable[[Draw], T],
    text: st.SearchStrategy[str] | None,
    max_items: int,
    framework: Framework | None,
    max_depth: int,
    max_goals: int,
) -> st.SearchStrategy[T]:
    shape = Shape(framework, frozenset(SECTIONS), "drawn", max_depth, max_goals)

    @st.composite
    def part(draw: st.DrawFn) -> T:
        d = Draw(draw, text if text is not None else texts(), max_items, "-", shape)
        d.extension = extensions(d.text)
        return make(d)

    return part()


# -- the plan --------------------------------------------------------------------------------


@st.composite
def _plan(
    draw: st.DrawFn,
    text: st.SearchStrategy[str],
    max_items: int,
    extension: st.SearchStrategy[dict[str, Any]],
    shape: Shape,
) -> Plan:
    # The separator keeps a drawn id such as "a1" from ever meeting a suffix such as "a-1".
    d = Draw(draw, text, max_items, draw(st.sampled_from(["-", ".", "_", "~"])), shape)
    d.extension = extension
    plan: Plan = _whole_plan(d, Plan)
    return plan


def _whole_plan(d: Draw, cls: type) -> Any:
    """A plan (of ``cls``, the model's or a subclass) with only the sections asked for, and
    the person's consent as asked for."""
    given: dict[str, Callable[[], Any]] = {
        field.name: functools.partial(default_value, field)
        for field in attrs.fields(cls)
        if field.name in SECTIONS and not d.allows(field.name)
    }
    if d.shape.scale is None:
        given["ratings"] = tuple
    if "sharing" not in given:
        given["sharing"] = lambda: _sharing(d)
    return build(d, cls, given)


def _sharing(d: Draw) -> tuple[SharingConsent, ...]:
    """The person's consent: with nobody, everything with everyone, or a drawn mixture; each
    circle member is named at most once, and only circle members are."""
    members = [ref for ref in d.named["person"] if ref not in RESERVED]
    if d.shape.consent == "none":
        return ()
    if d.shape.consent == "everything":
        return tuple(
            build(d, SharingConsent, {"member": _just(m), "sections": _just(tuple(Section))})
            for m in members
        )
    return tuple(build(d, SharingConsent, {"member": _just(m)}) for m in d.pick(members))


def _just(value: Any) -> Callable[[], Any]:
    return lambda: value
