"""Every word the command line writes to a person is marked for translation.

A sentence the command line prints, raises as the error it prints, or gives argparse as help,
a description, an epilog or a placeholder must reach the messages' catalogue: written inside
``_()``, ``ngettext()`` or ``N_()``. What may stay as it is: a string with no letters, a
placeholder's name in the ``%`` mapping, and text made of values (option and command names,
file names, codes, proper names) that no language translates.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..support.code import called_name
from ..support.reference import ROOT

CLI = ROOT / "src" / "recoveryplan" / "cli"

MARKERS = frozenset({"_", "ngettext", "N_", "gettext"})
WRITERS = frozenset({"say", "complain", "print"})
ARGPARSE_WORDS = {
    "add_argument": frozenset({"help", "metavar"}),
    "add_parser": frozenset({"help", "description", "epilog"}),
    "ArgumentParser": frozenset({"description", "epilog"}),
    "add_subparsers": frozenset({"title", "description", "metavar"}),
    "add_argument_group": frozenset({"title", "description"}),
}

VALUES = re.compile(
    r"""^(?:
        [^A-Za-z]*                                   # no words at all
      | (?:[^A-Za-z]*(?:--?[a-z][a-z-]*|recoveryplan|[A-Z_]{2,}|[\w.-]+\.(?:toml|json|py)|\w+://)
         [^A-Za-z]*)+                                # options, names, files, addresses
    )$""",
    re.VERBOSE,
)
"""A string made only of values: no word a language would translate."""


VALUE_CALLS = frozenset({"join", "get", "isoformat", "dumps", "sorted", "str"})
"""A value's method (``", ".join(...)``): what it returns is a value, not a sentence."""


def _unmarked(node: ast.AST) -> Iterator[ast.AST]:
    """The string literals under ``node`` that are neither marked nor values."""
    if isinstance(node, ast.Call) and called_name(node.func) in MARKERS:
        return
    if isinstance(node, ast.Dict):
        return  # a placeholder's name and its value: a value is never translated
    if isinstance(node, ast.Subscript):
        yield from _unmarked(node.value)
        return
    if isinstance(node, ast.Compare):
        return  # a condition, not words
    if isinstance(node, ast.Call) and called_name(node.func) in VALUE_CALLS:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if not VALUES.match(node.value):
            yield node
        return
    if isinstance(node, ast.JoinedStr):
        text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        if not VALUES.match(text):
            yield node
        return
    for child in ast.iter_child_nodes(node):
        yield from _unmarked(child)


def _words_reaching_a_person(tree: ast.AST) -> Iterator[ast.AST]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            yield from _unmarked(node.exc)
        if not isinstance(node, ast.Call):
            continue
        name = called_name(node.func)
        if name in WRITERS or (name == "write" and "stderr" in ast.unparse(node.func)):
            for arg in node.args:
                yield from _unmarked(arg)
        keywords = ARGPARSE_WORDS.get(name)
        if keywords:
            for keyword in node.keywords:
                if keyword.arg in keywords:
                    yield from _unmarked(keyword.value)


@pytest.mark.parametrize("module", sorted(CLI.glob("*.py")), ids=lambda path: path.name)
def test_every_sentence_the_command_line_writes_is_marked(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    left = [
        f"{module.name}:{node.lineno}: {ast.unparse(node)[:90]}"  # type: ignore[attr-defined]
        for node in _words_reaching_a_person(tree)
    ]
    assert not left, "not marked for translation (wrap in _() or ngettext()):\n" + "\n".join(left)


def test_the_check_catches_an_unmarked_sentence() -> None:
    caught = ast.parse('complain(f"{path}: cannot be read")\nsay(_("fine") % {"x": "ok"})')
    assert len(list(_words_reaching_a_person(caught))) == 1
    assert not list(_words_reaching_a_person(ast.parse('complain(f"--store {url}")')))
