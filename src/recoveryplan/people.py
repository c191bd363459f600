"""Who the plan is for, the service that supports them, and their circle of support."""

from __future__ import annotations

from datetime import date

import attrs

from ._base import Enumeration

__all__ = ["CircleMember", "Person", "Role", "Service"]


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
class Person:
    """The person the plan belongs to; every rendered plan calls them by ``preferred_name``."""

    id: str
    name: str
    preferred_name: str | None = None
    pronouns: str | None = None
    date_of_birth: date | None = None
    language: str | None = None
    communication: tuple[str, ...] = ()

    @property
    def called(self) -> str:
        """What to call the person: their preferred name, else their name."""
        return self.preferred_name or self.name


@attrs.frozen(kw_only=True)
class Service:
    """The service that supports the person and holds a duty of care."""

    name: str
    organisation: str | None = None


@attrs.frozen(kw_only=True)
class CircleMember:
    """Someone in the person's circle of support; other sections refer to them by ``id``."""

    id: str
    name: str
    relationship: str | None = None
    role: Role
    contact: str | None = None
