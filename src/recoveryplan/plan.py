"""A person's recovery plan, and the edits an embedding system makes to it.

Plans are immutable: every edit returns a new plan, so a case-management system can keep the
version it loaded, compare, and save only what a person has confirmed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Collection, Iterator, Mapping
from datetime import date
from functools import cache
from typing import Any, TypeAlias, overload

import attrs

from . import editing, review_decisions
from ._checks import Checked
from ._fields import (
    EVERY_READER,
    MAX_GOAL_DEPTH,
    NO_MEMBER,
    OWN_ENTRIES,
    meaning,
    refers_to,
    shapes,
)
from ._frozen import FrozenDict
from ._typed import Items
from ._values import date_argument
from ._walking import all_within, reaching, replaced
from .agreement import Agreement
from .assessment import Assessment, AssessmentItem
from .errors import PlanValueError, UnknownReferenceError
from .goals import Goal, GoalPlace, Outcome, Status, goals_under, nested_deeper_than, walk_goals
from .messages import gettext
from .part_names import a_part
from .people import CircleMember, Person, Service
from .ratings import Rating
from .reviews import Review
from .risk import Concern, RiskPlan, Safeguard
from .safety import SafetyPlan
from .sharing import Section, SharingConsent

__all__ = ["FORMAT", "IDENTIFIED", "GoalPlace", "Identified", "Plan", "Reference"]

FORMAT = "recoveryplan/1"
"""The format version this library reads and writes."""

Identified: TypeAlias = (
    CircleMember | AssessmentItem | Outcome | Goal | RiskPlan | Concern | Safeguard
)
"""Every part of a plan that has an ``id`` (ids are unique across the whole document)."""


@attrs.frozen(kw_only=True)
class Reference:
    """One place where a plan refers to something by id or person reference."""

    path: str
    value: str
    owner: Any
    field: str


IDENTIFIED: tuple[type, ...] = (
    CircleMember,
    AssessmentItem,
    Outcome,
    Goal,
    RiskPlan,
    Concern,
    Safeguard,
)


@attrs.frozen(kw_only=True)
class Plan(Checked):
    """One person's recovery plan (a ``recoveryplan/1`` document)."""

    id: str = attrs.field(
        metadata=meaning("The plan's id, unique across the whole document.", shown_to=EVERY_READER)
    )
    framework: str = attrs.field(
        metadata=meaning(
            "The id of the outcomes framework whose domains this plan uses, such as `chime`, "
            "`talking-points` or `shanarri`; plugins register others.",
            shown_to=EVERY_READER,
        )
    )
    person: Person = attrs.field(
        metadata=meaning("The person the plan belongs to.", shown_to=EVERY_READER)
    )
    service: Service | None = attrs.field(
        default=None,
        metadata=meaning("The service that supports the person.", shown_to=EVERY_READER),
    )
    created_on: date | None = attrs.field(
        default=None,
        metadata=meaning("When the plan was first written.", shown_to=EVERY_READER),
    )
    next_review_on: date | None = attrs.field(
        default=None,
        metadata=meaning(
            "When the plan is next due to be reviewed with the person.",
            shown_to=Section.REVIEWS,
        ),
    )
    circle: tuple[CircleMember, ...] = attrs.field(
        converter=Items[CircleMember],
        default=(),
        metadata=meaning(
            "The people around the person: carers, family, friends, peers, staff, "
            "professionals and advocates. Anyone the plan refers to is the person, the "
            "service, or one of them.",
            shown_to=Section.CIRCLE,
        ),
    )
    assessment: Assessment | None = attrs.field(
        default=None,
        metadata=meaning(
            "The strengths-based assessment conversation.", shown_to=Section.ASSESSMENT
        ),
    )
    outcomes: tuple[Outcome, ...] = attrs.field(
        converter=Items[Outcome],
        default=(),
        metadata=meaning(
            "Longer-term outcomes, in the person's own words, with their small goals.",
            shown_to=Section.OUTCOMES,
        ),
    )
    ratings: tuple[Rating, ...] = attrs.field(
        converter=Items[Rating],
        default=(),
        metadata=meaning(
            "The person's own ratings of the framework's domains, over time.",
            shown_to=Section.RATINGS,
        ),
    )
    risk_plans: tuple[RiskPlan, ...] = attrs.field(
        converter=Items[RiskPlan],
        default=(),
        metadata=meaning(
            "Positive risk-taking plans, each starting from what the person wants to do.",
            shown_to=Section.RISK_PLANS,
        ),
    )
    safety_plan: SafetyPlan | None = attrs.field(
        default=None,
        metadata=meaning(
            "What the person does when things get hard.", shown_to=Section.SAFETY_PLAN
        ),
    )
    reviews: tuple[Review, ...] = attrs.field(
        converter=Items[Review],
        default=(),
        metadata=meaning("Review meetings, oldest first.", shown_to=Section.REVIEWS),
    )
    agreements: tuple[Agreement, ...] = attrs.field(
        converter=Items[Agreement],
        default=(),
        metadata=meaning(
            "The days the plan was agreed, and by whom, oldest first.", shown_to=Section.REVIEWS
        ),
    )
    sharing: tuple[SharingConsent, ...] = attrs.field(
        converter=Items[SharingConsent],
        default=(),
        metadata=meaning(
            "The person's consent: which sections each circle member may see. Anyone not "
            "listed sees nothing.",
            shown_to=OWN_ENTRIES,
        ),
    )
    extensions: Mapping[str, Any] = attrs.field(
        factory=FrozenDict,
        metadata=meaning(
            "Organisation-specific data, keyed by a reverse-DNS namespace such as "
            "`org.riverside`. The library never reads it and keeps it exactly as it was.",
            shown_to=NO_MEMBER,
        ),
    )

    def __check__(self) -> None:
        if not nested_deeper_than(self.outcomes, MAX_GOAL_DEPTH):
            return
        # Only now is each goal's place worked out, to say where the first one too deep is;
        # a plan that is fine has its places worked out when a reader first asks for them.
        for place in self._walk_goals():
            if place.depth > MAX_GOAL_DEPTH:
                raise PlanValueError(
                    "Plan.outcomes: "
                    + gettext(
                        "small goals are nested more than %(most)s levels deep under an "
                        "outcome, the most a plan holds; move some small goals up a level"
                    )
                    % {"most": MAX_GOAL_DEPTH},
                    path=place.path,
                )

    # -- reading ---------------------------------------------------------------------------

    def walk_goals(self) -> Iterator[GoalPlace]:
        """Every goal, depth first in document order, with its outcome, parent and depth."""
        places = _derived(self).get("goals")
        if places is None:
            places = _derived(self)["goals"] = tuple(self._walk_goals())
        return iter(places)

    def _walk_goals(self) -> Iterator[GoalPlace]:
        for o_index, outcome in enumerate(self.outcomes):
            yield from walk_goals(outcome, f"$.outcomes[{o_index}]")

    def identified(self) -> Iterator[tuple[str, Identified]]:
        """Every ``(json_path, part)`` that has an id, in document order."""
        parts = _derived(self).get("identified")
        if parts is None:
            parts = _derived(self)["identified"] = tuple(self._identified())
        return iter(parts)

    def _identified(self) -> Iterator[tuple[str, Identified]]:
        for i, member in enumerate(self.circle):
            yield f"$.circle[{i}]", member
        if self.assessment is not None:
            for i, item in enumerate(self.assessment.items):
                yield f"$.assessment.items[{i}]", item
        goals = iter(self.walk_goals())
        place = next(goals, None)
        for o_index, outcome in enumerate(self.outcomes):
            yield f"$.outcomes[{o_index}]", outcome
            while place is not None and place.outcome is outcome:
                yield place.path, place.goal
                place = next(goals, None)
        for r, risk in enumerate(self.risk_plans):
            yield f"$.risk_plans[{r}]", risk
            for c, concern in enumerate(risk.concerns):
                yield f"$.risk_plans[{r}].concerns[{c}]", concern
            for s, safeguard in enumerate(risk.safeguards):
                yield f"$.risk_plans[{r}].safeguards[{s}]", safeguard

    def index(self) -> dict[str, Identified]:
        """Every part with an id, by id (the first wins where ids are duplicated)."""
        return dict(parts_by_id(self))

    def find(self, id: str) -> Identified:
        """The part of the plan with this id; :class:`UnknownReferenceError` if there is none."""
        for _, part in self.identified():
            if part.id == id:
                return part
        raise UnknownReferenceError(editing.nothing_has(self, id))

    def goal(self, id: str) -> Goal:
        """The small goal with this id, at any depth."""
        return editing.find(self, id, Goal)

    def outcome(self, id: str) -> Outcome:
        return editing.find(self, id, Outcome)

    def item(self, id: str) -> AssessmentItem:
        """The assessment item with this id."""
        return editing.find(self, id, AssessmentItem)

    def risk_plan(self, id: str) -> RiskPlan:
        return editing.find(self, id, RiskPlan)

    def concern(self, id: str) -> Concern:
        return editing.find(self, id, Concern)

    def safeguard(self, id: str) -> Safeguard:
        return editing.find(self, id, Safeguard)

    def rating(self, domain: str, on: date, by: str = "person") -> Rating:
        """The rating of ``domain`` given by ``by`` on the day ``on``."""
        return editing.find_keyed(self, Rating, ("rating", domain, on, by))

    def review(self, on: date) -> Review:
        """The review held on the day ``on``."""
        return editing.find_keyed(self, Review, ("review", on))

    def sharing_with(self, member: str) -> SharingConsent:
        """What the person shares with the circle member ``member``."""
        return editing.find_keyed(self, SharingConsent, ("sharing", member))

    def member(self, id: str) -> CircleMember:
        """The circle member with this id."""
        for member in self.circle:
            if member.id == id:
                return member
        # Translators: %(id)s is the id asked for and %(plan)s the plan's id, quoted; %(known)s
        # lists the circle's ids, kept as they are.
        raise UnknownReferenceError(
            gettext("%(id)s is not in the circle of plan %(plan)s (circle ids: %(known)s)")
            % {
                "id": repr(id),
                "plan": repr(self.id),
                # Translators: in place of a list of ids, when there are none.
                "known": ", ".join(m.id for m in self.circle) or gettext("none"),
            }
        )

    def name_of(self, ref: str) -> str:
        """The name to show for a person reference: the person, the service or a member."""
        if ref == "person":
            return self.person.called
        if ref == "service":
            return self.service.name if self.service is not None else "the service"
        return self.member(ref).name

    def references(self, kind: str = "person") -> Iterator[Reference]:
        """Every place the plan refers to something of ``kind``, in document order.

        ``kind`` is what the fields' metadata says they refer to: ``"person"`` (the person,
        the service or a circle member), ``"assessment item"``, ``"aim"`` (an outcome or small
        goal) or ``"concern"``. This is the one walk over the plan's references; the integrity
        checks and consent redaction both use it.
        """
        key = f"references {kind}"
        found = _derived(self).get(key)
        if found is None:
            found = _derived(self)[key] = tuple(self._references(kind))
        return iter(found)

    def _references(self, kind: str) -> Iterator[Reference]:
        for path, owner, field, value in reaching(self, "$", _refers(kind)):
            if type(value) is tuple:
                for i, item in enumerate(value):
                    yield Reference(path=f"{path}[{i}]", value=item, owner=owner, field=field)
            elif value is not None:
                yield Reference(path=path, value=value, owner=owner, field=field)

    # -- editing (each returns a new plan) -------------------------------------------------

    @overload
    def add(self, part: editing.Nested, *, under: str) -> Plan: ...

    @overload
    def add(self, part: editing.TopLevel, *, under: None = None) -> Plan: ...

    def add(self, part: editing.Part, *, under: str | None = None) -> Plan:
        """The plan with ``part`` added last in its list; a small goal goes ``under`` an
        outcome or goal, a concern or safeguard under a risk plan (see
        :mod:`recoveryplan.editing`). A review's decisions are applied as by
        :meth:`with_review`."""
        added = editing.add(self, part, under)
        return _decided(added, part) if isinstance(part, Review) else added

    def replace(self, part: editing.Part) -> Plan:
        """The plan with the part that has ``part``'s id (or, for a rating, a review or a
        sharing entry, what identifies it) replaced by ``part``, where it was."""
        return editing.replace(self, part)

    def remove(self, target: str | editing.Part) -> Plan:
        """The plan without the part with the id ``target`` (or the rating, review or sharing
        entry ``target``) and what is under it; refused while anything refers to it."""
        return editing.remove(self, target)

    def evolve_item(self, id: str, **changes: Any) -> Plan:
        """The plan with the part whose id is ``id`` changed: ``evolve_item("g-bus", due_on=…)``.

        Any part that has an id can be changed this way (circle members, assessment items,
        outcomes, small goals at any depth, risk plans, concerns and safeguards); the new
        values are checked exactly as a new part's would be.
        """
        if type(id) is not str:
            raise TypeError(f"evolve_item() takes the part's id as text, not {type(id).__name__}")

        def change(part: Any) -> Any:
            names = {field.name for field in attrs.fields(type(part))}
            unknown = sorted(set(changes) - names)
            if unknown:
                # Translators: %(part)s names the kind of part ("a small goal"); %(id)s is its
                # id, %(field)s the field asked for, quoted, and %(fields)s lists the fields'
                # names: code, kept as they are.
                raise PlanValueError(
                    gettext(
                        "the part with the id %(id)s is %(part)s, which has no field %(field)s; "
                        "its fields are: %(fields)s"
                    )
                    % {
                        "id": repr(id),
                        "part": a_part(type(part)),
                        "field": repr(unknown[0]),
                        "fields": ", ".join(sorted(names)),
                    }
                )
            return attrs.evolve(part, **changes)

        return self._replace(id, change, IDENTIFIED)

    def with_goal_status(self, id: str, status: Status | str, on: date | None = None) -> Plan:
        """Set the status of the goal or outcome ``id``.

        ``on`` is the day it was achieved and is kept only for ``achieved``; leaving a goal
        achieved without a date is a practice warning, so pass it when you know it.
        """
        new_status = _status(status)
        if on is not None:
            on = date_argument("on", on)

        def change(part: Goal | Outcome) -> Goal | Outcome:
            achieved_on = (on or part.achieved_on) if new_status is Status.ACHIEVED else None
            return attrs.evolve(part, status=new_status, achieved_on=achieved_on)

        return self._replace(id, change, (Goal, Outcome))

    def with_goal(self, parent_id: str, goal: Goal) -> Plan:
        """Add ``goal`` as the last small goal under the outcome or goal ``parent_id``."""
        if not isinstance(goal, Goal):
            raise TypeError(f"with_goal() takes a Goal, not {type(goal).__name__}")
        taken = self.index()
        seen: set[str] = set()
        home = self._outcome_of(parent_id)
        inside = (place.goal.id for place in walk_goals(goal, outcome=home))
        for new_id in (goal.id, *inside):
            if new_id in taken:
                raise PlanValueError(
                    gettext("the id %(id)s is already used in plan %(plan)s")
                    % {"id": repr(new_id), "plan": repr(self.id)}
                )
            if new_id in seen:
                raise PlanValueError(
                    gettext("the id %(id)s is used twice in the new goal") % {"id": repr(new_id)}
                )
            seen.add(new_id)

        def add(part: Goal | Outcome) -> Goal | Outcome:
            return attrs.evolve(part, goals=(*part.goals, goal))

        return self._replace(parent_id, add, (Goal, Outcome))

    def _outcome_of(self, id: str) -> Outcome:
        """The outcome that is, or holds, the outcome or goal ``id``."""
        for outcome in self.outcomes:
            if outcome.id == id:
                return outcome
        for place in self.walk_goals():
            if place.goal.id == id:
                return place.outcome
        raise UnknownReferenceError(_no_outcome_or_goal(self.id, id))

    def with_review(self, review: Review, next_review_on: date | None = None) -> Plan:
        """Record a review meeting, and optionally when the next one is due.

        When it is the latest review, its decisions are applied to what they are about (see
        :mod:`recoveryplan.review_decisions`): a goal decided achieved is achieved on the
        review's date, a new date moves its due date, and so on. An earlier review recorded
        late changes nothing the later ones decided.
        """
        if not isinstance(review, Review):
            raise TypeError(f"with_review() takes a Review, not {type(review).__name__}")
        recorded = editing.add(self, review)
        return _decided(
            attrs.evolve(recorded, next_review_on=next_review_on or self.next_review_on),
            review,
        )

    def with_rating(self, rating: Rating) -> Plan:
        """Add one of the person's ratings."""
        if not isinstance(rating, Rating):
            raise TypeError(f"with_rating() takes a Rating, not {type(rating).__name__}")
        return attrs.evolve(self, ratings=(*self.ratings, rating))

    def _replace(self, id: str, change: Callable[[Any], Any], kinds: tuple[type, ...]) -> Plan:
        """The plan with the part ``id`` (one of ``kinds``) replaced by ``change(part)``, and
        every part that holds it rebuilt around the new one."""
        found: list[Any] = []

        def swap(part: Any) -> Any:
            if isinstance(part, kinds) and getattr(part, "id", None) == id and not found:
                found.append(part)
                return change(part)
            return part

        new_plan: Plan = replaced(self, _holding_parts, swap)
        if not found:
            raise UnknownReferenceError(
                _no_outcome_or_goal(self.id, id)
                if kinds == (Goal, Outcome)
                else editing.nothing_has(self, id)
            )
        return new_plan


def _no_outcome_or_goal(plan: str, id: str) -> str:
    # Translators: %(plan)s and %(id)s are ids, quoted.
    return gettext("no outcome or goal in plan %(plan)s has the id %(id)s") % {
        "plan": repr(plan),
        "id": repr(id),
    }


def _decided(plan: Plan, review: Review) -> Plan:
    """``plan`` with ``review``'s decisions applied, when it is the plan's latest review."""
    if review_decisions.latest_review(plan) is not review:
        return plan
    return review_decisions.applied(plan, review)


@cache
def _holding_parts(cls: Any) -> tuple[str, ...]:
    """The fields of ``cls`` that can hold, however deep, a part that has an id."""
    return tuple(
        shape.name for shape in shapes(cls) if any(_can_hold_parts(inner) for inner in shape.inner)
    )


@cache
def _can_hold_parts(cls: Any) -> bool:
    return cls in IDENTIFIED or bool(_holding_parts(cls))


@cache
def _refers(kind: str) -> Callable[[attrs.Attribute[Any]], bool]:
    """Whether a field refers to something of ``kind``: the same predicate for each kind, so
    that the routes to those fields are worked out once per class."""

    def refers(field: attrs.Attribute[Any]) -> bool:
        return refers_to(field) == kind

    return refers


_DERIVED: dict[int, tuple[weakref.ref[Plan], dict[str, Any]]] = {}


def _derived(plan: Plan) -> dict[str, Any]:
    """What has been worked out from a plan so far (its goals in order, its parts by id, its
    references), kept while the plan lives.

    A plan cannot change, so this is worked out once, not once per check: validation asks for
    the index of ids and the references many times over, and on a five-year plan each walk is
    thousands of objects. Kept beside the plan rather than on it, so that the plan's fields,
    equality and format stay exactly the model's.
    """
    key = id(plan)
    entry = _DERIVED.get(key)
    if entry is not None and entry[0]() is plan:
        return entry[1]
    found: dict[str, Any] = {}
    _DERIVED[key] = (weakref.ref(plan, _forgetting(key)), found)
    return found


derived_from = _derived
"""What has been worked out from a plan, for the library's own checks to keep theirs beside
the model's (keyed by a name of their own)."""


def parts_by_id(plan: Plan) -> Mapping[str, Identified]:
    """:meth:`Plan.index` kept, not copied, for the library's own checks: the parts in the order
    of :meth:`Plan.identified`, no paths written; ``derived_from(plan)["parts"]`` counts them."""
    derived = _derived(plan)
    found: dict[str, Identified] | None = derived.get("index")
    if found is None:
        parts: list[Identified] = [*plan.circle]
        parts += plan.assessment.items if plan.assessment is not None else ()
        for outcome in plan.outcomes:
            parts.append(outcome)
            parts += goals_under(outcome)
        for risk in plan.risk_plans:
            parts += (risk, *risk.concerns, *risk.safeguards)
        found = {}
        for part in parts:
            found.setdefault(part.id, part)
        derived["index"], derived["parts"] = found, len(parts)
    return found


def references_within(
    plan: Plan, kind: str, allowed: Collection[str], skip: tuple[type, ...] = ()
) -> bool:
    """Whether every reference :meth:`Plan.references` finds of ``kind`` is one of
    ``allowed``, those in ``skip`` parts aside: from the references when the plan has kept
    them, else by a walk that makes none of them (the answer of most plans is yes)."""
    kept = _derived(plan).get(f"references {kind}")
    if kept is not None:
        return all(ref.value in allowed or isinstance(ref.owner, skip) for ref in kept)
    return all_within(plan, _refers(kind), allowed, skip)


def _forgetting(key: int) -> Callable[[weakref.ref[Plan]], None]:
    def forget(_: weakref.ref[Plan]) -> None:
        _DERIVED.pop(key, None)

    return forget


def _status(value: Status | str) -> Status:
    try:
        return Status(value)
    except ValueError:
        # Translators: %(value)s is what was given, quoted; %(allowed)s lists the statuses as
        # the file writes them (planned, active...), kept as they are.
        raise PlanValueError(
            gettext("%(value)s is not a status; use one of: %(allowed)s")
            % {"value": repr(value), "allowed": ", ".join(Status.values())}
        ) from None
