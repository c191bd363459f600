"""The SRI 2 indicators that plans can evidence, each one SQL file over the caseload tables.

The SQL is the one definition of every figure: the report runs it on DuckDB, and an analyst
runs the same files on Spark SQL over the same Parquet tables. Each file returns rows of
``(measure, value)`` (``trends.sql``: ``(month, measure, value)``) and may read the one-row
view ``report_params`` with the columns ``today`` and ``since`` (dates): the period.
"""

from __future__ import annotations

from importlib.resources import files

__all__ = ["names", "sql"]


def names() -> list[str]:
    """Every indicator file's name without ``.sql``, ``trends`` last."""
    found = sorted(
        entry.name[:-4]
        for entry in files(__package__).iterdir()
        if entry.name.endswith(".sql") and entry.name != "trends.sql"
    )
    return [*found, "trends"]


def sql(name: str) -> str:
    """The text of one indicator's SQL."""
    return files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")
