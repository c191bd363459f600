"""Who a rendered plan is for, and what the person has agreed that reader may see.

The person and the staff team see the whole plan. A circle member sees only the sections the
person agreed to share with them, and never an assessment item marked private. This module is
the one place that decides it: :func:`disclose` reads the person's consent (``plan.sharing``)
once and returns a :class:`Disclosure` (who the reader is, the sections and views they may
have, and the plan cut down to what they may see). The template context, the views and batch
rendering read that value and never look at ``plan.sharing`` themselves, so a template (the
library's or a plugin's) can only show what the disclosure left in the plan.

Which section each field of the plan belongs to is said on the field itself
(``shown_to`` in its metadata, :mod:`recoveryplan._fields`); redaction is worked out from that,
so a new field or section is shared as its metadata says without a change here. Which section
each view is made from is :data:`VIEW_SECTIONS`, here too.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Set
from functools import cache
from typing import Any

import attrs

from ._fields import (
    EVERY_READER,
    NO_MEMBER,
    OWN_ENTRIES,
    SHOWN_PARTS,
    default_value,
    refers_to,
    shown_to,
)
from ._walking import rebuilt
from .assessment import Assessment
from .errors import ConsentError, UnknownAudienceError
from .messages import N_, gettext
from .people import CircleMember, Person
from .plan import Plan
from .sharing import Section

__all__ = [
    "ALL_READERS",
    "KEYWORDS",
    "MEMBER",
    "PERSON",
    "STAFF",
    "VIEW_SECTIONS",
    "Disclosure",
    "audiences",
    "check_audience",
    "disclose",
    "disclosures",
    "possessive",
    "pronoun_forms",
    "readers",
    "redact",
    "redact_as",
    "resolve_audience",
    "section_of",
    "shared_sections",
]

PERSON = "person"
"""The audience for the person-held plan: everything, in the person's own voice."""

STAFF = "staff"
"""The audience for the staff team: everything, with the practice checks."""

MEMBER = "member"
"""The kind of reader a circle member is (their audience is their circle id)."""

ALL_READERS = "all"
"""``--audience all``: every reader a plan has (the person, the staff, each member who has
been shared something)."""

VIEW_SECTIONS: dict[str, Section | None] = {
    "plan": None,
    "review": Section.REVIEWS,
    "safety-plan": Section.SAFETY_PLAN,
    "crisis-card": Section.SAFETY_PLAN,
    "easy-read": None,
}
"""Every view a plan is rendered as, and the section it is made from: a circle member has the
view only when the person shared that section with them (``None``: every reader has it).
Adding a view, or changing what one needs, is a change to this table alone; the views, the
template context and batch rendering all read it through :class:`Disclosure`."""


def audiences(plan: Plan) -> list[str]:
    """Everyone an audience may name: the person, the staff, then each circle member, shared
    with or not (one who has been shared nothing is refused with a :class:`ConsentError`
    that says so). The readers a plan may be rendered for are :func:`readers`."""
    return [PERSON, STAFF, *(member.id for member in plan.circle)]


def shared_sections(plan: Plan, member_id: str) -> tuple[Section, ...]:
    """The sections the person agreed to share with a circle member, in the plan's order.

    A member named in more than one sharing entry sees what all of them allow together. This
    is the one reading of ``plan.sharing`` that decides what anyone sees.
    """
    agreed = {
        section
        for consent in plan.sharing
        if consent.member == member_id
        for section in consent.sections
    }
    return tuple(section for section in Section if section in agreed)


def possessive(person: Person) -> str:
    """The word for "the person's" in a sentence ("her plan"), from their pronouns.

    When the pronouns are not ones we can decline, "their" respects the person without
    guessing.
    """
    first = (person.pronouns or "").replace(",", "/").replace(" ", "/").split("/")[0]
    return {"she": "her", "he": "his", "they": "their"}.get(first.strip().lower(), "their")


def pronoun_forms(person: Person) -> dict[str, str]:
    """How to refer to the person in a sentence: ``their``, ``them`` and ``themself`` forms."""
    their = possessive(person)
    them = {"her": "her", "his": "him"}.get(their, "them")
    themself = {"her": "herself", "his": "himself"}.get(their, "themself")
    return {"their": their, "them": them, "themself": themself}


KEYWORDS = (PERSON, "service", STAFF)
"""Words that name a reader or a party in every plan, so no circle member may have them as id."""


def resolve_audience(plan: Plan, audience: object) -> str:
    """The reader ``audience`` names, as the canonical word or circle id.

    A circle member is named by their id exactly, or by their id or name in any case when only
    one member matches; anything else is an :class:`UnknownAudienceError` that lists who the
    plan can be rendered for. A plan in which a circle member's id is also a reader's keyword
    (``person``, ``service``, ``staff``) is refused: whose copy it is could not be told. So
    is a plan in which two circle members have one id, however the plan was made.
    """
    if not isinstance(audience, str):
        raise TypeError(f"audience must be text, not {type(audience).__name__}")
    _one_member_per_id(plan)
    for member in plan.circle:
        if member.id in KEYWORDS:
            raise ConsentError(
                gettext(_KEYWORD_TAKEN[member.id])
                % {"name": member.name, "id": repr(member.id), "called": plan.person.called}
            )
    if audience in (PERSON, STAFF):
        return audience
    if any(member.id == audience for member in plan.circle):
        return audience
    folded = audience.strip().casefold()
    if folded in (PERSON, STAFF):
        return folded
    matches = sorted(
        {
            member.id
            for member in plan.circle
            if folded in (member.id.casefold(), member.name.strip().casefold())
        }
    )
    if len(matches) == 1:
        return matches[0]
    if matches:
        # Translators: %(audience)s is what was asked for, quoted; %(ids)s lists circle ids.
        raise UnknownAudienceError(
            gettext(
                "%(audience)s could be any of the circle ids %(ids)s; give the id of the one "
                "you mean"
            )
            % {"audience": repr(audience), "ids": ", ".join(matches)}
        )
    names = {member.name.casefold(): member.id for member in plan.circle}
    close = difflib.get_close_matches(folded, [*audiences(plan), *names], n=3, cutoff=0.6)
    said = {"audience": repr(audience), "readers": ", ".join(readers(plan))}
    if close:
        # Translators: %(audience)s is what was asked for, quoted; %(close)s and %(readers)s
        # list readers' ids (person, staff, circle ids), kept as they are.
        raise UnknownAudienceError(
            gettext(
                "%(audience)s is not one of the readers of this plan (close: %(close)s); the "
                "readers are: %(readers)s"
            )
            % {**said, "close": ", ".join(sorted({names.get(word, word) for word in close}))}
        )
    raise UnknownAudienceError(
        gettext("%(audience)s is not one of the readers of this plan; the readers are: %(readers)s")
        % said
    )


def _one_member_per_id(plan: Plan) -> None:
    """Refuse a plan whose readers are ambiguous: with two members under one id, the copy
    rendered for that id, and the sharing that names it, could be either person's."""
    seen: dict[str, CircleMember] = {}
    for member in plan.circle:
        first = seen.setdefault(member.id, member)
        if first is not member:
            # Translators: %(first)s and %(second)s are names; %(id)s is a circle id, quoted;
            # "recoveryplan validate" is a command, kept as it is.
            raise ConsentError(
                gettext(
                    "%(first)s and %(second)s both have the circle id %(id)s, so whose copy of "
                    "the plan is whose, and whom the sharing names, cannot be told; give one of "
                    "them another id (recoveryplan validate shows where)"
                )
                % {"first": first.name, "second": member.name, "id": repr(member.id)}
            )


# Translators: %(name)s is a circle member's name and %(id)s their circle id, quoted, a word
# that also names a reader; %(called)s is the person's name; "recoveryplan validate" is a
# command, kept as it is.
_KEYWORD_TAKEN: dict[str, str] = {
    PERSON: N_(
        "%(name)s has the circle id %(id)s, which also names %(called)s, so whose copy of the "
        "plan is whose cannot be told; give them another id (recoveryplan validate shows where)"
    ),
    STAFF: N_(
        "%(name)s has the circle id %(id)s, which also names the staff team's view, so whose "
        "copy of the plan is whose cannot be told; give them another id (recoveryplan validate "
        "shows where)"
    ),
    "service": N_(
        "%(name)s has the circle id %(id)s, which also names the service, so whose copy of the "
        "plan is whose cannot be told; give them another id (recoveryplan validate shows where)"
    ),
}
"""What is said of a circle member whose id is a reader's keyword, for each keyword."""


def check_audience(plan: Plan, audience: object) -> CircleMember | None:
    """The circle member an audience names (``None`` for the person and the staff).

    Raises :class:`UnknownAudienceError` for anyone else, and :class:`ConsentError` for a
    member the person has not agreed to share anything with.
    """
    reader = resolve_audience(plan, audience)
    if reader in (PERSON, STAFF):
        return None
    member = plan.member(reader)
    if not shared_sections(plan, member.id):
        called = plan.person.called
        # Translators: %(called)s is the person's name; %(their)s is "her", "his" or "their"
        # (English grammar: a translation may leave it out); %(name)s is the member's name and
        # %(id)s their circle id, quoted; 'person' and 'staff' are words a command takes.
        raise ConsentError(
            gettext(
                "%(called)s has not agreed to share any part of %(their)s plan with %(name)s; "
                "add a sharing entry for %(id)s that lists the sections %(called)s agrees to "
                "share, or render for 'person' or 'staff'"
            )
            % {
                "called": called,
                "their": possessive(plan.person),
                "name": member.name,
                "id": repr(member.id),
            }
        )
    return member


@attrs.frozen(kw_only=True)
class Disclosure:
    """What one reader may see of a plan: the consent decision, made once by :func:`disclose`.

    Everything that shows a plan to someone reads this value and decides nothing again: the
    template context takes its ``plan``, its ``kind`` (the voice) and its ``sections``; the
    views are refused unless listed in ``views``; ``--audience all`` renders for every
    disclosure :func:`disclosures` gives.
    """

    reader: str
    """Who reads it: ``"person"``, ``"staff"`` or a circle member's id, as resolved."""
    kind: str
    """``"person"``, ``"staff"`` or ``"member"``."""
    member: CircleMember | None
    """The circle member reading it (``None`` for the person and the staff)."""
    sections: tuple[Section, ...]
    """The sections the reader may see, in the plan's order: every one for the person and the
    staff, the shared ones for a circle member."""
    views: tuple[str, ...]
    """The views (:data:`VIEW_SECTIONS`) the reader may have, in their order."""
    plan: Plan = attrs.field(repr=False)
    """The plan as the reader may see it (for the person and the staff, the plan itself)."""

    @property
    def shared(self) -> tuple[Section, ...]:
        """The sections the person chose to share with this circle member (none for the
        person and the staff, who are not shared with but own or keep the plan)."""
        return self.sections if self.member is not None else ()

    def shows(self, section: Section) -> bool:
        """Whether the reader may see ``section``."""
        return section in self.sections


def disclose(plan: Plan, audience: object) -> Disclosure:
    """The consent decision for one reader of ``plan``: see :class:`Disclosure`.

    Raises :class:`UnknownAudienceError` for someone who is not a reader of the plan and
    :class:`ConsentError` for a circle member the person has shared nothing with.
    """
    member = check_audience(plan, audience)
    if member is None:
        reader = resolve_audience(plan, audience)
        return Disclosure(
            reader=reader,
            kind=reader,
            member=None,
            sections=tuple(Section),
            views=tuple(VIEW_SECTIONS),
            plan=plan,
        )
    sections = shared_sections(plan, member.id)
    return Disclosure(
        reader=member.id,
        kind=MEMBER,
        member=member,
        sections=sections,
        views=tuple(
            view for view, needed in VIEW_SECTIONS.items() if needed is None or needed in sections
        ),
        plan=_redacted(plan, member, frozenset(sections)),
    )


def disclosures(plan: Plan) -> Iterator[Disclosure]:
    """The decision for every reader the plan can be shown to: the person, the staff, and
    each circle member the person has agreed to share something with, in the plan's order."""
    for reader in audiences(plan):
        if reader in (PERSON, STAFF) or shared_sections(plan, reader):
            yield disclose(plan, reader)


def readers(plan: Plan, view: str | None = None) -> list[str]:
    """Everyone a plan may be rendered for: the person, the staff, and each circle member the
    person has agreed to share something with, in the plan's order; given a ``view``, only
    those it suits (a member not given the section it is made from is left out). This is the
    one list every message that names a plan's readers shows, and ``--audience all``
    renders."""
    return [
        disclosure.reader
        for disclosure in disclosures(plan)
        if view is None or view in disclosure.views
    ]


def redact(plan: Plan, audience: str) -> Plan:
    """The plan as ``audience`` may see it (:attr:`Disclosure.plan`).

    For the person and the staff this is the plan itself. For a circle member, every section
    the person did not share is emptied (except what the member raised themselves in the
    assessment, which they always hear back about), private assessment items are removed,
    the fields no member sees (organisation extensions, the date of birth and communication
    needs) are dropped, and references from shared sections to hidden things (an outcome
    ``based_on`` a hidden item, a risk plan ``supports`` a hidden goal) are cut. When the
    circle itself is not shared, only the members that the shared sections mention are kept,
    and only their names and roles, so that "who helps" still reads as a name without
    revealing anyone's contact details.
    """
    return disclose(plan, audience).plan


def redact_as(plan: Plan, disclosure: Disclosure) -> Plan:
    """``plan`` as the reader of ``disclosure`` may see it under that disclosure's consent,
    not under the consent ``plan`` itself records.

    Comparing two versions of a plan for a reader needs both seen through one decision (the
    newer version's): otherwise a widened consent would show as every newly visible part,
    and a narrowed one would leak what the reader may no longer see.
    """
    if disclosure.member is None:
        return plan
    return _redacted(plan, disclosure.member, frozenset(disclosure.sections))


def section_of(field: attrs.Attribute[Any]) -> Section | None:
    """The shared section a field of the plan belongs to, from its metadata."""
    rule = shown_to(field)
    return Section(rule) if rule in Section.values() else None


# -- redaction, from the fields' metadata --------------------------------------------------


def _redacted(plan: Plan, member: CircleMember, sections: Set[Section]) -> Plan:
    """The member's copy, each field of the plan as its ``shown_to`` says: a section's fields
    kept when it was shared and emptied when not, what remains of the assessment and the
    circle worked out after the rest, then every field no member sees emptied and every
    reference to a part the copy does not hold cut."""
    changes: dict[str, Any] = {}
    remains: list[tuple[attrs.Attribute[Any], Section]] = []
    for field, rule, section in _plan_fields():
        value = getattr(plan, field.name)
        if rule in (EVERY_READER, NO_MEMBER):
            continue  # kept, or emptied by _withheld with every such field inside the plan
        if rule == OWN_ENTRIES:
            changes[field.name] = tuple(entry for entry in value if _names(entry, member.id))
        elif section is not None and section in _WHAT_REMAINS:
            changes[field.name] = default_value(field)
            remains.append((field, section))
        elif section is None or section not in sections:
            # Not shared with them, or the field does not say who may see it: kept from them.
            changes[field.name] = default_value(field)
    shown = _withheld(attrs.evolve(plan, **changes))
    for field, section in sorted(remains, key=lambda found: list(Section).index(found[1])):
        seen = _WHAT_REMAINS[section]
        value = seen(getattr(plan, field.name), member, section in sections, shown)
        shown = attrs.evolve(shown, **{field.name: value})
    return _without_hidden_references(shown)


@cache
def _plan_fields() -> tuple[tuple[attrs.Attribute[Any], str | None, Section | None], ...]:
    """Each field of the plan, with who may see it and the section it belongs to."""
    return tuple((field, shown_to(field), section_of(field)) for field in attrs.fields(Plan))


def _names(entry: Any, member_id: str) -> bool:
    """Whether an entry names the member in one of its person references."""
    return any(
        refers_to(field) == "person" and getattr(entry, field.name) == member_id
        for field in attrs.fields(type(entry))
    )


def _assessment_seen(
    assessment: Assessment | None, member: CircleMember, shared: bool, shown: Plan
) -> Assessment | None:
    """The assessment a member sees: never a private item; when the assessment is not shared,
    still what they raised themselves (a carer's own need, and what answers it), because
    those are their own words and they should hear back."""
    if assessment is None:
        return None
    items = tuple(
        item
        for item in assessment.items
        if not item.private and (shared or item.raised_by == member.id)
    )
    if shared:
        return attrs.evolve(assessment, items=items)
    return Assessment(items=items) if items else None


def _circle_seen(
    circle: tuple[CircleMember, ...], member: CircleMember, shared: bool, shown: Plan
) -> tuple[CircleMember, ...]:
    """The circle a member sees: all of it when shared; otherwise only who the rest of their
    copy mentions (and themselves), by name and role, without contact details."""
    if shared:
        return circle
    mentioned = {reference.value for reference in shown.references("person")} | {member.id}
    return tuple(
        CircleMember(id=m.id, name=m.name, role=m.role) for m in circle if m.id in mentioned
    )


_WHAT_REMAINS: dict[Section, Callable[[Any, CircleMember, bool, Plan], Any]] = {
    Section.ASSESSMENT: _assessment_seen,
    Section.CIRCLE: _circle_seen,
}
"""Sections of which a member sees something whether or not they were shared, or less than
all when they were; worked out in the sections' order, each from the copy made so far (the
circle last, from who the rest of the copy mentions)."""


def _withheld(part: Any) -> Any:
    """``part`` with every field no member sees (``shown_to=NO_MEMBER``), however deep,
    emptied."""
    return rebuilt(part, _never_shown, lambda owner, field: default_value(field))


def _without_hidden_references(shown: Plan) -> Plan:
    """``shown`` with every reference by id to a part it does not hold cut, so a shared
    outcome does not point at a hidden assessment item, nor a risk plan at a hidden goal."""
    visible = shown.index().keys()

    def about_shown(owner: Any, field: attrs.Attribute[Any]) -> Any:
        return tuple(
            entry for entry in getattr(owner, field.name) if _refers_only_to(entry, visible)
        )

    shown = rebuilt(shown, _about_parts, about_shown)

    def kept(owner: Any, field: attrs.Attribute[Any]) -> Any:
        value = getattr(owner, field.name)
        if type(value) is tuple:
            return tuple(id for id in value if id in visible)
        return value if value is None or value in visible else None

    cut: Plan = rebuilt(shown, _refers_by_id, kept)
    return cut


def _about_parts(field: attrs.Attribute[Any]) -> bool:
    return shown_to(field) == SHOWN_PARTS


def _refers_only_to(entry: Any, visible: Set[str]) -> bool:
    """Whether every part ``entry`` names by id is one the copy holds (a decision about a
    hidden risk plan is dropped whole, not left about nothing)."""
    for field in attrs.fields(type(entry)):
        if not _refers_by_id(field):
            continue
        value = getattr(entry, field.name)
        named = value if type(value) is tuple else (value,)
        if any(id is not None and id not in visible for id in named):
            return False
    return True


def _never_shown(field: attrs.Attribute[Any]) -> bool:
    return shown_to(field) == NO_MEMBER


_NOT_PARTS = (None, "person", "domain")
"""What a field may refer to that is not a part of the plan: nothing, people (who are named
through the circle, not cut) and the framework's domains (the same for every reader)."""


def _refers_by_id(field: attrs.Attribute[Any]) -> bool:
    return refers_to(field) not in _NOT_PARTS
