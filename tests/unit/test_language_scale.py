"""Recovery language at scale: quoted spans found in one pass, overlapping phrases in one
sweep (giving exactly what an expression and the old quadratic code give), and the cap on
work per text."""

from __future__ import annotations

import re

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.builtin import language as language_checks
from recoveryplan.language import MAX_CHARACTERS, MAX_SUGGESTIONS, NOT_CHECKED, check_texts
from recoveryplan.language.check import LanguageSuggestion, _outermost
from recoveryplan.language.quotes import QuotedSpans, quoted_spans
from recoveryplan.language.screen import fold, required_text

from ..support.language_corpus import sentences
from ..support.reference import TODAY

QUOTED = re.compile(
    r"\"[^\"\n]*\"|“[^”\n]*”|‘(?:[^’\n]|(?<=\w)’(?=\w))*’(?!\w)"
    r"|(?<![\w'])'(?=\S)(?:[^'\n]|(?<=\w)'(?=\w))*(?<=\S)'(?!\w)|„[^“\n]*“"
)
"""The spans as one expression: right, but quadratic on unclosed quotation marks. An
apostrophe between two letters ("I'm") neither closes a quotation nor ends the search."""

QUOTING = st.text(alphabet=st.sampled_from("\"“”‘’'„ \nab_1é\t"), max_size=40)


@settings(max_examples=400)
@given(QUOTING)
def test_the_scanner_finds_the_spans_the_expression_found(text: str) -> None:
    assert quoted_spans(text) == [m.span() for m in QUOTED.finditer(text)]


@given(QUOTING, st.integers(0, 40), st.integers(0, 10))
def test_a_phrase_is_quoted_when_one_span_holds_it(text: str, start: int, length: int) -> None:
    spans = quoted_spans(text)
    end = start + length
    expected = any(s <= start and end <= e for s, e in spans)
    assert QuotedSpans(spans).holds(start, end) == expected


def _old_outermost(found: list[LanguageSuggestion]) -> list[LanguageSuggestion]:
    return [
        s
        for s in found
        if not any(
            o.code == s.code and o.span != s.span and o.start <= s.start and s.end <= o.end
            for o in found
        )
    ]


SPANS = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from(["a.x", "a.y"])),
    max_size=25,
    unique_by=lambda t: (t[0], t[1], t[2]),
)


@given(SPANS)
def test_the_sweep_keeps_the_phrases_the_pairwise_comparison_kept(
    spans: list[tuple[int, int, str]],
) -> None:
    found = [
        LanguageSuggestion(span=(s, s + n), phrase="x" * n, code=c, why="w.", alternatives=("a",))
        for s, n, c in spans
    ]
    order = attrs.astuple  # any fixed order will do: compare as sorted lists
    assert sorted(_outermost(found), key=order) == sorted(_old_outermost(found), key=order)


def test_a_long_text_is_checked_up_to_the_cap_and_says_where_it_stopped() -> None:
    filler = "She did the shopping with Eilidh. " * (MAX_CHARACTERS // 30)
    text = filler + "He refused his medication."
    (stopped,) = rp.check_language(text)
    assert stopped.code == NOT_CHECKED
    assert stopped.span == (MAX_CHARACTERS, MAX_CHARACTERS)
    assert "100,000 characters" in stopped.why
    assert rp.check_language(text[MAX_CHARACTERS - 1000 :])[0].phrase == "refused his medication"


def test_past_the_most_suggestions_for_one_text_the_rest_is_not_checked() -> None:
    sentence = "He refused his medication. "
    found = rp.check_language(sentence * (MAX_SUGGESTIONS + 20))
    assert len(found) == MAX_SUGGESTIONS + 1
    assert {s.code for s in found[:-1]} == {"language.refused"}
    assert found[-1].code == NOT_CHECKED
    assert found[-1].start == MAX_SUGGESTIONS * len(sentence) + 3
    assert len(rp.check_language(sentence * MAX_SUGGESTIONS)) == MAX_SUGGESTIONS


def test_validation_names_where_the_check_stopped(morag: rp.Plan) -> None:
    assert morag.assessment is not None
    staff = next(i for i in morag.assessment.items if i.voice != rp.Voice.PERSON)
    long_text = "He refused his medication. " * (MAX_SUGGESTIONS + 1)
    changed = attrs.evolve(
        morag,
        assessment=attrs.evolve(
            morag.assessment,
            items=tuple(
                attrs.evolve(i, text=long_text) if i is staff else i for i in morag.assessment.items
            ),
        ),
    )
    notes = [f for f in rp.validate(changed, today=TODAY) if f.code == NOT_CHECKED]
    assert len(notes) == 1
    assert notes[0].severity == "info"
    assert notes[0].message.startswith("The text of assessment item")
    assert "was checked for recovery language only up to character 1,353" in notes[0].message
    assert NOT_CHECKED in language_checks.CODES


WORDS = st.sampled_from(
    [
        "Staff",
        "do",
        "her",
        "shopping",
        "because",
        "it",
        "is",
        "quicker",
        "refused",
        "Refuses",
        "a",
        "self-harmer",
        "_wrong",
        "easier_",
        "unwell",
        "ÉASIER",
        "café",
        "K",
        "\n",
        ".",
        '"',
    ]
)


@settings(max_examples=150)
@given(st.lists(st.lists(WORDS, max_size=12).map(" ".join), max_size=5))
def test_checking_texts_together_finds_what_checking_each_finds(texts: list[str]) -> None:
    assert check_texts(texts) == [rp.check_language(text) for text in texts]


def _compiled() -> list[tuple[re.Pattern[str], frozenset[str] | None]]:
    from recoveryplan.language import builtin_rules
    from recoveryplan.language.rules import compiled_pattern

    return [
        (pattern, required_text(pattern.pattern))
        for rule in builtin_rules()
        for pattern in map(compiled_pattern, rule.patterns)
    ]


COMPILED = _compiled()
SCREEN_WORDS = sorted({text for _, screen in COMPILED if screen for text in screen})


def _screened_out(text: str) -> list[str]:
    """Patterns that match ``text`` although their screen says they cannot."""
    folded = fold(text)
    return [
        pattern.pattern
        for pattern, screen in COMPILED
        if screen is not None
        and not any(word in folded for word in screen)
        and pattern.search(text)
    ]


def test_most_patterns_have_a_screen() -> None:
    assert sum(screen is not None for _, screen in COMPILED) > 0.8 * len(COMPILED)
    assert required_text(r"\bincapable\s+of\b") == frozenset({"incapable"})
    assert required_text(r"\b(?:he|she)\s+(?:refused|refuses)\b") == frozenset({"refuse"})
    assert required_text(r"\b(?:a|an)\s+\w+\b") is None


@settings(max_examples=300)
@given(
    st.lists(
        st.one_of(st.sampled_from(SCREEN_WORDS), WORDS, st.sampled_from(["İNSIGHT", "ı", "İ"])),
        max_size=10,
    ).map(" ".join)
)
def test_a_screen_never_hides_a_match(text: str) -> None:
    assert _screened_out(text) == []
    assert _screened_out(text.upper()) == []


def test_no_screen_hides_a_match_in_the_evaluation_sentences(
    language_matched: dict[re.Pattern[str], tuple[int, ...]],
) -> None:
    """Every pattern was run over every sentence (once, shared with the other tests that ask):
    each sentence it matches must hold a text of its screen."""
    texts = sentences()
    assert len(texts) > 5000
    hidden = [
        (pattern.pattern, texts[index])
        for pattern, screen in COMPILED
        if screen is not None
        for index in language_matched[pattern]
        if not any(word in fold(texts[index]) for word in screen)
    ]
    assert hidden == []
