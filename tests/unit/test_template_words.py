"""Every sentence once: the built-in templates' words are written in _words.j2 alone.

The templates are read as Jinja reads them (its lexer), so that what counts as prose is the
text a template writes out: runs of words in the template's own text, outside Jinja tags,
expressions and comments and outside HTML tags and their attributes, and string literals of
three words or more inside expressions. A sentence written in two templates drifts ("Private:"
in one, "private:" in the other); one written only in _words.j2 is translated once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from jinja2 import Environment

from recoveryplan.templating import BUILTIN_TEMPLATES

WORDS_FILE = "_words.j2"
MOST_WRITTEN_TWICE = 3

_LEXER = Environment()  # the built-in templates use Jinja's default delimiters
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")
_CSS_COMMENT = re.compile(r"/\*(.*?)\*/", re.DOTALL)
# Where a run of words ends in a template's own text: a line break, or Markdown's markup.
_BREAK = re.compile(r"[\n|*#>\[\]]")


def _sentence(text: str, least: int) -> str | None:
    """The words of ``text`` as one comparable sentence, if there are at least ``least``
    (a template's name, "_macros.html.j2", is one word, not three)."""
    if sum(1 for word in text.split() if _WORD.search(word)) < least:
        return None
    return " ".join(_WORD.findall(text)).lower()


def prose(source: str, css: bool = False) -> Iterator[str]:
    """Every sentence ``source`` writes itself: runs of two words or more in its text, and
    string literals of three words or more in its expressions."""
    if css:  # a style sheet's only prose is its comments
        for comment in _CSS_COMMENT.findall(source):
            found = _sentence(comment, 2)
            if found:
                yield found
        return
    in_tag = False  # an HTML tag's attributes can be split across Jinja expressions
    for _, kind, value in _LEXER.lex(source):
        if kind == "data":
            text: list[str] = []
            for char in value:
                if in_tag:
                    in_tag = char != ">"
                    char = "\n"
                elif char == "<":
                    in_tag = True
                    char = "\n"
                text.append(char)
            for run in _BREAK.split(re.sub(r"&#?\w+;", " ", "".join(text))):
                found = _sentence(run, 2)
                if found:
                    yield found
        elif kind == "string":
            found = _sentence(value, 3)
            if found:
                yield found


def written_in(templates: Mapping[str, str]) -> dict[str, set[str]]:
    """For each sentence, the templates (other than _words.j2) that write it."""
    where: dict[str, set[str]] = defaultdict(set)
    for name, source in templates.items():
        if name != WORDS_FILE:
            for sentence in prose(source, css=".css." in name):
                where[sentence].add(name)
    return where


def builtin_templates() -> dict[str, str]:
    return {
        str(path.relative_to(BUILTIN_TEMPLATES)): path.read_text(encoding="utf-8")
        for path in sorted(Path(BUILTIN_TEMPLATES).rglob("*.j2"))
    }


def test_at_most_three_sentences_are_written_in_more_than_one_template() -> None:
    templates = builtin_templates()
    assert len(templates) > 40  # the templates were found
    twice = {s: sorted(f) for s, f in written_in(templates).items() if len(f) > 1}
    assert len(twice) <= MOST_WRITTEN_TWICE, twice


def test_the_templates_other_than_the_words_hold_structure_only() -> None:
    """No sentence of three words or more that a reader reads is written outside _words.j2
    (a style sheet's comments are for the people who keep it)."""
    templates = {n: s for n, s in builtin_templates().items() if ".css." not in n}
    where = written_in(templates)
    sentences = {s: sorted(f) for s, f in where.items() if len(s.split()) >= 3}
    assert sentences == {}


def test_the_words_file_holds_the_sentences() -> None:
    words = (Path(BUILTIN_TEMPLATES) / WORDS_FILE).read_text(encoding="utf-8")
    found = set(prose(words))
    assert "some things i want to do carry a risk" in " | ".join(found)
    assert "taking risks safely" in found


# -- the count itself can fail ------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text", "expected"),
    [
        (
            '<p class="intro">We look at how it changes over time.</p>',
            "{{ fmt.item(0) }}\nWe look at how it changes over time.\n",
            {"we look at how it changes over time"},
        ),
        (
            '<h4>{{ "What could go wrong" }}</h4>',
            '{{ fmt.h(4, "What could go wrong") }}',
            {"what could go wrong"},
        ),
        (  # drifted only in case: still one sentence written twice
            "<span>Private: not shared with the circle</span>",
            "[private: not shared with the circle]",
            {"private not shared with the circle"},
        ),
        (  # attributes, Jinja comments and words taken from _words.j2 are not prose
            '<p class="lede intro card" data-x="{{ a }} b c">{{ words.lede() }}</p>'
            "{# a comment of many words #}",
            "{{ fmt.h(2, words.headings.needs) }}{# a comment of many words #}",
            set(),
        ),
    ],
)
def test_a_sentence_written_in_two_templates_is_counted(
    html: str, text: str, expected: set[str]
) -> None:
    where = written_in({"_x.html.j2": html, "_x.text.j2": text, WORDS_FILE: html + text})
    assert {s for s, f in where.items() if len(f) > 1} == expected


def test_a_style_sheet_counts_its_comments_not_its_rules() -> None:
    sheet = "/* The views beyond the plan. */\n.card { border: 1px solid var(--line); }"
    assert list(prose(sheet, css=True)) == ["the views beyond the plan"]
