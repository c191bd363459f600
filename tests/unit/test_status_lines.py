"""Every status line a full sentence, in every format and copy: a capital first, a full stop
(or "!") last, its date inside the sentence ("Working on it, aiming for 12 May 2026.", "Done on
5 April 2026!")."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import recoveryplan as rp
from recoveryplan.goals import Status

from ..support.html import Page, words
from ..support.reference import TODAY

STATUS_WORDS = {
    Status.PLANNED: "Not started yet",
    Status.ACTIVE: "Working on it",
    Status.ON_HOLD: "On hold for now",
    Status.ACHIEVED: "Done",
    Status.NOT_ACHIEVED: "Didn't happen this time",
    Status.DROPPED: "Decided not to do this",
}
DAY = r"\d{1,2} [A-Z][a-z]+ \d{4}"


def copies() -> Iterator[tuple[str, str, str]]:
    for audience in ("person", "staff", "eilidh", "ali"):
        for view in ("plan", "review"):
            if view == "review" and audience in ("eilidh", "ali"):
                continue  # neither was given the reviews
            for format in ("html", "md", "txt"):
                yield audience, view, format


def test_every_status_has_its_words_here() -> None:
    assert set(STATUS_WORDS) == set(Status)


@pytest.mark.parametrize(("audience", "view", "format"), list(copies()))
def test_every_status_line_is_a_full_sentence(
    morag: rp.Plan, audience: str, view: str, format: str
) -> None:
    output = rp.render(morag, audience, format, view=view, today=TODAY)
    assert isinstance(output, str)
    text = Page(output).text if format == "html" else words(output)
    seen = 0
    for said in STATUS_WORDS.values():
        for found in re.finditer(re.escape(said), text):
            before = text[: found.start()]
            if before.endswith(("“", '"', "now: ")):
                continue  # quoted in a check, or the review's "Where it stands now:"
            seen += 1
            # a status line starts a sentence: after a full stop, a list's dash or a label
            assert before.rstrip()[-1:] in ("", ".", "!", "?", "-", ":", "”"), (
                audience,
                view,
                format,
                before[-60:] + said,
            )
            rest = text[found.end() :]
            sentence = rf"(?: on {DAY})?(?:, [^.!]+)?[.!](?! ?{DAY})"
            assert re.match(sentence, rest), (audience, view, format, text[found.start() :][:90])
    if view == "plan" and audience != "ali":
        assert seen >= 5
