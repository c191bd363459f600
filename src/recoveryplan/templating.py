"""The Jinja environments: one a format, with every plugin's templates stacked on the built-in ones.

Plugins' template folders are searched before the built-in templates, in the order of the
plugins' names; a ``default:NAME`` inside a layer's template means the next layer's version, so
several plugins' overrides each build on the next, down to the built-in template. A failure in
a plugin's template (or filter) is reported naming the plugin.
"""

from __future__ import annotations

import inspect
import itertools
import os
import traceback
from collections.abc import Callable, MutableMapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    meta,
)

from .context import TEMPLATE_FILTERS, TEMPLATE_GLOBALS
from .errors import PlanValueError
from .messages import gettext
from .own_words import as_text, finalize_translated_html, isolated, isolated_listing, right_to_left
from .plan import Plan
from .plugin_config import plugins_for
from .plugins import (
    DEFAULT_PLUGINS,
    PluginError,
    call_hooks,
    describe_plugin,
    plugin_failure,
    plugin_manager,
    plugin_template_dirs,
    plugin_translation_dirs,
)
from .sentences import gettext_callables
from .template_cache import LANGUAGE_KEY
from .template_compiler import (
    DirectCallContext,
    FastCodeGenerator,
    Output,
    use_synchronous_filters,
)
from .template_imports import ImportOnceTemplate
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
    underline,
    upper_first,
    write_html,
    write_markdown,
    write_text,
)
from .translations import (
    local_date,
    local_list,
    local_number,
    local_period_name,
    local_short_date,
    translations,
)

__all__ = [
    "BUILTIN_LAYER",
    "BUILTIN_TEMPLATES",
    "TEMPLATE_FORMATS",
    "StackEnvironment",
    "StackLoader",
    "TemplateLayer",
    "environment",
    "plugin_at_fault",
]

TEMPLATE_FORMATS: tuple[str, ...] = ("html", "md", "txt")
"""The formats that have templates of their own."""


def _builtin_templates() -> Path:
    """The built-in templates: inside the package when installed, beside ``src`` in a checkout."""
    packaged = Path(__file__).resolve().parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


BUILTIN_TEMPLATES = _builtin_templates()

# -- the environments ------------------------------------------------------------------------

_environments: dict[tuple[object, ...], Environment] = {}

BUILTIN_LAYER = "default"
"""The name of the built-in templates' layer: ``default:plan.html.j2`` outside any plugin's
template is the built-in one."""


def environment(format: str, plan: Plan | None = None, language: str | None = None) -> Environment:
    """The Jinja environment for ``format``, with the templates, filters and globals of every
    plugin that applies to ``plan`` (with no plan: of every plugin not limited to some plans
    by the plugin configuration, :mod:`recoveryplan.plugin_config`).

    Environments are cached by the set of plugins they hold, for as long as the same plugins
    are registered, so plans of one organisation share one; and by ``language``, the
    catalogue their words are translated with (:mod:`recoveryplan.translations`; ``None``:
    the templates' English).
    """
    if format not in TEMPLATE_FORMATS:
        # Translators: %(format)s is the format asked for, quoted; %(formats)s lists the
        # formats' names (html, txt...), kept as they are.
        raise PlanValueError(
            gettext("%(format)s has no templates; template formats are: %(formats)s")
            % {"format": repr(format), "formats": ", ".join(TEMPLATE_FORMATS)}
        )
    manager = plugin_manager()
    with plugins_for(plan) as skipped:
        layers = _layers()
        plugins = tuple((name, id(plugin)) for name, plugin in manager.list_name_plugin())
        key = (format, id(manager), plugins, layers, skipped, language)
        env = _environments.get(key)
        if env is None:
            if len(_environments) > 32:
                _environments.clear()
            env = _environments[key] = _build(format, layers, language)
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

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """The template ``name``, made by :meth:`ImportOnceTemplate.from_source` where the
        environment's templates are those (and no bytecode cache is kept); as Jinja makes it
        otherwise."""
        template_class = environment.template_class
        if environment.bytecode_cache is not None or not issubclass(
            template_class, ImportOnceTemplate
        ):
            return super().load(environment, name, globals)
        source, filename, uptodate = self.get_source(environment, name)
        return template_class.from_source(
            environment, source, name, filename, {} if globals is None else globals, uptodate
        )


_Found = tuple[Environment, dict[tuple[object, ...], Template]]
"""An environment and the templates it found, by loader, name and parent."""


class StackEnvironment(Environment):
    """An environment where ``default:`` inside a layer's template means the next layer, and
    a template imported with context is made once a rendering
    (:mod:`recoveryplan.template_imports`)."""

    template_class = ImportOnceTemplate
    code_generator_class = FastCodeGenerator
    context_class = DirectCallContext
    outputs: dict[str, Output] = {}  # noqa: RUF012 (replaced, never changed, by _build)

    def get_template(
        self,
        name: str | Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """The template ``name`` means inside ``parent``, found once: a page includes or
        imports some forty templates, and Jinja's look-up (the name joined to its parent, the
        loader's reference, the shared cache and its lock) was a twentieth of the time of
        rendering one. Templates are not read again while an environment lives (no
        ``auto_reload``), so the one found first is the one Jinja would find; with
        ``globals`` to add, or reloading on, Jinja looks it up as before."""
        if globals or self.auto_reload or type(name) is not str:
            return super().get_template(name, parent, globals)
        # kept beside the environment, and not shared with an overlay that copies it
        kept: _Found | None = self.__dict__.get("_recoveryplan_found")
        if kept is None or kept[0] is not self:
            kept = self.__dict__["_recoveryplan_found"] = (self, {})
        key = (self.loader, name, parent)
        found = kept[1].get(key)
        if found is None:
            found = kept[1][key] = super().get_template(name, parent, globals)
        return found

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


def _build(
    format: str, layers: Sequence[TemplateLayer], language: str | None = None
) -> Environment:
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
        "extensions": ["jinja2.ext.i18n"],
    }
    if format == "html":
        # A translated copy isolates the plan's own words; an English one stays as it was.
        # Values are written in one call while finalize is the plain one (template_compiler).
        finalize = finalize_html if language is None else finalize_translated_html
        env = StackEnvironment(autoescape=True, finalize=finalize, **options)
        env.outputs = {"html": Output(finalize_html, write_html, escaped=True)}
        env.filters["isolated"] = isolated
        env.filters["as_text"] = as_text
    elif format == "md":
        env = StackEnvironment(autoescape=True, finalize=finalize_markdown, **options)
        env.outputs = {"md": Output(finalize_markdown, write_markdown, escaped=True)}
    else:
        env = StackEnvironment(autoescape=False, finalize=finalize_text, **options)
        env.outputs = {"txt": Output(finalize_text, write_text, escaped=False)}
    env.__dict__[LANGUAGE_KEY] = language  # part of what its compiled templates depend on
    use_synchronous_filters(env)
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
        number=str,
        **TEMPLATE_FILTERS,
    )
    env.globals.update(TEMPLATE_GLOBALS)
    found = translations(language, plugin_translation_dirs())
    env.install_gettext_callables(  # type: ignore[attr-defined]
        *gettext_callables(
            found.gettext, found.ngettext, format, isolate_all=right_to_left(language)
        ),
        newstyle=False,
    )
    if language is not None:
        # Dates, months and lists the locale's way (Babel's CLDR data), in every view.
        env.filters["day"] = local_date(language)
        env.filters["short_day"] = local_short_date(language)
        env.filters["listing"] = local_list(language)
        env.filters["number"] = local_number(language)
        env.globals["period_name"] = local_period_name(language)
        env.globals["written_number"] = local_number(language)
        if format == "html" and right_to_left(language):
            env.filters["listing"] = isolated_listing(env.filters["listing"])
    _check_stacking(env, loader)
    # A plugin that returns an environment may think it replaces this one; it does not, and
    # the hook's entry in hookspecs.RESULTS says so.
    call_hooks("prepare_jinja2_environment", env=env, format=format).combined()
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
                # Translators: %(one)s and %(other)s name two plugins; %(name)s is a
                # template's file name, %(plugin)s a plugin's name, quoted, and %(extends)s a
                # line of template code: all kept as they are.
                raise PluginError(
                    gettext(
                        "plugins %(one)s and %(other)s both provide the template %(name)s, and "
                        "%(plugin)s's does not build on the next one (with %(extends)s), so the "
                        "other would never be used; extend it, or remove one of them"
                    )
                    % {
                        "one": describe_plugin(layer.name),
                        "other": describe_plugin(loader.layers[lower].name),
                        "name": name,
                        "plugin": repr(layer.name),
                        "extends": f'{{% extends "default:{name}" %}}',
                    },
                    plugin=layer.name,
                    hook="template_dirs",
                )


def _template_failure(
    plugin: str, name: str, error: Exception, line: int | None = None
) -> PluginError:
    if isinstance(error, TemplateSyntaxError):
        name, line = error.name or name, error.lineno
        problem = error.message or str(error)
    else:
        problem = f"{type(error).__name__}: {error}"  # the exception's class: code, for debugging
    # Translators: %(name)s is the template's file name; %(problem)s is what Jinja or Python
    # said (its own words).
    said = (
        gettext("its template %(name)s failed at line %(line)s: %(problem)s")
        if line
        else gettext("its template %(name)s failed: %(problem)s")
    )
    return plugin_failure(
        plugin, "template_dirs", said % {"name": name, "line": line, "problem": problem}
    )


def plugin_at_fault(env: Environment, error: Exception) -> PluginError | None:
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
                # Translators: %(kind)s is the Python exception's name (ValueError), code kept
                # as it is; %(error)s is what it said.
                return plugin_failure(
                    plugin,
                    hook,
                    gettext("what it added to the templates failed: %(kind)s: %(error)s")
                    % {"kind": type(error).__name__, "error": error},
                )
    return None
