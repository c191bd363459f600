"""A plan's fingerprint: one digest for one content, in any process, on any machine.

A service needs a token that says "this exact plan" for an HTTP ``ETag`` and for
``If-Match`` locking; Python's ``hash()`` differs between processes and cannot be one. The
fingerprint is the SHA-256 of the plan's canonical form: its format document
(:func:`recoveryplan.to_data`, which leaves out every field at its default, so a default
written out or left out is the same plan) as JSON with sorted keys, no spaces and UTF-8
text, whole numbers written without a fraction as RFC 8785 writes them (``1.0`` in an
extension is ``1``: they are equal, so the plans are). Key order, whitespace, YAML or JSON,
the order of an extension's keys: none of them change it; any change to the content does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .plan import Plan
from .serialize import to_data

__all__ = ["canonical_json", "document_fingerprint", "fingerprint"]


def canonical_json(plan: Plan) -> bytes:
    """The canonical form of a plan that its fingerprint is the digest of."""
    return _canonical(to_data(plan))


def document_fingerprint(document: Any) -> str:
    """The fingerprint of a plan's format document (what :func:`recoveryplan.to_data` gives),
    for a store that holds the document already and need not build the plan again."""
    return hashlib.sha256(_canonical(document)).hexdigest()


def _canonical(document: Any) -> bytes:
    text = json.dumps(
        _numbers(document),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return text.encode("utf-8")


def fingerprint(plan: Plan) -> str:
    """The plan's fingerprint: 64 lowercase hex digits, the same for equal plans anywhere,
    different for any change. Fit for an HTTP ``ETag``."""
    if not isinstance(plan, Plan):
        raise TypeError(f"fingerprint() takes a Plan, not {type(plan).__name__}")
    return document_fingerprint(to_data(plan))


def _numbers(value: Any) -> Any:
    """``value`` with every whole float as the integer it equals."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    return value
