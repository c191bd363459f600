"""The strengths-based conversation: strengths, needs, hopes, dreams and aspirations."""

from __future__ import annotations

from datetime import date

import attrs

from ._checks import Checked
from ._fields import Enumeration, meaning
from ._typed import Items, Word

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
class AssessmentItem(Checked):
    """One thing said in the assessment, in the words of whoever said it.

    A service-voice need carries its ``statutory_basis`` when the service must meet it by law;
    ``private`` items are never shown to the circle.
    """

    id: str = attrs.field(metadata=meaning("The item's id; outcomes refer to it in `based_on`."))
    kind: ItemKind = attrs.field(
        converter=Word[ItemKind],
        metadata=meaning("Whether this is a strength, a need, a hope, a dream or an aspiration."),
    )
    domain: str | None = attrs.field(
        default=None,
        metadata=meaning("The id of the framework domain it belongs to.", refers_to="domain"),
    )
    text: str = attrs.field(
        metadata=meaning("What was said, in the words of whoever said it.", voice="voice")
    )
    voice: Voice = attrs.field(
        converter=Word[Voice],
        metadata=meaning(
            "Whose words these are: the person's own, the service's (a duty of care), or a "
            "supporter's."
        ),
    )
    raised_by: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "Who raised it, when that is not obvious from `voice`.", refers_to="person"
        ),
    )
    statutory_basis: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "For a need the service identifies because of a legal duty: the law or order behind it."
        ),
    )
    private: bool = attrs.field(
        default=False, metadata=meaning("When `true`, the item is never shown to circle members.")
    )
    answer: str | None = attrs.field(
        default=None,
        metadata=meaning(
            "For a need: how it is answered, in words, when no outcome is based on it (who a "
            "carer can call at the weekend, say).",
            voice="service",
        ),
    )


@attrs.frozen(kw_only=True)
class Assessment(Checked):
    """When the assessment was done, who took part (``with`` in the format) and what was said."""

    on: date | None = attrs.field(
        default=None, metadata=meaning("When the assessment conversation took place.")
    )
    participants: tuple[str, ...] = attrs.field(
        converter=Items[str],
        default=(),
        metadata=meaning("Who took part in the conversation.", key="with", refers_to="person"),
    )
    items: tuple[AssessmentItem, ...] = attrs.field(
        converter=Items[AssessmentItem],
        default=(),
        metadata=meaning("What was said: strengths, needs, hopes, dreams and aspirations."),
    )
