"""Which patterns of the built-in language rules match which evaluation sentence, worked out
once for every test in a process that asks.

The shortcuts of the language check (each pattern's screens and anchors) may only spare a
pattern on a text it cannot match. The tests of that run every pattern over every sentence of
``tests/data/language-*.tsv`` and every rule's examples: some 1,700 patterns over 7,000
sentences, the costliest work in the suite, and the same answer for each test. A pattern that
does not match a sentence finds nothing in it, so a test that knows the patterns that match
each sentence knows everything running all of them would find. The tests get the answer from
the ``language_matched`` fixture: worked out by the first process of a run that asks, and read
by the other pytest-xdist workers from a file named by what it was worked out from.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import re
from pathlib import Path

from recoveryplan.language import builtin_rules
from recoveryplan.language.rules import compiled_pattern

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
    return tuple(compiled_pattern(pattern) for rule in builtin_rules() for pattern in rule.patterns)


@functools.cache
def matched() -> dict[re.Pattern[str], tuple[int, ...]]:
    """For every pattern, the indexes in :func:`sentences` of the sentences it matches,
    found by searching every sentence with it (no screen, no anchors)."""
    texts = sentences()
    return {
        pattern: tuple(index for index, text in enumerate(texts) if pattern.search(text))
        for pattern in patterns()
    }


def shared_matched(folder: Path) -> dict[re.Pattern[str], tuple[int, ...]]:
    """:func:`matched`, worked out once for all the processes that share ``folder``: the first
    to ask writes it there (the others wait for it), and the file's name holds a digest of
    every pattern and sentence, so an answer for other rules or sentences is never read."""
    texts = sentences()
    digest = hashlib.sha256(
        json.dumps([[(p.pattern, p.flags) for p in patterns()], texts]).encode("utf-8")
    ).hexdigest()
    path = folder / f"language-matched-{digest[:16]}.json"
    with open(folder / "language-matched.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if path.exists():
            rows: list[list[int]] = json.loads(path.read_text(encoding="utf-8"))
            return {pattern: tuple(row) for pattern, row in zip(patterns(), rows, strict=True)}
        found = matched()
        path.write_text(json.dumps([found[pattern] for pattern in patterns()]), encoding="utf-8")
        return found


def by_sentence(
    found: dict[re.Pattern[str], tuple[int, ...]],
) -> tuple[frozenset[re.Pattern[str]], ...]:
    """For every sentence of :func:`sentences`, in order, the patterns ``found`` matching it."""
    matching: list[set[re.Pattern[str]]] = [set() for _ in sentences()]
    for pattern, indexes in found.items():
        for index in indexes:
            matching[index].add(pattern)
    return tuple(frozenset(patterns) for patterns in matching)
