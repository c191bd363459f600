"""Consent is decided once, on the data: :func:`recoveryplan.audience.disclose`.

Every field of the plan says in its metadata which shared section it belongs to; redaction is
worked out from that; the :class:`~recoveryplan.audience.Disclosure` it returns is what the
template context, the views and batch rendering read. These tests hold each part of that:
what reaches a template is exactly what the decision allows, nothing of an unshared section or
a private item is in it, no other module decides from ``plan.sharing``, and a view's section
is changed in one table for every caller at once.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan import audience, batch, views
from recoveryplan._fields import EVERY_READER, NO_MEMBER, OWN_ENTRIES, shown_to
from recoveryplan.audience import VIEW_SECTIONS, Disclosure, disclose, disclosures, section_of
from recoveryplan.context import template_context
from recoveryplan.plan import IDENTIFIED
from recoveryplan.sharing import Section
from recoveryplan.testing.strategies import extensions, plans

from ..support.reference import TODAY

MARKER = re.compile(r"M[0-9a-f]{32}")
MARKERS = st.uuids().map(lambda u: f"M{u.hex}")


def marked_plans() -> st.SearchStrategy[rp.Plan]:
    """Plans whose every free text is a marker, so a marker found says which field it is."""
    return plans(text=MARKERS, extension=extensions(text=MARKERS), max_goals=8, max_depth=3)


def strings(value: Any) -> Iterator[str]:
    """Every text reachable in a value: a plan, a part of one, or a template context."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            yield from strings(key)
            yield from strings(inner)
    elif isinstance(value, list | tuple | set | frozenset):
        for inner in value:
            yield from strings(inner)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from strings(getattr(value, field.name))


def identified(value: Any) -> Iterator[Any]:
    """Every part with an id held in a value, however deep."""
    if isinstance(value, IDENTIFIED):
        yield value
    if isinstance(value, list | tuple):
        for inner in value:
            yield from identified(inner)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from identified(getattr(value, field.name))


def plan_values(plan: rp.Plan) -> set[str]:
    """The values of a plan that say which part of it they come from: its texts (markers)
    and the ids of its parts (unique in every generated plan)."""
    return {text for text in strings(plan) if MARKER.fullmatch(text)} | {
        plan.id,
        *plan.index(),
    }


def own(value: Any) -> set[str]:
    """The markers and the ids of the parts a value holds itself (not the ids it refers to)."""
    return {text for text in strings(value) if MARKER.fullmatch(text)} | {
        part.id for part in identified(value)
    }


def hidden_from(plan: rp.Plan, decision: Disclosure) -> set[str]:
    """What a circle member must never be shown, worked out from the whole plan: every
    section not shared with them (bar what they raised themselves in the assessment, and the
    names of the people their copy mentions), every private item, and every field no member
    sees."""
    member = decision.member
    assert member is not None
    hidden: set[str] = set()
    for field in attrs.fields(rp.Plan):
        value = getattr(plan, field.name)
        section = section_of(field)
        if shown_to(field) == NO_MEMBER:
            hidden |= own(value)
        if section is None or section in decision.sections:
            continue
        if section is Section.ASSESSMENT and value is not None:
            hidden |= own([item for item in value.items if item.raised_by != member.id])
        elif section is Section.CIRCLE:
            hidden |= {
                text
                for person in value
                if person.id != member.id
                for text in (person.relationship, person.contact)
                if text
            }
        else:
            hidden |= own(value)
    if plan.assessment is not None:
        hidden |= own([item for item in plan.assessment.items if item.private])
    repeated = {text for text, count in Counter(strings(plan)).items() if count > 1}
    return hidden - repeated


def context_values(plan: rp.Plan, reader: str, view: str, *, full_history: bool) -> set[str]:
    """The plan's values that reach the template of ``view`` for ``reader``."""
    context = template_context(
        plan, reader, "html", today=TODAY, view=view, full_history=full_history
    )
    return set(strings(context)) & plan_values(plan)


def allowed(plan: rp.Plan, decision: Disclosure) -> set[str]:
    """What the decision lets reach a template: its redacted plan, and who the reader is."""
    return (set(strings(decision.plan)) | set(strings(decision.member))) & plan_values(plan)


@settings(deadline=None)
@given(plan=marked_plans())
def test_what_reaches_a_template_is_exactly_what_the_decision_allows(plan: rp.Plan) -> None:
    for decision in disclosures(plan):
        for view in decision.views:
            if view in ("safety-plan", "crisis-card") and not views.has_safety_plan(decision.plan):
                with pytest.raises(rp.PlanValueError):
                    template_context(plan, decision.reader, "html", today=TODAY, view=view)
                continue
            expected = allowed(plan, decision)
            whole = context_values(plan, decision.reader, view, full_history=True)
            assert whole == expected, (decision.reader, view, whole ^ expected)
            current = context_values(plan, decision.reader, view, full_history=False)
            assert current <= expected, (decision.reader, view, current - expected)
            if decision.member is not None:
                leaked = whole & hidden_from(plan, decision)
                assert not leaked, (decision.reader, view, leaked)


@settings(deadline=None)
@given(plan=marked_plans())
def test_the_decision_follows_the_persons_consent(plan: rp.Plan) -> None:
    readers = [decision.reader for decision in disclosures(plan)]
    members = [member.id for member in plan.circle]
    agreed = {
        member: {
            section
            for entry in plan.sharing
            if entry.member == member
            for section in entry.sections
        }
        for member in members
    }
    assert readers == ["person", "staff", *(m for m in members if agreed[m])]
    for decision in disclosures(plan):
        context = template_context(plan, decision.reader, "html", today=TODAY)
        assert context["shared"] == decision.shared
        assert context["member"] == decision.member
        if decision.member is None:
            assert decision.plan is plan
            assert decision.sections == tuple(Section)
            assert decision.views == tuple(VIEW_SECTIONS)
            continue
        assert set(decision.sections) == agreed[decision.reader]
        assert decision.views == tuple(
            view
            for view, needed in VIEW_SECTIONS.items()
            if needed in (None, *agreed[decision.reader])
        )
        assert {entry.member for entry in decision.plan.sharing} <= {decision.reader}
        for key in context["sections"]:
            if key in Section.values():
                assert Section(key) in decision.sections, key
    for member in members:
        if not agreed[member]:
            with pytest.raises(rp.ConsentError):
                disclose(plan, member)


# -- the fields say which section they belong to -------------------------------------------


RULES = {EVERY_READER, NO_MEMBER, OWN_ENTRIES, *Section.values()}


def test_every_field_of_the_plan_says_who_may_see_it() -> None:
    unsaid = [field.name for field in attrs.fields(rp.Plan) if shown_to(field) not in RULES]
    assert not unsaid, f"add shown_to= to the metadata of Plan.{', Plan.'.join(unsaid)}"


def test_every_section_holds_a_field_of_the_plan() -> None:
    claimed = {section_of(field) for field in attrs.fields(rp.Plan)}
    assert [section for section in Section if section not in claimed] == []


def test_the_fields_belong_to_these_sections() -> None:
    said = {field.name: shown_to(field) for field in attrs.fields(rp.Plan)}
    assert said == {
        "id": EVERY_READER,
        "framework": EVERY_READER,
        "person": EVERY_READER,
        "service": EVERY_READER,
        "created_on": EVERY_READER,
        "next_review_on": "reviews",
        "circle": "circle",
        "assessment": "assessment",
        "outcomes": "outcomes",
        "ratings": "ratings",
        "risk_plans": "risk_plans",
        "safety_plan": "safety_plan",
        "reviews": "reviews",
        "agreements": "reviews",
        "sharing": OWN_ENTRIES,
        "extensions": NO_MEMBER,
    }
    person = {field.name: shown_to(field) for field in attrs.fields(rp.Person)}
    assert person["date_of_birth"] == person["communication"] == NO_MEMBER


def sharing(plan: rp.Plan, **sections: tuple[Section, ...]) -> rp.Plan:
    return attrs.evolve(
        plan,
        sharing=tuple(
            rp.SharingConsent(member=member, sections=shared) for member, shared in sections.items()
        ),
    )


def test_the_next_review_date_follows_the_reviews_because_its_metadata_says_so(
    morag: rp.Plan,
) -> None:
    plan = attrs.evolve(morag, next_review_on=date(2026, 9, 1))
    assert section_of(attrs.fields(rp.Plan).next_review_on) is Section.REVIEWS
    given = sharing(plan, eilidh=(Section.REVIEWS,), ali=(Section.OUTCOMES,))
    assert disclose(given, "eilidh").plan.next_review_on == date(2026, 9, 1)
    assert disclose(given, "ali").plan.next_review_on is None


def test_fields_no_member_sees_are_empty_in_every_members_copy(morag: rp.Plan) -> None:
    plan = sharing(morag, eilidh=tuple(Section))
    plan = attrs.evolve(plan, extensions={"org.riverside": {"ward": "M1"}})
    shown = disclose(plan, "eilidh").plan
    assert shown.extensions == {}
    assert shown.person.date_of_birth is None
    assert shown.person.communication == ()
    assert shown.person.name == plan.person.name
    assert shown.circle == plan.circle
    assert disclose(plan, "staff").plan.extensions == {"org.riverside": {"ward": "M1"}}


# -- only the consent module decides from plan.sharing -------------------------------------


PACKAGE = Path(rp.__file__).parent

MAY_READ_SHARING = {
    "audience.py": "the consent module: the one place that decides who sees what",
    "builtin/integrity.py": "checks that each sharing entry names a circle member and real "
    "sections; it decides nothing about who sees what",
    "caseload/tables.py": "reports when consent was given and how many entries a plan has, "
    "for the caseload evidence; what each member may see it reads from shared_sections",
    "fhir/": "carries the consent to and from FHIR Consent resources, as the format does",
    "web/edits.py": "writes the person's own choice on the sharing page, keeping an entry "
    "they left as it was; what each member may see it reads from shared_sections",
}
"""Where ``plan.sharing`` may be read, and why; anywhere else is a second consent decision."""


def second_decisions(root: Path) -> list[str]:
    """Every place under ``root`` that reads ``.sharing`` outside :data:`MAY_READ_SHARING`."""
    found = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root).as_posix()
        if any(
            where == allowed or (allowed.endswith("/") and where.startswith(allowed))
            for allowed in MAY_READ_SHARING
        ):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.expr):
                continue
            reads = isinstance(node, ast.Attribute) and node.attr == "sharing"
            named = (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and any(
                    isinstance(arg, ast.Constant) and arg.value == "sharing" for arg in node.args
                )
            )
            if reads or named:
                found.append(f"{where}:{node.lineno}")
    return found


def test_only_the_consent_module_decides_from_the_persons_consent() -> None:
    others = second_decisions(PACKAGE)
    assert not others, (
        "these read plan.sharing; read the reader's Disclosure (recoveryplan.audience.disclose) "
        "instead, or add the module to MAY_READ_SHARING with the reason it decides nothing: "
        + ", ".join(others)
    )


def test_the_source_scan_finds_a_second_decision(tmp_path: Path) -> None:
    (tmp_path / "audience.py").write_text("def shared(plan):\n    return plan.sharing\n")
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "all.py").write_text(
        "def readers(plan):\n    return [c.member for c in getattr(plan, 'sharing')]\n"
    )
    (tmp_path / "views.py").write_text(
        "from .sharing import Section\n\ndef suits(plan, m):\n"
        "    return any(c.member == m for c in plan.sharing)\n"
    )
    assert second_decisions(tmp_path) == ["cli/all.py:2", "views.py:4"]


# -- one table says which section each view needs ------------------------------------------


@pytest.fixture
def shared_plan(morag: rp.Plan) -> rp.Plan:
    """Eilidh is given the outcomes and the safety plan, Ali the ratings; James nothing."""
    return sharing(
        morag,
        eilidh=(Section.OUTCOMES, Section.SAFETY_PLAN),
        ali=(Section.RATINGS,),
    )


def callers_agree(plan: rp.Plan, view: str) -> dict[str, bool]:
    """Whether each reader has ``view``, asked of check_view, suits and batch rendering."""
    in_batch = batch.readers(plan, view)
    found: dict[str, bool] = {}
    for reader in ("person", "staff", "eilidh", "ali"):
        try:
            views.check_view(view, disclose(plan, reader))
            checked = True
        except rp.ConsentError:
            checked = False
        assert views.suits(view, plan, reader) is checked, reader
        assert (reader in in_batch) is checked, reader
        found[reader] = checked
    return found


def test_a_new_view_is_one_entry_for_every_caller(
    shared_plan: rp.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(rp.PlanValueError, match="not a view"):
        views.check_view("ratings-card", disclose(shared_plan, "ali"))
    monkeypatch.setitem(VIEW_SECTIONS, "ratings-card", Section.RATINGS)
    assert callers_agree(shared_plan, "ratings-card") == {
        "person": True,
        "staff": True,
        "eilidh": False,
        "ali": True,
    }
    assert "ratings-card" in disclose(shared_plan, "ali").views


def test_changing_what_a_view_needs_is_one_entry_for_every_caller(
    shared_plan: rp.Plan, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert callers_agree(shared_plan, "review") == {
        "person": True,
        "staff": True,
        "eilidh": False,
        "ali": False,
    }
    monkeypatch.setitem(VIEW_SECTIONS, "review", Section.OUTCOMES)
    assert callers_agree(shared_plan, "review") == {
        "person": True,
        "staff": True,
        "eilidh": True,
        "ali": False,
    }
    context = template_context(shared_plan, "eilidh", "html", today=TODAY, view="review")
    assert context["document"] == "review"
    with pytest.raises(rp.ConsentError, match="outcomes with Ali"):
        template_context(shared_plan, "ali", "html", today=TODAY, view="review")
    path = tmp_path / "morag.json"
    rp.dump(shared_plan, path)
    job = batch.RenderJob(out_dir=str(tmp_path), audience="all", format="txt", today=TODAY)
    done = attrs.evolve(job, view="review")(str(path))
    assert done.ok, done.problems
    assert sorted(Path(name).name for name in done.written) == [
        "morag.eilidh.txt",
        "morag.person.txt",
        "morag.staff.txt",
    ]


def test_the_older_check_view_call_reads_the_same_decision(shared_plan: rp.Plan) -> None:
    member = shared_plan.member("ali")
    shown = disclose(shared_plan, "ali").plan
    with pytest.raises(rp.ConsentError, match="reviews with Ali"):
        views.check_view("review", shared_plan, shown, member, ["reviews"])
    views.check_view("plan", shared_plan, shown, member, ())
    assert audience.redact(shared_plan, "ali") == shown
