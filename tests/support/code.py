"""Reading the library's own source as code, for the tests that check how it is written."""

from __future__ import annotations

import ast


def called_name(node: ast.expr) -> str:
    """The name a call is made by (``gettext`` in ``gettext(...)`` and in
    ``messages.gettext(...)``), or ``""`` for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


__all__ = ["called_name"]
