"""Write the anchors of every pattern of the built-in language rules into the package.

``src/recoveryplan/language/data/anchors.json`` keeps, for each pattern (as compiled, its
``@word`` forms spelled out; named by a digest of its text), the sets of whole words every
match of it needs (``recoveryplan.language.anchors``), so that no process that validates a
plan spends about a second reading them. Run this after changing ``data/en.toml``
(``python scripts/update_language_anchors.py``): a pattern missing from the file is read when
first needed, which is only slower; the tests fail while an entry differs from what the code
reads now. ``--check`` only reports whether the file is up to date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from recoveryplan.language import builtin_rules
from recoveryplan.language.anchors import anchors, pattern_key
from recoveryplan.language.rules import compiled_pattern

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "src" / "recoveryplan" / "language" / "data" / "anchors.json"


def table() -> str:
    """The file's text: every pattern of the built-in rules, with its anchors in order."""
    patterns = sorted(
        {compiled_pattern(p).pattern for rule in builtin_rules() for p in rule.patterns}
    )
    entries = sorted(
        (pattern_key(p), json.dumps([sorted(words) for words in anchors(p)])) for p in patterns
    )
    return "{\n" + ",\n".join(f'"{key}": {sets}' for key, sets in entries) + "\n}\n"


def main() -> None:
    wanted = table()
    if "--check" in sys.argv[1:]:
        if not TABLE.exists() or TABLE.read_text(encoding="utf-8") != wanted:
            raise SystemExit(f"{TABLE} is out of date: run {Path(__file__).name}")
        return
    TABLE.write_text(wanted, encoding="utf-8")


if __name__ == "__main__":
    main()
