"""Write the hook reference into docs/plugins.md, between its marker comments.

Run after changing ``src/recoveryplan/hookspecs.py`` (``python scripts/update_plugin_doc.py``);
the test suite fails while the document and the hook specifications disagree. ``--check`` only
reports whether they do.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import docregions

from recoveryplan.plugins import hook_reference

DOC = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"


REGIONS = {"hooks": hook_reference}


def updated(text: str) -> str:
    """The document with its generated region replaced by what the code says now."""
    return docregions.filled(DOC, text, REGIONS)


def main(argv: list[str] | None = None) -> int:
    return docregions.main(
        DOC, REGIONS, "the hook reference is", argv, (__doc__ or "").splitlines()[0]
    )


if __name__ == "__main__":
    raise SystemExit(main())
