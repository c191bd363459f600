"""Past dates: every copy says, in the same sentence or item, that a date has passed; a date
still to come never reads as late."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

import recoveryplan as rp

from ..support.reference import TODAY

PASSED = ("30 April 2026", "7 May 2026", "14 May 2026", "28 May 2026")
"""The reference plan's open steps and its risk plan review, all before 2 June 2026."""
TO_COME = ("30 June 2026", "15 August 2026", "31 August 2026", "1 September 2026")
"""Its open steps, outcomes and next review still to come on 2 June 2026."""
MARKS = re.compile(r"was due|has passed|passed|overdue", re.IGNORECASE)

BLOCKS = frozenset({"p", "li", "dd", "dt", "td", "th", "h1", "h2", "h3", "h4", "div", "ul", "ol"})


class _Blocks(HTMLParser):
    """The text of a page, one chunk per block element (a sentence or an item)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = [""]
        self._skip = False
        self.feed(text)

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self._skip = tag in ("style", "title", "desc")
        if tag in BLOCKS:
            self.chunks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._skip = False
        if tag in BLOCKS:
            self.chunks.append("")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.chunks[-1] += data


def chunks(text: str, format: str) -> list[str]:
    if format == "html":
        found = _Blocks(text).chunks
    else:
        found = re.split(r"\n(?=\s*(?:[-*]|\d+\.) )|\n\s*\n", text)
    return [" ".join(chunk.split()) for chunk in found if chunk.strip()]


def copies() -> list[tuple[str, str, str]]:
    """Every copy of every view that each reader may have, in every text format."""
    found = []
    for audience in ("person", "staff", "eilidh", "ali"):
        for view in ("plan", "review"):
            if view == "review" and audience in ("eilidh", "ali"):
                continue  # neither was given the reviews
            for format in ("html", "md", "txt"):
                found.append((audience, view, format))
    return found


@pytest.mark.parametrize(("audience", "view", "format"), copies())
def test_a_date_that_has_passed_says_so_and_one_to_come_never_does(
    morag: rp.Plan, audience: str, view: str, format: str
) -> None:
    text = rp.render(morag, audience, format, view=view, today=TODAY)
    assert isinstance(text, str)
    seen = 0
    for chunk in chunks(text, format):
        if any(day in chunk for day in PASSED) and "Done" not in chunk:
            seen += 1
            assert MARKS.search(chunk), (audience, view, format, chunk)
        if any(day in chunk for day in TO_COME) and not any(day in chunk for day in PASSED):
            assert not MARKS.search(chunk), (audience, view, format, chunk)
    # the risk plan's review date, at least, is in every copy but Ali's (the safety plan alone)
    assert seen or audience == "ali"


def test_before_the_dates_nothing_reads_as_late(morag: rp.Plan) -> None:
    for audience in ("person", "eilidh"):
        text = rp.render(morag, audience, "txt", today=date(2026, 4, 1))
        assert not re.search(r"was due|has passed", text)
