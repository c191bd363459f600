"""Voice and polish in every copy: the person's words quoted as theirs, no helper named twice,
no HTML entities in Markdown, phone numbers never broken, large print with nothing small."""

from __future__ import annotations

import io
import re
from typing import Literal

import attrs
import pypdf
import pytest

import recoveryplan as rp

from ..support.reference import TODAY

VIEWS = ("plan", "review", "safety-plan", "crisis-card")
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);")


@pytest.mark.parametrize(
    ("view", "audience"),
    [
        (v, a)
        for v in VIEWS
        for a in ("person", "staff", "eilidh")
        if (v, a) != ("review", "eilidh")
    ],
)
def test_markdown_has_no_html_entities(morag: rp.Plan, view: str, audience: str) -> None:
    output = rp.render(morag, audience, "md", view=view, today=TODAY)
    assert not ENTITY.findall(output)
    assert "doesn't" in output or "don't" in output or view != "plan" or audience == "eilidh"


def test_markdown_writes_an_ampersand_as_it_is(morag: rp.Plan) -> None:
    output = rp.render(morag, "person", "md", today=TODAY)
    assert "Riverside Supported Living (Riverside Housing & Support)" in output


def test_third_person_copies_quote_the_persons_own_words(morag: rp.Plan) -> None:
    for audience in ("staff", "eilidh"):
        text = " ".join(rp.render(morag, audience, "txt", today=TODAY).split())
        assert "If Morag doesn't do it: “I stay in the flat more and lose my confidence.”" in text
        assert "Why it matters, in Morag's words" in text
        assert "“I get my independence back.”" in text
    own = " ".join(rp.render(morag, "person", "txt", today=TODAY).split())
    assert "If I don't do it: I stay in the flat more and lose my confidence." in own
    assert "“I get my independence back.”" not in own


@pytest.mark.parametrize("format", ["html", "md", "txt"])
def test_a_helper_already_named_is_not_named_again(
    morag: rp.Plan, format: Literal["html", "md", "txt"]
) -> None:
    output = rp.render(morag, "person", format, view="safety-plan", today=TODAY)
    assert "A walk along the river with Ali" in output
    assert "(with Ali)" not in output
    assert "(with <" not in output  # nor in an element of its own
    # one who is not in the words is still named
    safety = morag.safety_plan
    assert safety is not None
    cafe = rp.Distraction(what="Tea at the community café", who="eilidh")
    plan = attrs.evolve(morag, safety_plan=attrs.evolve(safety, distractions=(cafe,)))
    output = rp.render(plan, "person", format, view="safety-plan", today=TODAY)
    assert "(with Eilidh Sinclair)" in output.replace('<span class="said-by">', "").replace(
        "</span>", ""
    )


@pytest.mark.parametrize("view", VIEWS)
def test_plain_text_never_breaks_inside_a_phone_number(morag: rp.Plan, view: str) -> None:
    long = (
        "Riverside office, open on weekdays from nine until five, and for the rest of the "
        "week leave a message on 0141 496 0000 or call the duty worker on 0141 496 0999"
    )
    plan = morag.evolve_item("eilidh", contact=long)
    output = rp.render(plan, "person", "txt", view=view, today=TODAY)
    assert max(len(line) for line in output.splitlines()) <= 78
    if view != "review":
        assert "0141 496 0000" in output
        assert "0141 496 0999" in output
    for line in output.splitlines():
        assert not re.search(r"\b0141( 496)?$", line), line


def effective_sizes(document: bytes) -> list[tuple[float, str]]:
    """Every run of text in a PDF with the size it is printed at, in points."""
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            scale = (
                (tm[0] * cm[0] + tm[1] * cm[2]) ** 2 + (tm[0] * cm[1] + tm[1] * cm[3]) ** 2
            ) ** 0.5
            found.append((size * scale, text.strip()))

    for page in pypdf.PdfReader(io.BytesIO(document)).pages:
        page.extract_text(visitor_text=visit)
    return found


def test_large_print_has_no_label_or_chart_text_smaller_than_the_body(morag: rp.Plan) -> None:
    pytest.importorskip("weasyprint")
    document = rp.render(morag, "person", "pdf", today=TODAY, large_print=True)
    sizes = effective_sizes(document)
    assert any(text == "2 Mar 2026" for _, text in sizes)  # the charts' labels are measured
    body = 16.0  # Morag's own size: "16 point or bigger"
    small = [(round(size, 1), text) for size, text in sizes if size < body - 0.1]
    assert small == []
