"""A reader who reads braille gets, by default, plain text ready for braille transcription: the
plain-text copy with no heading underlines, no columns and no lines broken to a screen's width;
staff are told when another format is made for them; coded needs read as words in every copy."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.braille import braille_ready, copy_note, default_format, needs_braille
from recoveryplan.communication import Need, NeedKind
from recoveryplan.demo import example_plan
from recoveryplan.testing.strategies import plans

from ..support.reference import TODAY

BRAILLE = Need(kind=NeedKind.BRAILLE)
DECORATION = re.compile(r"[=\-~.]{3,}")
COLUMNS = re.compile(r"\S {2,}\S|\t|\|")


def _reads_braille(plan: rp.Plan) -> rp.Plan:
    person = attrs.evolve(plan.person, communication=(*plan.person.communication, BRAILLE))
    return attrs.evolve(plan, person=person)


def _member_reads_braille(plan: rp.Plan, index: int = 0) -> rp.Plan:
    circle = list(plan.circle)
    circle[index] = attrs.evolve(circle[index], communication=(BRAILLE,))
    return attrs.evolve(plan, circle=tuple(circle))


def _words(text: str) -> list[str]:
    """The text's words, whatever the lines and underlines: what a transcriber brailles
    (direction isolates, which an underline may carry, aside)."""
    text = re.sub("[\u2066-\u2069]", "", text)
    kept = [line for line in text.splitlines() if not DECORATION.fullmatch(line.strip())]
    return " ".join(kept).split()


@pytest.fixture
def plan() -> rp.Plan:
    return _reads_braille(example_plan())


def test_the_person_who_reads_braille_gets_braille_ready_text_by_default(plan: rp.Plan) -> None:
    copy = rp.render(plan, "person", today=TODAY)
    assert copy == rp.render(plan, "person", "txt", today=TODAY)
    assert not copy.lstrip().startswith("<")
    lines = copy.splitlines()
    assert lines[0] == "Morag's plan"
    assert not [line for line in lines if DECORATION.fullmatch(line.strip())]
    assert not [line for line in lines if COLUMNS.search(line)]
    # A paragraph is one line, for the braille software to flow to its own width.
    assert (
        "This is my plan: what matters to me, what I'm working towards, and who helps. I keep "
        "it, and I choose who else sees it."
    ) in lines
    assert max(len(line) for line in lines) > 78


def _undecorated_words(plan: rp.Plan, audience: str, view: str) -> list[str]:
    """The words of the usual plain-text copy of the same plan (as if no reader read
    braille), less its underlines."""
    with mock.patch("recoveryplan.render.needs_braille", return_value=False):
        plain = rp.render(plan, audience, "txt", view=view, today=TODAY)
    # A heading in right-to-left letters brings its direction isolates onto its underline.
    bare = re.sub("[\u2066-\u2069]", "", plain)
    assert [line for line in bare.splitlines() if DECORATION.fullmatch(line.strip())]
    return _words(plain)


@pytest.mark.parametrize("view", ["plan", "easy-read", "safety-plan", "crisis-card", "review"])
def test_nothing_but_decoration_and_line_breaks_is_left_out(plan: rp.Plan, view: str) -> None:
    ready = rp.render(plan, "person", "txt", view=view, today=TODAY)
    assert _words(ready) == _undecorated_words(plan, "person", view)
    assert len(_words(ready)) > 50


def test_the_store_defaults_to_braille_ready_text_as_render_does(
    plan: rp.Plan, tmp_path: Path
) -> None:
    member = _member_reads_braille(plan).circle[0].id
    plan = _member_reads_braille(plan)
    with rp.open_store(tmp_path / "plans.db") as store:
        store.save(plan, by="james", why="first", base=None)
        for reader in ("person", member, "staff"):
            stored = store.render(plan.id, reader, by="james", today=TODAY)
            assert stored == rp.render(plan, reader, today=TODAY)
        assert not store.render(plan.id, "person", by="james", today=TODAY).startswith("<")
        assert store.render(plan.id, "staff", by="james", today=TODAY).startswith("<!DOCTYPE")
        # The copy made is recorded under the view the reader was given.
        assert [record.reader for record in store.disclosures(plan.id)] == [
            "person",
            member,
            "staff",
            "person",
            "staff",
        ]


def test_a_circle_member_who_reads_braille_gets_it_and_others_do_not() -> None:
    plan = _member_reads_braille(example_plan())
    member = plan.circle[0].id
    assert needs_braille(plan, member)
    assert default_format(plan, member) == "txt"
    assert not needs_braille(plan, "person")
    assert rp.render(plan, "person", today=TODAY).startswith("<!DOCTYPE html>")
    copy = rp.render(plan, member, today=TODAY)
    assert not [line for line in copy.splitlines() if DECORATION.fullmatch(line.strip())]
    assert default_format(plan, "staff") == "html"


def test_a_copy_in_another_format_is_still_made_and_staff_are_told(plan: rp.Plan) -> None:
    assert rp.render(plan, "person", "html", today=TODAY).startswith("<!DOCTYPE html>")
    note = copy_note(plan, "person", "html")
    assert note == (
        "the person reads braille, and this HTML copy is not ready for braille: give the "
        "person the plain-text copy (--format txt), sent for braille transcription"
    )
    assert "PDF copy" in (copy_note(plan, "person", "pdf") or "")
    assert copy_note(plan, "person", "txt") is None
    assert copy_note(example_plan(), "person", "html") is None
    assert copy_note(plan, "staff", "pdf") is None


def test_an_underline_is_only_the_line_as_wide_as_the_heading_above_it() -> None:
    text = "Heading\n=======\n\nA line of my own:\n---\n\n- An item\n"
    assert braille_ready(text) == "Heading\n\nA line of my own:\n---\n\n- An item\n"
    isolated = "\u2068\u05d0\u05d1\u05d2 plan\n========\u2069\n\nWords\n"
    assert braille_ready(isolated) == "\u2068\u05d0\u05d1\u05d2 plan\u2069\n\nWords\n"


def test_every_coded_need_reads_as_words_in_every_format() -> None:
    needs = (
        Need(kind=NeedKind.EASY_READ),
        Need(kind=NeedKind.LARGE_PRINT, size=20),
        Need(kind=NeedKind.LARGE_PRINT),
        Need(kind=NeedKind.BRAILLE, text="Grade 2, please"),
        Need(kind=NeedKind.AUDIO),
        Need(kind=NeedKind.INTERPRETER, language="pl"),
        Need(kind=NeedKind.BSL),
        Need(kind=NeedKind.OTHER, text="Phone before you visit"),
    )
    plan = example_plan()
    plan = attrs.evolve(plan, person=attrs.evolve(plan.person, communication=needs))
    for format in ("html", "md", "txt"):
        copy = rp.render(plan, "person", format, view="plan", today=TODAY)
        assert "Need(" not in copy
        assert "NeedKind" not in copy
        for words in (
            "Easy read",
            "Large print, 20 point or bigger",
            "Braille: Grade 2, please",
            "Audio, or a screen reader",
            "An interpreter (language: pl)",
            "A British Sign Language (BSL) interpreter",
            "Phone before you visit",
        ):
            assert words in copy, (format, words)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(max_items=2, max_goals=4, max_depth=2), view=st.sampled_from(["plan", "review"]))
def test_any_plan_in_braille_says_every_word_the_plain_text_says(plan: rp.Plan, view: str) -> None:
    plan = _reads_braille(plan)
    ready = rp.render(plan, "person", "txt", view=view, today=TODAY)
    assert _words(ready) == _undecorated_words(plan, "person", view)
    assert not [line for line in ready.splitlines() if line.startswith(("===", "---", "~~~"))]


def test_a_heading_in_right_to_left_letters_loses_its_line_even_with_no_name(
    plan: rp.Plan,
) -> None:
    # The heading "خطة " (a plan, with the name left empty) keeps its space and its isolates;
    # the line drawn under it still goes.
    nameless = attrs.evolve(plan, person=attrs.evolve(plan.person, name="", language="ar"))
    ready = rp.render(nameless, "person", "txt", today=TODAY)
    assert not [line for line in ready.splitlines() if DECORATION.fullmatch(_bare(line))]


def _bare(line: str) -> str:
    return re.sub("[\u2066-\u2069]", "", line).strip()
