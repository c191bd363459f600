"""What validation says about a plan: errors, practice warnings and notes."""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["SEVERITIES", "Finding", "FindingSeverity"]

FindingSeverity = Literal["error", "warning", "info"]
SEVERITIES: tuple[FindingSeverity, ...] = ("error", "warning", "info")


@attrs.frozen
class Finding:
    """One thing validation found, where it is in the document, and what to do about it.

    ``code`` is a stable dotted identifier (``refs.unknown``) that systems can count, filter and
    document; the ``message`` is for people and may be improved between releases.
    """

    severity: FindingSeverity
    code: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.path}: {self.message} [{self.code}]"
