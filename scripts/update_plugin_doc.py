"""Write the hook reference into docs/plugins.md, between its marker comments.

Run after changing ``src/recoveryplan/hookspecs.py`` (``python scripts/update_plugin_doc.py``);
the test suite fails while the document and the hook specifications disagree. ``--check`` only
reports whether they do.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from recoveryplan.plugins import hook_reference

DOC = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"
REGION = re.compile(r"(<!-- hooks:start -->\n)(.*?)(<!-- hooks:end -->)", re.DOTALL)


def updated(text: str) -> str:
    """The document with the region between the markers replaced by the current reference."""
    if not REGION.search(text):
        raise SystemExit(
            f"{DOC}: no <!-- hooks:start --> ... <!-- hooks:end --> region; add the two "
            "marker comments, each on a line of its own, where the reference belongs"
        )
    return REGION.sub(lambda found: f"{found[1]}\n{hook_reference()}\n{found[3]}", text, count=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    new = updated(text)
    if args.check:
        if new != text:
            print(f"{DOC}: the hook reference is out of date; run {sys.argv[0]}", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
