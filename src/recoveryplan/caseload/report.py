"""The caseload report: plans to Parquet tables, the indicator SQL run on them by DuckDB, and
one accessible page for a service manager.

The steps are kept apart so each can be used alone: :class:`TableWriter` streams rows into
Parquet a batch at a time (memory stays flat however many plans there are),
:func:`run_indicators` runs the package's SQL over any folder of those tables, and
:func:`render_report` turns the figures into HTML. pyarrow and DuckDB are imported only here
and only when a report is made, so the library itself does not need them.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
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


@attrs.frozen(kw_only=True)
class Figure:
    """One number shown for an indicator: ``measure`` out of ``of`` (a count of what)."""

    measure: str
    of: str | None
    label: str
    lower_is_better: bool = False


@attrs.frozen(kw_only=True)
class Indicator:
    """How the report shows one indicator file's measures, and what they mean."""

    name: str
    title: str
    sri: tuple[str, ...]
    figures: tuple[Figure, ...]
    means: str
    improve: str


INDICATORS: Final = (
    Indicator(
        name="strengths",
        title="Strengths recorded and put first",
        sri=("The service is strength based",),
        figures=(
            Figure(measure="with_strengths", of="plans", label="plans recording strengths"),
            Figure(measure="strengths_first", of="plans", label="plans that start with one"),
        ),
        means="A strength-based assessment starts from what the person can do and what helps "
        "them; a plan without strengths starts from what is wrong.",
        improve="Begin each assessment conversation with what the person is good at and what "
        "helps, and record it first.",
    ),
    Indicator(
        name="outcomes",
        title="Outcomes in the person's own words",
        sri=("Goals are identified and addressed", "Personalised services are provided"),
        figures=(
            Figure(
                measure="based_on_person",
                of="outcomes",
                label="outcomes based on what the person said",
            ),
            Figure(measure="with_small_goals", of="outcomes", label="outcomes with small goals"),
        ),
        means="An outcome grown from the person's own hopes and needs is theirs; small goals "
        "let progress be seen along the way.",
        improve="Link each outcome to what the person said in the assessment, and agree the "
        "first small steps towards it together.",
    ),
    Indicator(
        name="small_goals",
        title="Small goals achieved and celebrated",
        sri=("Goals are identified and addressed",),
        figures=(
            Figure(
                measure="celebrated",
                of="achieved",
                label="small goals achieved in the period with a celebration",
            ),
            Figure(
                measure="plans_with_achievement",
                of="plans",
                label="plans with a small goal achieved in the period",
            ),
            Figure(
                measure="open_overdue",
                of="open",
                label="open small goals past their due date",
                lower_is_better=True,
            ),
        ),
        means="Progress acknowledged as it happens keeps hope going; an overdue goal may "
        "need a smaller first step or a new date.",
        improve="Agree with each person how they will mark achieving a small goal, and look "
        "at overdue goals together at the next meeting.",
    ),
    Indicator(
        name="reviews",
        title="People at their own reviews",
        sri=("The service promotes and acts on service-user involvement",),
        figures=(
            Figure(
                measure="person_present",
                of="reviews",
                label="reviews in the period the person came to",
            ),
            Figure(measure="plans_reviewed", of="plans", label="plans reviewed in the period"),
        ),
        means="People who develop and review their own plans own them; a review held without "
        "the person is a review about them.",
        improve="Hold reviews when and where the person can come, and record that they did.",
    ),
    Indicator(
        name="carers",
        title="Informal carers involved",
        sri=("Informal carers are involved",),
        figures=(
            Figure(
                measure="plans_with_carers",
                of="plans",
                label="plans with family, a friend or a carer in the circle",
            ),
            Figure(
                measure="carers_with_consent",
                of="carers",
                label="informal carers the person agreed to share with",
            ),
            Figure(
                measure="reviews_with_carers",
                of="reviews",
                label="reviews in the period with an informal carer there",
            ),
            Figure(
                measure="carer_needs_answered",
                of="carer_needs",
                label="needs carers raised that an outcome answers",
            ),
        ),
        means="Every service found involving families and friends hard; the person's consent "
        "decides what they see.",
        improve="Ask each person who matters to them, record them in the circle, and ask "
        "whether they would like them at reviews.",
    ),
    Indicator(
        name="safety",
        title="Safety plans in place and complete",
        sri=("The service encourages advance planning and self-management",),
        figures=(
            Figure(measure="with_safety_plan", of="plans", label="plans with a safety plan"),
            Figure(measure="complete", of="plans", label="plans with a complete safety plan"),
        ),
        means="A complete safety plan has all six steps and the person's reasons for living: "
        "what they do themselves when things get hard.",
        improve="Fill the missing steps with the person, in their words, starting from what "
        "already helps them cope.",
    ),
    Indicator(
        name="risk",
        title="Positive risk plans, defensible and reviewed",
        sri=(
            "The service encourages advance planning and self-management",
            "Personalised services are provided",
        ),
        figures=(
            Figure(
                measure="defensible",
                of="risk_plans",
                label="risk plans with every element of a defensible decision",
            ),
            Figure(
                measure="review_overdue",
                of="risk_plans",
                label="risk plans past their review date",
                lower_is_better=True,
            ),
        ),
        means="A defensible decision records the benefits, concerns and safeguards, the "
        "person's view and capacity, the contingency, who agreed and when it is looked at "
        "again.",
        improve="Complete the missing elements with the person, and set and keep a review date.",
    ),
    Indicator(
        name="ratings",
        title="The person's own ratings over time",
        sri=("Practice is recovery focused",),
        figures=(
            Figure(
                measure="people_rating",
                of="people",
                label="people who have rated their own progress",
            ),
            Figure(
                measure="series_rising",
                of="series",
                label="rated domains where the latest rating is above the first",
            ),
        ),
        means="The person's own view of how things are going, across the caseload.",
        improve="Invite people to rate the domains at each review, so that their journey can "
        "be seen.",
    ),
    Indicator(
        name="language",
        title="Recovery language",
        sri=("Practice is recovery focused",),
        figures=(
            Figure(
                measure="plans_with_language_notes",
                of="plans",
                label="plans with words the language check suggests reconsidering",
                lower_is_better=True,
            ),
        ),
        means="Words shape what a plan expects: what the person can do rather than what they "
        "can't, doing with people rather than for them.",
        improve="Look at the language notes with the team (recoveryplan validate lists them) "
        "and rewrite together.",
    ),
    Indicator(
        name="overdue",
        title="Plan reviews on time",
        sri=("The service promotes and acts on service-user involvement",),
        figures=(
            Figure(measure="with_review_date", of="plans", label="plans with a next review date"),
            Figure(
                measure="review_overdue",
                of="plans",
                label="plans past their review date",
                lower_is_better=True,
            ),
        ),
        means="A plan past its review date may no longer say what the person wants now.",
        improve="Set the next review at each review, and hold the overdue ones first.",
    ),
)
"""The indicators, in the order the report shows them (one per SQL file but ``trends``)."""

NOT_EVIDENCED: Final = (
    (
        "Staff are supported and valued",
        "needs conversations with the people providing the service, not plans.",
    ),
    (
        "The service promotes social inclusion",
        "needs service information and conversations about life beyond the service.",
    ),
    (
        "Basic needs are identified and addressed",
        "plans record needs, but not whether housing, money or health needs were met.",
    ),
)
"""SRI 2 indicators the plans cannot evidence, and what would."""

TRENDS: Final = (
    ("goals_achieved", "Small goals achieved"),
    ("reviews", "Reviews held"),
    ("person_present", "Reviews the person came to"),
    ("ratings", "Own ratings given"),
)


@attrs.frozen(kw_only=True)
class ReportSummary:
    """What :func:`caseload_report` made: how many plans, which failed, and every figure."""

    out_dir: Path
    today: date
    since: date
    plans: int
    failed: tuple[tuple[str, str], ...]
    figures: Mapping[str, Mapping[str, int]]
    trends: Mapping[str, Mapping[str, int]]

    @property
    def ok(self) -> bool:
        return not self.failed


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
    write_atomically(out / "report.json", _json(summary).encode("utf-8"))
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


def _json(summary: ReportSummary) -> str:
    """The figures for scripts and tests; no paths (a file name can be a person's name)."""
    return json.dumps(
        {
            "today": summary.today.isoformat(),
            "since": summary.since.isoformat(),
            "plans": summary.plans,
            "plans_failed": len(summary.failed),
            "indicators": summary.figures,
            "trends": summary.trends,
        },
        indent=2,
        sort_keys=True,
    )


def render_report(summary: ReportSummary) -> str:
    """The service manager's page: one section per indicator, then what plans cannot show."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    environment = Environment(
        loader=PackageLoader("recoveryplan.caseload", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    sections = []
    for indicator in INDICATORS:
        values = summary.figures.get(indicator.name, {})
        sections.append(
            {
                "indicator": indicator,
                "figures": [_figure(figure, values) for figure in indicator.figures],
            }
        )
    months = sorted({month for series in summary.trends.values() for month in series})
    trends: list[dict[str, Any]] = []
    for measure, label in TRENDS:
        series = [summary.trends.get(measure, {}).get(month, 0) for month in months]
        trends.append(
            {"measure": measure, "label": label, "values": series, "points": _points(series)}
        )
    return environment.get_template("report.html.j2").render(
        summary=summary,
        sections=sections,
        not_evidenced=NOT_EVIDENCED,
        months=months,
        trends=trends,
    )


def _figure(figure: Figure, values: Mapping[str, int]) -> dict[str, Any]:
    value = values.get(figure.measure, 0)
    total = values.get(figure.of, 0) if figure.of is not None else None
    percent = round(100 * value / total) if total else None
    if total is None:
        text = f"{value} {figure.label}"
    else:
        noun = (figure.of or "").replace("_", " ")
        text = (
            f"{figure.label} ({value} of {total} {noun})"
            if total
            else f"{figure.label}: none to count, as there are no {noun}"
        )
    return {
        "figure": figure,
        "value": value,
        "total": total,
        "percent": percent,
        "text": text,
    }


def _points(values: list[int]) -> str:
    """An SVG polyline's points for a small line chart 300 wide and 80 high."""
    if len(values) < 2:
        return ""
    top = max(values) or 1
    step = 300 / (len(values) - 1)
    return " ".join(
        f"{round(i * step, 1)},{round(75 - 70 * value / top, 1)}" for i, value in enumerate(values)
    )
