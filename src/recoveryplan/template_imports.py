"""Templates imported "with context" are made once a rendering, not once for every template.

Every partial starts with ``{% import "_words.j2" as words with context %}`` (and the HTML ones
with ``_macros.html.j2``), so that a plugin's partial or a plugin's own wording works on its
own. Jinja runs the imported template again at each such import, because what it makes may
depend on the importer's variables; for the wording module that was more than a third of the
time of rendering a plan.

What an imported template makes depends only on the variables it reads: the names it leaves
undeclared, and the names the renderer put in the context (which the helpers the templates call,
such as ``who``, read from it). So while :func:`recoveryplan.render` renders, an import whose
template and those variables' values (the very same objects) are the same as an earlier
import's gets the module the earlier one made. A loop variable of the importer, which the
imported template does not read, does not make a new one. Outside a rendering (a plugin
rendering a template itself), imports behave exactly as Jinja's.

A template that is only macros and sets, such as the wording module, goes further: its macros
and the sets that do not read the plan are made once per environment, and only the rest once a
rendering (:mod:`recoveryplan.template_sharing`).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import CodeType
from typing import Any

from jinja2 import Environment, Template, meta, nodes
from jinja2.environment import TemplateModule
from jinja2.utils import missing

from .template_cache import Compiled, compiled_before, keep
from .template_compiler import noting_undeclared
from .template_sharing import Bindings, Parts, parts_of, split

__all__ = ["ImportOnceTemplate", "imports_made_once"]


_Made = tuple[tuple[object, ...], TemplateModule]
"""A module made for an import, with the values it was made from."""


class _Imports:
    """The modules made during one rendering, by template and the values they were made from,
    and what the shared parts in use read (:mod:`recoveryplan.template_sharing`)."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.read: dict[Template, tuple[str, ...]] = {}
        self.modules: dict[tuple[Template, bool], list[_Made]] = {}
        self.live = Bindings()

    def names_read(self, template: ImportOnceTemplate) -> tuple[str, ...] | None:
        found = self.read.get(template)
        if found is None:
            undeclared = template.undeclared()
            if undeclared is None:
                return None
            found = self.read[template] = tuple(sorted(self.names | undeclared))
        return found


_current: ContextVar[_Imports | None] = ContextVar("recoveryplan_template_imports", default=None)


@contextmanager
def imports_made_once(context: Mapping[str, Any]) -> Iterator[None]:
    """Within this block, a template imported with context is made once for each set of the
    values it reads; ``context`` is what the rendering was started with."""
    imports = _Imports(frozenset(context))
    token = _current.set(imports)
    try:
        yield
    finally:
        imports.live.release()
        _current.reset(token)


_COMPILED_LATER = frozenset({"blocks", "root_render_func", "_debug_info"})
"""What a template whose shared and plan's parts were compiled has only once it is compiled
whole as well (:meth:`ImportOnceTemplate.from_source`)."""


class ImportOnceTemplate(Template):
    """A Jinja template whose imports with context are shared within one rendering."""

    _undeclared: frozenset[str] | None
    _parts: Parts | None
    _source: str

    @classmethod
    def from_source(
        cls,
        environment: Environment,
        source: str,
        name: str,
        filename: str | None,
        globals: MutableMapping[str, Any],
        uptodate: Callable[[], bool] | None,
    ) -> ImportOnceTemplate:
        """The template ``source``, as Jinja's loader makes it from its code, except that one
        that can be split in parts (:mod:`recoveryplan.template_sharing`) is compiled whole
        only when something asks for the whole of it.

        Such a template (the wording module) is imported with context by every partial, which
        uses its parts; compiling it whole as well was a third of a command's time to render
        one plan, and the whole is needed only by an import that may not use the parts (a
        plugin's variable named like a global) or without context.

        What compiling gives (the whole or the parts, and the variables read) is kept on disk
        and read by the next process that loads the same source for a like environment
        (:mod:`recoveryplan.template_cache`), instead of parsing and compiling it again."""
        template: ImportOnceTemplate = object.__new__(cls)
        template.environment = environment
        template.globals = globals
        template.name = name
        template.filename = filename if filename is not None else "<template>"
        template._module = None
        template._uptodate = uptodate
        template._source = source
        found = compiled_before(environment, name, filename, source)
        if found is not None:
            template._made_from(found)
            return template
        tree = environment.parse(source, name, filename)
        with noting_undeclared(environment) as noted:
            template._parts = split(template, tree)
            # split leaves a tree it cannot split as it was
            code = template._compile(tree) if template._parts is None else None
        if noted is not None:
            # What the whole reads, or what its two parts read but for the names one part
            # reads from the other: what the whole would read.
            parts = template._parts
            template._undeclared = frozenset(noted) - (parts.bound if parts else frozenset())
            template._keep(code)
        return template

    def _keep(self, whole: CodeType | None) -> None:
        """Keep what compiling this template gave (:mod:`.template_cache`): its whole, its
        parts, or both."""
        parts = self._parts
        undeclared = tuple(sorted(self._undeclared or ()))
        found: Compiled
        if parts is None:
            if whole is None:
                return
            found = ("whole", whole, undeclared)
        else:
            if parts.code is None:
                return
            bound = tuple(sorted(parts.bound))
            kept = (parts.kinds, parts.globals_read, bound, undeclared, whole)
            found = ("split", *parts.code, *kept)
        keep(self.environment, self.name or "", self.filename, self._source, found)

    def _made_from(self, found: Compiled) -> None:
        """This template from what compiling it gave before (:mod:`.template_cache`)."""
        if found[0] == "whole":
            self._parts = None
            self._load(found[1])
            self._undeclared = frozenset(found[2])
            return
        _, shared, plans, kinds, globals_read, bound, undeclared, whole = found
        self._parts = parts_of(self, shared, plans, kinds, globals_read, frozenset(bound))
        self._undeclared = frozenset(undeclared)
        self._whole = whole  # loaded when first asked for, as it would be compiled

    def __getattr__(self, name: str) -> Any:
        # Only a template made by from_source with parts lacks these until made whole.
        if name not in _COMPILED_LATER or "_source" not in self.__dict__:
            raise AttributeError(name)
        whole = self.__dict__.get("_whole")
        if whole is not None:
            self._load(whole)
        else:
            with noting_undeclared(self.environment) as noted:
                code = self._compile(self.environment.parse(self._source, self.name, self.filename))
            if noted is not None and "_undeclared" in self.__dict__:
                self._keep(code)  # beside its parts, for the next process that needs it
        return self.__dict__[name]

    def _compile(self, tree: nodes.Template) -> CodeType:
        """Compile ``tree`` as this template's whole, as :meth:`Template.from_code` would."""
        code: CodeType = self.environment.compile(tree, self.name, self.filename)
        self._load(code)
        return code

    def _load(self, code: CodeType) -> None:
        """This template's whole from its compiled code."""
        namespace: dict[str, Any] = {"environment": self.environment, "__file__": code.co_filename}
        exec(code, namespace)
        namespace["__jinja_template__"] = self
        self.blocks = namespace["blocks"]
        self._debug_info = namespace["debug_info"]
        self.root_render_func = namespace["root"]

    def undeclared(self) -> frozenset[str] | None:
        """The variables this template reads from its context (``None`` when its source cannot
        be read again, as for a template made from a string): noted while it was compiled
        (:meth:`from_source`), or else found as ``jinja2.meta`` finds them."""
        try:
            return self._undeclared
        except AttributeError:
            pass
        tree = self._tree()
        found = None if tree is None else frozenset(meta.find_undeclared_variables(tree))
        self._undeclared = found
        return found

    def parts(self) -> Parts | None:
        """This template in a part made once per environment and one made once a rendering
        (:mod:`recoveryplan.template_sharing`), when it can be split so."""
        try:
            return self._parts
        except AttributeError:
            pass
        tree = self._tree()
        found = None if tree is None else split(self, tree)
        self._parts = found
        return found

    def _tree(self) -> nodes.Template | None:
        """This template's source, parsed again (``None`` when it cannot be read again, as
        for a template made from a string)."""
        source = self.__dict__.get("_source")  # kept by from_source
        if source is None:
            loader = self.environment.loader
            if loader is None or self.name is None:
                return None
            source, _, _ = loader.get_source(self.environment, self.name)
        return self.environment.parse(source)

    def _get_default_module(self, ctx: Any = None) -> TemplateModule:
        """Jinja's module for an import without context, with the globals the importer has
        and this template has not found by one set difference in C, rather than through the
        Python of ``KeysView`` (most of the time of each such import)."""
        if ctx is not None and not self.environment.is_async:
            keys = ctx.globals_keys.difference(self.globals)
            if keys:
                return self.make_module({key: ctx.parent[key] for key in keys})
            ctx = None
        return super()._get_default_module(ctx)

    def make_module(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> TemplateModule:
        imports = _current.get()
        names = imports.names_read(self) if imports is not None and vars is not None else None
        if imports is None or vars is None or names is None:
            return super().make_module(vars, shared, locals)
        values = tuple(map(vars.get, names, itertools.repeat(missing)))
        if locals:  # the importer's own variables, which hide the context's
            live = {key: value for key, value in locals.items() if value is not missing}
            if not live.keys().isdisjoint(names):
                values = tuple(
                    live.get(name, value) for name, value in zip(names, values, strict=True)
                )
        # The very same values, each compared by identity (without making the ids of some forty
        # values, which was most of the time of an import that finds its module made); they
        # are kept with the module, so none is let go while it is kept.
        made = imports.modules.setdefault((self, shared), [])
        for kept, module in made:
            if all(map(operator.is_, values, kept)):
                return module
        found = self._shared_module(imports, vars, shared, locals)
        if found is None:
            found = super().make_module(vars, shared, locals)
        made.append((values, found))
        return found

    def _shared_module(
        self,
        imports: _Imports,
        vars: dict[str, Any],
        shared: bool,
        locals: Mapping[str, Any] | None,
    ) -> TemplateModule | None:
        """The module made of this template's shared part and a plan's part made now, if it
        has them and this import may use them."""
        if not shared:
            return None
        parts = self.parts()
        if parts is None:
            return None
        if locals:  # as Jinja's context would have them
            live_locals = {key: value for key, value in locals.items() if value is not missing}
            if live_locals:
                vars = {**vars, **live_locals}
        return parts.module(self, vars, imports.live)
