"""The indicator SQL on Spark SQL: the same files over the same Parquet tables give the same
figures as DuckDB does, and Spark can write the tables itself from the library's rows.

Needs pyspark (the ``spark`` extra) and Java, and takes 60-90 s (pyspark 4.3, two cores), so
it runs only when asked for: ``make spark-test`` installs pyspark and runs this file with
``RECOVERYPLAN_SPARK_TESTS=1``. Elsewhere it is skipped, saying which of these is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow", reason="the report extra (pyarrow) is not installed")
pytest.importorskip("duckdb", reason="the report extra (duckdb) is not installed")
if not os.environ.get("RECOVERYPLAN_SPARK_TESTS"):
    pytest.skip(
        "the Spark tests take 60-90 s; run them with make spark-test", allow_module_level=True
    )
pytest.importorskip("pyspark", reason="pyspark is not installed (pip install '.[spark]')")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip(
        "Spark needs Java, and there is none on PATH or in JAVA_HOME", allow_module_level=True
    )

import recoveryplan as rp
from recoveryplan.caseload import (
    TABLES,
    indicators,
)
from recoveryplan.caseload.report import run_indicators

from ..support.caseload import KEY, SINCE, TODAY, write_caseload


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # Spark's Python workers must run this interpreter, where recoveryplan is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("recoveryplan-caseload-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("spark")
    write_caseload(folder / "plans", 48)
    rp.caseload_report([folder / "plans"], folder / "out", key=KEY, today=TODAY, since=SINCE)
    return folder / "plans", folder / "out"


def _spark_figures(spark: Any, tables: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    for table in TABLES:
        single = tables / f"{table}.parquet"
        source = single if single.exists() else tables / table
        spark.read.parquet(str(source)).createOrReplaceTempView(table)
    spark.sql(
        f"SELECT DATE '{TODAY.isoformat()}' AS today, DATE '{SINCE.isoformat()}' AS since"
    ).createOrReplaceTempView("report_params")
    figures = {
        name: {row[0]: int(row[1] or 0) for row in spark.sql(indicators.sql(name)).collect()}
        for name in indicators.names()
        if name != "trends"
    }
    trends: dict[str, dict[str, int]] = {}
    for month, measure, value in spark.sql(indicators.sql("trends")).collect():
        trends.setdefault(measure, {})[month] = int(value or 0)
    return figures, {m: dict(sorted(v.items())) for m, v in trends.items()}


def test_the_indicator_sql_gives_the_same_figures_on_spark(
    spark: Any, caseload: tuple[Path, Path]
) -> None:
    _, out = caseload
    report = json.loads((out / "report.json").read_text())
    figures, trends = _spark_figures(spark, out / "tables")
    assert figures == report["indicators"]
    assert trends == report["trends"]
    assert figures["strengths"]["plans"] == 48


def _docs_spark_example() -> str:
    """The Spark example in docs/caseload.md (shown there, not run by the docs test)."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "caseload.md"
    blocks = re.findall(r"^```python\n(.*?)^```", docs.read_text(encoding="utf-8"), re.M | re.S)
    found = [block for block in blocks if "SparkSession" in block]
    assert len(found) == 1, "docs/caseload.md should have one Spark example"
    return str(found[0])


def test_the_docs_spark_example_writes_tables_that_give_the_same_figures(
    spark: Any, caseload: tuple[Path, Path], tmp_path: Path
) -> None:
    """The path for a region's plans, as docs/caseload.md shows it: Spark calls the row
    extraction per plan and writes each table as a folder of parts; DuckDB and Spark then
    agree on that layout with the report DuckDB made from single files."""
    plans, out = caseload
    namespace: dict[str, Any] = {
        "secret": KEY,
        "destination": str(tmp_path / "tables"),
        "paths": sorted(str(path) for path in plans.rglob("*.json")),
        "__name__": "docs-spark-example",
    }
    exec(compile(_docs_spark_example(), "docs/caseload.md", "exec"), namespace)
    assert list((tmp_path / "tables" / "plans").glob("part-*.parquet"))
    duck_figures, duck_trends = run_indicators(tmp_path / "tables", today=TODAY, since=SINCE)
    report = json.loads((out / "report.json").read_text())
    assert duck_figures == report["indicators"]
    assert duck_trends == report["trends"]
    assert _spark_figures(spark, tmp_path / "tables") == (duck_figures, duck_trends)
