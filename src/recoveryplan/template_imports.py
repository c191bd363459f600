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
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2 import Template, meta
from jinja2.environment import TemplateModule
from jinja2.utils import missing

__all__ = ["ImportOnceTemplate", "imports_made_once"]


class _Imports:
    """The modules made during one rendering, by template and the values they were made from."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.read: dict[Template, tuple[str, ...]] = {}
        self.modules: dict[tuple[object, ...], tuple[tuple[object, ...], TemplateModule]] = {}

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
    token = _current.set(_Imports(frozenset(context)))
    try:
        yield
    finally:
        _current.reset(token)


class ImportOnceTemplate(Template):
    """A Jinja template whose imports with context are shared within one rendering."""

    _undeclared: frozenset[str] | None

    def undeclared(self) -> frozenset[str] | None:
        """The variables this template reads from its context (``None`` when its source cannot
        be read again, as for a template made from a string)."""
        try:
            return self._undeclared
        except AttributeError:
            pass
        found: frozenset[str] | None = None
        loader = self.environment.loader
        if loader is not None and self.name is not None:
            source, _, _ = loader.get_source(self.environment, self.name)
            found = frozenset(meta.find_undeclared_variables(self.environment.parse(source)))
        self._undeclared = found
        return found

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
        # The values themselves are kept with the module, so no id is reused while it is cached.
        key = (self, shared, *map(id, values))
        made = imports.modules.get(key)
        if made is None:
            made = imports.modules[key] = (values, super().make_module(vars, shared, locals))
        return made[1]
