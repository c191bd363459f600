"""The caseload report: plans to Parquet tables, the indicator SQL run on them by DuckDB, and
one accessible page for a service manager.

The steps are kept apart so each can be used alone: :class:`TableWriter` streams rows into
Parquet a batch at a time (memory stays flat however many plans there are),
:func:`run_indicators` runs the package's SQL over any folder of those tables, and
:func:`~recoveryplan.caseload.page.render_report` turns the figures into HTML. pyarrow and
DuckDB are imported only here and only when a report is made, so the library itself does not
need them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import attrs

from ..errors import MissingExtraError, PlanError, PlanFormatError, PlanReadError, PlanWriteError
from ..files import write_atomically
from ..plan import FORMAT
from ..serialize import load
from ..validate import validate
from . import indicators
from .page import INDICATORS, NOT_EVIDENCED, ReportSummary, render_report, report_json
from .reading import iter_plan_results
from .tables import SCHEMA, TABLES, Keys, Row, plan_rows

__all__ = [
    "BATCH_PLANS",
    "INDICATORS",
    "KEY_VARIABLE",
    "NOT_EVIDENCED",
    "MissingDependencyError",
    "ReportSummary",
    "TableWriter",
    "caseload_report",
    "render_report",
    "run_indicators",
]

KEY_VARIABLE: Final = "RECOVERYPLAN_REPORT_KEY"
"""The environment variable that can hold the service's report key."""

BATCH_PLANS: Final = 1000
"""Plans per Parquet row group: the most rows held in memory at once."""

DUCKDB_MEMORY: Final = "1GB"
"""The most memory DuckDB may use for the indicators (it spills to disk beyond it where it
can). The indicators need far less: no query groups the whole caseload by person, and at
100,000 plans the whole report peaks under 200 MiB (benchmarks/README.md)."""

Columns = dict[str, dict[str, list[Any]]]
"""Rows of every table as columns (table, then column, then values): what a worker sends
back, several times smaller than a dictionary per row, and what Parquet is written from."""


MissingDependencyError = MissingExtraError
"""pyarrow or DuckDB, which the caseload report needs, is not installed: the
:class:`~recoveryplan.errors.MissingExtraError` of the ``report`` extra, under its older name."""


def _need(module: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise MissingExtraError.needing(
            "the caseload report", "pyarrow and duckdb", "report"
        ) from None


class TableWriter:
    """Rows into ``folder/<table>.parquet``, one row group per batch of plans.

    Each file is written beside its final name and moved there when complete, so a reader
    never sees half a table; files are readable by their owner only, as the plans are.
    """

    def __init__(self, folder: Path, batch: int = BATCH_PLANS) -> None:
        self._pa = _need("pyarrow")
        self._pq = _need("pyarrow.parquet")
        pa = self._pa
        types = {"string": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "date": pa.date32()}
        self.folder = folder
        self.batch = batch
        self.schemas = {
            table: pa.schema([(name, types[kind]) for name, kind in columns])
            for table, columns in SCHEMA.items()
        }
        self._columns: Columns = {}
        self._writers: dict[str, Any] = {}
        self._pending = 0
        self._clear()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _clear(self) -> None:
        self._columns = {
            table: {name: [] for name, _ in columns} for table, columns in SCHEMA.items()
        }

    def partial(self, table: str) -> Path:
        return self.folder / f".{table}.parquet.partial"

    def add(self, columns: Columns) -> None:
        """One plan's rows, as :func:`as_columns` gives them."""
        for table, values in columns.items():
            held = self._columns[table]
            for name, column in values.items():
                held[name].extend(column)
        self._pending += 1
        if self._pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        for table in TABLES:
            columns = self._columns[table]
            if columns[SCHEMA[table][0][0]]:
                data = self._pa.Table.from_pydict(columns, schema=self.schemas[table])
                self._writer(table).write_table(data)
        self._clear()
        self._pending = 0

    def _writer(self, table: str) -> Any:
        if table not in self._writers:
            path = self.partial(table)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            sink = os.fdopen(descriptor, "wb")
            self._writers[table] = (
                self._pq.ParquetWriter(sink, self.schemas[table], compression="zstd"),
                sink,
            )
        return self._writers[table][0]

    def close(self) -> None:
        """Write what is left, and move every complete table to its name."""
        self.flush()
        for table in TABLES:
            self._writer(table)  # an empty table is still a table, with its columns
            writer, sink = self._writers.pop(table)
            writer.close()
            sink.close()
            os.replace(self.partial(table), self.folder / f"{table}.parquet")

    def abandon(self) -> None:
        for writer, sink in self._writers.values():
            writer.close()
            sink.close()
        for table in TABLES:
            self.partial(table).unlink(missing_ok=True)


@attrs.frozen
class _Extract:
    """The work done in each worker: one plan file to its rows, or why it could not be read.

    What is returned for a bad plan says what is wrong with the file, never what is in it.
    """

    keys: Keys
    today: date

    def __call__(self, path: Path) -> Columns | str:
        try:
            plan = load(path)
        except PlanFormatError as error:
            count = len(error.problems)
            return (
                f"not a valid {FORMAT} plan ({count} problem{'' if count == 1 else 's'}; "
                "recoveryplan validate says where)"
            )
        except PlanReadError as error:
            message = str(error)
            prefix = f"{path}: "
            return message[len(prefix) :] if message.startswith(prefix) else message
        except PlanError as error:
            return f"not a usable plan ({type(error).__name__})"
        return as_columns(plan_rows(plan, self.keys, validate(plan, today=self.today)))


def as_columns(rows: dict[str, list[Row]]) -> Columns:
    """A plan's rows (from :func:`plan_rows`) as columns."""
    return {
        table: {name: [row[name] for row in rows[table]] for name, _ in SCHEMA[table]}
        for table in TABLES
    }


def caseload_report(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    key: bytes | str,
    today: date | None = None,
    since: date | None = None,
    jobs: int | None = None,
    quiet: bool = True,
) -> ReportSummary:
    """Read a caseload and write ``out_dir/tables/*.parquet``, ``report.html`` and
    ``report.json``.

    ``paths`` are plan files and folders (searched recursively). ``key`` is the service's
    secret for the pseudonymous person and plan keys (at least 16 bytes; it is never
    written). The period is ``since`` to ``today`` inclusive (default: the year to today).
    Plans that cannot be read are skipped and listed in the summary's ``failed``.
    """
    secret = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    keys = Keys(secret)
    when = today if today is not None else date.today()
    start = since if since is not None else when - timedelta(days=365)
    if start > when:
        raise ValueError(f"the period starts ({start}) after it ends ({when})")
    out = Path(out_dir)
    try:
        writer = TableWriter(out / "tables")
    except OSError as error:
        raise PlanWriteError(
            f"{out}: the report cannot be written there ({error.strerror or error})"
        ) from None
    failed: list[tuple[str, str]] = []
    read = 0
    try:
        for path, result in iter_plan_results(paths, _Extract(keys, when), jobs=jobs, quiet=quiet):
            if isinstance(result, str):
                failed.append((str(path), result))
            else:
                writer.add(result)
                read += 1
    except BaseException:
        writer.abandon()
        raise
    writer.close()
    figures, trends = run_indicators(out / "tables", today=when, since=start)
    summary = ReportSummary(
        out_dir=out,
        today=when,
        since=start,
        plans=read,
        failed=tuple(failed),
        figures=figures,
        trends=trends,
    )
    write_atomically(out / "report.json", report_json(summary).encode("utf-8"))
    write_atomically(out / "report.html", render_report(summary).encode("utf-8"))
    return summary


def run_indicators(
    tables: str | os.PathLike[str], *, today: date, since: date
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Every indicator's measures, and the trends by month, from a folder of the tables.

    The folder holds ``<table>.parquet`` files or ``<table>/`` folders of parts.
    """
    duckdb = _need("duckdb")
    folder = Path(tables)
    # DuckDB would otherwise take up to 80% of the machine's memory, and spill where it is
    # run from: give it a bound, and a private folder (owner-only, removed after) to spill to.
    spill = tempfile.mkdtemp(prefix="recoveryplan-report-")
    connection = duckdb.connect(
        ":memory:",
        config={"memory_limit": DUCKDB_MEMORY, "temp_directory": spill},
    )
    try:
        for table in TABLES:
            source = folder / f"{table}.parquet"
            pattern = str(source) if source.exists() else str(folder / table / "*.parquet")
            quoted = pattern.replace("'", "''")
            connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{quoted}')")
        connection.execute(
            f"CREATE VIEW report_params AS SELECT DATE '{today.isoformat()}' AS today, "
            f"DATE '{since.isoformat()}' AS since"
        )
        figures: dict[str, dict[str, int]] = {}
        for name in indicators.names():
            if name == "trends":
                continue
            rows = connection.execute(indicators.sql(name)).fetchall()
            figures[name] = {str(measure): int(value or 0) for measure, value in rows}
        trends: dict[str, dict[str, int]] = {}
        for month, measure, value in connection.execute(indicators.sql("trends")).fetchall():
            trends.setdefault(str(measure), {})[str(month)] = int(value or 0)
    finally:
        connection.close()
        shutil.rmtree(spill, ignore_errors=True)
    return figures, {m: dict(sorted(by_month.items())) for m, by_month in trends.items()}
