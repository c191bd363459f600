"""Plain text is wrapped exactly as :mod:`textwrap` wraps it, by the faster wrapper."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from recoveryplan.textformats import wrap

# Words, every kind of whitespace textwrap breaks at, and some it does not (no-break and em
# spaces), so that lines start, end and overflow in every way.
line_text = st.text(st.sampled_from(list("ab cd\t\n\x0b\x0c\r  \u00a0\u2003x-yz019")), max_size=300)


@given(line_text | st.text(max_size=200), st.integers(1, 90), st.text(" -*", max_size=100))
def test_lines_break_where_textwrap_breaks_them(text: str, width: int, hanging: str) -> None:
    expected = textwrap.wrap(
        text,
        width=width,
        subsequent_indent=hanging,
        break_long_words=False,
        break_on_hyphens=False,
        replace_whitespace=False,
    )
    assert wrap(text, width, hanging) == expected
