"""One voice per copy: in the person's own copy, words that are not theirs are quoted as whoever
wrote them and never set under a heading in the person's voice; every line starts as a
sentence does."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import recoveryplan as rp
from recoveryplan._fields import voice
from recoveryplan._walking import walk

from ..support.html import Page, words
from ..support.reference import TODAY

QUOTED = re.compile(r"(?:wrote|raised|had a different view)(?:, for [^:“”]+ to do)?: “$")
"""How a text in someone else's voice is introduced in the person's copy, just before it."""


def not_hers(plan: rp.Plan) -> list[str]:
    """The service's and supporters' words in the reference plan that her copy shows."""
    assert plan.assessment is not None
    found = [item.text for item in plan.assessment.items if item.voice != "person"]
    found += [g.status_note for g in (p.goal for p in plan.walk_goals()) if g.status_note]
    found += [r.capacity.note for r in plan.risk_plans if r.capacity and r.capacity.note]
    for review in plan.reviews:
        found += [t for t in (review.went_well, review.changed, review.next) if t]
    return found


def test_the_service_and_supporters_are_quoted_as_theirs_in_her_copy(morag: rp.Plan) -> None:
    page = Page(str(rp.render(morag, "person", "html", today=TODAY))).text
    for text in not_hers(morag):
        assert re.search(rf"\w wrote: “{re.escape(text)}”", page), text
    assert "James Okafor wrote: “Morag knows her early warning signs well" in page
    assert "Riverside Supported Living wrote: “Morag understands the risks and benefits" in page
    staff = Page(str(rp.render(morag, "staff", "html", today=TODAY))).text
    assert " wrote: “" not in staff


def test_nothing_but_her_own_words_under_why_this_matters_to_me(morag: rp.Plan) -> None:
    text = str(rp.render(morag, "person", "md", today=TODAY))
    mine = re.findall(r"^- Why this matters to me:\n((?:  - .*\n)+)", text, re.MULTILINE)
    assert len(mine) == 3
    assert all("wrote:" not in block for block in mine)
    assert "Morag knows her early warning signs" not in "".join(mine)
    others = re.findall(r"^- What others said about this:\n((?:  - .*\n)+)", text, re.MULTILINE)
    assert others == [
        "  - James Okafor wrote: “Morag knows her early warning signs well and "
        "tells staff when she is struggling.”\n"
    ]


def test_every_item_of_her_copy_starts_as_a_sentence_does(morag: rp.Plan) -> None:
    text = str(rp.render(morag, "person", "md", today=TODAY))
    items = re.findall(r"^\s*(?:-|\d+\.) (.*)$", text, re.MULTILINE)
    assert items
    for item in items:
        first = item.lstrip('*“"')[:1]
        assert first.isupper() or first.isdigit(), item


def service_texts(part: object, path: str = "$") -> Iterator[tuple[str, str, str]]:
    """Every text in ``part`` whose field metadata says it is not the person's own words:
    (path, text, whose)."""
    for here, value, shape, owner in walk(part, path):
        if shape is None or not isinstance(value, str) or not here.endswith(shape.step):
            continue  # a text of a list, or the walk's start: not a field of its own
        whose = voice(shape.field)
        if whose in ("by", "voice"):
            whose = str(getattr(owner, whose))
        if whose is not None and whose != "person":
            yield here, value, whose


def test_the_metadata_walk_finds_the_service_voice_parts(morag: rp.Plan) -> None:
    paths = {path for path, _, _ in service_texts(morag)}
    assert "$.risk_plans[0].contingency" in paths
    assert "$.risk_plans[0].safeguards[2].action" in paths
    assert "$.outcomes[0].goals[0].support[0].action" in paths
    assert not any(path.endswith(".statement") for path in paths)


@pytest.mark.parametrize("format", ["html", "md", "txt"])
@pytest.mark.parametrize("view", ["plan", "review", "safety-plan", "crisis-card"])
def test_in_the_persons_copy_every_service_voice_text_is_quoted_as_theirs(
    morag: rp.Plan, view: str, format: str
) -> None:
    output = str(rp.render(morag, "person", format, view=view, today=TODAY))
    text = Page(output).text if format == "html" else words(output)
    shown = 0
    for path, said, _ in service_texts(morag):
        said = words(said)
        for found in re.finditer(re.escape(said), text):
            shown += 1
            before = text[: found.start()]
            assert QUOTED.search(before[-120:]), (path, before[-80:] + said)
            assert text[found.end() :].startswith("”"), (path, said)
    assert shown >= (8 if view == "plan" else 0)


@pytest.mark.parametrize("format", ["md", "txt"])
def test_the_text_copies_quote_the_same_parts(morag: rp.Plan, format: str) -> None:
    text = words(str(rp.render(morag, "person", format, today=TODAY)))
    assert (
        "Riverside Supported Living wrote, for James Okafor to do: “If there is no text by"
        " 10:30, phone Morag, then Eilidh.”" in text
    )
    assert "Riverside Supported Living wrote: “If I feel panicky" in text
    assert "James Okafor: If there is no text" not in text
    staff = words(str(rp.render(morag, "staff", format, today=TODAY)))
    assert "James Okafor: If there is no text by 10:30, phone Morag, then Eilidh." in staff
