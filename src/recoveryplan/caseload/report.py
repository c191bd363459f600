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
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import attrs

from ..batch import lost_message
from ..errors import (
    MissingExtraError,
    PlanError,
    PlanFormatError,
    PlanReadError,
    PlanWriteError,
    PluginError,
)
from ..files import write_atomically
from ..messages import gettext, ngettext
from ..plan import FORMAT
from ..serialize import load
from ..validate import validate
from . import indicators
from .clashes import Clash, ClashFinder
from .page import (
    CANNOT_BE_READ,
    HAS_ERRORS,
    INDICATORS,
    LEFT_OUT_REASONS,
    LOST,
    NOT_EVIDENCED,
    ReportSummary,
    render_report,
    report_json,
)
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
        raise MissingExtraError.needing("report") from None


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
        folder.chmod(0o700)

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

    def close(
        self, leave_out: frozenset[str] = frozenset(), people: frozenset[str] = frozenset()
    ) -> None:
        """Write what is left, and move every complete table to its name.

        ``leave_out`` are plan keys, and ``people`` person keys, whose rows must not be in
        the tables after all: plans found to clash with a later file only once their rows
        were written. Their rows are taken out a batch at a time, as the tables are moved
        into place.
        """
        self.flush()
        for table in TABLES:
            self._writer(table)  # an empty table is still a table, with its columns
            writer, sink = self._writers.pop(table)
            writer.close()
            sink.close()
        if people:
            leave_out = leave_out | self._plans_of(people)
        for table in TABLES:
            if leave_out:
                self._without(table, leave_out)
            os.replace(self.partial(table), self.folder / f"{table}.parquet")

    def _plans_of(self, people: frozenset[str]) -> frozenset[str]:
        """The plan keys of these people's plans, from the plans table as written."""
        compute = _need("pyarrow.compute")
        wanted = self._pa.array(sorted(people), type=self._pa.string())
        found: set[str] = set()
        for batch in self._pq.ParquetFile(self.partial("plans")).iter_batches(
            columns=["plan_key", "person_key"]
        ):
            theirs = batch.filter(compute.is_in(batch.column("person_key"), wanted))
            found.update(theirs.column("plan_key").to_pylist())
        return frozenset(found)

    def _without(self, table: str, plan_keys: frozenset[str]) -> None:
        """Rewrite one table's partial file without the rows of ``plan_keys``."""
        compute = _need("pyarrow.compute")
        source = self.partial(table)
        kept = self.folder / f".{table}.parquet.kept"
        dropped = self._pa.array(sorted(plan_keys), type=self._pa.string())
        descriptor = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as sink:
            writer = self._pq.ParquetWriter(sink, self.schemas[table], compression="zstd")
            try:
                for batch in self._pq.ParquetFile(source).iter_batches():
                    keep = compute.invert(compute.is_in(batch.column("plan_key"), dropped))
                    rows = batch.filter(keep)
                    if rows.num_rows:
                        writer.write_batch(rows)
            finally:
                writer.close()
        os.replace(kept, source)

    def abandon(self) -> None:
        for writer, sink in self._writers.values():
            writer.close()
            sink.close()
        for table in TABLES:
            self.partial(table).unlink(missing_ok=True)
            (self.folder / f".{table}.parquet.kept").unlink(missing_ok=True)


@attrs.frozen
class Extracted:
    """What a worker made of one plan file: its rows when it may be counted, or why not.

    ``keys`` (the plan's and the person's keyed hashes) are set whenever the file held a plan,
    valid or not, so that two files claiming one plan are found even when one of them has
    errors. ``reason`` says what is wrong with the file, never what is in it.
    """

    columns: Columns | None = None
    keys: tuple[str, str] | None = None
    why: str | None = None
    """``CANNOT_BE_READ``, ``HAS_ERRORS`` or ``LOST`` when the plan is left out."""
    reason: str | None = None


@attrs.frozen
class _Extract:
    """The work done in each worker: one plan file to its rows, or why it is left out.

    A plan is counted only when it validates without errors: the figures of a plan that does
    not (an unknown framework, a reference to nothing) would be wrong or meaningless.
    """

    keys: Keys
    today: date

    def __call__(self, path: Path) -> Extracted:
        try:
            plan = load(path)
        except PlanFormatError as error:
            count = len(error.problems)
            # Translators: %(format)s is the format's name (recoveryplan/1); keep "recoveryplan
            # validate", a command, as it is.
            return _unreadable(
                ngettext(
                    "not a valid %(format)s plan (%(count)s problem; recoveryplan validate says "
                    "where)",
                    "not a valid %(format)s plan (%(count)s problems; recoveryplan validate says "
                    "where)",
                    count,
                )
                % {"format": FORMAT, "count": count}
            )
        except PlanReadError as error:
            message = str(error)
            prefix = f"{path}: "
            return _unreadable(message[len(prefix) :] if message.startswith(prefix) else message)
        except PlanError as error:
            # What went wrong is said by kind, not in the error's own words (which may quote
            # the plan); validate, run by someone who may read the plan, says the rest.
            return _unreadable(
                gettext(
                    "not a usable plan: a plugin could not work with it; recoveryplan validate "
                    "says which and why"
                )
                if isinstance(error, PluginError)
                else gettext("not a usable plan; recoveryplan validate says why")
            )
        keys = (self.keys.plan(plan.id), self.keys.person(plan.person.id))
        findings = validate(plan, today=self.today)
        errors = sum(1 for finding in findings if finding.severity == "error")
        if errors:
            return Extracted(
                keys=keys,
                why=HAS_ERRORS,
                reason=ngettext(
                    "has %(count)s error (recoveryplan validate says where), so it is not counted",
                    "has %(count)s errors (recoveryplan validate says where), so it is not counted",
                    errors,
                )
                % {"count": errors},
            )
        return Extracted(columns=as_columns(plan_rows(plan, self.keys, findings)), keys=keys)

    def lost(self, path: Path, how: str) -> Extracted:
        """A plan whose worker process stopped while reading it, again when run on its own:
        named by its file and left out, and the other plans are counted."""
        return Extracted(why=LOST, reason=lost_message("reading", how))


def _unreadable(reason: str) -> Extracted:
    return Extracted(why=CANNOT_BE_READ, reason=reason)


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
    language: str | None = None,
) -> ReportSummary:
    """Read a caseload and write ``out_dir/tables/*.parquet``, ``report.html`` and
    ``report.json``.

    ``language`` (a BCP 47 tag) is the service manager's: ``report.html`` is in it once the
    pages' catalogue is complete for it, English until then (``report.json`` is for programs
    and always the same).

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
        # Translators: %(start)s and %(end)s are dates as the file writes them (2026-06-02).
        raise ValueError(
            gettext("the period starts (%(start)s) after it ends (%(end)s)")
            % {"start": start.isoformat(), "end": when.isoformat()}
        )
    out = Path(out_dir)
    try:
        _owner_only_folder(out)
        writer = TableWriter(out / "tables")
    except OSError as error:
        # Translators: %(folder)s is a path; %(reason)s is the operating system's own reason.
        raise PlanWriteError(
            gettext("%(folder)s: the report cannot be written there (%(reason)s)")
            % {"folder": out, "reason": error.strerror or error}
        ) from None
    tally = _Tally()
    try:
        extract = _Extract(keys, when)
        found = iter_plan_results(paths, extract, jobs=jobs, quiet=quiet, lost=extract.lost)
        for path, result in found:
            if tally.add(path, result) and result.columns is not None:
                writer.add(result.columns)
    except BaseException:
        writer.abandon()
        raise
    writer.close(
        leave_out=frozenset(tally.clashes.left_out_plans),
        people=frozenset(tally.clashes.left_out_people),
    )
    figures, trends = run_indicators(out / "tables", today=when, since=start)
    summary = ReportSummary(
        out_dir=out,
        today=when,
        since=start,
        plans=tally.counted,
        failed=tuple(tally.failed),
        figures=figures,
        trends=trends,
        files=tally.files,
        left_out=tuple(tally.left_out),
        clashes=tuple(tally.found),
        left_out_reasons=tally.reasons(),
    )
    for name, text in (
        ("report.json", report_json(summary)),
        ("report.html", render_report(summary, language)),
    ):
        write_atomically(out / name, text.encode("utf-8"))
        os.chmod(out / name, 0o600)  # a report written by an older version may be wider
    return summary


@attrs.define
class _Tally:
    """What the report made of each file, as the files come: counted, or left out and why.

    Files are known by their number in the order read; what is kept per file is one byte
    (whether its rows were written) and what the :class:`ClashFinder` keeps.
    """

    files: int = 0
    failed: list[tuple[str, str]] = attrs.field(factory=list)
    left_out: list[tuple[str, str]] = attrs.field(factory=list)
    clashes: ClashFinder = attrs.field(factory=ClashFinder)
    found: list[Clash] = attrs.field(factory=list)
    _why: Counter[str] = attrs.field(factory=Counter)
    """How many files were left out, for each reason but those that could not be read."""
    _written: bytearray = attrs.field(factory=bytearray)
    """For each file the finder was given, 1 when its rows were written (a clash found later
    still takes them out)."""

    def add(self, path: Path, result: Extracted) -> bool:
        """Note one file; ``False`` when it was read before and must not be counted again."""
        if result.keys is not None:
            clashes = self.clashes.add(path, *result.keys)
            self._written.append(result.columns is not None and clashes is not None)
            if clashes is None:
                return False
            self.found.extend(clashes)
        self.files += 1
        if result.why == CANNOT_BE_READ:
            self.failed.append((str(path), result.reason or ""))
        elif result.columns is None:
            self.left_out.append((str(path), result.reason or ""))
            self._why[result.why or HAS_ERRORS] += 1
        return True

    @property
    def counted(self) -> int:
        return sum(self._written) - sum(self._written[number] for number in self.clashes.left_out)

    def reasons(self) -> dict[str, int]:
        """How many files were left out for each reason; each file once, for the first
        reason found (a file that cannot be read has no id to clash with)."""
        counts = dict.fromkeys(LEFT_OUT_REASONS, 0)
        counts[CANNOT_BE_READ] = len(self.failed)
        counts.update(self._why)
        said: set[int] = set()
        for clash in self.found:
            for number in clash.files:
                if self._written[number] and number not in said:
                    said.add(number)
                    counts[clash.kind] += 1
        return counts


def _owner_only_folder(folder: Path) -> None:
    """Make the report's folder readable by its owner only.

    A new folder is made so; one that is already there is tightened only when it is empty or
    holds an earlier report, never a folder of other things that happened to be named.
    """
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        if not folder.is_dir():
            raise
        held = {entry.name for entry in folder.iterdir()}
        if not held or held & {"report.json", "report.html", "tables"}:
            folder.chmod(0o700)
    else:
        folder.chmod(0o700)  # whatever the umask took away, no more and no less


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
            sources = ", ".join(f"'{_literal(path)}'" for path in _table_files(folder, table))
            connection.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{sources}])")
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


def _table_files(folder: Path, table: str) -> list[Path]:
    """The Parquet file of one table, or the parts in its folder, listed here rather than by
    a pattern, so that the folder's own name is never read as one."""
    single = folder / f"{table}.parquet"
    if single.exists():
        return [single]
    parts = sorted(path for path in (folder / table).glob("*.parquet") if path.is_file())
    if not parts:
        # Translators: %(folder)s is a path; %(file)s and %(parts)s are a file's and a
        # folder's names, kept as they are.
        raise PlanReadError(
            gettext("%(folder)s: there is no %(file)s and no %(parts)s of parts")
            % {"folder": folder, "file": f"{table}.parquet", "parts": f"{table}/"}
        )
    return parts


def _literal(path: Path) -> str:
    """A path for DuckDB's ``read_parquet`` that matches that path alone, quoted for SQL.

    DuckDB reads every path as a pattern (``g[1]`` would be the folder ``g1``), so each
    character a pattern gives a meaning is put in a class of its own (``[[]``), which matches
    just that character whether or not it was special.
    """
    text = "".join(f"[{char}]" if char in "[]*?{}" else char for char in str(path))
    return text.replace("'", "''")
