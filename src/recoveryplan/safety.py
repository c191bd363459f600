"""The safety plan: what the person does when things get hard, in the common six steps."""

from __future__ import annotations

import attrs

from ._base import PersonRef

__all__ = ["Distraction", "Professional", "SafetyPlan"]


@attrs.frozen(kw_only=True)
class Distraction:
    """A place, activity or person that takes the person's mind off things."""

    what: str
    who: PersonRef | None = None


@attrs.frozen(kw_only=True)
class Professional:
    """A professional, service or crisis line to contact, with how to reach them."""

    name: str
    contact: str


@attrs.frozen(kw_only=True)
class SafetyPlan:
    """Warning signs, coping, distraction, people, professionals, a safer place, and reasons."""

    warning_signs: tuple[str, ...] = ()
    coping_strategies: tuple[str, ...] = ()
    distractions: tuple[Distraction, ...] = ()
    people_to_ask: tuple[PersonRef, ...] = ()
    professionals: tuple[Professional, ...] = ()
    safer_environment: tuple[str, ...] = ()
    reasons_for_living: tuple[str, ...] = ()
