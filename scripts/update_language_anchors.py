"""Write the anchors and screens of every pattern of the built-in language rules into the package,
and the rules themselves as JSON.

``src/recoveryplan/language/data/anchors.json`` keeps, for each pattern (as compiled, its
``@word`` forms spelled out; named by a digest of its text), the sets of whole words every
match of it needs (``recoveryplan.language.anchors``), and ``data/screens.json`` the sets of
literal text it needs (``recoveryplan.language.screen.screen_texts``), so that no process that
validates a plan spends about a second reading each; ``data/en.json`` keeps ``data/en.toml``
parsed, with a digest of the text it was parsed from (read in C, where the TOML took a tenth of
a second; a file written from another text is not used). Run this after changing ``data/en.toml``
(``python scripts/update_language_anchors.py``): a pattern missing from a file is read when
first needed, which is only slower; the tests fail while an entry differs from what the code
reads now. ``--check`` only reports whether the files are up to date.
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Callable, Iterable
from pathlib import Path

from recoveryplan.language import builtin_rules
from recoveryplan.language.anchors import anchors, pattern_key
from recoveryplan.language.rules import compiled_pattern, source_digest
from recoveryplan.language.screen import screen_texts

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "recoveryplan" / "language" / "data"
TABLE = DATA / "anchors.json"
SCREENS = DATA / "screens.json"
RULES = DATA / "en.toml"
PARSED = DATA / "en.json"


def table(read: Callable[[str], Iterable[frozenset[str]]] = anchors) -> str:
    """A file's text: every pattern of the built-in rules, with what ``read`` finds in it in
    order (its anchors, or with ``screen_texts`` its screen)."""
    patterns = sorted(
        {compiled_pattern(p).pattern for rule in builtin_rules() for p in rule.patterns}
    )
    entries = sorted(
        (pattern_key(p), json.dumps([sorted(words) for words in read(p)])) for p in patterns
    )
    return "{\n" + ",\n".join(f'"{key}": {sets}' for key, sets in entries) + "\n}\n"


def parsed() -> str:
    """``data/en.json``'s text: the rules as parsed, and the digest of the text parsed."""
    text = RULES.read_text(encoding="utf-8")
    document = {"source": source_digest(text), "document": tomllib.loads(text)}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def main() -> None:
    wanted = {TABLE: table(), SCREENS: table(screen_texts), PARSED: parsed()}
    if "--check" in sys.argv[1:]:
        for path, text in wanted.items():
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise SystemExit(f"{path} is out of date: run {Path(__file__).name}")
        return
    for path, text in wanted.items():
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
