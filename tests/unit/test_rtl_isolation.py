"""A right-to-left copy keeps the person's own words in their own direction.

In an Arabic copy the page runs right to left; the person's English words inside it must be
isolated (``<bdi>``, or an element with ``dir``) or the full stop lands on the wrong side
(".I stop answering the phone") and brackets flip. These tests read the rendered page as a
browser would and look for any of the plan's own words left outside an isolating element.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

import recoveryplan as rp

from ..support.reference import BUNDLED, TODAY

VOID = frozenset({"img", "br", "meta", "link", "input", "hr", "col", "source", "wbr"})


class _Exposed(HTMLParser):
    """The text a page shows outside any isolating element (an element with a ``dir`` below
    ``<html>``: a ``<bdi dir>`` or a block that says its direction), one string per text node."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self._open: list[tuple[str, bool]] = []
        self._skip = 0
        self.exposed: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        # a <bdi> must say its direction: the PDF engine does not isolate a bare one
        isolating = tag != "html" and "dir" in dict(attributes)
        self._open.append((tag, isolating))
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self._open:
            name, _ = self._open.pop()
            if name in ("style", "script", "title"):
                self._skip -= 1
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip or any(isolating for _, isolating in self._open):
            return
        # (Unicode isolates alone do not count: the PDF engine does not honour them.)
        if data.strip():
            self.exposed.append(data)


def _own_words(value: object) -> set[str]:
    """Every free text in a plan's JSON: strings with a space in them (ids, codes and dates
    have none), as the person or staff wrote them."""
    found: set[str] = set()
    if isinstance(value, str):
        if " " in value.strip() and re.search("[A-Za-z]", value):
            found.add(value.strip())
    elif isinstance(value, dict):
        for item in value.values():
            found |= _own_words(item)
    elif isinstance(value, list):
        for item in value:
            found |= _own_words(item)
    return found


def _exposed_words(page: str, words: set[str]) -> list[str]:
    exposed = _Exposed(page).exposed
    return sorted(w for w in words if any(w in text for text in exposed))


@pytest.mark.parametrize("view", ["plan", "easy-read", "review"])
def test_the_persons_words_are_isolated_in_the_arabic_copy(view: str) -> None:
    plan = rp.load(BUNDLED)
    words = _own_words(json.loads(BUNDLED.read_text(encoding="utf-8")))
    page = rp.render(plan, "person", "html", view=view, today=TODAY, language="ar")
    shown = [w for w in words if w in page.replace("\u2068", "").replace("\u2069", "")]
    assert shown, "the Arabic copy shows none of the plan's words, so nothing was checked"
    assert _exposed_words(page, words) == []


def test_the_checker_finds_words_left_unisolated() -> None:
    page = (
        '<html dir="rtl"><p>I stop answering the phone.</p>'
        '<p><bdi dir="ltr">Walk by the river</bdi></p><p><bdi>Ask Ali</bdi></p>'
        "<p>\u2068Call Sam\u2069</p></html>"
    )
    words = {"I stop answering the phone.", "Walk by the river", "Ask Ali", "Call Sam"}
    assert _exposed_words(page, words) == ["Ask Ali", "Call Sam", "I stop answering the phone."]


@pytest.mark.parametrize("view", ["plan", "easy-read", "review", "crisis-card"])
def test_no_element_stands_where_only_text_may(view: str) -> None:
    # A page's <title> and a chart's SVG <title> and <desc> hold text only: there the plan's
    # words are isolated with Unicode isolates, not a <bdi> (which would be read out as text
    # in the title bar, and leave the PDF's figure without its alternative text).
    page = rp.render(rp.load(BUNDLED), "person", "html", view=view, today=TODAY, language="ar")
    texts = re.findall(r"<(title|desc)\b[^>]*>(.*?)</\1>", page, re.DOTALL)
    assert texts
    assert [text for _, text in texts if "<" in text] == []
    assert "\u2068Morag\u2069" in texts[0][1]
