"""The package's layout: small modules, and no two modules that import each other.

Read from the source with ``ast`` (nothing is imported), counting imports wherever they are
written, inside functions too: a cycle hidden in a function still ties the two modules
together, and breaks the day someone moves the import to the top.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import recoveryplan

PACKAGE = Path(recoveryplan.__file__).parent
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def imported(name: str) -> Iterator[str]:
    """The modules of the package that module ``name`` imports by name, anywhere in it.

    ``from . import x`` imports the submodule ``x`` when there is one, else a name from the
    package's ``__init__``; ``from .x import y`` imports ``x`` (and ``x.y``, when that is a
    submodule). A submodule's parent package is imported before it by Python itself, which is
    not counted; importing a name from it is.
    """
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    here = name if is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            if source not in MODULES:
                continue
            names = [alias.name for alias in node.names]
            submodules = [f"{source}.{n}" for n in names if f"{source}.{n}" in MODULES]
            yield from submodules
            if len(submodules) < len(names):
                yield source


IMPORTS: dict[str, set[str]] = {
    name: {found for found in imported(name) if found != name} for name in MODULES
}


def test_the_import_graph_is_read() -> None:
    """The reading finds what is plainly there (a test that cannot fail finds nothing)."""
    assert "recoveryplan.plan" in IMPORTS["recoveryplan"]
    assert "recoveryplan._fields" in IMPORTS["recoveryplan.plan"]
    assert "recoveryplan.cli._common" in IMPORTS["recoveryplan.cli.render"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_the_size_limit(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (
        f"{MODULES[name].relative_to(PACKAGE.parent)} has {lines} lines; split it by job "
        f"(at most {MAX_LINES})"
    )


def test_no_two_modules_import_each_other() -> None:
    pairs = sorted(
        f"{a} <-> {b}" for a, found in IMPORTS.items() for b in found if a < b and a in IMPORTS[b]
    )
    assert pairs == []


def test_no_module_imports_the_package_root() -> None:
    """The root imports nearly everything, so a module importing from it (``from .. import
    __version__``) is a cycle through the whole package; the version is in ``_version``."""
    upwards = sorted(name for name, found in IMPORTS.items() if "recoveryplan" in found)
    assert upwards == []
