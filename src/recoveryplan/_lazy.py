"""Names a module gives whose own modules load when a name is first used (see docs/layout.md,
"Imports on first use"): the package root, :mod:`recoveryplan.render` and
:mod:`recoveryplan.caseload` keep ``import recoveryplan`` and the command line's start-up from
loading what most runs never touch."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["on_first_use"]


def on_first_use(
    module: str, names: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``module`` (its ``__name__``) for ``names``, each
    a name and the module, relative to ``module``'s package, that holds it: the name is
    imported from there when first asked for and kept, so it is looked up once, and ``dir()``
    lists it from the start. For type checkers the module imports the names under
    ``TYPE_CHECKING``."""
    namespace = sys.modules[module].__dict__
    package = namespace["__package__"]

    def __getattr__(name: str) -> Any:
        source = names.get(name)
        if source is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(source, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *names})

    return __getattr__, __dir__
