"""A circle member's "How you can help" gathers every place the plan names them."""

from __future__ import annotations

import attrs

import recoveryplan as rp

from ..support.html import Page, words
from ..support.reference import TODAY

TEN_THIRTY = "If there is no text by 10:30, phone Morag, then Eilidh."


def helping(plan: rp.Plan, member: str, format: str) -> str:
    """The text of the member's "How you can help" section, as a reader sees it."""
    text = rp.render(plan, member, format, today=TODAY)
    assert isinstance(text, str)
    if format == "html":
        start = text.index('<section id="helping"')
        return Page(text[start : text.index("</section>", start)]).text
    heading = text.index("How you can help")
    rest = text[heading + len("How you can help") :]
    following = [rest.index(h) for h in ("\nWhat Morag", "\n## ", "\nMorag's") if h in rest]
    return words(rest[: min(following)] if following else rest)


def test_eilidhs_part_in_the_bus_plan_is_in_her_copy_in_every_format(morag: rp.Plan) -> None:
    for format in ("html", "md", "txt"):
        text = helping(morag, "eilidh", format)
        assert "How you can help" in rp.render(morag, "eilidh", format, today=TODAY)
        assert TEN_THIRTY in text.replace("\\", ""), format
        assert "James Okafor has agreed to this, which names you" in text, format
        assert "You are part of this small step: “Cook Sunday lunch for Eilidh" in text, format


def test_a_member_is_not_shown_what_they_were_not_given(morag: rp.Plan) -> None:
    text = helping(morag, "ali", "txt")
    assert "10:30" not in text  # Ali was given the safety plan only
    assert "Time with you takes Morag's mind off things" in text


def test_contingencies_and_safety_plan_steps_that_name_a_member_are_theirs(
    morag: rp.Plan,
) -> None:
    risk = attrs.evolve(
        morag.risk_plans[0],
        contingency="If I feel panicky I'll phone Eilidh from the next stop.",
    )
    assert morag.safety_plan is not None
    safety = attrs.evolve(
        morag.safety_plan, coping_strategies=("Phone Eilidh and talk about Callum.",)
    )
    plan = attrs.evolve(morag, risk_plans=(risk,), safety_plan=safety)
    found = rp.views.ways_to_help(rp.audience.disclose(plan, "eilidh").plan, "eilidh")
    kinds = {(help.kind, help.what) for help in found}
    assert ("contingency", "If I feel panicky I'll phone Eilidh from the next stop.") in kinds
    assert ("safety", "Phone Eilidh and talk about Callum.") in kinds
    text = helping(plan, "eilidh", "txt")
    assert "the plan names you: “If I feel panicky I'll phone Eilidh from the next stop.”" in text


def test_a_name_inside_another_word_is_not_a_mention(morag: rp.Plan) -> None:
    risk = attrs.evolve(morag.risk_plans[0], contingency="Call Alison at the office.")
    plan = attrs.evolve(morag, risk_plans=(risk,), sharing=(*morag.sharing,))
    plan = attrs.evolve(
        plan,
        sharing=tuple(
            attrs.evolve(s, sections=(*s.sections, rp.Section.RISK_PLANS))
            if s.member == "ali"
            else s
            for s in plan.sharing
        ),
    )
    found = rp.views.ways_to_help(rp.audience.disclose(plan, "ali").plan, "ali")
    assert not [help for help in found if help.kind == "contingency"]


def test_a_carers_question_is_not_answered_yet_until_the_need_records_an_answer(
    morag: rp.Plan,
) -> None:
    for reader in ("eilidh", "person", "staff"):
        page = Page(rp.render(morag, reader, "html", today=TODAY)).text
        assert "who to call if she is worried about Morag at the weekend" in page
        assert "Not answered yet." in page, reader
        assert "Not answered yet." in rp.render(morag, reader, "txt", today=TODAY), reader
    assert morag.assessment is not None
    items = tuple(
        attrs.evolve(item, answer="Phone the Riverside out-of-hours line: 0141 496 0001.")
        if item.id == "nd-eilidh-weekends"
        else item
        for item in morag.assessment.items
    )
    answered = attrs.evolve(morag, assessment=attrs.evolve(morag.assessment, items=items))
    text = words(rp.render(answered, "eilidh", "txt", today=TODAY))
    assert "Not answered yet." not in text
    assert "What answers it: Phone the Riverside out-of-hours line: 0141 496 0001." in text
