"""Every error the public Python API raises for a person to read is built from the messages'
catalogue.

A developer shows these errors to the staff who typed what was refused (an unknown id, a view
the person has not agreed to share, a folder given as a file), so their sentences are written
inside ``_()``, ``gettext()``, ``ngettext()`` or taken from a table marked ``N_()``, never as a
bare string or an f-string. What may stay as it is: a field's code path in front of a message
(``"Need.size: "``), and the errors that are about the Python code itself (``TypeError``: a
``Plan`` expected, a number given), which are read only by the developer, like Python's own.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..support.code import called_name
from ..support.reference import ROOT

PACKAGE = ROOT / "src" / "recoveryplan"

COVERED = (
    "_checks.py",
    "audience.py",
    "batch.py",
    "communication.py",
    "demo.py",
    "editing.py",
    "errors.py",
    "files.py",
    "hookcalls.py",
    "newplugin.py",
    "part_names.py",
    "plan.py",
    "plugin_config.py",
    "plugin_setup.py",
    "plugins.py",
    "render.py",
    "reviews.py",
    "serialize.py",
    "templating.py",
    "views.py",
    "caseload/report.py",
    "caseload/tables.py",
    "store/__init__.py",
    "store/connecting.py",
    "store/database.py",
    "store/migrating.py",
)
"""The modules whose every error speaks the reader's language."""

VALUE_CALLS = frozenset({"join", "repr", "str", "isoformat"})
"""A value's method or a conversion: what it returns is written as code writes it."""

ABOUT_THE_CODE = frozenset({"TypeError", "AttributeError", "AssertionError", "NotImplementedError"})

CODE = re.compile(r"^(?:[A-Z]\w*(?:\.\w+)+: |[a-z_]+)$")
"""Code, not words: a field's code path put in front of a message (``"Goal.due_on: "``), or
one lowercase word, the key of a table of messages (``lost_message("reading", ...)``)."""


def _bare(node: ast.AST) -> Iterator[ast.AST]:
    """The literal words under ``node`` that no catalogue translates."""
    if isinstance(node, ast.Call) and called_name(node.func) in {"_", "gettext", "ngettext", "N_"}:
        return
    if isinstance(node, (ast.Dict, ast.Compare)):
        return  # a placeholder's value, or a condition: not words
    if isinstance(node, ast.Call) and called_name(node.func) in VALUE_CALLS:
        return  # a value, written as code writes it
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if re.search(r"[A-Za-z]", node.value) and not CODE.match(node.value):
            yield node
        return
    if isinstance(node, ast.JoinedStr):
        words = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        if re.search(r"[A-Za-z]", words):
            yield node
        return
    if isinstance(node, ast.Call):  # a Problem(path=..., message=...): only its words
        for keyword in node.keywords:
            if keyword.arg == "message":
                yield from _bare(keyword.value)
        for arg in node.args:
            yield from _bare(arg)
        return
    for child in ast.iter_child_nodes(node):
        yield from _bare(child)


def unmarked(tree: ast.AST) -> Iterator[ast.AST]:
    """The bare words in the message of every error made (raised, or returned to be raised)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        kind = called_name(node.func)
        if not kind.endswith("Error") or kind in ABOUT_THE_CODE or not node.args:
            continue
        yield from _bare(node.args[0])


@pytest.mark.parametrize("module", COVERED)
def test_every_error_of_the_api_is_built_from_the_catalogue(module: str) -> None:
    path: Path = PACKAGE / module
    left = [
        f"{module}:{node.lineno}: {ast.unparse(node)[:90]}"  # type: ignore[attr-defined]
        for node in unmarked(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not left, "an error's words not in the catalogue (wrap in gettext()):\n" + "\n".join(
        left
    )


def test_the_check_catches_a_bare_message() -> None:
    caught = ast.parse(
        'raise PlanValueError(f"{id!r} is not a status")\n'
        'return PlanWriteError("cannot be written")\n'
        'raise PlanValueError("Need.size: " + f"too big")\n'
    )
    assert len(list(unmarked(caught))) == 3
    problem = ast.parse('raise PlanFormatError([Problem(path="$", message="no plan here")])')
    assert len(list(unmarked(problem))) == 1
    fine = ast.parse(
        'raise PlanValueError("Need.size: " + _("too big %(n)s") % {"n": repr(n)})\n'
        'raise TypeError(f"render() takes a Plan, not {kind}")\n'
        "raise PlanValueError(_(_TABLE[kind]) % {'file': shown})\n"
    )
    assert not list(unmarked(fine))
