"""A pattern rewritten for lower-cased ASCII text finds exactly what the pattern itself finds
in the text as written, and a plan's texts screened in one loop get the patterns that choosing
and then screening each text gives."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoveryplan.language import builtin_rules, check_texts, lowered
from recoveryplan.language.check import _matcher, _split
from recoveryplan.language.choosing import Pattern, passes
from recoveryplan.language.lowered import lowered_regex
from recoveryplan.language.rules import compiled_pattern

RULES = builtin_rules()
MATCHER = _matcher(RULES)
CHOOSER = MATCHER.chooser
PATTERNS = sorted({compiled_pattern(p).pattern for rule in RULES for p in rule.patterns})
EXAMPLES = [s for rule in RULES for s in (*rule.examples_match, *rule.examples_no_match)]
ASCII_EXAMPLES = [sentence for sentence in EXAMPLES if sentence.isascii()]


def _spans(regex: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    """Every match's span and each of its groups' spans."""
    return [tuple(m.span(g) for g in range(regex.groups + 1)) for m in regex.finditer(text)]


def _same(source: str, text: str) -> None:
    lowered = lowered_regex(source)
    if lowered is not None:
        assert lowered.groupindex == compiled_pattern(source).groupindex
        assert _spans(lowered, text.lower()) == _spans(compiled_pattern(source), text), source


def test_most_built_in_patterns_are_rewritten() -> None:
    rewritten = [source for source in PATTERNS if lowered_regex(source) is not None]
    assert len(rewritten) > 0.8 * len(PATTERNS)


def test_every_rule_s_patterns_find_the_same_in_its_examples_rewritten() -> None:
    for rule in RULES:
        for pattern in rule.patterns:
            source = compiled_pattern(pattern).pattern
            for sentence in (*rule.examples_match, *rule.examples_no_match):
                if sentence.isascii():
                    _same(source, sentence)
                    _same(source, sentence.upper())
                    _same(source, sentence.swapcase())


def test_what_cannot_be_rewritten_exactly_is_left_as_it_is() -> None:
    assert lowered_regex(r"\bthe\s+(?-i:PD)\b") is None  # case matters in the group
    assert lowered_regex(r"\bmi\u017fsed\b") is None  # the long s matches "s" and "S"
    assert lowered_regex(r"\b\u212aelvin\b") is None  # the Kelvin sign matches "k"
    assert lowered_regex(r"(?i)\bwhole\b") is None  # flags written for the whole pattern
    assert lowered_regex(r"(?x) \b spaced \b") is not None  # flags that do not touch case
    rewritten = lowered_regex(r"\b[A-C]\w+\s+(?P<phrase>Refus(?:ED|ing))[^.!?]*\.")
    assert rewritten is not None
    assert rewritten.search("staff said bob refused.".lower()) is not None
    assert rewritten.groupindex == {"phrase": 1}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(PATTERNS),
    st.one_of(
        st.sampled_from(ASCII_EXAMPLES),
        st.lists(
            st.one_of(
                st.sampled_from(ASCII_EXAMPLES),
                st.text(alphabet="aBcKkSsIi +:/;.,'\"-_0123456789xX\n\t", max_size=8),
            ),
            max_size=4,
        ).map(" ".join),
    ),
    st.sampled_from([str, str.upper, str.swapcase, str.title]),
)
def test_a_rewritten_pattern_finds_what_the_pattern_finds(
    source: str, text: str, case: Callable[[str], str]
) -> None:
    _same(source, case(text))


PHRASES = st.lists(
    st.one_of(
        st.sampled_from(sorted(CHOOSER.triggers)),
        st.sampled_from(ASCII_EXAMPLES),
        st.sampled_from(['"', "'", ".", ",", ":", "++", "1:1", "24/7", "n't", "staff", "He"]),
    ),
    max_size=10,
).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(PHRASES, min_size=1, max_size=8))
def test_texts_chosen_and_screened_in_one_loop_get_what_each_step_gives(
    texts: list[str],
) -> None:
    folded = [text.lower() for text in texts]
    CHOOSER.ready(frozenset(word for text in folded for word in _split(text)))
    chosen = CHOOSER.for_texts(folded, _split, screen=False)
    expected = [
        [pattern for pattern in patterns if passes(pattern.screen, text)]
        for patterns, text in zip(chosen, folded, strict=True)
    ]
    assert CHOOSER.for_texts(folded, _split) == expected
    # And what the index chooses is what each text's words choose one by one.
    for text, patterns in zip(folded, chosen, strict=True):
        words = set(_split(text))
        assert patterns == sorted(
            {
                pattern
                for word in words
                for pattern in CHOOSER.index[0].get(word, ())
                if all(not needed.isdisjoint(words) for needed in _sets(pattern))
            },
            key=lambda pattern: pattern.order,
        )


def _sets(pattern: Pattern) -> list[frozenset[str]]:
    """Every set of words ``pattern`` needs a word of: its anchors and its rule's triggers."""
    return [*pattern.anchors, pattern.triggers] if pattern.triggers else list(pattern.anchors)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(PHRASES, min_size=1, max_size=6),
    st.sampled_from([str, str.upper, str.swapcase, str.title]),
)
def test_a_plan_s_texts_in_any_case_get_what_the_plain_check_finds(
    texts: list[str], case: Callable[[str], str]
) -> None:
    written = [case(text) for text in texts]
    MATCHER.kept.clear()
    together = check_texts(written, RULES)
    assert together == [MATCHER._suggestions(text, plain=True) for text in written]


def test_a_pattern_the_standard_library_will_not_rewrite_runs_as_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*_args: object) -> None:
        raise TypeError("a compiler that reads parses differently")

    monkeypatch.setattr(lowered, "compiler", SimpleNamespace(compile=refused))
    assert lowered_regex(r"\bonly\s+ever\s+run\s+as\s+written\b") is None
