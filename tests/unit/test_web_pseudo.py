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
