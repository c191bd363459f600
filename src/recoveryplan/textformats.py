"""How a person's words are written in each output format, so that they stay their words.

HTML is escaped by Jinja itself; Markdown needs its own escaping (:func:`markdown_escape`);
plain text needs none but is wrapped to fit an email. The rest are the small ways a plan speaks
plainly: dates as people write them, lists joined with "and", phone numbers that can be dialled.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from markupsafe import Markup, escape

try:  # MarkupSafe 3 escapes in C and makes a Markup in Python; joined output needs no Markup
    from markupsafe import _escape_inner as _escaped  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - MarkupSafe 2's escape is all C
    _escaped = escape

escaped: Any = _escaped
"""``str(escape(text))`` for a plain ``str``, without making a :class:`Markup` of it."""

__all__ = [
    "TEXT_WIDTH",
    "Sentence",
    "balance_bidi",
    "display_width",
    "escaped",
    "finalize_html",
    "finalize_markdown",
    "finalize_text",
    "friendly_date",
    "hang",
    "in_words",
    "isolate",
    "listing",
    "markdown_escape",
    "one_line",
    "phone_parts",
    "short_date",
    "tel_href",
    "tidy",
    "underline",
    "upper_first",
    "write_html",
    "write_markdown",
    "write_text",
]

TEXT_WIDTH = 78
"""Plain text is wrapped to this many columns, so it reads well in any email."""


# -- escaping -------------------------------------------------------------------------------

_BIDI_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"}
_ISOLATE_OPENERS = {"\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}


def balance_bidi(text: str) -> str:
    """Close any right-to-left override or isolate a person's text left open.

    Otherwise one name typed with an override could flip the words that follow it.
    """
    if not any("\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" for c in text):
        return text
    stack: list[str] = []
    for char in text:
        if char in _BIDI_OPENERS or char in _ISOLATE_OPENERS:
            stack.append(_BIDI_OPENERS.get(char) or _ISOLATE_OPENERS[char])
        elif char in ("\u202c", "\u2069") and stack and stack[-1] == char:
            stack.pop()
    return text + "".join(reversed(stack))


_BIDI = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff"
    "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]"
)
"""Right-to-left letters and the marks and controls that change the direction of text."""


class Sentence(str):
    """A translated sentence whose plan words were isolated one by one as they were put in
    (:mod:`recoveryplan.sentences`): isolating it again as a whole would change nothing for
    left-to-right text and would hide which words are the plan's."""

    __slots__ = ()


def isolate(text: str) -> str:
    """A person's words isolated for bidirectional display, when they need it.

    Text with right-to-left letters or direction controls is wrapped in Unicode isolates
    (FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE), with any override it leaves open
    closed, so that a name typed with a right-to-left override cannot reverse the words that
    follow it; left-to-right text is left exactly as it is.
    """
    # ASCII holds no right-to-left letter or direction control, and is most of what is shown.
    if isinstance(text, Sentence) or text.isascii() or not _BIDI.search(text):
        return text
    return "\u2068" + balance_bidi(text) + "\u2069"


def finalize_html(value: Any) -> Any:
    """What every ``{{ }}`` in an HTML template outputs, before Jinja escapes it."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return isolate(value)
    return value


def finalize_text(value: Any) -> Any:
    """What every ``{{ }}`` in a plain-text template outputs: the text as it is, isolated."""
    if isinstance(value, str):
        return isolate(value)
    return value


def write_html(value: Any) -> str:
    """``escape(finalize_html(value))`` in one step: what an HTML template writes for a
    ``{{ }}``. A person's words are isolated and escaped; the templates' own markup is written
    as it is."""
    kind = type(value)
    if kind is str:
        # ASCII needs no isolating (see isolate), and is most of what is written
        return _escaped(value if value.isascii() else isolate(value))
    if kind is Markup:
        return value  # type: ignore[no-any-return]
    if kind is Sentence:  # a translated sentence: escaped as plain text, as escape() does
        return _escaped(str(isolate(value)))
    if kind is int:  # a count: its digits, which escape() leaves as they are
        return str(value)
    return escape(finalize_html(value))


def write_markdown(value: Any) -> str:
    """``escape(finalize_markdown(value))`` in one step: what a Markdown template writes."""
    if type(value) is Markup:
        return value
    return escape(finalize_markdown(value))


def write_text(value: Any) -> str:
    """``str(finalize_text(value))`` in one step: what a plain-text template writes."""
    if type(value) is str:
        # ASCII needs no isolating (see isolate), and is most of what is written
        return value if value.isascii() else isolate(value)
    return str(finalize_text(value))


_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]#|~])")
_MD_ADDRESS = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*)(:)(?=//)|\b(www)(\.)|(?<=[\w.+-])(@)(?=\w)")
"""What GitHub-flavoured Markdown would turn into a live link: a scheme before ``//``, a
``www.`` and the ``@`` of an e-mail address."""


def _inert(match: re.Match[str]) -> str:
    if match.group(2):
        return match.group(1) + "\\:"
    if match.group(4):
        return match.group(3) + "\\."
    # No escape keeps an e-mail address from GitHub's renderer, which links it after reading
    # escapes; a word joiner (invisible, and never a break) before the @ does.
    return "\u2060@"


_MD_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
"""An ``&`` that would begin a character reference (``&amp;``, ``&#60;``), which Markdown
would turn into another character."""

_MD_LINE_START = re.compile(r"^([ \t]*)(?:([-+=])|(\d{1,9})([.)]))")


def markdown_escape(text: str) -> str:
    """A person's words as Markdown that shows exactly those words and nothing more.

    Markup characters are backslash-escaped, and so are ``<``, ``>`` and an ``&`` that would
    start a character reference (so no HTML, autolink or entity gets through, and no entity
    shows in the text), addresses that GitHub-flavoured renderers would
    link (``https://``, ``www.``, e-mail) are kept inert, line starts that would begin a list,
    heading or rule are escaped, and line breaks become hard breaks within the same paragraph.
    """
    text = isolate(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    lines = [line for line in text.split("\n") if line.strip()]
    escaped = []
    for line in lines:
        line = _MD_PUNCTUATION.sub(r"\\\1", line.strip())
        # Backslash escapes, not entities: Markdown read as text ("Riverside Housing & Support")
        # stays readable, and no tag, autolink or entity can start; a lone "&" stays as it is.
        line = _MD_ENTITY.sub(r"\\&", line).replace("<", "\\<").replace(">", "\\>")
        line = _MD_ADDRESS.sub(_inert, line)
        match = _MD_LINE_START.match(line)
        if match:
            if match.group(2):
                line = "\\" + line
            else:
                line = f"{match.group(3)}\\{match.group(4)}{line[match.end() :]}"
        escaped.append(line)
    return "\\\n".join(escaped)


def finalize_markdown(value: Any) -> Any:
    """What every ``{{ }}`` in a Markdown template outputs: escaped words, or the templates'
    own markup (macro output) untouched."""
    if isinstance(value, Markup):
        return value
    text = str(value)
    if not text.strip():
        return Markup(text)
    return Markup(markdown_escape(text))


# -- filters and globals ---------------------------------------------------------------------

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def friendly_date(day: date) -> str:
    """A date as people write it: "7 May 2026"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """A date short enough for a chart label: "7 May 26" style, "7 May 2026"."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \-]*\d(?!\w)")


def phone_parts(contact: str) -> list[tuple[str, str | None]]:
    """A contact split into text and phone numbers: ``(text, None)`` or ``(number, tel)``.

    A run of three or more digits (spaces and dashes allowed), not part of a longer word, is
    treated as a number to dial.
    """
    parts: list[tuple[str, str | None]] = []
    at = 0
    for match in _PHONE.finditer(contact):
        if sum(c.isdigit() for c in match.group()) < 3:
            continue
        if match.start() > at:
            parts.append((contact[at : match.start()], None))
        parts.append((match.group(), tel_href(match.group())))
        at = match.end()
    if at < len(contact):
        parts.append((contact[at:], None))
    return parts


def tel_href(number: str) -> str:
    """A ``tel:`` link for a phone number (digits and a leading plus only)."""
    digits = "".join(c for c in number if c.isdigit())
    return "tel:" + ("+" if number.strip().startswith("+") else "") + digits


def hang(text: str, width: int) -> str:
    """Indent every line after the first by ``width`` spaces (for list items in plain text)."""
    text = str(text)
    if "\n" not in text and "\r" not in text:  # most items are one line
        return text.rstrip()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return ("\n" + " " * width).join(line.rstrip() for line in lines)


def one_line(text: str) -> str:
    """Text on one line (headings and table cells cannot hold a line break).

    The templates' own words (a macro's output, already escaped for its format) stay marked
    as such, so that they are not escaped a second time.
    """
    joined = " ".join(str(text).split())
    return Markup(joined) if isinstance(text, Markup) else joined


def display_width(text: str) -> int:
    """How many columns text takes in a fixed-width font (wide characters take two).

    Every line of a plain-text plan is measured before it is wrapped, so text that is all
    ASCII (one column a character) is not looked up character by character.
    """
    if text.isascii():
        return len(text)
    # An ASCII character takes one column; only the others are looked up.
    others = _NON_ASCII.findall(text)
    return len(text) - len(others) + sum(map(_char_width, others))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=4096)
def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def underline(text: str, mark: str = "-") -> str:
    """A plain-text heading: the text, then a line of ``mark`` as wide as it."""
    line = one_line(text)
    return f"{line}\n{mark * max(display_width(line), 3)}"


def upper_first(text: str) -> str:
    """The first letter in capitals, the rest untouched ("me" -> "Me", not "James okafor")."""
    return text[:1].upper() + text[1:]


def listing(words: Iterable[str]) -> str:
    """Words as a list a person would write: "Eilidh, James and Priya"."""
    names = [str(word) for word in words]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def in_words(value: str, words: Mapping[str, str]) -> str:
    """The words a template gives a value from the format ("risk_plans" -> "taking risks")."""
    return words.get(str(value), str(value))


# -- tidying ---------------------------------------------------------------------------------


def tidy(text: str, format: str) -> str:
    """Trailing spaces off, runs of blank lines down to one, plain text wrapped."""
    if format == "txt":
        lines = [
            line if len(line) <= TEXT_WIDTH and line.isascii() else "\n".join(_wrap(line))
            for line in map(str.rstrip, text.split("\n"))
        ]
    else:
        lines = list(map(str.rstrip, text.split("\n")))
    # Every line is stripped, so a blank line is two line breaks in a row.
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


_BLANK_LINES = re.compile("\n\n\n+")


_LIST_PREFIX = re.compile(r"^(\s*)((?:[-*] |\d+\. )?)")


def _wrap(line: str) -> list[str]:
    """One long line of plain text as several, list items hanging under their first word."""
    # No character is wider than two columns, so a line of half the width fits as it is.
    if len(line) <= TEXT_WIDTH // 2 or display_width(line) <= TEXT_WIDTH:
        return [line]
    match = _LIST_PREFIX.match(line)
    assert match is not None
    hanging = " " * (len(match.group(1)) + len(match.group(2)))
    # A phone number is one word to the wrapper: "0141 496 / 0000" cannot be dialled.
    held = _PHONE.sub(_held_together, line) if _SPACED_DIGITS.search(line) else line
    wrapped = wrap(held, TEXT_WIDTH, hanging) or [held]
    if _HELD_SPACE not in held:
        return wrapped
    return [part.replace(_HELD_SPACE, " ") for part in wrapped]


_CHUNKS = re.compile(r"([\t\n\x0b\x0c\r ]+)")
"""Runs of the whitespace :mod:`textwrap` breaks lines at, and the words between them."""


def wrap(text: str, width: int, hanging: str) -> list[str]:
    """``textwrap.wrap(text, width, subsequent_indent=hanging, break_long_words=False,
    break_on_hyphens=False, replace_whitespace=False)``, line for line.

    The same greedy choice of where each line ends, made by a binary search over the words'
    running lengths instead of word by word: a plain-text plan wraps hundreds of lines, and
    :mod:`textwrap` took a sixth of the time of rendering one. Text whose only whitespace is
    spaces, nearly every line, needs no splitting into words at all (:func:`_wrap_at_spaces`).
    """
    text = text.expandtabs()
    if _OTHER_SPACE.search(text) is None:
        return _wrap_at_spaces(text, width, hanging)
    chunks = [chunk for chunk in _CHUNKS.split(text) if chunk]
    ends = list(itertools.accumulate(map(len, chunks)))
    lines: list[str] = []
    start, count = 0, len(chunks)
    while start < count:
        indent = hanging if lines else ""
        room = width - len(indent)
        # A line after the first does not start with the whitespace it was broken at.
        if lines and not chunks[start].strip():
            start += 1
            if start == count:
                break
        before = ends[start - 1] if start else 0
        end = bisect.bisect_right(ends, before + room, lo=start)
        if end == start:  # a word longer than a line has a line of its own
            end = start + 1
        line = chunks[start:end]
        if not line[-1].strip():
            line.pop()
        if line:
            lines.append(indent + "".join(line))
        start = end
    return lines


_OTHER_SPACE = re.compile(r"[^\S ]")
"""Whitespace other than a space: a line with none (nearly every line) is wrapped by
:func:`_wrap_at_spaces`."""


def _wrap_at_spaces(text: str, width: int, hanging: str) -> list[str]:
    """:func:`wrap` for text whose only whitespace is spaces, by looking for each line's last
    space in the text itself rather than splitting it into words: the same lines, in about a
    third of the time.

    A line takes the most text that fits, ended where a word ends: at the end of its room if a
    space follows it, otherwise at the last space before it; a word longer than a line has a
    line of its own. The spaces a line ends at are left out of both lines.
    """
    lines: list[str] = []
    indent, room = "", width
    at, length = 0, len(text)
    while at < length:
        end = at + room
        if end >= length:
            cut = length
        elif end > at and text[end] == " ":
            cut = end
        else:
            # (a hanging indent as wide as the line leaves no room: a word a line)
            cut = text.rfind(" ", at, end) if end > at else -1
            if cut < 0:  # a word longer than a line has a line of its own
                cut = text.find(" ", at)
                cut = length if cut < 0 else cut
        line = text[at:cut].rstrip(" ")
        if line:
            lines.append(indent + line)
            indent, room = hanging, width - len(hanging)
        at = cut
        while at < length and text[at] == " ":
            at += 1
    return lines


def _held_together(number: re.Match[str]) -> str:
    found = number.group()
    return found.replace(" ", _HELD_SPACE) if sum(c.isdigit() for c in found) >= 3 else found


_SPACED_DIGITS = re.compile(r"\d[ \-]* [ \-]*\d")
"""Two digits with a space between them (and perhaps dashes): a phone number with a space in it
has them, so a line without them has no space to hold and needs no looking for a number."""

_HELD_SPACE = "\ue000"
"""A space inside a phone number while a line is wrapped (a private-use character that no
plan's text is expected to hold, and that the wrapper does not break at)."""
