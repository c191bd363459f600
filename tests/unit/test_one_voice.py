"""One voice per copy: in the person's own copy, words that are not theirs are quoted as whoever
wrote them and never set under a heading in the person's voice; every line starts as a
sentence does."""

from __future__ import annotations

import re

import recoveryplan as rp

from ..support.html import Page
from ..support.reference import TODAY


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
