"""Checks of an exported bundle beyond fhir.resources: the official R4 JSON Schema and the R4
FHIRPath invariants, both from files in tests/data (see tests/data/FHIR-NOTICE.md)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

__all__ = ["UNEVALUATED", "invariant_errors", "schema_errors"]

DATA = Path(__file__).resolve().parents[1] / "data"

UNEVALUATED = frozenset({"txt-1", "ele-1"})
"""Invariants not run: txt-1 is ``htmlChecks()``, which fhirpathpy does not implement (the
narrative's markup is checked in the tests instead), and ele-1 on primitives, which plain JSON
cannot tell apart from their ``_element`` twins (ele-1 is run on every complex element)."""


def _load(name: str) -> Any:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as file:
        return json.load(file)


@cache
def _schema_validators() -> dict[str, Any]:
    """A validator for each kind of resource, and under ``""`` one for a bundle around its
    resources, which takes each entry's resource as it is (each is checked on its own): a
    resource checked in its place is a ``oneOf`` of every kind there is, tried one by one."""
    from jsonschema import Draft6Validator  # type: ignore[import-untyped]

    schema = _load("fhir.schema.json.gz")
    definitions = schema["definitions"]

    def validator(kind: str, definitions: dict[str, Any]) -> Any:
        return Draft6Validator({"$ref": f"#/definitions/{kind}", "definitions": definitions})

    validators = {kind: validator(kind, definitions) for kind in schema["discriminator"]["mapping"]}
    entry = definitions["Bundle_Entry"]
    around = {"Bundle_Entry": {**entry, "properties": {**entry["properties"], "resource": {}}}}
    validators[""] = validator("Bundle", {**definitions, **around})
    return validators


def schema_errors(bundle: dict[str, Any]) -> list[str]:
    """Every place the bundle breaks the official R4 JSON Schema (each resource on its own, so
    that a problem is named where it is rather than as a failed ``oneOf``)."""
    validators = _schema_validators()
    found = []
    for index, entry in enumerate(bundle["entry"]):
        resource = entry["resource"]
        for error in validators[resource["resourceType"]].iter_errors(resource):
            where = "".join(f"[{p!r}]" for p in error.absolute_path)
            found.append(f"entry[{index}].resource{where}: {error.message[:200]}")
    for error in validators[""].iter_errors(bundle):
        found.append(f"bundle{list(error.absolute_path)}: {error.message[:200]}")
    return found


# -- the FHIRPath invariants ------------------------------------------------------------------


@cache
def _definitions() -> dict[str, Any]:
    return dict(_load("fhir-r4-invariants.json.gz")["definitions"])


def _children(node: Any, name: str, types: list[str]) -> Iterator[tuple[Any, str]]:
    """The values of one element of a node, with the type of each (a choice by its suffix)."""
    if not isinstance(node, dict):
        return
    if name.endswith("[x]"):
        base = name[:-3]
        keys = [(base + kind[0].upper() + kind[1:], kind) for kind in types]
    else:
        keys = [(name, types[0] if len(types) == 1 else "")]
    for key, kind in keys:
        value = node.get(key)
        for item in value if isinstance(value, list) else [value] if value is not None else []:
            yield item, kind


def _check(node: Any, kind: str, where: str, found: list[str], seen: set[str]) -> None:
    """Run the invariants of ``kind`` (and of the types within it) on one node."""
    definition = _definitions().get(kind)
    if definition is None:
        return  # a primitive type
    # Every element of the type, reached from this node: path → (nodes, types).
    nodes: dict[str, list[tuple[Any, str]]] = {kind: [(node, where)]}
    for element in definition["elements"]:
        path = element["path"]
        if path == kind:
            targets = nodes[kind]
        else:
            parent, _, name = path.rpartition(".")
            targets = []
            for parent_node, parent_where in nodes.get(parent, []):
                for index, (child, _) in enumerate(_children(parent_node, name, element["types"])):
                    targets.append((child, f"{parent_where}.{name}[{index}]"))
            nodes[path] = targets
        primitive = element["types"] and all(t[:1].islower() for t in element["types"])
        for constraint in element["constraints"]:
            key = constraint["key"]
            if key in UNEVALUATED and (key != "ele-1" or primitive):
                continue
            if primitive:
                continue
            for target, target_where in targets:
                if not isinstance(target, dict):
                    continue
                if key == "ele-1":  # children().count() > id.count(), without a model
                    result = [bool(set(target) - {"id"})]
                else:
                    base = _base(path, element["types"])
                    result = _evaluate(target, constraint["expression"], base, node, seen, key)
                if result not in ([True], []):
                    found.append(f"{target_where}: {key} ({constraint['human']})")
        if path != kind and len(element["types"]) >= 1:
            for target, target_where in targets:
                for inner in element["types"]:
                    if (
                        inner not in ("BackboneElement", "Element", "Resource")
                        and inner[:1].isupper()
                        and isinstance(target, dict)
                    ):
                        _check(target, inner, target_where, found, seen)
                        break


_QUIET = {"traceFn": lambda *_: None}


def _base(path: str, types: list[str]) -> str:
    """The type an element's node is, as the model names it (so that choices resolve)."""
    if len(types) == 1 and types[0] not in ("BackboneElement", "Element"):
        return types[0]
    return path


@cache
def _parsed(expression: str) -> Any:
    """An invariant's expression parsed, once: parsing is nine tenths of what
    ``fhirpathpy.evaluate`` spends, and some 200 expressions are run on every bundle."""
    from fhirpathpy.parser import parse

    return parse(expression)  # type: ignore[no-untyped-call]


def _run(node: Any, expression: str, base: str, resource: Any) -> Any:
    """What ``fhirpathpy.evaluate(node, {"base": base, "expression": expression}, ...)``
    gives, with the expression parsed once."""
    from fhirpathpy import apply_parsed_path
    from fhirpathpy.engine.nodes import ResourceNode
    from fhirpathpy.models import models

    context = {"resource": resource, "rootResource": resource}
    typed = ResourceNode.create_node(node, base)  # type: ignore[no-untyped-call]
    parsed = _parsed(expression)
    return apply_parsed_path(typed, parsed, context, models["r4"], _QUIET)  # type: ignore[no-untyped-call]


def _evaluate(
    node: Any, expression: str, base: str, resource: Any, seen: set[str], key: str
) -> Any:
    """An invariant's result, with what fhirpathpy lacks stood in for.

    ``hasValue()`` (not implemented) is ``exists()`` on an element and false on the complex
    node itself (plain JSON objects are never primitives; ele-1 is checked in Python); an
    ``A implies B`` whose ``B`` cannot run (``resolve()``) holds when ``A`` does not.
    """
    expression = re.sub(r"(?<![.\w])hasValue\(\)", "false", expression)
    expression = expression.replace(".hasValue()", ".exists()")
    try:
        return _run(node, expression, base, resource)
    except Exception as error:
        premise, implies, _ = expression.partition(" implies ")
        if implies:
            try:
                if _run(node, premise, base, resource) != [True]:
                    return [True]
            except Exception:
                pass
        seen.add(f"{key}: {type(error).__name__}: {error}"[:200])
        return [True]


def invariant_errors(bundle: dict[str, Any]) -> list[str]:
    """Every error-severity R4 invariant a resource of the bundle (or the bundle) breaks."""
    pytest.importorskip("fhirpathpy", reason="fhirpathpy runs the R4 invariants")
    found: list[str] = []
    unevaluable: set[str] = set()
    for index, entry in enumerate(bundle["entry"]):
        resource = entry["resource"]
        _check(resource, resource["resourceType"], f"entry[{index}]", found, unevaluable)
    _check(bundle, "Bundle", "bundle", found, unevaluable)  # bdl-*: its entries as a whole
    assert not unevaluable, f"invariants fhirpathpy could not run: {sorted(unevaluable)}"
    return sorted(set(found))
