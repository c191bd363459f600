"""Where a text quotes someone: the spans between quotation marks, found in one pass.

A plan that quotes what someone said, or names a phrase in order to talk about it, is not
using the phrase, so the check leaves quoted words alone. The spans used to be found with one
regular expression whose alternatives, at every opening mark without a closing one, read on
to the end of the line: text full of unclosed quotation marks took time growing with the
square of its length. Here each opening mark looks for its closing mark with ``str.find``, and
what every search found (or did not find) is remembered until the scan passes it, so no part
of the text is searched twice for the same mark: the cost grows with the text's length.

The spans are exactly those of one regular expression (a property test compares the two):

- ``"…"``, ``“…”`` and ``„…“``: up to the first closing mark on the same line;
- ``‘…’``: up to the first ``’`` on the line that is not an apostrophe inside a word, which
  must not be followed by a letter (``‘don’t`` opens nothing there, and ``‘I’m fine’`` is
  quoted whole);
- ``'…'``: an opening ``'`` not after a letter or another ``'`` and not before a space, up to
  the next ``'`` on the line that is not an apostrophe inside a word, not after a space and
  not before a letter; an apostrophe inside a word ("didn't", "Morag's") opens nothing and
  closes nothing, so a quotation of the person's own words holding one
  (``'I'm a nutcase'``) is quoted whole.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["QuotedSpans", "quoted_spans"]

_CLOSER = {'"': '"', "“": "”", "‘": "’", "'": "'", "„": "“"}
_OPENERS = re.compile("[\"“‘'„]")


def _is_word(char: str) -> bool:
    """Whether ``char`` is what the regular expression ``\\w`` matches."""
    return char.isalnum() or char == "_"


_APOSTROPHES = "'’"
"""The closing marks that are also apostrophes, which a quotation may hold inside its words."""


def _inside_word(text: str, at: int) -> bool:
    """Whether the mark at ``at`` is an apostrophe between two letters ("I'm", "who’ll"):
    part of a word, so neither the end of a quotation nor a reason to give one up."""
    return 0 < at < len(text) - 1 and _is_word(text[at - 1]) and _is_word(text[at + 1])


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every quoted span of ``text``, in order, none overlapping."""
    spans: list[tuple[int, int]] = []
    # For each closing mark: (searched from, line end, where it was found or -1). A search
    # from a later position on the same line can use the answer while the scan has not
    # passed the mark it found.
    found: dict[str, tuple[int, int, int]] = {}
    line_end = -1
    resume = 0
    for opener in _OPENERS.finditer(text):
        start = opener.start()
        if start < resume:
            continue
        mark = opener.group()
        if start >= line_end:
            newline = text.find("\n", start)
            line_end = len(text) if newline < 0 else newline
        if mark == "'":
            before = text[start - 1] if start else ""
            if before == "'" or _is_word(before):
                continue
            if start + 1 >= line_end or text[start + 1].isspace():
                continue
        closer = _CLOSER[mark]
        kept = found.get(closer)
        if kept is not None and kept[1] == line_end and kept[0] <= start + 1:
            end = kept[2] if kept[2] < 0 or kept[2] > start else -2
        else:
            end = -2
        if end == -2:
            end = text.find(closer, start + 1, line_end)
            if closer in _APOSTROPHES:
                while end >= 0 and _inside_word(text, end):
                    end = text.find(closer, end + 1, line_end)
            found[closer] = (start + 1, line_end, end)
        if end < 0:
            continue
        after = text[end + 1] if end + 1 < len(text) else ""
        if mark in "‘'" and _is_word(after):
            continue
        if mark == "'" and text[end - 1].isspace():
            continue
        spans.append((start, end + 1))
        resume = end + 1
    return spans


class QuotedSpans:
    """The quoted spans of one text, asked about one phrase at a time in logarithmic time."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def holds(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies wholly inside one quoted span."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.ends[i]
