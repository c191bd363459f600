"""Practice checks about the people around the plan: informal support in the circle, a
carer's own support plan, and communication needs that someone has to arrange.

They yield ``(code, path, message)``; :mod:`recoveryplan.builtin.practice` gives each its
severity from its catalogue of codes.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..communication import ARRANGED_BY_STAFF, Need, NeedKind
from ..messages import N_
from ..messages import gettext as _
from ..people import Role
from ..plan import Plan
from ..textformats import isolate
from ._wording import Speaker, blank

__all__ = ["INFORMAL_ROLES", "circle_findings"]

Found = tuple[str, str, str]


def circle_findings(plan: Plan) -> Iterator[Found]:
    """The circle's findings, then the communication needs' findings."""
    yield from _circle(plan)
    yield from _communication(plan)


INFORMAL_ROLES = frozenset({Role.CARER, Role.FAMILY, Role.FRIEND, Role.PEER})
"""Circle roles that are informal support, the involvement SRI 2 found hardest to achieve."""


def _communication(plan: Plan) -> Iterator[Found]:
    """Needs no copy of the plan can meet: someone has to arrange them, every time. Every
    other coded need is met by the copies (easy read by the easy-read view, a reader's default
    when they need it), so it gives no finding."""
    readers = [(-1, plan.person.communication)]
    readers += [(i, member.communication) for i, member in enumerate(plan.circle)]
    for reader, needs in readers:
        for index, need in enumerate(needs):
            if not isinstance(need, Need):
                continue
            if need.kind in ARRANGED_BY_STAFF:
                # Who needs it, and where, worked out only for a need reported.
                if reader < 0:
                    where, name = "$.person", Speaker(plan).name
                else:
                    where, name = f"$.circle[{reader}]", isolate(plan.circle[reader].name)
                path = f"{where}.communication[{index}]"
                words = {"name": name, "language": isolate(need.language or "")}
                if need.kind is NeedKind.INTERPRETER:
                    # Translators: %(name)s is the reader; %(language)s the language, as recorded.
                    message = _(
                        "%(name)s needs an interpreter (language %(language)s), which no copy of "
                        "the plan can give; book one for every meeting and review, and go "
                        "through the plan with %(name)s together"
                    )
                else:
                    # Translators: %(name)s is the reader.
                    message = _(
                        "%(name)s needs a BSL interpreter, which no copy of the plan can give; "
                        "book one for every meeting and review, and go through the plan with "
                        "%(name)s together"
                    )
                yield ("communication.arrange", path, message % words)


def _circle(plan: Plan) -> Iterator[Found]:
    yield from _carers(plan)
    if any(member.role in INFORMAL_ROLES for member in plan.circle):
        return
    p = Speaker(plan)
    yield (
        "circle.no-informal-support",
        "$.circle" if plan.circle else "$",
        # Translators: %(name)s is the person's name;
        # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
        # English grammar: a translation may leave them out and use %(name)s instead.
        _(
            "nobody in %(name)s's circle is a carer, family member, friend or peer; ask %(name)s "
            "whether there is someone %(they)s would like to involve, and add them to the circle "
            "(they see nothing of the plan unless %(name)s agrees to share it)"
        )
        % p.words,
    )


CARING_ROLES = frozenset({Role.CARER, Role.FAMILY})
"""Circle roles that may be caring, and so entitled to a support plan of their own."""

_CARING = {
    # Translators: %(member)s is the circle member's name.
    Role.CARER: N_(
        "%(member)s is in %(name)s's circle as a carer and has no support plan of their own "
        "linked or offered; if they care for %(name)s, offer them one (in Scotland, an adult "
        "carer support plan under the Carers (Scotland) Act 2016) and record its reference and "
        "review date, or the date it was offered, as the member's support_plan"
    ),
    # Translators: %(member)s is the circle member's name.
    Role.FAMILY: N_(
        "%(member)s is in %(name)s's circle as family and has no support plan of their own "
        "linked or offered; if they care for %(name)s, offer them one (in Scotland, an adult "
        "carer support plan under the Carers (Scotland) Act 2016) and record its reference and "
        "review date, or the date it was offered, as the member's support_plan"
    ),
}
"""What a carer or family member with no support plan is told: the field name support_plan
and the Act's name are written as they are."""


def _carers(plan: Plan) -> Iterator[Found]:
    """A carer with no support plan of their own linked, and none offered: in Scotland, an
    adult carer support plan is theirs by right (Carers (Scotland) Act 2016, section 6)."""
    p = Speaker(plan)
    for i, member in enumerate(plan.circle):
        if member.role not in CARING_ROLES:
            continue
        offer = member.support_plan
        if offer is not None and (not blank(offer.reference) or offer.offered_on is not None):
            continue
        yield (
            "circle.carer-no-support-plan",
            f"$.circle[{i}]",
            _(_CARING[member.role]) % {**p.words, "member": isolate(member.name)},
        )
