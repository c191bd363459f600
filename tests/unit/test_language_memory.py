"""The recovery-language check finds the same phrases however often a text is checked, and
spares running a pattern only on a text that holds none of what every match of it must hold.

A matcher keeps what it found in the texts it checked last (a plan validated again after an
edit checks only the texts that changed), and screens each pattern with every literal text its
matches require (``not``, ``staff``, one of ``refuse``/``refusing``...). Neither may change a
finding: these tests compare them with checking afresh and with running every pattern.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.language import builtin_rules, check_texts, language_rules
from recoveryplan.language.check import REMEMBERED, _matcher
from recoveryplan.language.choosing import _screen
from recoveryplan.language.choosing import passes as _passes
from recoveryplan.language.rules import compiled_pattern
from recoveryplan.language.screen import fold

from ..support.language_corpus import sentences
from .test_language_scale import SCREEN_WORDS, WORDS

PATTERNS = [
    (pattern, _screen(pattern))
    for rule in builtin_rules()
    for pattern in map(compiled_pattern, rule.patterns)
]


def _hidden(text: str) -> list[str]:
    """Patterns that match ``text`` although their screen would spare running them."""
    folded = fold(text)
    return [p.pattern for p, screen in PATTERNS if not _passes(screen, folded) and p.search(text)]


def test_most_patterns_are_screened_by_more_than_one_text() -> None:
    screened = [screen for _, screen in PATTERNS if screen]
    assert len(screened) > 0.9 * len(PATTERNS)
    assert sum(len(screen) > 1 for screen in screened) > 0.5 * len(screened)


@settings(max_examples=300)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(SCREEN_WORDS),
            WORDS,
            st.sampled_from(["not", "off", "let", "İNSIGHT", "ı", "ſtaff", "K"]),
        ),
        max_size=10,
    ).map(" ".join)
)
def test_no_screen_spares_a_pattern_that_matches(text: str) -> None:
    assert _hidden(text) == []
    assert _hidden(text.upper()) == []


def test_no_screen_spares_a_pattern_that_matches_an_evaluation_sentence(
    language_matched: dict[re.Pattern[str], tuple[int, ...]],
) -> None:
    """Every pattern was run over every sentence (once, shared with the other tests that ask):
    each sentence it matches must pass its screen."""
    texts = sentences()
    assert len(texts) > 5000
    hidden = [
        (pattern.pattern, texts[index])
        for pattern, screen in PATTERNS
        for index in language_matched[pattern]
        if not _passes(screen, fold(texts[index]))
    ]
    assert hidden == []


@settings(max_examples=100)
@given(st.lists(st.lists(WORDS, max_size=12).map(" ".join), min_size=1, max_size=5))
def test_a_text_checked_again_gets_what_it_got_first(texts: list[str]) -> None:
    first = check_texts(texts)
    again = check_texts(texts)
    assert again == first
    assert [rp.check_language(text) for text in texts] == first
    matcher = _matcher(language_rules())
    assert [matcher._suggestions(text) for text in texts] == first  # checked afresh


def test_what_a_caller_does_with_its_suggestions_does_not_change_what_is_kept() -> None:
    text = "Staff will not allow him to go out; he is non-compliant."
    found = rp.check_language(text)
    assert found
    found.clear()
    assert rp.check_language(text) == check_texts([text])[0] != []


def test_a_matcher_keeps_no_more_than_it_may() -> None:
    matcher = _matcher(language_rules())
    for index in range(REMEMBERED + 10):
        matcher.suggestions(f"Visit number {index} went well.")
    assert len(matcher.kept) == REMEMBERED
    assert "Visit number 0 went well." not in matcher.kept
    assert f"Visit number {REMEMBERED + 9} went well." in matcher.kept
