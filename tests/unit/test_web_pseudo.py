"""A pseudo-locale for the web app's pages: catalogues made here translate every message of
``recoveryplan-pages.pot`` (and of ``recoveryplan-messages.pot``, for the staff's findings) into
a marked form, and every page each kind of reader opens must be marked through and through,
apart from what the plan itself supplies (its words, names and ids, its framework's names)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

pytest.importorskip("starlette", reason="the web extra is not installed")

from starlette.requests import Request
from starlette.testclient import TestClient

import recoveryplan as rp
from recoveryplan import messages, page_language
from recoveryplan.plugins import frameworks
from recoveryplan.serialize import to_data
from recoveryplan.web import create_app
from recoveryplan.web.readers import PAGES, Kind

from ..support.html import Page
from ..support.pseudo import catalogues_in, compile_pseudo
from ..support.reference import BUNDLED

PSEUDO = "ka"
"""A language with no catalogue of its own."""

_PROPER_NAMES = re.compile(r"\b(?:NHS|CHIME|BSL|SRI|recoveryplan)\b")


@pytest.fixture(scope="module")
def pseudo_catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pages")
    compile_pseudo(root, PSEUDO, page_language.DOMAIN)
    compile_pseudo(root, PSEUDO, messages.DOMAIN)
    return root


@pytest.fixture
def pseudo(pseudo_catalogues: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("LANGUAGE", PSEUDO)
    with catalogues_in(pseudo_catalogues):
        yield
    monkeypatch.undo()


def _in_pseudo(plan: rp.Plan) -> rp.Plan:
    person = attrs.evolve(plan.person, language=PSEUDO)
    circle = tuple(attrs.evolve(member, language=PSEUDO) for member in plan.circle)
    return attrs.evolve(plan, person=person, circle=circle)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[rp.store.Store]:
    opened = rp.open_store(tmp_path / "plans.db")
    opened.save(_in_pseudo(rp.load(BUNDLED)), by="service", why=WHY, base=None)
    yield opened
    opened.close()


def _identity(request: Request) -> str | None:
    return request.headers.get("x-who")


def _values(plan: rp.Plan) -> list[str]:
    """Every word the plan supplies (its own text, names and ids) and its framework's names."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                found.append(str(key))
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(to_data(plan))
    framework = frameworks().get(plan.framework)
    if framework is not None:
        found += [framework.name, *(d.name for d in framework.domains)]
    return sorted({v for v in found if v.strip()}, key=len, reverse=True)


def _escaped(document: str, values: list[str]) -> str:
    page = Page(document)
    attributes = [
        value or ""
        for tag, found in page.elements
        for key, value in found.items()
        if key in ("aria-label", "alt", "title", "placeholder")
    ]
    left = " ".join([page.text, *attributes])
    while re.search(r"⟦[^⟦⟧]*⟧", left):
        left = re.sub(r"⟦[^⟦⟧]*⟧", " ", left)
    for value in values:
        left = left.replace(value, " ")
    return _PROPER_NAMES.sub(" ", left)


WHY = "Imported"
"""The reason given when the plan was saved: the plan's own words, as it were."""

READERS = {"person": "person", "staff": "staff:w1"}


@pytest.mark.parametrize("kind", ["person", "staff", "member"])
def test_no_word_of_any_page_escapes_translation(
    pseudo: None, store: rp.store.Store, kind: Kind
) -> None:
    plan, _ = store.latest("plan-rsl-0142")
    who = READERS.get(kind) or next(m.id for m in plan.circle if m.role.value != "staff")
    client = TestClient(create_app(store, _identity))
    client.headers["x-who"] = who
    values = [WHY, *_values(plan)]
    for page in sorted(PAGES[kind] - {"plan"}):  # "plan" is the printed copy (its own test)
        response = client.get("/" if page == "home" else f"/{page}")
        assert response.status_code == 200, (kind, page)
        assert f'lang="{PSEUDO}"' in response.text, (kind, page)
        left = _escaped(response.text, values)
        assert not re.search(r"[A-Za-z]{2,}", left), (
            kind,
            page,
            re.findall(r".{0,30}[A-Za-z]{2,}.{0,30}", left),
        )


def test_an_unfinished_catalogue_leaves_the_pages_in_english(store: rp.store.Store) -> None:
    """The library's own catalogues are still being filled: the pages stay English."""
    client = TestClient(create_app(store, _identity))
    client.headers["x-who"] = "person"
    page = client.get("/").text
    assert '<html lang="en-GB"' in page
    assert "⟦" not in page


def test_a_form_error_and_what_was_saved_are_in_the_readers_language(
    pseudo: None, store: rp.store.Store
) -> None:
    plan, _ = store.latest("plan-rsl-0142")
    client = TestClient(create_app(store, _identity))
    client.headers["x-who"] = "person"
    page = client.get("/items").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    base = re.search(r'name="base" value="([^"]+)"', page)
    assert csrf
    assert base
    form = {"csrf": csrf.group(1), "base": base.group(1), "kind": "hope"}
    refused = client.post("/items/add", data={**form, "text": " "})
    assert refused.status_code == 400
    assert "Write it in your own words" not in refused.text
    assert not re.search(r"[A-Za-z]{2,}", _escaped(refused.text, [WHY, *_values(plan)]))
    saved = client.post("/items/add", data={**form, "text": "To swim again"})
    assert saved.status_code == 200  # followed to the page, which says what was saved
    assert "Added a hope" not in saved.text
    values = [WHY, "To swim again", *_values(store.latest("plan-rsl-0142")[0])]
    assert not re.search(r"[A-Za-z]{2,}", _escaped(saved.text, values))


def _marked(text: str) -> bool:
    """Whether ``text`` is wholly in the pseudo-locale (numbers aside)."""
    left = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    return "⟦" in text and not re.search(r"[A-Za-z]{2,}", left)


def _form(client: TestClient, path: str) -> dict[str, str]:
    page = client.get(path).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    base = re.search(r'name="base" value="([^"]+)"', page)
    assert csrf
    assert base
    return {"csrf": csrf.group(1), "base": base.group(1)}


def test_every_refusal_is_in_the_readers_language(pseudo: None, store: rp.store.Store) -> None:
    client = TestClient(create_app(store, _identity, max_body=2_000))
    client.headers["x-who"] = "person"
    form = _form(client, "/items")
    refused = {
        "no such page": client.get("/nowhere"),
        "no route at all": client.get("/no/such/address"),
        "a method no route takes": client.post("/", data=form),
        "a page not theirs": client.get("/needs"),
        "a form from elsewhere": client.post("/items/add", data={"kind": "hope", "text": "x"}),
        "a change not theirs": client.post("/risks/add", data={**form, "activity": "x"}),
        "no version": client.post("/items/add", data={"csrf": form["csrf"], "text": "x"}),
        "a choice gone": client.post("/conflict", data={**form, "key": "gone"}),
        "too large": client.post("/items/add", data={**form, "text": "x" * 3_000}),
    }
    statuses = {reason: answer.status_code for reason, answer in refused.items()}
    assert statuses == {
        "no such page": 404,
        "no route at all": 404,
        "a method no route takes": 405,
        "a page not theirs": 403,
        "a form from elsewhere": 403,
        "a change not theirs": 403,
        "no version": 400,
        "a choice gone": 404,
        "too large": 413,
    }
    for reason, answer in refused.items():
        assert _marked(answer.text), (reason, answer.text)
        assert answer.headers["content-language"] == PSEUDO, reason
    assert "2" in refused["too large"].text  # the limit, in kB


def test_a_refusal_before_the_session_is_in_the_browsers_language(
    pseudo: None, store: rp.store.Store
) -> None:
    client = TestClient(create_app(store, _identity, max_body=2_000))
    asked = {
        PSEUDO: PSEUDO,
        f"fr-FR, {PSEUDO};q=0.8, en;q=0.5": PSEUDO,
        f"en-GB, {PSEUDO};q=0.5": "en-GB",
        f"{PSEUDO};q=0, en;q=0.1": "en-GB",
        "*": "en-GB",
        "": "en-GB",
    }
    for header, language in asked.items():
        answers = [
            client.get("/", headers={"accept-language": header}),
            client.post("/items/add", content=b"x" * 3_000, headers={"accept-language": header}),
        ]
        assert [a.status_code for a in answers] == [401, 401], header  # no body read unsigned
        for answer in answers:
            assert answer.headers["content-language"] == language, header
            assert _marked(answer.text) == (language == PSEUDO), (header, answer.text)
    english = client.get("/").text
    assert english.startswith("Not signed in: open the address recoveryplan serve printed")


def test_a_stranger_is_refused_in_their_browsers_language_not_the_persons(
    pseudo: None, store: rp.store.Store
) -> None:
    """The person reads the pseudo-locale; someone the plan does not know is not told so."""
    client = TestClient(create_app(store, _identity))
    client.headers["x-who"] = "stranger"
    plain = client.get("/")
    assert (plain.status_code, plain.headers["content-language"]) == (403, "en-GB")
    assert plain.text == "This page is not yours to open."
    asked = client.get("/", headers={"accept-language": PSEUDO})
    assert asked.status_code == 403
    assert _marked(asked.text)


def test_a_failure_is_answered_in_words_too(
    pseudo: None, store: rp.store.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = TestClient(create_app(store, _identity), raise_server_exceptions=False)
    client.headers["x-who"] = "person"

    def broken(plan_id: str) -> object:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(store, "latest", broken)
    answer = client.get("/", headers={"accept-language": PSEUDO})
    assert answer.status_code == 500
    assert _marked(answer.text)
    assert "database" not in answer.text


def test_a_rating_off_the_scale_is_refused_with_the_numbers_allowed(
    pseudo: None, store: rp.store.Store
) -> None:
    plan, _ = store.latest("plan-rsl-0142")
    client = TestClient(create_app(store, _identity))
    client.headers["x-who"] = "person"
    form = _form(client, "/ratings")
    domain = frameworks()[plan.framework].domains[0].id
    for value in ("99", "x", "-1"):
        refused = client.post("/ratings", data={**form, f"rating-{domain}": value})
        assert refused.status_code == 400, value
        errors = [t for tag, found in Page(refused.text).elements for t in [found.get("id")]]
        assert f"rating-{domain}-error" in errors
        assert not re.search(r"[A-Za-z]{2,}", _escaped(refused.text, [WHY, *_values(plan)]))
        message = re.search(r'id="rating-[^"]+-error">([^<]*)<', refused.text)
        assert message
        assert re.findall(r"\d+", message.group(1)) == ["1", "10"]  # CHIME's scale
    assert store.latest("plan-rsl-0142")[0].ratings == plan.ratings  # nothing saved


def test_the_pages_sentences_with_the_plans_words_are_translated_whole(
    pseudo: None, store: rp.store.Store
) -> None:
    """A conflict to choose in, a step done with its helper, what the language check found:
    every sentence that holds the plan's words is one marked message, the words inside it."""
    plan, _ = store.latest("plan-rsl-0142")
    person = TestClient(create_app(store, _identity))
    person.headers["x-who"] = "person"
    worker = TestClient(create_app(store, _identity))
    worker.headers["x-who"] = "staff:w1"
    mine, theirs = _form(person, "/steps"), _form(worker, "/steps")
    done = {"goal": "g-spare-room"}
    assert person.post("/steps/done", data={**mine, **done, "celebration": "Chips."}).is_success
    shown = worker.post("/steps/done", data={**theirs, **done, "celebration": "A film."})
    assert shown.status_code == 409
    values = [WHY, "Chips.", "A film.", *_values(plan)]
    assert not re.search(r"[A-Za-z]{2,}", _escaped(shown.text, values))
    legend = re.search(r"<legend>([^<]*)</legend>", shown.text)
    assert legend
    assert legend.group(1).startswith("⟦“Clear the spare room")  # the part inside the sentence
    form = _form(worker, "/needs")
    need = {**form, "text": "Callum refuses to engage", "statutory_basis": "", "domain": ""}
    assert worker.post("/needs/add", data=need).is_success
    page = worker.get("/needs").text
    assert "suggestions" in page
    values = ["Callum refuses to engage", "refuses to engage", *values]
    assert not re.search(r"[A-Za-z]{2,}", _escaped(page, values))
