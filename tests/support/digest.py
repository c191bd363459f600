"""A plan's fingerprint worked out independently of the library (``rp.fingerprint``'s
definition): SHA-256 of the canonical JSON of ``rp.to_data(plan)``."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import recoveryplan as rp

__all__ = ["canonical_digest"]


def canonical_digest(plan: rp.Plan) -> str:
    """Keys sorted, no spaces, UTF-8 text, whole floats as the integers they equal."""
    text = json.dumps(
        _whole(rp.to_data(plan)), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole(item) for item in value]
    return value
