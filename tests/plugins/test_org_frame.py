"""An organisation's page frame (header, footer, styles) dresses every view, on screen and in PDF.

The organisation writes one ``plan.html.j2`` that extends ``default:plan.html.j2`` and fills
``header`` and ``footer``, as docs/rendering.md shows; the plan, the review pack, the safety
plan and the crisis card must all carry it, each keeping its own heading and closing lines.
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from typing import Literal

import pypdf
import pytest

import recoveryplan as rp
from recoveryplan.testing import isolated_plugins

from ..support.organisation import Organisation
from ..support.reference import TODAY

VIEWS = ("plan", "review", "safety-plan", "crisis-card")
HEADER = "Meadow Care Trust, Riverside Team"
FOOTER = "Meadow Care: call 0141 496 0000 on weekdays"
STYLE = "--meadow-care-green"

ORGANISATION_PLAN = f"""{{% extends "default:plan.html.j2" %}}
{{% block style %}}{{{{ super() }}}} :root {{ {STYLE}: #2e7d32; }}{{% endblock %}}
{{% block header %}}<p class="org">{HEADER}</p>{{{{ super() }}}}{{% endblock %}}
{{% block footer %}}{{{{ super() }}}}<p class="org">{FOOTER}</p>{{% endblock %}}
"""


@pytest.fixture
def organisation(tmp_path: Path) -> Organisation:
    (tmp_path / "plan.html.j2").write_text(ORGANISATION_PLAN, encoding="utf-8")
    return Organisation(tmp_path)


def words_of(page: str) -> str:
    body = page.split("<body", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("view", VIEWS)
def test_the_organisations_frame_is_on_every_view_in_html(
    morag: rp.Plan, organisation: Organisation, view: str
) -> None:
    with isolated_plugins(organisation):
        page = rp.render(morag, "person", "html", view=view, today=TODAY)
    words = words_of(page)
    assert HEADER in words
    assert FOOTER in words
    assert STYLE in page
    # The frame is around the view's own page, not instead of it.
    assert words.index(HEADER) < words.index(FOOTER)
    own = {
        "plan": "Morag's plan",
        "review": "My review pack",
        "safety-plan": "My safety plan",
        "crisis-card": "My crisis card",
    }[view]
    assert words.index(HEADER) < words.index(own) < words.index(FOOTER)


@pytest.mark.parametrize("view", VIEWS)
def test_the_organisations_frame_is_on_every_view_in_pdf(
    morag: rp.Plan, organisation: Organisation, view: str
) -> None:
    pytest.importorskip("weasyprint")
    with isolated_plugins(organisation):
        document = rp.render(morag, "staff", "pdf", view=view, today=TODAY)
    pages = pypdf.PdfReader(io.BytesIO(document)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert HEADER in text
    assert FOOTER in text


def test_the_crisis_card_stays_one_folding_sheet_in_the_organisations_frame(
    morag: rp.Plan, organisation: Organisation
) -> None:
    pytest.importorskip("weasyprint")
    with isolated_plugins(organisation):
        document = rp.render(morag, "person", "pdf", view="crisis-card", today=TODAY)
    (page,) = pypdf.PdfReader(io.BytesIO(document)).pages
    text = " ".join(page.extract_text().split())
    assert HEADER in text
    assert FOOTER in text


def test_without_an_organisation_the_views_keep_their_own_heading_and_closing_lines(
    morag: rp.Plan,
) -> None:
    with isolated_plugins():
        page = rp.render(morag, "person", "html", view="review", today=TODAY)
    words = words_of(page)
    assert HEADER not in words
    assert "My review pack" in words
    assert "Printed on 2 June 2026." in words


@pytest.mark.parametrize("format", ["md", "txt"])
@pytest.mark.parametrize("view", VIEWS)
def test_the_organisations_header_and_footer_reach_every_view_in_text_too(
    morag: rp.Plan, tmp_path: Path, format: Literal["md", "txt"], view: str
) -> None:
    (tmp_path / f"plan.{format}.j2").write_text(
        f'{{% extends "default:plan.{format}.j2" %}}\n'
        f"{{% block header %}}{HEADER}\n\n{{{{ super() }}}}{{% endblock %}}\n"
        f"{{% block footer %}}{{{{ super() }}}}\n{FOOTER}\n{{% endblock %}}\n",
        encoding="utf-8",
    )
    with isolated_plugins(Organisation(tmp_path)):
        text = rp.render(morag, "person", format, view=view, today=TODAY)
    words = " ".join(text.split())
    assert words.startswith(HEADER)
    assert words.endswith(FOOTER)
