"""Draw the picture of a person-held plan that the documentation shows.

Renders the bundled reference plan (Morag's) for the person, opens it in headless Chromium and
writes the top of the page as a PNG, by default ``docs/images/person-plan.png``: 1000 px wide,
ending below the last section that fits whole in the first 2200 px.
Needs what the browser tests need (docs/browser-tests.md). From the repository root::

    .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import browser  # noqa: E402

import recoveryplan as rp  # noqa: E402

BUNDLED = Path(rp.__file__).parent / "examples" / "morag.json"
# The day the reference plan is read on, so the picture only changes when the plan does.
TODAY = date(2026, 6, 2)
MARGIN = 24  # px of page left below the last whole section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", type=Path, default=BUNDLED, help="the plan to draw")
    parser.add_argument("--audience", default="person", help="who the plan is rendered for")
    parser.add_argument(
        "-o", "--out", type=Path, default=ROOT / "docs" / "images" / "person-plan.png"
    )
    parser.add_argument("--width", type=int, default=1000, help="CSS px (default 1000)")
    parser.add_argument(
        "--height", type=int, default=2200, help="at most this many CSS px (default 2200)"
    )
    parser.add_argument(
        "--no-trim", action="store_true", help="exactly --height px, even mid-section"
    )
    args = parser.parse_args(argv)

    reason = browser.missing_prerequisites()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    html = rp.render(rp.load(args.plan), audience=args.audience, format="html", today=TODAY)
    with browser.open_page(html, width=args.width, height=args.height) as page:
        # End below the last section that fits whole, not halfway through a sentence.
        bottoms = page.evaluate(
            "[...document.querySelectorAll('header, nav, section')]"
            ".map(el => Math.ceil(el.getBoundingClientRect().bottom))"
        )
        whole = [bottom for bottom in bottoms if bottom <= args.height - MARGIN]
        height = max(whole) + MARGIN if whole and not args.no_trim else args.height
        png = page.screenshot(args.out, height)
    width, height = browser.png_size(png)
    print(f"wrote {args.out} ({width} x {height} px, {len(png):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
