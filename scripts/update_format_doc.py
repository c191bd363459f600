"""Write the model's field tables into docs/format.md, between its marker comments.

Run after changing the model (``python scripts/update_format_doc.py``); the test suite fails
while the document and the model disagree. ``--check`` only reports whether they do.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from recoveryplan.schema import field_tables

DOC = Path(__file__).resolve().parents[1] / "docs" / "format.md"
REGION = re.compile(r"(<!-- fields:start -->\n)(.*?)(<!-- fields:end -->)", re.DOTALL)


def updated(text: str) -> str:
    """The document with the region between the markers replaced by the current tables."""
    if not REGION.search(text):
        raise SystemExit(
            f"{DOC}: no <!-- fields:start --> ... <!-- fields:end --> region; add the two "
            "marker comments, each on a line of its own, where the tables belong"
        )
    return REGION.sub(lambda found: f"{found[1]}\n{field_tables()}\n{found[3]}", text, count=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    new = updated(text)
    if args.check:
        if new != text:
            print(f"{DOC}: the field tables are out of date; run {sys.argv[0]}", file=sys.stderr)
            return 1
        return 0
    if new != text:
        DOC.write_text(new, encoding="utf-8")
        print(f"updated {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
