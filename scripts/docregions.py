"""Generated regions of the docs: what the code says, written between marker comments.

Each ``update_*_doc.py`` script names its document and its regions; this fills them in, and
with ``--check`` only says whether the document is out of date (the test suite fails while it
is). A region is the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``, each on a
line of its own.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path


def filled(doc: Path, text: str, regions: Mapping[str, Callable[[], str]]) -> str:
    """``text`` with every region replaced by what its function makes now."""
    for name, make in regions.items():
        region = re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.DOTALL)
        if not region.search(text):
            raise SystemExit(
                f"{doc}: no <!-- {name}:start --> ... <!-- {name}:end --> region; add the two "
                "marker comments, each on a line of its own, where it belongs"
            )
        made = make()
        text = region.sub(lambda found, made=made: f"{found[1]}\n{made}\n{found[3]}", text)
    return text


def main(
    doc: Path,
    regions: Mapping[str, Callable[[], str]],
    what: str,
    argv: Sequence[str] | None = None,
    description: str | None = None,
) -> int:
    """Update ``doc`` (or, with ``--check``, exit 1 when ``what`` in it is out of date);
    ``description`` is the script's docstring, whose first line ``--help`` shows."""
    parser = argparse.ArgumentParser(description=(description or "").split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    text = doc.read_text(encoding="utf-8")
    new = filled(doc, text, regions)
    if args.check:
        if new != text:
            print(f"{doc}: {what} out of date; run {sys.argv[0]}", file=sys.stderr)
            return 1
        return 0
    if new != text:
        doc.write_text(new, encoding="utf-8")
        print(f"updated {doc}")
    return 0
