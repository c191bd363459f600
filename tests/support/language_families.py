"""What every module of families of wording is held to, written once.

Each version of the rules that adds families of wording keeps a test module of sentences from
settings its rules were not widened for: each family must be found in them, the contexts that
should leave a family alone must be left alone, every family must be a rule that names its
source, and the person's own words, quoted, are never checked. The modules differ only in
their sentences, so they share the tests here, and the probe sets' scoring beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path

import pytest

import recoveryplan as rp
from recoveryplan.language import builtin_rules

DATA = Path(__file__).resolve().parents[1] / "data"

QUOTED = ("He said \u201c{}\u201d", "She said '{}'")
"""The person's own words in double and single quotation marks."""


def probe_figures(name: str) -> tuple[int, int, int]:
    """In the probe set ``name`` under tests/data: the sentences worth rethinking the rules
    find, those they miss, and the fine sentences they flag. Lines starting with ``#`` are
    the writer's notes (the figures before each part was tuned on)."""
    found = missed = alarms = 0
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        label, _kind, sentence = line.split("\t")
        flagged = bool(rp.check_language(sentence))
        if label == "flag":
            found += flagged
            missed += not flagged
        else:
            alarms += flagged
    return found, missed, alarms


def probe_sets(pattern: str) -> list[str]:
    """The names of the probe sets under tests/data matching ``pattern`` (a glob), sorted."""
    return sorted(path.name for path in DATA.glob(pattern))


def probe_test(names: Sequence[str], recall: Fraction, doc: str) -> Callable[..., None]:
    """The test that each probe set in ``names`` flags no fine sentence and finds at least
    ``recall`` of those worth rethinking (a set of fine sentences only finds all of none);
    ``doc`` says what the sets are. A module binds it to a name starting with ``test_``."""

    @pytest.mark.parametrize("name", names)
    def probe_sentences(name: str) -> None:
        found, missed, alarms = probe_figures(name)
        assert alarms == 0
        assert found >= recall * (found + missed)

    probe_sentences.__doc__ = doc
    return probe_sentences


def family_tests(
    found: Mapping[str, Sequence[str]], left_alone: Sequence[str]
) -> tuple[Callable[..., None], Callable[..., None], Callable[..., None], Callable[..., None]]:
    """The four tests over a module's sentences: ``found`` maps each rule's code to wordings it
    must find, ``left_alone`` holds sentences no rule may flag. A module binds them to names
    starting with ``test_`` for pytest to collect."""
    pairs = [(code, sentence) for code, sentences in found.items() for sentence in sentences]

    @pytest.mark.parametrize(("code", "sentence"), pairs)
    def each_family_is_found(code: str, sentence: str) -> None:
        assert code in {s.code for s in rp.check_language(sentence)}

    @pytest.mark.parametrize("sentence", left_alone)
    def contexts_leave_them_alone(sentence: str) -> None:
        assert rp.check_language(sentence) == []

    def every_family_is_a_rule_with_its_source() -> None:
        rules = {rule.code: rule for rule in builtin_rules()}
        assert set(found) <= set(rules)
        assert all(rules[code].source for code in found)

    @pytest.mark.parametrize("sentence", [sentence for _, sentence in pairs])
    @pytest.mark.parametrize("quoted", QUOTED)
    def own_words_never_checked(quoted: str, sentence: str) -> None:
        assert rp.check_language(quoted.format(sentence)) == []

    return (
        each_family_is_found,
        contexts_leave_them_alone,
        every_family_is_a_rule_with_its_source,
        own_words_never_checked,
    )
