"""The reference plan and the day the tests are set on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import recoveryplan as rp

ROOT = Path(__file__).resolve().parents[2]
"""The project's root folder."""

REFERENCE = ROOT / ".." / "shared" / "examples" / "morag.json"
"""The reference plan in ``../shared``; :data:`BUNDLED` is the copy the package ships."""

BUNDLED = Path(rp.__file__).parent / "examples" / "morag.json"

TODAY = date(2026, 6, 2)
"""The day the tests treat as today: the day after the reference plan's last review."""
