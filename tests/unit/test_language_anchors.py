"""The anchors and screens kept in the package are what the code reads from the patterns now,
and what it reads from patterns whose alternatives share a prefix or hold a common word."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from recoveryplan.language import (
    LanguageRule,
    builtin_rules,
    check_rule_examples,
    check_texts,
    words_of,
)
from recoveryplan.language.anchors import anchors, kept_anchors, pattern_key, words
from recoveryplan.language.check import _matcher, _split
from recoveryplan.language.choosing import _screen
from recoveryplan.language.rules import builtin_document, compiled_pattern, source_digest
from recoveryplan.language.screen import fold, required_texts, screen_texts

from ..support.reference import ROOT

TABLE = ROOT / "src" / "recoveryplan" / "language" / "data" / "anchors.json"
SCREENS = TABLE.with_name("screens.json")


def test_every_kept_entry_is_what_the_pattern_gives_now() -> None:
    kept = json.loads(TABLE.read_text(encoding="utf-8"))
    patterns = {compiled_pattern(p).pattern for rule in builtin_rules() for p in rule.patterns}
    by_key = {pattern_key(p): p for p in patterns}
    assert kept, "anchors.json is empty"
    for key, sets in kept.items():
        if key in by_key:  # an entry for a pattern since changed is never used
            assert [sorted(words) for words in anchors(by_key[key])] == sets, by_key[key]


def test_every_kept_screen_is_what_the_pattern_gives_now() -> None:
    kept = json.loads(SCREENS.read_text(encoding="utf-8"))
    patterns = {compiled_pattern(p).pattern for rule in builtin_rules() for p in rule.patterns}
    by_key = {pattern_key(p): p for p in patterns}
    assert set(by_key) <= set(kept), "screens.json misses a built-in pattern"
    for key, sets in kept.items():
        if key in by_key:
            assert [sorted(texts) for texts in screen_texts(by_key[key])] == sets, by_key[key]


def test_a_pattern_not_kept_is_read_when_needed() -> None:
    pattern = compiled_pattern(r"\bplainly\s+new\s+wording\b")
    assert kept_anchors(pattern) == anchors(pattern.pattern)
    assert frozenset({"plainly"}) in kept_anchors(pattern)
    assert _screen(pattern) == ("plainly", "wording", "new")


def test_a_pattern_with_anchors_is_screened_too() -> None:
    # The words before "as usual" are not whole (panic\w*), and a look-ahead ends it: its
    # anchors are common words ("the" of "par for the course"), but every match holds one of
    # the words before it, and a text holding none of them is spared the pattern.
    rule = LanguageRule(
        code="test.language.as-usual",
        patterns=(
            r"\b(?:low|anxious|panic\w*)\b[^.!?;]{0,20}?(?:,|;)\s*(?P<phrase>as\s+usual"
            r"|nothing\s+new|par\s+for\s+the\s+course)\s*(?=[.!]|$)",
        ),
        why="Test rule.",
        alternatives=("say what was different",),
        examples_match=("Panicky, as usual.",),
        examples_no_match=("Went to the course, as usual.",),
    )
    pattern = compiled_pattern(rule.patterns[0])
    assert frozenset({"as", "nothing", "the"}) in anchors(pattern.pattern)
    assert ("anxious", "low", "panic") in _screen(pattern)
    texts = ["Panicky, as usual.", "Went to the course, as usual.", "Low; par for the course."]
    chooser = _matcher((rule,)).chooser
    chooser.ready(words_of(texts))
    anchored = chooser.for_texts([text.lower() for text in texts], _split, screen=False)
    assert [len(found) for found in anchored] == [1, 1, 1]  # the anchors let each through
    run = [chooser.for_text(words(text), text.lower()) for text in texts]
    assert [len(found) for found in run] == [1, 0, 1]  # the screen spares the second
    assert [[s.phrase for s in found] for found in check_texts(texts, (rule,))] == [
        ["as usual"],
        [],
        ["par for the course"],
    ]
    assert check_rule_examples(rule) == []


def test_the_rules_are_read_from_their_json_only_when_it_was_written_from_their_toml() -> None:
    """``data/en.json`` keeps ``data/en.toml`` parsed, for speed: read only while its digest
    is the TOML's own, so an edited TOML is never read from a stale copy."""
    text = (TABLE.parent / "en.toml").read_text(encoding="utf-8")
    kept = (TABLE.parent / "en.json").read_text(encoding="utf-8")
    assert json.loads(kept)["source"] == source_digest(text)
    read: list[str] = []

    def reader(**_: str) -> str:
        read.append("json")
        return kept

    assert builtin_document(text, reader) == tomllib.loads(text)
    edited = text.replace('why = "', 'why = "Edited. ', 1)
    assert builtin_document(edited, reader) == tomllib.loads(edited)
    assert read == ["json", "json"]
    for broken in ("", "{", '{"source": 1}', "[]"):
        assert builtin_document(text, lambda broken=broken, **_: broken) == tomllib.loads(text)

    def missing(**_: str) -> str:
        raise FileNotFoundError("en.json")

    assert builtin_document(text, missing) == tomllib.loads(text)


def test_the_script_says_whether_the_file_is_up_to_date() -> None:
    script = ROOT / "scripts" / "update_language_anchors.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True)
    assert done.returncode == 0, done.stderr


def test_alternatives_whose_shared_word_boundary_the_parser_moved_out_still_have_anchors() -> None:
    # The parser reads \\bexaggerate...|\\binvent... as \\b(?:exaggerate...|invent...):
    # each alternative's first word is whole all the same.
    found = anchors(r"\bexaggerate\s+(?:it|his\s+\w+)\b|\binvent\s+pain\b")
    assert frozenset({"exaggerate", "invent"}) in found
    found = anchors(r"\b(?:(?:he|she)\s+\w+\s+declined|they\s+\w+\s+refused)\b")
    assert frozenset({"declined", "refused"}) in found
    assert frozenset({"he", "she", "they"}) in found


def test_no_anchor_set_holds_a_word_it_does_not_need() -> None:
    found = anchors(
        r"\b(?:pester(?:s|ed|ing)?|nag(?:s|ged|ging)?)\s+(?:the\s+)?(?:staff|nurses?)\b"
    )
    assert found
    assert not any("the" in words for words in found)


def test_a_set_of_each_string_s_longest_words_is_read() -> None:
    found = anchors(r"\bplay(?:s|ed)?\s+to\s+the\s+(?:audience|gallery)\b|\bwoe\s+is\s+me\b")
    assert frozenset({"audience", "gallery", "woe"}) in found


def test_alternatives_not_spelled_out_give_more_than_one_set() -> None:
    found = anchors(
        r"\b(?:on\s+the\s+(?:buzzer|phone)\s+\w+\s+(?:constantly|again)"
        r"|always\s+\w+\s+(?:buzzing|calling))\b"
    )
    assert frozenset({"always", "buzzer", "phone"}) in found
    assert frozenset({"again", "buzzing", "calling", "constantly"}) in found


def test_a_word_after_a_part_ending_with_a_separator_or_nothing_is_whole() -> None:
    # The second alternative ends with words that may be absent, after a full stop and a
    # space: every match of it still ends with a separator, so "resistant" is a whole word.
    found = anchors(r"(?:\bhe\s+(?:is\s+)+|(?:^|[.!?]\s+)(?:very\s+)*)(?P<phrase>resistant)\b")
    assert frozenset({"resistant"}) in found


def test_a_screen_holds_every_set_a_group_requires() -> None:
    # Each word of the group is needed, not only the best of them.
    assert required_texts(r"\bsaid\b(?P<phrase>cannot\s+cope)", shortest=3) == (
        frozenset({"said"}),
        frozenset({"cannot"}),
        frozenset({"cope"}),
    )
    assert frozenset({"day", "night"}) in required_texts(
        r"(?:very\s+)+(?:bad|poor)\s+(?:day|night)", shortest=3
    )


def test_a_short_text_of_marks_is_a_screen_when_a_pattern_needs_no_words() -> None:
    # Marks (neither letters nor spaces) are seldom in prose: "++", ":" and "/7" spare these
    # patterns most texts, though shorter than any word a screen is tested for.
    assert screen_texts(r"(?<=\w)\s?(?P<phrase>\+{2,3})(?!\+)") == (frozenset({"++"}),)
    assert screen_texts(r"(?<![\d:])(?P<phrase>[1-4]:[1-4])(?![\d:])") == (frozenset({":"}),)
    assert screen_texts(r"\b[1-7]/7\b") == (frozenset({"/7"}),)
    # Short letters are not marks, and words come before marks.
    assert screen_texts(r"\bno\s+tv\b") == ()
    assert screen_texts(r"\brefused\b\s*,\s*\bagain\b") == (
        frozenset({"refused"}),
        frozenset({"again"}),
        frozenset({","}),
    )
    # Without marks (as the anchors' reading asks), none of them is kept.
    assert required_texts(r"[1-4]:[1-4]", shortest=3) == ()


def test_a_character_repeated_is_literal_text_as_long_as_its_fewest_repeats() -> None:
    assert required_texts(r"ab{2}c", shortest=3) == (frozenset({"abbc"}),)
    # What follows a repeat of no fixed number is not contiguous with what it must hold.
    assert required_texts(r"xab{2,3}c", shortest=3) == (frozenset({"xabb"}),)
    assert required_texts(r"xab{0,3}cde", shortest=3) == (frozenset({"cde"}),)
    for text in ("xabbc", "xabbbc"):
        assert re.search(r"xab{2,3}c", text)
        assert "xabb" in text


def test_alternatives_give_a_screen_a_union_of_each_one_s_sets_in_turn() -> None:
    found = required_texts(
        r"\b(?:on\s+the\s+phone\s+(?:constantly|again)|always\s+calling)\b", shortest=3
    )
    assert frozenset({"phone", "calling"}) in found
    assert frozenset({"constantly", "again", "always"}) in found
    # A text with "phone" and "calling" but neither "constantly", "again" nor "always" is
    # screened out, and it cannot match.
    text = "on the phone calling"
    assert not all(any(t in text for t in texts) for texts in found)
    assert not re.search(r"\b(?:on\s+the\s+phone\s+(?:constantly|again)|always\s+calling)\b", text)


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from("aİıIiſKkß ǰé.\u0307"), max_size=14))
def test_folding_turns_each_dotted_or_dotless_i_into_i_before_folding_case(text: str) -> None:
    assert fold(text) == text.replace("İ", "i").replace("ı", "i").casefold()
    assert (
        fold(text.encode("ascii", "ignore").decode())
        == text.encode("ascii", "ignore").decode().lower()
    )
