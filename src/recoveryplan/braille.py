"""The copy for a reader who reads braille: plain text ready for transcription.

The library cannot emboss braille, but it can hand a transcription service (or the reader's
own braille display) text that transcribes cleanly: the plain-text copy with nothing that is
only there for the eye. A reader whose recorded needs include braille gets that copy whenever
no format is asked for, as a reader whose need is easy read gets the easy-read copy
(:func:`recoveryplan.easyread.default_view`); a copy in another format asked for such a reader
comes with a note for staff (:func:`copy_note`), since a page or a PDF is no use to them.

What "ready for transcription" means here follows the usual advice for text sent to be
brailled: headings are lines of their own with no line of ``=``/``-`` drawn under them, lists
are lines with a dash, nothing is laid out in columns, and paragraphs are not broken to a
screen's width, so that the braille software flows them to its own line length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .audience import MEMBER, PERSON, disclose
from .communication import Need, NeedKind, needs_of_kind
from .messages import gettext as _
from .plan import Plan
from .textformats import display_width, tidy

__all__ = ["BRAILLE_READY", "braille_ready", "copy_note", "default_format", "needs_braille"]

BRAILLE_READY = "txt"
"""The format of the copy ready for braille transcription."""

_BRAILLE_TEXT = "braille"
"""What :func:`~recoveryplan.textformats.tidy` is told the text is: plain text it does not
wrap."""

_UNDERLINE = re.compile(r"([=\-~.])\1{2,}")
"""A line drawn under a plain-text heading (:func:`recoveryplan.textformats.underline`)."""

_CONTROLS = re.compile("[\u2066-\u2069\u202a-\u202e]")
"""Direction isolates and overrides, which a heading in right-to-left letters brings with it
(:func:`recoveryplan.textformats.isolate`)."""


def _reader_needs(plan: Plan, audience: str) -> Sequence[str | Need]:
    """The recorded needs of the reader themselves: the person's, or a circle member's."""
    disclosure = disclose(plan, audience)
    if disclosure.kind == PERSON:
        return plan.person.communication
    if disclosure.kind == MEMBER and disclosure.member is not None:
        return disclosure.member.communication
    return ()


def needs_braille(plan: Plan, audience: str) -> bool:
    """Whether the reader's own recorded needs include braille (staff have none recorded)."""
    return bool(needs_of_kind(_reader_needs(plan, audience), NeedKind.BRAILLE))


def default_format(plan: Plan, audience: str) -> str:
    """The format a reader gets when none is asked for: plain text ready for braille when
    they read braille, else HTML."""
    return BRAILLE_READY if needs_braille(plan, audience) else "html"


def copy_note(plan: Plan, audience: str, format: str) -> str | None:
    """What staff are told when a copy in ``format`` is made for a reader who reads braille
    and it is not the copy ready for transcription; ``None`` otherwise. It names the reader
    as the command line did (their id), never their name or needs beyond braille."""
    if format == BRAILLE_READY or not needs_braille(plan, audience):
        return None
    shown = "PDF" if format == "pdf" else format.upper() if format == "html" else format
    words = {"format": shown, "option": f"--format {BRAILLE_READY}"}
    if audience == PERSON:
        # Translators: %(format)s is the copy's format (PDF, HTML); keep %(option)s as it is.
        return (
            _(
                "the person reads braille, and this %(format)s copy is not ready for braille: give "
                "the person the plain-text copy (%(option)s), sent for braille transcription"
            )
            % words
        )
    # Translators: %(reader)s is a circle member's id, quoted; %(format)s is the copy's format
    # (PDF, HTML); keep %(option)s as it is.
    return _(
        "%(reader)s reads braille, and this %(format)s copy is not ready for braille: give "
        "%(reader)s the plain-text copy (%(option)s), sent for braille transcription"
    ) % {**words, "reader": repr(audience)}


def braille_ready(text: str) -> str:
    """A plain-text copy, as written by the templates before it is wrapped, made ready for
    braille: no heading underlines, and no line broken to fit a screen."""
    lines = text.split("\n")
    kept: list[str] = []
    for line in lines:
        bare = _CONTROLS.sub("", line).rstrip()
        if kept and _UNDERLINE.fullmatch(bare):
            heading = _CONTROLS.sub("", kept[-1])
            # Drawn as wide as the heading, spaces at its end included (a name left empty).
            widths = {max(display_width(h), 3) for h in (heading.strip(), heading.lstrip())}
            if len(bare) in widths:
                # The line under the heading above it (even one left empty); a direction
                # isolate around the heading and its line closes on the heading instead.
                kept[-1] += "".join(_CONTROLS.findall(line))
                continue
        kept.append(line)
    return tidy("\n".join(kept), _BRAILLE_TEXT)
