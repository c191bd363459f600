"""No personal data leaves a plan for the caseload tables or the report.

Every free-text and contact field of a generated caseload holds a unique marker (names,
contacts, statements, notes, list entries), the person's and the plan's ids hold one too, and
every date of birth is one rare day; then every value of every table (read back, so
decompressed) and every byte of the page and report.json is searched for them.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pq = pytest.importorskip("pyarrow.parquet", reason="the report extra (pyarrow) is not installed")
pytest.importorskip("duckdb", reason="the report extra (duckdb) is not installed")

import recoveryplan as rp  # noqa: E402
from recoveryplan.caseload import TABLES  # noqa: E402
from recoveryplan.testing import strategies  # noqa: E402

MARK = "QZX"
BIRTHDAY = date(1911, 11, 11)
TODAY = date(2026, 6, 30)

markers = st.integers(min_value=0, max_value=10**9).map(lambda n: f"{MARK}{n}xq")
marked_plans = st.lists(
    strategies.plans(text=markers, extension=st.just({}), max_goals=8, max_depth=3),
    min_size=1,
    max_size=4,
)


def _marked(plan: rp.Plan, n: int) -> rp.Plan:
    """The plan with its ids and birth date marked as well (they are not drawn as text)."""
    person = attrs.evolve(plan.person, id=f"{MARK}person{n}xq", date_of_birth=BIRTHDAY)
    return attrs.evolve(plan, id=f"{MARK}plan{n}xq", person=person)


def _texts_in(plan: rp.Plan) -> int:
    """How many markers a plan holds: the test means something only if there are some."""
    return rp.dumps(plan).count(MARK)


def _leaks(out: Path) -> list[str]:
    found = []
    for table in TABLES:
        rows = pq.read_table(out / "tables" / f"{table}.parquet").to_pylist()
        for row in rows:
            for column, value in row.items():
                if (isinstance(value, str) and MARK in value) or value == BIRTHDAY:
                    found.append(f"{table}.{column}")
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if MARK.encode() in data or BIRTHDAY.isoformat().encode() in data:
                found.append(str(path.relative_to(out)))
    return found


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(marked_plans)
def test_no_marker_from_a_plan_reaches_a_table_or_the_report(plans: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        marked = [_marked(plan, n) for n, plan in enumerate(plans)]
        for n, plan in enumerate(marked):
            rp.dump(plan, root / f"{n}.json")
        assert sum(_texts_in(plan) for plan in marked) >= 3 * len(marked)
        summary = rp.caseload_report(
            [root], root / "out", key=b"0123456789abcdef", today=TODAY, jobs=1
        )
        assert summary.plans == len(marked)
        assert _leaks(root / "out") == []


def test_the_reference_plan_leaves_no_name_contact_or_words(tmp_path: Path) -> None:
    """The same search with the reference plan's real-looking words, as a reader would try."""
    plan = rp.load(Path(rp.__file__).parent / "examples" / "morag.json")
    words = [plan.person.name, plan.person.id, plan.id]
    words += [member.name for member in plan.circle]
    words += [member.contact for member in plan.circle if member.contact]
    words += [outcome.statement for outcome in plan.outcomes]
    if plan.safety_plan is not None:
        words += [p.contact for p in plan.safety_plan.professionals]
    rp.dump(plan, tmp_path / "in.json")
    rp.caseload_report([tmp_path / "in.json"], tmp_path / "out", key=b"k" * 16, jobs=1)
    outputs = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    values = [
        str(value)
        for table in TABLES
        for row in pq.read_table(tmp_path / "out" / "tables" / f"{table}.parquet").to_pylist()
        for value in row.values()
    ]
    assert len(words) >= 6
    for word in words:
        assert all(word not in value for value in values), word
        for path in outputs:
            assert word.encode() not in path.read_bytes(), (word, path.name)
