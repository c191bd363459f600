"""What validation says about a plan: errors, practice warnings and notes."""

from __future__ import annotations

from typing import Literal

import attrs

from .messages import N_
from .messages import gettext as _

__all__ = ["SEVERITIES", "Finding", "FindingSeverity", "severity_word"]

FindingSeverity = Literal["error", "warning", "info"]
SEVERITIES: tuple[FindingSeverity, ...] = ("error", "warning", "info")

_SEVERITY_WORDS: dict[str, str] = {
    # Translators: a finding's severity, at the start of the line the command line prints.
    "error": N_("error"),
    # Translators: a finding's severity, at the start of the line the command line prints.
    "warning": N_("warning"),
    # Translators: a finding's severity (a note), at the start of the line printed.
    "info": N_("info"),
}


def severity_word(severity: str) -> str:
    """A severity as a reader of the messages language says it (the code stays English)."""
    word = _SEVERITY_WORDS.get(severity)
    return _(word) if word is not None else severity


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

    def told(self) -> str:
        """The finding as a line for a person, in the messages language: ``str(finding)``
        stays the English, machine-steady form that logs and outside tools read."""
        # Translators: one finding on a line: its severity (translated), its JSON path, its
        # message and its code in brackets; keep the path and the code as they are.
        return _("%(severity)s: %(path)s: %(message)s [%(code)s]") % {
            "severity": severity_word(self.severity),
            "path": self.path,
            "message": self.message,
            "code": self.code,
        }
