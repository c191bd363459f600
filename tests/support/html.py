"""Reading rendered HTML as a person would: headings, elements and the text a reader sees."""

from __future__ import annotations

import re
from html.parser import HTMLParser

INLINE = frozenset({"a", "strong", "em", "span", "code", "bdi", "br", "svg", "path", "circle"})


class Page(HTMLParser):
    """The parts of an HTML page the tests look at: elements, headings, and the text a reader
    sees (block elements separate words, inline ones do not; styles are not text)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: list[str] | None = None
        self._level = 0
        self._in_style = False
        self.text_parts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attributes)))
        self._in_style = tag == "style"
        if tag not in INLINE:
            self.text_parts.append(" ")
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._level = [], int(tag[1])

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        if tag not in INLINE:
            self.text_parts.append(" ")
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._level, " ".join("".join(self._heading).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._in_style:
            return
        self.text_parts.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attributes for tag, attributes in self.elements if tag == name]


def words(text: str) -> str:
    """Text with every run of whitespace as one space (wrapping must not matter to a test)."""
    return " ".join(text.split())


class _Lists(HTMLParser):
    """How many items each list holds (its own ``<li>``, not those of lists inside it)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.sizes: list[int] = []
        self._open: list[int] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._open.append(0)
        elif tag == "li" and self._open:
            self._open[-1] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self._open:
            self.sizes.append(self._open.pop())


def list_sizes(text: str) -> list[int]:
    """The number of items in each ``<ul>`` and ``<ol>`` of a page."""
    return _Lists(text).sizes
