"""What the store says about a plan's past: its revisions and who was shown which copy.

These are plain values, importable without the database libraries, so code that only reads
them (a template, a web handler's type hints) does not need the ``store`` extra.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from ..sharing import Section

__all__ = ["DisclosureRecord", "Revision"]


@attrs.frozen(kw_only=True)
class Revision:
    """One saved version of a plan: the whole plan is kept with it, never changed in place.

    ``number`` counts from 1 for each plan with no gaps; ``at`` is when it was saved (UTC);
    ``by`` who saved it (``"person"``, ``"service"``, a circle id or a staff member's id);
    ``why`` the reason they gave; ``fingerprint`` the plan's content digest, fit for an HTTP
    ETag (``rp.fingerprint`` of the plan as saved).
    """

    number: int
    at: datetime
    by: str
    why: str
    fingerprint: str


@attrs.frozen(kw_only=True)
class DisclosureRecord:
    """One copy of a plan shown or given to a reader: the accountability record that data
    protection law asks for. It names who and what part, never what the plan says."""

    plan_id: str
    revision: int
    """The revision the copy was made from."""
    reader: str
    """``"person"``, ``"staff"`` or the circle member's id."""
    sections: tuple[Section, ...]
    """The sections the reader was allowed to see in that copy."""
    view: str
    """The document made: ``"plan"``, ``"review"``, ``"safety-plan"``, ``"crisis-card"``...,
    or ``"fhir"`` for a FHIR bundle exported from the store."""
    at: datetime
    by: str
    """Who made the copy (a staff member's id, ``"person"``...)."""
