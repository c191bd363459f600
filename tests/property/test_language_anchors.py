"""The check with anchors finds exactly what running every pattern of every triggered rule
finds: anchors only spare patterns that cannot match."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from recoveryplan.language import MAX_CHARACTERS, builtin_rules, check_texts
from recoveryplan.language.anchors import anchors, words
from recoveryplan.language.check import LanguageSuggestion, _found, _matcher, _words
from recoveryplan.language.inflect import expand

from ..support import language_corpus as corpus

RULES = builtin_rules()
MATCHER = _matcher(RULES)
CHOOSER = MATCHER.chooser
ANCHOR_WORDS = sorted(
    {
        word
        for rule in range(len(CHOOSER.rules))
        for pattern in CHOOSER.patterns(rule)
        for needed in pattern.anchors
        for word in needed
    }
)
TRIGGERS = sorted(CHOOSER.triggers)
EXAMPLES = [sentence for rule in RULES for sentence in rule.examples_match]


def _both(text: str) -> tuple[object, object]:
    return MATCHER._suggestions(text), MATCHER._suggestions(text, plain=True)


def test_most_patterns_have_anchors() -> None:
    patterns = [p for rule in range(len(CHOOSER.rules)) for p in CHOOSER.patterns(rule)]
    assert sum(bool(p.anchors) for p in patterns) > 0.9 * len(patterns)


def test_anchors_are_whole_words_a_match_needs() -> None:
    found = anchors(expand(r"\brefus(?:e|ed)\s+(?:his|her)\s+medication\b"))
    assert found[0] == frozenset({"medication"})
    assert frozenset({"refused", "refuse"}) in found
    # Words either side of a part that ends with a space are whole: "recluse" here.
    assert frozenset({"recluse", "hermit"}) in anchors(
        r"\b(?:a|the)\s+(?:[\w-]+\s+){0,2}?(?P<phrase>recluse|hermit)\b"
    )
    assert anchors(r"\w+ing\s+\w+") == ()  # nothing bounded on both sides
    assert anchors(r"non[- ]?compliant") == ()  # the words may go on either side


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(ANCHOR_WORDS),
            st.sampled_from(TRIGGERS),
            st.sampled_from(EXAMPLES),
            st.sampled_from(['"', "'", "“", "”", ".", ",", "\n", "n't", "-", "staff", "He"]),
            st.text(alphabet="abcdeİıſK ", max_size=6),
        ),
        max_size=14,
    ).map(" ".join)
)
def test_anchors_change_nothing_found(text: str) -> None:
    fast, plain = _both(text)
    assert fast == plain
    fast, plain = _both(text.upper())
    assert fast == plain


def _plain(text: str, matching: frozenset[re.Pattern[str]]) -> list[LanguageSuggestion]:
    """What running every pattern of every rule ``text`` triggers finds (the check with
    ``plain``), running only the ``matching`` ones: the others find nothing in it."""
    triggered = CHOOSER.triggered(_words(text))
    if not triggered:
        return []
    chosen = [pattern for pattern in CHOOSER.plain(triggered) if pattern.regex in matching]
    return _found(CHOOSER, chosen, text, text[:MAX_CHARACTERS])


def test_plain_runs_only_what_matching_patterns_find() -> None:
    """:func:`_plain` is the check with ``plain``, given the patterns that match the text."""
    texts = [*EXAMPLES[:40], "Staff will not allow him out; he is non-compliant.", "Fine."]
    for text in texts:
        matching = frozenset(p for p in corpus.patterns() if p.search(text))
        assert _plain(text, matching) == _both(text)[1], text


def test_anchors_change_nothing_found_in_the_evaluation_sentences(
    language_matched: dict[re.Pattern[str], tuple[int, ...]],
) -> None:
    sentences = corpus.sentences()
    matching = corpus.by_sentence(language_matched)
    assert len(sentences) > 1000
    assert set(EXAMPLES) <= set(sentences)
    plain = [_plain(s, found) for s, found in zip(sentences, matching, strict=True)]
    for sentence, expected in zip(sentences, plain, strict=True):
        assert MATCHER._suggestions(sentence) == expected, sentence
    # All at once, as a plan's texts are checked, the texts kept nowhere beforehand.
    MATCHER.kept.clear()
    assert check_texts(list(sentences), RULES) == plain


def test_every_character_matching_an_anchor_letter_folds_to_it() -> None:
    """Anchors hold ASCII letters and digits; a text's words are case folded. Every
    character ``re`` matches case-insensitively with one of them must fold to it, or a
    match could hide from its anchors."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for letter in "abcdefghijklmnopqrstuvwxyz0123456789":
        for char in re.findall(re.escape(letter), every, re.IGNORECASE):
            assert words(char) == {letter}, (letter, hex(ord(char)))


PHRASES = st.lists(
    st.one_of(
        st.sampled_from(ANCHOR_WORDS),
        st.sampled_from(TRIGGERS),
        st.sampled_from(EXAMPLES),
        st.sampled_from(['"', "'", ".", "n't", "staff"]),
    ),
    max_size=10,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(PHRASES, min_size=1, max_size=8))
def test_a_plan_s_texts_checked_together_get_what_each_gets_alone(texts: list[str]) -> None:
    MATCHER.kept.clear()
    together = check_texts(texts, RULES)
    assert together == [MATCHER._suggestions(text, plain=True) for text in texts]
