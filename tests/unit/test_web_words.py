"""The web app's pages hold structure only: every sentence they write is in their _words.j2,
counted the way the built-in templates' are."""

from __future__ import annotations

from pathlib import Path

import recoveryplan.web

from .test_template_words import WORDS_FILE, prose, written_in

WEB_TEMPLATES = Path(recoveryplan.web.__file__).parent / "templates"


def _sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(WEB_TEMPLATES.glob("*.j2"))}


def test_the_pages_write_no_sentence_of_their_own() -> None:
    sources = _sources()
    assert len(sources) > 10  # the templates were found
    where = written_in(sources)
    assert {s: sorted(f) for s, f in where.items() if len(s.split()) >= 3} == {}


def test_the_words_file_holds_the_controls_names() -> None:
    found = set(prose(_sources()[WORDS_FILE]))
    for name in ("add a small step", "how did you celebrate", "who can see this"):
        assert name in found
