"""Communication needs: recorded as free text or coded, kept exactly, and honoured by copies."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import recoveryplan as rp
from recoveryplan.communication import (
    DEFAULT_LARGE_PRINT,
    Need,
    NeedKind,
    large_print_size,
    need_words,
)
from recoveryplan.testing.strategies import parts

from ..support.reference import BUNDLED, TODAY


def reference() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return loaded


def with_needs(person: list[Any], member: list[Any] | None = None) -> rp.Plan:
    document = reference()
    document["person"]["communication"] = person
    if member is not None:
        document["circle"][0]["communication"] = member
    return rp.loads(json.dumps(document))


CODED = [
    "Large print, please.",
    {"kind": "easy-read"},
    {"kind": "large-print", "size": 20},
    {"kind": "braille", "text": "Grade 2, please"},
    {"kind": "audio"},
    {"kind": "interpreter", "language": "pl"},
    {"kind": "bsl"},
    {"kind": "other", "text": "Phone before visiting"},
]


def test_free_text_and_coded_needs_round_trip_unchanged() -> None:
    document = reference()
    document["person"]["communication"] = CODED
    document["circle"][0]["communication"] = ["Texts, not calls", {"kind": "large-print"}]
    document["circle"][0]["language"] = "pl"
    document["service"]["country"] = "GB-SCT"
    plan = rp.loads(json.dumps(document))
    assert json.loads(rp.dumps(plan)) == document
    assert plan.person.communication[0] == "Large print, please."
    assert plan.person.communication[2] == Need(kind=NeedKind.LARGE_PRINT, size=20)
    assert plan.service is not None
    assert plan.service.country == "GB-SCT"
    assert plan.circle[0].language == "pl"


def test_the_reference_plan_keeps_its_free_text() -> None:
    plan = rp.load(BUNDLED)
    assert all(isinstance(need, str) for need in plan.person.communication)
    assert json.loads(rp.dumps(plan)) == reference()


@pytest.mark.parametrize(
    ("need", "message"),
    [
        (
            {"kind": "bsl", "size": 20},
            "only a large-print need has a print size, and this need's kind is 'bsl'",
        ),
        (
            {"kind": "large-print", "size": 9},
            "a print size of 9 points is too small or too large for large print",
        ),
        ({"kind": "interpreter"}, "an interpreter need says which language"),
        ({"kind": "audio", "language": "pl"}, "only an interpreter need has a language"),
        ({"kind": "other"}, "an `other` need says what the need is"),
        ({"kind": "sign"}, "'sign'"),
        (5, "expected text or a need object"),
    ],
)
def test_a_need_that_does_not_fit_is_reported_at_its_path(need: Any, message: str) -> None:
    with pytest.raises(rp.PlanFormatError) as raised:
        with_needs(["Large print", need])
    text = str(raised.value)
    assert "$.person.communication[1]" in text
    assert message in text


def test_needs_are_made_in_python_from_text_and_needs() -> None:
    person = rp.Person(
        id="p", name="Ana", communication=["Slowly, please", Need(kind="large-print", size=24)]
    )
    assert person.communication[1] == Need(kind=NeedKind.LARGE_PRINT, size=24)
    with pytest.raises(rp.PlanValueError, match="expected text or a Need"):
        rp.Person(id="p", name="Ana", communication=[3])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("needs", "size"),
    [
        ((), None),
        (("I like a cup of tea first",), None),
        (("Large print, please (16 point or bigger).",), 16),
        (("large-print 20pt",), 20),
        (("Large print",), DEFAULT_LARGE_PRINT),
        ((Need(kind=NeedKind.LARGE_PRINT),), DEFAULT_LARGE_PRINT),
        ((Need(kind=NeedKind.LARGE_PRINT, size=28), "Large print 16 point"), 28),
        ((Need(kind=NeedKind.EASY_READ),), None),
    ],
)
def test_large_print_size(needs: tuple[str | Need, ...], size: int | None) -> None:
    assert large_print_size(needs) == size


def test_need_words_say_each_kind_and_its_detail() -> None:
    assert [need_words(_need(d)) for d in CODED] == [
        "Large print, please.",
        "Easy read",
        "Large print (20 pt)",
        "Braille: Grade 2, please",
        "Audio or screen reader",
        "An interpreter (pl)",
        "A BSL interpreter",
        "Phone before visiting",
    ]


def _need(data: Any) -> str | Need:
    return data if isinstance(data, str) else Need(**data)


# -- the copies meet the needs ---------------------------------------------------------------


def _print_rule(html: str) -> str:
    media = html.split("@media print", 1)[1]
    return media.split("html.large-print {", 1)[1].split("}", 1)[0]


def test_the_person_gets_large_print_at_their_size() -> None:
    plan = with_needs([{"kind": "large-print", "size": 20}])
    page = rp.render(plan, audience="person", format="html", today=TODAY)
    assert '<html lang="en-GB" class="large-print">' in page
    assert _print_rule(page).strip() == "font-size: 20pt;"
    # Smaller than the usual large print: the usual large print (16 pt), which is bigger still.
    usual = rp.render(with_needs(["Large print (14 pt)"]), audience="person", today=TODAY)
    assert _print_rule(usual).strip() == "font-size: 16pt;"


def test_large_print_can_be_turned_off_and_staff_copies_are_ordinary() -> None:
    plan = with_needs([{"kind": "large-print", "size": 20}])
    off = rp.render(plan, audience="person", format="html", today=TODAY, large_print=False)
    staff = rp.render(plan, audience="staff", format="html", today=TODAY)
    for page in (off, staff):
        assert 'class="large-print"' not in page


def test_a_member_gets_large_print_from_their_own_needs() -> None:
    plan = with_needs([], member=[{"kind": "large-print", "size": 24}])
    member = plan.circle[0].id
    page = rp.render(plan, audience=member, format="html", today=TODAY)
    assert 'class="large-print"' in page
    assert _print_rule(page).strip() == "font-size: 24pt;"
    other = rp.render(plan, audience="ali", format="html", today=TODAY)
    assert 'class="large-print"' not in other


# -- FHIR -------------------------------------------------------------------------------------


def test_coded_needs_travel_through_fhir_unchanged() -> None:
    document = reference()
    document["person"]["communication"] = CODED
    document["circle"][0]["communication"] = ["", {"kind": "braille"}]
    document["circle"][0]["language"] = "cy"
    document["service"]["country"] = "GB-WLS"
    plan = rp.loads(json.dumps(document))
    assert rp.from_fhir(rp.to_fhir(plan)) == (plan, [])


@settings(max_examples=25)
@given(parts(rp.Person))
def test_every_drawn_person_keeps_their_needs_through_fhir(person: rp.Person) -> None:
    plan = attrs.evolve(rp.load(BUNDLED), person=person)
    back, _ = rp.from_fhir(rp.to_fhir(plan))
    assert back.person.communication == person.communication
