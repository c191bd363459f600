"""A person's words stay words: no markup, no links, no template code, in any format."""

from __future__ import annotations

import html
import re

import attrs
import pytest
from markdown_it import MarkdownIt

import recoveryplan as rp
from recoveryplan.textformats import balance_bidi, isolate, markdown_escape

from ..support.html import Page, words
from ..support.reference import TODAY

HOSTILE = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</textarea><b>bold</b>",
    "{{ 7*7777 }}",
    "{% raw %}x{% endraw %}",
    "[x](javascript:alert(1))",
    "# heading",
    "**bold** _under_ `tick`",
    "1. not a list",
    "- not an item",
    "<https://example.org> &amp; &lt;",
    "| a | b |",
    "line one\n# line two\n\n- line three",
)


def hostile_plan(morag: rp.Plan, text: str) -> rp.Plan:
    """The reference plan with ``text`` in a field of every section Eilidh can see and more."""
    outcome = morag.outcomes[0]
    goal = attrs.evolve(outcome.goals[0], statement=text, celebration=text)
    risk = attrs.evolve(morag.risk_plans[0], activity=text, persons_view=text)
    assert morag.safety_plan is not None
    safety = attrs.evolve(morag.safety_plan, warning_signs=(text,))
    circle = (attrs.evolve(morag.circle[0], contact=text), *morag.circle[1:])
    return attrs.evolve(
        morag,
        person=attrs.evolve(morag.person, preferred_name=text),
        outcomes=(attrs.evolve(outcome, statement=text, goals=(goal, *outcome.goals[1:])),),
        risk_plans=(risk,),
        safety_plan=safety,
        circle=circle,
    )


def rendered_markdown(source: str) -> str:
    html: str = MarkdownIt("commonmark").enable("table").render(source)
    return html


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("audience", ["person", "staff", "eilidh"])
def test_hostile_text_is_inert_in_html(morag: rp.Plan, text: str, audience: str) -> None:
    output = rp.render(hostile_plan(morag, text), audience, "html", today=TODAY)
    page = Page(output)
    assert not page.tags("script")
    assert not page.tags("img")
    assert not page.tags("textarea")
    assert not any("onerror" in attributes for _, attributes in page.elements)
    assert "54439" not in page.text
    assert words(text) in page.text


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("audience", ["person", "staff", "eilidh"])
def test_hostile_text_is_inert_in_markdown(morag: rp.Plan, text: str, audience: str) -> None:
    source = rp.render(hostile_plan(morag, text), audience, "md", today=TODAY)
    assert "54439" not in source
    shown = Page(rendered_markdown(source))
    assert not shown.tags("script")
    assert not shown.tags("img")
    assert not any((a.get("href") or "").startswith("javascript") for a in shown.tags("a"))
    # nothing a person wrote becomes a link; the staff copy's one link is the template's own,
    # from "What needs attention" to the checks
    own = ["#for-the-team-checks-and-dates"] if audience == "staff" else []
    assert [a.get("href") for a in shown.tags("a")] == own
    assert len(shown.tags("h1")) == 1
    assert words(text) in words(shown.text)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_written_as_it_is_in_plain_text(morag: rp.Plan, text: str) -> None:
    output = rp.render(hostile_plan(morag, text), "person", "txt", today=TODAY)
    assert "54439" not in output
    assert words(text) in words(output)


def test_a_template_is_never_made_from_a_persons_words(morag: rp.Plan) -> None:
    plan = hostile_plan(morag, "{{ plan.extensions }} {% for x in range(3) %}x{% endfor %}")
    for format in ("html", "md", "txt"):
        output = html.unescape(rp.render(plan, "person", format, today=TODAY))
        assert "RSL-14" not in output
        assert "xxx" not in output


def test_markdown_escape_keeps_words_and_drops_markup() -> None:
    assert markdown_escape("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert markdown_escape("# not a heading") == "\\# not a heading"
    assert markdown_escape("- not a list") == "\\- not a list"
    assert markdown_escape("12. not a list") == "12\\. not a list"
    assert markdown_escape("<b>&") == "\\<b\\>&"
    assert markdown_escape("Housing & Support") == "Housing & Support"
    # a character reference is broken by a backslash (before the & or, already, the #)
    assert markdown_escape("&amp; &#60; &#x3C;") == "\\&amp; &\\#60; &\\#x3C;"
    assert markdown_escape("  one\n\n\n  two  ") == "one\\\ntwo"
    assert markdown_escape("I'd like a café.") == "I'd like a café."


def test_a_right_to_left_override_cannot_swallow_what_follows() -> None:
    assert balance_bidi("abc\u202edef") == "abc\u202edef\u202c"
    assert balance_bidi("a\u2067b") == "a\u2067b\u2069"
    assert balance_bidi("a\u202eb\u202c") == "a\u202eb\u202c"
    assert balance_bidi("plain") == "plain"


def test_an_override_in_a_name_is_closed_in_every_format(morag: rp.Plan) -> None:
    plan = hostile_plan(morag, "Mo\u202erag")
    for format in ("html", "md", "txt"):
        output = rp.render(plan, "person", format, today=TODAY)
        assert "Mo\u202erag\u202c" in output


def test_right_to_left_text_is_isolated_and_left_to_right_text_untouched(morag: rp.Plan) -> None:
    plan = hostile_plan(morag, "Mo\u202erag")
    for format in ("html", "md", "txt"):
        output = rp.render(plan, "person", format, today=TODAY)
        assert "\u2068Mo\u202erag\u202c\u2069" in output, format
    assert isolate("Morag") == "Morag"
    assert isolate("مرحبا") == "\u2068مرحبا\u2069"


ADDRESSES = "Call https://example.org/help, www.example.org or morag.s+plan@example.org."


def _links(html: str) -> list[str]:
    return re.findall(r"<a\b[^>]*>", html)


def test_typed_addresses_stay_inert_under_commonmark_and_github_renderers(
    morag: rp.Plan,
) -> None:
    """The docs promise that nothing in plan text becomes a link; GitHub-flavoured renderers
    link bare web and e-mail addresses unless they are kept from it."""
    source = rp.render(hostile_plan(morag, ADDRESSES), "person", "md", today=TODAY)
    renderers = {
        "commonmark": MarkdownIt("commonmark").render,
        "linkify": MarkdownIt("commonmark", {"linkify": True}).enable("linkify").render,
    }
    try:
        import cmarkgfm  # type: ignore[import-untyped]

        renderers["github"] = cmarkgfm.github_flavored_markdown_to_html
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.fail("cmarkgfm (GitHub's Markdown renderer) is missing: pip install -e '.[test]'")
    for name, render in renderers.items():
        html = render(source)
        assert "example.org" in html, name
        assert _links(html) == [], name
    assert markdown_escape(ADDRESSES) == (
        "Call https\\://example.org/help, www\\.example.org or morag.s+plan\u2060@example.org."
    )
