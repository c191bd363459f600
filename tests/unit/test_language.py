"""Recovery language: the rules and their examples, check_language, the hook, validation of a
plan (whose voice is checked, and whose never is), where people see the notes, and the corpus.
"""

from __future__ import annotations

import copy
import json
import typing
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan import cli
from recoveryplan.builtin import language as language_checks
from recoveryplan.language import (
    LanguageRule,
    LanguageRuleError,
    builtin_rules,
    check_rule_examples,
    check_texts,
    rule_from_data,
    rules_from_toml,
)
from recoveryplan.language.inflect import words_named
from recoveryplan.serialize import from_data, to_data
from recoveryplan.testing.strategies import plans, texts

from ..support.paths import get_at, set_at
from ..support.reference import TODAY
from ..support.scripts import script

ROOT = Path(__file__).resolve().parents[2]
RULES = builtin_rules()
DEFICIT = "Service user is non-compliant and refuses to engage; challenging behaviour"


def _script() -> ModuleType:
    return script("scripts/update_language_doc.py")


SCRIPT = _script()


def phrases(text: str) -> list[tuple[str, str]]:
    return [(s.code, s.phrase) for s in rp.check_language(text)]


# -- the rules and their own examples ------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_every_built_in_rule_behaves_on_its_own_examples(rule: LanguageRule) -> None:
    assert check_rule_examples(rule) == []


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_every_built_in_rule_is_complete(rule: LanguageRule) -> None:
    assert rule.code.startswith("language.")
    assert len(rule.examples_match) >= 2
    assert len(rule.examples_no_match) >= 2
    assert rule.triggers or any(words_named(p) for p in rule.patterns), (
        "a built-in rule without triggers would be tried on every text"
    )
    assert rule.source, "a built-in rule names the published guidance it comes from"
    assert rule.why.endswith("."), "why is one sentence"
    assert rule.why.count(". ") == 0, "why is one sentence"


def test_the_built_in_rules_cover_the_issue() -> None:
    codes = {rule.code for rule in RULES}
    assert {
        "language.refused",
        "language.compliance",
        "language.challenging-behaviour",
        "language.suffers",
        "language.diagnosis-as-identity",
    } <= codes
    assert len(codes) == len(RULES) >= 15


def test_an_example_that_misbehaves_is_reported() -> None:
    rule = rule_from_data(
        {
            "code": "test.language.tea",
            "patterns": [r"\btea\b"],
            "why": "Test rule.",
            "alternatives": ["coffee"],
            "examples_match": ["A cup of coffee."],
            "examples_no_match": ["Tea at four."],
        }
    )
    assert check_rule_examples(rule) == [
        "test.language.tea: finds nothing in 'A cup of coffee.', which it must match",
        "test.language.tea: finds 'Tea' in 'Tea at four.', which it must not match",
    ]


def test_a_missing_trigger_word_shows_up_in_the_examples() -> None:
    rule = LanguageRule(
        code="test.language.refusal",
        patterns=(r"\brefus(?:ed|es)\b",),
        triggers=("refused",),
        why="Test rule.",
        alternatives=("chose not to",),
        examples_match=("He refused.", "She refuses."),
        examples_no_match=("He chose not to.",),
    )
    assert check_rule_examples(rule) == [
        "test.language.refusal: finds nothing in 'She refuses.', which it must match"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "Refused"}, "'Refused' is not a rule code"),
        ({"not_befor": ["x"]}, "language.x: unknown key not_befor"),
        ({"patterns": ["(unclosed"]}, "the patterns entry '(unclosed' is not a regular"),
        (
            {"not_before": ["(?P<who>staff) ", "(?P<who>nurse) "]},
            "the not_before entries are each a regular expression but not together",
        ),
        ({"alternatives": []}, "alternatives needs at least 1 entry"),
        ({"why": " "}, "why must be one plain sentence"),
        ({"triggers": ["non-compliant"]}, "the trigger 'non-compliant' is not one lower-case"),
        ({"examples_match": "One sentence."}, "examples_match must be a list of strings"),
    ],
)
def test_a_malformed_rule_is_refused_with_a_reason(data: dict[str, Any], message: str) -> None:
    rule = {
        "code": "language.x",
        "patterns": [r"\bx\b"],
        "why": "Because.",
        "alternatives": ["y"],
        "examples_match": ["x"],
        "examples_no_match": ["z"],
        **data,
    }
    with pytest.raises(LanguageRuleError, match=message.replace("(", r"\(")):
        rule_from_data(rule)


def test_a_missing_key_is_named() -> None:
    with pytest.raises(LanguageRuleError, match=r"language\.x: missing why, alternatives"):
        rule_from_data({"code": "language.x", "patterns": ["x"], "examples_match": ["x"]})


def test_rules_files_refuse_a_code_used_twice() -> None:
    table = """
[[rule]]
code = "language.x"
patterns = ['x']
why = "Because."
alternatives = ["y"]
examples_match = ["x"]
examples_no_match = ["z"]
"""
    assert [rule.code for rule in rules_from_toml(table)] == ["language.x"]
    with pytest.raises(LanguageRuleError, match=r"language\.x is used twice"):
        rules_from_toml(table + table)
    with pytest.raises(LanguageRuleError, match="not valid TOML"):
        rules_from_toml("[[rule]")


# -- check_language ------------------------------------------------------------------------


def test_check_language_gives_span_phrase_code_why_and_alternatives() -> None:
    text = "He refused his medication."
    (suggestion,) = rp.check_language(text)
    assert isinstance(suggestion, rp.LanguageSuggestion)
    assert suggestion.span == (3, 25)
    assert text[suggestion.start : suggestion.end] == suggestion.phrase == "refused his medication"
    assert suggestion.code == "language.refused"
    assert suggestion.why.startswith('"Refused" casts a person\'s choice as defiance')
    assert suggestion.alternatives[0] == (
        "chose not to take her medication today (and ask what would help)"
    )


def test_check_language_finds_every_phrase_in_order() -> None:
    assert phrases(DEFICIT) == [
        ("language.label-for-person", "Service user"),
        ("language.compliance", "non-compliant"),
        ("language.refused", "refuses to engage"),
        ("language.challenging-behaviour", "challenging behaviour"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "She refused to give up.",
        "He chose not to take it.",
        "The risk of relapse is low.",
        "",
        "Morag knows her early warning signs well and tells staff when she is struggling.",
    ],
)
def test_good_usage_gets_no_suggestion(text: str) -> None:
    assert rp.check_language(text) == []


@pytest.mark.parametrize(
    "text",
    [
        'She said "I refused my meds because they make me sleepy".',
        "He told us: “the staff think I’m non-compliant”.",
        "We no longer write 'challenging behaviour' in plans.",
        "In her own words, 'I'm a nutcase and everyone knows it'.",
        "'I'm just a drunk, always will be,' he said; later he said he'd like to cut down.",
        "She calls herself ‘a lost cause who’ll never change’.",
    ],
)
def test_quoted_words_are_not_suggested(text: str) -> None:
    assert rp.check_language(text) == []


def test_an_apostrophe_is_not_a_quotation_mark() -> None:
    assert phrases("Morag's sister said she's non-compliant") == [
        ("language.compliance", "non-compliant")
    ]


def test_an_apostrophe_inside_a_word_neither_opens_nor_closes_a_quotation() -> None:
    assert phrases("He's a drunk, isn't he, and she's non-compliant") == [
        ("language.label-noun", "drunk"),
        ("language.compliance", "non-compliant"),
    ]
    assert phrases("She said 'I don't need it' and Morag's sister said she's non-compliant") == [
        ("language.compliance", "non-compliant")
    ]


def test_text_that_is_not_ascii_is_checked_too() -> None:
    assert phrases("Au café, il a refusé... Morag refused her medication.") == [
        ("language.refused", "refused her medication")
    ]


def test_check_texts_checks_each_text_as_check_language_does() -> None:
    texts = ["He chose not to.", DEFICIT, "", "Client was compliant"]
    assert check_texts(texts) == [rp.check_language(text) for text in texts]
    assert check_texts(["Nothing here.", "Nor here."]) == [[], []]
    assert check_texts([]) == []


# -- the hook: an organisation's own rules -------------------------------------------------

CASE = {
    "code": "riverside.language.case",
    "patterns": [r"\b(?:his|her|their|the)\s+case\b(?!\s+(?:notes|file))"],
    "triggers": ["case"],
    "why": "Riverside writes about people, not cases.",
    "alternatives": ["use the person's name"],
    "examples_match": ["Her case was discussed."],
    "examples_no_match": ["Her case notes are in the office."],
}


class Riverside:
    @rp.hookimpl
    def register_language_rules(self) -> list[object]:
        return [CASE]


def test_a_plugins_rules_are_checked_and_obey_the_same_examples(
    register_plugin: Any, reference_path: Path
) -> None:
    register_plugin(Riverside(), name="riverside")
    rule = rule_from_data(CASE)
    assert check_rule_examples(rule) == []
    assert phrases("Her case was discussed; she refused support.") == [
        ("riverside.language.case", "Her case"),
        ("language.refused", "refused support"),
    ]
    document = json.loads(reference_path.read_text(encoding="utf-8"))
    document["reviews"][0]["next"] = "Close the case after the course."
    findings = [f for f in rp.validate(from_data(document), today=TODAY) if "language" in f.code]
    assert [(f.code, f.path) for f in findings] == [
        ("riverside.language.case", "$.reviews[0].next")
    ]


def test_a_language_rule_class_is_accepted_too(register_plugin: Any) -> None:
    class Typed:
        @rp.hookimpl
        def register_language_rules(self) -> list[LanguageRule]:
            return [rule_from_data(CASE)]

    register_plugin(Typed(), name="typed")
    assert phrases("The case is closed.") == [("riverside.language.case", "The case")]


def test_the_same_code_from_two_plugins_is_an_error_naming_both(register_plugin: Any) -> None:
    register_plugin(Riverside(), name="riverside")

    class Copy:
        @rp.hookimpl
        def register_language_rules(self) -> list[object]:
            return [dict(CASE)]

    register_plugin(Copy(), name="copycat")
    with pytest.raises(rp.PluginError) as caught:
        rp.check_language("text")
    assert str(caught.value) == (
        "the language rule code 'riverside.language.case' is registered by both "
        "'copycat' and 'riverside'"
    )


def test_a_built_in_code_from_a_plugin_names_the_built_in_plugin(register_plugin: Any) -> None:
    class Override:
        @rp.hookimpl
        def register_language_rules(self) -> list[object]:
            return [{**CASE, "code": "language.refused"}]

    register_plugin(Override(), name="override")
    with pytest.raises(rp.PluginError, match=r"'override' and 'recoveryplan\.builtin\.language'"):
        rp.check_language("text")


@pytest.mark.parametrize(
    ("returned", "message"),
    [
        ("oops", "returned str 'oops'; return a list of rules"),
        ([{**CASE, "code": "x"}], "language rule 'x' is not a rule code"),
        ([42], "language rule a language rule must be a dict"),
    ],
)
def test_a_plugin_returning_something_else_is_named(
    register_plugin: Any, returned: object, message: str
) -> None:
    class Faulty:
        @rp.hookimpl
        def register_language_rules(self) -> object:
            return returned

    register_plugin(Faulty(), name="faulty")
    with pytest.raises(rp.PluginError) as caught:
        rp.check_language("text")
    assert str(caught.value).startswith(f"plugin 'faulty', hook register_language_rules: {message}")
    assert (caught.value.plugin, caught.value.hook) == ("faulty", "register_language_rules")


# -- validation: whose words are checked ---------------------------------------------------


@pytest.fixture
def doc(reference_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(reference_path.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def language_findings(document: dict[str, Any]) -> list[rp.Finding]:
    findings = rp.validate(from_data(document), today=TODAY)
    for finding in findings:
        get_at(document, finding.path)
    return [f for f in findings if f.code.startswith("language.")]


def test_the_reference_plan_has_no_language_findings(morag: rp.Plan) -> None:
    assert [f for f in rp.validate(morag, today=TODAY) if f.code.startswith("language.")] == []


def test_the_issues_example_gets_notes_at_the_right_paths(doc: dict[str, Any]) -> None:
    doc["assessment"]["items"][2]["text"] = DEFICIT
    doc["reviews"][0]["changed"] = "Client was compliant"
    findings = language_findings(doc)
    assert [(f.severity, f.code, f.path) for f in findings] == [
        ("info", "language.label-for-person", "$.assessment.items[2].text"),
        ("info", "language.compliance", "$.assessment.items[2].text"),
        ("info", "language.refused", "$.assessment.items[2].text"),
        ("info", "language.challenging-behaviour", "$.assessment.items[2].text"),
        ("info", "language.label-for-person", "$.reviews[0].changed"),
        ("info", "language.compliance", "$.reviews[0].changed"),
    ]
    assert findings[5] == rp.Finding(
        "info",
        "language.compliance",
        "$.reviews[0].changed",
        '"compliant" in the "what changed" note of the review on 1 June 2026: "Compliance" '
        "measures a person against the service's instructions; a recovery plan records what "
        'the person chose, and why. Try instead: say what the person chose and why: "has '
        'decided to take her medication each morning"; or "is not taking the tablets at the '
        'moment because they make her drowsy"; or "is following the plan we agreed together".',
    )
    assert findings[2].message.startswith(
        '"refuses to engage" in the text of assessment item st-warning-signs: '
    )


def test_the_same_words_in_the_persons_voice_get_none(doc: dict[str, Any]) -> None:
    doc["assessment"]["items"][0]["text"] = DEFICIT
    assert doc["assessment"]["items"][0]["voice"] == "person"
    assert language_findings(doc) == []


STAFF_TEXT = [
    "$.assessment.items[2].text",  # voice: service
    "$.assessment.items[10].text",  # voice: supporter
    "$.outcomes[2].status_note",
    "$.outcomes[2].goals[0].status_note",
    "$.outcomes[0].goals[1].goals[1].support[1].action",
    "$.risk_plans[0].contingency",
    "$.risk_plans[0].concerns[1].description",
    "$.risk_plans[0].capacity.note",
    "$.risk_plans[0].safeguards[2].action",
    "$.risk_plans[0].decision.dissent[0].note",  # by: priya
    "$.reviews[0].went_well",
    "$.reviews[0].changed",
    "$.reviews[0].next",
    "$.ratings[8].note",  # rewritten below as a rating by james
]

PERSONS_TEXT = [
    "$.assessment.items[0].text",
    "$.outcomes[0].statement",
    "$.outcomes[0].goals[0].statement",
    "$.outcomes[0].goals[0].celebration",
    "$.risk_plans[0].activity",
    "$.risk_plans[0].benefits[0]",
    "$.risk_plans[0].if_not_done",
    "$.risk_plans[0].persons_view",
    "$.safety_plan.warning_signs[0]",
    "$.safety_plan.coping_strategies[0]",
    "$.safety_plan.safer_environment[0]",
    "$.safety_plan.reasons_for_living[0]",
    "$.safety_plan.distractions[0].what",
    "$.ratings[8].note",  # by: person
    "$.person.communication[0]",
    "$.circle[0].relationship",
]


@pytest.mark.parametrize("path", STAFF_TEXT)
def test_text_in_the_services_or_a_supporters_voice_is_checked(
    doc: dict[str, Any], path: str
) -> None:
    if path.startswith("$.ratings"):
        doc["ratings"][8]["by"] = "james"
    set_at(doc, path, "He refused his medication.")
    assert [(f.code, f.path) for f in language_findings(doc)] == [("language.refused", path)]


@pytest.mark.parametrize("path", PERSONS_TEXT)
def test_text_in_the_persons_voice_is_never_checked(doc: dict[str, Any], path: str) -> None:
    set_at(doc, path, "I refused my medication. I'm non-compliant and in denial, staff say.")
    assert language_findings(doc) == []


def test_a_dissent_by_the_person_is_in_their_voice(doc: dict[str, Any]) -> None:
    doc["risk_plans"][0]["decision"]["dissent"][0] = {
        "by": "person",
        "note": "He refused his tablets.",
    }
    assert language_findings(doc) == []
    doc["risk_plans"][0]["decision"]["dissent"][0]["by"] = "service"
    assert [f.path for f in language_findings(doc)] == ["$.risk_plans[0].decision.dissent[0].note"]


def _types_in(hint: Any) -> list[Any]:
    """A hint and every hint inside it (``tuple[str | Need, ...]`` holds ``Need``)."""
    return [hint, *(inner for arg in typing.get_args(hint) for inner in _types_in(arg))]


def _text_fields(cls: type[Any], seen: set[type[Any]]) -> set[tuple[type[Any], str]]:
    """Every field holding text (or references, or lists of them) under a model class."""
    if cls in seen or not attrs.has(cls):
        return set()
    seen.add(cls)
    found: set[tuple[type[Any], str]] = set()
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        hint = hints[field.name]
        if typing.get_origin(hint) is dict:
            continue  # extensions: opaque to the library, never read
        args = [a for a in _types_in(hint) if a is not type(None) and a is not ...]
        inner = [a for a in args if isinstance(a, type)]
        if any(a is str for a in inner):
            found.add((cls, field.name))
        for part in inner:
            if attrs.has(part):
                found |= _text_fields(part, seen)
    return found


def test_every_text_field_of_the_model_says_whose_voice_it_is_in() -> None:
    # A new text field in the model must be placed in TEXT_VOICES: checked, or never checked.
    fields = _text_fields(rp.Plan, set())
    assert fields - set(language_checks.TEXT_VOICES) == set()
    assert set(language_checks.TEXT_VOICES) - fields == set()


def test_the_language_plugin_registers_the_built_in_rules_through_the_hook() -> None:
    assert "recoveryplan.builtin.language" in rp.plugins.DEFAULT_PLUGINS
    info = {p.name: p for p in rp.get_plugins()}["recoveryplan.builtin.language"]
    assert info.hooks == ("register_language_rules", "validate_plan")
    assert {rule.code: "info" for rule in RULES} | {
        "language.not-checked": "info"
    } == language_checks.CODES


# -- where people see it -------------------------------------------------------------------


def test_the_staff_view_lists_the_suggestions_with_their_alternatives(doc: dict[str, Any]) -> None:
    doc["reviews"][0]["changed"] = "Client was compliant"
    plan = from_data(doc)
    html = rp.render(plan, "staff", "html", today=TODAY)
    text = rp.render(plan, "staff", "txt", today=TODAY)
    for output in (html, text):
        assert "language.compliance" in output
        assert "is following the plan we agreed together" in output
    person = rp.render(plan, "person", "html", today=TODAY)
    assert "language.compliance" not in person


def test_validate_on_the_command_line_prints_them(
    doc: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc["reviews"][0]["went_well"] = "He was kicking off in the lounge."
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    status = cli.main(["validate", str(path), "--today", TODAY.isoformat()])
    out = capsys.readouterr().out
    assert status == 0
    assert (
        f'{path}: info: $.reviews[0].went_well: "kicking off" in the "what went well" note of '
        "the review on 1 June 2026: " in out
    )
    assert "[language.kicking-off]" in out


# -- the corpus ----------------------------------------------------------------------------


def test_precision_and_recall_on_the_labelled_corpus() -> None:
    corpus = SCRIPT.corpus()
    assert len(corpus["deficit"]) >= 60
    assert len(corpus["recovery"]) >= 60
    scores = SCRIPT.score()
    assert scores.precision >= 0.9, scores.alarmed
    assert scores.recall >= 0.8, scores.missed


def test_scoring_counts_what_it_should() -> None:
    # A rule that only knows "refused" finds few deficit sentences, and no recovery sentence
    # that uses the word well ("refused to give up").
    refused = tuple(rule for rule in RULES if rule.code == "language.refused")
    scores = SCRIPT.score(refused)
    assert scores.false_alarms == 0
    assert 0 < scores.found < scores.deficit / 4
    assert scores.recall == scores.found / scores.deficit
    everything = SCRIPT.score()
    assert everything.found + len(everything.missed) == everything.deficit


def test_the_docs_report_the_current_rules_and_figures() -> None:
    doc = ROOT / "docs" / "checks.md"
    text = doc.read_text(encoding="utf-8")
    assert SCRIPT.updated(text) == text, (
        "docs/checks.md is out of date with the language rules or the corpus: run "
        "`python scripts/update_language_doc.py` and commit the result"
    )
    scores = SCRIPT.score()
    assert f"precision {scores.precision:.2f}, recall {scores.recall:.2f}" in text


# -- properties ----------------------------------------------------------------------------

PHRASES = ["refused his medication", "non-compliant", "challenging behaviour", "Client was"]
NOTES = st.lists(st.one_of(st.sampled_from(PHRASES), texts(max_size=20)), max_size=4).map(" ".join)


@given(NOTES)
def test_every_suggestion_points_at_its_phrase(text: str) -> None:
    suggestions = rp.check_language(text)
    for suggestion in suggestions:
        assert text[suggestion.start : suggestion.end] == suggestion.phrase
    assert suggestions == sorted(suggestions, key=lambda s: (s.start, s.end, s.code))


@settings(max_examples=50)
@given(plans(text=NOTES, max_goals=6, max_depth=3))
def test_language_notes_point_only_at_staff_written_text_holding_the_phrase(
    plan: rp.Plan,
) -> None:
    data = to_data(plan)
    staff = {path for path, _, _ in language_checks.staff_written_text(plan)}
    for finding in rp.validate(plan, today=TODAY):
        if finding.code.startswith("language."):
            assert finding.severity == "info"
            assert finding.path in staff
            phrase = finding.message.split('"')[1]
            assert phrase in get_at(data, finding.path)


@settings(max_examples=50)
@given(plans(max_goals=8, max_depth=3))
def test_every_staff_text_path_leads_to_its_text(plan: rp.Plan) -> None:
    # The walk keeps each text's place and writes its path only when asked: every path it
    # writes is a distinct one, and leads in the plan's data to the very text it was kept with.
    data = to_data(plan)
    written = language_checks.staff_written_text(plan)
    assert len({path for path, _, _ in written}) == len(written)
    for path, _where, text in written:
        assert get_at(data, path) == text


# -- the evaluation sets ------------------------------------------------------------------


@pytest.mark.parametrize("path", [SCRIPT.HELDOUT, SCRIPT.DEV], ids=["held-out", "development"])
def test_precision_and_recall_on_the_evaluation_sets(path: Path) -> None:
    sentences = SCRIPT.labelled(path)
    assert len(sentences) >= 300
    assert sum(s.flagged for s in sentences) >= 140
    assert sum(not s.flagged for s in sentences) >= 140
    scores = SCRIPT.score_set(path)
    assert scores.precision >= 0.9, scores.alarmed
    assert scores.recall >= 0.8, scores.missed


def test_the_evaluation_sets_share_no_sentence() -> None:
    held = {s.sentence for s in SCRIPT.labelled(SCRIPT.HELDOUT)}
    dev = {s.sentence for s in SCRIPT.labelled(SCRIPT.DEV)}
    corpus = {s for group in SCRIPT.corpus().values() for s in group}
    assert held.isdisjoint(dev)
    assert held.isdisjoint(corpus)
    assert held.isdisjoint(example for rule in RULES for example in rule.examples_match)
    assert held.isdisjoint(example for rule in RULES for example in rule.examples_no_match)


@pytest.mark.parametrize("path", SCRIPT.MORE_DEV, ids=[path.name for path in SCRIPT.MORE_DEV])
def test_a_later_development_set_is_scored_and_shares_no_sentence(path: Path) -> None:
    sentences = SCRIPT.labelled(path)
    assert len(sentences) >= 80
    mine = {s.sentence for s in sentences}
    others = [SCRIPT.HELDOUT, SCRIPT.DEV, *(b.path for b in SCRIPT.FRESH)]
    others += [other for other in SCRIPT.MORE_DEV if other != path]
    assert mine.isdisjoint(s.sentence for other in others for s in SCRIPT.labelled(other))
    assert mine.isdisjoint(s for group in SCRIPT.corpus().values() for s in group)
    scores = SCRIPT.score_set(path)
    assert scores.precision >= 0.9, scores.alarmed
    assert scores.recall >= 0.8, scores.missed


@pytest.mark.parametrize("batch", SCRIPT.FRESH, ids=[b.path.name for b in SCRIPT.FRESH])
def test_a_fresh_batch_is_scored_and_shares_no_sentence(batch: Any) -> None:
    # Tuned on after its figures before were recorded: it must stay above the targets and
    # apart from every other set, so that the held-out set stays the untuned measure.
    fresh = SCRIPT.labelled(batch.path)
    assert len(fresh) >= 100
    sentences = {s.sentence for s in fresh}
    paths = [SCRIPT.HELDOUT, SCRIPT.DEV, *(b.path for b in SCRIPT.FRESH if b != batch)]
    assert sentences.isdisjoint(s.sentence for path in paths for s in SCRIPT.labelled(path))
    assert sentences.isdisjoint(s for group in SCRIPT.corpus().values() for s in group)
    assert sentences.isdisjoint(example for rule in RULES for example in rule.examples_match)
    assert sentences.isdisjoint(example for rule in RULES for example in rule.examples_no_match)
    scores = SCRIPT.score_set(batch.path)
    assert scores.precision >= 0.9, scores.alarmed
    assert scores.recall >= 0.8, scores.missed
    assert batch.found <= scores.flagged
    assert batch.false_alarms <= scores.clean


def test_scoring_a_set_counts_what_it_should() -> None:
    # The first version's rules alone catch well under half of the held-out set.
    refused = tuple(rule for rule in RULES if rule.code == "language.refused")
    scores = SCRIPT.score_set(SCRIPT.HELDOUT, refused)
    assert scores.false_alarms == 0
    assert 0 < scores.found < scores.flagged / 4
    assert scores.found + len(scores.missed) == scores.flagged
    refusal = [k for k in scores.by_kind if k[0] == "refusal"]
    assert refusal == [("refusal", True, scores.found, refusal[0][3])]


ALL_UNSEEN = (
    *SCRIPT.UNSEEN,
    *SCRIPT.UNSEEN_LATER,
    *SCRIPT.UNSEEN_NEWEST,
    *SCRIPT.UNSEEN_FOURTH,
    *SCRIPT.UNSEEN_FIFTH,
    *SCRIPT.UNSEEN_SIXTH,
    *SCRIPT.UNSEEN_SEVENTH,
    *SCRIPT.UNSEEN_EIGHTH,
)


BOUNDED_BY = (
    (SCRIPT.UNSEEN_LATER, SCRIPT.UNSEEN_LATER_BEFORE, "6"),
    (SCRIPT.UNSEEN_NEWEST, SCRIPT.UNSEEN_NEWEST_BEFORE, "7"),
    (SCRIPT.UNSEEN_FOURTH, SCRIPT.UNSEEN_FOURTH_BEFORE, "8"),
    (SCRIPT.UNSEEN_FIFTH, SCRIPT.UNSEEN_FIFTH_BEFORE, "9"),
    (SCRIPT.UNSEEN_SIXTH, SCRIPT.UNSEEN_SIXTH_BEFORE, "10"),
    (SCRIPT.UNSEEN_SEVENTH, SCRIPT.UNSEEN_SEVENTH_BEFORE, "11"),
    (SCRIPT.UNSEEN_EIGHTH, SCRIPT.UNSEEN_EIGHTH_BEFORE, "12"),
)
"""Each later set of unseen batches, its record of figures before tuning, and the version
whose figures bound the rules on it: the last one scored before the set was tuned on."""


@pytest.mark.parametrize("path", ALL_UNSEEN, ids=[path.name for path in ALL_UNSEEN])
def test_an_unseen_batch_is_kept_as_written_and_scored(path: Path) -> None:
    # Written without reading the rules; its figures before tuning stay in the docs, and the
    # rules tuned on it since must keep precision high and never find less than before.
    sentences = SCRIPT.labelled(path)
    assert len(sentences) == 160
    # The batches from g on hold six of each of the thirteen kinds of wording: 78 to rethink.
    sixes = (
        *SCRIPT.UNSEEN_NEWEST,
        *SCRIPT.UNSEEN_FOURTH,
        *SCRIPT.UNSEEN_FIFTH,
        *SCRIPT.UNSEEN_SIXTH,
        *SCRIPT.UNSEEN_SEVENTH,
        *SCRIPT.UNSEEN_EIGHTH,
    )
    assert sum(s.flagged for s in sentences) == (78 if path in sixes else 80)
    mine = {s.sentence for s in sentences}
    others = [SCRIPT.HELDOUT, SCRIPT.DEV, *SCRIPT.MORE_DEV, *(b.path for b in SCRIPT.FRESH)]
    others += [other for other in ALL_UNSEEN if other != path]
    assert mine.isdisjoint(s.sentence for other in others for s in SCRIPT.labelled(other))
    scores = SCRIPT.score_set(path)
    batch = path.stem[-1]
    if path in SCRIPT.UNSEEN:
        found, _ = SCRIPT.UNSEEN_BEFORE["5"][batch]
        assert scores.precision >= 0.95, scores.alarmed
    else:
        # Tuned on since (or, for the newest, never): the rules find at least what the version
        # before found and flag no more fine sentences than it did.
        record, version = next(r for paths, *r in BOUNDED_BY if path in paths)
        found, alarms = record[version][batch]
        assert len(scores.alarmed) <= alarms, scores.alarmed
    assert scores.found >= found, scores.missed
