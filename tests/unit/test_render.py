"""Rendering the reference plan: what each reader gets, in each format, and the errors."""

from __future__ import annotations

import html
import io
import itertools
import re
import sys
from collections.abc import Callable
from datetime import date

import attrs
import pypdf
import pytest

import recoveryplan as rp
from recoveryplan.render import PdfUnavailableError, environment
from recoveryplan.textformats import TEXT_WIDTH, display_width

from ..support.html import Page, words
from ..support.reference import TODAY

TEXT_FORMATS = ("html", "md", "txt")
AUDIENCES = ("person", "staff", "eilidh", "ali")


# -- every reader, every format ------------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("format", TEXT_FORMATS)
def test_every_reader_gets_the_reference_plan_in_every_text_format(
    morag: rp.Plan, audience: str, format: str
) -> None:
    output = rp.render(morag, audience, format, today=TODAY)
    assert isinstance(output, str)
    assert "Morag" in output
    assert output.endswith("\n")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_reader_gets_a_pdf_with_their_part_of_the_plan(morag: rp.Plan, audience: str) -> None:
    document = rp.render(morag, audience, "pdf", today=TODAY)
    assert isinstance(document, bytes)
    assert document.startswith(b"%PDF")
    text = words(
        " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(document)).pages)
    )
    assert "Breathing Space" in text  # every reader here may see the safety plan
    if audience in ("person", "staff", "eilidh"):
        for outcome in morag.outcomes:
            assert outcome.statement in text
    else:
        assert morag.outcomes[0].statement not in text


def test_there_is_no_default_reader_and_the_default_format_is_html(morag: rp.Plan) -> None:
    """The easiest mistake must not make the widest disclosure: who a plan is for is said."""
    with pytest.raises(TypeError, match="audience"):
        rp.render(morag, today=TODAY)  # type: ignore[call-overload]
    assert rp.render(morag, "person", today=TODAY) == rp.render(
        morag, "person", "html", today=TODAY
    )


def test_today_defaults_to_the_current_date(morag: rp.Plan) -> None:
    from recoveryplan.textformats import friendly_date

    assert f"Printed on {friendly_date(date.today())}" in rp.render(morag, "person", format="txt")


# -- the person-held plan ------------------------------------------------------------------


def test_the_person_held_plan_speaks_in_the_persons_voice(morag: rp.Plan) -> None:
    page = Page(rp.render(morag, "person", "html", today=TODAY))
    headings = [text for _, text in page.headings]
    assert headings[0] == "Morag's plan"
    for heading in (
        "What I'm good at",
        "What I want for my life",
        "What I need",
        "My next small steps",
        "How I'm doing",
        "Taking risks safely",
        "When things get hard",
        "People who support me",
        "My reviews",
    ):
        assert heading in headings
    assert "Morag's strengths" not in page.text


def test_assessment_items_are_grouped_by_kind_and_marked_with_whose_words_they_are(
    morag: rp.Plan,
) -> None:
    page = Page(rp.render(morag, "person", "html", today=TODAY))
    headings = [text for _, text in page.headings]
    assert [h for h in headings if h in ("My hopes", "My dreams", "My aspirations")] == [
        "My hopes",
        "My dreams",
        "My aspirations",
    ]
    assert "What Riverside Supported Living says it must do" in headings
    assert (
        "The law behind this: Condition of a community-based Compulsory Treatment Order"
        in page.text
    )
    # in the person's own copy, words that are not hers are quoted as whoever wrote them
    assert "Eilidh Sinclair wrote: “Eilidh would like to know who to call" in page.text
    assert "James Okafor wrote: “Morag knows her early warning signs well" in page.text
    staff = Page(rp.render(morag, "staff", "html", today=TODAY)).text
    assert "Raised by Eilidh Sinclair" in staff
    assert "From Riverside Supported Living, raised by James Okafor" in staff
    assert "Private: only I and the staff team see this" in page.text


def test_small_goals_nest_under_their_outcome_with_status_in_words(morag: rp.Plan) -> None:
    text = words(rp.render(morag, "person", "txt", today=TODAY))
    assert (
        "- Get to the college open day on the bus. - Working on it, was due by 14 May 2026." in text
    )
    assert "- Do the bus journey once with James. - Done on 20 April 2026!" in text
    assert "Done on 23 May 2026! We went for chips on the front." in text
    assert (
        "Riverside Supported Living wrote, for me to do: “Keep my phone charged the night before.”"
        in text
    )
    page = Page(rp.render(morag, "person", "html", today=TODAY))
    nested = [a for a in page.tags("ul") if "goals depth-2" in (a.get("class") or "")]
    assert len(nested) == 1  # the bus journey's two smaller steps
    assert "Working on it" in page.text
    assert "Not started yet" in page.text


def test_the_safety_plan_has_six_steps_reasons_and_numbers_to_dial(morag: rp.Plan) -> None:
    output = rp.render(morag, "person", "html", today=TODAY)
    page = Page(output)
    headings = [text for _, text in page.headings]
    assert [h for h in headings if h.startswith("Step ")] == [
        "Step 1 Signs that things are getting hard",
        "Step 2 Things I can do on my own",
        "Step 3 People and places that take my mind off things",
        "Step 4 People I can ask for help",
        "Step 5 Professionals and crisis lines I can call",
        "Step 6 Making where I am safer",
    ]
    assert "What keeps me going" in headings
    links = {a["href"] for a in page.tags("a") if (a.get("href") or "").startswith("tel:")}
    assert {"tel:111", "tel:08008385 87".replace(" ", ""), "tel:07700900123"} <= links
    # printed, the safety plan follows on rather than leaving the page before it half empty
    assert not re.search(r"break-before:\s*(page|always)", output)


def test_risk_plans_show_the_whole_decision(morag: rp.Plan) -> None:
    text = words(rp.render(morag, "person", "txt", today=TODAY))
    for expected in (
        "Travelling to college on the bus by myself.",
        "Why it matters",
        "I get my independence back.",
        "If I don't do it: I stay in the flat more and lose my confidence.",
        "How likely: possible. How serious: minor.",
        "What I think",
        "I can make this decision for myself.",
        "What keeps me safe",
        "Riverside Supported Living wrote, for James Okafor to do: “If there is no text by 10:30,"
        " phone Morag, then Eilidh.” (helps with 2",
        "If things go wrong",
        "Agreed on 22 April 2026, by me, James Okafor, Priya Nair and Eilidh Sinclair.",
        "Priya Nair had a different view: “Would prefer a second accompanied trip first. Agreed",
        "We were going to look at this again by 28 May 2026: that date has passed.",
    ):
        assert expected in text


def test_ratings_are_charts_with_text_alternatives_named_by_the_framework(
    morag: rp.Plan,
) -> None:
    page = Page(rp.render(morag, "person", "html", today=TODAY))
    charts = page.tags("svg")
    charts = [c for c in charts if c.get("role") == "img"]
    assert len(charts) == 5
    assert len(page.tags("title")) == 1 + 5  # the document's, then one per chart
    assert len(page.tags("desc")) == 5
    assert "Hope and optimism about the future: ratings over time" in page.text
    assert "6 out of 10 on 1 June 2026" in page.text
    assert "5 out of 10: Getting there" in page.text
    assert "The bus trip made a big difference." in page.text
    assert len(page.tags("table")) == 5
    ids = {a.get("id") for _, a in page.elements}
    for chart in charts:
        title, desc = (chart["aria-labelledby"] or "").split()
        assert {title, desc} <= ids


def test_ratings_use_a_plugin_frameworks_names_and_scale(
    morag: rp.Plan, register_plugin: Callable[..., object]
) -> None:
    class Plugin:
        @rp.hookimpl
        def register_frameworks(self) -> list[rp.Framework]:
            return [
                rp.Framework(
                    "wheel",
                    "The Wellbeing Wheel",
                    [rp.Domain(d, f"Spoke {d}") for d in ("hope", "meaning", "identity")]
                    + [rp.Domain("connectedness", "Friends"), rp.Domain("empowerment", "Say")],
                    rp.RatingScale(0, 20, {0: "Nowhere yet", 20: "Flying"}),
                )
            ]

    register_plugin(Plugin())
    plan = attrs.evolve(morag, framework="wheel")
    text = words(rp.render(plan, "person", "txt", today=TODAY))
    assert "Spoke meaning" in text
    assert "Friends" in text
    assert "The parts of life here come from: The Wellbeing Wheel." in text
    assert "runs from 0 (Nowhere yet) to 20 (Flying)" in text
    assert "6 out of 20" in text
    assert "Meaning in life" not in text


def test_an_unknown_framework_falls_back_to_domain_ids(morag: rp.Plan) -> None:
    plan = attrs.evolve(morag, framework="not-installed")
    page = Page(rp.render(plan, "person", "html", today=TODAY))
    assert "connectedness: ratings over time" in page.text
    assert "Hope and optimism" not in page.text
    assert "The scale runs from 3 to 7." in page.text  # the plan's own lowest and highest


def test_the_circle_with_relationships_and_contacts(morag: rp.Plan) -> None:
    text = words(rp.render(morag, "person", "txt", today=TODAY))
    assert "Eilidh Sinclair · My sister · carer · 07700 900123" in text
    assert "Ali · Friend from the allotment · friend" in text


# -- the page itself -------------------------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
def test_html_is_one_accessible_self_contained_page(morag: rp.Plan, audience: str) -> None:
    output = rp.render(morag, audience, "html", today=TODAY)
    page = Page(output)
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    for landmark in ("header", "nav", "main", "footer"):
        assert len(page.tags(landmark)) == 1, landmark
    assert page.tags("html")[0]["lang"] == "en-GB"
    assert "@media print" in output
    assert not re.search(r"(src|href)=\"(https?:)?//|@import|url\(|@font-face", output)
    assert all((a.get("href") or "").startswith(("#", "tel:")) for a in page.tags("a"))
    outside_charts = re.sub(r"\.chart [^}]*\}", "", output)
    assert not re.search(r"font-size:\s*[\d.]+px|max-width:\s*[\d.]+px", outside_charts)


def test_lang_comes_from_the_person_and_is_english_when_unusable(morag: rp.Plan) -> None:
    def lang(language: str | None) -> str | None:
        plan = attrs.evolve(morag, person=attrs.evolve(morag.person, language=language))
        return Page(rp.render(plan, "person", today=TODAY)).tags("html")[0]["lang"]

    # The copy is English unless it is translated, and says so: a Gaelic speaker's copy,
    # with no Gaelic catalogue, is marked English so a screen reader reads it as English.
    assert lang("gd") == "en-GB"
    assert lang("en-US") == "en-US"
    assert lang(None) == "en-GB"
    assert lang('en" onload="x') == "en-GB"


def test_large_print_when_the_person_asks_for_it(morag: rp.Plan) -> None:
    def large(plan: rp.Plan, audience: str = "person", chosen: bool | None = None) -> bool:
        output = rp.render(plan, audience, today=TODAY, large_print=chosen)
        return "large-print" in (Page(output).tags("html")[0].get("class") or "")

    assert large(morag)  # Morag's communication says "Large print, please"
    assert not large(morag, chosen=False)
    assert not large(morag, "staff")
    assert large(morag, "staff", chosen=True)
    plain = attrs.evolve(morag, person=attrs.evolve(morag.person, communication=("Easy read",)))
    assert not large(plain)
    shouting = attrs.evolve(
        plain, person=attrs.evolve(plain.person, communication=("LARGE PRINT",))
    )
    assert large(shouting)
    css = rp.render(morag, "person", today=TODAY)
    assert re.search(r"html\.large-print\s*\{\s*font-size:\s*150%", css)  # 27px: over 16pt


# -- staff ------------------------------------------------------------------------------------


def test_the_staff_view_has_the_findings_and_what_is_overdue(morag: rp.Plan) -> None:
    findings = rp.validate(morag, today=TODAY)
    assert findings, "the reference plan has practice warnings on TODAY"
    output = rp.render(morag, "staff", "html", today=TODAY)
    page = Page(output)
    assert "Morag's strengths" in [text for _, text in page.headings]
    rows = [a for a in page.tags("tr") if (a.get("class") or "").startswith("finding-")]
    assert len(rows) == len(findings)
    for finding in findings:
        assert finding.code in page.text
        assert html.unescape(words(finding.message)) in page.text
    assert "28 May 2026 Overdue Risk plan review: Travelling to college" in page.text
    assert "No statutory basis recorded" not in page.text
    assert "Priya Nair had a different view" in page.text


def test_the_staff_view_is_as_of_today(morag: rp.Plan) -> None:
    early = Page(rp.render(morag, "staff", "html", today=date(2026, 3, 3))).text
    assert "Overdue" not in early
    late = Page(rp.render(morag, "staff", "html", today=date(2027, 1, 1))).text
    assert "The next review was due by 1 September 2026: that date has passed. Overdue" in late


# -- circle members ---------------------------------------------------------------------------


def test_a_carer_sees_only_what_was_shared_with_her(morag: rp.Plan) -> None:
    output = rp.render(morag, "eilidh", "html", today=TODAY)
    page = Page(output)
    assert page.headings[0] == (1, "Morag's plan, shared with Eilidh Sinclair")
    assert (
        "Morag chose to share these parts of her plan with you: outcomes and small steps, "
        "taking risks safely and the safety plan." in page.text
    )
    for hidden in (
        "lentil soup",  # assessment
        "hear voices",  # a private item
        "1979",  # date of birth
        "Large print",  # communication
        "RSL-14",  # organisation extensions
        "07700 900123",  # circle contacts
        "My sister",
        "Eastfield",
        "Book the food hygiene course",  # reviews
        "1 September 2026",  # next review
        "out of 10",  # ratings
        "Why this matters",  # based_on points at the hidden assessment
    ):
        assert hidden not in page.text, hidden
    assert "Callum stays with me for a weekend in the summer." in page.text
    assert "Priya Nair had a different view" in page.text
    assert "Step 4 People Morag can ask for help You Ali" in page.text  # Eilidh is "you"


def test_a_friend_sees_only_the_safety_plan(morag: rp.Plan) -> None:
    text = words(rp.render(morag, "ali", "txt", today=TODAY))
    assert "Morag's safety plan" in text
    assert "A walk along the river with Ali (with you)" in text
    assert "kitchen" not in text
    assert "Travelling to college" not in text
    assert "James Okafor" not in text  # not mentioned in the safety plan
    assert "Eilidh Sinclair" in text  # she is, by name only


# -- errors -----------------------------------------------------------------------------------


def test_an_unknown_audience_names_everyone_who_can_be_one(morag: rp.Plan) -> None:
    """The readers listed are those a copy can be made for: not James and Priya, who are in
    Morag's circle but have been shared nothing (the same list as --audience all)."""
    with pytest.raises(rp.UnknownAudienceError) as caught:
        rp.render(morag, "bob")
    assert str(caught.value) == (
        "'bob' is not one of the readers of this plan; the readers are: person, staff, eilidh, ali"
    )
    assert isinstance(caught.value, rp.PlanError)


def test_a_member_without_consent_gets_an_error_not_an_empty_plan(morag: rp.Plan) -> None:
    with pytest.raises(rp.ConsentError) as caught:
        rp.render(morag, "james", "md")
    assert str(caught.value) == (
        "Morag has not agreed to share any part of her plan with James Okafor; add a sharing "
        "entry for 'james' that lists the sections Morag agrees to share, or render for "
        "'person' or 'staff'"
    )
    nothing = attrs.evolve(
        morag, sharing=(rp.SharingConsent(member="ali", sections=()), *morag.sharing[:1])
    )
    with pytest.raises(rp.ConsentError, match="any part of her plan with Ali;"):
        rp.render(nothing, "ali")


def test_pronouns_shape_the_consent_message(morag: rp.Plan) -> None:
    plan = attrs.evolve(morag, person=attrs.evolve(morag.person, pronouns="they/them"))
    with pytest.raises(rp.ConsentError, match="any part of their plan with James Okafor"):
        rp.render(plan, "james")


def test_an_unknown_format_lists_the_formats(morag: rp.Plan) -> None:
    with pytest.raises(rp.PlanValueError) as caught:
        rp.render(morag, "person", "docx")
    assert str(caught.value) == (
        "'docx' is not a format plans can be rendered in; use one of: html, md, txt, pdf"
    )


def test_pdf_without_weasyprint_says_how_to_install_it(
    morag: rp.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(PdfUnavailableError) as caught:
        rp.render(morag, "person", "pdf")
    assert isinstance(caught.value, rp.PlanError)
    assert "pip install 'recoveryplan[pdf]'" in str(caught.value)


# -- plain text and markdown ------------------------------------------------------------------


@pytest.mark.parametrize("audience", AUDIENCES)
def test_plain_text_is_wrapped_with_underlined_headings(morag: rp.Plan, audience: str) -> None:
    lines = rp.render(morag, audience, "txt", today=TODAY).splitlines()
    for line in lines:
        assert display_width(line) <= TEXT_WIDTH or " " not in line.strip(), line
    title, rule = lines[0], lines[1]
    assert set(rule) == {"="}
    assert len(rule) == len(title)
    for above, below in itertools.pairwise(lines):
        if below and set(below) == {"-"} and len(below) >= 3:
            assert len(below) == display_width(above)


def test_markdown_has_headings_and_nested_lists(morag: rp.Plan) -> None:
    output = rp.render(morag, "person", "md", today=TODAY)
    assert output.startswith("# Morag's plan\n")
    assert "\n## When things get hard\n" in output
    assert "\n  - Do the bus journey once with James.\n" in output


def test_an_empty_plan_renders_for_everyone(morag: rp.Plan) -> None:
    plan = rp.Plan(
        id="p",
        framework="chime",
        person=rp.Person(id="p1", name="Sam"),
        circle=(rp.CircleMember(id="jo", name="Jo", role=rp.Role.FRIEND),),
        sharing=(rp.SharingConsent(member="jo", sections=(rp.Section.REVIEWS,)),),
    )
    for audience in ("person", "staff", "jo"):
        for format in TEXT_FORMATS:
            assert "Sam" in rp.render(plan, audience, format, today=TODAY)
    assert "There is nothing in this plan yet." in rp.render(plan, "jo", "txt", today=TODAY)


def test_environments_are_built_once_per_format_and_plugin_set(
    register_plugin: Callable[..., object],
) -> None:
    assert environment("html") is environment("html")
    assert environment("md") is not environment("html")
    before = environment("txt")

    class Plugin:
        @rp.hookimpl
        def prepare_jinja2_environment(self, env: object) -> None:
            return None

    register_plugin(Plugin(), name="touches-the-environment")
    assert environment("txt") is not before
    with pytest.raises(rp.PlanValueError, match="'pdf' has no templates"):
        environment("pdf")
