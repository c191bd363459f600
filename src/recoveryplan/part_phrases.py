"""How editing's messages name the parts of a plan: a kind of part, one part by its id or by
what identifies it, and the code that finds it.

An edit refused says which part it was about in words the staff who typed it can read ("the
review of 2026-06-02", "the small goal with the id 'g-bus'"), and where a developer needs it,
the code that finds the part instead. The finders and the edits in
:mod:`recoveryplan.editing` share these phrases, so each part is named one way everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from .assessment import AssessmentItem
from .goals import Goal, Outcome
from .messages import N_, gettext
from .people import CircleMember
from .ratings import Rating
from .reviews import Review
from .risk import Concern, RiskPlan, Safeguard
from .sharing import SharingConsent

__all__ = [
    "NAMES",
    "either",
    "finder_code",
    "kind_name",
    "kind_of",
    "listed",
    "nothing_has",
    "part_phrase",
]


class Identified(Protocol):
    """A plan, as far as naming what it does not hold needs one."""

    @property
    def id(self) -> str: ...


# Translators: the name of a kind of part of a plan on its own, without "a" or "the", put
# into a sentence as "no %(part)s in plan ..." or "the new %(part)s".
NAMES: dict[type, str] = {
    Goal: N_("small goal"),
    Outcome: N_("outcome"),
    AssessmentItem: N_("assessment item"),
    CircleMember: N_("circle member"),
    RiskPlan: N_("risk plan"),
    Concern: N_("concern"),
    Safeguard: N_("safeguard"),
    Rating: N_("rating"),
    Review: N_("review"),
    SharingConsent: N_("sharing entry"),
}
"""How a message names each kind of part that can be edited on its own (with "a", see
:func:`recoveryplan.part_names.a_part`)."""


def kind_of(cls: type) -> type | None:
    """The kind of part ``cls`` is: itself, or the model class a plugin's subclass extends."""
    return next((base for base in cls.__mro__ if base in NAMES), None)


def kind_name(cls: type) -> str:
    """The kind of part ``cls`` is, in words without an article; code for one not in the model."""
    found = NAMES.get(kind_of(cls) or cls)
    return gettext(found) if found is not None else cls.__name__


def either(names: list[str]) -> str:
    """Two or more names as alternatives ("an outcome or a small goal")."""
    said = names[0]
    for name in names[1:]:
        # Translators: two alternatives, each a message of its own ("an outcome", "a small
        # goal"): "an outcome or a small goal".
        said = gettext("%(one)s or %(another)s") % {"one": said, "another": name}
    return said


# Translators: a part of a plan without an id, named by what identifies it; %(member)s,
# %(domain)s and %(by)s are ids, quoted, and %(on)s a date as the file writes it.
_KEYED_PHRASES = {
    "sharing": N_("the sharing entry with %(member)s"),
    "review": N_("the review of %(on)s"),
    "rating": N_("the rating of %(domain)s on %(on)s by %(by)s"),
}

# Translators: a part of a plan named by its id (%(id)s, quoted).
_ID_PHRASES: dict[type, str] = {
    Goal: N_("the small goal with the id %(id)s"),
    Outcome: N_("the outcome with the id %(id)s"),
    AssessmentItem: N_("the assessment item with the id %(id)s"),
    CircleMember: N_("the circle member with the id %(id)s"),
    RiskPlan: N_("the risk plan with the id %(id)s"),
    Concern: N_("the concern with the id %(id)s"),
    Safeguard: N_("the safeguard with the id %(id)s"),
}


def part_phrase(cls: type, key: tuple[Any, ...]) -> str:
    """The part of kind ``cls`` that :func:`key_of` gives ``key``, in words."""
    if key[0] == "sharing":
        return gettext(_KEYED_PHRASES["sharing"]) % {"member": repr(key[1])}
    if key[0] == "review":
        return gettext(_KEYED_PHRASES["review"]) % {"on": key[1].isoformat()}
    if key[0] == "rating":
        _rating, domain, on, by = key
        return gettext(_KEYED_PHRASES["rating"]) % {
            "domain": repr(domain),
            "on": on.isoformat(),
            "by": repr(by),
        }
    return gettext(_ID_PHRASES[kind_of(cls) or cls]) % {"id": repr(key[1])}


def nothing_has(plan: Identified, id: str) -> str:
    """What is said when no part of ``plan`` has the id ``id``."""
    # Translators: %(plan)s and %(id)s are ids, quoted.
    return gettext("nothing in plan %(plan)s has the id %(id)s") % {
        "plan": repr(plan.id),
        "id": repr(id),
    }


def finder_code(cls: type, id: str) -> str:
    """The code that finds the part of kind ``cls`` with the id ``id``."""
    finder = {
        Goal: "goal",
        Outcome: "outcome",
        AssessmentItem: "item",
        CircleMember: "member",
        RiskPlan: "risk_plan",
        Concern: "concern",
        Safeguard: "safeguard",
    }[kind_of(cls) or cls]
    return f"plan.{finder}({id!r})"


def listed(ids: Iterable[str], most: int = 12) -> str:
    """Ids in a message, cut short so that a plan with hundreds of parts stays readable."""
    shown = list(ids)
    if not shown:
        # Translators: in place of a list of ids, when there are none.
        return gettext("none yet")
    if len(shown) > most:
        # Translators: %(listed)s is a list of ids, kept as they are; %(more)s a number.
        return gettext("%(listed)s and %(more)s more") % {
            "listed": ", ".join(shown[:most]),
            "more": len(shown) - most,
        }
    return ", ".join(shown)
