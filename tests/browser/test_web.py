"""The web app in Chromium (Playwright driving Debian's chromium): the person's walk with
JavaScript off, a worker's and a circle member's pages, two people editing at once, and an
axe-core crawl of every page reached from the home page.

Controls are found by their accessible names only. Run with ``make browser-test`` (which sets
``RECOVERYPLAN_WEB_BROWSER_TESTS=1``; ``make test`` skips them, saying so); skipped, with the
reason, where Chromium, axe-core or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest

import recoveryplan as rp

from ..support.browser import AXE_JS, CHROMIUM, missing_prerequisites
from ..support.reference import BUNDLED

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytest.importorskip("uvicorn", reason="the web extra is not installed")

from ..support.webserver import WHO, running  # noqa: E402

_missing = missing_prerequisites()
SWITCH = "RECOVERYPLAN_WEB_BROWSER_TESTS"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.web_browser,
    pytest.mark.skipif(
        not os.environ.get(SWITCH),
        reason=f"the web app's browser tests (about 30 s) run with make browser-test ({SWITCH}=1)",
    ),
    pytest.mark.skipif(_missing is not None, reason=_missing or ""),
]

PLAN_ID = "plan-rsl-0142"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[rp.store.Store]:
    opened = rp.open_store(tmp_path / "plans.db")
    opened.save(
        rp.load(shutil.copy(BUNDLED, tmp_path / "morag.json")),
        by="service",
        why="Imported",
        base=None,
    )
    yield opened
    opened.close()


@pytest.fixture
def root(store: rp.store.Store) -> Iterator[str]:
    with running(store) as address:
        yield address


def _as(browser: Any, who: str, *, javascript: bool = True, **options: Any) -> Any:
    context = browser.new_context(
        extra_http_headers={WHO: who}, java_script_enabled=javascript, **options
    )
    context.set_default_timeout(30_000)
    return context


def test_the_person_writes_their_plan_with_javascript_off(
    browser: Any, root: str, store: rp.store.Store
) -> None:
    page = _as(browser, "person", javascript=False).new_page()
    page.goto(root)
    page.get_by_role("link", name="What I'm good at and what I want").first.click()
    hopes = page.get_by_role("region", name="Hopes")
    hopes.get_by_label("My hope").fill("I'd like to grow leeks for the soup.")
    hopes.get_by_role("button", name="Add a hope").click()
    page.get_by_role("status").wait_for()
    assert page.get_by_role("status").inner_text().endswith("Added a hope")

    page.get_by_role("link", name="My next small steps").first.click()
    kitchen = page.get_by_role("region", name="I'm working in a kitchen again.")
    kitchen.get_by_label("The small step").fill("Ask the café about a trial shift.")
    kitchen.get_by_label("Who helps").select_option(label="James Okafor")
    kitchen.get_by_label("How they help").fill("Come with me the first time.")
    kitchen.get_by_role("button", name="Add a small step").click()
    page.get_by_role("status").wait_for()

    step = page.get_by_role("group", name="Sign up for the food hygiene course at college.")
    step.get_by_label("How did you celebrate?").fill("Fish supper with Eilidh.")
    step.get_by_role("button", name="Mark as done").click()
    page.get_by_role("status").wait_for()

    page.get_by_role("link", name="How I'm doing").first.click()
    page.get_by_role("group", name="Hope and optimism about the future").get_by_label(
        "8", exact=True
    ).check()
    page.get_by_role("button", name="Save my ratings").click()
    page.get_by_role("status").wait_for()

    page.get_by_role("link", name="Taking risks safely").first.click()
    page.get_by_label("What I think").fill("I'm ready; I've done it twice now.")
    page.get_by_role("button", name="Save what I think").click()
    page.get_by_role("status").wait_for()

    page.get_by_role("link", name="Who can see this").first.click()
    page.get_by_role("group", name="Ali").get_by_label("My reviews").check()
    page.get_by_role("button", name="Save who can see this").click()
    page.get_by_role("status").wait_for()

    page.get_by_role("link", name="Agree my plan").first.click()
    page.get_by_role("button", name="I agree to my plan").click()
    page.get_by_role("status").wait_for()

    history = store.history(PLAN_ID)
    assert [(r.by, r.why) for r in history[1:]] == [
        ("person", "Added a hope"),
        ("person", "Added a small step"),
        ("person", "Marked a small step as done"),
        ("person", "Rated part of my life"),
        ("person", "Wrote what I think about a risk"),
        ("person", "Changed who can see my plan"),
        ("person", "Agreed my plan"),
    ]
    held = rp.render(store.latest(PLAN_ID)[0], "person", "txt")
    for change in (
        "I'd like to grow leeks for the soup.",
        "Ask the café about a trial shift.",
        "Fish supper with Eilidh.",
        "I'm ready; I've done it twice now.",
        "Can see the safety plan and reviews.",
        "I agreed my plan on",
    ):
        assert change in " ".join(held.split()), change
    assert "8 out of 10" in held

    page.get_by_role("link", name="What changed").first.click()
    assert page.get_by_text("Morag agreed the plan on").count() == 1


def test_a_worker_adds_a_need_with_its_basis_and_a_safeguard(
    browser: Any, root: str, store: rp.store.Store
) -> None:
    page = _as(browser, "james").new_page()
    page.goto(root)
    page.get_by_role("link", name="Needs the service meets").first.click()
    page.get_by_label("What is needed").fill("A carer's assessment for Eilidh.")
    page.get_by_label("Statutory basis").fill("Carers (Scotland) Act 2016, section 6.")
    page.get_by_role("button", name="Add a need").click()
    page.get_by_role("status").wait_for()
    page.get_by_role("link", name="Taking risks safely").first.click()
    risk = page.get_by_role("region", name="Travelling to college on the bus by myself.")
    risk.get_by_label("What is done").fill("Check in by phone after the first week.")
    risk.get_by_label("Who does it").select_option(label="James Okafor")
    risk.get_by_label("I might get very anxious on a crowded bus").check()
    risk.get_by_role("button", name="Add a safeguard").click()
    page.get_by_role("status").wait_for()

    plan, revision = store.latest(PLAN_ID)
    assert plan.assessment is not None
    need = plan.assessment.items[-1]
    assert (need.voice.value, need.statutory_basis) == (
        "service",
        "Carers (Scotland) Act 2016, section 6.",
    )
    safeguard = plan.risk_plan("rp-bus").safeguards[-1]
    assert (safeguard.by, safeguard.addresses) == ("james", ("cn-crowds",))
    assert (revision.by, revision.why) == ("james", "Added a safeguard")


def test_a_circle_member_sees_only_their_extract(browser: Any, root: str) -> None:
    page = _as(browser, "ali").new_page()
    page.goto(root)
    page.get_by_role("link", name="The plan as it is printed").first.click()
    page.wait_for_url("**/plan")
    page.get_by_text("When things get hard", exact=False).first.wait_for()  # loaded, not racing
    assert page.get_by_text("When things get hard", exact=False).count() >= 1
    assert page.get_by_text("lentil soup").count() == 0
    for path in (
        "/items",
        "/steps",
        "/ratings",
        "/risks",
        "/sharing",
        "/agree",
        "/needs",
        "/reviews",
        "/api",
        "/docs",
    ):
        answer = page.goto(root + path)
        assert answer is not None
        assert answer.status in (403, 404), path


def test_two_people_at_once_lose_nothing(browser: Any, root: str, store: rp.store.Store) -> None:
    person = _as(browser, "person").new_page()
    worker = _as(browser, "james").new_page()
    person.goto(root + "/steps")
    worker.goto(root + "/steps")
    # disjoint: both kept
    room = person.get_by_role("group", name="Clear the spare room so it is ready for Callum.")
    room.get_by_label("How did you celebrate?").fill("Pizza.")
    worker.get_by_role(
        "region", name="Callum stays with me for a weekend in the summer."
    ).get_by_label("The small step").fill("Find a camp bed.")
    room.get_by_role("button", name="Mark as done").click()
    person.get_by_role("status").wait_for()
    worker.get_by_role(
        "region", name="Callum stays with me for a weekend in the summer."
    ).get_by_role("button", name="Add a small step").click()
    worker.get_by_role("status").wait_for()
    plan = store.latest(PLAN_ID)[0]
    assert plan.goal("g-spare-room").celebration == "Pizza."
    assert any(p.goal.statement == "Find a camp bed." for p in plan.walk_goals())
    # the same field from the same page: shown, nothing stored until chosen
    person.goto(root + "/steps")
    worker.goto(root + "/steps")
    hygiene = "Sign up for the food hygiene course at college."
    for page, said in ((person, "Tea and cake."), (worker, "A night at the pictures.")):
        page.get_by_role("group", name=hygiene).get_by_label("How did you celebrate?").fill(said)
    person.get_by_role("group", name=hygiene).get_by_role("button", name="Mark as done").click()
    person.get_by_role("status").wait_for()
    stored = len(store.history(PLAN_ID))
    worker.get_by_role("group", name=hygiene).get_by_role("button", name="Mark as done").click()
    worker.get_by_role("button", name="Save my choice").wait_for()
    assert worker.get_by_text("Tea and cake.").count() == 1
    assert worker.get_by_text("A night at the pictures.").count() == 1
    assert len(store.history(PLAN_ID)) == stored
    worker.get_by_label("Keep theirs:").check()
    worker.get_by_role("button", name="Save my choice").click()
    worker.get_by_role("status").wait_for()
    assert store.latest(PLAN_ID)[0].goal("g-food-hygiene").celebration == "Tea and cake."
    assert len(store.history(PLAN_ID)) == stored  # theirs was already stored: nothing new


@pytest.mark.parametrize("who", ["person", "james", "eilidh"])
def test_every_page_the_crawl_reaches_passes_axe_and_reflows(
    browser: Any, root: str, who: str
) -> None:
    context = _as(browser, who, bypass_csp=True, viewport={"width": 320, "height": 640})
    page = context.new_page()
    axe = AXE_JS.read_text(encoding="utf-8")
    seen: set[str] = set()
    waiting = [root + "/"]
    problems: dict[str, Any] = {}
    while waiting:
        address = waiting.pop()
        if address in seen:
            continue
        seen.add(address)
        answer = page.goto(address)
        assert answer is not None
        assert answer.status == 200, address
        page.add_script_tag(content=axe)
        found = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations.map(v => [v.id, v.nodes.length]))",
            AXE_TAGS,
        )
        wide = page.evaluate("document.documentElement.scrollWidth")
        if found or wide > 320:
            problems[address] = (found, wide)
        for link in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = urljoin(address, link).split("#")[0]
            if urlparse(target).netloc == urlparse(root).netloc and target not in seen:
                waiting.append(target)
    assert len(seen) >= 4
    assert problems == {}
