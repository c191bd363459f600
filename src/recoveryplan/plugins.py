"""The plugin manager: built-in features and installed plugins, loaded and called the same way.

Installed plugins are found through the ``recoveryplan`` entry-point group and loaded one at a
time, so a broken plugin is reported by name. Setting ``RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD``
to a non-empty value loads only the built-in plugins; it is read each time a manager is built,
so a test can set it and then build a fresh one (see :mod:`recoveryplan.testing`).

A plugin is somebody else's code running inside the host. Everything it gives back is checked,
and anything it raises or returns wrongly becomes a :class:`PluginError` naming the plugin (with
its distribution and version when it was installed) and the hook, so the person at the command
line sees one line they can act on instead of a traceback from code they did not write. Hooks
are called through pluggy's own call loop by :func:`call_hooks` (see :mod:`.hookcalls`), and
what each may return, and how several plugins' results combine, is in
:data:`recoveryplan.hookspecs.RESULTS`.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.metadata
import inspect
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from . import hookcalls, hookspecs
from .errors import PluginError, one_line
from .frameworks import Framework
from .hookcalls import HookResults
from .hookspecs import described_value
from .messages import gettext, ngettext, plugin_catalogues_found_by
from .plugin_config import active_plugin_config, excluded_plugins
from .safety import Professional

if TYPE_CHECKING:
    from .plan import Plan

__all__ = [
    "AUTOLOAD_VARIABLE",
    "DEFAULT_PLUGINS",
    "HookResults",
    "PluginError",
    "PluginInfo",
    "build_plugin_manager",
    "call_hook",
    "call_hooks",
    "describe_plugin",
    "described_value",
    "framework_owners",
    "frameworks",
    "get_plugins",
    "hook_reference",
    "load_installed_plugin",
    "organisation_crisis_lines",
    "plugin_failure",
    "plugin_manager",
    "plugin_template_dirs",
    "plugin_translation_dirs",
    "reset_plugin_manager",
    "use_plugin_manager",
]

AUTOLOAD_VARIABLE = "RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD"
ENTRY_POINT_GROUP = "recoveryplan"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "recoveryplan.builtin.frameworks",
    "recoveryplan.builtin.integrity",
    "recoveryplan.builtin.practice",
    "recoveryplan.builtin.language",
)
"""The library's own features, registered exactly as a third-party plugin would be."""


@attrs.frozen(kw_only=True)
class PluginInfo:
    """What ``recoveryplan plugins`` reports about one loaded plugin."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    builtin: bool
    template_dirs: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    """What went wrong asking the plugin for its folders and frameworks (listed, not raised,
    since the listing is where one looks for a broken plugin)."""


class _Manager(pluggy.PluginManager):
    """A plugin manager that refuses a plugin implementing a hook that does not exist, and
    contains each implementation it accepts (:func:`recoveryplan.hookcalls.contain`).

    pluggy only finds such a hook when ``check_pending()`` is called, which an in-process
    ``register`` never does; checking on every registration makes a misspelt hook an error
    however the plugin arrived.
    """

    def get_canonical_name(self, plugin: object) -> str:
        """A plugin object registered without a name is called after what it is: a module by
        its name, an instance by its class (``riverside.Checks``, numbered when there are
        several), so a message about it names something its author recognises rather than
        pluggy's fallback, the object's ``id``."""
        named = getattr(plugin, "__name__", None)
        if isinstance(named, str):
            return named
        kind = type(plugin)
        stem = f"{kind.__module__}.{kind.__qualname__}"
        name, number = stem, 1
        while self.get_plugin(name) is not None:
            number += 1
            name = f"{stem}#{number}"
        return name

    generation = 0
    """Counts the changes to which plugins are registered, blocked or what hooks there are, so
    that an answer kept for these plugins (:func:`_answer_for_these_plugins`) is known to stand
    with one comparison."""

    def unregister(self, plugin: object | None = None, name: str | None = None) -> Any:
        self.generation += 1
        try:
            return super().unregister(plugin, name)
        finally:
            self.generation += 1

    def set_blocked(self, name: str) -> None:
        self.generation += 1
        super().set_blocked(name)

    def unblock(self, name: str) -> bool:
        self.generation += 1
        return super().unblock(name)

    def add_hookspecs(self, module_or_class: ModuleType | type) -> None:
        self.generation += 1
        super().add_hookspecs(module_or_class)

    def register(self, plugin: object, name: str | None = None) -> str | None:
        self.generation += 1
        try:
            return self._register(plugin, name)
        finally:
            self.generation += 1

    def _register(self, plugin: object, name: str | None) -> str | None:
        try:
            registered = super().register(plugin, name)
        except pluggy.PluginValidationError as error:
            raise PluginError(_failed(repr(name or plugin), error), plugin=name) from error
        if registered is None:
            return None
        unknown = sorted(
            caller.name
            for caller in self.get_hookcallers(plugin) or ()
            if not caller.has_spec()
            and any(
                impl.plugin is plugin and not impl.optionalhook for impl in caller.get_hookimpls()
            )
        )
        if unknown:
            self.unregister(plugin)
            hooks = sorted(_hook_names())
            hints = []
            for hook in unknown:
                close = difflib.get_close_matches(hook, hooks, n=1)
                # Translators: %(hook)s and %(close)s are hooks' names, code kept as it is.
                hints.append(
                    gettext("%(hook)s (did you mean %(close)s?)")
                    % {"hook": hook, "close": close[0]}
                    if close
                    else hook
                )
            # Translators: %(plugin)s is a plugin's name, quoted; %(names)s and %(hooks)s list
            # hooks' names, code kept as it is.
            raise PluginError(
                ngettext(
                    "plugin %(plugin)s implements %(names)s, which is not a hook; the hooks are: "
                    "%(hooks)s",
                    "plugin %(plugin)s implements %(names)s, which are not hooks; the hooks are: "
                    "%(hooks)s",
                    len(unknown),
                )
                % {
                    "plugin": repr(registered),
                    "names": ", ".join(hints),
                    "hooks": ", ".join(hooks),
                },
                plugin=registered,
                hook=unknown[0],
            )
        hookcalls.contain(self, plugin)
        return registered


def _hook_names() -> list[str]:
    return [name for name, _ in _hookspecs()]


def _hookspecs() -> list[tuple[str, Callable[..., object]]]:
    """The hook specifications in the order ``hookspecs.py`` defines them."""
    return [
        (name, value)
        for name, value in vars(hookspecs).items()
        if callable(value) and hasattr(value, "recoveryplan_spec")
    ]


def hook_reference() -> str:
    """The hook reference of ``docs/plugins.md``, written from ``hookspecs.py``.

    Each hook's heading, typed signature and docstring come from its specification, and how its
    results combine from its entry in ``hookspecs.RESULTS``, so the documentation cannot
    describe a hook other than the one plugins are checked against
    (``scripts/update_plugin_doc.py`` writes it; a test fails while they differ).
    """
    parts = []
    for name, spec in _hookspecs():
        signature = inspect.signature(spec)
        arguments = ", ".join(signature.parameters)
        typed = ", ".join(
            f"{param.name}: {param.annotation}" for param in signature.parameters.values()
        )
        returns = signature.return_annotation
        doc = inspect.cleandoc(spec.__doc__ or "")
        results = hookspecs.RESULTS[name].summary
        parts.append(
            f"### `{name}({arguments})`\n\n"
            f"<!-- not-run -->\n```python\n@hookimpl\ndef {name}({typed}) -> {returns}: ...\n"
            f"```\n\n{doc}\n\nResults: {results}.\n"
        )
    return "\n".join(parts)


# -- which manager -------------------------------------------------------------------------

_manager: pluggy.PluginManager | None = None
_manager_autoloads = True
_override: list[pluggy.PluginManager] = []


def plugin_manager() -> pluggy.PluginManager:
    """The plugin manager in use: one set by :func:`use_plugin_manager`, or the process's own.

    The process's own is built on first use, and built again when
    ``RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD`` has changed since, so setting the variable in a
    running program (or a test) takes effect.
    """
    global _manager, _manager_autoloads
    if _override:
        return _override[-1]
    autoload = not os.environ.get(AUTOLOAD_VARIABLE)
    if _manager is None or autoload != _manager_autoloads:
        _manager = build_plugin_manager(autoload=autoload)
        _manager_autoloads = autoload
    return _manager


def reset_plugin_manager() -> None:
    """Forget the process's plugin manager, so the next use builds a fresh one.

    The autoload variable and the installed entry points are read again then.
    """
    global _manager
    _manager = None


@contextmanager
def use_plugin_manager(manager: pluggy.PluginManager) -> Iterator[pluggy.PluginManager]:
    """Use ``manager`` for every plugin call inside the ``with`` block, then go back.

    The swap is for the whole process (worker threads started inside the block use it too),
    so blocks nest but two threads should not enter different ones at once.
    """
    _override.append(manager)
    try:
        yield manager
    finally:
        _override.remove(manager)


def build_plugin_manager(
    *, autoload: bool | None = None, plugins: Sequence[object] = ()
) -> pluggy.PluginManager:
    """A new plugin manager holding the built-in plugins, then the installed ones, then
    ``plugins``.

    ``autoload`` says whether to load the installed plugins from their entry points; left as
    ``None`` it is on unless ``RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD`` is set now. Each of
    ``plugins`` is a plugin object (a module or any object with hook implementations), or the
    name of an installed plugin's entry point, which is loaded with its distribution's details.
    """
    manager = _Manager("recoveryplan")
    manager.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    if autoload is None:
        autoload = not os.environ.get(AUTOLOAD_VARIABLE)
    if autoload:
        for entry_point in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            _load_entry_point(manager, entry_point)
    for plugin in plugins:
        if isinstance(plugin, str):
            load_installed_plugin(manager, plugin)
        else:
            manager.register(plugin)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:  # pragma: no cover - register checks first
        raise PluginError(_failed(repr(error.plugin), error)) from error
    return manager


def load_installed_plugin(manager: pluggy.PluginManager, name: str) -> object:
    """Load the installed plugin whose entry point is called ``name`` into ``manager``."""
    found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP, name=name)
    if not found:
        # Translators: %(name)s is the plugin's name and %(group)s the entry points' group,
        # both quoted and kept as they are.
        raise PluginError(
            gettext(
                "no installed plugin is called %(name)s (no %(group)s entry point has that "
                "name); install it, or pass the plugin object"
            )
            % {"name": repr(name), "group": repr(ENTRY_POINT_GROUP)},
            plugin=name,
        )
    for entry_point in found:
        _load_entry_point(manager, entry_point)
    return manager.get_plugin(name)


def _load_entry_point(
    manager: pluggy.PluginManager, entry_point: importlib.metadata.EntryPoint
) -> None:
    """Load one entry point through pluggy, so its distribution is recorded for listings."""
    if manager.has_plugin(entry_point.name):
        return
    dist = entry_point.dist
    where = f"{dist.name} {dist.version}" if dist is not None else entry_point.value
    try:
        manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP, name=entry_point.name)
    except PluginError as error:
        # Name the distribution too: the person reading this installed it under that name.
        named = repr(entry_point.name)
        message = str(error).replace(named, f"{named} ({where})", 1)
        raise PluginError(message, plugin=entry_point.name, hook=error.hook) from error
    except Exception as error:
        # Translators: %(plugin)s is the plugin's name, quoted, and %(where)s where it is
        # loaded from; %(kind)s is the Python exception's name (ImportError), code kept as it
        # is, and %(error)s what it said.
        raise PluginError(
            gettext("plugin %(plugin)s (%(where)s) could not be loaded: %(kind)s: %(error)s")
            % {
                "plugin": repr(entry_point.name),
                "where": entry_point.value,
                "kind": type(error).__name__,
                "error": error,
            },
            plugin=entry_point.name,
        ) from error


def _failed(plugin: str, error: Exception) -> str:
    """A plugin pluggy refused, with pluggy's own reason (in its own words)."""
    # Translators: %(plugin)s is the plugin's name, quoted; %(problem)s is pluggy's reason.
    return gettext("plugin %(plugin)s: %(problem)s") % {
        "plugin": plugin,
        "problem": one_line(str(error)),
    }


# -- naming plugins ------------------------------------------------------------------------


def _distributions(manager: pluggy.PluginManager) -> dict[str, tuple[str, str]]:
    """Each installed plugin's name with its distribution's name and version."""
    found: dict[str, tuple[str, str]] = {}
    for plugin, dist in manager.list_plugin_distinfo():
        name = manager.get_name(plugin)
        if name is not None:
            found[name] = (str(dist.project_name), str(dist.version))
    return found


def describe_plugin(name: str, manager: pluggy.PluginManager | None = None) -> str:
    """How messages name a plugin: ``'riverside' (recoveryplan-riverside 0.1.0)``."""
    if name in DEFAULT_PLUGINS:
        # Translators: %(name)s is a plugin's name, quoted: one that comes with recoveryplan.
        return gettext("%(name)s (built in)") % {"name": repr(name)}
    dist = _distributions(manager or plugin_manager()).get(name)
    return f"{name!r} ({dist[0]} {dist[1]})" if dist else repr(name)


# -- calling hooks -------------------------------------------------------------------------


def call_hooks(hook: str, /, **kwargs: Any) -> HookResults:
    """Call ``hook`` once, through pluggy's own call loop, on the plugin manager in use.

    Every implementation runs once, in pluggy's order (last registered first, ``tryfirst`` and
    ``trylast`` respected); ``wrapper=True`` implementations see every plugin's results in one
    call; tracing and hook call monitoring see one call. A plugin that raises, or returns what
    the hook does not allow, is a failure in the answer naming it, and the others still run:
    :meth:`HookResults.combined` raises it, or leaves it to the caller to report. Plugins that
    the plugin configuration limits to other plans are left out of the call
    (:func:`recoveryplan.plugin_config.excluded_plugins`).
    """
    manager = plugin_manager()
    skipped = excluded_plugins(hook, kwargs)
    return hookcalls.call_hooks(
        manager,
        hook,
        kwargs,
        lambda name: describe_plugin(name, manager),
        without=[plugin for plugin in map(manager.get_plugin, skipped) if plugin is not None],
    )


def plugin_failure(plugin: str, hook: str, problem: str) -> PluginError:
    """A :class:`PluginError` naming ``plugin`` (with its distribution) and ``hook``, worded as
    every plugin failure is: what was wrong, and what to do instead."""
    return hookcalls._named(hook, plugin, problem, describe_plugin)


def call_hook(hook: str, /, **kwargs: Any) -> list[tuple[str, Any]]:
    """Every plugin's result of ``hook`` as ``(plugin name, result)`` pairs.

    A plugin that raises, or returns what the hook does not allow, is a :class:`PluginError`
    naming it and the hook; a plugin that returns ``None`` contributes nothing (pluggy's rule).
    """
    return list(call_hooks(hook, **kwargs).raise_first().results)


# -- what the plugins provide ----------------------------------------------------------------


def organisation_crisis_lines(plan: Plan) -> list[Professional]:
    """The emergency and 24-hour lines the organisation's plugins give for ``plan``.

    The library knows no country's numbers: a plan's own professionals and these are the only
    lines any safety plan or crisis card shows.
    """
    lines: list[Professional] = call_hooks("crisis_lines", plan=plan).combined()
    return lines


def plugin_template_dirs() -> list[tuple[str, list[Path]]]:
    """Each plugin's template folders, checked: a list of existing folders."""
    found: tuple[tuple[str, tuple[Path, ...]], ...] = _answer_for_these_plugins(
        "template_dirs", _template_dirs
    )
    return [(plugin, list(folders)) for plugin, folders in found]


def _template_dirs() -> tuple[tuple[str, tuple[Path, ...]], ...]:
    found: list[tuple[str, list[Any]]] = call_hooks("template_dirs").combined()
    return tuple((plugin, tuple(Path(folder) for folder in folders)) for plugin, folders in found)


def plugin_translation_dirs() -> tuple[Path, ...]:
    """Every plugin's catalogue folders (``translation_dirs``), checked, in plugin order."""
    found: tuple[Path, ...] = _answer_for_these_plugins("translation_dirs", _translation_dirs)
    return found


def _translation_dirs() -> tuple[Path, ...]:
    found: list[Any] = call_hooks("translation_dirs").combined()
    return tuple(Path(folder) for folder in found)


def _catalogue_folders() -> tuple[Path, ...]:
    """The plugins' catalogue folders for the messages: a plugin that cannot be loaded adds
    none, and the work that uses the plugins says what is wrong with it, in the library's own
    words."""
    try:
        return plugin_translation_dirs()
    except PluginError:
        return ()


plugin_catalogues_found_by(_catalogue_folders)


def frameworks() -> dict[str, Framework]:
    """Every registered framework by id; the same id from two plugins is an error."""
    found: dict[str, Framework] = _answer_for_these_plugins("register_frameworks", _frameworks)
    return dict(found)


def _frameworks() -> dict[str, Framework]:
    registered: list[Framework] = call_hooks("register_frameworks").combined()
    return {framework.id: framework for framework in registered}


_answers: dict[str, tuple[tuple[object, ...], tuple[str, ...], object]] = {}


def _answer_for_these_plugins(hook: str, ask: Callable[[], Any]) -> Any:
    """What ``ask()`` answered for a hook that takes nothing and so answers the same for as
    long as the same plugins are registered under the same names, with the same plugin
    configuration (and plugins limited to plans left out alike).

    Every rendering asks which frameworks, catalogue folders and template folders there are;
    asking the plugins again each time was a twentieth of the time of rendering a plan. A
    failure is not kept, so it is raised again at every call, as before.
    """
    manager = plugin_manager()
    config = active_plugin_config()
    excluded = excluded_plugins(hook, {})
    generation = getattr(manager, "generation", None) if type(manager) is _Manager else None
    quick = _quick.get(hook)
    if (
        quick is not None
        and generation is not None
        and quick[0] is manager
        and quick[1] == generation
        and quick[2] is config
        and quick[3] == excluded
    ):
        return quick[4]  # the same plugins, unchanged since the answer was kept
    pairs = manager.list_name_plugin()
    held = (manager, config, *(plugin for _, plugin in pairs))
    names = (*(name for name, _ in pairs), *sorted(excluded))
    found = _answers.get(hook)
    if (
        found is not None
        and found[1] == names
        and len(found[0]) == len(held)
        and all(a is b for a, b in zip(found[0], held, strict=True))
    ):
        answer = found[2]
    else:
        answer = ask()
        _answers[hook] = (held, names, answer)
    if generation is not None:
        _quick[hook] = (manager, generation, config, excluded, answer)
    return answer


_quick: dict[str, tuple[object, int, object, frozenset[str], object]] = {}
"""Each hook's kept answer with the manager's :attr:`_Manager.generation` it stands for: a
manager of this module counts every change to its plugins, so no listing of them is needed
while the count is the same."""


def framework_owners() -> dict[str, str]:
    """Which plugin registered each framework id."""
    answer = call_hooks("register_frameworks").raise_first()
    return {framework.id: plugin for plugin, framework in answer.items()}


def get_plugins() -> list[PluginInfo]:
    """Every loaded plugin: its distribution and version, hooks, template folders and
    frameworks, and any problem they had, built-in plugins first."""
    from ._version import __version__

    manager = plugin_manager()
    dists = _distributions(manager)
    problems: dict[str, list[str]] = {}
    folders: dict[str, list[str]] = {}
    registered: dict[str, list[str]] = {}
    # A listing goes on past a failing plugin: it is where one looks for a broken plugin.
    dirs, registering = call_hooks("template_dirs"), call_hooks("register_frameworks")
    for failure in (*dirs.failures, *registering.failures):
        problems.setdefault(failure.plugin or "", []).append(str(failure))
    for owner, folder in dirs.items():
        folders.setdefault(owner, []).append(str(folder))
    for owner, framework in registering.items():
        registered.setdefault(owner, []).append(framework.id)
    infos = []
    for name, plugin in manager.list_name_plugin():
        if plugin is None:  # pragma: no cover - blocked plugins
            continue
        hooks = tuple(sorted(caller.name for caller in manager.get_hookcallers(plugin) or ()))
        builtin = name in DEFAULT_PLUGINS
        distribution, version = (
            ("recoveryplan", __version__) if builtin else dists.get(name, (None, None))
        )
        infos.append(
            PluginInfo(
                name=name,
                distribution=distribution,
                version=version,
                hooks=hooks,
                builtin=builtin,
                template_dirs=tuple(folders.get(name, ())),
                frameworks=tuple(registered.get(name, ())),
                problems=tuple(problems.get(name, ())),
            )
        )
    return sorted(infos, key=lambda info: (not info.builtin, info.name))
