"""Reading the rules compiles none of their patterns: each is compiled when it is first about
to run. Every built-in pattern still compiles (a bad one fails here, as a plugin's is refused
when registered), the choosing reads the built-in patterns' anchors and screens without
compiling them and reads from the data files what it would read from the compiled patterns,
and threads checking at once with a new set of rules find what one thread finds."""

from __future__ import annotations

import re
import threading
from importlib import resources
from typing import Any

import pytest

import recoveryplan as rp
from recoveryplan.builtin.language import _staff_text
from recoveryplan.language import builtin_rules, check_texts, choosing, rules, rules_from_toml
from recoveryplan.language import check as check_module
from recoveryplan.language.anchors import kept_anchors
from recoveryplan.language.check import _compile, _Matcher
from recoveryplan.language.choosing import _needs, _screen
from recoveryplan.language.rules import compiled_pattern, compiled_regex

from ..support.language_corpus import sentences


def _en_toml() -> str:
    package = resources.files("recoveryplan.language")
    return package.joinpath("data", "en.toml").read_text(encoding="utf-8")


def test_every_built_in_rule_is_accepted_as_a_plugins_rule_would_be() -> None:
    # Read without the library's trust: every pattern and context pattern is compiled, and
    # the context patterns of each rule together, as for any plugin's rule.
    assert rules_from_toml(_en_toml()) == builtin_rules()
    for rule in builtin_rules():
        for source in (_compile(rule).not_before, _compile(rule).not_after):
            if source is not None:
                compiled_regex(source)


def test_reading_the_built_in_rules_compiles_no_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(pattern: str) -> re.Pattern[str]:
        raise AssertionError(f"compiled while reading the rules: {pattern!r}")

    monkeypatch.setattr(rules, "compiled_pattern", refuse)
    monkeypatch.setattr(rules, "compiled_regex", refuse)
    read = builtin_rules.__wrapped__()  # read afresh, not the rules kept
    assert read == builtin_rules()
    # The library's trust ends with reading its own rules: a bad pattern is refused after.
    with pytest.raises(AssertionError, match="compiled while reading"):
        rules.rule_from_data({**_data(read[0]), "patterns": ["(unclosed"]})


def _data(rule: rp.LanguageRule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "patterns": list(rule.patterns),
        "why": rule.why,
        "alternatives": list(rule.alternatives),
        "examples_match": list(rule.examples_match),
        "examples_no_match": list(rule.examples_no_match),
    }


def test_checking_a_plan_compiles_only_the_patterns_it_runs(
    monkeypatch: pytest.MonkeyPatch, morag: rp.Plan
) -> None:
    _, texts, _ = _staff_text(morag)
    texts = (*texts, "Refused his meds again, non-compliant as usual.")
    expected = check_texts(texts)
    compiled: list[str] = []

    def counting(source: str) -> re.Pattern[str]:
        compiled.append(source)
        return compiled_regex(source)

    monkeypatch.setattr(choosing, "compiled_regex", counting)
    monkeypatch.setattr(check_module, "compiled_regex", counting)
    matcher = _Matcher(builtin_rules())  # a new one: nothing read or compiled yet
    monkeypatch.setattr(check_module, "_matcher", lambda rules: matcher)
    assert compiled == []
    assert check_texts(texts) == expected
    assert expected[-1], "the last text has something to suggest"
    # The reference plan runs about a dozen patterns (see docs/checks.md), and the sentence
    # added a few more, with the context patterns of the rules that found something.
    assert 0 < len(set(compiled)) < 40, sorted(set(compiled))


def test_a_new_matcher_finds_what_the_kept_one_finds() -> None:
    texts = sentences()[:400]
    matcher = _Matcher(builtin_rules())
    assert [matcher.suggestions(text) for text in texts] == [
        rp.check_language(text) for text in texts
    ]


def test_the_choosing_reads_from_the_data_files_what_the_compiled_pattern_gives() -> None:
    for rule in builtin_rules():
        for raw, source in zip(rule.patterns, _compile(rule).patterns, strict=True):
            regex = compiled_pattern(raw)
            assert regex.pattern == source
            assert _needs(source) == (kept_anchors(regex), _screen(regex)), raw


def test_a_pattern_setting_its_own_flags_is_read_compiled() -> None:
    source = r"(?x) \b plainly \s+ spaced \b"
    regex = compiled_regex(source)
    assert regex.flags != compiled_regex("").flags
    assert _needs(source) == (kept_anchors(regex), _screen(regex))


def test_threads_checking_at_once_with_new_rules_find_what_one_thread_finds() -> None:
    texts = list(sentences()[:400])
    expected = [rp.check_language(text) for text in texts]
    for _ in range(3):
        assert _checked_at_once(_Matcher(builtin_rules()), texts, 4) == [expected] * 4


def _checked_at_once(matcher: _Matcher, texts: list[str], threads: int) -> list[list[Any]]:
    """What each of ``threads`` threads, started together on a matcher, finds in ``texts``
    (every other thread going through them backwards)."""
    results: dict[int, list[Any]] = {}
    start = threading.Barrier(threads)

    def run(place: int) -> None:
        start.wait()
        order = texts if place % 2 == 0 else texts[::-1]
        found = {text: matcher._suggestions(text) for text in order}
        results[place] = [found[text] for text in texts]

    running = [threading.Thread(target=run, args=(place,)) for place in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return [results.get(place, []) for place in range(threads)]
