"""The anchors kept in the package are what the code reads from the patterns now."""

from __future__ import annotations

import json
import subprocess
import sys

from recoveryplan.language import builtin_rules
from recoveryplan.language.anchors import anchors, kept_anchors, pattern_key
from recoveryplan.language.rules import compiled_pattern

from ..support.reference import ROOT

TABLE = ROOT / "src" / "recoveryplan" / "language" / "data" / "anchors.json"


def test_every_kept_entry_is_what_the_pattern_gives_now() -> None:
    kept = json.loads(TABLE.read_text(encoding="utf-8"))
    patterns = {compiled_pattern(p).pattern for rule in builtin_rules() for p in rule.patterns}
    by_key = {pattern_key(p): p for p in patterns}
    assert kept, "anchors.json is empty"
    for key, sets in kept.items():
        if key in by_key:  # an entry for a pattern since changed is never used
            assert [sorted(words) for words in anchors(by_key[key])] == sets, by_key[key]


def test_a_pattern_not_kept_is_read_when_needed() -> None:
    pattern = compiled_pattern(r"\bplainly\s+new\s+wording\b")
    assert kept_anchors(pattern) == anchors(pattern.pattern)
    assert frozenset({"plainly"}) in kept_anchors(pattern)


def test_the_script_says_whether_the_file_is_up_to_date() -> None:
    script = ROOT / "scripts" / "update_language_anchors.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True)
    assert done.returncode == 0, done.stderr
