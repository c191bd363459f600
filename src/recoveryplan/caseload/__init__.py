"""Caseload evidence for the Scottish Recovery Indicator 2: a service's plans as pseudonymous
tables, the indicators as SQL over them, and one page for the service manager.

Only :mod:`recoveryplan.caseload.tables` is needed to turn a plan into rows; the report itself
needs the ``report`` extra (pyarrow and DuckDB), imported when a report is made.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .tables import SCHEMA, TABLES, Keys, plan_rows

if TYPE_CHECKING:
    from .report import KEY_VARIABLE, MissingDependencyError, ReportSummary, caseload_report

__all__ = [
    "KEY_VARIABLE",
    "SCHEMA",
    "TABLES",
    "Keys",
    "MissingDependencyError",
    "ReportSummary",
    "caseload_report",
    "plan_rows",
]


_LAZY = frozenset({"KEY_VARIABLE", "MissingDependencyError", "ReportSummary", "caseload_report"})
"""The report's names, whose module (the batch machinery, the page's templates) loads on first
use: ``validate`` reads :mod:`recoveryplan.caseload.clashes` and should not pay for them."""


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(".report", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
