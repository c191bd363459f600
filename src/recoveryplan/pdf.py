"""Making a PDF from a rendered page with WeasyPrint: what can be prepared once, is.

A person-held plan in large print is about a dozen pages; WeasyPrint spends most of the time
laying them out, and that work is the same for every plan. What is left to save is what does
not depend on the plan, or on anything at all:

- **fonts** are found once per thread (Pango's font map is not shared between threads), and
  cut down to the glyphs a PDF uses by HarfBuzz even without the system's library for it
  (:mod:`recoveryplan.pdf_fonts`: about 3 ms a PDF instead of fontTools' 185 ms);
- **the style sheet** is parsed once per thread for each different text (a few, one per view
  and print size) and handed to WeasyPrint already made, rather than read again from the
  page's ``<style>`` each time, with its palette's colours written in where they are used;
- **WeasyPrint's own style sheet** is read once without its rules for footnotes and notes,
  which no plan has, and which would give every element six styles it never uses;
- **the streams** are compressed at zlib's own default level (6) rather than pydyf's 9: the
  same pages, their streams 2% larger (65 kB for the reference plan against 64 kB), in
  well under half the time (6 ms against 15 ms of a warm PDF);
- **WeasyPrint's libraries** are loaded by the names the system's loader knows them by, without
  asking ``ctypes.util.find_library`` about the names it does not (on Linux: two dozen
  processes, a fifth of a second of every process that makes a PDF; see
  :func:`_import_weasyprint`);
- **the garbage collector** waits while a PDF is made. Laying out pages makes hundreds of
  thousands of short-lived objects, and the collector would otherwise walk every object the
  process holds several times over (a sixth of the time of a warm PDF); what the PDF left
  behind is collected in one pass over its own objects at the end.

A page that sets custom properties itself, or asks for footnotes, notes or list items other
than ``<li>``, is read as WeasyPrint reads it alone. The document is the same: the same text,
pages, tags and metadata as WeasyPrint makes from the page alone (tagged PDF/UA-1, the
language and title from the page).
"""

from __future__ import annotations

import gc
import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .errors import MissingExtraError
from .pdf_fonts import subset_fonts_with_harfbuzz

__all__ = ["pdf_available", "pdf_of"]

_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
_ANY_STYLE = re.compile(r"<style|<link|</style", re.IGNORECASE)
_SHEET_STATE = re.compile(r"@(?:font-face|counter-style|color-profile|import)\b", re.IGNORECASE)
"""At-rules that make a style sheet register something with the document it is read for, so
that a sheet made once could not be handed to the next document."""

_SHEETS_KEPT = 16

_ASKS_FOR_ALL_RULES = re.compile(
    r"footnote|note\(|list-item|@(?:top|bottom|left|right)-", re.IGNORECASE
)
"""What a page needs all of WeasyPrint's own rules for: footnotes, notes in the margin,
something other than ``<li>`` shown as a list item, or words in the page's margins."""

_ROOT = re.compile(r":root\s*\{([^{}]*)\}")
_CONSTANT = re.compile(r"(--[\w-]+)\s*:\s*([^;{}]*?)\s*(?:;|$)")
_USE = re.compile(r"var\(\s*(--[\w-]+)\s*\)")
_SETS_PROPERTY = re.compile(r"--[\w-]+\s*:")


def pdf_of(html: str) -> bytes:
    """The tagged PDF/UA-1 of a page rendered as HTML for print."""
    weasyprint = _weasyprint()
    page, sheet = _own_sheet(html)
    reader = weasyprint.HTML if _ASKS_FOR_ALL_RULES.search(html) else _plain_pages(weasyprint)
    with _collection_waits():
        # Tagged PDF/UA-1: headings, lists, tables and reading order reach a screen reader,
        # with the document's language and title (from the page's lang and <title>).
        document: bytes = reader(string=page, base_url=None).write_pdf(
            stylesheets=None if sheet is None else [sheet],
            pdf_variant="pdf/ua-1",
            pdf_tags=True,
            font_config=_HERE.fonts,
        )
    return document


def pdf_available() -> bool:
    """Whether WeasyPrint, which makes PDFs, is installed and can be loaded."""
    try:
        _import_weasyprint()
    except (ImportError, OSError):
        return False
    return True


def _weasyprint() -> Any:
    try:
        weasyprint = _import_weasyprint()
    except ImportError as error:
        raise MissingExtraError.needing("pdf", detail=str(error)) from None
    _keep_parser_patterns()
    _compress_at_default_level()
    subset_fonts_with_harfbuzz()
    return weasyprint


def _import_weasyprint() -> Any:
    """WeasyPrint, imported with the system's libraries found by the names the loader knows
    them by (on Linux).

    WeasyPrint loads each library it needs (GObject, Pango, HarfBuzz, Fontconfig) by trying
    some six names for it, most of them another system's; for each name the loader does not
    know, cffi asks ``ctypes.util.find_library``, which on Linux runs ``ldconfig``, then the C
    compiler, then the linker: two dozen processes, a fifth of a second of every process that
    makes a PDF. On Linux what ``find_library`` answers is only a library's soname, which the
    loader must then find itself, and every list of names WeasyPrint tries holds that soname
    (``libpango-1.0.so.0``): so, while WeasyPrint is first imported, ``find_library`` says it
    found nothing, the loader is given the names as they are, and the same libraries are
    loaded. Should that import fail all the same (a WeasyPrint that names its libraries
    otherwise), it is imported again as it would be alone."""
    import sys

    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # type: ignore[import-untyped]

        return weasyprint
    import ctypes.util

    found = ctypes.util.find_library
    ctypes.util.find_library = _found_nothing
    try:
        import weasyprint
    except (ImportError, OSError):
        for name in [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]:
            del sys.modules[name]
    else:
        return weasyprint
    finally:
        ctypes.util.find_library = found
    import weasyprint

    return weasyprint


def _found_nothing(name: str) -> None:
    return None


class _Patterns(dict[tuple[Any, bool], "re.Pattern[str]"]):
    """The patterns tinyhtml5 reads runs of text with, made on first use and kept under the
    key it looks them up by."""

    def __missing__(self, key: tuple[Any, bool]) -> re.Pattern[str]:
        characters, opposite = key
        listed = "".join(f"\\x{ord(character):02x}" for character in characters)
        made = self[key] = re.compile(f"[{listed}]+" if opposite else f"[^{listed}]+")
        return made


def _keep_parser_patterns() -> None:
    """tinyhtml5 (2.1), which reads the page for WeasyPrint, means to keep each pattern it
    makes, but files it under the pattern itself instead of the characters it is looked up by,
    so it builds and compiles one for every run of text: half the time of reading a page.
    Its table is replaced by one that files them where they are looked up; the patterns are
    the same. A version that keeps them itself, or no longer has the table, is left alone."""
    try:
        from tinyhtml5 import inputstream  # type: ignore[import-untyped]
    except ImportError:
        return
    table = getattr(inputstream, "characters_until_regex", None)
    if type(table) is dict:
        inputstream.characters_until_regex = _Patterns()


STREAM_LEVEL = 6
"""zlib's level for a PDF's streams: its own default, where most of the size is won."""


class _Zlib:
    """zlib as pydyf sees it: the same module, except that a compressor is made at
    :data:`STREAM_LEVEL` whatever level is asked for."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(STREAM_LEVEL, *args, **kwargs)


def _compress_at_default_level() -> None:
    """pydyf (0.13), which writes the PDF for WeasyPrint, compresses every stream at zlib's
    slowest level, 9, which takes two and a half times as long as level 6 for 2% off the
    size. Its zlib is replaced by one that compresses at :data:`STREAM_LEVEL`; the pages
    are the same once read. A pydyf that no longer uses zlib itself is left alone."""
    try:
        import pydyf  # type: ignore[import-untyped]
    except ImportError:
        return
    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _Zlib()


# -- prepared once per thread ------------------------------------------------------------------


class _Prepared(threading.local):
    """WeasyPrint's fonts and the style sheets made with them, for one thread."""

    def __init__(self) -> None:
        self._fonts: Any = None
        self.sheets: OrderedDict[str, Any] = OrderedDict()

    @property
    def fonts(self) -> Any:
        if self._fonts is None:
            from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

            self._fonts = FontConfiguration()
        return self._fonts

    def sheet(self, text: str, constants: bool) -> Any:
        """The style sheet ``text`` as WeasyPrint reads it for print, made once; with
        ``constants``, with the custom properties that are only set once, on ``:root``,
        written in where they are used (see :func:`_constants_in_place`)."""
        key = f"{constants:d}{text}"
        made = self.sheets.get(key)
        if made is None:
            from weasyprint import CSS

            read = _constants_in_place(text) if constants else text
            made = CSS(string=read, base_url=None, media_type="print", font_config=self.fonts)
            self.sheets[key] = made
            while len(self.sheets) > _SHEETS_KEPT:
                self.sheets.popitem(last=False)
        else:
            self.sheets.move_to_end(key)
        return made


_HERE = _Prepared()


def _own_sheet(html: str) -> tuple[str, Any]:
    """The page without its style sheet, and that sheet made once; or the page as it is and
    ``None`` when it is not the one plain ``<style>`` every view is written with.

    A sheet handed to WeasyPrint is a user style sheet rather than the author's: the same
    precedence over WeasyPrint's own defaults, and nothing else on the page to weigh against
    (a page with any other style sheet, or style rules that register fonts or counters with
    their document, is left whole).
    """
    found = _STYLE.search(html)
    if found is None or len(_ANY_STYLE.findall(html)) != 2 or _SHEET_STATE.search(found[1]):
        return html, None
    page = html[: found.start()] + html[found.end() :]
    return page, _HERE.sheet(found[1], constants=_SETS_PROPERTY.search(page) is None)


def _constants_in_place(text: str) -> str:
    """The sheet with each ``var(--name)`` of a custom property set once, on ``:root``, to a
    value of its own, replaced by that value.

    WeasyPrint resolves a ``var()`` again for every element and every property that uses it
    (some sixty uses of the palette in a plan's sheet), reading the value up through each
    ancestor and parsing it anew. The values are the same, so the document is; the ``:root`` rule
    stays, for anything on the page that still asks for the properties by name. A property set
    anywhere else (which could differ by element), or whose value itself uses ``var()``, is
    left to WeasyPrint, as is any sheet used with a page that sets custom properties itself.
    """
    root = _ROOT.search(text)
    if root is None:
        return text
    values = {
        name: value
        for name, value in _CONSTANT.findall(root[1])
        if "var(" not in value and len(re.findall(re.escape(name) + r"\s*:", text)) == 1
    }
    if not values:
        return text
    body = _USE.sub(lambda use: values.get(use[1], use[0]), text[root.end() :])
    return text[: root.end()] + body


# -- WeasyPrint's own rules, without those no plan's page uses -------------------------------


class _Plain:
    """The reader of pages made with WeasyPrint's own style sheet trimmed, made once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reader: Any = None


_plain = _Plain()

_UNIVERSAL = re.compile(r"^::([\w-]+) \{[^{}\n]*\}\n", re.MULTILINE)
_NOT_FOR_PLANS = ("footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback")
_MARGIN_BOX = re.compile(r"^ +@(?:top|bottom|left|right)-[\w-]+ +\{[^{}\n]*\}\n", re.MULTILINE)
_MARGIN_BOXES = 16
"""The boxes round a page, from ``@top-left-corner`` to ``@right-bottom``."""


def _plain_pages(weasyprint: Any) -> Any:
    """``weasyprint.HTML``, reading pages with its own style sheet (the user agent's) without
    the rules it has for every element's footnote call and marker, note call, marker and
    callback, with its rule for markers on list items only, and without the alignment of
    words in the sixteen boxes round each page (a plan's page puts none there).

    WeasyPrint gives every element a style for each pseudo-element a rule names, used or not:
    six for each element of a plan's page, 3,400 of the 3,900 styles it made for the reference
    plan, and with the garbage they left for the collector, a tenth of a PDF's time. A plan's
    page has no footnotes or notes, only ``<li>`` is shown as a list item, and nothing is
    written in the margins (pages that ask for any of these are read with WeasyPrint's own
    sheet whole), so the document is the same. A WeasyPrint whose sheet has other such rules
    is used as it is.
    """
    with _plain.lock:
        if _plain.reader is None:
            _plain.reader = _trimmed_reader(weasyprint)
        return _plain.reader


def _trimmed_reader(weasyprint: Any) -> Any:
    try:
        from weasyprint import html as pages
    except ImportError:
        return weasyprint.HTML
    own = getattr(pages, "UA_STYLESHEET", None)
    text = getattr(pages, "UA", None)
    if (
        own is None
        or not isinstance(text, str)
        or not hasattr(weasyprint.HTML, "_ua_stylesheets")
        or sorted(_UNIVERSAL.findall(text)) != sorted(("marker", *_NOT_FOR_PLANS))
        or len(_MARGIN_BOX.findall(text)) != _MARGIN_BOXES
    ):
        return weasyprint.HTML
    trimmed_text = _MARGIN_BOX.sub(
        "", _UNIVERSAL.sub(lambda rule: "li" + rule[0] if rule[1] == "marker" else "", text)
    )
    trimmed = weasyprint.CSS(string=trimmed_text, counter_style=pages.UA_COUNTER_STYLE)

    class PlainPages(weasyprint.HTML):  # type: ignore[misc]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [trimmed if sheet is own else sheet for sheet in super()._ua_stylesheets(forms)]

    return PlainPages


# -- the garbage collector waits ---------------------------------------------------------------


class _Pause:
    """How many threads are making a PDF, and whether collection was on before the first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.making = 0
        self.was_on = False


_pause = _Pause()


@contextmanager
def _collection_waits() -> Iterator[None]:
    """Automatic garbage collection off while any thread makes a PDF; on again after the last,
    starting with one collection of the youngest objects (the PDF's own), so what it left
    in cycles is freed at once. A process that turned collection off keeps it off."""
    with _pause.lock:
        if _pause.making == 0:
            _pause.was_on = gc.isenabled()
            gc.disable()
        _pause.making += 1
    try:
        yield
    finally:
        with _pause.lock:
            _pause.making -= 1
            if _pause.making == 0 and _pause.was_on:
                gc.collect(0)
                gc.enable()
