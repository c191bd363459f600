"""The English copies of the reference plan, as they were before their words went through
gettext: every view for every reader in every text format, kept under tests/data/english so
that a change of wording shows as a change of file, reviewed like any other."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterator

import recoveryplan as rp
from recoveryplan.audience import readers

from .reference import BUNDLED, ROOT, TODAY

ENGLISH = ROOT / "tests" / "data" / "english"
VIEWS = ("plan", "review", "safety-plan", "easy-read", "crisis-card")
FORMATS = ("html", "md", "txt")


_STYLE = re.compile(r"<style>.*?</style>", re.DOTALL)


def without_style(text: str) -> str:
    """An HTML copy without its style sheet: the words and structure are what is kept, and the
    style sheet (the same in every copy, and changed for reasons of its own) is not."""
    return _STYLE.sub("<style></style>", text)


@functools.cache
def names() -> dict[str, tuple[str, str, str]]:
    """Every copy's file name (``VIEW.READER.FORMAT``) and its view, reader and format,
    without rendering any."""
    plan = rp.load(BUNDLED)
    return {
        f"{view}.{reader}.{format}": (view, reader, format)
        for view in VIEWS
        for reader in readers(plan, view)
        for format in FORMATS
    }


def copy(name: str) -> str:
    """The text of the copy named ``name`` (one of :func:`names`), an HTML copy without its
    style sheet."""
    view, reader, format = names()[name]
    text = rp.render(rp.load(BUNDLED), reader, format, view=view, today=TODAY)
    assert isinstance(text, str)
    return without_style(text) if format == "html" else text


def copies() -> Iterator[tuple[str, str]]:
    """Each copy's file name and text (an HTML copy without its style sheet)."""
    for name in names():
        yield name, copy(name)


def main() -> None:
    """Write the copies anew (``python -m tests.support.english``), after a deliberate change."""
    ENGLISH.mkdir(parents=True, exist_ok=True)
    for name, text in copies():
        (ENGLISH / name).write_text(text, encoding="utf-8", newline="")
    print(f"wrote {ENGLISH}", file=sys.stderr)


if __name__ == "__main__":
    main()
