"""A module of macros and fixed words made once per environment, the plan's words once a rendering.

Every partial imports the wording module (``{% import "_words.j2" as words with context %}``)
and the HTML ones ``_macros.html.j2``; :mod:`recoveryplan.template_imports` already makes each
once a rendering. Making them was still a twentieth of a page: some ninety macros made, two
hundred fixed sentences checked against the copy's ``gettext``, and the plan's words put into
every sentence that holds them, for every view. Only the last depends on the plan.

So such a template is compiled in two parts (:func:`split`), each from its own statements in
the order they are written:

- the **shared part**: its macros, and every top-level ``{% set %}`` that reads nothing but the
  environment's globals (the copy's ``_``, say), the *kind* of reader and the person's pronoun
  (:data:`KINDS`: a few words, never the plan's), and the shared part's own earlier names. It
  is made once per environment, thread and those kinds, and kept. Its context
  (:class:`LiveContext`) is given the names of each rendering that uses it for as long as that
  rendering lasts, so its macros read the values a module made for the rendering would have
  read; the thread's own, since two threads rendering at once each give theirs.
- the **plan's part**: every other top-level ``{% set %}`` (a sentence with the person's name,
  the day printed) and ``{% import %}``, made once a rendering, after the shared part, with the
  shared part's names in view as they were in the whole template.

A template is split only when its top level is nothing but macros, whitespace, ``{% set %}``
with one name each, and imports, no name bound twice and none read before it is bound, and its
``{% set %}``\\ s call none of its macros; and a rendering uses the shared part only while what
it reads at the top level is the environment's own (a plugin's variable named like a global is
not) and the kinds are words. Anything else is made as Jinja makes it. Nothing kept between
renderings holds a plan's words: the shared part's values are the catalogue's sentences, and
the names a macro reads are taken back when the rendering ends.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from types import CodeType
from typing import Any, TypeVar

from jinja2 import Environment, Template, nodes
from jinja2.environment import TemplateModule
from jinja2.utils import _PassArg, missing

from .template_compiler import DirectCallContext

__all__ = ["KINDS", "LiveContext", "Parts", "parts_of", "split"]

KINDS = frozenset({"reader", "their"})
"""Names the renderer gives every template whose values are a handful of words, not the plan's:
the kind of reader (``person``, ``staff``, ``member``) and the person's possessive pronoun. A
shared part may read them at its top level; one is made for each of their values."""

_MOST_KEPT = 32
"""Shared parts kept per template, at most: one for each kind of reader (three) in each thread
that renders; beyond them, a template is made as Jinja makes it."""

_GETTEXT = frozenset({"_", "gettext", "ngettext"})
"""The copy's sentence functions: globals whose calls read ``gettext`` from the context."""

_Node = TypeVar("_Node", bound=nodes.Node)


class LiveContext(DirectCallContext):
    """The context of a shared part: its own top-level names, then the names of the rendering
    under way, which :meth:`Parts.module` gives it as its ``parent`` for the length of that
    rendering (an empty one outside any)."""


class Bindings(dict[LiveContext, Mapping[str, Any]]):
    """The shared parts one rendering uses, each with the names it had before; they are given
    back, the last first, when the rendering ends (:meth:`release`)."""

    def release(self) -> None:
        for context, earlier in reversed(self.items()):
            context.parent = earlier  # type: ignore[assignment]
        self.clear()


class Parts:
    """A template's shared part and plan's part, and the shared parts made from it."""

    def __init__(
        self,
        shared: Template,
        plans: Template,
        kinds: tuple[str, ...],
        globals_read: tuple[str, ...],
        bound: frozenset[str] = frozenset(),
    ) -> None:
        self.shared = shared
        self.plans = plans
        self.kinds = kinds
        self.globals_read = globals_read
        self.bound = bound
        """The names the template binds at its top level: one part may read them from the
        other, and the whole never reads them from the context (none is read before it is
        bound)."""
        self.code: tuple[CodeType, CodeType] | None = None
        """The two parts' compiled code, when they were made from it (:func:`parts_of`)."""
        self.made: dict[tuple[object, ...], tuple[TemplateModule, LiveContext]] = {}

    def module(
        self, template: Template, vars: Mapping[str, Any], current: Bindings
    ) -> TemplateModule | None:
        """The module an import with context of ``template`` makes, from the shared part and
        a plan's part made now; ``None`` when this import may not use a shared part."""
        kinds = tuple(vars.get(name, missing) for name in self.kinds)
        if any(type(kind) is not str or len(kind) > 40 for kind in kinds):
            return None
        template_globals = template.globals
        for name in self.globals_read:
            if vars.get(name, missing) is not template_globals.get(name, missing):
                return None
        # Each thread has its own, so that what one is given for a rendering is that
        # rendering's alone; renderings in one thread nest, and give their names back in turn.
        key = (threading.get_ident(), *kinds)
        made = self.made.get(key)
        if made is None:
            if len(self.made) >= _MOST_KEPT:
                return None
            made = self.made[key] = self._make_shared(vars)
        shared, context = made
        if context in current:  # already in use in this rendering, with other values
            return None
        plans_vars = dict(vars)
        plans_vars.update(context.vars)
        plans_context = self.plans.new_context(plans_vars, shared=True)
        plans = TemplateModule(self.plans, plans_context)
        names = dict(vars)
        names.update(plans_context.vars)
        current[context] = context.parent
        context.parent = names
        module = TemplateModule.__new__(TemplateModule)
        module.__dict__.update(shared.__dict__)
        module.__dict__.update(plans_context.get_exported())
        del plans
        return module

    def _make_shared(self, vars: Mapping[str, Any]) -> tuple[TemplateModule, LiveContext]:
        template = self.shared
        # Its top level reads only the kinds and globals, both the same in every rendering
        # it is used in; what it reads, it reads from this one, and keeps none of it.
        context = LiveContext(
            template.environment,
            dict(vars),
            template.name,
            template.blocks,
            globals=template.globals,
        )
        try:
            module = TemplateModule(template, context)
        finally:
            context.parent = {}
        return module, context


def split(template: Template, tree: nodes.Template) -> Parts | None:
    """``template`` (``tree`` is its source, parsed) in its shared part and its plan's part,
    or ``None`` when it cannot be split (see the module's description)."""
    environment = template.environment
    if environment.context_class is not DirectCallContext or environment.is_async:
        return None
    body: list[nodes.Node] = tree.body
    macros = {node.name for node in body if isinstance(node, nodes.Macro)}
    bound_later = {bound for node in body for bound in _bound(node) or ()}
    bound: set[str] = set()
    dependent: set[str] = set()
    shared_body: list[nodes.Node] = []
    plans_body: list[nodes.Node] = []
    kinds: set[str] = set()
    globals_read: set[str] = set()
    for node in body:
        names = _bound(node)
        if names is None or not names.isdisjoint(bound):
            return None
        if isinstance(node, nodes.Macro | nodes.Output):
            shared_body.append(node)
        elif isinstance(node, nodes.Import):
            plans_body.append(node)
            dependent |= names
        else:
            assert isinstance(node, nodes.Assign)
            reads, context_read = _reads(environment, node.node, macros)
            if reads is None:
                return None
            unbound = reads - bound
            if not unbound.isdisjoint(bound_later):
                return None  # read before it is bound
            outside = unbound - KINDS - environment.globals.keys()
            if context_read or outside or not reads.isdisjoint(dependent):
                plans_body.append(node)
                dependent |= names
            else:
                shared_body.append(node)
                kinds |= unbound & KINDS
                globals_read |= unbound - KINDS
                if not reads.isdisjoint(_GETTEXT):
                    globals_read |= _GETTEXT & environment.globals.keys()
        bound |= names
    return parts_of(
        template,
        _code(template, shared_body),
        _code(template, plans_body),
        tuple(sorted(kinds)),
        tuple(sorted(globals_read)),
        frozenset(bound),
    )


def parts_of(
    template: Template,
    shared: CodeType,
    plans: CodeType,
    kinds: tuple[str, ...],
    globals_read: tuple[str, ...],
    bound: frozenset[str],
) -> Parts:
    """The parts :func:`split` made, from their compiled code (as kept on disk by
    :mod:`recoveryplan.template_cache`)."""
    parts = Parts(
        Template.from_code(template.environment, shared, template.globals),
        Template.from_code(template.environment, plans, template.globals),
        kinds,
        globals_read,
        bound,
    )
    parts.code = (shared, plans)
    return parts


def _bound(node: nodes.Node) -> set[str] | None:
    """The top-level names ``node`` binds, or ``None`` when it is not one a split allows."""
    if isinstance(node, nodes.Macro):
        return {node.name}
    if isinstance(node, nodes.Output):
        return set() if all(isinstance(n, nodes.TemplateData) for n in node.nodes) else None
    if isinstance(node, nodes.Import):
        return {node.target}
    if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
        return {node.target.name}
    return None


def _reads(
    environment: Environment, expression: nodes.Node, macros: set[str]
) -> tuple[set[str] | None, bool]:
    """The names ``expression`` reads, and whether it reads the context other than through a
    name (a helper or filter given the context); ``None`` when it calls one of the template's
    own macros."""
    reads = {name.name for name in _within(expression, nodes.Name) if name.ctx == "load"}
    context_read = False
    for call in _within(expression, nodes.Call):
        called = call.node
        if isinstance(called, nodes.Name):
            if called.name in macros:
                return None, False
            function = environment.globals.get(called.name)
            if called.name not in _GETTEXT and _passes_context(function):
                context_read = True
    for filtered in _within(expression, nodes.Filter):
        if _passes_context(environment.filters.get(filtered.name)):
            context_read = True
    for tested in _within(expression, nodes.Test):
        if _passes_context(environment.tests.get(tested.name)):
            context_read = True
    return reads, context_read


def _within(expression: nodes.Node, kind: type[_Node]) -> list[_Node]:
    """Every node of ``kind`` in ``expression``, the expression itself included (Jinja's
    ``find_all`` looks only below it)."""
    found = list(expression.find_all(kind))
    return [expression, *found] if isinstance(expression, kind) else found


def _passes_context(function: Any) -> bool:
    return getattr(function, "jinja_pass_arg", None) is _PassArg.context


def _code(template: Template, body: list[nodes.Node]) -> CodeType:
    """``body`` compiled under ``template``'s name and file, so that an error in it is told at
    the line of the file it is in."""
    environment = template.environment
    tree = nodes.Template(body, lineno=1)
    tree.set_environment(environment)
    code: CodeType = environment.compile(tree, template.name, template.filename)
    return code
