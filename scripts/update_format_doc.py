"""Write the model's field tables into docs/format.md, between its marker comments.

Run after changing the model (``python scripts/update_format_doc.py``); the test suite fails
while the document and the model disagree. ``--check`` only reports whether they do.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docregions

from recoveryplan.schema import field_tables

DOC = Path(__file__).resolve().parents[1] / "docs" / "format.md"


REGIONS = {"fields": field_tables}


def updated(text: str) -> str:
    """The document with its generated region replaced by what the code says now."""
    return docregions.filled(DOC, text, REGIONS)


def main(argv: list[str] | None = None) -> int:
    return docregions.main(
        DOC, REGIONS, "the field tables are", argv, (__doc__ or "").splitlines()[0]
    )


if __name__ == "__main__":
    raise SystemExit(main())
