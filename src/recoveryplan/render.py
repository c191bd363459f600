"""Rendering a plan for a reader: the person-held plan, the staff view and circle members' copies.

The plan is first cut down to what the audience may see (:func:`recoveryplan.audience.redact`)
and only then handed to the templates, so consent does not depend on any template getting it
right. Each output format has one Jinja environment, built in one place where plugins add their
template folders (searched before the built-in ones), their filters and their variables.

A person's words are always data, never markup or template code: HTML is autoescaped, Markdown
escapes its own punctuation (and ``<``, ``>`` and ``&``), plain text is written as it is, and
no template is ever built from the text of a plan.
"""

from __future__ import annotations

import inspect
import itertools
import os
import re
import traceback
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal, overload

import attrs
from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    meta,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup

from ._fields import date_argument
from .assessment import AssessmentItem
from .audience import (
    PERSON,
    STAFF,
    check_audience,
    pronoun_forms,
    redact,
    resolve_audience,
    shared_sections,
)
from .errors import PlanError, PlanValueError
from .files import write_atomically
from .findings import Finding
from .frameworks import Framework
from .goals import Goal, Outcome
from .journey import domain_ratings
from .people import CircleMember
from .plan import Plan
from .plugins import (
    DEFAULT_PLUGINS,
    HookCall,
    PluginError,
    call_hook,
    describe_plugin,
    described_value,
    frameworks,
    plugin_manager,
    plugin_template_dirs,
)
from .risk import RiskPlan
from .textformats import (
    finalize_html,
    finalize_markdown,
    finalize_text,
    friendly_date,
    hang,
    in_words,
    listing,
    one_line,
    phone_parts,
    short_date,
    tel_href,
    tidy,
    underline,
    upper_first,
)
from .validate import validate

__all__ = [
    "BUILTIN_TEMPLATES",
    "FORMATS",
    "TEMPLATE_FORMATS",
    "DueDate",
    "PdfUnavailableError",
    "environment",
    "pdf_available",
    "render",
    "save",
    "template_context",
]

FORMATS: tuple[str, ...] = ("html", "md", "txt", "pdf")
"""Every format :func:`render` writes; PDF is made from the HTML."""

TEMPLATE_FORMATS: tuple[str, ...] = ("html", "md", "txt")
"""The formats that have templates of their own."""


def _builtin_templates() -> Path:
    """The built-in templates: inside the package when installed, beside ``src`` in a checkout."""
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


BUILTIN_TEMPLATES = _builtin_templates()


class PdfUnavailableError(PlanError, ImportError):
    """PDF output was asked for but WeasyPrint, which makes it, is not installed."""


# -- rendering -------------------------------------------------------------------------------


@overload
def render(
    plan: Plan,
    audience: str,
    format: Literal["html", "md", "txt"] = ...,
    *,
    today: date | None = ...,
    large_print: bool | None = ...,
) -> str: ...


@overload
def render(
    plan: Plan,
    audience: str,
    format: Literal["pdf"],
    *,
    today: date | None = ...,
    large_print: bool | None = ...,
) -> bytes: ...


@overload
def render(
    plan: Plan,
    audience: str,
    format: str = ...,
    *,
    today: date | None = ...,
    large_print: bool | None = ...,
) -> str | bytes: ...


def render(
    plan: Plan,
    audience: str,
    format: str = "html",
    *,
    today: date | None = None,
    large_print: bool | None = None,
) -> str | bytes:
    """The plan for ``audience`` ("person", "staff" or a circle member's id) in ``format``.

    ``today`` is the day the plan is printed on and decides what the staff view shows as
    overdue (default: the current date). ``large_print`` forces large print on or off; left
    as ``None``, the person-held plan is in large print when the person's communication needs
    ask for it.

    There is no default reader: a circle member's copy holds only what the person agreed to
    share with them, so who the plan is for is always said.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"render() takes a Plan, not {type(plan).__name__}")
    if format not in FORMATS:
        raise PlanValueError(
            f"{format!r} is not a format plans can be rendered in; use one of: "
            + ", ".join(FORMATS)
        )
    when = date_argument("today", today) if today is not None else date.today()
    if large_print is not None and not isinstance(large_print, bool):
        raise TypeError(f"large_print must be True, False or None, not {large_print!r}")
    audience = resolve_audience(plan, audience)
    if format == "pdf":
        html = _render(plan, audience, "html", when, large_print, medium="print")
        return _pdf(html)
    return _render(plan, audience, format, when, large_print, medium="screen")


def _render(
    plan: Plan,
    audience: str,
    format: str,
    today: date,
    large_print: bool | None,
    medium: str,
) -> str:
    context = template_context(plan, audience, format, today=today, large_print=large_print)
    context["medium"] = medium
    env = environment(format)
    try:
        template = env.get_template(f"plan.{format}.j2")
        text = template.render(context)
    except PlanError:
        raise
    except Exception as error:
        culprit = _plugin_at_fault(env, error)
        if culprit is None:
            raise
        raise culprit from error
    return tidy(text, format)


def _pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML  # type: ignore[import-untyped]
    except ImportError as error:
        raise PdfUnavailableError(
            "PDF output needs WeasyPrint, which is not installed; install it with "
            f"pip install 'recoveryplan[pdf]' ({error})"
        ) from None
    document: bytes = HTML(string=html, base_url=None).write_pdf()
    return document


def pdf_available() -> bool:
    """Whether WeasyPrint, which makes PDFs, is installed and can be loaded."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def save(document: str | bytes, path: str | os.PathLike[str]) -> None:
    """Write a rendered plan to ``path`` atomically: the old file or the new, never half.

    Text is written as UTF-8; a PDF as it is.
    """
    payload = document.encode("utf-8") if isinstance(document, str) else document
    write_atomically(path, payload, hint="check the folder exists and that you may write to it")


# -- what the templates see ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class DueDate:
    """Something with a date the team should keep an eye on, and whether it has passed."""

    kind: str
    what: str
    on: date
    overdue: bool = False


_RESERVED = frozenset(
    {
        "plan",
        "audience",
        "view",
        "member",
        "format",
        "medium",
        "today",
        "large_print",
        "lang",
        "framework",
        "findings",
        "sections",
        "shared",
        "ratings",
        "due_dates",
        "their",
        "them",
        "themself",
    }
)
"""Context names the renderer provides; a plugin's variable may not replace them."""


def template_context(
    plan: Plan,
    audience: str,
    format: str,
    *,
    today: date,
    large_print: bool | None = None,
) -> dict[str, Any]:
    """Everything a plan template is rendered with, built from the plan as ``audience`` sees it.

    Plugins' ``extra_template_vars`` are merged in; they are called with the redacted plan,
    so a plugin cannot show a circle member anything the person has not shared with them.
    """
    audience = resolve_audience(plan, audience)
    member = check_audience(plan, audience)
    shown = redact(plan, audience)
    view = PERSON if audience == PERSON else STAFF if audience == STAFF else "member"
    framework = frameworks().get(shown.framework)
    context: dict[str, Any] = {
        "plan": shown,
        "audience": audience,
        "view": view,
        "member": member,
        "format": format,
        "medium": "screen",
        "today": today,
        "large_print": _large_print(shown, view, large_print),
        "lang": _language(shown.person.language),
        "framework": framework,
        "findings": _findings(plan, today) if view == STAFF else [],
        "sections": _sections(shown, view),
        "shared": shared_sections(plan, member.id) if member is not None else (),
        "ratings": domain_ratings(shown, framework),
        "due_dates": _due_dates(shown, today) if view == STAFF else [],
        **pronoun_forms(shown.person),
    }
    added: dict[str, str] = {}
    for plugin, variables in call_hook(
        "extra_template_vars", plan=shown, audience=audience, format=format
    ):
        call = HookCall(plugin, [variables])
        if not isinstance(variables, Mapping) or not all(
            isinstance(name, str) and name.isidentifier() for name in variables
        ):
            raise call.fail(
                "extra_template_vars",
                f"returned {described_value(variables)}; return a dict whose keys are template "
                "variable names (text such as 'organisation_phone')",
            )
        for name, value in variables.items():
            if name in _RESERVED:
                raise call.fail(
                    "extra_template_vars",
                    f"returned {name!r}, which the renderer already provides; give the "
                    "variable another name",
                )
            if name in added:
                first, second = sorted((added[name], plugin))
                raise PluginError(
                    f"plugins {describe_plugin(first)} and {describe_plugin(second)} both "
                    f"provide the template variable {name!r}; one of them must use another "
                    "name",
                    plugin=second,
                    hook="extra_template_vars",
                )
            added[name] = plugin
            context[name] = value
    return context


def _findings(plan: Plan, today: date) -> list[Finding]:
    return validate(plan, today=today)


_LARGE_PRINT = re.compile(r"large[\s-]*print", re.IGNORECASE)


def _large_print(plan: Plan, view: str, chosen: bool | None) -> bool:
    """Large print when asked for, or when the person's own plan is for someone who needs it."""
    if chosen is not None:
        return chosen
    return view == PERSON and any(_LARGE_PRINT.search(need) for need in plan.person.communication)


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


def _language(tag: str | None) -> str:
    """A language tag for ``lang``: the person's, when it is one, else English."""
    if tag is not None and _LANGUAGE_TAG.fullmatch(tag.strip()):
        return tag.strip()
    return "en"


SECTION_ORDER: tuple[str, ...] = (
    "checks",
    "about",
    "strengths",
    "hopes",
    "needs",
    "outcomes",
    "ratings",
    "risk_plans",
    "safety_plan",
    "circle",
    "reviews",
)
"""The order of the parts of a rendered plan; each has a partial ``_<key>.html.j2`` and a
Markdown and plain-text one, ``_<key>.text.j2``, that the two share."""

HOPE_KINDS = ("hope", "dream", "aspiration")


def _sections(plan: Plan, view: str) -> list[str]:
    """The parts of the plan that have something in them, in the order they are shown."""
    items = plan.assessment.items if plan.assessment is not None else ()
    kinds = {item.kind for item in items}
    present = {
        "checks": view == STAFF,
        "about": view != "member",
        "strengths": "strength" in kinds,
        "hopes": any(kind in kinds for kind in HOPE_KINDS),
        "needs": "need" in kinds,
        "outcomes": bool(plan.outcomes),
        "ratings": bool(plan.ratings),
        "risk_plans": bool(plan.risk_plans),
        "safety_plan": plan.safety_plan is not None and _has_safety_plan(plan),
        "circle": bool(plan.circle) and (view != "member" or _circle_shared(plan)),
        "reviews": bool(plan.reviews or plan.next_review_on),
    }
    return [key for key in SECTION_ORDER if present[key]]


def _has_safety_plan(plan: Plan) -> bool:
    safety = plan.safety_plan
    assert safety is not None
    return any(
        (
            safety.warning_signs,
            safety.coping_strategies,
            safety.distractions,
            safety.people_to_ask,
            safety.professionals,
            safety.safer_environment,
            safety.reasons_for_living,
        )
    )


def _circle_shared(plan: Plan) -> bool:
    return any("circle" in consent.sections for consent in plan.sharing)


def _due_dates(plan: Plan, today: date) -> list[DueDate]:
    """Dates the team keeps: reviews, risk plan reviews, outcomes and small goals still open."""
    due: list[DueDate] = []
    if plan.next_review_on is not None:
        due.append(DueDate(kind="review", what="", on=plan.next_review_on, overdue=False))
    for risk in plan.risk_plans:
        if risk.review_on is not None:
            due.append(DueDate(kind="risk_plan", what=risk.activity, on=risk.review_on))
    for outcome in plan.outcomes:
        if outcome.target_on is not None and outcome.status.is_open:
            due.append(DueDate(kind="outcome", what=outcome.statement, on=outcome.target_on))
    for place in plan.walk_goals():
        goal = place.goal
        if goal.due_on is not None and goal.status.is_open:
            due.append(DueDate(kind="goal", what=goal.statement, on=goal.due_on))
    return sorted(
        (attrs.evolve(d, overdue=d.on < today) for d in due),
        key=lambda d: (not d.overdue, d.on),
    )


# -- the environments ------------------------------------------------------------------------

_environments: dict[tuple[object, ...], Environment] = {}

BUILTIN_LAYER = "default"
"""The name of the built-in templates' layer: ``default:plan.html.j2`` outside any plugin's
template is the built-in one."""


def environment(format: str) -> Environment:
    """The Jinja environment for ``format``, with every plugin's templates, filters and globals.

    Environments are cached for as long as the same plugins are registered.
    """
    if format not in TEMPLATE_FORMATS:
        raise PlanValueError(
            f"{format!r} has no templates; template formats are: {', '.join(TEMPLATE_FORMATS)}"
        )
    manager = plugin_manager()
    layers = _layers()
    plugins = tuple((name, id(plugin)) for name, plugin in manager.list_name_plugin())
    key = (format, id(manager), plugins, layers)
    env = _environments.get(key)
    if env is None:
        if len(_environments) > 32:
            _environments.clear()
        env = _environments[key] = _build(format, layers)
    return env


@attrs.frozen
class TemplateLayer:
    """One plugin's template folders (or the built-in ones), searched as one."""

    name: str
    folders: tuple[Path, ...]


def _layers() -> tuple[TemplateLayer, ...]:
    """Plugins' template folders in the order they stack (by plugin name), the built-in last.

    The order is the plugins' names, not the order they happened to load in, so that two
    machines with the same plugins render the same plan the same way.
    """
    found = sorted(
        (TemplateLayer(plugin, tuple(folders)) for plugin, folders in plugin_template_dirs()),
        key=lambda layer: layer.name,
    )
    return (*found, TemplateLayer(BUILTIN_LAYER, (BUILTIN_TEMPLATES,)))


class StackLoader(BaseLoader):
    """Templates from a stack of layers: each plugin's folders, then the built-in templates.

    A plain name (``plan.html.j2``, ``_circle.html.j2``) is the first layer's that has it, so a
    plugin's template replaces the built-in one everywhere. ``LAYER:name`` is that layer's own
    (``default:`` is the built-in layer); inside a layer's template, ``default:name`` is
    rewritten by :class:`StackEnvironment` to the *next* layer that has ``name``, so overrides
    by several plugins each build on the next, down to the built-in template.
    """

    def __init__(self, layers: Sequence[TemplateLayer]) -> None:
        self.layers = tuple(layers)
        self._loaders = [FileSystemLoader([str(f) for f in layer.folders]) for layer in layers]
        self._index = {layer.name: i for i, layer in enumerate(layers)}

    def split(self, template: str) -> tuple[int | None, str]:
        """The layer a name asks for (``None`` for "the first that has it") and the rest."""
        prefix, colon, rest = template.rpartition(":")
        if colon and prefix in self._index:
            return self._index[prefix], rest
        return None, template

    def has(self, index: int, name: str) -> bool:
        return any((folder / name).is_file() for folder in self.layers[index].folders)

    def find(self, name: str, start: int = 0) -> int | None:
        """The first layer from ``start`` on that has the template ``name``."""
        return next((i for i in range(start, len(self.layers)) if self.has(i, name)), None)

    def layer_of(self, template: str) -> int | None:
        """The layer the template called ``template`` was loaded from."""
        index, name = self.split(template)
        return index if index is not None else self.find(name)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        index, name = self.split(template)
        if index is None:
            index = self.find(name)
            if index is None:
                raise TemplateNotFound(template)
        return self._loaders[index].get_source(environment, name)

    def list_templates(self) -> list[str]:
        return sorted({name for loader in self._loaders for name in loader.list_templates()})


class StackEnvironment(Environment):
    """An environment where ``default:`` inside a layer's template means the next layer."""

    def join_path(self, template: str, parent: str) -> str:
        loader = self.loader
        prefix = f"{BUILTIN_LAYER}:"
        if not isinstance(loader, StackLoader) or not template.startswith(prefix):
            return template
        name = template[len(prefix) :]
        here = loader.layer_of(parent)
        if here is None:
            return template
        below = loader.find(name, here + 1)
        if below is None:
            return template
        return f"{loader.layers[below].name}:{name}"


def _build(format: str, layers: Sequence[TemplateLayer]) -> Environment:
    loader = StackLoader(layers)
    # In HTML a line break is a space between words, so it is kept after block tags; in
    # Markdown and plain text every line break shows, so block tags take theirs away.
    options: dict[str, Any] = {
        "loader": loader,
        "undefined": StrictUndefined,
        "trim_blocks": format != "html",
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        # Templates are read once per environment: an environment lives only as long as the
        # same plugins are registered, and checking every template file on disk again at
        # each include was a tenth of the time of rendering a plan.
        "auto_reload": False,
    }
    if format == "html":
        env = StackEnvironment(autoescape=True, finalize=finalize_html, **options)
    elif format == "md":
        env = StackEnvironment(autoescape=True, finalize=finalize_markdown, **options)
    else:
        env = StackEnvironment(autoescape=False, finalize=finalize_text, **options)
    env.filters.update(
        day=friendly_date,
        short_day=short_date,
        phone_parts=phone_parts,
        tel=tel_href,
        hang=hang,
        oneline=one_line,
        underline=underline,
        upfirst=upper_first,
        listing=listing,
        in_words=in_words,
        who=_who,
        item_of=_item_of,
        aim_of=_aim_of,
        concern_number=_concern_number,
    )
    env.globals.update(
        who=_who,
        about=_about,
        goal_tree=_goal_tree,
        is_overdue=_is_overdue,
        item_of=_item_of,
        aim_of=_aim_of,
        items_of=_items_of,
        domain_name=_domain_name,
        md_pad=_pad,
    )
    _check_stacking(env, loader)
    for plugin, returned in call_hook("prepare_jinja2_environment", env=env, format=format):
        # A plugin that returns an environment may think it replaces this one; it does not.
        raise HookCall(plugin, [returned]).fail(
            "prepare_jinja2_environment",
            f"returned {described_value(returned)}; change the environment it is given "
            "(env.filters, env.tests, env.globals) and return nothing",
        )
    return env


def _check_stacking(env: Environment, loader: StackLoader) -> None:
    """Refuse two plugins' versions of one template where the upper one hides the lower.

    A plugin's template that does not build on the next one (with ``default:NAME``) would make
    every version below it unused; between two plugins that is a silent loss, so it is an
    error naming both. Replacing the built-in template outright is allowed.
    """
    plugins = [i for i, layer in enumerate(loader.layers) if layer.name != BUILTIN_LAYER]
    names = {
        name
        for i in plugins
        for folder in loader.layers[i].folders
        for name in FileSystemLoader(str(folder)).list_templates()
    }
    for name in sorted(names):
        holders = [i for i in plugins if loader.has(i, name)]
        for upper, lower in itertools.pairwise(holders):
            layer = loader.layers[upper]
            source, filename, _ = loader.get_source(env, f"{layer.name}:{name}")
            try:
                parsed = env.parse(source, name, filename)
            except TemplateSyntaxError as error:
                raise _template_failure(layer.name, name, error) from error
            if f"{BUILTIN_LAYER}:{name}" not in set(meta.find_referenced_templates(parsed)):
                raise PluginError(
                    f"plugins {describe_plugin(layer.name)} and "
                    f"{describe_plugin(loader.layers[lower].name)} both provide the template "
                    f"{name}, and {layer.name!r}'s does not build on the next one (with "
                    f'{{% extends "default:{name}" %}}), so the other would never be used; '
                    "extend it, or remove one of them",
                    plugin=layer.name,
                    hook="template_dirs",
                )


def _template_failure(
    plugin: str, name: str, error: Exception, line: int | None = None
) -> PluginError:
    where = f"{name} failed at line {line}" if line else f"{name} failed"
    if isinstance(error, TemplateSyntaxError):
        where = f"{error.name or name} failed at line {error.lineno}"
        problem = error.message or str(error)
    else:
        problem = f"{type(error).__name__}: {error}"
    return HookCall(plugin, []).fail("template_dirs", f"its template {where}: {problem}")


def _plugin_at_fault(env: Environment, error: Exception) -> PluginError | None:
    """The plugin whose template (or filter, test or global) failed while rendering, if any.

    Jinja compiles templates so that their frames carry the template's file and line; the
    innermost frame that belongs to a plugin's template folder or a plugin's own code names it.
    """
    loader = env.loader
    if not isinstance(loader, StackLoader):
        return None
    places: list[tuple[str, str, str]] = []  # (path prefix, plugin, hook)
    for layer in loader.layers:
        if layer.name != BUILTIN_LAYER:
            places += [
                (str(folder.resolve()), layer.name, "template_dirs") for folder in layer.folders
            ]
    for name, plugin in plugin_manager().list_name_plugin():
        if name in DEFAULT_PLUGINS or plugin is None:
            continue
        module = plugin if inspect.ismodule(plugin) else inspect.getmodule(type(plugin))
        source = getattr(module, "__file__", None)
        if source:
            path = Path(source).resolve()
            root = path.parent if path.name == "__init__.py" else path
            places.append((str(root), name, "prepare_jinja2_environment"))
    if isinstance(error, TemplateSyntaxError) and error.filename:
        frames = [(error.filename, error.lineno)]
    else:
        frames = [
            (frame.f_code.co_filename, line)
            for frame, line in traceback.walk_tb(error.__traceback__)
        ]
    for filename, line in reversed(frames):
        resolved = str(Path(filename).resolve())
        for prefix, plugin, hook in places:
            if resolved == prefix or resolved.startswith(prefix + os.sep):
                if hook == "template_dirs":
                    name = os.path.relpath(resolved, prefix)
                    return _template_failure(plugin, name, error, line)
                return HookCall(plugin, []).fail(
                    hook,
                    f"what it added to the templates failed: {type(error).__name__}: {error}",
                )
    return None


@pass_context
def _who(context: Context, ref: str) -> str:
    """What to call someone the plan refers to, in the voice of this view."""
    plan: Plan = context["plan"]
    view: str = context["view"]
    member: CircleMember | None = context["member"]
    if ref == "person":
        return "me" if view == PERSON else plan.person.called
    if member is not None and ref == member.id:
        return "you"
    if ref == "service":
        return plan.service.name if plan.service is not None else "the service"
    found = next((m for m in plan.circle if m.id == ref), None)
    return found.name if found is not None else "someone in the circle"


@pass_context
def _about(context: Context, item: AssessmentItem) -> str:
    """Whose words an assessment item is, when they are not the person's own ("" when they are)."""
    if item.voice == "person":
        return ""
    raised = _who(context, item.raised_by) if item.raised_by is not None else None
    if item.voice == "service":
        plan: Plan = context["plan"]
        service = plan.service.name if plan.service is not None else "the service"
        if raised is not None and raised != service:
            return f"{service}, raised by {raised}"
        return service
    return raised if raised is not None else "a supporter"


def _goal_tree(goals: Sequence[Goal], depth: int = 1) -> list[tuple[int, Goal]]:
    """Goals with their depth, depth first, for formats that cannot nest (plain text)."""
    found: list[tuple[int, Goal]] = []
    for goal in goals:
        found.append((depth, goal))
        found.extend(_goal_tree(goal.goals, depth + 1))
    return found


@pass_context
def _is_overdue(context: Context, part: Goal | Outcome) -> bool:
    """Whether an open goal or outcome's date has passed (shown to the staff only)."""
    today: date = context["today"]
    due = part.due_on if isinstance(part, Goal) else part.target_on
    return due is not None and part.status.is_open and due < today


@pass_context
def _item_of(context: Context, id: str) -> AssessmentItem | None:
    plan: Plan = context["plan"]
    if plan.assessment is None:
        return None
    return next((item for item in plan.assessment.items if item.id == id), None)


@pass_context
def _items_of(context: Context, kind: str, voice: str | None = None) -> list[AssessmentItem]:
    """The assessment items of one kind (and, when given, one voice), in document order."""
    plan: Plan = context["plan"]
    if plan.assessment is None:
        return []
    return [
        item
        for item in plan.assessment.items
        if item.kind == kind and (voice is None or item.voice == voice)
    ]


@pass_context
def _aim_of(context: Context, id: str) -> Outcome | Goal | None:
    """The outcome or goal a risk plan supports, if this reader can see it."""
    plan: Plan = context["plan"]
    for outcome in plan.outcomes:
        if outcome.id == id:
            return outcome
    for place in plan.walk_goals():
        if place.goal.id == id:
            return place.goal
    return None


def _concern_number(id: str, risk: RiskPlan) -> int | None:
    """Where a concern a safeguard addresses is in its risk plan's numbered list (from 1)."""
    return next((n for n, concern in enumerate(risk.concerns, 1) if concern.id == id), None)


@pass_context
def _domain_name(context: Context, id: str | None) -> str:
    """A domain's name in the plan's framework, or its id when the framework is unknown."""
    if id is None:
        return ""
    framework: Framework | None = context["framework"]
    domain = framework.domain(id) if framework is not None else None
    return domain.name if domain is not None else id


def _pad(depth: int) -> Markup:
    """Indentation for a nested Markdown list item (markup, so it is not escaped)."""
    return Markup("  " * max(depth, 0))
