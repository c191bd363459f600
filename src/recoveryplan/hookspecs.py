"""The plugin hooks. Plugins mark implementations with ``from recoveryplan import hookimpl``.

Every hook's results are merged, so no plugin depends on the order plugins were loaded in.
Hooks are called with keyword arguments; an implementation may accept any subset of them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from jinja2 import Environment

    from .findings import Finding
    from .frameworks import Framework
    from .plan import Plan
    from .safety import Professional

hookspec = pluggy.HookspecMarker("recoveryplan")
hookimpl = pluggy.HookimplMarker("recoveryplan")

__all__ = ["hookimpl", "hookspec"]


# -- frameworks ----------------------------------------------------------------------------


@hookspec
def register_frameworks() -> list[Framework]:  # type: ignore[empty-body]
    """Outcomes frameworks this plugin provides (a list, even of one); an id registered
    twice, by one plugin or two, is an error naming both."""


# -- checks --------------------------------------------------------------------------------


@hookspec
def validate_plan(plan: Plan, framework: Framework | None, today: date) -> list[Finding]:  # type: ignore[empty-body]
    """Findings about a plan, as a list (empty when all is well). ``framework`` is ``None``
    when the plan's is not registered; ``today`` decides what is overdue."""


# -- rendering -----------------------------------------------------------------------------


@hookspec
def template_dirs() -> list[Path]:  # type: ignore[empty-body]
    """Folders of templates (a list of existing folders), searched before the built-in
    templates; several plugins' folders stack in the order of their names."""


@hookspec
def extra_template_vars(plan: Plan, audience: str, format: str) -> dict[str, Any]:  # type: ignore[empty-body]
    """Variables merged into the template context of every rendering."""


@hookspec
def prepare_jinja2_environment(env: Environment, format: str) -> None:
    """Add filters, tests and globals to a Jinja environment once it is built."""


# -- recovery language ---------------------------------------------------------------------


@hookspec
def register_language_rules() -> list[Any]:  # type: ignore[empty-body]
    """Recovery-language rules, as ``LanguageRule`` or dicts; one code twice is an error."""


# -- safety --------------------------------------------------------------------------------


@hookspec
def crisis_lines(plan: Plan) -> list[Professional]:  # type: ignore[empty-body]
    """The organisation's emergency and 24-hour lines (``rp.Professional``: a name and how to
    reach it, hours included), added after the plan's own to every safety plan and crisis card."""
