"""Caseload evidence for the Scottish Recovery Indicator 2: a service's plans as pseudonymous
tables, the indicators as SQL over them, and one page for the service manager.

Only :mod:`recoveryplan.caseload.tables` is needed to turn a plan into rows; the report itself
needs the ``report`` extra (pyarrow and DuckDB), imported when a report is made.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import on_first_use
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


_LAZY = dict.fromkeys(
    ("KEY_VARIABLE", "MissingDependencyError", "ReportSummary", "caseload_report"), ".report"
)
"""The report's names, whose module (the batch machinery, the page's templates) loads on first
use: ``validate`` reads :mod:`recoveryplan.caseload.clashes` and should not pay for them."""


if not TYPE_CHECKING:  # type checkers see the names themselves, imported above
    __getattr__, __dir__ = on_first_use(__name__, _LAZY)
