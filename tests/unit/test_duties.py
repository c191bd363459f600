"""Duty only where there is a duty: the box of what the service must do holds only needs with a
statutory basis; the service's other needs are suggestions the person can turn down."""

from __future__ import annotations

import attrs

import recoveryplan as rp

from ..support.html import Page
from ..support.reference import TODAY

SUGGESTION = "A weekly cooking class at the community centre."


def with_suggestion(morag: rp.Plan) -> rp.Plan:
    assert morag.assessment is not None
    item = rp.AssessmentItem(
        id="nd-cooking-class", kind=rp.ItemKind.NEED, text=SUGGESTION, voice=rp.Voice.SERVICE
    )
    assessment = attrs.evolve(morag.assessment, items=(*morag.assessment.items, item))
    return attrs.evolve(morag, assessment=assessment)


def boxes(html: str) -> dict[str, str]:
    """The text of the duty box and of the suggestions, by class."""
    found = {}
    for name in ("duty", "suggestions"):
        start = html.find(f'<div class="{name}">')
        found[name] = "" if start < 0 else Page(html[start : html.index("</div>", start)]).text
    return found


def test_a_need_with_no_law_behind_it_is_a_suggestion_not_a_duty(morag: rp.Plan) -> None:
    plan = with_suggestion(morag)
    for reader in ("person", "staff"):
        html = rp.render(plan, reader, "html", today=TODAY)
        assert isinstance(html, str)
        found = boxes(html)
        assert "A weekly welfare visit from the service." in found["duty"]
        assert SUGGESTION not in found["duty"], reader
        assert SUGGESTION in found["suggestions"], reader
        assert "What Riverside Supported Living suggests" in found["suggestions"]
    person = boxes(str(rp.render(plan, "person", "html", today=TODAY)))["suggestions"]
    assert "No law requires them, so I can say no to any of them." in person
    staff = boxes(str(rp.render(plan, "staff", "html", today=TODAY)))["suggestions"]
    assert "No statutory basis recorded." in staff
    text = " ".join(str(rp.render(plan, "person", "md", today=TODAY)).split())
    must, suggests = (
        text.index("says it must do"),
        text.index("Riverside Supported Living suggests"),
    )
    assert must < text.index("weekly welfare visit") < suggests < text.index(SUGGESTION)


def test_the_reference_plan_has_duties_only(morag: rp.Plan) -> None:
    html = str(rp.render(morag, "person", "html", today=TODAY))
    assert boxes(html)["suggestions"] == ""
    assert "A weekly welfare visit from the service." in boxes(html)["duty"]
