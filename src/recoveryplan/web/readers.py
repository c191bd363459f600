"""Who is signed in, what they are to this plan, and which pages they may open.

The host's ``identify(request)`` names a person reference; this module turns it into a
:class:`Reader` for one plan. What the reader may *see* is decided by
:func:`recoveryplan.audience.disclose` alone; what they may *open or write* is decided here,
from what kind of reader they are, so that a circle member guessing a staff page's address is
refused before any plan is read for them.
"""

from __future__ import annotations

from typing import Literal

import attrs

from ..people import Role
from ..plan import Plan

__all__ = ["PAGES", "Kind", "Reader", "reader_for"]

Kind = Literal["person", "staff", "member"]

STAFF_PREFIX = "staff:"
"""What ``identify`` returns, before the staff id, for a worker who is not in the circle."""

PAGES: dict[Kind, frozenset[str]] = {
    "person": frozenset(
        {"home", "plan", "items", "steps", "ratings", "risks", "sharing", "agree", "changes"}
    ),
    "staff": frozenset({"home", "plan", "steps", "needs", "risks", "reviews", "changes"}),
    "member": frozenset({"home", "plan", "raised", "changes"}),
}
"""The pages each kind of reader may open (and post to); every other address is refused."""


@attrs.frozen
class Reader:
    """One signed-in reader of one plan.

    ``ref`` is who saves (a revision's ``by``: ``"person"``, a circle id or ``"staff:<id>"``);
    ``audience`` is what :func:`~recoveryplan.audience.disclose` is asked for (``"person"``,
    ``"staff"`` or the member's circle id).
    """

    ref: str
    audience: str
    kind: Kind

    def may_open(self, page: str) -> bool:
        return page in PAGES[self.kind]


def reader_for(plan: Plan, ref: str | None) -> Reader | None:
    """The reader ``ref`` is for ``plan``; ``None`` when it names nobody the plan knows.

    A circle member whose role is ``staff`` is a worker and sees what the staff see; any other
    member is a reader of their shared extract only.
    """
    if not ref:
        return None
    if ref == "person":
        return Reader(ref, "person", "person")
    if ref.startswith(STAFF_PREFIX) and len(ref) > len(STAFF_PREFIX):
        return Reader(ref, "staff", "staff")
    for member in plan.circle:
        if member.id == ref:
            if member.role is Role.STAFF:
                return Reader(ref, "staff", "staff")
            return Reader(ref, ref, "member")
    return None
