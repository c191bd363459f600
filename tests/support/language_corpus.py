"""Which patterns of the built-in language rules match which evaluation sentence, worked out
once for every test in a process that asks.

The shortcuts of the language check (each pattern's screens and anchors) may only spare a
pattern on a text it cannot match. The tests of that run every pattern over every sentence of
``tests/data/language-*.tsv`` and every rule's examples: some 1,700 patterns over 7,000
sentences, the costliest work in the suite, and the same answer for each test. A pattern that
does not match a sentence finds nothing in it, so a test that knows the patterns that match
each sentence knows everything running all of them would find. The tests get the answer from
the ``language_matched`` fixture: worked out in parts by the pytest-xdist workers of a run that
ask, each part by one of them, and read by the others from files named by what they were worked
out from.
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
    return {
        pattern: tuple(row)
        for pattern, row in zip(patterns(), _matched_part(patterns()), strict=True)
    }


PARTS = 16
"""How many parts :func:`shared_matched` splits the patterns into."""


def _matched_part(part: tuple[re.Pattern[str], ...]) -> list[list[int]]:
    """For each pattern of ``part``, the indexes of the sentences it matches."""
    texts = sentences()
    return [[index for index, text in enumerate(texts) if pattern.search(text)] for pattern in part]


def shared_matched(folder: Path) -> dict[re.Pattern[str], tuple[int, ...]]:
    """:func:`matched`, worked out once for all the processes that share ``folder``, in
    :data:`PARTS` parts: each process works out the parts no other has taken and writes each
    there, then reads (waiting for, if it must) the parts the others took, so that two
    processes asking at once share the work rather than one waiting for the other. The
    files' names hold a digest of every pattern and sentence, so an answer for other rules
    or sentences is never read."""
    every = patterns()
    digest = hashlib.sha256(
        json.dumps([[(p.pattern, p.flags) for p in every], sentences()]).encode("utf-8")
    ).hexdigest()[:16]
    parts = [every[number::PARTS] for number in range(PARTS)]
    rows: list[list[list[int]] | None] = [None] * PARTS

    def work_out(number: int, wait: bool) -> None:
        """Part ``number``, read if written, else worked out and written; unless ``wait``,
        left to the process already at it."""
        path = folder / f"language-matched-{digest}-{number}.json"
        with open(path.with_suffix(".lock"), "w", encoding="utf-8") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                return  # another process is working it out
            # (the lock is released when the file closes)
            if path.exists():
                rows[number] = json.loads(path.read_text(encoding="utf-8"))
                return
            rows[number] = _matched_part(parts[number])
            path.write_text(json.dumps(rows[number]), encoding="utf-8")

    for number in range(PARTS):
        work_out(number, wait=False)
    for number in range(PARTS):
        if rows[number] is None:
            work_out(number, wait=True)
    found: dict[re.Pattern[str], tuple[int, ...]] = {}
    for part, part_rows in zip(parts, rows, strict=True):
        assert part_rows is not None
        found.update((pattern, tuple(row)) for pattern, row in zip(part, part_rows, strict=True))
    return {pattern: found[pattern] for pattern in every}


def by_sentence(
    found: dict[re.Pattern[str], tuple[int, ...]],
) -> tuple[frozenset[re.Pattern[str]], ...]:
    """For every sentence of :func:`sentences`, in order, the patterns ``found`` matching it."""
    matching: list[set[re.Pattern[str]]] = [set() for _ in sentences()]
    for pattern, indexes in found.items():
        for index in indexes:
            matching[index].add(pattern)
    return tuple(frozenset(patterns) for patterns in matching)
