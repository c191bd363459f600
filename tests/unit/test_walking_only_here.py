"""One walker over the model: no module goes down through ``attrs`` fields by itself.

A function "walks the model by itself" when it reads a class's fields from ``attrs`` itself
(``attrs.fields``, ``fields_dict``, ``__attrs_attrs__``) and calls itself again, directly or
through other functions of its module. Those walks live in :mod:`recoveryplan._walking` and
:mod:`recoveryplan._fields`; the few that do something else with the fields are named below,
each with why. Read from the source with ``ast``: nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import recoveryplan

PACKAGE = Path(recoveryplan.__file__).parent

WALKERS = frozenset({"_fields.py", "_walking.py"})
"""The modules that hold the model's walks."""

READS_FIELDS = frozenset({"fields", "fields_dict", "__attrs_attrs__"})
"""Reading a class's field definitions from ``attrs`` itself. Asking whether a value is a
part (``attrs.has``) is not walking, and :func:`recoveryplan._fields.shapes` is the walker's
own reading of the fields, which any walk may build on."""

ALLOWED: dict[tuple[str, str], str] = {
    ("_converter.py", "_fast_structure"): (
        "the format's fast reader, generated once per class and specialised for speed"
    ),
    ("_converter.py", "problems"): (
        "goes down cattrs' tree of errors, not the model; reads one class's keys to suggest one"
    ),
    ("testing/drawing.py", "build"): (
        "draws a new part for property tests from each field's type, rather than reading one"
    ),
}
"""Walks that stay where they are: ``(module, function) -> why``."""


def _reads_fields(node: ast.AST) -> bool:
    for inner in ast.walk(node):
        if (
            isinstance(inner, ast.Attribute)
            and inner.attr in READS_FIELDS
            and (inner.attr == "__attrs_attrs__" or _is_attrs(inner.value))
        ):
            return True
        if isinstance(inner, ast.Name) and inner.id in READS_FIELDS - {"fields"}:
            return True
    return False


def _is_attrs(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id in {"attrs", "attr"}


def _called(node: ast.AST) -> set[str]:
    """The names a function calls or hands on as a function: ``f(...)``, ``self.f(...)``."""
    found: set[str] = set()
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name):
            found.add(inner.id)
        elif (
            isinstance(inner, ast.Attribute)
            and isinstance(inner.value, ast.Name)
            and inner.value.id in {"self", "cls"}
        ):
            found.add(inner.attr)
    return found


def walks_by_itself(source: str) -> set[str]:
    """The functions in ``source`` that read model fields and call themselves again."""
    tree = ast.parse(source)
    functions = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        and not isinstance(node, ast.Lambda)
    ]
    calls: dict[str, set[str]] = {}
    for function in functions:
        calls.setdefault(function.name, set()).update(_called(function))
    names = set(calls)
    for name in calls:
        calls[name] &= names

    def reaches(start: str, goal: str) -> bool:
        seen: set[str] = set()
        stack = list(calls[start])
        while stack:
            name = stack.pop()
            if name == goal:
                return True
            if name not in seen:
                seen.add(name)
                stack.extend(calls[name])
        return False

    return {
        function.name
        for function in functions
        if _reads_fields(function) and reaches(function.name, function.name)
    }


def test_the_detector_finds_a_walk_of_its_own() -> None:
    source = (
        "import attrs\n"
        "def collect(value, found):\n"
        "    if attrs.has(type(value)):\n"
        "        for field in attrs.fields(type(value)):\n"
        "            collect(getattr(value, field.name), found)\n"
        "class Walker:\n"
        "    def part(self, value):\n"
        "        for field in attrs.fields_dict(type(value)):\n"
        "            self.entries(getattr(value, field))\n"
        "    def entries(self, values):\n"
        "        for value in values:\n"
        "            self.part(value)\n"
        "def names(cls):\n"
        "    return [field.name for field in attrs.fields(cls)]\n"
    )
    assert walks_by_itself(source) == {"collect", "part"}


def test_no_module_walks_the_model_by_itself() -> None:
    found = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module in WALKERS:
            continue
        for function in walks_by_itself(path.read_text(encoding="utf-8")):
            found.add((module, function))
    unexplained = sorted(found - ALLOWED.keys())
    assert not unexplained, (
        f"{unexplained} walk the model's fields by themselves: use recoveryplan._walking "
        "(walk, differing, towards, rebuilt, reaching, replaced), or, when the walk does "
        "something else with the fields, add it to ALLOWED in this test with the reason"
    )
    stale = sorted(ALLOWED.keys() - found)
    assert not stale, f"{stale} no longer walk the model: take them out of ALLOWED"
