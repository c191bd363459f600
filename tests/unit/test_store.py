"""The plan store, one suite run against SQLite and against a real PostgreSQL server.

The PostgreSQL server is started for the session (``tests/support/postgres.py``); without
Debian's postgresql package those cases skip. The concurrency and kill tests run with small
counts here and with the issue's full counts (8 processes x 200 saves) when
``RECOVERYPLAN_SLOW_TESTS=1`` (``make slow-test``, which CI runs).
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import attrs
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import recoveryplan as rp
from recoveryplan.errors import StoreError, UnknownPlanError
from recoveryplan.messages import speaking
from recoveryplan.store import database
from recoveryplan.store.schema import METADATA, VERSION_TABLE

from ..support.digest import canonical_digest
from ..support.postgres import new_database
from ..support.reference import ROOT

SLOW = bool(os.environ.get("RECOVERYPLAN_SLOW_TESTS"))
WORKER = ["-m", "tests.support.store_worker"]
"""Run as a module from the project root: as a script, tests/support would shadow the
standard library's html."""


@pytest.fixture(params=["sqlite", "postgresql"])
def address(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store's address on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "plans.db")
    server: str = request.getfixturevalue("postgres_server")
    return new_database(server)


@pytest.fixture
def store(address: str) -> Iterator[database.Store]:
    with rp.open_store(address) as opened:
        yield opened


def renamed(plan: rp.Plan, name: str) -> rp.Plan:
    return attrs.evolve(plan, person=attrs.evolve(plan.person, preferred_name=name))


# -- saving and reading ----------------------------------------------------------------------


def test_a_new_plan_is_revision_one(store: database.Store, morag: rp.Plan) -> None:
    before = datetime.now(UTC)
    saved = store.save(morag, by="james", why="Review on 1 June", base=None)
    assert (saved.number, saved.by, saved.why) == (1, "james", "Review on 1 June")
    assert saved.at.tzinfo is not None
    assert saved.at.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= saved.at <= datetime.now(UTC) + timedelta(seconds=1)
    assert saved.fingerprint == canonical_digest(morag)
    plan, latest = store.latest(morag.id)
    assert plan == morag
    assert latest == saved


def test_each_save_appends_the_next_number(store: database.Store, morag: rp.Plan) -> None:
    first = store.save(morag, by="james", why="first", base=None)
    second = store.save(renamed(morag, "Mo"), by="person", why="my name", base=first.number)
    third = store.save(renamed(morag, "Morag"), by="staff-0042", why="back", base=second.number)
    assert [r.number for r in store.history(morag.id)] == [1, 2, 3]
    assert [r.by for r in store.history(morag.id)] == ["james", "person", "staff-0042"]
    assert store.history(morag.id)[-1] == third
    assert store.at(morag.id, 1) == morag
    assert store.at(morag.id, 2).person.preferred_name == "Mo"
    assert store.latest(morag.id)[0].person.preferred_name == "Morag"
    assert second.fingerprint != first.fingerprint


def test_a_stale_base_is_a_conflict_and_stores_nothing(
    store: database.Store, morag: rp.Plan
) -> None:
    store.save(morag, by="james", why="first", base=None)
    store.save(renamed(morag, "Mo"), by="person", why="mine", base=1)
    with pytest.raises(rp.ConflictError) as raised:
        store.save(renamed(morag, "M"), by="james", why="late", base=1)
    assert isinstance(raised.value, rp.PlanError)
    assert (raised.value.plan_id, raised.value.base, raised.value.latest) == (morag.id, 1, 2)
    assert "base=2" in str(raised.value)
    assert [r.why for r in store.history(morag.id)] == ["first", "mine"]


def test_saving_a_known_plan_as_new_is_a_conflict(store: database.Store, morag: rp.Plan) -> None:
    store.save(morag, by="james", why="first", base=None)
    with pytest.raises(rp.ConflictError, match="already in the store"):
        store.save(morag, by="eilidh", why="again", base=None)
    with pytest.raises(rp.ConflictError, match="no revisions"):
        store.save(attrs.evolve(morag, id="plan-other"), by="james", why="x", base=3)
    assert len(store.history(morag.id)) == 1
    assert store.plans() == [morag.id]


def test_plans_lists_every_plan(store: database.Store, morag: rp.Plan) -> None:
    assert store.plans() == []
    for plan_id in ("plan-b", "plan-a", "plan-c"):
        store.save(attrs.evolve(morag, id=plan_id), by="james", why="new", base=None)
    assert store.plans() == ["plan-a", "plan-b", "plan-c"]


def test_unknown_ids_and_revisions_are_plan_errors(store: database.Store, morag: rp.Plan) -> None:
    for call in (
        lambda: store.latest("plan-nobody"),
        lambda: store.history("plan-nobody"),
        lambda: store.at("plan-nobody", 1),
        lambda: store.disclosures("plan-nobody"),
    ):
        with pytest.raises(UnknownPlanError, match="plan-nobody") as raised:
            call()
        assert isinstance(raised.value, rp.PlanError)
    store.save(morag, by="james", why="first", base=None)
    with pytest.raises(UnknownPlanError, match=r"no revision 7.*1 to 1"):
        store.at(morag.id, 7)


def test_at_a_date_is_the_plan_at_the_end_of_that_day(
    store: database.Store, morag: rp.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    times = iter(
        [
            datetime(2026, 5, 1, 9, 0, tzinfo=UTC),
            datetime(2026, 5, 1, 23, 59, 59, tzinfo=UTC),
            datetime(2026, 5, 3, 0, 0, tzinfo=UTC),
        ]
    )
    monkeypatch.setattr(database, "_now", lambda: next(times))
    store.save(morag, by="james", why="one", base=None)
    store.save(renamed(morag, "Two"), by="james", why="two", base=1)
    store.save(renamed(morag, "Three"), by="james", why="three", base=2)
    assert store.at(morag.id, date(2026, 5, 1)).person.preferred_name == "Two"
    assert store.at(morag.id, date(2026, 5, 2)).person.preferred_name == "Two"
    assert store.at(morag.id, date(2026, 5, 3)).person.preferred_name == "Three"
    assert store.at(morag.id, date(2027, 1, 1)).person.preferred_name == "Three"
    moment = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    assert store.at(morag.id, moment) == morag
    with pytest.raises(UnknownPlanError, match="on or before 2026-04-30"):
        store.at(morag.id, date(2026, 4, 30))
    with pytest.raises(rp.PlanValueError, match="time zone"):
        store.at(morag.id, datetime(2026, 5, 1, 10, 0))
    assert next(r.at for r in store.history(morag.id)) == datetime(2026, 5, 1, 9, tzinfo=UTC)


def test_bad_arguments_say_what_is_wrong(store: database.Store, morag: rp.Plan) -> None:
    with pytest.raises(rp.PlanValueError, match="who is saving"):
        store.save(morag, by="  ", why="x", base=None)
    with pytest.raises(rp.PlanValueError, match="revision number"):
        store.save(morag, by="james", why="x", base=0)
    with pytest.raises(TypeError, match="Plan"):
        store.save(rp.to_data(morag), by="james", why="x", base=None)  # type: ignore[arg-type]
    assert store.plans() == []


# -- the database ----------------------------------------------------------------------------


def test_numbers_come_back_as_the_same_numbers(store: database.Store, morag: rp.Plan) -> None:
    """jsonb keeps numbers as numeric, which would give 6.1e16 back as an integer."""
    numbers = {"big": 6.135805351699769e16, "small": 1e-7, "whole": 2.0, "huge": 10**20}
    plan = attrs.evolve(morag, extensions={"org.example": numbers})
    saved = store.save(plan, by="james", why="numbers", base=None)
    back = store.latest(plan.id)[0]
    assert back == plan
    kept = back.extensions["org.example"]
    assert {key: type(value) for key, value in kept.items()} == {
        "big": float,
        "small": float,
        "whole": float,
        "huge": int,
    }
    assert canonical_digest(back) == saved.fingerprint


def test_documents_are_json_the_database_can_query(
    store: database.Store, address: str, morag: rp.Plan
) -> None:
    store.save(morag, by="james", why="first", base=None)
    engine = sa.create_engine(
        address.replace("postgresql://", "postgresql+psycopg://")
        if address.startswith("postgresql")
        else f"sqlite:///{address}"
    )
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            query = "SELECT json_extract(document, '$.id') FROM recoveryplan_revisions"
        else:
            kind = connection.execute(
                sa.text(
                    "SELECT data_type FROM information_schema.columns WHERE "
                    "table_name = 'recoveryplan_revisions' AND column_name = 'document'"
                )
            ).scalar_one()
            assert kind == "jsonb"
            query = "SELECT document->>'id' FROM recoveryplan_revisions"
        assert connection.execute(sa.text(query)).scalar_one() == morag.id
    engine.dispose()


def test_the_migrations_make_the_schema_the_code_uses(store: database.Store, address: str) -> None:
    engine = sa.create_engine(
        address.replace("postgresql://", "postgresql+psycopg://")
        if address.startswith("postgresql")
        else f"sqlite:///{address}"
    )
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
        )
        assert compare_metadata(context, METADATA) == []
    engine.dispose()


def test_a_store_opens_again_with_what_it_held(address: str, morag: rp.Plan) -> None:
    with rp.open_store(address) as first:
        first.save(morag, by="james", why="first", base=None)
    with rp.open_store(address) as again:
        assert again.latest(morag.id)[0] == morag


def test_a_store_from_a_newer_library_is_refused(address: str) -> None:
    rp.open_store(address).close()
    engine = sa.create_engine(
        address.replace("postgresql://", "postgresql+psycopg://")
        if address.startswith("postgresql")
        else f"sqlite:///{address}"
    )
    with engine.begin() as connection:
        connection.execute(sa.text(f"UPDATE {VERSION_TABLE} SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer version of recoveryplan"):
        rp.open_store(address)


def test_a_new_sqlite_store_is_private(tmp_path: Path, morag: rp.Plan) -> None:
    path = tmp_path / "plans.db"
    with rp.open_store(path) as store:
        store.save(morag, by="james", why="first", base=None)
        made = sorted(tmp_path.iterdir())
        assert [p.name for p in made] == ["plans.db", "plans.db-shm", "plans.db-wal"]
        assert {stat.S_IMODE(p.stat().st_mode) for p in made} == {0o600}


def test_addresses_that_are_not_stores_say_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        rp.open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(StoreError, match="is a folder"):
        rp.open_store(tmp_path)
    with pytest.raises(StoreError, match="not an address the plan store knows"):
        rp.open_store("mysql://somewhere/plans")
    with pytest.raises(StoreError, match="could not be opened"):
        rp.open_store("postgresql://nobody@127.0.0.1:1/none")
    (tmp_path / "plan.json").write_text('{"format": "recoveryplan/1"}', encoding="utf-8")
    with pytest.raises(StoreError, match=r"plan\.json: the store could not be opened"):
        rp.open_store(tmp_path / "plan.json")
    with pytest.raises(StoreError, match="not a PostgreSQL address"):
        rp.open_store("postgresql://nobody@somewhere:port/plans")  # the port is no number


def test_the_store_speaks_the_readers_language_with_its_plurals(
    tmp_path: Path, morag: rp.Plan
) -> None:
    """The shipped catalogues, not the pseudo-locale: how many plans a store holds takes the
    language's own plural form (Polish "2 plany", "5 planów")."""
    store = rp.open_store(tmp_path / "plans.db")
    told: dict[int, str] = {}
    for count in range(1, 6):
        store.save(attrs.evolve(morag, id=f"plan-{count}"), by="james", why="new", base=None)
        with speaking("pl"), pytest.raises(UnknownPlanError) as raised:
            store.latest("plan-nobody")
        told[count] = str(raised.value)
    assert "'plan-nobody'" in told[1]
    assert "'recoveryplan store plans'" in told[1]
    assert "jest w nim 1 plan;" in told[1]
    assert "są w nim 2 plany;" in told[2]
    assert "jest w nim 5 planów;" in told[5]
    with speaking("cy"), pytest.raises(StoreError) as refused:
        rp.open_store(tmp_path / "missing.db", create=False)
    assert str(refused.value) == (
        f"{tmp_path / 'missing.db'}: does dim storfa o'r fath (mae cadw cynllun iddi yn ei chreu)"
    )
    with pytest.raises(UnknownPlanError, match=r"\(5 plans in it;"):
        store.latest("plan-nobody")  # and English outside


# -- who saw what ----------------------------------------------------------------------------


def test_each_copy_rendered_from_the_store_is_recorded(
    store: database.Store, morag: rp.Plan
) -> None:
    store.save(morag, by="james", why="first", base=None)
    member = next(d for d in rp.audience.disclosures(morag) if d.kind == "member")
    text = store.render(morag.id, "staff", "txt", by="james", today=date(2026, 6, 2))
    assert text == rp.render(morag, "staff", "txt", today=date(2026, 6, 2))
    store.render(morag.id, member.reader, "html", by="james", today=date(2026, 6, 2))
    records = store.disclosures(morag.id)
    assert [(r.reader, r.view, r.by, r.revision) for r in records] == [
        ("staff", "plan", "james", 1),
        (member.reader, "plan", "james", 1),
    ]
    assert records[0].sections == tuple(rp.Section)
    assert records[1].sections == member.sections
    assert records[1].at.tzinfo is not None
    assert store.disclosures(morag.id, reader=member.reader) == [records[1]]


def test_a_copy_refused_for_consent_is_not_recorded(store: database.Store, morag: rp.Plan) -> None:
    store.save(morag, by="james", why="first", base=None)
    member = next(d for d in rp.audience.disclosures(morag) if d.kind == "member")
    refused = next(view for view in rp.audience.VIEW_SECTIONS if view not in member.views)
    with pytest.raises(rp.ConsentError):
        store.render(morag.id, member.reader, "html", view=refused, by="james")
    with pytest.raises(rp.ConsentError):
        store.record_disclosure(morag.id, member.reader, view=refused, by="james")
    assert store.disclosures(morag.id) == []
    recorded = store.record_disclosure(morag.id, "person", view="crisis-card", by="person")
    assert store.disclosures(morag.id) == [recorded]


def test_the_disclosure_log_holds_no_plan_content(
    store: database.Store, address: str, morag: rp.Plan
) -> None:
    store.save(morag, by="james", why="first", base=None)
    store.render(morag.id, "person", "md", by="james", view="safety-plan")
    engine = sa.create_engine(
        address.replace("postgresql://", "postgresql+psycopg://")
        if address.startswith("postgresql")
        else f"sqlite:///{address}"
    )
    with engine.connect() as connection:
        row = connection.execute(sa.text("SELECT * FROM recoveryplan_disclosures")).one()
    engine.dispose()
    written = json.dumps([str(value) for value in row])
    for words in (morag.person.name, morag.person.called, *(m.name for m in morag.circle)):
        assert words not in written
    assert set(row._mapping) == {
        "id",
        "plan_id",
        "revision",
        "reader",
        "sections",
        "view",
        "disclosed_at",
        "disclosed_by",
    }


# -- under load and under faults -------------------------------------------------------------


def test_concurrent_saves_never_lose_an_update(address: str, morag: rp.Plan) -> None:
    """Several processes save to one plan at once: every save is stored or refused with a
    conflict (and then redone), numbers run 1..N, and every acknowledged save is there."""
    processes, saves = (8, 200) if SLOW else (4, 15)
    with rp.open_store(address) as store:
        store.save(morag, by="james", why="start", base=None)
    workers = [
        subprocess.Popen(
            [sys.executable, *WORKER, "race", address, morag.id, str(worker), str(saves)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(processes)
    ]
    acknowledged: dict[int, str] = {}
    for process in workers:
        out, err = process.communicate(timeout=900)
        assert process.returncode == 0, err
        for line in out.splitlines():
            if line.startswith("saved "):
                _, worker, index, number = line.split()
                assert int(number) not in acknowledged, f"revision {number} acknowledged twice"
                acknowledged[int(number)] = f"w{worker}-{index}"
    with rp.open_store(address) as store:
        history = store.history(morag.id)
        total = processes * saves + 1
        assert [r.number for r in history] == list(range(1, total + 1))
        assert len(acknowledged) == processes * saves
        for revision in history[1:]:
            assert acknowledged[revision.number] == revision.why
        assert Counter(r.why for r in history[1:]) == Counter(acknowledged.values())
        for checked in (2, total // 2, total):
            plan = store.at(morag.id, checked)
            assert plan.person.preferred_name == acknowledged[checked]
            assert canonical_digest(plan) == history[checked - 1].fingerprint


def test_processes_opening_a_new_store_at_once_make_it_once(
    address: str, reference_path: Path
) -> None:
    openers = [
        subprocess.Popen(
            [sys.executable, *WORKER, "open", address, str(reference_path), f"plan-{n}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for process in openers:
        out, err = process.communicate(timeout=300)
        assert (process.returncode, out, err) == (0, "1\n", "")
    with rp.open_store(address) as store:
        assert store.plans() == [f"plan-{n}" for n in range(4)]


def test_a_process_killed_while_saving_leaves_the_store_whole(address: str, morag: rp.Plan) -> None:
    with rp.open_store(address) as store:
        store.save(morag, by="james", why="start", base=None)
    for _round in range(5 if SLOW else 1):
        child = subprocess.Popen(
            [sys.executable, *WORKER, "loop", address, morag.id],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        acknowledged = []
        for line in child.stdout:
            acknowledged.append(int(line))
            if len(acknowledged) >= (40 if SLOW else 15):
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
        assert child.returncode == -signal.SIGKILL
        with rp.open_store(address) as store:
            history = store.history(morag.id)
            numbers = [r.number for r in history]
            assert numbers == list(range(1, len(numbers) + 1))
            assert set(acknowledged) <= set(numbers)
            for number in acknowledged:
                plan = store.at(morag.id, number)
                assert plan.person.preferred_name == f"k{number - 1}"
                assert canonical_digest(plan) == history[number - 1].fingerprint
            plan, latest = store.latest(morag.id)
            store.save(renamed(plan, "after"), by="james", why="after", base=latest.number)
