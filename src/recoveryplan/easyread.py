"""The easy-read copy: which reader gets it by default, and the pictures beside its headings.

Easy read is a need the Accessible Information Standard names, and a reader who has it recorded
should not have to ask for it again each time: :func:`default_view` gives them the easy-read
copy whenever no view is asked for. Consent is not decided here; the copy is made from
:func:`recoveryplan.audience.disclose`'s plan like every other view.

The pictures are OpenMoji (CC BY-SA 4.0), shipped in the package so that a copy printed
offline has them; they are embedded as ``data:`` URLs so that an HTML copy is one file and
the SVGs' own element ids never clash in the page.
"""

from __future__ import annotations

import base64
from functools import cache
from importlib import resources

from .audience import MEMBER, PERSON, disclose
from .communication import NeedKind, needs_of_kind
from .plan import Plan

__all__ = ["EASY_READ", "PICTURES", "default_view", "pictures"]

EASY_READ = "easy-read"
"""The easy-read view's name, as :func:`recoveryplan.render` takes it."""

PICTURES: tuple[str, ...] = (
    "plan",
    "safety",
    "signs",
    "helps",
    "ask",
    "call",
    "reasons",
    "steps",
    "strengths",
    "people",
)
"""The pictures an easy-read copy uses, each ``recoveryplan/pictures/<name>.svg``."""


def default_view(plan: Plan, audience: str) -> str:
    """The view a reader gets when none is asked for: easy read when their own recorded needs
    (the person's, or a circle member's) include it, else the whole plan."""
    disclosure = disclose(plan, audience)
    if disclosure.kind == PERSON:
        needs = plan.person.communication
    elif disclosure.kind == MEMBER and disclosure.member is not None:
        needs = disclosure.member.communication
    else:
        return "plan"
    return EASY_READ if needs_of_kind(needs, NeedKind.EASY_READ) else "plan"


@cache
def pictures() -> dict[str, str]:
    """Each picture's ``data:`` URL, read once from the package."""
    folder = resources.files("recoveryplan") / "pictures"
    found = {}
    for name in PICTURES:
        svg = (folder / f"{name}.svg").read_bytes()
        found[name] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return found
