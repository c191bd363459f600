"""The review pack from the store by itself: what changed since the last review, from the
revision the store held that day; who wrote each change, where the reader may know; and FHIR
exports recorded in the disclosure log like any copy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import pytest

import recoveryplan as rp
from recoveryplan.store import database

LATER = date(2026, 6, 22)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[database.Store]:
    with rp.open_store(tmp_path / "plans.db") as opened:
        yield opened


@pytest.fixture
def saved(store: database.Store, morag: rp.Plan, monkeypatch: pytest.MonkeyPatch) -> list[rp.Plan]:
    """Morag's plan saved on the day of her review, then changed by three people after it."""
    times = iter(datetime(2026, month, day, 12, tzinfo=UTC) for month, day in STAMPS)
    monkeypatch.setattr(database, "_now", lambda: next(times, AFTERWARDS))
    versions = [
        morag,
        morag.with_goal_status("g-bus-on-my-own", "achieved", on=date(2026, 6, 20)),
    ]
    versions.append(
        versions[-1].with_rating(
            rp.Rating(on=date(2026, 6, 21), domain="hope", value=8, by="person")
        )
    )
    versions.append(versions[-1].evolve_item("g-food-hygiene", status_note="Booked for July."))
    base = None
    for version, by in zip(versions, AUTHORS, strict=True):
        base = store.save(version, by=by, why="an edit", base=base).number
    return versions


STAMPS = [(6, 1), (6, 20), (6, 21), (6, 22)]
AFTERWARDS = datetime(2026, 6, 22, 13, tzinfo=UTC)
"""When the copies are made (and anything saved after the four versions)."""
AUTHORS = ["k.ross", "james", "person", "k.lee"]
ACHIEVED = "Morag achieved the small goal “Do the journey on my own and text James when I arrive”"
RATED = "Hope and optimism about the future rating moved from 6 to 8 on 21 June 2026"
NOTED = "was set to “Booked for July”"


def pack(
    store: database.Store,
    plan_id: str,
    reader: str,
    *,
    since: rp.Plan | int | None = None,
    revision: int | None = None,
) -> str:
    document = store.render(
        plan_id,
        reader,
        "md",
        by="k.lee",
        view="review",
        today=LATER,
        since=since,
        revision=revision,
    )
    return " ".join(document.split())


def test_the_pack_says_what_changed_since_the_revision_at_the_last_review(
    store: database.Store, saved: list[rp.Plan]
) -> None:
    text = pack(store, saved[0].id, "staff")
    assert "3 changes since the last review." in text
    by_hand = rp.render(saved[-1], "staff", "md", view="review", today=LATER, since=saved[0])
    assert isinstance(by_hand, str)
    assert ACHIEVED in by_hand  # the same changes as from the older plan passed in Python
    assert text.count(ACHIEVED) == 1


def test_each_change_says_who_wrote_it_for_the_staff(
    store: database.Store, saved: list[rp.Plan]
) -> None:
    text = pack(store, saved[0].id, "staff")
    assert f"{ACHIEVED} on 20 June 2026 (written by James Okafor)" in text
    assert f"{RATED} (written by Morag)" in text
    assert f"{NOTED} (written by k.lee)" in text  # a staff id outside the circle: staff only


def test_the_person_is_not_shown_a_staff_id_and_reads_me_for_herself(
    store: database.Store, saved: list[rp.Plan]
) -> None:
    text = pack(store, saved[0].id, "person")
    assert f"{RATED} (written by me)" in text
    assert "(written by James Okafor)" in text
    assert "k.lee" not in text
    assert f"{NOTED} (written" not in text


def test_a_member_is_told_only_of_authors_they_may_see(
    store: database.Store, saved: list[rp.Plan], morag: rp.Plan
) -> None:
    # Eilidh given the reviews; the circle is not shared with her, so she sees only who her
    # copy names: James is named in her copy (the bus plan's safeguards), k.lee never.
    eilidh, ali = morag.sharing
    widened = attrs.evolve(eilidh, sections=(*eilidh.sections, rp.Section.REVIEWS))
    plan, revision = store.latest(morag.id)
    store.save(
        attrs.evolve(plan, sharing=(widened, ali)), by="k.ross", why="consent", base=revision.number
    )
    text = pack(store, morag.id, "eilidh")
    assert "(written by James Okafor)" in text
    assert "k.lee" not in text
    assert "k.ross" not in text


def test_since_may_name_a_revision_or_give_an_older_plan(
    store: database.Store, saved: list[rp.Plan]
) -> None:
    from_third = pack(store, saved[0].id, "staff", since=3)
    assert "1 change since the last review." in from_third
    assert f"{NOTED} (written by k.lee)" in from_third
    given = pack(store, saved[0].id, "staff", since=saved[2])
    assert "1 change since the last review." in given
    assert "(written by" not in given  # an older plan from outside the store: no authors


def test_a_plan_stored_after_its_last_review_is_compared_with_its_first_revision(
    store: database.Store, morag: rp.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    times = iter([datetime(2026, 6, 10, tzinfo=UTC), datetime(2026, 6, 12, tzinfo=UTC)])
    monkeypatch.setattr(database, "_now", lambda: next(times, AFTERWARDS))
    store.save(morag, by="k.ross", why="into the store", base=None)
    achieved = morag.with_goal_status("g-dosette", "achieved", on=date(2026, 6, 11))
    store.save(achieved, by="james", why="dosette", base=1)
    text = pack(store, morag.id, "staff")
    assert "1 change since the last review." in text
    assert "(written by James Okafor)" in text


def test_a_plan_never_reviewed_has_no_changes_section(
    store: database.Store, morag: rp.Plan
) -> None:
    store.save(attrs.evolve(morag, reviews=()), by="k.ross", why="new", base=None)
    assert "What changed since" not in pack(store, morag.id, "staff")


def test_since_is_only_for_the_review_pack(store: database.Store, saved: list[rp.Plan]) -> None:
    with pytest.raises(rp.PlanValueError, match="only the review pack shows"):
        store.render(saved[0].id, "staff", "md", by="k.lee", view="plan", since=2)


def test_a_review_pack_from_the_store_is_recorded(
    store: database.Store, saved: list[rp.Plan]
) -> None:
    pack(store, saved[0].id, "person")
    [record] = store.disclosures(saved[0].id)
    assert (record.reader, record.view, record.by, record.revision) == (
        "person",
        "review",
        "k.lee",
        4,
    )


def test_a_fhir_export_is_recorded_in_the_disclosure_log(
    store: database.Store, saved: list[rp.Plan]
) -> None:
    bundle = store.to_fhir(saved[0].id, 2, by="k.lee")
    assert rp.fhir_revision(bundle) is not None
    [record] = store.disclosures(saved[0].id)
    assert (record.reader, record.view, record.by, record.revision) == ("staff", "fhir", "k.lee", 2)
    assert record.sections == tuple(rp.Section)


def test_a_fhir_export_needs_to_say_who_made_it(
    store: database.Store, saved: list[rp.Plan]
) -> None:
    with pytest.raises(rp.PlanValueError, match="say who made the copy"):
        store.to_fhir(saved[0].id, by=" ")
    assert store.disclosures(saved[0].id) == []


def test_the_stored_pack_for_the_review_day_itself(
    store: database.Store, saved: list[rp.Plan]
) -> None:
    text = pack(store, saved[0].id, "staff", revision=1)
    assert "Nothing has changed since the last review." in text
