"""Making a PDF with what is prepared once: the same document, and the process left as it was.

A PDF is compared with the one WeasyPrint makes from the page alone by what a reader gets:
every page drawn the same (the content streams, font names aside), the same tags in the same
order, the same language and title.
"""

from __future__ import annotations

import gc
import io
import re
import threading
from collections.abc import Iterator
from typing import Any

import pypdf
import pytest

import recoveryplan as rp
from recoveryplan import pdf
from recoveryplan.render import _render

from ..support.reference import TODAY

weasyprint = pytest.importorskip("weasyprint")


def print_page(
    plan: rp.Plan, view: str, large_print: bool | None = None, language: str | None = None
) -> str:
    """The HTML a PDF of the person's ``view`` is made from."""
    return _render(plan, "person", "html", view, TODAY, large_print, False, "print", None, language)


def from_the_page_alone(html: str) -> bytes:
    document: bytes = weasyprint.HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    return document


def drawing(document: bytes) -> list[bytes]:
    """Each page's drawing, with the names WeasyPrint gives its font subsets made alike."""
    pages = []
    for page in pypdf.PdfReader(io.BytesIO(document)).pages:
        contents = page.get_contents()
        assert contents is not None
        pages.append(re.sub(rb"/f\w+ ", b"/F ", contents.get_data()))
    return pages


def tags(document: bytes) -> list[tuple[str, ...]]:
    """The structure tree in reading order: each element's type and alternative text."""
    reader = pypdf.PdfReader(io.BytesIO(document))
    found: list[tuple[str, ...]] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            found.append((str(node.get("/S")), str(node.get("/Alt", ""))))
            if "/K" in node:
                walk(node["/K"])
        else:
            found.append(("content", str(node)))

    root: Any = reader.trailer["/Root"]
    walk(root["/StructTreeRoot"])
    return found


def about(document: bytes) -> tuple[str, str, int]:
    reader = pypdf.PdfReader(io.BytesIO(document))
    assert reader.metadata is not None
    root: Any = reader.trailer["/Root"]
    return str(root["/Lang"]), str(reader.metadata.title), len(reader.pages)


@pytest.mark.parametrize(
    ("view", "large_print", "language"),
    [
        ("crisis-card", None, None),
        ("safety-plan", True, None),
        ("plan", None, None),  # the person-held plan, in Morag's large print
        ("crisis-card", None, "ar"),  # right to left
    ],
)
def test_the_pdf_is_the_one_weasyprint_makes_from_the_page_alone(
    morag: rp.Plan, view: str, large_print: bool | None, language: str | None
) -> None:
    html = print_page(morag, view, large_print, language)
    expected = from_the_page_alone(html)
    made = pdf.pdf_of(html)
    assert drawing(made) == drawing(expected)
    assert tags(made) == tags(expected)
    assert about(made) == about(expected)
    assert len(tags(made)) > 20  # a structure tree, not an empty one compared with another


def test_the_style_sheet_is_read_once_for_pdfs_of_the_same_view(morag: rp.Plan) -> None:
    html = print_page(morag, "crisis-card")
    pdf.pdf_of(html)
    page, sheet = pdf._own_sheet(html)
    again, same = pdf._own_sheet(print_page(morag, "crisis-card"))
    assert sheet is same
    assert "<style>" not in page
    assert page == again
    _, other = pdf._own_sheet(print_page(morag, "safety-plan"))
    assert other is not sheet


@pytest.mark.parametrize(
    "extra",
    [
        '<style media="screen">p { color: red; }</style>',
        '<link rel="stylesheet" href="data:text/css,p%7Bcolor:red%7D">',
    ],
)
def test_a_page_with_another_style_sheet_is_left_whole(morag: rp.Plan, extra: str) -> None:
    html = print_page(morag, "crisis-card").replace("</head>", f"{extra}\n</head>")
    assert pdf._own_sheet(html) == (html, None)


def test_a_style_sheet_that_registers_fonts_with_its_page_is_left_there(morag: rp.Plan) -> None:
    html = print_page(morag, "crisis-card").replace(
        "<style>", '<style>\n@font-face { font-family: "Own"; src: local("DejaVu Sans"); }'
    )
    assert pdf._own_sheet(html) == (html, None)


def test_a_page_with_footnotes_is_read_with_all_of_weasyprints_own_rules(
    morag: rp.Plan,
) -> None:
    html = print_page(morag, "crisis-card").replace(
        "</h1>", '<span style="float: footnote">A note at the foot of the page.</span></h1>'
    )
    made = pdf.pdf_of(html)
    assert drawing(made) == drawing(from_the_page_alone(html))
    assert "A note at the foot of the page." in "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(made)).pages
    )


def test_a_page_with_words_in_its_margins_is_read_with_all_of_weasyprints_own_rules(
    morag: rp.Plan,
) -> None:
    html = print_page(morag, "crisis-card").replace(
        "<style>", '<style>\n@page { @bottom-right { content: "Page " counter(page) } }'
    )
    made = pdf.pdf_of(html)
    assert drawing(made) == drawing(from_the_page_alone(html))
    assert "Page 1" in pypdf.PdfReader(io.BytesIO(made)).pages[0].extract_text()


def test_weasyprints_rules_for_notes_and_markers_are_trimmed_from_what_plans_read() -> None:
    reader = pdf._plain_pages(weasyprint)
    assert reader is not weasyprint.HTML
    [trimmed] = reader(string="<p>x</p>")._ua_stylesheets()
    assert trimmed is not weasyprint.UA_STYLESHEET
    assert pdf._plain_pages(weasyprint) is reader  # made once


# -- custom properties written in --------------------------------------------------------------


def test_custom_properties_set_once_on_the_root_are_written_in() -> None:
    root = ":root { --ink: #2b2724; --line: #e2d8ca }\n"
    sheet = root + "p { color: var(--ink); border: 1px solid var( --line ) }"
    assert pdf._constants_in_place(sheet) == (
        root + "p { color: #2b2724; border: 1px solid #e2d8ca }"
    )


@pytest.mark.parametrize(
    "sheet",
    [
        ":root { --ink: black }\n.alert { --ink: red }\np { color: var(--ink) }",  # set twice
        ":root { --ink: black; --text: var(--ink) }\np { color: var(--text) }",  # a var() itself
        "p { color: var(--ink, black) }",  # no :root rule
        ":root { --ink: black }\np { color: var(--ink, red) }",  # a fallback
    ],
)
def test_custom_properties_that_may_differ_are_left_to_weasyprint(sheet: str) -> None:
    assert pdf._constants_in_place(sheet) == sheet


def test_a_page_that_sets_custom_properties_itself_keeps_them(morag: rp.Plan) -> None:
    html = print_page(morag, "crisis-card").replace("<body", '<body style="--ink: #8a1c16"', 1)
    _, sheet = pdf._own_sheet(html)
    _, written = pdf._own_sheet(print_page(morag, "crisis-card"))
    assert sheet is not written
    assert drawing(pdf.pdf_of(html)) == drawing(from_the_page_alone(html))


# -- the garbage collector ---------------------------------------------------------------------


@pytest.fixture
def collecting() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collecting")
def test_collection_is_on_again_after_a_pdf(morag: rp.Plan) -> None:
    seen: list[bool] = []
    real = weasyprint.HTML.write_pdf

    def watched(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", watched)
        rp.render(morag, "person", "pdf", view="crisis-card", today=TODAY)
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_collection_is_on_again_after_a_pdf_that_failed() -> None:
    seen: list[bool] = []

    def failing_layout() -> None:
        with pdf._collection_waits():
            seen.append(gc.isenabled())
            raise RuntimeError("layout failed")

    with pytest.raises(RuntimeError, match="layout failed"):
        failing_layout()
    assert seen == [False]
    assert gc.isenabled()


def test_a_process_that_turned_collection_off_keeps_it_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with pdf._collection_waits():
            pass
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


@pytest.mark.usefixtures("collecting")
def test_collection_waits_until_the_last_of_two_threads_has_made_its_pdf() -> None:
    inside = threading.Event()
    finish = threading.Event()

    def other_pdf() -> None:
        with pdf._collection_waits():
            inside.set()
            finish.wait(10)

    other = threading.Thread(target=other_pdf)
    other.start()
    try:
        assert inside.wait(10)
        with pdf._collection_waits():
            pass
        assert not gc.isenabled()  # the other thread is still making its PDF
    finally:
        finish.set()
        other.join(10)
    assert gc.isenabled()


# -- print style sheet economies ---------------------------------------------------------------

ECONOMIES = {
    # one column of ratings in large print: a block of its own, not columns to balance
    ".large-print .rating-grid { display: flow-root; column-count: auto; }": (
        ".large-print .rating-grid { column-count: 1; }"
    ),
    # the facts and the person's details: a name above its value, as blocks, not flex boxes
    "/* The top of the plan */": (
        "/* The top of the plan */\n"
        ".facts div, .about div { display: flex; flex-direction: column; }"
    ),
    # a contact's telephone, its shape not printed: a line of text, not a flex box
    "  .contact { display: block; }": "",
}


def test_the_print_style_sheets_economies_draw_the_same_pages(morag: rp.Plan) -> None:
    """The cheaper rules lay out the person's large-print plan exactly as the rules they
    replaced: each page drawn the same."""
    html = print_page(morag, "plan", large_print=True)
    before = html
    for now, was in ECONOMIES.items():
        assert now in before, f"the style sheet no longer says {now!r}"
        before = before.replace(now, was)
    assert drawing(pdf.pdf_of(html)) == drawing(pdf.pdf_of(before))


# -- writing the file --------------------------------------------------------------------------


def test_streams_are_compressed_at_zlibs_default_level(morag: rp.Plan) -> None:
    import zlib

    import pydyf  # type: ignore[import-untyped]

    document = pdf.pdf_of(print_page(morag, "plan"))
    contents = pypdf.PdfReader(io.BytesIO(document)).pages[0].get_contents()
    assert contents is not None
    drawn = contents.get_data()
    written = pydyf.Stream([drawn], compress=True).data
    compressed = written.split(b"\nstream\n", 1)[1].rsplit(b"\nendstream", 1)[0]
    assert compressed == zlib.compress(drawn, pdf.STREAM_LEVEL)
    assert compressed != zlib.compress(drawn, 9)
    assert zlib.decompress(compressed) == drawn


# -- reading the page --------------------------------------------------------------------------


def test_the_html_parser_keeps_the_patterns_it_makes(morag: rp.Plan) -> None:
    from xml.etree import ElementTree

    import tinyhtml5  # type: ignore[import-untyped]
    from tinyhtml5 import inputstream

    html = print_page(morag, "plan")
    pdf.pdf_of(print_page(morag, "crisis-card"))
    kept = inputstream.characters_until_regex
    tree = ElementTree.tostring(tinyhtml5.parse(html, namespace_html_elements=False))
    assert (("&", "<", "\u0000"), False) in kept  # filed under what it is looked up by
    size = len(kept)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inputstream, "characters_until_regex", {})  # as tinyhtml5 has it
        as_it_was = ElementTree.tostring(tinyhtml5.parse(html, namespace_html_elements=False))
    assert tree == as_it_was
    tinyhtml5.parse(html, namespace_html_elements=False)
    assert len(kept) == size  # a second page makes none
