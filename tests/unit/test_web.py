"""The web app's security and saving, through Starlette's test client (no browser)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed")

from starlette.requests import Request
from starlette.testclient import TestClient

import recoveryplan as rp
from recoveryplan.web import create_app

from ..support.reference import BUNDLED

TOKEN = "t" * 32
PAGES = ["/", "/items", "/steps", "/ratings", "/risks", "/sharing", "/agree", "/changes", "/plan"]
GUESSED = ["/static/", "/static/web.css", "/api", "/docs", "/openapi.json", "/nothing"]
POSTS = ["/items/add", "/steps/done", "/ratings", "/sharing", "/agree", "/needs/add"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[rp.store.Store]:
    opened = rp.open_store(tmp_path / "plans.db")
    opened.save(rp.load(BUNDLED), by="service", why="Imported", base=None)
    yield opened
    opened.close()


def _header_identity(request: Request) -> str | None:
    return request.headers.get("x-who")


def signed_in(store: rp.store.Store, who: str = "person") -> TestClient:
    client = TestClient(create_app(store, _header_identity))
    client.headers["x-who"] = who
    return client


def _csrf(client: TestClient, path: str) -> tuple[str, str]:
    page = client.get(path).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    base = re.search(r'name="base" value="([^"]+)"', page)
    assert csrf, page
    assert base, page
    return csrf.group(1), base.group(1)


def _revisions(store: rp.store.Store) -> int:
    return len(store.history("plan-rsl-0142"))


@pytest.mark.parametrize("path", PAGES + GUESSED)
def test_nothing_is_served_without_the_token(store: rp.store.Store, path: str) -> None:
    client = TestClient(create_app(store, token=TOKEN))
    answer = client.get(path)
    assert answer.status_code == 401
    assert answer.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", POSTS)
def test_no_form_is_taken_without_the_token(store: rp.store.Store, path: str) -> None:
    client = TestClient(create_app(store, token=TOKEN))
    assert client.post(path, data={"text": "x"}).status_code == 401
    assert _revisions(store) == 1


def test_the_token_signs_the_session_in_and_leaves_the_address(store: rp.store.Store) -> None:
    client = TestClient(create_app(store, token=TOKEN))
    first = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/"
    cookie = first.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert client.get("/").status_code == 200
    wrong = TestClient(create_app(store, token=TOKEN))
    assert wrong.get("/?token=" + "u" * 32).status_code == 401


@pytest.mark.parametrize("path", [*PAGES, "/needs"])
def test_every_page_has_the_policy_and_no_store(store: rp.store.Store, path: str) -> None:
    who = "james" if path == "/needs" else "person"
    answer = signed_in(store, who).get(path)
    assert answer.status_code == 200
    policy = answer.headers["content-security-policy"]
    scripts = re.search(r"script-src ([^;]*)", policy)
    assert scripts
    assert "unsafe-inline" not in scripts.group(1)
    assert answer.headers["cache-control"] == "no-store"
    assert "<script" not in answer.text
    assert 'href="/changes"' in answer.text


@pytest.mark.parametrize("path", POSTS)
def test_a_form_without_its_csrf_token_is_refused(store: rp.store.Store, path: str) -> None:
    staff = path == "/needs/add"
    client = signed_in(store, "james" if staff else "person")
    _, base = _csrf(client, "/needs" if staff else "/agree")
    answer = client.post(path, data={"base": base, "kind": "hope", "text": "x", "csrf": "no"})
    assert answer.status_code == 403
    assert _revisions(store) == 1


def test_a_post_over_the_limit_is_413_and_stores_nothing(store: rp.store.Store) -> None:
    client = signed_in(store)
    csrf, base = _csrf(client, "/items")
    data = {"csrf": csrf, "base": base, "kind": "hope", "text": "x" * 70_000}
    assert client.post("/items/add", data=data).status_code == 413
    assert _revisions(store) == 1


def test_a_get_changes_nothing(store: rp.store.Store) -> None:
    client = signed_in(store)
    for path in PAGES:
        client.get(path + "?kind=hope&text=x")
    assert _revisions(store) == 1


def test_adding_a_hope_is_one_revision_by_the_person(store: rp.store.Store) -> None:
    client = signed_in(store)
    csrf, base = _csrf(client, "/items")
    data = {"csrf": csrf, "base": base, "kind": "hope", "text": "To grow leeks.", "domain": ""}
    answer = client.post("/items/add", data=data, follow_redirects=False)
    assert answer.status_code == 303
    history = store.history("plan-rsl-0142")
    assert [(r.by, r.why) for r in history[1:]] == [("person", "Added a hope")]
    plan, _ = store.latest("plan-rsl-0142")
    assert plan.assessment is not None
    assert plan.assessment.items[-1].text == "To grow leeks."
    assert "To grow leeks." in rp.render(plan, "person", "html")


def test_a_bad_value_is_answered_at_its_field(store: rp.store.Store) -> None:
    client = signed_in(store)
    csrf, base = _csrf(client, "/steps")
    data = {
        "csrf": csrf,
        "base": base,
        "under": "oc-kitchen",
        "statement": "Phone college",
        "due_on": "next tuesday",
    }
    answer = client.post("/steps/add", data=data)
    assert answer.status_code == 400
    field = re.search(
        r'<input id="([^"]+)" name="due_on"[^>]*aria-describedby="([^"]+)"', answer.text
    )
    assert field, answer.text
    error_id = next(i for i in field.group(2).split() if i.endswith("-error"))
    assert re.search(rf'id="{error_id}">[^<]*year-month-day', answer.text)
    assert 'value="Phone college"' in answer.text
    assert _revisions(store) == 1


def test_a_circle_member_sees_their_extract_and_nothing_else(store: rp.store.Store) -> None:
    client = signed_in(store, "ali")
    printed = client.get("/plan")
    assert printed.status_code == 200
    assert "lentil soup" not in printed.text  # Ali is given the safety plan only
    for path in [
        "/items",
        "/steps",
        "/ratings",
        "/risks",
        "/sharing",
        "/agree",
        "/needs",
        "/reviews",
    ]:
        assert client.get(path).status_code == 403, path
    csrf, base = _csrf(client, "/raised")
    assert client.post("/agree", data={"csrf": csrf, "base": base}).status_code == 403
    assert _revisions(store) == 1


def test_a_circle_member_writes_only_what_they_raised(store: rp.store.Store) -> None:
    client = signed_in(store, "eilidh")
    csrf, base = _csrf(client, "/raised")
    said = {"csrf": csrf, "base": base, "text": "Sundays suit me best."}
    assert client.post("/raised/add", data=said, follow_redirects=False).status_code == 303
    plan, _ = store.latest("plan-rsl-0142")
    assert plan.assessment is not None
    assert plan.assessment.items[-1].raised_by == "eilidh"
    csrf, base = _csrf(client, "/raised")
    other = {"csrf": csrf, "base": base, "item": "st-cooking", "text": "Changed by Eilidh"}
    assert client.post("/raised/change", data=other).status_code == 400
    assert plan.item("st-cooking").text == store.latest("plan-rsl-0142")[0].item("st-cooking").text


def test_somebody_the_plan_does_not_know_is_refused(store: rp.store.Store) -> None:
    assert signed_in(store, "stranger").get("/").status_code == 403


def test_disjoint_edits_are_merged_and_the_same_field_waits_for_a_choice(
    store: rp.store.Store,
) -> None:
    person, worker = signed_in(store), signed_in(store, "staff:jo")
    p_csrf, p_base = _csrf(person, "/steps")
    w_csrf, w_base = _csrf(worker, "/steps")
    done = {"csrf": p_csrf, "base": p_base, "goal": "g-food-hygiene", "celebration": "Cake."}
    assert person.post("/steps/done", data=done, follow_redirects=False).status_code == 303
    step = {
        "csrf": w_csrf,
        "base": w_base,
        "under": "oc-callum",
        "statement": "Buy a bed",
        "helper": "",
        "how": "",
        "due_on": "",
    }
    assert worker.post("/steps/add", data=step, follow_redirects=False).status_code == 303
    plan, _ = store.latest("plan-rsl-0142")
    assert plan.goal("g-food-hygiene").celebration == "Cake."
    assert any(p.goal.statement == "Buy a bed" for p in plan.walk_goals())
    # the same field, from the same base, two ways
    p_csrf, p_base = _csrf(person, "/steps")
    w_csrf, w_base = _csrf(worker, "/steps")
    mine = {"csrf": p_csrf, "base": p_base, "goal": "g-spare-room", "celebration": "Chips."}
    theirs = {"csrf": w_csrf, "base": w_base, "goal": "g-spare-room", "celebration": "A film."}
    assert person.post("/steps/done", data=mine, follow_redirects=False).status_code == 303
    before = _revisions(store)
    shown = worker.post("/steps/done", data=theirs)
    assert shown.status_code == 409
    assert "Chips." in shown.text
    assert "A film." in shown.text
    assert "“Clear the spare room so it is ready for Callum.”: celebration" in shown.text
    assert _revisions(store) == before
    key = re.search(r'name="key" value="([^"]+)"', shown.text)
    csrf = re.search(r'name="csrf" value="([^"]+)"', shown.text)
    assert key
    assert csrf
    chosen = {"csrf": csrf.group(1), "base": "0", "key": key.group(1), "choice-0": "ours"}
    assert worker.post("/conflict", data=chosen, follow_redirects=False).status_code == 303
    latest, revision = store.latest("plan-rsl-0142")
    assert latest.goal("g-spare-room").celebration == "A film."
    assert (revision.by, _revisions(store)) == ("staff:jo", before + 1)
    assert worker.post("/conflict", data=chosen).status_code == 404  # settled once only


def test_the_person_agrees_their_plan(store: rp.store.Store) -> None:
    client = signed_in(store)
    csrf, base = _csrf(client, "/agree")
    assert client.post("/agree", data={"csrf": csrf, "base": base}).status_code == 200
    plan, revision = store.latest("plan-rsl-0142")
    assert [a.by for a in plan.agreements] == ["person"]
    assert revision.why == "Agreed my plan"
    assert "agreed the plan on" in client.get("/changes").text


def test_a_worker_says_why_and_the_reason_is_saved(store: rp.store.Store) -> None:
    client = signed_in(store, "staff:jo")
    csrf, base = _csrf(client, "/needs")
    data = {
        "csrf": csrf,
        "base": base,
        "text": "Weekly welfare check.",
        "statutory_basis": "",
        "domain": "",
        "why": "Agreed at the CPA meeting",
    }
    assert client.post("/needs/add", data=data, follow_redirects=False).status_code == 303
    revision = store.history("plan-rsl-0142")[-1]
    assert (revision.by, revision.why) == ("staff:jo", "Agreed at the CPA meeting")


def test_the_person_who_asked_for_large_print_gets_it(store: rp.store.Store) -> None:
    assert 'class="large-print"' in signed_in(store).get("/").text
    assert 'class="large-print"' not in signed_in(store, "staff:jo").get("/").text


def test_a_worker_is_offered_only_the_pages_they_may_open(store: rp.store.Store) -> None:
    client = signed_in(store, "james")
    home = client.get("/").text
    for link in re.findall(r'<a href="(/[a-z]*)"', home):
        assert client.get(link).status_code == 200, link
    assert client.get("/items").status_code == 403
    assert client.get("/sharing").status_code == 403


def test_a_worker_sees_the_language_suggestions_beside_what_they_wrote(
    store: rp.store.Store,
) -> None:
    client = signed_in(store, "staff:jo")
    assert "non-compliant" not in client.get("/needs").text
    csrf, base = _csrf(client, "/needs")
    data = {"csrf": csrf, "base": base, "text": "Support when non-compliant with medication."}
    page = client.post("/needs/add", data=data).text
    suggestion = re.search(r"<li>“non-compliant”: ([^<]+)</li>", page)
    assert suggestion is not None
    assert "Compliance" in suggestion.group(1)


def test_a_circle_member_hears_only_of_changes_they_may_see(store: rp.store.Store) -> None:
    worker = signed_in(store, "staff:jo")
    csrf, base = _csrf(worker, "/needs")
    secret = {
        "csrf": csrf,
        "base": base,
        "text": "Review depot dose.",
        "why": "After the ward round",
    }
    assert worker.post("/needs/add", data=secret, follow_redirects=False).status_code == 303
    person = signed_in(store)
    csrf, base = _csrf(person, "/sharing")
    shared = {"csrf": csrf, "base": base, "share-ali": ["safety_plan", "reviews"]}
    assert person.post("/sharing", data=shared, follow_redirects=False).status_code == 303
    page = signed_in(store, "ali").get("/changes").text
    assert "Ali can now see the reviews" in page
    assert "ward round" not in page
    assert "depot" not in page
    assert "Revision 2" not in page
    assert "ward round" in worker.get("/changes").text
