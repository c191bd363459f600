"""Printed pages measured as a reader meets them: how much text each page of a PDF holds, and
which pages hold so little that they are mostly empty paper."""

from __future__ import annotations

import importlib.util
import io
import json
import statistics
from typing import Any

import pypdf

import recoveryplan as rp

from .reference import ROOT

EMPTY_SHARE = 1 / 5
"""A page is mostly empty when it holds less than this share of the text of a typical full
page of the same document."""

NOTES_HEADING = "Notes from the meeting"
"""The heading of the review pack's page of ruled lines, left empty to write on by design."""


def page_texts(document: bytes) -> list[str]:
    """The text of each page of a PDF, in order."""
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(document)).pages]


def page_words(document: bytes) -> list[int]:
    """How many words each page of a PDF holds."""
    return [len(text.split()) for text in page_texts(document)]


def mostly_empty_pages(document: bytes) -> list[int]:
    """The pages (numbered from 1) holding less than :data:`EMPTY_SHARE` of a typical full
    page's words. The last page of the content may be short (the text ends where it ends),
    and a page of lines for notes is meant to be empty, so neither counts; a typical page is
    the median of the others, or the fullest page when there are fewer than two of them."""
    texts = page_texts(document)
    if len(texts) > 1 and texts[-1].startswith(NOTES_HEADING):
        texts = texts[:-1]
    words = [len(text.split()) for text in texts]
    if len(words) < 2:
        return []
    full = words[:-1]
    typical = statistics.median(full) if len(full) >= 2 else max(words)
    return [number for number, count in enumerate(full, 1) if count < typical * EMPTY_SHARE]


def five_year_benchmark_plan() -> rp.Plan:
    """The benchmarks' five-year plan (``benchmarks/caseload.py``: 300 small steps and 60
    reviews, shaped like the reference plan), loaded from the benchmarks' own module so the
    tests print the very plan the benchmarks time."""
    spec = importlib.util.spec_from_file_location(
        "caseload_benchmark", ROOT / "benchmarks" / "caseload.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    document: Any = module.make_plan(0, goals=300, reviews=60)
    return rp.loads(json.dumps(document))
