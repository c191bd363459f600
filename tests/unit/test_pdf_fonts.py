"""The fonts a PDF embeds, subset by HarfBuzz from ``uharfbuzz`` where WeasyPrint cannot load
the system's HarfBuzz-Subset: the same glyphs, drawn the same, at the same ids."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pypdf
import pytest

import recoveryplan as rp
from recoveryplan import pdf, pdf_fonts
from recoveryplan.render import _render

from ..support.reference import TODAY

weasyprint = pytest.importorskip("weasyprint")
uharfbuzz = pytest.importorskip("uharfbuzz")
fonts_module = pytest.importorskip("weasyprint.pdf.fonts")
TTFont = pytest.importorskip("fontTools.ttLib").TTFont
DecomposingRecordingPen = pytest.importorskip("fontTools.pens.recordingPen").DecomposingRecordingPen

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
"""The face the plans' pages are set in (Debian's fonts-dejavu-core)."""


@pytest.fixture
def dejavu() -> bytes:
    if not DEJAVU.is_file():
        pytest.skip("DejaVu Sans is not installed here")
    return DEJAVU.read_bytes()


@pytest.fixture
def weasyprints_own_subsetting(monkeypatch: pytest.MonkeyPatch) -> Any:
    """WeasyPrint's ``Font.subset`` as WeasyPrint has it, put back after the test."""
    own = getattr(fonts_module.Font.subset, "weasyprints", fonts_module.Font.subset)
    monkeypatch.setattr(fonts_module.Font, "subset", own)
    return own


def outline(font: Any, glyph_id: int) -> list[tuple[str, tuple[Any, ...]]]:
    """How the glyph at ``glyph_id`` is drawn, its components drawn in place."""
    glyphs = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyphs)
    glyphs[font.getGlyphName(glyph_id)].draw(pen)
    return list(pen.value)


def drawn(font: Any) -> set[int]:
    """The ids of the glyphs with something to draw."""
    return {
        glyph_id
        for glyph_id, name in enumerate(font.getGlyphOrder())
        if font["glyf"][name].numberOfContours != 0
    }


def test_each_glyph_used_is_kept_at_its_own_id_and_drawn_the_same(dejavu: bytes) -> None:
    whole = TTFont(io.BytesIO(dejavu))
    used = {whole.getGlyphID(whole.getBestCmap()[ord(c)]) for c in "Morag's plan: é ł ŵ"}
    made = TTFont(io.BytesIO(pdf_fonts.subset(dejavu, 0, used, hinting=False, notdef=False)))
    parts = {
        whole.getGlyphID(part)
        for glyph_id in used
        for part in whole["glyf"][whole.getGlyphName(glyph_id)].getComponentNames(whole["glyf"])
    }
    assert parts  # é and ŵ are drawn from e, w and their accents
    # Every id up to the largest used stays (the ids the PDF's text is drawn with), and the
    # glyphs accented letters are made from are kept too, after it if they were after it.
    assert len(made.getGlyphOrder()) >= max(used) + 1
    assert {i for i in drawn(made) if i <= max(used)} == {
        i for i in used | parts if i <= max(used)
    } - {whole.getGlyphID("space")}
    for glyph_id in used:
        assert outline(made, glyph_id) == outline(whole, glyph_id)
        assert (
            made["hmtx"][made.getGlyphName(glyph_id)][0]
            == (whole["hmtx"][whole.getGlyphName(glyph_id)][0])
        )
    assert not {"GSUB", "GPOS", "fpgm", "prep", "cvt "} & set(made.keys())
    assert len(made.reader.file.getvalue()) < len(dejavu) // 10


def test_hinting_is_kept_when_asked_for(dejavu: bytes) -> None:
    made = TTFont(io.BytesIO(pdf_fonts.subset(dejavu, 0, {36, 37}, hinting=True, notdef=True)))
    assert {"fpgm", "prep", "cvt "} <= set(made.keys())
    assert 0 in drawn(made)  # the missing-glyph box


def embedded_fonts(document: bytes) -> list[Any]:
    """Each font program the PDF embeds, read by fontTools."""
    found = []
    for page in pypdf.PdfReader(io.BytesIO(document)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            program = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            found.append(program)
    return [TTFont(io.BytesIO(program)) for program in dict.fromkeys(found)]


def test_a_pdf_without_the_system_library_embeds_the_glyphs_fonttools_would(
    morag: rp.Plan, monkeypatch: pytest.MonkeyPatch, weasyprints_own_subsetting: Any
) -> None:
    monkeypatch.setattr(fonts_module, "harfbuzz_subset", None)
    html = _render(morag, "person", "html", "crisis-card", TODAY, None, False, "print")
    alone = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    by_fonttools = embedded_fonts(alone)
    by_harfbuzz = embedded_fonts(pdf.pdf_of(html))
    assert fonts_module.Font.subset.weasyprints is weasyprints_own_subsetting
    assert pdf_fonts.subset_fonts_with_harfbuzz() == "uharfbuzz"  # set up once
    assert fonts_module.Font.subset.weasyprints is weasyprints_own_subsetting
    assert len(by_harfbuzz) == len(by_fonttools) >= 2  # regular and bold
    for made, expected in zip(by_harfbuzz, by_fonttools, strict=True):
        assert drawn(made) == drawn(expected)
        for glyph_id in drawn(expected):
            assert outline(made, glyph_id) == outline(expected, glyph_id)
        assert not {"GSUB", "GPOS"} & set(made.keys())


def test_weasyprints_use_of_the_system_library_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, weasyprints_own_subsetting: Any
) -> None:
    monkeypatch.setattr(fonts_module, "harfbuzz_subset", object())
    assert pdf_fonts.subset_fonts_with_harfbuzz() == "system"
    assert fonts_module.Font.subset is weasyprints_own_subsetting


def test_a_weasyprint_that_subsets_otherwise_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, weasyprints_own_subsetting: Any
) -> None:
    def subset(self: Any, glyphs: Any) -> None:
        """A later WeasyPrint's, with other arguments."""

    monkeypatch.setattr(fonts_module, "harfbuzz_subset", None)
    monkeypatch.setattr(fonts_module.Font, "subset", subset)
    assert pdf_fonts.subset_fonts_with_harfbuzz() == "fontTools"
    assert fonts_module.Font.subset is subset


def test_a_uharfbuzz_without_what_subsetting_needs_is_left_alone(
    monkeypatch: pytest.MonkeyPatch, weasyprints_own_subsetting: Any
) -> None:
    monkeypatch.setattr(fonts_module, "harfbuzz_subset", None)
    monkeypatch.delattr(uharfbuzz, "SubsetInputSets")  # as in older versions
    assert pdf_fonts.subset_fonts_with_harfbuzz() == "fontTools"
    assert fonts_module.Font.subset is weasyprints_own_subsetting


def test_a_font_harfbuzz_cannot_subset_goes_to_weasyprints_own_way() -> None:
    asked: list[tuple[Any, ...]] = []

    def weasyprints(font: Any, to_unicode: Any, hinting: bool) -> None:
        asked.append((font.file_content, to_unicode, hinting))

    font = SimpleNamespace(file_content=b"not a font", index=0, missing={})
    pdf_fonts._by_harfbuzz(weasyprints)(font, {3: "a"}, False)
    assert asked == [(b"not a font", {3: "a"}, False)]
    pdf_fonts._by_harfbuzz(weasyprints)(font, {}, False)  # nothing used: nothing to subset
    assert len(asked) == 1
