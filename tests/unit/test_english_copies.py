"""The English copies stay as they were when their words moved into the catalogues: gettext
with no catalogue gives back the template's own sentence, so every copy of the reference plan
reads exactly as before, for every view, reader and format."""

from __future__ import annotations

import html

import pytest

from ..support.english import ENGLISH, copy, names


@pytest.mark.parametrize("name", sorted(names()))
def test_the_english_copy_reads_as_before(name: str) -> None:
    before = (ENGLISH / name).read_text(encoding="utf-8")
    now = copy(name)
    if name.endswith(".html"):
        # A translated sentence is escaped as one value, so its apostrophe may be written as a
        # character reference (&#39;) where the template wrote it bare: the same text.
        before, now = html.unescape(before), html.unescape(now)
    assert now == before


def test_every_copy_has_its_file() -> None:
    assert {path.name for path in ENGLISH.iterdir()} == set(names())
