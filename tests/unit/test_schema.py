"""The JSON Schema and the field reference describe exactly what the loader accepts."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

import recoveryplan as rp
from recoveryplan import schema
from recoveryplan._fields import field_meaning, refers_to
from recoveryplan.serialize import MODEL, json_key, to_data
from recoveryplan.testing.strategies import plans

DOC = Path(__file__).resolve().parents[2] / "docs" / "format.md"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(
        schema.json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@pytest.fixture
def document(reference_path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(reference_path.read_text(encoding="utf-8"))
    return loaded


def loader_accepts(document: Any) -> bool:
    try:
        rp.loads(json.dumps(document))
    except rp.PlanFormatError:
        return False
    return True


def schema_errors(validator: Draft202012Validator, document: Any) -> list[str]:
    return [error.json_path for error in validator.iter_errors(document)]


# -- the schema itself ---------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    generated = schema.json_schema()
    Draft202012Validator.check_schema(generated)
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert generated["properties"]["format"] == {
        "description": 'The format and its version; always `"recoveryplan/1"`.',
        "const": "recoveryplan/1",
    }


def test_schema_is_json_and_stable() -> None:
    assert json.loads(json.dumps(schema.json_schema())) == schema.json_schema()


def test_schema_accepts_the_reference_plan(
    validator: Draft202012Validator, document: dict[str, Any]
) -> None:
    assert schema_errors(validator, document) == []


@given(plans(max_depth=4, max_goals=8, max_items=2))
def test_schema_accepts_every_plan_the_library_writes(plan: rp.Plan) -> None:
    validator = Draft202012Validator(
        schema.json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert schema_errors(validator, to_data(plan)) == []


@pytest.mark.parametrize(
    ("where", "key", "value", "error_path"),
    [
        (("outcomes", 0), "status", "actve", "$.outcomes[0].status"),
        (("circle", 0), "role", "sister", "$.circle[0].role"),
        (
            ("risk_plans", 0, "concerns", 0),
            "likelihood",
            "probable",
            "$.risk_plans[0].concerns[0].likelihood",
        ),
        (("sharing", 0), "sections", ["outcomes", "diary"], "$.sharing[0].sections[1]"),
    ],
)
def test_schema_rejects_an_unknown_word(
    validator: Draft202012Validator,
    document: dict[str, Any],
    where: tuple[str | int, ...],
    key: str,
    value: Any,
    error_path: str,
) -> None:
    _at(document, where)[key] = value
    errors = schema_errors(validator, document)
    assert errors
    assert all(path.startswith(error_path) for path in errors), errors
    assert not loader_accepts(document)


def test_schema_rejects_an_unknown_key_but_keeps_extensions_open(
    validator: Draft202012Validator, document: dict[str, Any]
) -> None:
    document["outcomes"][0]["goals"][1]["goals"][0]["colour"] = "green"
    assert schema_errors(validator, document) == ["$.outcomes[0].goals[1].goals[0]"]
    del document["outcomes"][0]["goals"][1]["goals"][0]["colour"]
    document["extensions"]["org.example"] = {"anything": [1, {"at": None}], "goes": True}
    assert schema_errors(validator, document) == []


@pytest.mark.parametrize(
    ("where", "key"),
    [
        ((), "format"),
        (("person",), "name"),
        (("outcomes", 0, "goals", 1, "goals", 0), "status"),
        (("ratings", 0), "value"),
        (("risk_plans", 0, "safeguards", 0), "by"),
        (("sharing", 0), "with"),
    ],
)
def test_schema_rejects_a_missing_required_field(
    validator: Draft202012Validator,
    document: dict[str, Any],
    where: tuple[str | int, ...],
    key: str,
) -> None:
    del _at(document, where)[key]
    errors = list(validator.iter_errors(document))
    assert [error.validator for error in errors] == ["required"]
    assert f"'{key}' is a required property" in errors[0].message
    assert not loader_accepts(document)


def test_schema_checks_dates_by_shape_and_by_calendar(
    validator: Draft202012Validator, document: dict[str, Any]
) -> None:
    document["created_on"] = "2 March 2026"
    document["outcomes"][0]["goals"][0]["due_on"] = "2026-02-30"
    assert schema_errors(validator, document) == [
        "$.created_on",
        "$.outcomes[0].goals[0].due_on",
    ]
    bare = Draft202012Validator(schema.json_schema())
    assert schema_errors(bare, document) == ["$.created_on"], "the pattern alone checks shape"


def test_schema_enumerations_are_the_contracts() -> None:
    defs = schema.json_schema()["$defs"]
    assert defs["ItemKind"]["enum"] == ["strength", "need", "hope", "dream", "aspiration"]
    assert defs["Voice"]["enum"] == ["person", "service", "supporter"]
    assert defs["Role"]["enum"] == [
        "carer",
        "family",
        "friend",
        "peer",
        "staff",
        "professional",
        "advocate",
        "other",
    ]
    assert defs["Status"]["enum"] == [
        "planned",
        "active",
        "on-hold",
        "achieved",
        "not-achieved",
        "dropped",
    ]
    assert defs["Likelihood"]["enum"] == [
        "rare",
        "unlikely",
        "possible",
        "likely",
        "almost-certain",
    ]
    assert defs["Severity"]["enum"] == ["negligible", "minor", "moderate", "major", "severe"]
    assert defs["CapacityStatus"]["enum"] == [
        "has-capacity",
        "lacks-capacity",
        "not-assessed",
        "fluctuating",
    ]
    assert defs["DecisionStatus"]["enum"] == [
        "proposed",
        "agreed",
        "agreed-with-changes",
        "not-agreed",
        "deferred",
    ]
    assert defs["Section"]["enum"] == [
        "assessment",
        "outcomes",
        "ratings",
        "risk_plans",
        "safety_plan",
        "reviews",
        "circle",
    ]


def test_person_references_are_the_contracts() -> None:
    generated = schema.json_schema()
    found = {
        (name, key)
        for name, definition in _objects(generated)
        for key, value in definition["properties"].items()
        if "#/$defs/PersonReference" in json.dumps(value)
    }
    assert found == {
        ("Assessment", "with"),
        ("AssessmentItem", "raised_by"),
        ("SupportAction", "by"),
        ("Rating", "by"),
        ("Agreement", "by"),
        ("Safeguard", "by"),
        ("Decision", "agreed_by"),
        ("Dissent", "by"),
        ("Distraction", "who"),
        ("SafetyPlan", "people_to_ask"),
        ("Review", "with"),
        ("SharingConsent", "with"),
    }


# -- drift: every part of the model is in the schema, and nothing else --------------------


def test_every_model_class_is_reachable_from_the_plan() -> None:
    assert set(schema.objects()) == set(MODEL)
    assert schema.objects()[0] is rp.Plan


def test_every_model_attribute_is_in_the_schema_with_its_key_and_requiredness() -> None:
    generated = dict(_objects(schema.json_schema()))
    for cls in MODEL:
        definition = generated[cls.__name__]
        keys = [json_key(cls, field.name) for field in attrs.fields(cls)]
        required = [json_key(cls, f.name) for f in attrs.fields(cls) if f.default is attrs.NOTHING]
        if cls is rp.Plan:
            keys.insert(0, "format")
            required.insert(0, "format")
        assert list(definition["properties"]) == keys, cls.__name__
        assert definition.get("required", []) == required, cls.__name__
        assert definition["additionalProperties"] is False


def test_every_object_has_a_title_and_a_description() -> None:
    for name, definition in _objects(schema.json_schema()):
        assert definition["title"], name
        assert definition["description"], name


def test_every_field_has_a_meaning() -> None:
    assert set(schema.objects()) == set(MODEL)
    for cls in MODEL:
        for field in attrs.fields(cls):
            assert field_meaning(field).strip(), f"{cls.__name__}.{field.name} has no meaning"


def test_every_person_reference_is_marked_on_its_field() -> None:
    """The contract's list of person references, and the fields that say they hold one."""
    marked = {
        json_key(cls, field.name)
        for cls in MODEL
        for field in attrs.fields(cls)
        if refers_to(field) == "person"
    }
    assert marked == {"by", "with", "agreed_by", "raised_by", "people_to_ask", "who"}


def test_the_generator_refuses_a_type_it_cannot_describe() -> None:
    with pytest.raises(TypeError, match=r"does not know how to describe .*frozenset.*teach it"):
        schema._value_schema(frozenset[str], False)
    with pytest.raises(TypeError, match=r"does not know how to describe .*float.*teach it"):
        schema._describe(float, False)


# -- agreement with the loader, over every part of the reference plan ---------------------
# Whether the schema accepts a changed document is ``is_valid``, which stops at the first
# error: the rest of a document hundreds of values long is not checked again each time.


def test_schema_and_loader_agree_on_an_unknown_key_in_every_object(
    validator: Draft202012Validator, document: dict[str, Any]
) -> None:
    objects = [path for path, value in _walk(document) if isinstance(value, dict)]
    inside_extensions = [p for p in objects if p[:1] == ("extensions",)]
    assert len(objects) - len(inside_extensions) > 40
    for path in objects:
        changed = copy.deepcopy(document)
        _at(changed, path)["zz_unknown"] = "x"
        if path[:1] == ("extensions",):
            assert schema_errors(validator, changed) == [], path
            assert loader_accepts(changed), path
        else:
            assert not validator.is_valid(changed), path
            assert not loader_accepts(changed), path


def test_schema_and_loader_agree_on_every_value_of_the_wrong_type(
    validator: Draft202012Validator, document: dict[str, Any]
) -> None:
    checked = 0
    for path, value in _walk(document):
        if not path or path[0] == "extensions" or isinstance(value, dict):
            continue
        for wrong in (_wrong_type(value), {"an": "object"}):
            changed = copy.deepcopy(document)
            _at(changed, path[:-1])[path[-1]] = wrong
            assert not validator.is_valid(changed), (path, wrong)
            assert not loader_accepts(changed), (path, wrong)
            checked += 1
    assert checked > 300


def test_schema_and_loader_agree_that_null_means_absent_only_where_a_field_is_optional(
    validator: Draft202012Validator, document: dict[str, Any]
) -> None:
    for path, _ in _walk(document):
        if not path or path[0] == "extensions" or isinstance(path[-1], int):
            continue
        changed = copy.deepcopy(document)
        _at(changed, path[:-1])[path[-1]] = None
        assert validator.is_valid(changed) == loader_accepts(changed), path


def test_schema_and_loader_agree_on_every_required_field(
    validator: Draft202012Validator, document: dict[str, Any]
) -> None:
    for path, _ in _walk(document):
        if not path or path[0] == "extensions" or isinstance(path[-1], int):
            continue
        changed = copy.deepcopy(document)
        del _at(changed, path[:-1])[path[-1]]
        assert validator.is_valid(changed) == loader_accepts(changed), path


# -- the field reference in docs/format.md -------------------------------------------------


def test_format_doc_field_tables_match_the_model() -> None:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- fields:start -->\n(.*)<!-- fields:end -->", text, re.DOTALL)
    assert found, "docs/format.md has lost its <!-- fields:start --> ... <!-- fields:end -->"
    assert found.group(1).strip() == schema.field_tables().strip(), (
        "docs/format.md's field tables differ from the model; "
        "run `python scripts/update_format_doc.py` and commit the result"
    )


def test_field_tables_list_every_key_of_every_object() -> None:
    tables = schema.field_tables()
    for cls in MODEL:
        section = tables.split(f"### {cls.__name__}\n", 1)[1].split("\n### ", 1)[0]
        for field in attrs.fields(cls):
            assert f"| `{json_key(cls, field.name)}` |" in section, (cls, field.name)


def test_markdown_and_schema_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert schema.main(["--markdown"]) == 0
    assert capsys.readouterr().out == schema.field_tables()
    assert schema.main([]) == 0
    assert json.loads(capsys.readouterr().out) == schema.json_schema()


# -- helpers -------------------------------------------------------------------------------


def _objects(generated: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "Plan", generated
    for name, definition in generated["$defs"].items():
        if definition.get("type") == "object":
            yield name, definition


def _at(document: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def _walk(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def _wrong_type(value: Any) -> Any:
    """A value of another JSON type than ``value``'s, that no field of that kind accepts."""
    if isinstance(value, bool):
        return "true"
    if isinstance(value, int):
        return "6"
    if isinstance(value, str):
        return 12
    if isinstance(value, list):
        return "a list"
    raise AssertionError(value)


def test_the_doc_updater_fills_the_marked_region_and_nothing_else() -> None:
    spec = importlib.util.spec_from_file_location(
        "update_format_doc", DOC.parents[1] / "scripts" / "update_format_doc.py"
    )
    assert spec is not None
    assert spec.loader is not None
    updater = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(updater)
    page = "# Title\n\nBefore.\n\n<!-- fields:start -->\nstale\n<!-- fields:end -->\n\nAfter.\n"
    filled = updater.updated(page)
    assert filled == (
        "# Title\n\nBefore.\n\n<!-- fields:start -->\n\n"
        + schema.field_tables()
        + "\n<!-- fields:end -->\n\nAfter.\n"
    )
    assert updater.updated(filled) == filled
    with pytest.raises(SystemExit, match=r"no <!-- fields:start --> \.\.\. <!-- fields:end -->"):
        updater.updated("# A page without the markers\n")
