"""Which patterns of the built-in language rules match which evaluation sentence, worked out
once for every test in a process that asks.

The shortcuts of the language check (each pattern's screens and anchors) may only spare a
pattern on a text it cannot match. The tests of that run every pattern over every sentence of
``tests/data/language-*.tsv`` and every rule's examples: some 1,700 patterns over 7,000
sentences, the costliest work in the suite, and the same answer for each test. A pattern that
does not match a sentence finds nothing in it, so a test that knows the patterns that match
each sentence knows everything running all of them would find.
"""

from __future__ import annotations

import functools
import re

from recoveryplan.language import builtin_rules
from recoveryplan.language.check import _compile

from .reference import ROOT


@functools.cache
def sentences() -> tuple[str, ...]:
    """The last column of every line of every ``tests/data/language-*.tsv`` (new files are
    picked up as they are added), then every built-in rule's examples that match and don't."""
    found = [
        line.split("\t")[-1]
        for path in sorted((ROOT / "tests" / "data").glob("language-*.tsv"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    for rule in builtin_rules():
        found += [*rule.examples_match, *rule.examples_no_match]
    return tuple(found)


@functools.cache
def patterns() -> tuple[re.Pattern[str], ...]:
    """Every compiled pattern of every built-in rule, as the check runs them."""
    return tuple(pattern for rule in builtin_rules() for pattern in _compile(rule).patterns)


@functools.cache
def matched() -> dict[re.Pattern[str], tuple[int, ...]]:
    """For every pattern, the indexes in :func:`sentences` of the sentences it matches,
    found by searching every sentence with it (no screen, no anchors)."""
    texts = sentences()
    return {
        pattern: tuple(index for index, text in enumerate(texts) if pattern.search(text))
        for pattern in patterns()
    }


@functools.cache
def matching() -> tuple[frozenset[re.Pattern[str]], ...]:
    """For every sentence of :func:`sentences`, in order, the patterns that match it."""
    found: list[set[re.Pattern[str]]] = [set() for _ in sentences()]
    for pattern, indexes in matched().items():
        for index in indexes:
            found[index].add(pattern)
    return tuple(frozenset(patterns) for patterns in found)
