"""The plugin hooks, and what each may return. Plugins mark implementations with
``from recoveryplan import hookimpl``.

Every hook's results are merged, so no plugin depends on the order plugins were loaded in.
Hooks are called with keyword arguments; an implementation may accept any subset of them.
:data:`RESULTS` says, for each hook, what an implementation may return and how several
plugins' results combine; every place that calls a hook reads it there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs
import pluggy

from .errors import FrameworkConflictError, PlanError
from .findings import SEVERITIES, Finding
from .frameworks import Framework
from .safety import Professional

if TYPE_CHECKING:
    from jinja2 import Environment

    from .plan import Plan

hookspec = pluggy.HookspecMarker("recoveryplan")
hookimpl = pluggy.HookimplMarker("recoveryplan")

__all__ = ["RESULTS", "HookResult", "hookimpl", "hookspec"]


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
def translation_dirs() -> list[Path]:  # type: ignore[empty-body]
    """Folders of the plugin's own translation catalogues (``<language>/LC_MESSAGES/*.mo``,
    compiled with Babel from its templates' ``_("...")`` and ``{% trans %}``), added to the
    library's for every copy in that language, and used for the words of the plugin's own
    framework (its name, domains and scale labels) too. A copy is written in a language only
    when the library's catalogue and the plugins' together translate every message the library
    writes (``recoveryplan.translations.missing(language)`` lists what is left); a language
    only a plugin translates is then offered too. The same catalogues are merged on top of
    the library's own messages (:mod:`recoveryplan.messages`), for the plugin's findings and
    its corrections of the library's."""


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


# -- what each hook returns, and how its results combine -----------------------------------
#
# The one place that says what a plugin may return from each hook and what becomes of several
# plugins' results. Each implementation's result is checked as it returns, inside pluggy's
# call loop, so a ``wrapper=True`` implementation only ever sees results that passed, and a
# result that does not pass is its plugin's failure alone. What the results make together
# (every item, one dict, one owner per id) is decided here too, so that a conflict names both
# plugins in the same words wherever the hook is called.

Combine = Literal["collect", "each", "unique", "merge", "nothing"]
"""How several plugins' results become one.

``collect``: every item of every plugin's list, in the order plugins were called. ``each``:
each plugin's results kept apart, under its name. ``unique``: every item, where no two may
share a key; two that do are an error naming both plugins. ``merge``: one dict, where no two
plugins may give the same key and none may give a key the caller reserves. ``nothing``: the hook
changes what it is given and returns nothing."""


def described_value(value: object) -> str:
    """A value as messages show it: its type and a short repr."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


@attrs.frozen
class ListOf:
    """A list (or tuple) whose every item is one of ``kinds`` and has no ``problem``."""

    kinds: type | tuple[type, ...]
    what: str
    """What the list holds, as in "return a list of ..."."""
    every: str = ""
    """What each item must be, as in "every item must be ..." (``what`` when empty)."""
    empty: str = ""
    """Said after "return a list of ...", when an empty list needs saying."""
    problem: Callable[[Any], str | None] | None = None
    """Anything else wrong with one item, beyond its type."""

    def __call__(self, value: object) -> str | None:
        if not isinstance(value, list | tuple):
            return f"returned {described_value(value)}; return a list of {self.what}{self.empty}"
        for item in value:
            if not isinstance(item, self.kinds):
                return (
                    f"returned a list holding {described_value(item)}; every item must be "
                    f"{self.every or self.what}"
                )
            problem = self.problem(item) if self.problem is not None else None
            if problem is not None:
                return problem
        return None


@attrs.frozen
class NamedValues:
    """A dict whose keys are names a template can use."""

    def __call__(self, value: object) -> str | None:
        if isinstance(value, Mapping) and all(
            isinstance(name, str) and name.isidentifier() for name in value
        ):
            return None
        return (
            f"returned {described_value(value)}; return a dict whose keys are template "
            "variable names (text such as 'organisation_phone')"
        )


@attrs.frozen
class NothingBack:
    """Nothing: the hook changes what it is given."""

    advice: str

    def __call__(self, value: object) -> str | None:
        return f"returned {described_value(value)}; {self.advice}"


@attrs.frozen(kw_only=True)
class HookResult:
    """What one hook's implementations may return and how several plugins' results combine.

    ``check`` gives the problem with one implementation's result (``None`` when it is fine),
    said as the end of "plugin X, hook H: ...". ``None`` itself is never checked: it is how any
    implementation says it has nothing to add.
    """

    check: Callable[[object], str | None]
    combine: Combine
    key: Callable[[Any], str] | None = None
    """For ``unique``: the key no two items may share."""
    conflict: str = ""
    """For ``unique`` and ``merge``: the message when two items share a key, with ``{key}``,
    ``{first}`` and ``{second}`` (the two plugins, in the order of their names)."""
    conflict_error: type[PlanError] | None = None
    """The error a conflict raises, when it is not a ``PluginError``."""
    reserved: str = ""
    """For ``merge``: the problem with a key the caller reserves, with ``{key}``."""
    summary: str
    """How the results combine, for the hook reference."""


def _finding_problem(finding: Finding) -> str | None:
    if finding.severity in SEVERITIES:
        return None
    return (
        f"returned a finding with severity {finding.severity!r} ({finding.code}); "
        f"use one of: {', '.join(SEVERITIES)}"
    )


def _folder_problem(folder: str | os.PathLike[str]) -> str | None:
    if Path(folder).is_dir():
        return None
    return f"the template folder {str(folder)!r} does not exist; return existing folders"


def _catalogue_problem(folder: str | os.PathLike[str]) -> str | None:
    if Path(folder).is_dir():
        return None
    return f"the catalogue folder {str(folder)!r} does not exist; return existing folders"


RESULTS: dict[str, HookResult] = {
    "register_frameworks": HookResult(
        check=ListOf(Framework, "recoveryplan.Framework"),
        combine="unique",
        key=lambda framework: str(framework.id),
        conflict="the framework id {key!r} is registered by both {first} and {second}",
        conflict_error=FrameworkConflictError,
        summary="every plugin's frameworks together; an id given twice is an error",
    ),
    "validate_plan": HookResult(
        check=ListOf(
            Finding,
            "recoveryplan.Finding",
            every="a recoveryplan.Finding(severity, code, path, message)",
            empty=" (an empty list when all is well)",
            problem=_finding_problem,
        ),
        combine="collect",
        summary=(
            "every plugin's findings together; a plugin that fails becomes a `plugin.failed` "
            "finding and the others' findings still count"
        ),
    ),
    "template_dirs": HookResult(
        check=ListOf((str, os.PathLike), "folders (pathlib.Path)", problem=_folder_problem),
        combine="each",
        summary="each plugin's folders, kept apart as one layer of templates per plugin",
    ),
    "translation_dirs": HookResult(
        check=ListOf((str, os.PathLike), "folders (pathlib.Path)", problem=_catalogue_problem),
        combine="collect",
        summary="every plugin's folders together; a later plugin's words win over an earlier's",
    ),
    "extra_template_vars": HookResult(
        check=NamedValues(),
        combine="merge",
        conflict=(
            "plugins {first} and {second} both provide the template variable {key!r}; one of "
            "them must use another name"
        ),
        reserved=(
            "returned {key!r}, which the renderer already provides; give the variable another name"
        ),
        summary=(
            "one dict from every plugin's; a name given by two plugins, or one the renderer "
            "provides, is an error"
        ),
    ),
    "prepare_jinja2_environment": HookResult(
        check=NothingBack(
            "change the environment it is given (env.filters, env.tests, env.globals) and "
            "return nothing"
        ),
        combine="nothing",
        summary="nothing; every plugin changes the one environment",
    ),
    "register_language_rules": HookResult(
        check=ListOf(object, "rules (dicts or LanguageRule)"),
        combine="unique",
        key=lambda rule: str(rule.code),
        conflict="the language rule code {key!r} is registered by both {first} and {second}",
        summary="every plugin's rules together; a code given twice is an error",
    ),
    "crisis_lines": HookResult(
        check=ListOf(Professional, "recoveryplan.Professional (a name and how to reach it)"),
        combine="collect",
        summary="every plugin's lines together, after the plan's own",
    ),
}
"""Each hook's :class:`HookResult`, by the hook's name; every hook has one."""
