"""Whatever a person types into a form, the web app stores exactly that as one revision or
answers at the field and stores nothing: never an error page, never half a save."""

from __future__ import annotations

import atexit
import re
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("starlette", reason="the web extra is not installed")

from starlette.requests import Request
from starlette.testclient import TestClient

import recoveryplan as rp
from recoveryplan.web import create_app

from ..support.reference import BUNDLED

PLAN_ID = "plan-rsl-0142"


def _person(request: Request) -> str | None:
    return "person"


@cache
def _client() -> tuple[TestClient, rp.store.Store]:
    """One store and app for every example (opening a store costs a second): each example
    counts the revisions it added."""
    folder = tempfile.TemporaryDirectory()
    atexit.register(folder.cleanup)
    store = rp.open_store(Path(folder.name) / "plans.db")
    atexit.register(store.close)
    store.save(rp.load(BUNDLED), by="service", why="Imported", base=None)
    return TestClient(create_app(store, _person)), store


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(max_size=300),
    kind=st.sampled_from(["strength", "hope", "dream", "aspiration", "need", ""]),
)
def test_a_hope_is_stored_whole_or_not_at_all(text: str, kind: str) -> None:
    client, store = _client()
    before = len(store.history(PLAN_ID))
    page = client.get("/items").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    base = re.search(r'name="base" value="([^"]+)"', page)
    assert csrf is not None
    assert base is not None
    data = {"csrf": csrf.group(1), "base": base.group(1), "kind": kind, "text": text}
    answer = client.post("/items/add", data=data, follow_redirects=False)
    added_revisions = len(store.history(PLAN_ID)) - before
    plan = store.latest(PLAN_ID)[0]
    assert plan.assessment is not None
    if answer.status_code == 303:
        assert added_revisions == 1
        added = plan.assessment.items[-1]
        assert (added.kind.value, added.text, added.voice.value) == (kind, text.strip(), "person")
    else:
        assert answer.status_code == 400
        assert 'role="alert"' in answer.text
        assert added_revisions == 0
