"""The views beyond the plan: the review pack, the safety plan alone and the crisis card.

Each is met as a user meets it: through ``rp.render`` and the command line, and PDFs through a
PDF reader (pages counted and measured with pypdf).
"""

from __future__ import annotations

import gettext
import html
import io
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeAlias

import attrs
import pypdf
import pytest

import recoveryplan as rp
from recoveryplan import hookimpl
from recoveryplan.audience import redact

from ..support.reference import TODAY

TextFormat: TypeAlias = Literal["html", "md", "txt"]
"""The formats a plan is rendered in as text."""

TEXT_FORMATS: tuple[TextFormat, ...] = ("html", "md", "txt")
VIEWS = ("review", "safety-plan", "crisis-card")
SAFETY_VIEWS = ("safety-plan", "crisis-card")


def text_of(output: str, format: str) -> str:
    """What a reader reads: HTML without its tags and entities; every run of space as one."""
    if format == "html":
        body = output.split("<body", 1)[1]
        output = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return " ".join(output.split())


def readers_of(view: str) -> list[str]:
    """Who each view is for in the reference plan: Eilidh and Ali were given the safety plan,
    nobody in the circle the reviews."""
    return ["person", "staff", "eilidh", "ali"] if view in SAFETY_VIEWS else ["person", "staff"]


@pytest.mark.parametrize("format", TEXT_FORMATS)
@pytest.mark.parametrize(("view", "audience"), [(v, a) for v in VIEWS for a in readers_of(v)])
def test_every_view_renders_for_every_reader_it_suits(
    morag: rp.Plan, view: str, audience: str, format: TextFormat
) -> None:
    output = rp.render(morag, audience, format, view=view, today=TODAY)
    text = text_of(output, format)
    title = {"review": "review pack", "safety-plan": "safety plan", "crisis-card": "crisis card"}
    assert title[view] in text.casefold()
    assert output.endswith("\n")
    assert output != rp.render(morag, audience, format, today=TODAY)


# -- consent ----------------------------------------------------------------------------------


def hidden_from(plan: rp.Plan, member: str) -> set[str]:
    """Every text in the plan that the member's redacted plan does not hold (8+ characters)."""

    def texts(value: object) -> set[str]:
        if isinstance(value, str):
            return {value} if len(value) >= 8 else set()
        if isinstance(value, dict):
            return set().union(set(), *(texts(v) for v in value.values()))
        if isinstance(value, list):
            return set().union(set(), *(texts(v) for v in value))
        return set()

    shown = texts(rp.to_data(redact(plan, member)))
    return texts(rp.to_data(plan)) - shown


@pytest.mark.parametrize("member", ["eilidh", "ali"])
@pytest.mark.parametrize("view", SAFETY_VIEWS)
@pytest.mark.parametrize("format", TEXT_FORMATS)
def test_a_members_view_holds_nothing_the_person_did_not_share_with_them(
    morag: rp.Plan, member: str, view: str, format: TextFormat
) -> None:
    hidden = hidden_from(morag, member)
    assert "07700 900123" in hidden or member == "eilidh"  # the sentinel has teeth: Ali
    assert "A weekly welfare visit from the service." in hidden  # is not given the assessment
    text = text_of(rp.render(morag, member, format, view=view, today=TODAY), format)
    assert not {secret for secret in hidden if secret in text}


@pytest.mark.parametrize("view", VIEWS)
def test_a_member_without_the_part_a_view_needs_gets_a_clear_refusal(
    morag: rp.Plan, view: str
) -> None:
    no_safety = attrs.evolve(
        morag,
        sharing=tuple(
            attrs.evolve(c, sections=tuple(s for s in c.sections if s != "safety_plan"))
            if c.member == "eilidh"
            else c
            for c in morag.sharing
        ),
    )
    with pytest.raises(rp.ConsentError, match="Eilidh Sinclair"):
        rp.render(no_safety if view in SAFETY_VIEWS else morag, "eilidh", "txt", view=view)


def test_a_plan_without_a_safety_plan_has_no_crisis_card_to_print(morag: rp.Plan) -> None:
    plan = attrs.evolve(morag, safety_plan=None)
    with pytest.raises(rp.PlanValueError, match="no safety plan yet"):
        rp.render(plan, "person", "html", view="crisis-card", today=TODAY)


def test_an_unknown_view_is_refused_with_the_views_there_are(morag: rp.Plan) -> None:
    with pytest.raises(rp.PlanValueError, match="review, safety-plan, crisis-card"):
        rp.render(morag, "person", "html", view="summary")


# -- the review pack ----------------------------------------------------------------------------


def test_the_review_pack_covers_the_period_since_the_last_review(morag: rp.Plan) -> None:
    text = text_of(rp.render(morag, "staff", "txt", view="review", today=TODAY), "txt")
    assert "since 1 June 2026, up to 2 June 2026" in text
    # the ratings given at the last review start the period: none given since
    assert (
        "Hope and optimism about the future: not rated again since 1 June 2026, when it was 6"
        in text
    )
    assert "from 4 to 6" not in text
    # a step past its date is a question to talk about, not a failure
    assert (
        "“Do the journey on my own and text James when I arrive.” was due on 7 May 2026, a date "
        "that has passed" in text
    )
    assert "is it done, does it need a new date, or a smaller step?" in text
    assert (
        "“Travelling to college on the bus by myself.” was due to be looked at again by "
        "28 May 2026, a date that has passed" in text
    )
    assert "What is the next step up?" in text
    assert "Anything Morag wants to bring up, in her own words" in text


def test_the_review_pack_celebrates_what_was_achieved_since_the_last_review(
    morag: rp.Plan,
) -> None:
    later = date(2026, 7, 1)
    plan = morag.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 6, 20))
    plan = plan.evolve_item("g-bus-on-my-own", celebration="Fish and chips by the river.")
    plan = plan.with_goal_status("g-food-hygiene", "achieved", on=date(2026, 6, 25))
    text = text_of(rp.render(plan, "person", "md", view="review", today=later), "md")
    assert "Do the journey on my own and text James when I arrive. (20 June 2026)" in text
    assert "How I celebrated: Fish and chips by the river." in text
    assert "How would I like to celebrate this?" in text  # the course: none recorded
    assert "Cook Sunday lunch" not in text  # achieved before the last review


def test_what_a_supporter_raised_is_shown_with_what_answers_it(morag: rp.Plan) -> None:
    before = text_of(rp.render(morag, "staff", "txt", view="review", today=TODAY), "txt")
    assert "Eilidh Sinclair raised: “Eilidh would like to know who to call" in before
    assert "Nothing in the plan answers this yet. What could?" in before
    answer = "Eilidh can ring the out-of-hours line; James added it to her safety plan copy."
    plan = morag.evolve_item("nd-eilidh-weekends", answer=answer)
    after = text_of(rp.render(plan, "staff", "txt", view="review", today=TODAY), "txt")
    assert f"What answers it: {answer}" in after
    assert "Nothing in the plan answers this yet" not in after
    plan_view = text_of(rp.render(plan, "staff", "html", today=TODAY), "html")
    assert f"What answers it: {answer}" in plan_view


# -- the safety plan and the crisis card ---------------------------------------------------------


STAFF_ASKS = "no phone number written down yet: ask for it and add it here"
"""What staff are told to do about a person to ask with no number."""
PERSON_SAYS = "no number written here yet"
"""What the person's own copy says instead, in their voice."""


def _in(language: str | None) -> Callable[[str], str]:
    """The shipped catalogue's translation of a message into ``language`` (English: none)."""
    if language is None:
        return lambda message: message
    folder = Path(rp.__file__).parent / "locale"
    return gettext.translation("recoveryplan", folder, languages=[language]).gettext


@pytest.mark.parametrize("format", TEXT_FORMATS)
@pytest.mark.parametrize("language", [None, "cy", "pl", "ar"])
def test_a_person_to_ask_with_no_number_tells_staff_not_the_person(
    morag: rp.Plan, format: TextFormat, language: str | None
) -> None:
    said, asked = _in(language)(PERSON_SAYS), _in(language)(STAFF_ASKS)
    assert said != asked
    for view in ("plan", "safety-plan"):
        own = text_of(
            rp.render(morag, "person", format, view=view, today=TODAY, language=language), format
        )
        assert asked not in own, view  # no instruction reaches the person's own copy
        assert said in own, view
        assert own.count(said) == 1, view  # Eilidh has hers
        if language is None:
            assert re.search(rf"\bAli\b[^.]{{0,40}} {PERSON_SAYS}", own), view
        staff = text_of(
            rp.render(morag, "staff", format, view=view, today=TODAY, language=language), format
        )
        assert asked in staff, view  # staff are still told what to do
        assert said not in staff, view
    # The crisis card carries neither: the check tells staff instead.
    card = text_of(
        rp.render(morag, "person", format, view="crisis-card", today=TODAY, language=language),
        format,
    )
    assert asked not in card
    assert said not in card
    if language is None:
        assert re.search(r"\bAli\b", card)
    # Ali's copy has no circle contacts at all, so saying "no number" there would mislead
    theirs = text_of(rp.render(morag, "ali", format, view="crisis-card", today=TODAY), format)
    assert "no phone number" not in theirs
    assert PERSON_SAYS not in theirs


class Organisation:
    """An organisation's plugin with its own out-of-hours line."""

    @hookimpl
    def crisis_lines(self, plan: rp.Plan) -> list[rp.Professional]:
        assert plan.person.called == "Morag"
        return [
            rp.Professional(
                name="Riverside on-call (evenings and weekends)", contact="0141 496 0999"
            ),
            rp.Professional(name="Breathing Space", contact="0800 83 85 87"),  # already there
        ]


@pytest.mark.parametrize("format", TEXT_FORMATS)
@pytest.mark.parametrize("view", ["plan", *SAFETY_VIEWS])
def test_the_organisations_crisis_lines_come_from_its_plugin(
    morag: rp.Plan, register_plugin: Callable[..., object], view: str, format: TextFormat
) -> None:
    without = text_of(rp.render(morag, "eilidh", format, view=view, today=TODAY), format)
    assert "0141 496 0999" not in without
    register_plugin(Organisation(), name="riverside-lines")
    text = text_of(rp.render(morag, "eilidh", format, view=view, today=TODAY), format)
    assert "Riverside on-call (evenings and weekends)" in text
    assert "0141 496 0999" in text
    assert text.count("0800 83 85 87") == 1


def test_a_crisis_lines_plugin_returning_the_wrong_thing_is_named(
    morag: rp.Plan, register_plugin: Callable[..., object]
) -> None:
    class Wrong:
        @hookimpl
        def crisis_lines(self) -> list[str]:
            return ["999"]

    assert callable(register_plugin)
    register_plugin(Wrong(), name="wrong-lines")
    with pytest.raises(rp.PluginError, match=r"wrong-lines.*crisis_lines"):
        rp.render(morag, "person", "txt", view="crisis-card", today=TODAY)


def test_the_crisis_card_has_a_front_and_a_back_with_contacts_in_full(morag: rp.Plan) -> None:
    text = rp.render(morag, "eilidh", "txt", view="crisis-card", today=TODAY)
    front, back = text.split("(Fold here", 1)
    assert "I stop answering the phone." in front
    assert "Who to call" in back
    assert "NHS 24 (out of hours): 111" in back
    assert "Breathing Space: 0800 83 85 87" in back


# -- PDFs: pages counted and measured with a PDF reader ----------------------------------------


def pdf_pages(document: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(document)).pages)


MM = 72 / 25.4


@pytest.mark.parametrize(("large_print", "most"), [(False, 1), (True, 2)])
def test_the_safety_plan_fits_one_page_or_two_in_large_print(
    morag: rp.Plan, large_print: bool, most: int
) -> None:
    pytest.importorskip("weasyprint")
    document = rp.render(
        morag, "person", "pdf", view="safety-plan", today=TODAY, large_print=large_print
    )
    pages = pdf_pages(document)
    assert 1 <= len(pages) <= most
    assert "Breathing Space" in " ".join(page.extract_text() for page in pages)


def test_the_crisis_card_is_one_sheet_at_the_persons_print_size(morag: rp.Plan) -> None:
    pytest.importorskip("weasyprint")
    document = rp.render(morag, "person", "pdf", view="crisis-card", today=TODAY)
    (page,) = pdf_pages(document)
    assert float(page.mediabox.width) <= 210 * MM + 1  # A4 at most
    assert float(page.mediabox.height) <= 297 * MM + 1
    sizes = text_sizes(page)
    assert round(min(sizes.values()), 2) >= 16  # Morag asks for 16 point or bigger
    text = page.extract_text()
    for wanted in ("My name is Morag.", "Made on 2 June 2026.", "07700 900123", "0800 83 85 87"):
        assert wanted in text
    assert re.search(r"\b999\b", text)


def text_sizes(page: pypdf.PageObject) -> dict[str, float]:
    """Each piece of text on a page with the size it is printed at, in points."""
    sizes: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            sizes[text.strip()] = size * scale

    page.extract_text(visitor_text=visit)
    return sizes


def test_the_crisis_card_folds_to_credit_card_panels(morag: rp.Plan) -> None:
    """Two columns of bank-card panels (85.6 by 54 mm), every piece of text inside them."""
    pytest.importorskip("weasyprint")
    document = rp.render(morag, "staff", "pdf", view="crisis-card", today=TODAY)
    (page,) = pdf_pages(document)
    left = (float(page.mediabox.width) - 2 * 85.6 * MM) / 2
    bottom = (float(page.mediabox.height) - 5 * 54 * MM) / 2
    places: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            places.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    assert places
    for x, y in places:
        assert left - 1 <= x <= left + 2 * 85.6 * MM
        assert bottom - 1 <= y <= bottom + 5 * 54 * MM


@pytest.mark.parametrize(
    ("country", "numbers"),
    [
        (None, ["Emergency (ambulance, police, fire): 999"]),
        ("GB-SCT", ["Emergency (ambulance, police, fire): 999"]),  # NHS 24 is in the plan
        (
            "GB-ENG",
            ["Emergency (ambulance, police, fire): 999"],  # 111 is in the plan already
        ),
        ("GB-NIR", ["Emergency (ambulance, police, fire): 999"]),
    ],
)
def test_the_crisis_card_gives_the_countrys_emergency_numbers_once(
    morag: rp.Plan, country: str | None, numbers: list[str]
) -> None:
    assert morag.service is not None
    plan = attrs.evolve(morag, service=attrs.evolve(morag.service, country=country))
    card = rp.render(plan, "person", "txt", view="crisis-card", today=TODAY)
    emergency = card.split("In an emergency", 1)[1]
    assert [line[2:] for line in emergency.splitlines() if line.startswith("- ")] == numbers
    assert card.count(": 111") == 1


@pytest.mark.parametrize(
    ("country", "urgent"),
    [("GB-SCT", "NHS 24, day and night: 111"), ("GB-WLS", "NHS 111, day and night: 111")],
)
def test_the_urgent_care_line_of_the_country_when_the_plan_has_none(
    morag: rp.Plan, country: str, urgent: str
) -> None:
    assert morag.safety_plan is not None
    assert morag.service is not None
    safety = attrs.evolve(
        morag.safety_plan,
        professionals=[p for p in morag.safety_plan.professionals if p.contact != "111"],
    )
    plan = attrs.evolve(
        morag, safety_plan=safety, service=attrs.evolve(morag.service, country=country)
    )
    card = rp.render(plan, "person", "txt", view="crisis-card", today=TODAY)
    assert "- Emergency (ambulance, police, fire): 999" in card
    assert f"- {urgent}" in card


# -- the command line --------------------------------------------------------------------------


def recoveryplan(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recoveryplan", *argv],
        capture_output=True,
        text=True,
        env={"RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_render_view_on_the_command_line(reference_path: Path, morag: rp.Plan) -> None:
    done = recoveryplan(
        "render", str(reference_path), "--audience", "person", "--view", "review",
        "--format", "md", "--today", "2026-06-02",
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == rp.render(morag, "person", "md", view="review", today=TODAY)
    refused = recoveryplan("render", str(reference_path), "--audience", "ali", "--view", "review")
    assert refused.returncode == 1
    assert "has not agreed to share her reviews with Ali" in refused.stderr
    wrong = recoveryplan("render", str(reference_path), "--audience", "ali", "--view", "summary")
    assert wrong.returncode == 2
    assert "crisis-card" in wrong.stderr


# -- the staff view opens with the person ----------------------------------------------------


def test_the_staff_view_opens_with_the_person_then_one_line_on_what_needs_attention(
    morag: rp.Plan,
) -> None:
    page = rp.render(morag, "staff", "html", today=TODAY)
    headings = re.findall(r'<h2 id="([a-z_]+)-heading"', page)[1:]  # after the contents
    assert headings[:3] == ["about", "strengths", "attention"]
    assert headings[-1] == "checks"
    attention = page[
        page.index('id="attention"') : page.index("</section>", page.index('id="attention"'))
    ]
    findings = rp.validate(morag, today=TODAY)
    warnings = sum(1 for f in findings if f.severity == "warning")
    notes = sum(1 for f in findings if f.severity == "info")
    assert f"{warnings} things to look at, {notes} note" in text_of(attention, "txt")
    assert 'href="#checks"' in attention
    text = rp.render(morag, "staff", "md", today=TODAY)
    assert text.index("## About Morag") < text.index("## What needs attention")
    assert "[For the team: checks and dates](#for-the-team-checks-and-dates)" in text


def test_only_the_staff_view_has_the_attention_line(morag: rp.Plan) -> None:
    for audience in ("person", "eilidh"):
        assert "What needs attention" not in rp.render(morag, audience, "txt", today=TODAY)


# -- PDFs a screen reader can read ---------------------------------------------------------------


def structure_types(document: bytes) -> set[str]:
    """The kinds of element in a PDF's structure tree (H1, L, Table, Figure, ...)."""
    reader = pypdf.PdfReader(io.BytesIO(document))
    found: set[str] = set()
    root: Any = reader.trailer["/Root"]  # a PDF dictionary, whose entries pypdf cannot type
    todo = [root["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.ArrayObject):
            todo.extend(node)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                found.add(str(node["/S"]).lstrip("/"))
            if "/K" in node:
                todo.append(node["/K"])
    return found


@pytest.mark.parametrize(
    ("view", "audience"),
    [
        ("plan", "person"),
        ("review", "person"),
        ("safety-plan", "ali"),
        ("crisis-card", "person"),
        ("easy-read", "person"),
    ],
)
def test_every_pdf_view_is_tagged_pdf_ua(
    morag: rp.Plan, tmp_path: Path, view: str, audience: str
) -> None:
    pytest.importorskip("weasyprint")
    pdfua = pytest.importorskip("pdfua")
    document = rp.render(morag, audience, "pdf", view=view, today=TODAY)
    target = tmp_path / f"{view}.pdf"
    target.write_bytes(document)
    report = pdfua.validate(str(target))
    errors = [
        f"{f.rule_id}: {f.message}" for f in report.findings if f.severity >= pdfua.Severity.ERROR
    ]
    assert errors == []
    reader = pypdf.PdfReader(io.BytesIO(document))
    root: Any = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]) == "en-GB"
    assert reader.metadata is not None
    assert "Morag" in str(reader.metadata.title)
    kinds = structure_types(document)
    assert {"H1", "L", "LI"} <= kinds
    if view == "plan":
        assert {"Table", "Figure"} <= kinds  # the rating charts, each described
    if view == "review":
        assert "Table" in kinds  # how the ratings moved
        # one or two pages for the meeting, even in large print, then a page to write on
        assert len(reader.pages) <= 3
        assert reader.pages[-1].extract_text().startswith("Notes from the meeting")


# -- circle copies: how you can help -------------------------------------------------------------


@pytest.mark.parametrize("format", TEXT_FORMATS)
def test_a_members_copy_says_how_they_can_help(morag: rp.Plan, format: TextFormat) -> None:
    text = text_of(rp.render(morag, "ali", format, today=TODAY), format)
    assert "How you can help" in text
    assert "Morag may ask you for help when things get hard" in text
    assert "Time with you takes Morag's mind off things: “A walk along the river with Ali”" in text


def test_how_a_member_helps_comes_only_from_what_was_shared_with_them(morag: rp.Plan) -> None:
    # James helps with small steps and checks on the bus journey; shared everything but the
    # risk plans, his copy lists his small steps and not the safeguard.
    plan = attrs.evolve(
        morag,
        sharing=(
            *morag.sharing,
            rp.SharingConsent(
                member="james", sections=(rp.Section.OUTCOMES, rp.Section.SAFETY_PLAN)
            ),
        ),
    )
    text = text_of(rp.render(plan, "james", "txt", today=TODAY), "txt")
    assert (
        "For the small step “Do the bus journey once with James.”: “Travel with me and show me "
        "where to change.”" in text
    )
    assert "If there is no text by 10:30" not in text
    with_risks = attrs.evolve(
        plan,
        sharing=(
            *morag.sharing,
            rp.SharingConsent(
                member="james", sections=(rp.Section.OUTCOMES, rp.Section.RISK_PLANS)
            ),
        ),
    )
    text = text_of(rp.render(with_risks, "james", "txt", today=TODAY), "txt")
    assert (
        "To keep “Travelling to college on the bus by myself.” safe: “If there is no text by "
        "10:30, phone Morag, then Eilidh.”" in text
    )
    for audience in ("person", "staff"):
        assert "How you can help" not in rp.render(morag, audience, "txt", today=TODAY)


@pytest.mark.parametrize("format", TEXT_FORMATS)
def test_a_step_past_its_date_is_something_to_talk_about_in_the_persons_copy(
    morag: rp.Plan, format: TextFormat
) -> None:
    own = text_of(rp.render(morag, "person", format, today=TODAY), format)
    # three open steps are past their dates on 2 June 2026; the food hygiene course is not
    # (a full sentence of its own, starting with a capital)
    assert own.count("The date has passed: something to talk about at my next review.") == 3
    later = text_of(rp.render(morag, "person", format, today=date(2026, 4, 1)), format)
    assert "The date has passed" not in later
    theirs = text_of(rp.render(morag, "eilidh", format, today=TODAY), format)
    assert "The date has passed: something to talk about" not in theirs


def test_a_member_hears_back_about_what_they_raised_and_what_answers_it(
    morag: rp.Plan,
) -> None:
    """Eilidh raised a need; the assessment is not shared with her, but her own words and
    what answers them reach her copy. Nothing else of the assessment does, nor anything
    private, and Ali, who raised nothing, sees no assessment at all."""
    answer = "Call the Riverside out-of-hours line on 0141 496 0999; Morag agreed you can."
    plan = morag.evolve_item("nd-eilidh-weekends", answer=answer)
    for format in TEXT_FORMATS:
        copy = rp.render(plan, "eilidh", format, today=TODAY)
        assert "who to call if she is worried about Morag at the" in copy
        assert "0141 496 0999" in copy, format
        for item in plan.assessment.items:  # type: ignore[union-attr]
            if item.raised_by != "eilidh":
                assert item.text not in copy, (format, item.id)
        assert "nd-eilidh-weekends" not in rp.render(plan, "ali", format, today=TODAY)
    hidden = plan.evolve_item("nd-eilidh-weekends", private=True)
    assert "worried about Morag" not in rp.render(hidden, "eilidh", "txt", today=TODAY)
    assert "worried about Morag" not in rp.render(plan, "ali", "txt", today=TODAY)
