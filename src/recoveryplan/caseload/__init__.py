"""Caseload evidence for the Scottish Recovery Indicator 2: a service's plans as pseudonymous
tables, the indicators as SQL over them, and one page for the service manager.

Only :mod:`recoveryplan.caseload.tables` is needed to turn a plan into rows; the report itself
needs the ``report`` extra (pyarrow and DuckDB), imported when a report is made.
"""

from __future__ import annotations

from .report import KEY_VARIABLE, MissingDependencyError, ReportSummary, caseload_report
from .tables import SCHEMA, TABLES, Keys, plan_rows

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
