"""What the store says about a plan's past: its revisions and who was shown which copy.

These are plain values, importable without the database libraries, so code that only reads
them (a template, a web handler's type hints) does not need the ``store`` extra.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import attrs

from ..plan import Plan
from ..serialize import to_data
from ..sharing import Section

__all__ = ["DisclosureRecord", "Revision", "document_fingerprint", "plan_fingerprint"]


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
    """The document made: ``"plan"``, ``"review"``, ``"safety-plan"``, ``"crisis-card"``..."""
    at: datetime
    by: str
    """Who made the copy (a staff member's id, ``"person"``...)."""


def document_fingerprint(document: Any) -> str:
    """The digest of a plan's JSON values (``rp.to_data``): SHA-256 of its canonical JSON.

    Canonical as ``rp.fingerprint`` makes it: keys sorted, no spaces, UTF-8 text, whole
    numbers written without a fraction (``1.0`` and ``1`` are the same number). ``to_data``
    leaves defaults out, so a default written out or left out in the source gives the same
    digest, and key order or YAML versus JSON makes no difference.
    """
    text = json.dumps(
        _whole_numbers(document),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_fingerprint(plan: Plan) -> str:
    """The fingerprint of a plan (see :func:`document_fingerprint`)."""
    return document_fingerprint(to_data(plan))


def _whole_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value
