"""The easy-read copy: short template sentences at a low reading grade, a picture beside every
heading, the person's words as they wrote them, consent through ``disclose``, and the copy a
reader who needs easy read gets without asking."""

from __future__ import annotations

import html
import io
import re
import string
from typing import Any

import attrs
import pypdf
import pytest
import textstat  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.audience import VIEW_SECTIONS
from recoveryplan.context import template_context
from recoveryplan.easyread import PICTURES, default_view, pictures
from recoveryplan.render import VIEWS
from recoveryplan.serialize import from_data, to_data
from recoveryplan.templating import environment

from ..support.reference import BUNDLED, TODAY

MAX_WORDS = 15
MAX_GRADE = 6.0
WORDLY = string.ascii_letters + string.digits + " .,'!?-éüłŵ"
"""What a person's words are drawn from (the text formats' own escaping is tested elsewhere)."""


@pytest.fixture(scope="module")
def plan() -> rp.Plan:
    return rp.load(BUNDLED)


def _with(plan: rp.Plan, change: Any) -> rp.Plan:
    data = to_data(plan)
    change(data)
    return from_data(data)


def easy_words(plan: rp.Plan, audience: str) -> list[str]:
    """Every string of _words.j2's ``easy`` words as the reader gets them."""
    context = template_context(plan, audience, "html", today=TODAY, view="easy-read")
    env = environment("html", plan, None)
    module = env.get_template("_words.j2").make_module(context)
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)

    walk(getattr(module, "easy"))  # noqa: B009 (a template module's names are not typed)
    return found


def sentences(texts: list[str]) -> list[str]:
    """Each sentence on its own; a heading or label counts as one."""
    found = []
    for text in texts:
        found += [part.strip() for part in re.split(r"(?<=[.!?])\s+", text) if part.strip()]
    return found


@pytest.mark.parametrize("audience", ["person", "eilidh", "staff"])
def test_every_template_sentence_is_short_and_at_a_low_reading_grade(
    plan: rp.Plan, audience: str
) -> None:
    found = sentences(easy_words(plan, audience))
    assert len(found) > 10
    long = [s for s in found if len(s.split()) > MAX_WORDS]
    assert long == []
    text = " ".join(s if s[-1] in ".!?" else s + "." for s in found)
    assert textstat.flesch_kincaid_grade(text) <= MAX_GRADE


def test_a_long_sentence_would_be_caught() -> None:
    """The measures can fail: a sentence of long words fails both."""
    hard = (
        "Comprehensive multidisciplinary interventions facilitate individualised "
        "psychosocial rehabilitation, notwithstanding organisational considerations "
        "and administrative responsibilities throughout."
    )
    assert len(hard.split()) > 10
    assert textstat.flesch_kincaid_grade(hard) > MAX_GRADE
    twice = hard.rstrip(".") + ", " + hard
    assert [s for s in sentences([twice]) if len(s.split()) > MAX_WORDS] == [twice]
    assert sentences(["One. Two three."]) == ["One.", "Two three."]


def test_a_picture_is_beside_every_heading(plan: rp.Plan) -> None:
    page = rp.render(plan, "person", view="easy-read", today=TODAY)
    headings = re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", page, re.DOTALL)
    assert len(headings) >= 8
    for _, inside in headings:
        picture = re.search(r'<img [^>]*src="data:image/svg\+xml;base64,[^"]+"[^>]*>', inside)
        assert picture is not None, inside
        alt = re.search(r'alt="([^"]+)"', picture.group(0))
        assert alt is not None
        assert alt.group(1).strip()


def test_every_picture_ships_and_the_licence_is_credited(plan: rp.Plan) -> None:
    assert set(pictures()) == set(PICTURES)
    for format in ("html", "md", "txt"):
        copy = rp.render(plan, "person", format, view="easy-read", today=TODAY)
        flat = " ".join(copy.split())
        assert "OpenMoji" in flat
        assert "CC BY-SA 4.0" in flat


def test_the_safety_plan_and_the_next_steps_come_first(plan: rp.Plan) -> None:
    copy = rp.render(plan, "person", "txt", view="easy-read", today=TODAY)
    order = [copy.index(h) for h in ("When things get hard", "My next steps", "What I am good at")]
    assert order == sorted(order)
    assert "999" in copy


def test_the_persons_words_are_kept_as_they_are(plan: rp.Plan) -> None:
    safety = plan.safety_plan
    assert safety is not None
    words = [
        *safety.warning_signs,
        *safety.coping_strategies,
        *safety.reasons_for_living,
        *(o.statement for o in plan.outcomes if o.status.is_open),
    ]
    page = html.unescape(rp.render(plan, "person", view="easy-read", today=TODAY))
    markdown = rp.render(plan, "person", "md", view="easy-read", today=TODAY)
    for text in words:
        assert f">{text}<" in page or f"<strong>{text}</strong>" in page
        assert text.replace("'", "'") in markdown.replace("\\", "")


@settings(max_examples=25, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(WORDLY), min_size=3, max_size=60).filter(
        lambda s: s.strip() == s and s.strip() != "" and "  " not in s
    )
)
def test_any_warning_sign_is_written_unchanged(plan: rp.Plan, sign: str) -> None:
    changed = _with(plan, lambda d: d["safety_plan"].update(warning_signs=[sign]))
    page = html.unescape(rp.render(changed, "person", view="easy-read", today=TODAY))
    assert f"<li>{sign}</li>" in page
    assert f"- {sign}\n" in rp.render(changed, "person", "txt", view="easy-read", today=TODAY)


def test_a_member_sees_only_what_is_shared(plan: rp.Plan) -> None:
    unshared = _with(
        plan,
        lambda d: [
            entry.update(sections=[s for s in entry["sections"] if s != "safety_plan"])
            for entry in d["sharing"]
            if entry["with"] == "eilidh"
        ],
    )
    disclosure = rp.audience.disclose(unshared, "eilidh")
    assert disclosure.plan.safety_plan is None
    copy = rp.render(unshared, "eilidh", "txt", view="easy-read", today=TODAY)
    safety = plan.safety_plan
    assert safety is not None
    assert "When things get hard" not in copy
    for sign in safety.warning_signs:
        assert sign not in copy
    assert "Morag's plan in easy read" in copy
    assert plan.outcomes[0].statement.replace("'", "'") in copy  # shared with Eilidh
    ali = rp.render(plan, "ali", "txt", view="easy-read", today=TODAY)
    assert safety.warning_signs[0] in ali
    assert all(outcome.statement not in ali for outcome in plan.outcomes)  # not shared with Ali


def test_a_reader_who_needs_easy_read_gets_it_by_default(plan: rp.Plan) -> None:
    assert default_view(plan, "person") == "plan"
    needing = _with(
        plan,
        lambda d: d["person"]["communication"].extend(
            [{"kind": "easy-read"}, {"kind": "large-print", "size": 20}]
        ),
    )
    assert default_view(needing, "person") == "easy-read"
    assert default_view(needing, "staff") == "plan"
    page = rp.render(needing, "person", today=TODAY)
    assert "document-easy-read" in page
    assert 'class="large-print"' in page
    assert "font-size: 20pt" in page
    assert rp.render(needing, "person", "txt", today=TODAY) == rp.render(
        needing, "person", "txt", view="easy-read", today=TODAY
    )
    assert "document-easy-read" not in rp.render(needing, "staff", today=TODAY)
    assert "document-easy-read" not in rp.render(plan, "person", today=TODAY)
    assert [f for f in rp.validate(needing) if f.code.startswith("communication.")] == []


def test_the_view_is_listed() -> None:
    assert "easy-read" in VIEW_SECTIONS
    assert VIEW_SECTIONS["easy-read"] is None
    assert "easy-read" in VIEWS


def test_the_pdf_is_made_through_the_html(plan: rp.Plan) -> None:
    pytest.importorskip("weasyprint")
    pdf = rp.render(plan, "person", "pdf", view="easy-read", today=TODAY)
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) <= 5
    assert "When things get hard" in pages[0].extract_text()  # the safety plan first


def test_a_long_list_holds_25_and_says_how_many_more() -> None:
    morag = rp.load(BUNDLED)
    assert morag.safety_plan is not None
    signs = tuple(f"Sign number {i}" for i in range(30))
    plan = attrs.evolve(morag, safety_plan=attrs.evolve(morag.safety_plan, warning_signs=signs))
    page = rp.render(plan, "person", "html", view="easy-read", today=TODAY)
    for items in re.findall(r"<ul>(.*?)</ul>", page, re.DOTALL):
        assert items.count("<li") <= 25
    assert "There are 5 more." in page
    for format in ("md", "txt"):
        text = rp.render(plan, "person", format, view="easy-read", today=TODAY)
        assert text.count("Sign number") == 25
        assert "There are 5 more." in text
