"""The strengths-based conversation: strengths, needs, hopes, dreams and aspirations."""

from __future__ import annotations

from datetime import date

import attrs

from ._base import Enumeration, PersonRef

__all__ = ["Assessment", "AssessmentItem", "ItemKind", "Voice"]


class ItemKind(Enumeration):
    STRENGTH = "strength"
    NEED = "need"
    HOPE = "hope"
    DREAM = "dream"
    ASPIRATION = "aspiration"


class Voice(Enumeration):
    """Whose words an item is: keeps the person's choices apart from the service's duties."""

    PERSON = "person"
    SERVICE = "service"
    SUPPORTER = "supporter"


@attrs.frozen(kw_only=True)
class AssessmentItem:
    """One thing said in the assessment, in the words of whoever said it.

    A service-voice need carries its ``statutory_basis`` when the service must meet it by law;
    ``private`` items are never shown to the circle.
    """

    id: str
    kind: ItemKind
    domain: str | None = None
    text: str
    voice: Voice
    raised_by: PersonRef | None = None
    statutory_basis: str | None = None
    private: bool = False


@attrs.frozen(kw_only=True)
class Assessment:
    """When the assessment was done, who took part (``with`` in the format) and what was said."""

    on: date | None = None
    participants: tuple[PersonRef, ...] = ()
    items: tuple[AssessmentItem, ...] = ()
