"""Every way a plan file can be wrong gets a clear error: what, where (a JSON path) and how to fix.

One test per kind of mistake, each asserting the exception type, the path and the message, and
for files that the file's name is in the error. Then: every problem in a document is reported
at once, and ``dump`` never leaves a half-written or unloadable file behind.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, cast

import attrs
import pytest

import recoveryplan as rp
from recoveryplan import _values

# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def document(reference_path: Path) -> dict[str, Any]:
    """The reference plan as parsed JSON, to break in one place per test."""
    parsed: dict[str, Any] = json.loads(reference_path.read_text(encoding="utf-8"))
    return parsed


def problems_in(document: Any) -> list[rp.Problem]:
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.loads(json.dumps(document, ensure_ascii=False))
    return caught.value.problems


def the_problem(document: Any) -> rp.Problem:
    found = problems_in(document)
    assert len(found) == 1, found
    return found[0]


def text_problem(text: str | bytes) -> rp.Problem:
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.loads(text)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


def file_error(path: Path, content: str | bytes) -> rp.PlanFormatError:
    """Load ``content`` from ``path``; the error must name the file."""
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.load(path)
    error = caught.value
    assert isinstance(error, rp.PlanError)
    assert error.source == str(path)
    assert str(path) in str(error)
    assert all(line.startswith(f"{path}: ") for line in error.lines())
    return error


# -- files that cannot be read -------------------------------------------------------------


def test_a_missing_file_is_a_read_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "no-such-plan.json"
    with pytest.raises(rp.PlanReadError) as caught:
        rp.load(path)
    assert isinstance(caught.value, rp.PlanError)
    assert isinstance(caught.value, OSError)
    assert str(caught.value) == f"{path}: no such file"


def test_a_folder_is_a_read_error(tmp_path: Path) -> None:
    folder = tmp_path / "plans.json"
    folder.mkdir()
    with pytest.raises(rp.PlanReadError) as caught:
        rp.load(folder)
    assert str(caught.value) == f"{folder}: is a folder, not a plan file"


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root, which reads files whatever their permissions say",
)
def test_a_file_without_read_permission_is_a_read_error(
    tmp_path: Path, reference_path: Path
) -> None:
    path = tmp_path / "locked.json"
    path.write_bytes(reference_path.read_bytes())
    path.chmod(0)
    try:
        with pytest.raises(rp.PlanReadError) as caught:
            rp.load(path)
    finally:
        path.chmod(0o600)
    assert str(caught.value).startswith(f"{path}: cannot be read (")
    assert "ermission" in str(caught.value)


# -- not a JSON document -----------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "   \n\t\r\n  "], ids=["empty", "whitespace"])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_an_empty_file_says_so(tmp_path: Path, content: str, suffix: str) -> None:
    error = file_error(tmp_path / f"plan{suffix}", content)
    [problem] = error.problems
    assert problem.path == "$"
    assert problem.message.startswith("the document is empty; a plan is a")


def test_empty_text_and_bytes_say_so() -> None:
    for empty in ("", " \n", b"", b"\xef\xbb\xbf"):
        problem = text_problem(empty)
        assert problem == rp.Problem(
            path="$", message="the document is empty; a plan is a JSON object {...}"
        )


@pytest.mark.parametrize("cut", [0.5, 0.9, -2])
def test_a_truncated_file_says_it_may_be_cut_short(
    tmp_path: Path, reference_path: Path, cut: float
) -> None:
    text = reference_path.read_text(encoding="utf-8").rstrip()
    end = int(len(text) * cut) if cut > 0 else len(text) + int(cut)
    error = file_error(tmp_path / "plan.json", text[:end])
    [problem] = error.problems
    assert problem.path == "$"
    assert problem.message.startswith(
        "not valid JSON: the document ends too early (is it truncated?) (line "
    )


@pytest.mark.parametrize(
    ("text", "trouble", "where"),
    [
        ('{"id" "x"}', "a colon is missing after a key", "line 1, column 7"),
        ('{"id": "x" "framework": "chime"}', "a comma is missing between two entries", "column 12"),
        ('{"id": "x",}', "expected a key in double quotes (is there a comma after", "column 12"),
        ("{'id': 'x'}", "expected a key in double quotes", "line 1, column 2"),
        ('{"id": x}', "expected a value here (text must be in double quotes)", "column 8"),
        ('{"id": "x"}\n{"id": "y"}', "there is more after the end of the plan", "line 2, column 1"),
        ('{"id": "two\nlines"}', "a line break or control character inside quoted text", "col"),
        ('{"id": "C:\\plans"}', "a backslash that starts no escape; write a backslash as \\\\", ""),
    ],
)
def test_json_syntax_errors_are_said_in_plain_words(text: str, trouble: str, where: str) -> None:
    problem = text_problem(text)
    assert problem.path == "$"
    assert problem.message.startswith(f"not valid JSON: {trouble}")
    assert where in problem.message


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("[]", "a list"),
        ('[{"format": "recoveryplan/1"}]', "a list"),
        ("3", "the number 3"),
        ('"a plan"', "the text 'a plan'"),
        ("null", "null"),
        ("true", "true"),
    ],
)
def test_json_that_is_not_an_object_is_refused(text: str, described: str) -> None:
    assert text_problem(text) == rp.Problem(
        path="$", message=f"a plan is a JSON object {{...}}, not {described}"
    )


def test_bytes_that_are_not_utf8_are_refused_at_the_first_bad_byte(tmp_path: Path) -> None:
    latin1 = '{"format": "recoveryplan/1", "id": "Ceòl"}'.encode("latin-1")
    bad_byte = latin1.index("ò".encode("latin-1"))
    error = file_error(tmp_path / "plan.json", latin1)
    assert error.problems == [
        rp.Problem(path="$", message=f"not UTF-8 text (byte {bad_byte} cannot be read)")
    ]
    yaml_error = file_error(tmp_path / "plan.yaml", b"id: \xff\xfe")
    assert yaml_error.problems[0].message == "not UTF-8 text (byte 4 cannot be read)"


def test_loads_takes_only_text_or_bytes() -> None:
    """Not a bad document but a programming mistake, so the built-in error says so."""
    with pytest.raises(TypeError, match=r"loads\(\) takes JSON text or bytes, not int"):
        rp.loads(3)  # type: ignore[arg-type]


def test_repeated_keys_are_refused_wherever_they_are(document: dict[str, Any]) -> None:
    text = json.dumps(document, indent=2)
    text = text.replace('"id": "plan-rsl-0142",', '"id": "plan-rsl-0142",\n  "id": "again",', 1)
    text = text.replace('"value": 6,', '"value": 6, "value": 7,', 1)
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.loads(text)
    assert caught.value.problems == [
        rp.Problem(path="$.id", message="the key 'id' appears more than once; keep one"),
        rp.Problem(
            path="$.ratings[0].value", message="the key 'value' appears more than once; keep one"
        ),
    ]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_numbers_json_does_not_allow_are_refused_at_their_path(
    document: dict[str, Any], constant: str
) -> None:
    text = json.dumps(document, indent=2).replace('"value": 6,', f'"value": {constant},', 1)
    text = text.replace('"cost_centre": "RSL-14"', f'"cost_centre": [1, {constant}]')
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.loads(text)
    advice = "is not a number JSON allows; write a number, or leave it out"
    assert caught.value.problems == [
        rp.Problem(path="$.ratings[0].value", message=f"{constant} {advice}"),
        rp.Problem(
            path='$.extensions["org.riverside"].cost_centre[1]', message=f"{constant} {advice}"
        ),
    ]


# -- the format line -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "recoveryplan/2",
            "unsupported format 'recoveryplan/2'; this library reads 'recoveryplan/1'",
        ),
        (
            "RecoveryPlan/1",
            "unsupported format 'RecoveryPlan/1'; this library reads 'recoveryplan/1'",
        ),
        (1, "expected the text 'recoveryplan/1', not the number 1"),
        (None, "expected the text 'recoveryplan/1', not null"),
    ],
)
def test_a_wrong_format_is_refused(document: dict[str, Any], value: Any, message: str) -> None:
    document["format"] = value
    assert the_problem(document) == rp.Problem(path="$.format", message=message)


def test_a_missing_format_says_what_to_add(document: dict[str, Any]) -> None:
    del document["format"]
    assert the_problem(document) == rp.Problem(
        path="$.format", message='\'format\' is missing; add "format": "recoveryplan/1"'
    )


def test_a_missing_format_is_reported_with_every_other_problem(document: dict[str, Any]) -> None:
    del document["format"]
    document["person"]["name"] = 12
    assert [p.path for p in problems_in(document)] == ["$.format", "$.person.name"]


# -- keys --------------------------------------------------------------------------------------


def test_an_unknown_key_suggests_the_one_that_was_meant(document: dict[str, Any]) -> None:
    document["outcomes"][0]["goals"][1]["statment"] = "Get the bus."
    problem = the_problem(document)
    assert problem.path == "$.outcomes[0].goals[1].statment"
    assert problem.message == (
        "unknown key 'statment'; did you mean 'statement'? allowed here: id, statement, status, "
        "due_on, achieved_on, status_note, support, celebration, goals"
    )


def test_an_unknown_key_with_no_near_miss_lists_what_is_allowed(document: dict[str, Any]) -> None:
    document["safety_plan"]["zzz"] = 1
    problem = the_problem(document)
    assert problem.path == "$.safety_plan.zzz"
    assert problem.message.startswith("unknown key 'zzz'; allowed here: warning_signs, ")
    assert "did you mean" not in problem.message


def test_an_unknown_key_uses_the_formats_names_for_renamed_fields(
    document: dict[str, Any],
) -> None:
    document["reviews"][0]["attendees"] = ["person"]
    problem = the_problem(document)
    assert problem.path == "$.reviews[0].attendees"
    assert "allowed here: on, with, went_well, changed, next" in problem.message


def test_a_misspelt_required_key_is_two_problems(document: dict[str, Any]) -> None:
    document["frameworks"] = document.pop("framework")
    assert problems_in(document) == [
        rp.Problem(path="$.framework", message="'framework' is required here but is missing"),
        rp.Problem(
            path="$.frameworks",
            message="unknown key 'frameworks'; did you mean 'framework'? allowed here: id, "
            "framework, person, service, created_on, next_review_on, circle, assessment, "
            "outcomes, ratings, risk_plans, safety_plan, reviews, agreements, sharing, extensions",
        ),
    ]


def test_a_key_that_is_not_an_identifier_is_quoted_in_the_path(document: dict[str, Any]) -> None:
    document["person"]["preferred name"] = "Morag"
    assert the_problem(document).path == '$.person["preferred name"]'


def test_a_missing_renamed_key_is_named_as_in_the_format(document: dict[str, Any]) -> None:
    del document["sharing"][1]["with"]
    assert the_problem(document) == rp.Problem(
        path="$.sharing[1].with", message="'with' is required here but is missing"
    )


# -- values of the wrong type ------------------------------------------------------------------


def test_a_number_where_text_belongs(document: dict[str, Any]) -> None:
    document["person"]["name"] = 12
    assert the_problem(document) == rp.Problem(
        path="$.person.name",
        message="expected text, not the number 12; put it in quotes if it is meant as text",
    )


def test_a_number_where_an_id_belongs(document: dict[str, Any]) -> None:
    document["outcomes"][1]["goals"][0]["id"] = 7
    problem = the_problem(document)
    assert problem.path == "$.outcomes[1].goals[0].id"
    assert problem.message.startswith("expected text, not the number 7")


def test_text_where_a_number_belongs(document: dict[str, Any]) -> None:
    document["ratings"][3]["value"] = "6"
    assert the_problem(document) == rp.Problem(
        path="$.ratings[3].value", message="expected a whole number, not the text '6'"
    )


def test_a_fraction_where_a_whole_number_belongs(document: dict[str, Any]) -> None:
    document["ratings"][0]["value"] = 6.5
    assert the_problem(document) == rp.Problem(
        path="$.ratings[0].value", message="expected a whole number, not the number 6.5"
    )


def test_true_where_a_number_belongs(document: dict[str, Any]) -> None:
    document["ratings"][0]["value"] = True
    assert the_problem(document) == rp.Problem(
        path="$.ratings[0].value", message="expected a whole number, not true"
    )


def test_a_number_where_true_or_false_belongs(document: dict[str, Any]) -> None:
    document["assessment"]["items"][5]["private"] = 1
    assert the_problem(document) == rp.Problem(
        path="$.assessment.items[5].private", message="expected true or false, not the number 1"
    )


@pytest.mark.parametrize(
    ("where", "path", "message"),
    [
        (("person", "name"), "$.person.name", "expected text, not null"),
        (
            ("outcomes", 0, "goals", 0, "status"),
            "$.outcomes[0].goals[0].status",
            "expected one of: planned, active, on-hold, achieved, not-achieved, dropped; not null",
        ),
        (("ratings", 2, "on"), "$.ratings[2].on", "expected a date as text (YYYY-MM-DD), not null"),
        (("person",), "$.person", "expected an object {...}, not null"),
        (("sharing", 0, "with"), "$.sharing[0].with", "expected text, not null"),
    ],
)
def test_null_for_a_required_field(
    document: dict[str, Any], where: tuple[Any, ...], path: str, message: str
) -> None:
    part = document
    for step in where[:-1]:
        part = part[step]
    part[where[-1]] = None
    assert the_problem(document) == rp.Problem(path=path, message=message)


def test_null_for_a_list_is_refused(document: dict[str, Any]) -> None:
    """Lists default to empty: leave the key out rather than writing null."""
    document["circle"] = None
    assert the_problem(document) == rp.Problem(
        path="$.circle", message="expected a list [...], not null"
    )


def test_a_list_where_an_object_belongs(document: dict[str, Any]) -> None:
    document["person"] = [document["person"]]
    assert the_problem(document) == rp.Problem(
        path="$.person", message="expected an object {...}, not a list"
    )


def test_an_object_where_a_list_belongs(document: dict[str, Any]) -> None:
    document["circle"] = document["circle"][0]
    assert the_problem(document) == rp.Problem(
        path="$.circle", message="expected a list [...], not an object"
    )


def test_text_where_an_object_in_a_list_belongs(document: dict[str, Any]) -> None:
    document["risk_plans"][0]["safeguards"][1] = "Text James when I arrive."
    assert the_problem(document) == rp.Problem(
        path="$.risk_plans[0].safeguards[1]",
        message="expected an object {...}, not the text 'Text James when I arrive.'",
    )


def test_extensions_must_be_an_object(document: dict[str, Any]) -> None:
    document["extensions"] = ["org.riverside"]
    assert the_problem(document) == rp.Problem(
        path="$.extensions", message="expected an object keyed by namespace, not a list"
    )


# -- dates -------------------------------------------------------------------------------------


def test_an_impossible_date(document: dict[str, Any]) -> None:
    document["outcomes"][0]["goals"][1]["due_on"] = "2026-02-30"
    assert the_problem(document) == rp.Problem(
        path="$.outcomes[0].goals[1].due_on",
        message="'2026-02-30' is not a date; use YYYY-MM-DD, for example 2026-06-02",
    )


@pytest.mark.parametrize(
    "written",
    ["02/06/2026", "20260602", "2026-6-2", "2 June 2026", "2026-06-02T10:00:00", "２０２６-06-02"],
)
def test_a_date_not_written_yyyy_mm_dd(document: dict[str, Any], written: str) -> None:
    document["next_review_on"] = written
    assert the_problem(document) == rp.Problem(
        path="$.next_review_on",
        message=f"{written!r} is not a date; use YYYY-MM-DD, for example 2026-06-02",
    )


def test_a_number_where_a_date_belongs(document: dict[str, Any]) -> None:
    document["created_on"] = 20260302
    assert the_problem(document) == rp.Problem(
        path="$.created_on",
        message="expected a date as text (YYYY-MM-DD), not the number 20260302",
    )


# -- enumerations ----------------------------------------------------------------------------


def test_an_unknown_word_suggests_the_nearest_allowed_one(document: dict[str, Any]) -> None:
    document["outcomes"][0]["goals"][1]["goals"][0]["status"] = "acheived"
    assert the_problem(document) == rp.Problem(
        path="$.outcomes[0].goals[1].goals[0].status",
        message="'acheived' is not allowed here (did you mean 'achieved'?); use one of: "
        "planned, active, on-hold, achieved, not-achieved, dropped",
    )


@pytest.mark.parametrize(
    ("where", "word", "allowed"),
    [
        (("circle", 0, "role"), "sister", "carer, family, friend, peer, staff, professional"),
        (("assessment", "items", 0, "kind"), "talent", "strength, need, hope, dream"),
        (("risk_plans", 0, "concerns", 0, "likelihood"), "maybe", "rare, unlikely, possible"),
        (("sharing", 0, "sections", 1), "goals", "assessment, outcomes, ratings, risk_plans"),
        (("outcomes", 0, "status"), "Active", "planned, active, on-hold"),
    ],
)
def test_an_unknown_word_lists_the_allowed_ones(
    document: dict[str, Any], where: tuple[Any, ...], word: str, allowed: str
) -> None:
    part = document
    for step in where[:-1]:
        part = part[step]
    part[where[-1]] = word
    problem = the_problem(document)
    assert problem.message.startswith(f"{word!r} is not allowed here")
    assert allowed in problem.message
    assert problem.path.endswith(
        f".{where[-1]}" if isinstance(where[-1], str) else f"[{where[-1]}]"
    )


def test_a_number_where_a_word_belongs(document: dict[str, Any]) -> None:
    document["risk_plans"][0]["capacity"]["status"] = 1
    assert the_problem(document) == rp.Problem(
        path="$.risk_plans[0].capacity.status",
        message="expected one of: has-capacity, lacks-capacity, not-assessed, fluctuating; "
        "not the number 1",
    )


# -- many problems at once ---------------------------------------------------------------------


def test_every_problem_in_a_document_is_reported_not_only_the_first(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    document["person"]["name"] = 12
    document["circle"][1]["rol"] = "staff"
    del document["outcomes"][1]["statement"]
    document["outcomes"][0]["goals"][1]["goals"][1]["due_on"] = "2026-13-01"
    document["ratings"][0]["value"] = "6"
    document["risk_plans"][0]["concerns"][1]["severity"] = "huge"
    document["safety_plan"]["people_to_ask"][1] = None
    document["sharing"][0]["sections"] = "outcomes"
    path = tmp_path / "many.json"
    error = file_error(path, json.dumps(document))
    assert [p.path for p in error.problems] == [
        "$.person.name",
        "$.circle[1].rol",
        "$.outcomes[0].goals[1].goals[1].due_on",
        "$.outcomes[1].statement",
        "$.ratings[0].value",
        "$.risk_plans[0].concerns[1].severity",
        "$.safety_plan.people_to_ask[1]",
        "$.sharing[0].sections",
    ]
    assert str(error).splitlines()[0] == f"{path}: 8 problems in the plan"
    assert str(error).splitlines()[1] == (
        "  $.person.name: expected text, not the number 12; put it in quotes if it is meant as text"
    )


# -- YAML --------------------------------------------------------------------------------------

YAML_PLAN = """\
format: recoveryplan/1
id: plan-1
framework: chime
person:
  id: p-1
  name: 'yes'
created_on: 2026-03-02
assessment:
  on: 2026-03-02
  with: [person]
  items:
    - id: "on"
      kind: strength
      text: 'no'
      voice: person
      private: true
extensions:
  org.example: {flag: "yes", when: 2026-01-01, off: "on", count: 12}
"""


def test_yaml_keeps_on_as_a_key_dates_as_dates_and_quoted_yes_as_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(YAML_PLAN, encoding="utf-8")
    plan = rp.load(path)
    assert plan.person.name == "yes"
    assert plan.created_on == date(2026, 3, 2)
    assert plan.assessment is not None
    assert plan.assessment.on == date(2026, 3, 2)
    assert plan.assessment.participants == ("person",)
    item = plan.assessment.items[0]
    assert (item.id, item.text, item.private) == ("on", "no", True)
    assert plan.extensions == {
        "org.example": {"flag": "yes", "when": "2026-01-01", "off": "on", "count": 12}
    }


YAML_DISAGREES = (
    "is read differently by different YAML readers ({}); put it in quotes if it is text, or "
    "write it the one way every reader agrees on"
)
ONE_ONE_BOOL = "YAML 1.1 reads it as true or false, YAML 1.2 as text"
NUMBERS = "YAML 1.1 and YAML 1.2 give different numbers, or a number and text"


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("yes", ONE_ONE_BOOL),
        ("No", ONE_ONE_BOOL),
        ("on", ONE_ONE_BOOL),
        ("off", ONE_ONE_BOOL),
        ("y", ONE_ONE_BOOL),
        ("010", NUMBERS),
        ("0042", NUMBERS),
        ("0x5", NUMBERS),
        ("0o7", NUMBERS),
        ("1_000", NUMBERS),
        ("1:30", NUMBERS),
        ("1e3", NUMBERS),
        (".inf", "a number JSON does not have"),
    ],
)
def test_yaml_values_that_yaml_readers_disagree_on_are_refused(
    tmp_path: Path, written: str, why: str
) -> None:
    """What the person typed must be what is read: ``010`` is 8 to one reader and 10 to the
    next, ``yes`` is true to one and text to the other."""
    text = YAML_PLAN.replace("name: 'yes'", f"name: {written}").replace(
        "count: 12", f"count: {written}"
    )
    error = file_error(tmp_path / "plan.yml", text)
    message = f"{written!r} " + YAML_DISAGREES.format(why)
    assert error.problems == [
        rp.Problem(path="$.person.name", message=message),
        rp.Problem(path='$.extensions["org.example"].count', message=message),
    ]


@pytest.mark.parametrize(("written", "read"), [("12", 12), ("-3", -3), ("0", 0), ("1.5", 1.5)])
def test_yaml_numbers_every_reader_agrees_on_are_numbers(
    tmp_path: Path, written: str, read: object
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(YAML_PLAN.replace("count: 12", f"count: {written}"), encoding="utf-8")
    value = rp.load(path).extensions["org.example"]["count"]
    assert (value, type(value)) == (read, type(read))


def test_yaml_a_quoted_id_that_looks_like_a_number_is_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(YAML_PLAN.replace("id: p-1", "id: '0042'"), encoding="utf-8")
    assert rp.load(path).person.id == "0042"


def test_yaml_unquoted_yes_for_a_truth_value_is_refused(tmp_path: Path) -> None:
    error = file_error(tmp_path / "plan.yml", YAML_PLAN.replace("private: true", "private: yes"))
    assert error.problems == [
        rp.Problem(
            path="$.assessment.items[0].private",
            message="'yes' " + YAML_DISAGREES.format(ONE_ONE_BOOL),
        )
    ]


def test_yaml_unquoted_impossible_date_is_reported_at_its_path(tmp_path: Path) -> None:
    error = file_error(
        tmp_path / "plan.yaml", YAML_PLAN.replace("2026-03-02\nassess", "2026-02-30\nassess")
    )
    assert error.problems == [
        rp.Problem(
            path="$.created_on",
            message="'2026-02-30' is not a date; use YYYY-MM-DD, for example 2026-06-02",
        )
    ]


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    text = YAML_PLAN + "circle:\n  - &eilidh {id: eilidh, name: Eilidh, role: carer}\n  - *eilidh\n"
    error = file_error(tmp_path / "plan.yaml", text)
    assert error.problems == [
        rp.Problem(
            path="$",
            message="not valid YAML: aliases (*name) are not allowed in a plan (line 21, column 5)",
        )
    ]


def test_yaml_repeated_keys_are_refused(tmp_path: Path) -> None:
    error = file_error(tmp_path / "plan.yaml", YAML_PLAN + "id: plan-2\n")
    assert error.problems == [
        rp.Problem(
            path="$",
            message="not valid YAML: the key 'id' appears more than once; keep one "
            "(line 19, column 1)",
        )
    ]


@pytest.mark.parametrize(
    ("key", "described"), [("1", "the number 1"), ("null", "null"), ("true", "true")]
)
def test_yaml_keys_must_be_text(tmp_path: Path, key: str, described: str) -> None:
    error = file_error(tmp_path / "plan.yaml", YAML_PLAN + f"{key}: x\n")
    [problem] = error.problems
    assert problem.path == "$"
    assert problem.message == (
        f"not valid YAML: a key must be text, not {described}; put it in quotes (line 19, column 1)"
    )


def test_invalid_yaml_says_where(tmp_path: Path) -> None:
    error = file_error(tmp_path / "plan.yaml", YAML_PLAN + "outcomes: [\n")
    [problem] = error.problems
    assert problem.path == "$"
    assert problem.message.startswith("not valid YAML: ")
    assert "(line 20, column 1)" in problem.message


def test_yaml_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    error = file_error(tmp_path / "plan.yaml", "- format: recoveryplan/1\n")
    assert error.problems == [
        rp.Problem(path="$", message="a plan is a JSON object {...}, not a list")
    ]


def test_yaml_values_json_cannot_hold_are_refused_in_extensions(tmp_path: Path) -> None:
    text = YAML_PLAN.replace(
        '{flag: "yes", when: 2026-01-01, off: "on", count: 12}', "!!binary aGVsbG8="
    )
    error = file_error(tmp_path / "plan.yaml", text)
    assert error.problems == [
        rp.Problem(path="$.extensions", message="extensions can hold only JSON values, not a bytes")
    ]


def test_yaml_format_problems_have_paths_like_json(tmp_path: Path) -> None:
    error = file_error(tmp_path / "plan.yaml", YAML_PLAN.replace("name: 'yes'", "name: 12"))
    assert error.problems == [
        rp.Problem(
            path="$.person.name",
            message="expected text, not the number 12; put it in quotes if it is meant as text",
        )
    ]


# -- writing -----------------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_dump_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, morag: rp.Plan, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_text("the old plan", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(rp.PlanWriteError) as caught:
        rp.dump(morag, path)
    assert isinstance(caught.value, rp.PlanError)
    assert str(caught.value) == f"{path}: cannot be written (No space left on device)"
    assert path.read_text(encoding="utf-8") == "the old plan"
    assert _leftovers(tmp_path) == ["plan.json"]


def test_an_interrupted_dump_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, morag: rp.Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.json"
    path.write_text("the old plan", encoding="utf-8")

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        rp.dump(morag, path)
    assert path.read_text(encoding="utf-8") == "the old plan"
    assert _leftovers(tmp_path) == ["plan.json"]


def test_dump_into_a_missing_folder_is_a_write_error(tmp_path: Path, morag: rp.Plan) -> None:
    path = tmp_path / "no-such-folder" / "plan.json"
    with pytest.raises(rp.PlanWriteError) as caught:
        rp.dump(morag, path)
    assert str(caught.value) == f"{path}: cannot be written (No such file or directory)"
    assert _leftovers(tmp_path) == []


def test_dump_replaces_a_file_and_makes_it_owner_only(tmp_path: Path, morag: rp.Plan) -> None:
    path = tmp_path / "plan.json"
    path.write_text("the old plan", encoding="utf-8")
    path.chmod(0o640)
    rp.dump(morag, path)
    assert rp.load(path) == morag
    assert path.stat().st_mode & 0o777 == 0o600
    assert _leftovers(tmp_path) == ["plan.json"]


def test_a_plan_that_would_not_load_again_cannot_even_be_made(morag: rp.Plan) -> None:
    """The model checks itself, so ``dump`` and ``dumps`` never see what ``loads`` refuses."""
    with pytest.raises(rp.PlanValueError, match=r"^Goal\.status: 'finished' is not allowed"):
        attrs.evolve(morag.outcomes[0].goals[0], status=cast(Any, "finished"))
    with pytest.raises(rp.PlanValueError, match=r"^Plan\.next_review_on: expected a date"):
        attrs.evolve(morag, next_review_on=cast(Any, 20260901))
    with pytest.raises(rp.PlanValueError, match=r"^Person\.name: the text holds half"):
        attrs.evolve(morag.person, name="Morag \udc80")


@pytest.mark.parametrize(
    ("extension", "message"),
    [
        ({1, 2}, "extensions can hold only JSON values, not a set"),
        (float("nan"), "extensions cannot hold nan (JSON has no such number)"),
        (b"x", "extensions can hold only JSON values, not a bytes"),
    ],
)
def test_extensions_json_cannot_hold_are_refused_when_made(
    morag: rp.Plan, extension: object, message: str
) -> None:
    with pytest.raises(rp.PlanValueError) as caught:
        attrs.evolve(morag, extensions={"org.example": {"value": extension}})
    assert str(caught.value) == f"Plan.extensions: {message}"


# -- the message helpers stay honest ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "described"),
    [
        (None, "null"),
        (True, "true"),
        (False, "false"),
        (3, "the number 3"),
        (2.5, "the number 2.5"),
        ("x" * 41, "the text '" + "x" * 37 + "...'"),
        ([], "a list"),
        ({}, "an object"),
    ],
)
def test_values_are_described_as_a_person_sees_them(value: object, described: str) -> None:
    describe: Callable[[object], str] = _values.describe
    assert describe(value) == described


def test_problems_do_not_change_the_document(document: dict[str, Any]) -> None:
    document["person"]["name"] = 12
    before = copy.deepcopy(document)
    problems_in(document)
    assert document == before
