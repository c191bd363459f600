"""Forgetting the texts the language check keeps changes nothing it finds: a service can drop
them from memory whenever a piece of work is done."""

from __future__ import annotations

from recoveryplan import check_language
from recoveryplan.language.check import forget_texts

TEXT = "Staff do his shopping for him because it is quicker."


def test_forgetting_keeps_the_suggestions_the_same() -> None:
    before = check_language(TEXT)
    forget_texts()
    after = check_language(TEXT)
    assert before
    assert after == before


def test_a_forgotten_text_is_no_longer_held() -> None:
    from recoveryplan.language import check

    check_language(TEXT)
    assert any(TEXT in matcher.kept for matcher in check._MATCHERS)
    forget_texts()
    assert not any(TEXT in matcher.kept for matcher in check._MATCHERS)
