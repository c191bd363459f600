"""Built-in checks (practice)."""

from __future__ import annotations

from datetime import date

from ..findings import Finding
from ..frameworks import Framework
from ..hookspecs import hookimpl
from ..plan import Plan


@hookimpl
def validate_plan(plan: Plan, framework: Framework | None, today: date) -> list[Finding]:
    return []
