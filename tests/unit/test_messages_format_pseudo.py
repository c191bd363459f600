"""A document refused in the reader's language: every problem a ``PlanFormatError`` or a
``PlanReadError`` lists is written from the messages catalogue, so under a pseudo-locale made
from ``recoveryplan-messages.pot`` no English word escapes — apart from what the document
itself supplies (quoted keys and values, paths) and the names of formats (JSON, YAML, UTF-8)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import recoveryplan as rp
from recoveryplan import messages
from recoveryplan._converter import MODEL
from recoveryplan._fields import Enumeration, json_key
from recoveryplan.batch import lost_message
from recoveryplan.braille import copy_note
from recoveryplan.caseload.clashes import PERSON_IN_TWO_PLANS, SAME_PLAN_ID, Clash
from recoveryplan.caseload.report import _Extract
from recoveryplan.caseload.tables import Keys
from recoveryplan.cli.validate import _summary
from recoveryplan.communication import Need, NeedKind
from recoveryplan.fhir import from_fhir, to_fhir
from recoveryplan.messages import speaking
from recoveryplan.plugin_config import PluginConfig, PluginConfigError

from ..support.pseudo import catalogues_in, compile_pseudo
from ..support.reference import BUNDLED, TODAY
from .test_fhir_consent import CASES as CONSENT_CASES
from .test_fhir_consent import MORAG as CONSENT_PLAN
from .test_fhir_consent import _eilidh as first_consent

PSEUDO = "ka"


@pytest.fixture(scope="module")
def pseudo_catalogues(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A compiled catalogue translating every message of the template, and only those."""
    root = tmp_path_factory.mktemp("format-messages")
    compile_pseudo(root, PSEUDO, messages.DOMAIN)
    return root


@pytest.fixture
def pseudo(pseudo_catalogues: Path) -> Iterator[None]:
    with catalogues_in(pseudo_catalogues):
        yield


def _codes() -> set[str]:
    """The format's own words a message lists (keys, enumeration values): values, not prose."""
    found = {json_key(field) for cls in MODEL for field in attrs.fields(cls)}
    found.update(cls.__name__ for cls in MODEL)  # from_data(document, kind) names the kind
    for enumeration in Enumeration.__subclasses__():
        found.update(enumeration.values())
    return found


_KEPT = re.compile(
    r"\b(?:JSON|YAML|UTF-8|MiB|PDF|HTML|WeasyPrint|YYYY-MM-DD|null|true|false|NaN|Infinity|recoveryplan)\b"
)


def _escaped(text: str) -> list[str]:
    """The English words left once the marked words and the document's own values are out."""
    left = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"|\$[\w.\[\]\-]*|U\+[0-9A-F]+", " ", text)
    left = _KEPT.sub(" ", left)
    words = re.findall(r"[A-Za-z][A-Za-z_\-]+", left.replace("⟦", " ").replace("⟧", " "))
    codes = _codes()
    return [w for w in words if w not in codes and not re.fullmatch(r"[x_\-]+", w)]


def _reference() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return document


def _broken_documents() -> list[dict[str, Any]]:
    """The reference plan with one of nearly every problem a document can have."""
    base = _reference()
    found = []
    changes: tuple[Callable[[dict[str, Any]], object], ...] = (
        lambda d: d.update(format="recoveryplan/9"),
        lambda d: d.update(format=3),
        lambda d: d.pop("format"),
        lambda d: d.update(colour="blue"),
        lambda d: d.update(ratingz=[]),
        lambda d: d["person"].pop("id"),
        lambda d: d["person"].update(called=7),
        lambda d: d["person"].update(called=7.5),
        lambda d: d["person"].update(called="Morag\x1b[2J"),
        lambda d: d["person"].update(called="Morag\ud800"),
        lambda d: d["ratings"][0].update(value="seven"),
        lambda d: d["ratings"][0].update(value=10**30),
        lambda d: d["ratings"][0].update(on="2 June"),
        lambda d: d["ratings"][0].update(on=20260602),
        lambda d: d.update(outcomes={}),
        lambda d: d.update(person=[]),
        lambda d: d.update(extensions=[]),
        lambda d: d["outcomes"][0].update(status="achived"),
        lambda d: d["outcomes"][0].update(status="zzzzzz"),
        lambda d: d["outcomes"][0].update(status=4),
        lambda d: d["person"].update(communication=[{"kind": "braille", "size": 20}]),
        lambda d: d["person"].update(communication=[{"kind": "large-print", "size": 3}]),
        lambda d: d["person"].update(communication=[{"kind": "braille", "language": "pl"}]),
        lambda d: d["person"].update(communication=[{"kind": "interpreter"}]),
        lambda d: d["person"].update(communication=[{"kind": "other"}]),
        lambda d: d["reviews"][0].update(
            decisions=[{"about": "oc-kitchen", "decision": "new-date"}]
        ),
    )
    for change in changes:
        document = copy.deepcopy(base)
        change(document)
        found.append(document)
    return found


_TEXTS = [
    b"",
    b"\xff\xfe{",
    b'{"format": "recoveryplan/1", "format": "recoveryplan/1"}',
    b'{"a": NaN}',
    b'{"a": ' + b"9" * 40 + b"}",
    b'{"a" 1}',
    b'{"a": 1 "b": 2}',
    b'{"a": 1,}',
    b'{"a": }',
    b"{} {}",
    b'{"a": "\x01"}',
    b'{"a": "\\q"}',
    b'{"a": "\\u12"}',
    b'{"a": "b',
    b"[1, 2]",
]


def _problems(load: Any) -> str:
    with pytest.raises(rp.PlanFormatError) as raised:
        load()
    return str(raised.value)


def test_every_refused_document_is_told_in_the_readers_language(pseudo: None) -> None:
    told: list[str] = []
    with speaking(PSEUDO) as catalogue:
        assert catalogue == PSEUDO
        for document in _broken_documents():
            told.append(_problems(lambda d=document: rp.from_data(d)))
        for data in _TEXTS:
            told.append(_problems(lambda t=data: rp.loads(t)))
        told.append(_problems(lambda: rp.from_data([], rp.Outcome)))
    for text in told:
        assert "⟦" in text, text
        assert not _escaped(text), (text, _escaped(text))


def test_a_yaml_value_read_two_ways_is_told_in_the_readers_language(
    pseudo: None, tmp_path: Path
) -> None:
    pytest.importorskip("yaml")
    path = tmp_path / "plan.yaml"
    path.write_text("format: recoveryplan/1\nvalue: 010\nanswer: yes\nnumber: .inf\n")
    with speaking(PSEUDO), pytest.raises(rp.PlanFormatError) as raised:
        rp.load(path)
    text = str(raised.value).replace(str(path), " ")
    assert text.count("⟦") >= 3, text
    assert not _escaped(text), (text, _escaped(text))
    for broken in ("a: 1\na: 2\n", "1: a\n", "a: [1\n"):
        path.write_text(broken)
        with speaking(PSEUDO), pytest.raises(rp.PlanFormatError) as raised:
            rp.load(path)
        text = str(raised.value).replace(str(path), " ")
        # PyYAML's own reason for text it cannot parse is its own (English) words.
        text = re.sub(r"⟦x+ x+ x+: [^⟦⟧]*\(", "⟦(", text)
        assert "⟦" in text, text
        assert not _escaped(text), (text, _escaped(text))


def test_a_file_that_is_no_plan_is_told_in_the_readers_language(
    pseudo: None, tmp_path: Path
) -> None:
    with speaking(PSEUDO):
        for path in (tmp_path / "missing.json", tmp_path):
            with pytest.raises(rp.PlanReadError) as raised:
                rp.load(path)
            text = str(raised.value).replace(str(path), " ")
            assert "⟦" in text, text
            assert not _escaped(text), text


def test_the_same_documents_are_refused_in_english_without_a_language() -> None:
    for document in _broken_documents():
        text = _problems(lambda d=document: rp.from_data(d))
        assert "⟦" not in text, text
        assert re.search(r"\d+ problems? in the plan", text), text


def test_what_the_command_line_prints_from_the_library_is_told_in_the_readers_language(
    pseudo: None,
) -> None:
    """A finding's line, the validate summary, a clash, a lost plan and the braille note."""
    finding = rp.Finding("warning", "practice.review-due", "$.reviews[0]", "msg")
    plan = rp.from_data(_reference())
    person = attrs.evolve(plan.person, communication=(Need(kind=NeedKind.BRAILLE),))
    braille = attrs.evolve(plan, person=person)
    member = attrs.evolve(plan.circle[0], communication=(Need(kind=NeedKind.BRAILLE),))
    for_member = attrs.evolve(plan, circle=(member, *plan.circle[1:]))
    with speaking(PSEUDO):
        told = [
            finding.told()
            .replace("$.reviews[0]", " ")
            .replace("msg", " ")
            .replace(finding.code, " "),
            _summary({"error": 1, "warning": 2, "info": 0}),
            _summary({"error": 1, "warning": 2, "info": 3}),
            Clash("a.json", "b.json", SAME_PLAN_ID, (0, 1)).sentence(),
            Clash("a.json", "b.json", PERSON_IN_TWO_PLANS, (0, 1)).sentence(),
            *(lost_message(doing, "-9") for doing in ("reading", "rendering", "checking")),
            copy_note(braille, "person", "pdf") or "",
            copy_note(for_member, member.id, "html") or "",
        ]
    for text in told:
        text = re.sub(r"\b[ab]\.json\b|--format txt|--jobs 1 --debug", " ", text)
        assert "⟦" in text, text
        assert not _escaped(text), (text, _escaped(text))
    assert str(finding) == "warning: $.reviews[0]: msg [practice.review-due]"
    assert finding.told() == str(finding)  # in English, the two are the same line


def test_why_a_consent_grants_less_is_told_in_the_readers_language(pseudo: None) -> None:
    """Every reason a Consent from elsewhere is read narrower is a whole message."""
    members = [member.id for member in CONSENT_PLAN.circle]
    for case, change in CONSENT_CASES.items():
        bundle = to_fhir(CONSENT_PLAN)
        index, consent = first_consent(bundle)
        change(consent, bundle)
        with speaking(PSEUDO):
            _plan, findings = from_fhir(bundle, today=TODAY)
        (found,) = [f for f in findings if f.code == "fhir.consent" and str(index) in f.path]
        text = found.message
        for value in (*members, "purpose", "action", "class", "data", "dataPeriod", "CST"):
            text = re.sub(rf"\b{value}\b", " ", text)
        assert "⟦" in text, (case, text)
        assert not _escaped(text), (case, text, _escaped(text))


def test_a_plugin_configuration_that_cannot_be_used_is_told_in_the_readers_language(
    pseudo: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RP_UNSET_FOR_TEST", raising=False)
    bad: list[Any] = [
        [],
        {"colour": 1},
        {"plugins": 3},
        {"plugins": {"riverside": 3}},
        {"plugins": {"riverside": {"services": []}}},
        {"plugins": {"riverside": {"key": {"$env": 1}}}},
        {"plugins": {"riverside": {"key": {"$env": "RP_UNSET_FOR_TEST"}}}},
    ]
    broken = tmp_path / "broken.toml"
    broken.write_text("[plugins\n")
    told = []
    with speaking(PSEUDO):
        for data in bad:
            with pytest.raises(PluginConfigError) as raised:
                PluginConfig.from_dict(data)
            told.append(str(raised.value))
        for path in (tmp_path / "missing.toml", broken):
            with pytest.raises(PluginConfigError) as raised:
                PluginConfig.load(path)
            told.append(str(raised.value).replace(str(path), " "))
    for text in told:
        # The key at fault, the TOML reader's own reason and the example are values.
        text = re.sub(r"plugins(\.\w+)*|\[[\w.]+\]|\([^⟦⟧]*\)|\$env|TOML|NAME|VARIABLE", " ", text)
        text = re.sub(r"RP_UNSET_FOR_TEST|\b(?:int|list|services|colour)\b", " ", text)
        assert "⟦" in text, text
        assert not _escaped(text), (text, _escaped(text))


def test_why_the_caseload_report_leaves_a_plan_out_is_told_in_the_readers_language(
    pseudo: None, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "recoveryplan/1"}')
    erring = tmp_path / "erring.json"
    document = _reference()
    document["outcomes"][0]["domain"] = "not-a-domain"
    erring.write_text(json.dumps(document))
    extract = _Extract(Keys(b"k" * 32), TODAY)
    with speaking(PSEUDO):
        told = [extract(broken).reason or "", extract(erring).reason or ""]
    for text in told:
        text = re.sub(r"recoveryplan/1|recoveryplan validate", " ", text)
        assert "⟦" in text, text
        assert not _escaped(text), (text, _escaped(text))


def test_a_bad_value_given_to_the_model_in_code_is_told_in_the_readers_language(
    pseudo: None,
) -> None:
    plan = rp.from_data(_reference())
    told = []
    with speaking(PSEUDO):
        for change in ({"outcomes": 5}, {"outcomes": (5,)}, {"extensions": 5}):
            with pytest.raises(rp.PlanValueError) as raised:
                attrs.evolve(plan, **change)
            told.append(str(raised.value).replace("Plan.outcomes:", " "))
    for text in told:
        text = text.replace("Plan.extensions:", " ").replace("Outcome", " ")
        assert "⟦" in text, text
        assert not _escaped(text), (text, _escaped(text))
