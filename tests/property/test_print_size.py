"""The print size of a copy, over any needs a person may record: the size they asked for (never
below the usual large print), 18 point when large print is turned on for someone who recorded
no need, easy read never below 18 point, and on screen never smaller than 150%.

The rule is written out here from the documentation (docs/rendering.md, "Large print"), not
taken from the code that decides it."""

from __future__ import annotations

import re

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp

from ..support.reference import BUNDLED, TODAY

MORAG = rp.load(BUNDLED)
USUAL = 16  # the usual large print: a need that gives no size, or a smaller one
UNASKED = 18  # large print turned on for a reader who recorded no need
EASY_READ_LEAST = 18

sizes = st.integers(min_value=14, max_value=72)
needs = st.lists(
    st.one_of(
        sizes.map(lambda size: rp.Need(kind=rp.NeedKind.LARGE_PRINT, size=size)),
        st.just(rp.Need(kind=rp.NeedKind.LARGE_PRINT)),
        sizes.map(lambda size: f"Large print, {size} point please."),
        st.just("I like to talk things through first."),
        st.just(rp.Need(kind=rp.NeedKind.AUDIO)),
    ),
    max_size=4,
)


def asked(recorded: list[rp.Need | str]) -> int | None:
    """The largest size the recorded needs ask for, or ``None`` when none asks for large print."""
    found: list[int] = []
    for need in recorded:
        if isinstance(need, rp.Need):
            if need.kind is rp.NeedKind.LARGE_PRINT:
                found.append(need.size or USUAL)
        elif "Large print" in need:
            found.append(int(re.findall(r"\d+", need)[0]))
    return max(found, default=None)


def rule(html: str, media: str) -> str | None:
    """The ``html.large-print`` font size the page's screen or print style sets."""
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    printed = style.split("@media print", 1)
    part = printed[1] if media == "print" else printed[0]
    match = re.search(r"html\.large-print \{ font-size: ([0-9]+(?:pt|%)); \}", part)
    return match.group(1) if match else None


@settings(max_examples=40)
@given(
    recorded=needs,
    chosen=st.sampled_from([None, True]),
    view=st.sampled_from(["plan", "easy-read"]),
)
def test_a_copy_is_printed_at_the_size_its_reader_asked_for(
    recorded: list[rp.Need | str], chosen: bool | None, view: str
) -> None:
    plan = attrs.evolve(MORAG, person=attrs.evolve(MORAG.person, communication=tuple(recorded)))
    page = rp.render(plan, "person", view=view, today=TODAY, large_print=chosen)
    size = asked(recorded)
    if size is not None:
        expected: int | None = max(size, USUAL)
    elif chosen or view == "easy-read":
        expected = UNASKED
    else:
        expected = None
    if expected is not None and view == "easy-read":
        expected = max(expected, EASY_READ_LEAST)
    assert ('class="large-print"' in page) == (expected is not None)
    if expected is not None:
        assert rule(page, "print") == f"{expected}pt"
        assert rule(page, "screen") == f"{round(max(expected, 18) * 100 / 12)}%"
