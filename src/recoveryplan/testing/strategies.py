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

This module needs hypothesis: ``pip install 'recoveryplan[testing]'``.
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Callable, Collection, Sequence
from datetime import date
from typing import Any, Literal, TypeAlias, TypeVar

try:
    from hypothesis import strategies as st
except ImportError as error:  # pragma: no cover - depends on what is installed
    from ..errors import MissingExtraError

    raise MissingExtraError.needing(
        "recoveryplan.testing.strategies", "hypothesis", "testing"
    ) from error

import recoveryplan as rp

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
    "people",
    "plans",
    "ratings",
    "reviews",
    "risk_plans",
    "safety_plans",
    "texts",
]

T = TypeVar("T")

CHIME_DOMAINS = ("connectedness", "hope", "identity", "meaning", "empowerment")
"""The domains of the ``chime`` framework, which generated plans use unless given another."""

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

Consent: TypeAlias = Literal["drawn", "none", "everything"]
"""How the person shares with the circle: a drawn mixture, with nobody, or everything with
every member."""

TRICKY_TEXTS = (
    "",
    " ",
    "Morag",
    "Ceòl agus òrain",
    "مرحبا، أنا هنا",  # right-to-left (Arabic)
    "שלום \u200fעולם",  # right-to-left (Hebrew) with a right-to-left mark
    "abc\u202edef\u202c",  # a bidi override that must not swallow what follows
    "🌱🏡👩‍👧‍👦 🇬🇧",  # emoji, a zero-width-joiner family and a flag
    "e\u0301\u0327 Zalgo: Z\u0351\u0352\u0353a\u0300\u0301",  # combining marks
    "<b>bold</b> <script>alert(1)</script>",
    "</textarea><img src=x onerror=alert(1)>",
    "{{ x }} {% if y %}z{% endif %} {# c #}",
    "${x} %(x)s {0} {x!r}",
    "# heading\n\n* list\n- item\n> quote\n```code```",
    "| a | b |\n|---|---|",
    "[link](javascript:alert(1)) ![img](x.png)",
    "_under_ *star* `tick` \\back\\slash",
    "&amp; &lt; &#x27; &nbsp;",
    "\"quotes\" 'single' `back`",
    "line one\nline two\r\nline three\ttab",
    "on",
    "yes",
    "no",
    "null",
    "~",
    "true",
    "2026-06-02",
    "12",
    "1e3",
    "- dash",
    ": colon",
    "key: value",
    "%PDF-1.7",
    "\u00a0non-breaking\u2007space\u202f",
    "zero\u200bwidth\u200cjoin\u200d",
    "\ufeffBOM at start",
    "a" * 300,
)
"""Text that has broken renderers and serialisers before: scripts, markup, templates, YAML."""


def texts(*, max_size: int = 40) -> st.SearchStrategy[str]:
    """Free text: any Unicode a plan may hold (never lone surrogates, which no UTF-8 document
    can hold, nor control characters other than tab and line breaks, which the model refuses).
    """
    characters = st.characters(exclude_categories=["Cs", "Cc"], include_characters="\t\n\r")
    return st.one_of(st.text(characters, max_size=max_size), st.sampled_from(TRICKY_TEXTS))


def dates() -> st.SearchStrategy[date]:
    """Any date the format can write: ISO dates from year 1 to year 9999."""
    return st.dates()


ID_STEMS = ("g", "goal", "oc", "st-cooking", "nd_2", "x1", "RP", "ĉefa", "名前", "مرحبا", "α-β")
"""Readable parts of ids, ASCII and not; :func:`plans` adds a suffix that makes each unique."""


def ids() -> st.SearchStrategy[str]:
    """The readable part of an id (one draw, so that big plans stay quick to generate)."""
    return st.sampled_from(ID_STEMS)


def json_values(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Any]:
    """Any JSON value (finite numbers only), nested, as an extension might hold."""
    words = text if text is not None else texts(max_size=12)
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63),
        st.floats(allow_nan=False, allow_infinity=False),
        words,
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(words, inner, max_size=4)
        ),
        max_leaves=12,
    )


def extensions(text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """Organisation-specific data keyed by reverse-DNS namespace, opaque to the library."""
    label = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)
    namespace = st.lists(label, min_size=2, max_size=4).map(".".join)
    return st.dictionaries(namespace, json_values(text), max_size=3)


def plans(
    *,
    text: st.SearchStrategy[str] | None = None,
    max_depth: int = 7,
    max_goals: int = 16,
    max_items: int = 3,
    extension: st.SearchStrategy[dict[str, Any]] | None = None,
    framework: rp.Framework | None = None,
    sections: Collection[str] | None = None,
    consent: Consent = "drawn",
) -> st.SearchStrategy[rp.Plan]:
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
    return _plan(
        text if text is not None else texts(),
        max_depth,
        max_goals,
        max_items,
        extension if extension is not None else extensions(),
        _Shape(framework, frozenset(chosen), consent),
    )


def people(*, text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[rp.Person]:
    """The person a plan is about."""
    return _part(_person, text)


def circle_members(
    *, text: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[rp.CircleMember]:
    """One member of the person's circle of support."""
    return _part(_member, text)


def assessments(
    *,
    text: st.SearchStrategy[str] | None = None,
    max_items: int = 3,
    framework: rp.Framework | None = None,
) -> st.SearchStrategy[rp.Assessment]:
    """An assessment: strengths, hopes and needs in the voices of the person and others."""
    return _part(_assessment, text, max_items, framework)


def outcomes(
    *,
    text: st.SearchStrategy[str] | None = None,
    max_depth: int = 3,
    max_goals: int = 8,
    max_items: int = 3,
    framework: rp.Framework | None = None,
) -> st.SearchStrategy[rp.Outcome]:
    """An outcome with small goals nested up to ``max_depth`` deep."""
    return _part(
        lambda d: _outcome(d, [], max_depth, _Budget(max_goals)), text, max_items, framework
    )


def ratings(
    *, text: st.SearchStrategy[str] | None = None, framework: rp.Framework | None = None
) -> st.SearchStrategy[rp.Rating]:
    """A rating on one of the framework's domains, within its scale (``chime`` when not given)."""
    if framework is not None and framework.rating_scale is None:
        raise ValueError(f"the framework {framework.id!r} has no rating scale to rate on")
    return _part(_rating, text, 3, framework)


def risk_plans(
    *, text: st.SearchStrategy[str] | None = None, max_items: int = 3
) -> st.SearchStrategy[rp.RiskPlan]:
    """A positive risk-taking plan (supporting no outcome, since none is drawn with it)."""
    return _part(lambda d: _risk_plan(d, []), text, max_items)


def safety_plans(
    *, text: st.SearchStrategy[str] | None = None, max_items: int = 3
) -> st.SearchStrategy[rp.SafetyPlan]:
    """A safety plan."""
    return _part(_safety_plan, text, max_items)


def reviews(*, text: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[rp.Review]:
    """A review of the plan."""
    return _part(_review, text)


def _part(
    make: Callable[[_Draw], T],
    text: st.SearchStrategy[str] | None,
    max_items: int = 3,
    framework: rp.Framework | None = None,
) -> st.SearchStrategy[T]:
    @st.composite
    def part(draw: st.DrawFn) -> T:
        d = _Draw(draw, text if text is not None else texts(), max_items, prefix="-")
        d.shape = _Shape(framework, frozenset(SECTIONS), "drawn")
        return make(d)

    return part()


# -- the plan, section by section --------------------------------------------------------------


class _Shape:
    """What the caller asked the plan to look like."""

    def __init__(
        self, framework: rp.Framework | None, sections: frozenset[str], consent: Consent
    ) -> None:
        self.framework_id = framework.id if framework is not None else "chime"
        self.domains = tuple(framework.domain_ids) if framework is not None else CHIME_DOMAINS
        scale = framework.rating_scale if framework is not None else rp.RatingScale(1, 10)
        self.scale = (scale.minimum, scale.maximum) if scale is not None else None
        self.sections = sections
        self.consent = consent


class _Draw:
    """What every section's builder needs: the draw, the text, fresh ids and the people."""

    shape: _Shape

    def __init__(
        self, draw: st.DrawFn, text: st.SearchStrategy[str], max_items: int, prefix: str
    ) -> None:
        self.draw = draw
        self.text = text
        self.max_items = max_items
        self.prefix = prefix
        self.counter = itertools.count(1)
        self.people: list[str] = ["person", "service"]
        self.bits = 0
        self.bits_left = 0

    def __call__(self, strategy: st.SearchStrategy[T]) -> T:
        return self.draw(strategy)

    def new_id(self) -> str:
        """An id no other part of this plan has (the counter makes it so, whatever is drawn)."""
        return f"{self.draw(ids())}{self.prefix}{next(self.counter)}"

    def words(self) -> str:
        return self.draw(self.text)

    def maybe(self, make: Callable[[], T]) -> T | None:
        """``make()`` or ``None``; the choices come 32 to a draw, which keeps generation quick.

        Shrinking the drawn number towards zero leaves optional fields out, so a failing plan
        still shrinks to a small one.
        """
        if not self.bits_left:
            self.bits = self.draw(st.integers(min_value=0, max_value=2**32 - 1))
            self.bits_left = 32
        present = self.bits & 1
        self.bits >>= 1
        self.bits_left -= 1
        return make() if present else None

    def maybe_words(self) -> str | None:
        return self.maybe(self.words)

    def maybe_date(self) -> date | None:
        return self.maybe(lambda: self.draw(dates()))

    def many(self, make: Callable[[], T], *, min_size: int = 0) -> tuple[T, ...]:
        count = self.draw(st.integers(min_value=min_size, max_value=max(min_size, self.max_items)))
        return tuple(make() for _ in range(count))

    def some_words(self) -> tuple[str, ...]:
        return self.many(self.words)

    def person_ref(self) -> str:
        return self.draw(st.sampled_from(self.people))

    def person_refs(self) -> tuple[str, ...]:
        return self.pick(self.people)

    def pick(self, choices: Sequence[T]) -> tuple[T, ...]:
        """A few distinct entries from ``choices``, in any order."""
        if not choices:
            return ()
        return tuple(
            self.draw(st.lists(st.sampled_from(choices), unique=True, max_size=self.max_items))
        )

    def domain(self) -> str | None:
        domains = self.shape.domains
        return self.maybe(lambda: self.draw(st.sampled_from(domains))) if domains else None

    def allows(self, section: str) -> bool:
        """Whether the caller lets this section of the plan be filled."""
        return section in self.shape.sections


@st.composite
def _plan(
    draw: st.DrawFn,
    text: st.SearchStrategy[str],
    max_depth: int,
    max_goals: int,
    max_items: int,
    extension: st.SearchStrategy[dict[str, Any]],
    shape: _Shape,
) -> rp.Plan:
    # The separator keeps a drawn id such as "a1" from ever meeting a suffix such as "a-1".
    d = _Draw(draw, text, max_items, prefix=draw(st.sampled_from(["-", ".", "_", "~"])))
    d.shape = shape
    plan_id = d.new_id()
    person = _person(d)
    circle = d.many(lambda: _member(d)) if d.allows("circle") else ()
    d.people.extend(member.id for member in circle)
    assessment = d.maybe(lambda: _assessment(d)) if d.allows("assessment") else None
    items = [item.id for item in assessment.items] if assessment is not None else []
    budget = _Budget(max_goals)
    # Only the first outcome may go deep; the rest stay shallow so a plan stays a quick draw.
    depths = itertools.chain([max_depth], itertools.repeat(min(2, max_depth)))
    outcomes: tuple[rp.Outcome, ...] = ()
    if d.allows("outcomes"):
        outcomes = d.many(lambda: _outcome(d, items, next(depths), budget))
    aims = [outcome.id for outcome in outcomes] + [
        goal_id for outcome in outcomes for goal_id in _goal_ids(outcome.goals)
    ]
    rated = d.allows("ratings") and shape.scale is not None
    return rp.Plan(
        id=plan_id,
        framework=shape.framework_id,
        person=person,
        service=d.maybe(lambda: rp.Service(name=d.words(), organisation=d.maybe_words()))
        if d.allows("service")
        else None,
        created_on=d.maybe_date(),
        next_review_on=d.maybe_date(),
        circle=circle,
        assessment=assessment,
        outcomes=outcomes,
        ratings=d.many(lambda: _rating(d)) if rated else (),
        risk_plans=d.many(lambda: _risk_plan(d, aims)) if d.allows("risk_plans") else (),
        safety_plan=d.maybe(lambda: _safety_plan(d)) if d.allows("safety_plan") else None,
        reviews=d.many(lambda: _review(d)) if d.allows("reviews") else (),
        sharing=_sharing(d, [m.id for m in circle]) if d.allows("sharing") else (),
        extensions=draw(extension) if d.allows("extensions") else {},
    )


def _person(d: _Draw) -> rp.Person:
    return rp.Person(
        id=d.new_id(),
        name=d.words(),
        preferred_name=d.maybe_words(),
        pronouns=d.maybe_words(),
        date_of_birth=d.maybe_date(),
        language=d.maybe(lambda: d(st.sampled_from(["en-GB", "gd", "ar", "he", "pl", "ur"]))),
        communication=d.some_words(),
    )


def _member(d: _Draw) -> rp.CircleMember:
    return rp.CircleMember(
        id=d.new_id(),
        name=d.words(),
        relationship=d.maybe_words(),
        role=d(st.sampled_from(rp.Role)),
        contact=d.maybe_words(),
    )


def _assessment(d: _Draw) -> rp.Assessment:
    return rp.Assessment(
        on=d.maybe_date(),
        participants=d.person_refs(),
        items=d.many(lambda: _item(d)),
    )


def _item(d: _Draw) -> rp.AssessmentItem:
    return rp.AssessmentItem(
        id=d.new_id(),
        kind=d(st.sampled_from(rp.ItemKind)),
        domain=d.domain(),
        text=d.words(),
        voice=d(st.sampled_from(rp.Voice)),
        raised_by=d.maybe(d.person_ref),
        statutory_basis=d.maybe_words(),
        private=d(st.booleans()),
        answer=d.maybe_words(),
    )


class _Budget:
    """How many more goals a plan may hold (beyond the spine that reaches the drawn depth)."""

    def __init__(self, goals: int) -> None:
        self.left = goals

    def take(self, wanted: int) -> int:
        granted = min(wanted, self.left)
        self.left -= granted
        return granted


def _outcome(d: _Draw, items: list[str], max_depth: int, budget: _Budget) -> rp.Outcome:
    depth = d(st.integers(min_value=0, max_value=max_depth))
    return rp.Outcome(
        id=d.new_id(),
        statement=d.words(),
        domain=d.domain(),
        based_on=d.pick(items),
        target_on=d.maybe_date(),
        status=d(st.sampled_from(rp.Status)),
        achieved_on=d.maybe_date(),
        status_note=d.maybe_words(),
        goals=_goals(d, 1, depth, budget),
    )


def _goals(d: _Draw, level: int, depth: int, budget: _Budget) -> tuple[rp.Goal, ...]:
    """The goals at ``level``; the first one carries on down to ``depth`` (the spine)."""
    if level > depth:
        return ()
    extra = budget.take(d(st.integers(min_value=0, max_value=2)))
    goals = [_goal(d, level, depth, budget)]
    goals.extend(
        _goal(d, level, d(st.integers(min_value=level, max_value=depth)), budget)
        for _ in range(extra)
    )
    return tuple(goals)


def _goal(d: _Draw, level: int, depth: int, budget: _Budget) -> rp.Goal:
    return rp.Goal(
        id=d.new_id(),
        statement=d.words(),
        status=d(st.sampled_from(rp.Status)),
        due_on=d.maybe_date(),
        achieved_on=d.maybe_date(),
        status_note=d.maybe_words(),
        support=d.many(lambda: rp.SupportAction(by=d.person_ref(), action=d.words())),
        celebration=d.maybe_words(),
        goals=_goals(d, level + 1, depth, budget),
    )


def _goal_ids(goals: tuple[rp.Goal, ...]) -> list[str]:
    return [found for goal in goals for found in (goal.id, *_goal_ids(goal.goals))]


def _rating(d: _Draw) -> rp.Rating:
    assert d.shape.scale is not None
    low, high = d.shape.scale
    return rp.Rating(
        on=d(dates()),
        domain=d(st.sampled_from(d.shape.domains)),
        value=d(st.integers(min_value=low, max_value=high)),
        by=d.person_ref(),
        note=d.maybe_words(),
    )


def _risk_plan(d: _Draw, aims: list[str]) -> rp.RiskPlan:
    concerns = d.many(
        lambda: rp.Concern(
            id=d.new_id(),
            description=d.words(),
            likelihood=d(st.sampled_from(rp.Likelihood)),
            severity=d(st.sampled_from(rp.Severity)),
        )
    )
    concern_ids = [concern.id for concern in concerns]
    return rp.RiskPlan(
        id=d.new_id(),
        activity=d.words(),
        supports=d.pick(aims),
        benefits=d.some_words(),
        if_not_done=d.maybe_words(),
        concerns=concerns,
        persons_view=d.maybe_words(),
        capacity=d.maybe(
            lambda: rp.Capacity(status=d(st.sampled_from(rp.CapacityStatus)), note=d.maybe_words())
        ),
        safeguards=d.many(
            lambda: rp.Safeguard(
                id=d.new_id(), action=d.words(), by=d.person_ref(), addresses=d.pick(concern_ids)
            )
        ),
        contingency=d.maybe_words(),
        decision=d.maybe(
            lambda: rp.Decision(
                status=d(st.sampled_from(rp.DecisionStatus)),
                on=d.maybe_date(),
                agreed_by=d.person_refs(),
                dissent=d.many(lambda: rp.Dissent(by=d.person_ref(), note=d.words())),
            )
        ),
        review_on=d.maybe_date(),
    )


def _safety_plan(d: _Draw) -> rp.SafetyPlan:
    return rp.SafetyPlan(
        warning_signs=d.some_words(),
        coping_strategies=d.some_words(),
        distractions=d.many(lambda: rp.Distraction(what=d.words(), who=d.maybe(d.person_ref))),
        people_to_ask=d.person_refs(),
        professionals=d.many(lambda: rp.Professional(name=d.words(), contact=d.words())),
        safer_environment=d.some_words(),
        reasons_for_living=d.some_words(),
    )


def _review(d: _Draw) -> rp.Review:
    return rp.Review(
        on=d(dates()),
        attendees=d.person_refs(),
        went_well=d.maybe_words(),
        changed=d.maybe_words(),
        next=d.maybe_words(),
    )


def _sharing(d: _Draw, members: list[str]) -> tuple[rp.SharingConsent, ...]:
    if d.shape.consent == "none":
        return ()
    if d.shape.consent == "everything":
        return tuple(
            rp.SharingConsent(member=member, sections=tuple(rp.Section), consented_on=None)
            for member in members
        )
    return tuple(
        rp.SharingConsent(
            member=member,
            sections=tuple(d(st.lists(st.sampled_from(rp.Section), unique=True))),
            consented_on=d.maybe_date(),
        )
        for member in d.pick(members)
    )
