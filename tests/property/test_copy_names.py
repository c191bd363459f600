"""Copies' names in an output folder: a reader's part is escaped so that no two readers, and no
two (plan stem, reader) pairs, ever share a name."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from recoveryplan.batch import output_name
from recoveryplan.files import name_part

readers = st.text(min_size=1, max_size=12)
stems = st.text(st.characters(exclude_characters="/\x00"), min_size=1, max_size=12).filter(
    lambda stem: stem not in (".", "..") and not stem.startswith(".")
)


@given(readers, readers)
def test_different_readers_have_different_parts(first: str, second: str) -> None:
    assert (name_part(first) == name_part(second)) == (first == second)


@given(readers)
def test_a_part_holds_no_dot_slash_or_control_character(reader: str) -> None:
    part = name_part(reader)
    assert not set(part) & {".", "/", "\\"}
    assert part.isprintable()


@given(stems, readers, stems, readers)
def test_two_copies_share_a_name_only_for_one_stem_and_reader(
    stem: str, reader: str, other_stem: str, other_reader: str
) -> None:
    first = output_name(f"a/{stem}.json", reader, "html")
    second = output_name(f"b/{other_stem}.yaml", other_reader, "html")
    assert (first == second) == ((stem, reader) == (other_stem, other_reader))
