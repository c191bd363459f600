"""Plain text is wrapped exactly as :mod:`textwrap` wraps it, by the faster wrapper."""

from __future__ import annotations

import textwrap

from hypothesis import example, given
from hypothesis import strategies as st

from recoveryplan.textformats import (
    _PHONE,
    _SPACED_DIGITS,
    _char_width,
    _held_together,
    _wrap,
    display_width,
    wrap,
)

# Words, every kind of whitespace textwrap breaks at, and some it does not (no-break and em
# spaces), so that lines start, end and overflow in every way.
line_text = st.text(st.sampled_from(list("ab cd\t\n\x0b\x0c\r  \u00a0\u2003x-yz019")), max_size=300)


@given(line_text | st.text(max_size=200), st.integers(1, 90), st.text(" -*", max_size=100))
def test_lines_break_where_textwrap_breaks_them(text: str, width: int, hanging: str) -> None:
    assert_wrapped_as_textwrap_wraps(text, width, hanging)


def assert_wrapped_as_textwrap_wraps(text: str, width: int, hanging: str) -> None:
    expected = textwrap.wrap(
        text,
        width=width,
        subsequent_indent=hanging,
        break_long_words=False,
        break_on_hyphens=False,
        replace_whitespace=False,
    )
    assert wrap(text, width, hanging) == expected


# Nearly every line a plan wraps has no whitespace but spaces, and is wrapped by its own path:
# runs of spaces, long words and indents as wide as the line.
spaced_text = st.lists(
    st.sampled_from(["a", "bc", "word", "x" * 30, "é", "中", "-", "\ue000", " ", "  ", " " * 90]),
    max_size=60,
).map("".join)


@given(spaced_text, st.integers(1, 90), st.text(" -*", max_size=100))
@example("  " + "word " * 30, 10, " " * 40)  # no room after the first line: a word a line
@example(" " * 90 + "word word", 20, "")  # more leading spaces than fit on a line
def test_lines_of_words_and_spaces_break_where_textwrap_breaks_them(
    text: str, width: int, hanging: str
) -> None:
    assert_wrapped_as_textwrap_wraps(text, width, hanging)


@given(
    st.text(max_size=80) | st.text(st.sampled_from(list("ab é’—\u0301\u200b中文😀\t")), max_size=80)
)
def test_a_lines_width_is_its_characters_widths(text: str) -> None:
    """Counting only the non-ASCII characters one by one gives every character's width."""
    assert display_width(text) == sum(_char_width(char) for char in text)


@given(st.text(st.sampled_from(list("0123456789 -+()a٣")), max_size=120))
def test_a_phone_number_is_never_split(text: str) -> None:
    """Looking for phone numbers only in lines with a digit holds each one together."""
    line = "- " + " ".join(["word"] * 20) + " " + text
    for number in _PHONE.findall(line):
        if sum(char.isdigit() for char in number) >= 3:
            assert any(number in part for part in _wrap(line)), number


@given(st.text(st.sampled_from(list("0123456789 -+()a٣\u00a0")), max_size=60))
def test_a_line_with_a_phone_number_to_hold_is_looked_at(text: str) -> None:
    """A line whose numbers have a space to hold together is never passed over."""
    if _PHONE.sub(_held_together, text) != text:
        assert _SPACED_DIGITS.search(text)
