"""Headless Chromium for the browser tests: axe-core checks, layout checks and screenshots.

Debian's ``chromium`` is driven over the Chrome DevTools protocol through
``--remote-debugging-pipe`` (NUL-terminated JSON on file descriptors 3 and 4), so nothing is
needed from Python beyond the standard library and no browser is ever downloaded. axe-core
comes from the npm registry (``npm ci`` at the repository root installs the pinned version).

Overrides: ``RECOVERYPLAN_CHROMIUM`` (the browser executable) and ``RECOVERYPLAN_AXE_JS``
(the path of ``axe.min.js``).
"""

from __future__ import annotations

import base64
import json
import os
import select
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("RECOVERYPLAN_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = Path(
    os.environ.get("RECOVERYPLAN_AXE_JS", ROOT / "node_modules" / "axe-core" / "axe.min.js")
)

# WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)

TIMEOUT = 60.0  # seconds for one protocol command; generous, never asserted on

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_OVERFLOWING_JS = """(limit) => {
    const edge = (el) => el.getBoundingClientRect().right;
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.classList.length ? '.' + [...el.classList].join('.') : '');
    const path = (el) => {
        const names = [name(el)];
        for (let up = el.parentElement; up && up !== document.body && names.length < 3;
             up = up.parentElement) names.unshift(name(up));
        return names.join(' > ');
    };
    const clipped = (el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== 'visible') return true;
        }
        return false;
    };
    const culprits = [...document.body.querySelectorAll('*')].filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > window.innerWidth + 0.5 && !clipped(el)
            && ![...el.children].some((child) => edge(child) >= box.right - 0.5);
    });
    culprits.sort((a, b) => edge(b) - edge(a));
    const described = culprits.map((el) => {
        const box = el.getBoundingClientRect();
        return `${path(el)} (${Math.round(box.width)}px wide, right edge at `
            + `${Math.round(box.right)}px)`;
    });
    return [...new Set(described)].slice(0, limit);
}"""


class BrowserError(RuntimeError):
    """Chromium failed to start, crashed, or answered a command with an error."""


def missing_prerequisites() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return (
            f"Chromium not found at {CHROMIUM}; install Debian's chromium to run the browser "
            "tests (apt-get install chromium)"
        )
    if not AXE_JS.is_file():
        return (
            f"axe-core not found at {AXE_JS}; run `npm ci` at the repository root to run the "
            "browser tests"
        )
    return None


class _Pipe:
    """The DevTools protocol over Chromium's debugging pipe."""

    def __init__(self, profile_dir: Path) -> None:
        profile_dir.mkdir(parents=True, exist_ok=True)
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        self._log = (profile_dir / "chromium.log").open("w+b")
        # Chromium reads commands from fd 3 and writes replies to fd 4; bash (dash cannot name
        # fds above 9) puts our pipe ends there, then becomes the browser with exec.
        launch = f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w}'
        args = [*CHROMIUM_FLAGS, f"--user-data-dir={profile_dir / 'profile'}", "about:blank"]
        try:
            self._process = subprocess.Popen(
                ["/bin/bash", "-c", launch, str(CHROMIUM), *args],
                pass_fds=(to_browser_r, from_browser_w),
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=self._log,
            )
        finally:
            os.close(to_browser_r)
            os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        try:
            while data:
                data = data[os.write(self._to_browser, data) :]
        except BrokenPipeError as error:
            raise BrowserError(f"Chromium has gone away.\n{self._log_tail()}") from error
        while True:
            reply = self._receive(f"{method} (id {self._next_id})")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method} failed: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def wait_for_event(self, method: str, session: str | None = None) -> dict[str, Any]:
        def matches(event: dict[str, Any]) -> bool:
            return event.get("method") == method and event.get("sessionId") == session

        while True:
            for event in self.events:
                if matches(event):
                    self.events.remove(event)
                    return event
            reply = self._receive(f"the event {method}")
            if "method" in reply:
                self.events.append(reply)

    def _receive(self, waiting_for: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(remaining, 0))
            if not ready:
                raise BrowserError(f"Chromium did not answer within {TIMEOUT:.0f}s: {waiting_for}")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError(
                    f"Chromium exited while waiting for {waiting_for}.\n{self._log_tail()}"
                )
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def _log_tail(self) -> str:
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-2000:]

    def close(self) -> None:
        if self._process.poll() is None:
            with suppress(BrowserError):
                self.send("Browser.close")
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._log.close()


class Page:
    """One tab showing one HTML document, with a fixed viewport in CSS pixels."""

    def __init__(self, pipe: _Pipe, session: str) -> None:
        self._pipe = pipe
        self._session = session

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._pipe.send(method, params, self._session)

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression; a promise is awaited."""
        reply = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"JavaScript failed: {text}")
        return reply["result"].get("value")

    def axe(self, tags: tuple[str, ...] = WCAG_TAGS) -> dict[str, Any]:
        """The full axe-core results (violations, incomplete, passes...) for these rule tags."""
        self.evaluate(AXE_JS.read_text(encoding="utf-8"))
        options = {"runOnly": {"type": "tag", "values": list(tags)}}
        results: dict[str, Any] = self.evaluate(
            f"axe.run(document, {json.dumps(options)}).then(r => JSON.parse(JSON.stringify(r)))"
        )
        return results

    def overflowing_elements(self, limit: int = 10) -> list[str]:
        """The elements that stick out past the right of the viewport, widest first.

        Only the innermost of each nest is named (an element none of whose children reach as
        far), with two ancestors for context: that is where a fix usually goes. Repeats (the
        same element in each of several sections) are named once; content inside a scrolling
        or clipping box is left out, since it does not widen the page.
        """
        found: list[str] = self.evaluate(f"({_OVERFLOWING_JS})({int(limit)})")
        return found

    def screenshot(self, path: Path, height: int | None = None) -> bytes:
        """Write a PNG of the viewport (or its top ``height`` px) to ``path``; return its bytes."""
        params: dict[str, Any] = {"format": "png"}
        if height is not None:
            width = self.evaluate("window.innerWidth")
            params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        reply = self.send("Page.captureScreenshot", params)
        png = base64.b64decode(reply["data"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
        return png


@contextmanager
def open_page(
    html: str, tmp_path: Path | None = None, *, width: int = 1280, height: int = 800
) -> Iterator[Page]:
    """Open ``html`` (from a file, so it behaves as it would for a reader) in headless Chromium."""
    with tempfile.TemporaryDirectory(prefix="recoveryplan-browser-") as scratch:
        workdir = Path(tmp_path) if tmp_path is not None else Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        document = workdir / "page.html"
        document.write_text(html, encoding="utf-8")
        pipe = _Pipe(Path(tempfile.mkdtemp(prefix="chromium-", dir=workdir)))
        try:
            target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
                "sessionId"
            ]
            page = Page(pipe, session)
            page.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
            # Injecting axe must work whatever Content-Security-Policy the page declares.
            page.send("Page.setBypassCSP", {"enabled": True})
            page.send("Page.enable")
            navigated = page.send("Page.navigate", {"url": document.as_uri()})
            if "errorText" in navigated:
                raise BrowserError(f"could not open {document}: {navigated['errorText']}")
            pipe.wait_for_event("Page.loadEventFired", session)
            page.evaluate("document.fonts.ready.then(() => true)")
            yield page
        finally:
            pipe.close()


def run_axe(
    html: str,
    tmp_path: Path | None = None,
    *,
    width: int = 1280,
    height: int = 800,
    tags: tuple[str, ...] = WCAG_TAGS,
) -> list[dict[str, Any]]:
    """axe-core's violations of the WCAG 2.0/2.1 A and AA rules for ``html``, in Chromium."""
    with open_page(html, tmp_path, width=width, height=height) as page:
        violations: list[dict[str, Any]] = page.axe(tags)["violations"]
        return violations


def horizontal_overflow(
    html: str, tmp_path: Path | None = None, *, width: int, height: int = 800
) -> dict[str, Any]:
    """How wide the page is at a viewport ``width`` CSS px wide, and what sticks out."""
    with open_page(html, tmp_path, width=width, height=height) as page:
        sizes: dict[str, Any] = page.evaluate(
            "({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})"
        )
        sizes["overflowing"] = page.overflowing_elements()
        return sizes


def screenshot(
    html: str, path: Path, width: int, height: int, tmp_path: Path | None = None
) -> bytes:
    """A ``width`` x ``height`` PNG of the top of the page, written to ``path``."""
    with open_page(html, tmp_path, width=width, height=height) as page:
        return page.screenshot(Path(path))


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk."""
    if png[:8] != PNG_SIGNATURE or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Each violation as its rule id, impact, help and the nodes it was found on."""
    lines = [f"{len(violations)} axe-core violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation.get('helpUrl', '')}>"
        )
        for node in violation.get("nodes", []):
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '')[:200]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"      {line}" for line in summary.splitlines())
    return "\n".join(lines)
