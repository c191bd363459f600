"""The fonts a PDF embeds, cut down to the glyphs it uses by HarfBuzz even where the system
lacks HarfBuzz's subsetting library.

WeasyPrint embeds only the glyphs a document uses. It does that with the system's
HarfBuzz-Subset library (``libharfbuzz-subset0`` on Debian) when it can load it, and
otherwise with fontTools, which it warns is slow and will stop supporting. The difference is
a third of a person-held plan's PDF: fontTools reads the whole of each DejaVu Sans face it
subsets, its kerning and substitution tables included (which the PDF then drops), 40 to 80 ms
a face and three faces a plan (some 190 ms of a 610 ms PDF); HarfBuzz takes about 1 ms a face.

Where WeasyPrint cannot load the system library and ``uharfbuzz`` (the same HarfBuzz, shipped
with the ``pdf`` extra) is installed, each font is subset by it, in the same two passes, with
the same flags and the same tables dropped as WeasyPrint's own HarfBuzz path: the glyphs,
widths and character map of the subset are the same as WeasyPrint's with the system library,
and a font HarfBuzz cannot subset goes to fontTools as before. Where the system
library is there, or a WeasyPrint subsets fonts in another way than the one this follows,
nothing is changed.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["subset", "subset_fonts_with_harfbuzz"]

DROPPED: tuple[bytes, ...] = (
    b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT",
    b"SVG ",
)  # fmt: skip
"""The tables WeasyPrint's HarfBuzz path leaves out of every embedded font: positioning and
substitution (the PDF places each glyph itself), bitmaps, signatures and the like."""

_lock = threading.Lock()


def subset_fonts_with_harfbuzz() -> str:
    """How WeasyPrint subsets fonts in this process from now on: ``"system"`` (its own use of
    the system's HarfBuzz-Subset), ``"uharfbuzz"`` (HarfBuzz from ``uharfbuzz``, set up by
    this call, once) or ``"fontTools"`` (neither is available, or this WeasyPrint does not
    subset as this module expects)."""
    try:
        from weasyprint.pdf import fonts  # type: ignore[import-untyped]
    except ImportError:
        return "fontTools"
    with _lock:
        if getattr(fonts, "harfbuzz_subset", None) is not None:
            return "system"
        font: Any = getattr(fonts, "Font", None)
        weasyprints = getattr(font, "subset", None)
        if hasattr(weasyprints, "weasyprints"):
            return "uharfbuzz"
        if weasyprints is None or not _subsets_as_expected(font, weasyprints):
            return "fontTools"
        try:
            import uharfbuzz  # type: ignore[import-untyped]
        except ImportError:
            return "fontTools"
        if not _can_subset(uharfbuzz):
            return "fontTools"
        font.subset = _by_harfbuzz(weasyprints)
        return "uharfbuzz"


_NEEDED = (
    "Blob", "Face", "subset", "SubsetInput.flags", "SubsetInput.glyph_set", "SubsetInput.sets",
    "SubsetInputSets.DROP_TABLE_TAG", "SubsetFlags.RETAIN_GIDS", "SubsetFlags.NO_HINTING",
    "SubsetFlags.PASSTHROUGH_UNRECOGNIZED", "SubsetFlags.DESUBROUTINIZE",
    "SubsetFlags.NOTDEF_OUTLINE",
)  # fmt: skip
"""What :func:`subset` uses of ``uharfbuzz``; an older one without all of it is not used."""


def _can_subset(hb: Any) -> bool:
    for path in _NEEDED:
        found = hb
        for name in path.split("."):
            found = getattr(found, name, None)
            if found is None:
                return False
    return True


def _subsets_as_expected(font: Any, weasyprints: Callable[..., Any]) -> bool:
    """Whether WeasyPrint's ``Font`` subsets as the version this follows does: ``subset(self,
    to_unicode, hinting)`` choosing between a HarfBuzz and a fontTools path, the font's file in
    ``file_content``."""
    try:
        parameters = list(inspect.signature(weasyprints).parameters)
    except (TypeError, ValueError):
        return False
    return (
        parameters == ["self", "to_unicode", "hinting"]
        and hasattr(font, "_harfbuzz_subset")
        and hasattr(font, "_fonttools_subset")
    )


def _by_harfbuzz(weasyprints: Callable[..., Any]) -> Callable[..., None]:
    def subset_by_harfbuzz(font: Any, to_unicode: Mapping[int, Any], hinting: bool) -> None:
        """WeasyPrint's ``Font.subset``, by HarfBuzz from ``uharfbuzz``."""
        if not to_unicode:
            return
        try:
            made = subset(font.file_content, font.index, to_unicode, hinting, bool(font.missing))
        except RuntimeError:  # HarfBuzz could not subset this font: fontTools may
            made = b""
        if made:
            font.file_content = made
        else:
            weasyprints(font, to_unicode, hinting)

    subset_by_harfbuzz.weasyprints = weasyprints  # type: ignore[attr-defined]
    return subset_by_harfbuzz


def subset(
    content: bytes, index: int, glyphs: Mapping[int, Any] | set[int], hinting: bool, notdef: bool
) -> bytes:
    """The font file ``content`` (face ``index``) with only the glyph ids ``glyphs``, as
    WeasyPrint's HarfBuzz path makes it: first the glyphs used, each kept at its own id, and
    the tables in :data:`DROPPED` left out; then every id up to the largest used kept (the
    ids stay those the PDF's text is drawn with) and hinting dropped unless ``hinting``; the
    outline of the missing-glyph box kept when ``notdef``. Raises ``RuntimeError`` when
    HarfBuzz cannot subset the font."""
    import uharfbuzz as hb

    flags = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
    if notdef:
        flags |= hb.SubsetFlags.NOTDEF_OUTLINE
    asked = hb.SubsetInput()
    asked.glyph_set.update(sorted(glyphs))
    asked.flags = flags | hb.SubsetFlags.RETAIN_GIDS
    asked.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(
        int.from_bytes(tag, "big") for tag in DROPPED
    )
    first = hb.subset(hb.Face(hb.Blob(content), index), asked)
    asked.glyph_set.update(range(max(glyphs) + 1))
    asked.flags = flags if hinting else flags | hb.SubsetFlags.NO_HINTING
    made: bytes = hb.subset(first, asked).blob.data
    return made
