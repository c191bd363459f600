"""A pseudo-locale for the library's own messages: a catalogue made here translates every
message of ``recoveryplan-messages.pot`` into a marked form, and every finding the checks make
under it must be marked through and through, apart from what the plan itself supplies (names,
quoted text, ids, paths) and the proper names the issue lets stay English."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan import messages
from recoveryplan.builtin import integrity
from recoveryplan.language import language_rules
from recoveryplan.messages import speaking
from recoveryplan.plugins import frameworks
from recoveryplan.serialize import from_data
from recoveryplan.testing.strategies import plans

from ..support.pseudo import catalogues_in, compile_pseudo, mark
from ..support.reference import BUNDLED, TODAY

PSEUDO = "ka"
"""A language with no catalogue of its own, whose dates and numbers are in its own script."""


def _mark(message: str) -> str:
    """``message`` in the pseudo-locale — except the English pronoun and verb forms, which a
    translation leaves out (as the translators' comments say it may), using the person's name
    instead."""
    return mark(message, lambda holder: _ENGLISH_FORMS.sub("%(name)s", holder))


_ENGLISH_FORMS = re.compile(r"%\((?:they|their|them|are|was|do|enjoy|want|think)\)s")


@pytest.fixture(scope="module")
def pseudo_catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A compiled catalogue translating every message of the template."""
    root = tmp_path_factory.mktemp("messages")
    compile_pseudo(root, PSEUDO, messages.DOMAIN, marking=_mark)
    return root


@pytest.fixture
def pseudo(pseudo_catalogues: Path) -> Iterator[None]:
    with catalogues_in(pseudo_catalogues):
        yield


_PROPER_NAMES = re.compile(r"\b(?:NHS|CHIME|BSL|recoveryplan)\b")


def _values(plan: rp.Plan) -> list[str]:
    """What a message may carry from the plan and its framework, as they are written."""
    framework = frameworks().get(plan.framework)
    found = [plan.person.called, plan.id, plan.framework, *(m.name for m in plan.circle)]
    found += list(frameworks())
    for needs in (plan.person.communication, *(m.communication for m in plan.circle)):
        found += [str(getattr(need, "language", "") or "") for need in needs]
    found += [part.id for _path, part in plan.identified()]
    if framework is not None:
        found += [framework.name, *framework.domain_ids]
    return sorted({value for value in found if value}, key=len, reverse=True)


def _escaped(finding: rp.Finding, plan: rp.Plan) -> str:
    """What is left of a message once the marked words, what the plan supplies and the
    proper names are taken out: nothing a reader could read as English, not even a value put
    in a placeholder (a status, a part's name) that the library writes itself."""
    left = finding.message
    # Ids are quoted; quoted text and a phrase the language check found are in double quotes
    # (none holds a marked sentence); paths start with $; a field of the format is named by
    # its key (target_on).
    for supplied in (
        r"'[\w.\-]*'",
        r'"[^"⟦⟧]*"',
        r"\$[\w.\[\]\-]*",
        r"\b[a-z]+(?:_[a-z]+)+\b",
    ):
        left = re.sub(supplied, " ", left)
    for value in _values(plan):
        left = left.replace(value, " ")
    left = _PROPER_NAMES.sub(" ", left)
    return re.sub(r"\b[x_]+\b", " ", re.sub(r"[⟦⟧]", " ", left))


def _assert_marked(findings: list[rp.Finding], plan: rp.Plan) -> None:
    for finding in findings:
        left = _escaped(finding, plan)
        assert not re.search(r"[A-Za-z]{2,}", left), (finding.code, finding.message, left)


def _broken(document: dict[str, Any]) -> dict[str, Any]:
    """The reference plan with one of nearly everything an integrity check finds."""
    doc = copy.deepcopy(document)
    doc["ratings"][7]["value"] = 11
    doc["outcomes"][0]["goals"][1]["goals"][1]["id"] = "g-sunday-lunch"
    doc["outcomes"][0]["domain"] = "not-a-domain"
    doc["circle"] += [
        {"id": "person", "name": "Tam Reid", "role": "peer"},
        {"id": "service", "name": "Jo Reid", "role": "peer"},
        {"id": "staff", "name": "Sam Reid", "role": "staff"},
    ]
    doc["sharing"][1]["with"] = "Ali"
    doc["sharing"] += [
        {"with": "eilidh", "sections": ["reviews"]},
        {"with": "person", "sections": ["reviews"]},
        {"with": "service", "sections": ["reviews", "reviews"]},
    ]
    doc["outcomes"][1]["based_on"] += ["hp-nefew", "g-sunday-lunch"]
    doc["risk_plans"][0]["supports"] += ["o-nowhere", "st-cooking"]
    doc["risk_plans"][0]["safeguards"][0]["addresses"] += ["cn-nowhere", "st-cooking"]
    doc["risk_plans"][0]["safeguards"][1]["by"] = "tam"
    doc["risk_plans"][0]["safeguards"][2]["by"] = doc["person"]["id"]
    doc["extensions"]["riverside"] = {}
    doc["reviews"][0]["decisions"] = [
        {"about": "cn-phone", "decision": "carried-on"},
        {"about": "g-nowhere", "decision": "carried-on"},
    ]
    return doc


def _coached(document: dict[str, Any]) -> dict[str, Any]:
    """The reference plan with every recovery-language rule's first example written by the
    service, and one text with more suggestions than the check makes."""
    doc = copy.deepcopy(document)
    examples = [rule.examples_match[0] for rule in language_rules()]
    doc["assessment"]["items"] += [
        {"id": f"nd-said-{i}", "kind": "need", "text": text, "voice": "service",
         "statutory_basis": "Mental Health (Care and Treatment) (Scotland) Act 2003"}
        for i, text in enumerate(examples)
    ]  # fmt: skip
    doc["reviews"][0]["changed"] = " ".join(examples[:1] * 60)
    return doc


def test_every_message_of_a_broken_plan_is_translated(pseudo: None) -> None:
    document = _broken(json.loads(BUNDLED.read_text(encoding="utf-8")))
    plan = from_data(document)
    found = rp.validate(plan, today=TODAY, language=PSEUDO)
    _assert_marked(found, plan)
    made = {finding.code for finding in found}
    integrity_codes = set(integrity.CODES) - {"rating.no-scale"}
    assert integrity_codes <= made, integrity_codes - made
    # And the same plan in English is written as it always was.
    english = rp.validate(plan, today=TODAY)
    assert [f.message for f in english] != [f.message for f in found]
    assert all("⟦" not in f.message for f in english)


def test_the_framework_unknown_and_a_failing_plugin_are_translated(pseudo: None) -> None:
    document = json.loads(BUNDLED.read_text(encoding="utf-8"))
    document["framework"] = "recovery-star"
    plan = from_data(document)
    found = rp.validate(plan, today=TODAY, language=PSEUDO)
    assert "framework.unknown" in {f.code for f in found}
    _assert_marked(found, plan)


def test_every_language_rule_speaks_the_language(pseudo: None) -> None:
    plan = from_data(_coached(json.loads(BUNDLED.read_text(encoding="utf-8"))))
    found = rp.validate(plan, today=TODAY, language=PSEUDO)
    codes = {finding.code for finding in found}
    assert {rule.code for rule in language_rules()} <= codes
    assert "language.not-checked" in codes
    _assert_marked(found, plan)


FEW = settings(
    max_examples=15,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@FEW
@given(plan=plans(text=st.just("qqq"), max_goals=6), today=st.sampled_from([TODAY]))
def test_no_word_of_a_practice_finding_escapes(pseudo: None, plan: rp.Plan, today: date) -> None:
    found = rp.validate(plan, today=today, language=PSEUDO)
    _assert_marked(found, plan)


def test_the_reference_plans_findings_are_all_translated(pseudo: None) -> None:
    """The reference plan's own warnings and notes (dates, statuses, steps inside a goal,
    the pronouns left out), in the pseudo-locale's words and its dates."""
    plan = rp.load(BUNDLED)
    found = rp.validate(plan, today=TODAY, language=PSEUDO)
    assert {f.code for f in found} >= {
        "goal.overdue",
        "risk.overdue",
        "circle.carer-no-support-plan",
    }
    _assert_marked(found, plan)
    assert not any("May 2026" in f.message for f in found)


def test_what_a_fhir_import_leaves_out_is_said_in_the_language_in_hand(pseudo: None) -> None:
    """Reading a bundle inside ``speaking(...)`` writes its findings in that language: a
    resource with no place in a plan, an element not carried, a reference not followed."""
    plan = rp.load(BUNDLED)
    bundle = rp.to_fhir(plan)
    bundle["entry"].append({"fullUrl": "urn:uuid:enc-1", "resource": {"resourceType": "Encounter"}})
    bundle["entry"].append({"fullUrl": "urn:uuid:enc-2", "resource": {"resourceType": "Encounter"}})
    goal = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal")
    goal["priority"] = {"text": "high"}
    goal["addresses"] = [{"reference": "Condition/elsewhere"}]
    with speaking(PSEUDO):
        _read, found = rp.from_fhir(bundle, today=TODAY)
    with speaking(None):
        _read, english = rp.from_fhir(bundle, today=TODAY)
    assert [(f.code, f.path) for f in found] == [(f.code, f.path) for f in english]
    assert any("Encounter" in f.message for f in found)
    assert len(found) >= 2
    for finding in found:  # FHIR's own names (Encounter, Goal.priority) stay as FHIR has them
        left = _escaped(finding, plan).replace("Encounter", " ")
        left = re.sub(r"\b[A-Z][a-z]+\.[a-z]+\b|Condition/elsewhere", " ", left)
        assert not re.search(r"[A-Za-z]{2,}", left), (finding.message, left)


def test_a_plugins_catalogue_is_merged_on_top_of_the_librarys(
    pseudo: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A plugin's own message is translated, and its correction of a library message wins."""
    from recoveryplan import plugins

    catalog = Catalog(locale=PSEUDO, domain="riverside")
    catalog.add("the cost centre is missing", "ⓒⓞⓢⓣ")
    catalog.add("the circle is empty", "ⓔⓜⓟⓣⓨ")
    folder = tmp_path / PSEUDO / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "riverside.mo").open("wb") as file:
        write_mo(file, catalog)
    monkeypatch.setattr(plugins, "plugin_translation_dirs", lambda: (tmp_path,))
    with speaking(PSEUDO):
        assert messages.gettext("the cost centre is missing") == "ⓒⓞⓢⓣ"
        assert messages.gettext("the circle is empty") == "ⓔⓜⓟⓣⓨ"
        assert messages.gettext("not set") == _mark("not set")
    with speaking(None):
        assert messages.gettext("the cost centre is missing") == "the cost centre is missing"
