"""Rendered plans in a real browser: axe-core's WCAG 2.1 AA rules, reflow and a screenshot.

Needs Debian's chromium and axe-core (``npm ci``); see docs/browser-tests.md. Without them the
tests are skipped with the reason, except under CI (``CI`` set), where they fail instead.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import recoveryplan as rp

from ..support import browser
from ..support.reference import TODAY

pytestmark = pytest.mark.browser

# The reader of the plan, and a width in CSS px: 640 is a 1280px window at 200% zoom, 320 is
# the narrowest that WCAG 2.1's reflow criterion (1.4.10, level AA) asks content to fit.
AUDIENCES = ["person", "staff", "eilidh"]
NARROW_WIDTHS = [640, 320]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


MISSING = browser.missing_prerequisites()
if MISSING is not None and not _in_ci():
    pytest.skip(MISSING, allow_module_level=True)


@pytest.fixture(autouse=True)
def _browser_prerequisites() -> None:
    """Under CI a missing prerequisite fails every browser test: they must always run there."""
    if MISSING is not None:
        pytest.fail(f"{MISSING} (CI is set: the browser tests must run, not skip)")


def _page(body: str, *, head: str = "") -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Harness check</title>{head}</head>"
        f"<body><main><h1>Harness check</h1>{body}</main></body></html>"
    )


def _assert_no_violations(violations: list[dict[str, Any]], page: Path) -> None:
    assert violations == [], f"{browser.describe_violations(violations)}\n(page: {page})"


# --- the harness itself: it must be able to fail ----------------------------------------


@pytest.mark.parametrize(
    ("body", "rule", "culprit"),
    [
        pytest.param(
            '<p class="faint" style="color:#bbb;background:#fff">Hard to read</p>',
            "color-contrast",
            'class="faint"',
            id="low-contrast-text",
        ),
        pytest.param(
            '<img class="photo" src="photo.png">', "image-alt", 'class="photo"', id="no-alt"
        ),
        pytest.param(
            '<input class="unlabelled" type="text">', "label", 'class="unlabelled"', id="no-label"
        ),
        pytest.param(
            '<a class="empty" href="#top"></a>', "link-name", 'class="empty"', id="empty-link"
        ),
    ],
)
def test_run_axe_finds_a_deliberate_violation(
    body: str, rule: str, culprit: str, tmp_path: Path
) -> None:
    violations = browser.run_axe(_page(body), tmp_path)
    assert [v["id"] for v in violations] == [rule], browser.describe_violations(violations)
    [node] = violations[0]["nodes"]
    assert culprit in node["html"]
    assert node["target"]


def test_run_axe_finds_nothing_on_an_accessible_page(tmp_path: Path) -> None:
    html = _page('<p style="color:#222;background:#fff">Plain, readable text.</p>')
    _assert_no_violations(browser.run_axe(html, tmp_path), tmp_path / "page.html")


def test_axe_runs_the_wcag_21_a_and_aa_rules(tmp_path: Path) -> None:
    with browser.open_page(_page("<p>Rules</p>"), tmp_path) as page:
        page.evaluate(browser.AXE_JS.read_text(encoding="utf-8"))
        rules = page.evaluate(f"axe.getRules({list(browser.WCAG_TAGS)!r}).map(r => r.ruleId)")
    # A handful that a person-held plan most depends on; dozens run in all.
    assert {"color-contrast", "document-title", "html-has-lang", "image-alt", "list"} <= set(rules)
    assert len(rules) > 40


def test_axe_still_runs_under_a_strict_content_security_policy(tmp_path: Path) -> None:
    csp = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
    html = _page('<img class="photo" src="photo.png">', head=csp)
    assert [v["id"] for v in browser.run_axe(html, tmp_path)] == ["image-alt"]


def test_horizontal_overflow_is_detected(tmp_path: Path) -> None:
    html = _page('<p>Fits</p><div class="wide"><img alt="" style="width:900px;height:9px"></div>')
    sizes = browser.horizontal_overflow(html, tmp_path, width=640)
    assert sizes["innerWidth"] == 640
    assert sizes["scrollWidth"] > 640
    # Named innermost, with its ancestors: the image, not the div it makes wide.
    assert len(sizes["overflowing"]) == 1
    assert sizes["overflowing"][0].startswith("main > div.wide > img (900px wide")


def test_content_that_scrolls_in_its_own_box_does_not_widen_the_page(tmp_path: Path) -> None:
    wide = '<img alt="" style="width:900px;height:9px">'
    html = _page(
        f'<div class="scroller" role="region" aria-label="Wide" tabindex="0" '
        f'style="overflow-x:auto">{wide}</div>'
    )
    sizes = browser.horizontal_overflow(html, tmp_path, width=640)
    assert sizes["scrollWidth"] == 640
    assert sizes["overflowing"] == []


def test_screenshot_is_a_png_of_the_size_asked(tmp_path: Path) -> None:
    png = browser.screenshot(_page("<p>Shot</p>"), tmp_path / "shot.png", 400, 300, tmp_path)
    assert (tmp_path / "shot.png").read_bytes() == png
    assert browser.png_size(png) == (400, 300)
    with browser.open_page(_page("<p>Shot</p>"), tmp_path, width=400, height=300) as page:
        top = page.screenshot(tmp_path / "top.png", height=120)
    assert browser.png_size(top) == (400, 120)


# --- the rendered plans -----------------------------------------------------------------


def _render(plan: rp.Plan, audience: str, large_print: bool | None = None) -> str:
    html = rp.render(plan, audience=audience, format="html", today=TODAY, large_print=large_print)
    assert isinstance(html, str)
    return html


@pytest.mark.parametrize(
    ("audience", "large_print"),
    [
        pytest.param("person", None, id="person"),  # Morag asks for large print
        pytest.param("person", False, id="person-standard-print"),
        pytest.param("staff", None, id="staff"),
        pytest.param("eilidh", None, id="eilidh"),  # her sister, a carer
    ],
)
def test_rendered_plan_passes_wcag_21_aa(
    morag: rp.Plan, audience: str, large_print: bool | None, tmp_path: Path
) -> None:
    violations = browser.run_axe(_render(morag, audience, large_print), tmp_path)
    _assert_no_violations(violations, tmp_path / "page.html")


@pytest.mark.parametrize("width", NARROW_WIDTHS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_rendered_plan_reflows_without_horizontal_scrolling(
    morag: rp.Plan, audience: str, width: int, tmp_path: Path
) -> None:
    sizes = browser.horizontal_overflow(_render(morag, audience), tmp_path, width=width)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], (
        f"the page is {sizes['scrollWidth']}px wide in a {sizes['innerWidth']}px viewport; "
        f"wider than the viewport: {sizes['overflowing']} (page: {tmp_path / 'page.html'})"
    )


def test_person_held_plan_screenshot(morag: rp.Plan, tmp_path: Path) -> None:
    path = tmp_path / "person-plan.png"
    png = browser.screenshot(_render(morag, "person"), path, 1000, 1400, tmp_path / "plan")
    assert png[:8] == browser.PNG_SIGNATURE
    assert browser.png_size(png) == (1000, 1400)
    # Not blank: an empty page of the same size compresses to a fraction of a page of text.
    empty = '<!doctype html><html lang="en"><title>Empty</title></html>'
    blank = browser.screenshot(empty, tmp_path / "blank.png", 1000, 1400, tmp_path / "blank")
    assert path.stat().st_size > 20_000
    assert len(png) > 3 * len(blank), f"{path} is suspiciously small ({len(png)} bytes)"


VIEW_READERS = [
    ("review", "person"),
    ("review", "staff"),
    ("safety-plan", "ali"),
    ("crisis-card", "person"),
    ("easy-read", "person"),
    ("easy-read", "eilidh"),
]


@pytest.mark.parametrize(("view", "audience"), VIEW_READERS)
def test_every_view_passes_wcag_21_aa_and_reflows(
    morag: rp.Plan, view: str, audience: str, tmp_path: Path
) -> None:
    html = rp.render(morag, audience, "html", view=view, today=TODAY)
    _assert_no_violations(browser.run_axe(html, tmp_path), tmp_path / "page.html")
    sizes = browser.horizontal_overflow(html, tmp_path, width=320)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], sizes["overflowing"]


@pytest.mark.parametrize("view", ["plan", "easy-read", "review", "crisis-card"])
def test_the_arabic_copies_pass_wcag_21_aa_and_reflow(
    morag: rp.Plan, view: str, tmp_path: Path
) -> None:
    # Right to left, with the person's English words each in a <bdi dir> of their own.
    html = rp.render(morag, "person", "html", view=view, today=TODAY, language="ar")
    _assert_no_violations(browser.run_axe(html, tmp_path), tmp_path / "page.html")
    sizes = browser.horizontal_overflow(html, tmp_path, width=320)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], sizes["overflowing"]


# --- the caseload report ----------------------------------------------------------------


@pytest.fixture(scope="module")
def caseload_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The SRI 2 report of a known caseload, with trends over several months."""
    pytest.importorskip("pyarrow", reason="the report extra (pyarrow) is not installed")
    pytest.importorskip("duckdb", reason="the report extra (duckdb) is not installed")
    from ..support.caseload import KEY, SINCE, write_caseload
    from ..support.caseload import TODAY as REPORT_DAY

    folder = tmp_path_factory.mktemp("caseload")
    write_caseload(folder / "plans", 24)
    rp.caseload_report(
        [folder / "plans"], folder / "out", key=KEY, today=REPORT_DAY, since=SINCE, jobs=1
    )
    return (folder / "out" / "report.html").read_text(encoding="utf-8")


def test_caseload_report_passes_wcag_21_aa(caseload_page: str, tmp_path: Path) -> None:
    assert "<svg" in caseload_page  # the pictures are on the page being checked
    _assert_no_violations(browser.run_axe(caseload_page, tmp_path), tmp_path / "page.html")


@pytest.mark.parametrize("width", NARROW_WIDTHS)
def test_caseload_report_reflows_without_horizontal_scrolling(
    caseload_page: str, width: int, tmp_path: Path
) -> None:
    sizes = browser.horizontal_overflow(caseload_page, tmp_path, width=width)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], (
        f"the page is {sizes['scrollWidth']}px wide in a {sizes['innerWidth']}px viewport; "
        f"wider than the viewport: {sizes['overflowing']} (page: {tmp_path / 'page.html'})"
    )
