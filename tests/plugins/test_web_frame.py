"""An organisation's plugin dresses the web app's pages as it does the printed plan: its
``web/_page.html.j2`` extends the built-in frame and fills its blocks, and its
``web/_words.j2`` rewords the app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web extra is not installed")

from starlette.requests import Request
from starlette.testclient import TestClient

import recoveryplan as rp
from recoveryplan.testing import isolated_plugins
from recoveryplan.web import create_app

from ..support.organisation import Organisation
from ..support.reference import BUNDLED, ROOT

HEADER = "Meadow Care Trust, Riverside Team"
FOOTER = "Meadow Care: call 0141 496 0000 on weekdays"

FRAME = f"""{{% extends "default:_page.html.j2" %}}
{{% block masthead %}}<p class="org">{HEADER}</p>{{{{ super() }}}}{{% endblock %}}
{{% block footer %}}<footer><p class="org">{FOOTER}</p></footer>{{% endblock %}}
"""


@pytest.fixture
def store(tmp_path: Path) -> Iterator[rp.store.Store]:
    opened = rp.open_store(tmp_path / "plans.db")
    opened.save(rp.load(BUNDLED), by="service", why="Imported", base=None)
    yield opened
    opened.close()


def _as_person(request: Request) -> str | None:
    return "person"


def test_the_organisations_frame_is_on_every_page(store: rp.store.Store, tmp_path: Path) -> None:
    folder = tmp_path / "org"
    (folder / "web").mkdir(parents=True)
    (folder / "web" / "_page.html.j2").write_text(FRAME, encoding="utf-8")
    with isolated_plugins(Organisation(folder)):
        client = TestClient(create_app(store, _as_person))
        for path in ("/", "/items", "/steps", "/changes"):
            page = client.get(path).text
            assert HEADER in page
            assert FOOTER in page
            # the frame is around the app's own page, not instead of it
            assert page.index(HEADER) < page.index("<main") < page.index(FOOTER)
    # without the plugin, the built-in frame alone
    page = TestClient(create_app(store, _as_person)).get("/").text
    assert HEADER not in page
    assert FOOTER not in page


def test_the_organisations_words_replace_the_apps(store: rp.store.Store, tmp_path: Path) -> None:
    builtin = (ROOT / "src/recoveryplan/web/templates/_words.j2").read_text(encoding="utf-8")
    before = TestClient(create_app(store, _as_person)).get("/").text
    folder = tmp_path / "org"
    (folder / "web").mkdir(parents=True)
    site = "Riverside: my plan"
    reworded = builtin.replace("{% set site = ", f'{{% set site = "{site}" if true else ', 1)
    assert reworded != builtin
    (folder / "web" / "_words.j2").write_text(reworded, encoding="utf-8")
    with isolated_plugins(Organisation(folder)):
        page = TestClient(create_app(store, _as_person)).get("/").text
    assert site in page
    assert site not in before
