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
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from hypothesis import strategies as st

import recoveryplan as rp

__all__ = [
    "CHIME_DOMAINS",
    "ID_STEMS",
    "TRICKY_TEXTS",
    "dates",
    "extensions",
    "ids",
    "json_values",
    "plans",
    "texts",
]

T = TypeVar("T")

CHIME_DOMAINS = ("connectedness", "hope", "identity", "meaning", "empowerment")
"""The domains of the ``chime`` framework, which every generated plan uses."""

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
) -> st.SearchStrategy[rp.Plan]:
    """Valid plans: empty or full sections, goals nested up to ``max_depth`` levels deep.

    ``text`` draws every free-text field (names, statements, notes, list entries); ids, dates,
    enumerations and references are generated so that the plan stays valid whatever it draws.
    ``max_items`` bounds each list, ``max_goals`` the goals in a plan (the spine that reaches
    the drawn depth is always allowed, so deep plans are still generated).
    """
    return _plan(
        text if text is not None else texts(),
        max_depth,
        max_goals,
        max_items,
        extension if extension is not None else extensions(),
    )


# -- the plan, section by section --------------------------------------------------------------


class _Draw:
    """What every section's builder needs: the draw, the text, fresh ids and the people."""

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
        return self.maybe(lambda: self.draw(st.sampled_from(CHIME_DOMAINS)))


@st.composite
def _plan(
    draw: st.DrawFn,
    text: st.SearchStrategy[str],
    max_depth: int,
    max_goals: int,
    max_items: int,
    extension: st.SearchStrategy[dict[str, Any]],
) -> rp.Plan:
    # The separator keeps a drawn id such as "a1" from ever meeting a suffix such as "a-1".
    d = _Draw(draw, text, max_items, prefix=draw(st.sampled_from(["-", ".", "_", "~"])))
    plan_id = d.new_id()
    person = _person(d)
    circle = d.many(lambda: _member(d))
    d.people.extend(member.id for member in circle)
    assessment = d.maybe(lambda: _assessment(d))
    items = [item.id for item in assessment.items] if assessment is not None else []
    budget = _Budget(max_goals)
    # Only the first outcome may go deep; the rest stay shallow so a plan stays a quick draw.
    depths = itertools.chain([max_depth], itertools.repeat(min(2, max_depth)))
    outcomes = d.many(lambda: _outcome(d, items, next(depths), budget))
    aims = [outcome.id for outcome in outcomes] + [
        goal_id for outcome in outcomes for goal_id in _goal_ids(outcome.goals)
    ]
    return rp.Plan(
        id=plan_id,
        framework="chime",
        person=person,
        service=d.maybe(
            lambda: rp.Service(name=d.words(), organisation=d.maybe_words()),
        ),
        created_on=d.maybe_date(),
        next_review_on=d.maybe_date(),
        circle=circle,
        assessment=assessment,
        outcomes=outcomes,
        ratings=d.many(lambda: _rating(d)),
        risk_plans=d.many(lambda: _risk_plan(d, aims)),
        safety_plan=d.maybe(lambda: _safety_plan(d)),
        reviews=d.many(lambda: _review(d)),
        sharing=_sharing(d, [member.id for member in circle]),
        extensions=draw(extension),
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
    return rp.Rating(
        on=d(dates()),
        domain=d(st.sampled_from(CHIME_DOMAINS)),
        value=d(st.integers(min_value=1, max_value=10)),
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
    return tuple(
        rp.SharingConsent(
            member=member,
            sections=tuple(d(st.lists(st.sampled_from(rp.Section), unique=True))),
            consented_on=d.maybe_date(),
        )
        for member in d.pick(members)
    )
