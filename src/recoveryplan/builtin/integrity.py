"""Integrity checks: what makes a plan unusable until it is put right.

A reference that names nobody, an id used twice or a domain the framework does not have means
a rendered plan would show the wrong person, the wrong goal or nothing at all, so each one is
an error. Every finding points at the offending value with a JSON path that uses the format's
own keys (``with``, not the Python attribute name) and says what to write instead.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator

from .._fields import child_path, json_key
from ..assessment import AssessmentItem
from ..findings import Finding, FindingSeverity
from ..frameworks import Framework
from ..goals import Goal, Outcome
from ..hookspecs import hookimpl
from ..people import CircleMember
from ..plan import Identified, Plan
from ..risk import Concern, RiskPlan, Safeguard
from ..sharing import SharingConsent
from ..textformats import isolate

__all__ = ["CODES", "RESERVED_REFERENCES", "validate_plan"]

CODES: dict[str, FindingSeverity] = {
    "ids.duplicate": "error",
    "circle.reserved-id": "error",
    "circle.staff-id": "error",
    "refs.unknown": "error",
    "sharing.not-circle-member": "error",
    "sharing.member-repeated": "error",
    "sharing.section-repeated": "error",
    "refs.based-on": "error",
    "refs.supports": "error",
    "refs.addresses": "error",
    "refs.about": "error",
    "framework.domain-unknown": "error",
    "rating.out-of-scale": "error",
    "rating.no-scale": "warning",
    "extensions.namespace": "warning",
}
"""Every code these checks can report, with its severity (``docs/checks.md`` explains each).

A circle member whose id is ``staff`` is an error, like ``person`` and ``service``: asked for
``staff``, a renderer could not tell the team's view of the whole plan from what the person
shares with that member, and the wrong choice discloses everything. A rating under a
framework with no scale is a warning, not an error: the plan is still usable
and the number is kept as the person gave it, but it cannot be shown on a journey.
"""

RESERVED_REFERENCES = ("person", "service")
"""Person references that mean the plan's subject and the service, never a circle member."""


@hookimpl
def validate_plan(plan: Plan, framework: Framework | None) -> list[Finding]:
    found = [
        *_duplicate_ids(plan),
        *_reserved_circle_ids(plan),
        *_person_references(plan),
        *_sharing(plan),
        *_based_on(plan),
        *_supports(plan),
        *_addresses(plan),
        *_decisions_about(plan),
        *_extension_namespaces(plan),
    ]
    if framework is not None:
        found.extend(_domains(plan, framework))
        found.extend(_ratings(plan, framework))
    return found


# -- ids -----------------------------------------------------------------------------------


def _duplicate_ids(plan: Plan) -> Iterator[Finding]:
    # The plan's own id and the person's come first: the contract makes every id in the
    # document unique, theirs included, though neither is a part that references point at.
    # What each id names is worked out only for an id used again: most plans have none.
    first: dict[str, tuple[str, Identified | str]] = {plan.id: ("$", f"the plan {plan.id!r}")}
    first.setdefault(plan.person.id, ("$.person", f"{_called(plan)}'s person id"))
    for path, part in plan.identified():
        if part.id not in first:
            first[part.id] = (path, part)
            continue
        earlier_path, named = first[part.id]
        earlier = named if isinstance(named, str) else _what(named)
        yield _finding(
            "ids.duplicate",
            f"{path}.id",
            f"the id {part.id!r} is already used by {earlier} at {earlier_path}; ids must "
            f"be unique across the whole plan, so give this {_kind(part)} an id of its own "
            "(and update anything that refers to it)",
        )


def _reserved_circle_ids(plan: Plan) -> Iterator[Finding]:
    for i, member in enumerate(plan.circle):
        if member.id in RESERVED_REFERENCES:
            meaning = _called(plan) if member.id == "person" else "the service"
            yield _finding(
                "circle.reserved-id",
                f"$.circle[{i}].id",
                f"{isolate(member.name)} cannot have the id {member.id!r}: everywhere in a plan "
                f"{member.id!r} means {meaning}; give them another id, such as their first "
                "name in lower case",
            )
        elif member.id == "staff":
            yield _finding(
                "circle.staff-id",
                f"$.circle[{i}].id",
                f"{isolate(member.name)} has the id 'staff', which is also the name of the staff "
                "team's view of the whole plan, so nobody could tell whose copy is whose and the "
                "plan cannot be printed; give them another id, such as their first name in lower "
                "case",
            )


# -- extensions ----------------------------------------------------------------------------

_NAMESPACE = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")


def _extension_namespaces(plan: Plan) -> Iterator[Finding]:
    """Extensions are opaque, but their keys keep organisations' data from colliding."""
    for key in plan.extensions:
        if not _NAMESPACE.fullmatch(key):
            yield _finding(
                "extensions.namespace",
                child_path("$.extensions", key),
                f"the extension key {key!r} is not a reverse-DNS namespace; name it after a "
                "domain your organisation owns, written backwards and in lower case, such as "
                "'org.riverside', so that no two organisations' data can collide",
            )


# -- person references ---------------------------------------------------------------------


def _person_references(plan: Plan) -> Iterator[Finding]:
    """Every person reference outside ``sharing`` (which :func:`_sharing` checks) names the
    person, the service or a circle member."""
    circle = _circle_ids(plan)
    index = plan.index()
    for reference in plan.references("person"):
        ref = reference.value
        if (
            ref in RESERVED_REFERENCES
            or ref in circle
            or isinstance(reference.owner, SharingConsent)
        ):
            continue
        yield _finding("refs.unknown", reference.path, _unknown_person(plan, ref, index))


def _unknown_person(plan: Plan, ref: str, index: dict[str, Identified]) -> str:
    if ref == plan.person.id:
        return f'{ref!r} is {_called(plan)}\'s own id; write "person" to mean {_called(plan)}'
    head = f"{ref!r} is not {_called(plan)}, the service or anyone in the circle"
    part = index.get(ref)
    if part is not None:
        head = f"{ref!r} is {_what(part)}, not someone in the circle"
    choices = [*RESERVED_REFERENCES, *(member.id for member in plan.circle)]
    return (
        f'{head}{_did_you_mean(ref, choices)}; use "person", "service" or a circle id '
        f"({_circle_list(plan)}), or add them to the circle first"
    )


def _sharing(plan: Plan) -> Iterator[Finding]:
    circle = _circle_ids(plan)
    first_consent: dict[str, str] = {}
    for i, consent in enumerate(plan.sharing):
        path = child_path(f"$.sharing[{i}]", json_key(SharingConsent, "member"))
        ref = consent.member
        if ref in RESERVED_REFERENCES:
            who = _called(plan) if ref == "person" else "the staff team"
            yield _finding(
                "sharing.not-circle-member",
                path,
                f"{who} always sees the whole plan, so there is nothing to consent to; sharing "
                f"is only for circle members ({_circle_list(plan)}): remove this entry",
            )
        elif ref not in circle:
            yield _finding(
                "refs.unknown",
                path,
                f"{ref!r} is not in the circle{_did_you_mean(ref, sorted(circle))}; "
                f"{_called(plan)} can only agree to share with a circle member "
                f"({_circle_list(plan)}), so add them to the circle first or correct the id",
            )
        if ref in first_consent:
            yield _finding(
                "sharing.member-repeated",
                path,
                f"{ref!r} already has a sharing entry at {first_consent[ref]}; list everything "
                f"{_called(plan)} agreed to share with them in one entry and remove this "
                "one",
            )
        else:
            first_consent[ref] = path
        seen: set[str] = set()
        for k, section in enumerate(consent.sections):
            if section in seen:
                yield _finding(
                    "sharing.section-repeated",
                    f"$.sharing[{i}].sections[{k}]",
                    f"the section {section.value!r} is listed twice for {ref!r}; remove the "
                    "second one",
                )
            seen.add(section)


# -- references between parts of the plan -------------------------------------------------


def _based_on(plan: Plan) -> Iterator[Finding]:
    index = plan.index()
    items = [item.id for item in plan.assessment.items] if plan.assessment else []
    for i, outcome in enumerate(plan.outcomes):
        for k, ref in enumerate(outcome.based_on):
            part = index.get(ref)
            if isinstance(part, AssessmentItem):
                continue
            what = (
                f"{ref!r} is {_what(part)}, not an assessment item"
                if part is not None
                else f"no assessment item has the id {ref!r}{_did_you_mean(ref, items)}"
            )
            yield _finding(
                "refs.based-on",
                f"$.outcomes[{i}].based_on[{k}]",
                f"{what}; an outcome is based on what the assessment found, so use the id of a "
                "strength, need, hope, dream or aspiration "
                f"({_listed('assessment items', items)})",
            )


def _supports(plan: Plan) -> Iterator[Finding]:
    index = plan.index()
    aims = [oc.id for oc in plan.outcomes] + [place.goal.id for place in plan.walk_goals()]
    for r, risk in enumerate(plan.risk_plans):
        for k, ref in enumerate(risk.supports):
            part = index.get(ref)
            if isinstance(part, Goal | Outcome):
                continue
            what = (
                f"{ref!r} is {_what(part)}, not an outcome or small goal"
                if part is not None
                else f"no outcome or small goal has the id {ref!r}{_did_you_mean(ref, aims)}"
            )
            yield _finding(
                "refs.supports",
                f"$.risk_plans[{r}].supports[{k}]",
                f"{what}; a risk plan says which of {_called(plan)}'s outcomes or small "
                f"goals the activity serves ({_listed('outcomes and small goals', aims)})",
            )


def _decisions_about(plan: Plan) -> Iterator[Finding]:
    index = plan.index()
    aims = [
        *(oc.id for oc in plan.outcomes),
        *(place.goal.id for place in plan.walk_goals()),
        *(risk.id for risk in plan.risk_plans),
    ]
    for r, review in enumerate(plan.reviews):
        for k, decision in enumerate(review.decisions):
            ref = decision.about
            part = index.get(ref)
            if isinstance(part, Goal | Outcome | RiskPlan):
                continue
            what = (
                f"{ref!r} is {_what(part)}, not a small goal, outcome or risk plan"
                if part is not None
                else f"nothing in the plan has the id {ref!r}{_did_you_mean(ref, aims)}"
            )
            yield _finding(
                "refs.about",
                f"$.reviews[{r}].decisions[{k}].about",
                f"{what}; a review decides about the small goals, outcomes and risk plans it "
                f"discussed, so use one of their ids ({_listed('their ids', aims)})",
            )


def _addresses(plan: Plan) -> Iterator[Finding]:
    index = plan.index()
    for r, risk in enumerate(plan.risk_plans):
        own = [concern.id for concern in risk.concerns]
        for s, safeguard in enumerate(risk.safeguards):
            for k, ref in enumerate(safeguard.addresses):
                if ref in own:
                    continue
                yield _finding(
                    "refs.addresses",
                    f"$.risk_plans[{r}].safeguards[{s}].addresses[{k}]",
                    f"{_not_own_concern(plan, risk, ref, index.get(ref), own)}; a safeguard "
                    f"addresses concerns of its own risk plan ({_listed('its concerns', own)})",
                )


def _not_own_concern(
    plan: Plan, risk: RiskPlan, ref: str, part: Identified | None, own: list[str]
) -> str:
    if isinstance(part, Concern):
        for other in plan.risk_plans:
            if any(concern is part for concern in other.concerns):
                return (
                    f"{ref!r} is a concern of the risk plan {other.id!r}, not of {risk.id!r}; "
                    "copy the concern into this risk plan with an id of its own if it applies "
                    "here too"
                )
    if part is not None:
        return f"{ref!r} is {_what(part)}, not a concern"
    return f"the risk plan {risk.id!r} has no concern {ref!r}{_did_you_mean(ref, own)}"


# -- the framework -------------------------------------------------------------------------


def _domains(plan: Plan, framework: Framework) -> Iterator[Finding]:
    tagged: list[tuple[str, str]] = []
    if plan.assessment is not None:
        for i, item in enumerate(plan.assessment.items):
            if item.domain is not None:
                tagged.append((f"$.assessment.items[{i}].domain", item.domain))
    for i, outcome in enumerate(plan.outcomes):
        if outcome.domain is not None:
            tagged.append((f"$.outcomes[{i}].domain", outcome.domain))
    for i, rating in enumerate(plan.ratings):
        tagged.append((f"$.ratings[{i}].domain", rating.domain))
    known = framework.domain_ids
    for path, domain in tagged:
        if framework.domain(domain) is None:
            yield _finding(
                "framework.domain-unknown",
                path,
                f"{domain!r} is not a domain of the {framework.name} ({framework.id})"
                f"{_did_you_mean(domain, known)}; use one of: {', '.join(known)}",
            )


def _ratings(plan: Plan, framework: Framework) -> Iterator[Finding]:
    scale = framework.rating_scale
    for i, rating in enumerate(plan.ratings):
        path = f"$.ratings[{i}].value"
        if scale is None:
            yield _finding(
                "rating.no-scale",
                path,
                f"the {framework.name} ({framework.id}) has no rating scale, so the rating "
                f"{rating.value} for {rating.domain!r} cannot be shown on a journey or compared "
                "with others; keep how the person feels in the rating's note, or use a "
                "framework that has a scale",
            )
        elif rating.value not in scale:
            yield _finding(
                "rating.out-of-scale",
                path,
                f"the rating {rating.value} for {rating.domain!r} on {rating.on.isoformat()} is "
                f"outside the {framework.name} scale of {scale.minimum} to {scale.maximum}; "
                f"check the number with {_who(plan, rating.by)} and correct it",
            )


def _called(plan: Plan) -> str:
    """The person's name for a message, isolated for bidirectional display."""
    return isolate(plan.person.called)


def _finding(code: str, path: str, message: str) -> Finding:
    return Finding(CODES[code], code, path, message)


# -- wording -------------------------------------------------------------------------------


_KINDS: tuple[tuple[type, str], ...] = (
    (CircleMember, "circle member"),
    (AssessmentItem, "assessment item"),
    (Outcome, "outcome"),
    (Goal, "small goal"),
    (RiskPlan, "risk plan"),
    (Concern, "risk concern"),
    (Safeguard, "safeguard"),
)


def _kind(part: Identified) -> str:
    for cls, name in _KINDS:
        if isinstance(part, cls):
            return name
    raise AssertionError(f"not a part with an id: {part!r}")  # pragma: no cover


def _what(part: Identified | None) -> str:
    """A part named the way a person would: "the small goal 'g-dosette'"."""
    if part is None:  # pragma: no cover - callers only pass parts they found
        return "nothing"
    return f"the {_kind(part)} {part.id!r}"


def _circle_ids(plan: Plan) -> set[str]:
    return {member.id for member in plan.circle}


def _who(plan: Plan, ref: str) -> str:
    """The name behind a reference, or the reference itself when it names nobody."""
    if ref in RESERVED_REFERENCES or ref in _circle_ids(plan):
        return plan.name_of(ref)
    return repr(ref)


def _circle_list(plan: Plan) -> str:
    ids = [member.id for member in plan.circle]
    return f"circle ids are: {', '.join(ids)}" if ids else "the circle is empty"


def _listed(what: str, ids: Iterable[str]) -> str:
    shown = list(ids)
    return f"{what}: {', '.join(shown)}" if shown else f"there are no {what} yet"


def _did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A close spelling among ``choices``, because most unknown ids are typos."""
    options = list(choices)
    close = [option for option in options if option.casefold() == value.casefold()][:1]
    if not close:
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
