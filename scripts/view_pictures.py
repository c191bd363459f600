"""Draw the pictures of the review pack and the crisis card that docs/rendering.md shows.

Renders the bundled reference plan (Morag's) as PDFs, turns their pages into PNGs with
``pdftoppm`` (Debian's poppler-utils) and puts each document's pages side by side, so the
pictures are the printed documents, not a browser's view of them. From the repository root::

    .venv/bin/python scripts/view_pictures.py
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image

import recoveryplan as rp

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = Path(rp.__file__).parent / "examples" / "morag.json"
# The day the reference plan is read on, so the pictures only change when the plan does.
TODAY = date(2026, 6, 2)
PICTURES = {
    "review-pack.png": ("review", "person", 60),
    "crisis-card.png": ("crisis-card", "person", 110),
}
"""Each picture: the view, the reader and the resolution (dots per inch) of its pages."""


def pages(document: bytes, dpi: int, folder: Path) -> list[Image.Image]:
    """The pages of a PDF as pictures, in order."""
    source = folder / "document.pdf"
    source.write_bytes(document)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(source), str(folder / "page")], check=True
    )
    return [Image.open(path) for path in sorted(folder.glob("page-*.png"))]


def side_by_side(images: list[Image.Image], gap: int = 24) -> Image.Image:
    """Pages next to each other on a grey ground, as they would lie on a desk."""
    width = sum(image.width for image in images) + gap * (len(images) + 1)
    height = max(image.height for image in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), (214, 210, 204))
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    return sheet


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm is missing: apt-get install poppler-utils", file=sys.stderr)
        return 1
    plan = rp.load(BUNDLED)
    for name, (view, audience, dpi) in PICTURES.items():
        document = rp.render(plan, audience, "pdf", view=view, today=TODAY)
        with tempfile.TemporaryDirectory() as folder:
            side_by_side(pages(document, dpi, Path(folder))).save(args.out / name, optimize=True)
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
