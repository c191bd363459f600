"""The benchmark's floor for rendering writes the page recoveryplan writes.

``benchmarks/floor_page.py`` is the person's English plan page written by hand as one plain
Jinja template over the plan's parsed JSON; ``bench.py`` and ``bench_render.py`` measure render
html against it. A floor that wrote less than the page would flatter nothing and measure
nothing, so these tests hold the two pages equal, word for word and tag for tag, on the bundled
reference plan, the benchmarks' five-year plan and a spread of the benchmarks' varied plans.
Whitespace is compared as people and browsers read it (any run of it is one space): the floor
lays its template out in its own lines. When a template or a sentence of recoveryplan's page
changes, these fail and say where: the floor is then to be brought up to the page by hand.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

import recoveryplan as rp

from ..support.reference import BUNDLED, TODAY
from ..support.scripts import script

FLOOR = script("benchmarks/floor_page.py")
CASELOAD = script("benchmarks/caseload.py")
REFERENCE_TEXT = BUNDLED.read_text(encoding="utf-8")


def plans() -> dict[str, str]:
    found = {
        "reference": REFERENCE_TEXT,
        "five-year": json.dumps(CASELOAD.make_plan(0, goals=300, reviews=60)),
    }
    found.update({f"varied {n}": json.dumps(CASELOAD.make_plan(n)) for n in (1, 7, 23, 42, 99)})
    return found


PLANS = plans()


def read(page: str) -> str:
    """A page as it reads: every run of whitespace one space."""
    return " ".join(page.split())


def ours(text: str) -> str:
    return rp.render(rp.loads(text), "person", "html", today=TODAY)


def floor(document: Any) -> str:
    page: str = FLOOR.same_page_floor(TODAY).render(plan=document)
    return page


def where_they_part(expected: str, found: str) -> str:
    at = next(
        (i for i, (a, b) in enumerate(zip(expected, found, strict=False)) if a != b),
        min(len(expected), len(found)),
    )
    return (
        f"at character {at} of the page read as text:\n"
        f"  recoveryplan writes: ...{expected[max(at - 120, 0) : at + 120]}...\n"
        f"  the floor writes:    ...{found[max(at - 120, 0) : at + 120]}..."
    )


@pytest.mark.parametrize("name", PLANS)
def test_the_floor_writes_the_same_page(name: str) -> None:
    text = PLANS[name]
    expected, found = read(ours(text)), read(floor(json.loads(text)))
    assert found == expected, (
        f"benchmarks/floor_page.html.j2 no longer writes the page recoveryplan writes for the "
        f"{name} plan, so render html would be measured against a different page. Bring the "
        f"floor up to the page by hand (plain English text, no gettext), "
        f"{where_they_part(expected, found)}"
    )


def test_a_page_with_other_words_is_told_apart() -> None:
    changed = json.loads(REFERENCE_TEXT)
    changed["outcomes"][0]["goals"][1]["goals"][0]["statement"] = "Do the bus journey twice."
    expected, found = read(ours(REFERENCE_TEXT)), read(floor(changed))
    assert found != expected
    assert "Do the bus journey twice." in found


def test_the_floor_reads_the_plan_not_a_copy_of_the_page() -> None:
    """Nothing of the reference plan's own words is written into the floor."""
    document = json.loads(REFERENCE_TEXT)
    for text in ("Morag", "Eilidh", "lentil soup", "Riverside", "dosette", "0141 496 0000"):
        assert text in REFERENCE_TEXT
        assert text not in FLOOR.SAME_PAGE_FLOOR
    assert document["person"]["name"] in floor(document)


def test_the_floor_is_one_plain_template() -> None:
    source = FLOOR.SAME_PAGE_FLOOR
    for machinery in ("{% extends", "{% include", "{% import", "{% block", "_(", "gettext"):
        assert machinery not in source
    # one macro, the small steps nested in each other; everything else written where it stands
    assert source.count(" macro ") == 1
    assert "{%- macro goal_list(" in source
