"""The happy paths of ``recoveryplan/1``: what goes in comes out, in the same shape and order."""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

import recoveryplan as rp
from recoveryplan._fields import MAX_GOAL_DEPTH
from recoveryplan.serialize import MODEL, RENAMES, from_data, json_key, to_data

from ..support import yaml12
from ..support.documents import MINIMAL, nested_goals, nested_goals_text


def key_orders(value: Any, path: str = "$") -> Iterator[tuple[str, list[str]]]:
    """The keys of every object in a document, in order, by path."""
    if isinstance(value, dict):
        yield path, list(value)
        for key, item in value.items():
            yield from key_orders(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from key_orders(item, f"{path}[{index}]")


# -- the reference plan ------------------------------------------------------------------------


def test_the_reference_plan_is_written_back_key_for_key_in_the_same_order(
    reference_path: Path,
) -> None:
    original = json.loads(reference_path.read_text(encoding="utf-8"))
    written = json.loads(rp.dumps(rp.load(reference_path)))
    assert written == original
    assert list(key_orders(written)) == list(key_orders(original))


def test_dump_writes_what_dumps_returns(tmp_path: Path, morag: rp.Plan) -> None:
    path = tmp_path / "morag.json"
    rp.dump(morag, path)
    text = path.read_text(encoding="utf-8")
    assert text == rp.dumps(morag)
    assert text.endswith("}\n")
    assert '\n  "id": "plan-rsl-0142",\n' in text  # two-space indents
    assert "wee café" in text  # written as UTF-8, not as \u escapes
    assert rp.load(path) == morag


def test_dumps_is_stable(morag: rp.Plan) -> None:
    text = rp.dumps(morag)
    assert rp.dumps(rp.loads(text)) == text


def test_to_data_starts_with_the_format_and_leaves_out_what_is_empty() -> None:
    plan = rp.loads(json.dumps(MINIMAL))
    assert to_data(plan) == MINIMAL
    assert next(iter(to_data(plan))) == "format"


def test_from_data_reads_parsed_json(reference_path: Path, morag: rp.Plan) -> None:
    assert from_data(json.loads(reference_path.read_text(encoding="utf-8"))) == morag


def test_a_minimal_plan_has_empty_sections() -> None:
    plan = rp.loads(json.dumps(MINIMAL))
    assert plan == rp.Plan(
        id="plan-1", framework="chime", person=rp.Person(id="person-1", name="Morag Sinclair")
    )
    assert (plan.circle, plan.outcomes, plan.extensions) == ((), (), {})
    assert plan.assessment is None
    assert plan.safety_plan is None


def test_the_renamed_keys_are_read_and_written_as_with(morag: rp.Plan) -> None:
    assert morag.assessment is not None
    assert morag.assessment.participants == ("eilidh", "james")
    assert morag.reviews[0].attendees == ("person", "eilidh", "james")
    assert [consent.member for consent in morag.sharing] == ["eilidh", "ali"]
    data = to_data(morag)
    assert data["assessment"]["with"] == ["eilidh", "james"]
    assert data["reviews"][0]["with"] == ["person", "eilidh", "james"]
    assert data["sharing"][0]["with"] == "eilidh"
    assert json_key(rp.Review, "attendees") == "with"
    assert json_key(rp.Review, "went_well") == "went_well"


def test_the_model_lists_classes_leaves_first() -> None:
    """The fast converter registers generated code in ``MODEL`` order, so a class must come
    after every class it holds (``Goal``, which holds itself, has a stand-in)."""
    seen: set[type] = set()
    for cls in MODEL:
        for hint in typing.get_type_hints(cls).values():
            for held in _classes_in(hint):
                assert held in seen or held is cls, f"{cls.__name__} holds {held.__name__}"
        seen.add(cls)
    assert set(RENAMES) <= seen


def _classes_in(hint: Any) -> Iterator[type]:
    if attrs.has(hint):
        yield hint
    for arg in typing.get_args(hint):
        yield from _classes_in(arg)


# -- extensions --------------------------------------------------------------------------------

EXTENSIONS = {
    "org.riverside": {
        "cost_centre": "RSL-14",
        "nested": {"deeper": {"deepest": [1, [2, [3, {"four": None}]]]}},
        "empty": {},
        "nothing": [],
        "flags": [True, False, None],
    },
    "uk.nhs.scot.eastfield": {
        "numbers": [0, -1, 2**70, 1.5, -0.25, 1e-7, 6.02e23, 0.1],
        "text": ["Ceòl", "مرحبا", "🌱👩‍👧", "e\u0301", "", "<b>{{ x }}</b>", "line\nbreak"],
        "2026-06-02": "a key that looks like a date",
        "on": "yes",
        "z": 1,
        "a": 2,
    },
}


def test_extensions_are_kept_verbatim(morag: rp.Plan) -> None:
    plan = attrs.evolve(morag, extensions=EXTENSIONS)
    text = rp.dumps(plan)
    again = rp.loads(text)
    assert again.extensions == EXTENSIONS
    assert json.loads(text)["extensions"] == EXTENSIONS
    assert list(key_orders(json.loads(text)["extensions"])) == list(key_orders(EXTENSIONS))
    numbers = again.extensions["uk.nhs.scot.eastfield"]["numbers"]
    assert [type(n) for n in numbers] == [int, int, int, float, float, float, float, float]
    assert again.extensions["org.riverside"]["flags"][0] is True


def test_extensions_are_kept_verbatim_through_yaml(tmp_path: Path, morag: rp.Plan) -> None:
    plan = attrs.evolve(morag, extensions=EXTENSIONS)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml12.safe_dump(to_data(plan), allow_unicode=True), encoding="utf-8")
    assert rp.load(path).extensions == EXTENSIONS


# -- YAML --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "style",
    [
        {"sort_keys": False},
        {"sort_keys": True, "allow_unicode": True},
        {"default_flow_style": True, "width": 60},
    ],
    ids=["block", "unicode-sorted", "flow"],
)
def test_the_reference_plan_as_yaml_loads_the_same(
    tmp_path: Path, reference_path: Path, morag: rp.Plan, style: dict[str, Any]
) -> None:
    document = json.loads(reference_path.read_text(encoding="utf-8"))
    for suffix in (".yaml", ".yml", ".YAML"):
        path = tmp_path / f"morag{suffix}"
        path.write_text(yaml12.safe_dump(document, **style), encoding="utf-8")
        assert rp.load(path) == morag


def test_hand_written_yaml_with_unquoted_dates_and_on(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "\ufeff# Morag's plan, typed by hand\n"
        "format: recoveryplan/1\n"
        "id: plan-1\n"
        "framework: chime\n"
        "person: {id: p-1, name: Morag}\n"
        "ratings:\n"
        "  - on: 2026-03-02\n"
        "    domain: hope\n"
        "    value: 4\n"
        "    by: person\n",
        encoding="utf-8",
    )
    plan = rp.load(path)
    assert plan.ratings == (rp.Rating(on=date(2026, 3, 2), domain="hope", value=4, by="person"),)


# -- text and bytes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text,
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: "\ufeff" + text,
        lambda text: bytearray(text.encode("utf-8")),
    ],
    ids=["text", "bytes", "bytes-with-bom", "text-with-bom", "bytearray"],
)
def test_loads_takes_text_or_utf8_bytes_with_or_without_a_bom(
    reference_path: Path, morag: rp.Plan, encode: Any
) -> None:
    assert rp.loads(encode(reference_path.read_text(encoding="utf-8"))) == morag


def test_a_json_file_with_a_bom_loads(tmp_path: Path, reference_path: Path, morag: rp.Plan) -> None:
    path = tmp_path / "morag.json"
    path.write_bytes(b"\xef\xbb\xbf" + reference_path.read_bytes())
    assert rp.load(path) == morag


def test_a_file_of_another_suffix_is_read_as_json(
    tmp_path: Path, reference_path: Path, morag: rp.Plan
) -> None:
    path = tmp_path / "morag.plan"
    path.write_bytes(reference_path.read_bytes())
    assert rp.load(str(path)) == morag


# -- null for what is optional ---------------------------------------------------------------------


def test_null_is_the_same_as_leaving_an_optional_field_out() -> None:
    with_nulls = {
        **MINIMAL,
        "person": {**MINIMAL["person"], "preferred_name": None, "date_of_birth": None},  # type: ignore[dict-item]
        "service": None,
        "created_on": None,
        "assessment": {
            "on": None,
            "items": [
                {
                    "id": "i",
                    "kind": "need",
                    "text": "t",
                    "voice": "service",
                    "statutory_basis": None,
                }
            ],
        },
        "outcomes": [
            {
                "id": "oc",
                "statement": "s",
                "status": "active",
                "domain": None,
                "goals": [{"id": "g", "statement": "s", "status": "planned", "due_on": None}],
            }
        ],
        "risk_plans": [{"id": "rp", "activity": "a", "capacity": None, "decision": None}],
        "safety_plan": None,
        "sharing": [],
    }
    without = json.loads(json.dumps(with_nulls))
    for part in (
        without["person"],
        without,
        without["assessment"],
        without["outcomes"][0],
        without["outcomes"][0]["goals"][0],
        without["risk_plans"][0],
        without["assessment"]["items"][0],
    ):
        for key in [k for k, v in part.items() if v is None]:
            del part[key]
    plan = rp.loads(json.dumps(with_nulls))
    assert plan == rp.loads(json.dumps(without))
    assert plan.service is None
    assert plan.outcomes[0].goals[0].due_on is None
    assert "null" not in rp.dumps(plan)


# -- deep nesting ------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1, 5, MAX_GOAL_DEPTH])
def test_goals_nested_deep_load_and_dump(tmp_path: Path, depth: int) -> None:
    document = nested_goals(depth)
    plan = rp.loads(json.dumps(document))
    places = list(plan.walk_goals())
    assert [place.depth for place in places] == list(range(1, depth + 1))
    assert places[-1].goal.id == f"g-{depth}"
    assert places[-1].path == "$.outcomes[0]" + ".goals[0]" * depth
    assert json.loads(rp.dumps(plan)) == document
    rp.dump(plan, tmp_path / "deep.json")
    assert rp.load(tmp_path / "deep.json") == plan


def test_a_problem_deep_down_is_reported_at_its_full_path() -> None:
    document = nested_goals(MAX_GOAL_DEPTH)
    goal = document["outcomes"][0]
    for _ in range(MAX_GOAL_DEPTH):
        goal = goal["goals"][0]
    goal["due_on"] = "soon"
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.loads(json.dumps(document))
    [problem] = caught.value.problems
    assert problem.path == "$.outcomes[0]" + ".goals[0]" * MAX_GOAL_DEPTH + ".due_on"


@pytest.mark.parametrize("depth", [MAX_GOAL_DEPTH + 1, 120, 300])
def test_goals_nested_past_the_limit_are_refused_at_the_first_goal_too_deep(depth: int) -> None:
    """Every plan that loads renders in every format, so the loader and the model share one
    depth limit and say so at the path where it is passed."""
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.loads(json.dumps(nested_goals(depth)))
    assert caught.value.problems == [
        rp.Problem(
            path="$.outcomes[0]" + ".goals[0]" * (MAX_GOAL_DEPTH + 1),
            message=f"small goals are nested more than {MAX_GOAL_DEPTH} levels deep under an "
            "outcome, the most a plan holds; move some small goals up a level",
        )
    ]


def test_a_plan_built_in_python_past_the_limit_is_refused() -> None:
    active = rp.Status.ACTIVE
    goal = rp.Goal(id="g", statement="Step", status=active)
    for level in range(MAX_GOAL_DEPTH):
        goal = rp.Goal(id=f"g{level}", statement="Step", status=active, goals=(goal,))
    outcome = rp.Outcome(id="oc", statement="I get there", status=active, goals=(goal,))
    with pytest.raises(rp.PlanValueError, match=r"^Plan\.outcomes: small goals are nested"):
        rp.Plan(id="p", framework="chime", person=rp.Person(id="me", name="M"), outcomes=(outcome,))


def test_nesting_beyond_what_python_can_follow_is_refused_clearly() -> None:
    """Goals may nest to any depth the stack allows; past that, an error, never a crash."""
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.loads(nested_goals_text(3000))
    [problem] = caught.value.problems
    assert problem.path == "$"
    assert problem.message.startswith("the plan is nested too deeply to read")
    extension = '{"a.b": ' + "[" * 100_000 + "]" * 100_000 + "}"
    with pytest.raises(rp.PlanFormatError) as caught:
        rp.loads(json.dumps(MINIMAL)[:-1] + f', "extensions": {extension}}}')
    assert caught.value.problems[0].message.startswith("the plan is nested too deeply to read")


def test_the_text_of_nested_goals_is_their_json() -> None:
    assert json.loads(nested_goals_text(7)) == nested_goals(7)


def test_the_deepest_plan_that_loads_can_be_written() -> None:
    plan = rp.loads(json.dumps(nested_goals(MAX_GOAL_DEPTH)))
    assert json.loads(rp.dumps(plan)) == nested_goals(MAX_GOAL_DEPTH)
