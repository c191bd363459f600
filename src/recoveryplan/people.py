"""Who the plan is for, the service that supports them, and their circle of support."""

from __future__ import annotations

from datetime import date

import attrs

from ._checks import Checked
from ._fields import NO_MEMBER, Enumeration, meaning
from ._typed import Items, Word

__all__ = ["CircleMember", "Identifier", "Person", "Role", "Service", "SupportPlan"]


class Role(Enumeration):
    """What a circle member is to the person."""

    CARER = "carer"
    FAMILY = "family"
    FRIEND = "friend"
    PEER = "peer"
    STAFF = "staff"
    PROFESSIONAL = "professional"
    ADVOCATE = "advocate"
    OTHER = "other"


@attrs.frozen(kw_only=True)
class Identifier(Checked):
    """A number or code that names the person in another system, so that the plan can be
    matched with their records there (the NHS number, a hospital or council record number)."""

    system: str = attrs.field(
        metadata=meaning(
            "The system the identifier belongs to, as a URI: for the NHS number "
            "`https://fhir.nhs.uk/Id/nhs-number`."
        )
    )
    value: str = attrs.field(metadata=meaning("The identifier in that system."))


@attrs.frozen(kw_only=True)
class Person(Checked):
    """The person the plan belongs to; every rendered plan calls them by ``preferred_name``."""

    id: str = attrs.field(
        metadata=meaning("The person's id (a case or record number, for example).")
    )
    identifiers: tuple[Identifier, ...] = attrs.field(
        converter=Items[Identifier],
        default=(),
        metadata=meaning(
            "The person's identifiers in other systems (the NHS number, record numbers), each "
            "with its system; FHIR carries them as `Patient.identifier`."
        ),
    )
    name: str = attrs.field(metadata=meaning("The person's full name."))
    preferred_name: str | None = attrs.field(
        default=None,
        metadata=meaning("What the person likes to be called; every rendered plan uses it."),
    )
    pronouns: str | None = attrs.field(
        default=None,
        metadata=meaning("The person's pronouns, as they write them (for example `she/her`)."),
    )
    date_of_birth: date | None = attrs.field(
        default=None, metadata=meaning("The person's date of birth.", shown_to=NO_MEMBER)
    )
    language: str | None = attrs.field(
        default=None,
        metadata=meaning("The language the person prefers, as a language tag such as `en-GB`."),
    )
    communication: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=meaning(
            "How the person wants to be communicated with (large print, easy read, an "
            "interpreter), in their own words.",
            voice="person",
            shown_to=NO_MEMBER,
        ),
    )

    @property
    def called(self) -> str:
        """What to call the person: their preferred name, else their name."""
        return self.preferred_name or self.name


@attrs.frozen(kw_only=True)
class Service(Checked):
    """The service that supports the person and holds a duty of care."""

    name: str = attrs.field(metadata=meaning("The service's name."))
    organisation: str | None = attrs.field(
        default=None, metadata=meaning("The organisation that runs the service.")
    )


@attrs.frozen(kw_only=True)
class SupportPlan(Checked):
    """A carer's own support plan, kept by whoever holds it (in Scotland, the adult carer
    support plan the Carers (Scotland) Act 2016 entitles a carer to): linked here so that the
    team knows it was offered and when it is looked at again. Its contents stay where it is
    kept; this plan holds only the link."""

    reference: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "Where the carer's own plan is kept: its reference with the council or carers' "
            "centre that holds it (empty when it was offered and not taken up)."
        ),
    )
    offered_on: date | None = attrs.field(
        default=None, metadata=meaning("When the carer was offered a support plan of their own.")
    )
    review_on: date | None = attrs.field(
        default=None, metadata=meaning("When the carer's own plan is next reviewed.")
    )


@attrs.frozen(kw_only=True)
class CircleMember(Checked):
    """Someone in the person's circle of support; other sections refer to them by ``id``."""

    id: str = attrs.field(metadata=meaning("The member's id; other sections refer to them by it."))
    name: str = attrs.field(metadata=meaning("The member's name."))
    relationship: str | None = attrs.field(
        default=None,
        metadata=meaning("What they are to the person, in the person's words (`My sister`)."),
    )
    role: Role = attrs.field(
        converter=Word[Role], metadata=meaning("The kind of support they give.")
    )
    contact: str | None = attrs.field(default=None, metadata=meaning("How to reach them."))
    support_plan: SupportPlan | None = attrs.field(
        default=None,
        metadata=meaning(
            "For a carer: the link to their own support plan (a reference and a review date), "
            "or when it was offered.",
            shown_to=NO_MEMBER,
        ),
    )
