"""The narrative of each exported resource: what it holds, in words, for a plain FHIR viewer.

A system that knows nothing of this project's extensions, or of FHIR's own coded elements,
still shows a resource's ``text``. So every resource the export writes gets a generated
narrative (``text.status`` ``generated``) saying what the resource holds, with the headings the
staff copy of the plan uses (``templates/_words.j2``). The narrative is only ever made from what
the resource itself carries, so it shares nothing the bundle does not already share; the import
reads the resource's elements and extensions, never the narrative.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any, Final

from ..communication import need_words
from ..goals import Goal, Outcome
from ..people import CircleMember, Person, Service
from ..ratings import Rating
from ..risk import RiskPlan
from ..safety import SafetyPlan
from ..sharing import SharingConsent

__all__ = [
    "XHTML",
    "care_plan",
    "care_team",
    "consent",
    "goal",
    "member",
    "narrative",
    "patient",
    "rating",
    "risk_plan",
    "safety_plan",
    "service",
]

JSON = dict[str, Any]
Line = tuple[str, str | Sequence[str] | None]
"""A heading and what is under it: one value, several, or nothing (the line is left out)."""

XHTML: Final = "http://www.w3.org/1999/xhtml"

SAFETY_STEPS: Final = (
    ("warning_signs", "Warning signs"),
    ("coping_strategies", "Things they can do on their own"),
    ("distractions", "People and places that help take their mind off things"),
    ("people_to_ask", "People they can ask for help"),
    ("professionals", "Professionals and crisis lines"),
    ("safer_environment", "Making their surroundings safer"),
    ("reasons_for_living", "Reasons for living"),
)
"""The safety plan's steps in the order and words of the staff copy."""


def narrative(title: str, lines: Iterable[Line] = ()) -> JSON:
    """A generated narrative: the title, then each line that holds something.

    Every piece of text is escaped, so what a person wrote can never become markup; the title
    is never empty, so the narrative always has content (``txt-2``).
    """
    parts = [f'<div xmlns="{XHTML}"><p><b>{_escaped(title)}</b></p>']
    for label, value in lines:
        if value is None or (not isinstance(value, str) and not value):
            continue
        if isinstance(value, str):
            parts.append(f"<p>{_escaped(label)}: {_escaped(value)}</p>")
            continue
        items = "".join(f"<li>{_escaped(item)}</li>" for item in value)
        parts.append(f"<p>{_escaped(label)}:</p><ul>{items}</ul>")
    parts.append("</div>")
    return {"status": "generated", "div": "".join(parts)}


_NOT_XML: Final = re.compile("[\ufffe\uffff]")
"""Characters plan text may hold that XML may not (the rest, control characters and halves of
characters, no plan holds)."""


def _escaped(text: str) -> str:
    """Text as XHTML: markup escaped, and what XML cannot hold shown as U+FFFD."""
    return escape(_NOT_XML.sub("\ufffd", text), quote=False)


def _shown(name: str | None) -> str | None:
    """A name as a narrative's title, or ``None`` when it holds nothing a reader would see (a
    name of spaces would give an empty narrative, which FHIR does not allow)."""
    return name if name is not None and name.strip() else None


def _day(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def patient(person: Person) -> JSON:
    return narrative(
        _shown(person.name) or _shown(person.called) or "The person",
        [
            ("Likes to be called", person.preferred_name),
            ("Pronouns", person.pronouns),
            ("Date of birth", _day(person.date_of_birth)),
            ("Language", person.language),
            ("How to communicate", [need_words(need) for need in person.communication]),
        ],
    )


def service(found: Service | None) -> JSON:
    if found is None:
        return narrative("The service")
    return narrative(_shown(found.name) or "The service", [("Part of", found.organisation)])


def member(found: CircleMember) -> JSON:
    return narrative(
        _shown(found.name) or "Someone in the circle",
        [
            ("Role", found.role.value),
            ("Relationship", found.relationship),
            ("Contact", found.contact),
        ],
    )


def care_team(person: str, members: Iterable[tuple[str, str]]) -> JSON:
    """``members``: each member's name and role."""
    shown = [f"{name} ({role})" for name, role in members]
    return narrative(f"The people who support {person}", [("Members", shown)])


def care_plan(person: str, outcomes: Sequence[str], support: Sequence[str]) -> JSON:
    return narrative(
        f"Recovery plan for {person}",
        [("Hopes and outcomes", list(outcomes)), ("Support", list(support))],
    )


def goal(part: Outcome | Goal) -> JSON:
    """A goal's narrative holds its description, as the issue's outside checks expect."""
    due = part.target_on if isinstance(part, Outcome) else part.due_on
    return narrative(
        part.statement or "A goal with no description",
        [
            ("Status", part.status.value.replace("_", " ")),
            ("By", _day(due)),
            ("Achieved on", _day(part.achieved_on)),
            ("Why", part.status_note),
        ],
    )


def risk_plan(risk: RiskPlan, safeguards: Sequence[str]) -> JSON:
    return narrative(
        f"Positive risk plan: {risk.activity}" if risk.activity else "Positive risk plan",
        [
            ("Concerns", [concern.description for concern in risk.concerns]),
            ("Benefits", list(risk.benefits)),
            ("Safeguards", list(safeguards)),
            ("If things go wrong", risk.contingency),
        ],
    )


def rating(found: Rating, domain: str, by: str) -> JSON:
    return narrative(
        f"{domain}: {found.value}",
        [("Rated on", found.on.isoformat()), ("By", by), ("Note", found.note)],
    )


def consent(person: str, found: SharingConsent, with_whom: str) -> JSON:
    sections = [section.value.replace("_", " ") for section in found.sections]
    return narrative(
        f"{person} agrees to share parts of the plan with {with_whom}",
        [("Sections", sections), ("Agreed on", _day(found.consented_on))],
    )


def safety_plan(person: str, safety: SafetyPlan, names: dict[str, str]) -> JSON:
    """``names``: how each person a distraction names is called."""
    lines: list[Line] = []
    for field, heading in SAFETY_STEPS:
        values = getattr(safety, field)
        if field == "distractions":
            shown = [
                d.what if d.who is None else f"{d.what} ({names.get(d.who, d.who)})" for d in values
            ]
        elif field == "professionals":
            shown = [f"{p.name}: {p.contact}" for p in values]
        else:
            shown = list(values)
        lines.append((heading, shown))
    return narrative(f"Safety plan for {person}", lines)
