"""Write the forms of every ``@word`` the built-in language rules use into the package.

``src/recoveryplan/language/data/inflections.json`` keeps what lemminflect says for each of
them, so that no process that validates a plan has to load lemminflect's tables (about a
second). Run this after adding an ``@word`` to ``data/en.toml``
(``python scripts/update_language_inflections.py``); the tests fail while the file and
lemminflect disagree. ``--check`` only reports whether they do.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from recoveryplan.language import builtin_rules
from recoveryplan.language.inflect import lemminflect_forms, words_named

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "src" / "recoveryplan" / "language" / "data" / "inflections.json"


def table() -> str:
    """The file's text: every ``@word`` of the built-in rules, with its forms."""
    words = sorted(
        {word for rule in builtin_rules() for p in rule.patterns for word in words_named(p)}
    )
    return json.dumps({word: lemminflect_forms(word) for word in words}, indent=1) + "\n"


def main() -> None:
    wanted = table()
    if "--check" in sys.argv[1:]:
        if TABLE.read_text(encoding="utf-8") != wanted:
            raise SystemExit(f"{TABLE} is out of date: run {Path(__file__).name}")
        return
    TABLE.write_text(wanted, encoding="utf-8")


if __name__ == "__main__":
    main()
