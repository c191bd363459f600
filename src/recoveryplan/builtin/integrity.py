"""Integrity checks: what makes a plan unusable until it is put right.

A reference that names nobody, an id used twice or a domain the framework does not have means
a rendered plan would show the wrong person, the wrong goal or nothing at all, so each one is
an error. Every finding points at the offending value with a JSON path that uses the format's
own keys (``with``, not the Python attribute name) and says what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .._fields import child_path, json_key
from ..assessment import AssessmentItem
from ..findings import Finding, FindingSeverity
from ..frameworks import Framework
from ..goals import Goal, Outcome
from ..hookspecs import hookimpl
from ..messages import gettext as _
from ..plan import Identified, Plan, derived_from, parts_by_id, references_within
from ..risk import Concern, RiskPlan
from ..sharing import SharingConsent
from ..textformats import isolate
from ._naming import circle_list, did_you_mean, kind, listed, what

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

_RESERVED_CIRCLE_IDS = frozenset({*RESERVED_REFERENCES, "staff"})
"""The ids no circle member may have (see ``circle.reserved-id`` and ``circle.staff-id``)."""


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
    # Most plans have no id used twice, which the index of parts by id says (as many ids as
    # parts) before any path is written; paths are worked out only for an id used again.
    index, parts = parts_by_id(plan), derived_from(plan)["parts"]
    if len(index) == parts and plan.id not in index and plan.person.id not in index:
        return
    first: dict[str, tuple[str, Identified | None]] = {plan.id: ("$", None)}
    first.setdefault(plan.person.id, ("$.person", None))
    for path, part in plan.identified():
        if part.id not in first:
            first[part.id] = (path, part)
            continue
        earlier_path, named = first[part.id]
        yield _finding(
            "ids.duplicate",
            f"{path}.id",
            # Translators: %(id)s is the id, quoted; %(earlier)s names what already has it ("the
            # small goal 'g-walk'"), %(where)s is its path in the plan; %(kind)s is the kind of
            # part that has the id again ("small goal").
            _(
                "the id %(id)s is already used by %(earlier)s at %(where)s; ids must be unique "
                "across the whole plan, so give this %(kind)s an id of its own (and update "
                "anything that refers to it)"
            )
            % {
                "id": repr(part.id),
                "earlier": what(named) if named is not None else _plan_or_person(plan, part.id),
                "where": earlier_path,
                "kind": _(kind(part)),
            },
        )


def _plan_or_person(plan: Plan, ref: str) -> str:
    """How a message names the plan or the person, whose ids come before every part's."""
    if ref == plan.id:
        # Translators: %(id)s is the plan's id, quoted.
        return _("the plan %(id)s") % {"id": repr(plan.id)}
    # Translators: %(name)s is the person's name.
    return _("%(name)s's person id") % _named(plan)


def _reserved_circle_ids(plan: Plan) -> Iterator[Finding]:
    for i, member in enumerate(plan.circle):
        if member.id not in _RESERVED_CIRCLE_IDS:
            continue
        words = {"member": isolate(member.name), "id": repr(member.id), **_named(plan)}
        if member.id == "person":
            yield _finding(
                "circle.reserved-id",
                f"$.circle[{i}].id",
                # Translators: %(member)s is the circle member's name, %(name)s the person's;
                # %(id)s is the id, quoted, as written in the plan.
                _(
                    "%(member)s cannot have the id %(id)s: everywhere in a plan %(id)s means "
                    "%(name)s; give them another id, such as their first name in lower case"
                )
                % words,
            )
        elif member.id == "service":
            yield _finding(
                "circle.reserved-id",
                f"$.circle[{i}].id",
                # Translators: %(member)s is the circle member's name; %(id)s the id, quoted.
                _(
                    "%(member)s cannot have the id %(id)s: everywhere in a plan %(id)s means the "
                    "service; give them another id, such as their first name in lower case"
                )
                % words,
            )
        elif member.id == "staff":
            yield _finding(
                "circle.staff-id",
                f"$.circle[{i}].id",
                # Translators: %(member)s is the circle member's name; 'staff' is the id as written.
                _(
                    "%(member)s has the id 'staff', which is also the name of the staff team's "
                    "view of the whole plan, so nobody could tell whose copy is whose and the "
                    "plan cannot be printed; give them another id, such as their first name in "
                    "lower case"
                )
                % words,
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
                # Translators: %(key)s is the extension's key, quoted; 'org.riverside' is an
                # example of a key and stays as written.
                _(
                    "the extension key %(key)s is not a reverse-DNS namespace; name it after a "
                    "domain your organisation owns, written backwards and in lower case, such as "
                    "'org.riverside', so that no two organisations' data can collide"
                )
                % {"key": repr(key)},
            )


# -- person references ---------------------------------------------------------------------


def _person_references(plan: Plan) -> Iterator[Finding]:
    """Every person reference outside ``sharing`` (which :func:`_sharing` checks) names the
    person, the service or a circle member."""
    circle = _circle_ids(plan)
    derived = derived_from(plan)  # a plan cannot change: the answer is kept beside it
    known = derived.get(_PEOPLE_KNOWN)
    if known is None:
        allowed = {*RESERVED_REFERENCES, *circle}
        known = derived[_PEOPLE_KNOWN] = references_within(
            plan, "person", allowed, (SharingConsent,)
        )
    if known:
        return  # every reference names someone: most plans
    for reference in plan.references("person"):
        ref = reference.value
        if (
            ref in RESERVED_REFERENCES
            or ref in circle
            or isinstance(reference.owner, SharingConsent)
        ):
            continue
        yield _finding("refs.unknown", reference.path, _unknown_person(plan, ref))


_PEOPLE_KNOWN = "whether every person reference in the plan names someone"


def _unknown_person(plan: Plan, ref: str) -> str:
    words = {**_named(plan), "ref": repr(ref), "circle": circle_list(plan)}
    if ref == plan.person.id:
        # Translators: %(ref)s is the id, quoted; "person" is written as it is in the plan.
        return _('%(ref)s is %(name)s\'s own id; write "person" to mean %(name)s') % words
    choices = [*RESERVED_REFERENCES, *(member.id for member in plan.circle)]
    words["hint"] = did_you_mean(ref, choices)
    part = parts_by_id(plan).get(ref)
    if part is not None:
        # Translators: %(ref)s is the id, quoted; %(part)s names what has it ("the small goal
        # 'g-walk'"); %(hint)s is empty or " (did you mean 'x'?)"; %(circle)s lists the
        # circle's ids (or says the circle is empty); "person" and "service" stay as written.
        return _(
            '%(ref)s is %(part)s, not someone in the circle%(hint)s; use "person", '
            '"service" or a circle id (%(circle)s), or add them to the circle first'
        ) % {**words, "part": what(part)}
    # Translators: %(ref)s is the id, quoted; %(hint)s is empty or " (did you mean 'x'?)";
    # %(circle)s lists the circle's ids (or says the circle is empty); "person" and "service"
    # stay as written.
    return (
        _(
            '%(ref)s is not %(name)s, the service or anyone in the circle%(hint)s; use "person", '
            '"service" or a circle id (%(circle)s), or add them to the circle first'
        )
        % words
    )


def _sharing(plan: Plan) -> Iterator[Finding]:
    circle = _circle_ids(plan)
    first_consent: dict[str, int] = {}
    for i, consent in enumerate(plan.sharing):
        ref = consent.member
        if ref in circle and ref not in first_consent and ref not in RESERVED_REFERENCES:
            first_consent[ref] = i  # the usual entry: nothing to say, and no path written
            yield from _sections(consent, i)
            continue
        path = _member_path(i)
        words = {**_named(plan), "ref": repr(ref)}
        if ref == "person":
            yield _finding(
                "sharing.not-circle-member",
                path,
                # Translators: %(circle)s lists the circle's ids (or says the circle is empty).
                _(
                    "%(name)s always sees the whole plan, so there is nothing to consent to; "
                    "sharing is only for circle members (%(circle)s): remove this entry"
                )
                % {**words, "circle": circle_list(plan)},
            )
        elif ref in RESERVED_REFERENCES:
            yield _finding(
                "sharing.not-circle-member",
                path,
                # Translators: %(circle)s lists the circle's ids (or says the circle is empty).
                _(
                    "the staff team always sees the whole plan, so there is nothing to consent "
                    "to; sharing is only for circle members (%(circle)s): remove this entry"
                )
                % {**words, "circle": circle_list(plan)},
            )
        elif ref not in circle:
            yield _finding(
                "refs.unknown",
                path,
                # Translators: %(ref)s is the id, quoted; %(hint)s is empty or " (did you mean
                # 'x'?)"; %(circle)s lists the circle's ids (or says the circle is empty).
                _(
                    "%(ref)s is not in the circle%(hint)s; %(name)s can only agree to share with "
                    "a circle member (%(circle)s), so add them to the circle first or correct "
                    "the id"
                )
                % {
                    **words,
                    "hint": did_you_mean(ref, sorted(circle)),
                    "circle": circle_list(plan),
                },
            )
        if ref in first_consent:
            yield _finding(
                "sharing.member-repeated",
                path,
                # Translators: %(ref)s is the id, quoted; %(where)s is a path in the plan.
                _(
                    "%(ref)s already has a sharing entry at %(where)s; list everything %(name)s "
                    "agreed to share with them in one entry and remove this one"
                )
                % {**words, "where": _member_path(first_consent[ref])},
            )
        else:
            first_consent[ref] = i
        yield from _sections(consent, i)


def _member_path(i: int) -> str:
    return child_path(f"$.sharing[{i}]", json_key(SharingConsent, "member"))


def _sections(consent: SharingConsent, i: int) -> Iterator[Finding]:
    """A section listed twice in one consent."""
    sections = consent.sections
    if len(set(sections)) == len(sections):
        return
    seen: set[str] = set()
    for k, section in enumerate(sections):
        if section in seen:
            yield _finding(
                "sharing.section-repeated",
                f"$.sharing[{i}].sections[{k}]",
                # Translators: %(section)s is the section's name in the plan's format and
                # %(ref)s the member's id, both quoted and written as they are.
                _("the section %(section)s is listed twice for %(ref)s; remove the second one")
                % {"section": repr(section.value), "ref": repr(consent.member)},
            )
        seen.add(section)


# -- references between parts of the plan -------------------------------------------------


def _based_on(plan: Plan) -> Iterator[Finding]:
    index = parts_by_id(plan)
    items = [item.id for item in plan.assessment.items] if plan.assessment else []
    for i, outcome in enumerate(plan.outcomes):
        for k, ref in enumerate(outcome.based_on):
            part = index.get(ref)
            if isinstance(part, AssessmentItem):
                continue
            # Translators: %(items)s lists the assessment items' ids (or says there are none).
            choices = listed(
                items, _("assessment items: %(ids)s"), _("there are no assessment items yet")
            )
            words = {"ref": repr(ref), "items": choices}
            if part is not None:
                # Translators: %(ref)s is the id, quoted; %(part)s names what has it ("the small
                # goal 'g-walk'"); %(items)s lists the ids that can be used.
                message = _(
                    "%(ref)s is %(part)s, not an assessment item; an outcome is based on what the "
                    "assessment found, so use the id of a strength, need, hope, dream or "
                    "aspiration (%(items)s)"
                ) % {**words, "part": what(part)}
            else:
                # Translators: %(ref)s is the id, quoted; %(hint)s is empty or " (did you mean
                # 'x'?)"; %(items)s lists the ids that can be used.
                message = _(
                    "no assessment item has the id %(ref)s%(hint)s; an outcome is based on what "
                    "the assessment found, so use the id of a strength, need, hope, dream or "
                    "aspiration (%(items)s)"
                ) % {**words, "hint": did_you_mean(ref, items)}
            yield _finding("refs.based-on", f"$.outcomes[{i}].based_on[{k}]", message)


def _supports(plan: Plan) -> Iterator[Finding]:
    index = parts_by_id(plan)
    for r, risk in enumerate(plan.risk_plans):
        for k, ref in enumerate(risk.supports):
            part = index.get(ref)
            if isinstance(part, Goal | Outcome):
                continue
            aims = [oc.id for oc in plan.outcomes] + [place.goal.id for place in plan.walk_goals()]
            choices = listed(
                aims,
                _("outcomes and small goals: %(ids)s"),
                _("there are no outcomes and small goals yet"),
            )
            words = {**_named(plan), "ref": repr(ref), "aims": choices}
            if part is not None:
                # Translators: %(ref)s is the id, quoted; %(part)s names what has it ("the
                # safeguard 's-bus'"); %(aims)s lists the ids that can be used.
                message = _(
                    "%(ref)s is %(part)s, not an outcome or small goal; a risk plan says which of "
                    "%(name)s's outcomes or small goals the activity serves (%(aims)s)"
                ) % {**words, "part": what(part)}
            else:
                # Translators: %(ref)s is the id, quoted; %(hint)s is empty or " (did you mean
                # 'x'?)"; %(aims)s lists the ids that can be used.
                message = _(
                    "no outcome or small goal has the id %(ref)s%(hint)s; a risk plan says which "
                    "of %(name)s's outcomes or small goals the activity serves (%(aims)s)"
                ) % {**words, "hint": did_you_mean(ref, aims)}
            yield _finding("refs.supports", f"$.risk_plans[{r}].supports[{k}]", message)


def _decisions_about(plan: Plan) -> Iterator[Finding]:
    index = parts_by_id(plan)
    for r, review in enumerate(plan.reviews):
        for k, decision in enumerate(review.decisions):
            ref = decision.about
            part = index.get(ref)
            if isinstance(part, Goal | Outcome | RiskPlan):
                continue
            aims = [
                *(oc.id for oc in plan.outcomes),
                *(place.goal.id for place in plan.walk_goals()),
                *(risk.id for risk in plan.risk_plans),
            ]
            choices = listed(aims, _("their ids: %(ids)s"), _("the plan has none yet"))
            words = {"ref": repr(ref), "aims": choices}
            if part is not None:
                # Translators: %(ref)s is the id, quoted; %(part)s names what has it ("the
                # safeguard 's-bus'"); %(aims)s lists the ids that can be used.
                message = _(
                    "%(ref)s is %(part)s, not a small goal, outcome or risk plan; a review "
                    "decides about the small goals, outcomes and risk plans it discussed, so use "
                    "one of their ids (%(aims)s)"
                ) % {**words, "part": what(part)}
            else:
                # Translators: %(ref)s is the id, quoted; %(hint)s is empty or " (did you mean
                # 'x'?)"; %(aims)s lists the ids that can be used.
                message = _(
                    "nothing in the plan has the id %(ref)s%(hint)s; a review decides about the "
                    "small goals, outcomes and risk plans it discussed, so use one of their ids "
                    "(%(aims)s)"
                ) % {**words, "hint": did_you_mean(ref, aims)}
            yield _finding("refs.about", f"$.reviews[{r}].decisions[{k}].about", message)


def _addresses(plan: Plan) -> Iterator[Finding]:
    index = parts_by_id(plan)
    for r, risk in enumerate(plan.risk_plans):
        own = [concern.id for concern in risk.concerns]
        for s, safeguard in enumerate(risk.safeguards):
            for k, ref in enumerate(safeguard.addresses):
                if ref in own:
                    continue
                yield _finding(
                    "refs.addresses",
                    f"$.risk_plans[{r}].safeguards[{s}].addresses[{k}]",
                    _not_own_concern(plan, risk, ref, index.get(ref), own),
                )


def _not_own_concern(
    plan: Plan, risk: RiskPlan, ref: str, part: Identified | None, own: list[str]
) -> str:
    words = {
        "ref": repr(ref),
        "risk": repr(risk.id),
        # Translators: %(ids)s lists the risk plan's concerns' ids.
        "concerns": listed(own, _("its concerns: %(ids)s"), _("it has none yet")),
    }
    if isinstance(part, Concern):
        for other in plan.risk_plans:
            if any(concern is part for concern in other.concerns):
                # Translators: %(ref)s, %(other)s and %(risk)s are ids, quoted; %(concerns)s
                # lists the ids of this risk plan's own concerns.
                return _(
                    "%(ref)s is a concern of the risk plan %(other)s, not of %(risk)s; copy the "
                    "concern into this risk plan with an id of its own if it applies here too; "
                    "a safeguard addresses concerns of its own risk plan (%(concerns)s)"
                ) % {**words, "other": repr(other.id)}
    if part is not None:
        # Translators: %(ref)s is the id, quoted; %(part)s names what has it ("the outcome
        # 'o-college'"); %(concerns)s lists the ids of the risk plan's own concerns.
        return _(
            "%(ref)s is %(part)s, not a concern; a safeguard addresses concerns of its own risk "
            "plan (%(concerns)s)"
        ) % {**words, "part": what(part)}
    # Translators: %(risk)s and %(ref)s are ids, quoted; %(hint)s is empty or " (did you mean
    # 'x'?)"; %(concerns)s lists the ids of the risk plan's own concerns.
    return _(
        "the risk plan %(risk)s has no concern %(ref)s%(hint)s; a safeguard addresses concerns "
        "of its own risk plan (%(concerns)s)"
    ) % {**words, "hint": did_you_mean(ref, own)}


# -- the framework -------------------------------------------------------------------------


def _domains(plan: Plan, framework: Framework) -> Iterator[Finding]:
    # Each tag is looked up among the framework's domains first; a path is made only for a
    # domain the framework does not have.
    ids = {domain.id for domain in framework.domains}
    tagged: list[tuple[str, str]] = []
    if plan.assessment is not None:
        for i, item in enumerate(plan.assessment.items):
            if item.domain is not None and item.domain not in ids:
                tagged.append((f"$.assessment.items[{i}].domain", item.domain))
    for i, outcome in enumerate(plan.outcomes):
        if outcome.domain is not None and outcome.domain not in ids:
            tagged.append((f"$.outcomes[{i}].domain", outcome.domain))
    for i, rating in enumerate(plan.ratings):
        if rating.domain not in ids:
            tagged.append((f"$.ratings[{i}].domain", rating.domain))
    if not tagged:
        return
    known = framework.domain_ids
    for path, domain in tagged:
        if framework.domain(domain) is None:
            yield _finding(
                "framework.domain-unknown",
                path,
                # Translators: %(domain)s is the domain's id, quoted; %(framework)s the framework's
                # name and %(id)s its id; %(hint)s is empty or " (did you mean 'x'?)"; %(known)s
                # lists the framework's domain ids.
                _(
                    "%(domain)s is not a domain of the %(framework)s (%(id)s)%(hint)s; use one "
                    "of: %(known)s"
                )
                % {
                    "domain": repr(domain),
                    "framework": framework.name,
                    "id": framework.id,
                    "hint": did_you_mean(domain, known),
                    "known": ", ".join(known),
                },
            )


def _ratings(plan: Plan, framework: Framework) -> Iterator[Finding]:
    scale = framework.rating_scale
    for i, rating in enumerate(plan.ratings):
        if scale is not None and rating.value in scale:
            continue
        path = f"$.ratings[{i}].value"
        if scale is None:
            yield _finding(
                "rating.no-scale",
                path,
                # Translators: %(framework)s is the framework's name and %(id)s its id; %(value)s
                # is the rating; %(domain)s the domain's id, quoted.
                _(
                    "the %(framework)s (%(id)s) has no rating scale, so the rating %(value)s for "
                    "%(domain)s cannot be shown on a journey or compared with others; keep how "
                    "the person feels in the rating's note, or use a framework that has a scale"
                )
                % {
                    "framework": framework.name,
                    "id": framework.id,
                    "value": rating.value,
                    "domain": repr(rating.domain),
                },
            )
        elif rating.value not in scale:
            yield _finding(
                "rating.out-of-scale",
                path,
                # Translators: %(value)s is the rating; %(domain)s the domain's id, quoted; %(on)s
                # the date as written in the plan; %(framework)s the framework's name; %(who)s
                # the name of whoever gave the rating.
                _(
                    "the rating %(value)s for %(domain)s on %(on)s is outside the %(framework)s "
                    "scale of %(minimum)s to %(maximum)s; check the number with %(who)s and "
                    "correct it"
                )
                % {
                    "value": rating.value,
                    "domain": repr(rating.domain),
                    "on": rating.on.isoformat(),
                    "framework": framework.name,
                    "minimum": scale.minimum,
                    "maximum": scale.maximum,
                    "who": _who(plan, rating.by),
                },
            )


def _named(plan: Plan) -> dict[str, str]:
    """The person's name as a message's ``%(name)s``, isolated for bidirectional display."""
    return {"name": isolate(plan.person.called)}


def _finding(code: str, path: str, message: str) -> Finding:
    return Finding(CODES[code], code, path, message)


def _circle_ids(plan: Plan) -> set[str]:
    return {member.id for member in plan.circle}


def _who(plan: Plan, ref: str) -> str:
    """The name behind a reference, or the reference itself when it names nobody."""
    if ref in RESERVED_REFERENCES or ref in _circle_ids(plan):
        return plan.name_of(ref)
    return repr(ref)
