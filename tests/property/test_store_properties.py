"""Properties of the plan store over generated plans, on SQLite and on PostgreSQL.

Whatever a plan holds (any text the model accepts, any depth of goals), what is saved comes back
equal, its fingerprint is the digest of its canonical JSON, and it is found by its id inside
the JSON the database holds.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings

import recoveryplan as rp
from recoveryplan.store import Store
from recoveryplan.store.schema import REVISIONS
from recoveryplan.testing.strategies import plans

from ..support.digest import canonical_digest
from ..support.postgres import new_database


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """One store for every example (a new database per example would be slow)."""
    if request.param == "sqlite":
        address = str(tmp_path_factory.mktemp("store") / "plans.db")
    else:
        address = new_database(request.getfixturevalue("postgres_server"))
    with rp.open_store(address) as store:
        yield store


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans())
def test_what_is_saved_comes_back_equal(shared_store: Store, plan: rp.Plan) -> None:
    known = plan.id in shared_store.plans()
    base = shared_store.latest(plan.id)[1].number if known else None
    saved = shared_store.save(plan, by="hypothesis", why="a generated plan", base=base)
    assert saved.fingerprint == canonical_digest(plan)
    back, latest = shared_store.latest(plan.id)
    assert back == plan
    assert latest == saved
    assert shared_store.at(plan.id, saved.number) == plan
    assert shared_store.history(plan.id)[-1] == saved


def test_the_property_reaches_the_database(shared_store: Store, morag: rp.Plan) -> None:
    """The store under the property really holds documents (a store that kept plans in
    memory would pass it too)."""
    shared_store.save(morag, by="james", why="first", base=None)
    engine: sa.Engine = shared_store._engine
    with engine.connect() as connection:
        rows = connection.execute(sa.select(REVISIONS.c.plan_id, REVISIONS.c.document)).all()
    assert len(rows) > 1
    assert any(row.plan_id == morag.id and row.document["id"] == morag.id for row in rows)
