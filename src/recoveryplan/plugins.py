"""The plugin manager: built-in features and installed plugins, loaded and called the same way.

Installed plugins are found through the ``recoveryplan`` entry-point group and loaded one at a
time, so a broken plugin is reported by name. Setting ``RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD``
to a non-empty value loads only the built-in plugins; it is read each time a manager is built,
so a test can set it and then build a fresh one (see :mod:`recoveryplan.testing`).

A plugin is somebody else's code running inside the host. Everything it gives back is checked,
and anything it raises or returns wrongly becomes a :class:`PluginError` naming the plugin (with
its distribution and version when it was installed) and the hook, so the person at the command
line sees one line they can act on instead of a traceback from code they did not write.
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
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy

from . import hookspecs
from .errors import FrameworkConflictError, PlanError, one_line
from .frameworks import Framework
from .safety import Professional

if TYPE_CHECKING:
    from .plan import Plan

__all__ = [
    "AUTOLOAD_VARIABLE",
    "DEFAULT_PLUGINS",
    "HookCall",
    "PluginError",
    "PluginInfo",
    "build_plugin_manager",
    "call_hook",
    "call_hook_each",
    "describe_plugin",
    "described_value",
    "framework_owners",
    "frameworks",
    "get_plugins",
    "hook_reference",
    "load_installed_plugin",
    "organisation_crisis_lines",
    "plugin_manager",
    "plugin_template_dirs",
    "reset_plugin_manager",
    "use_plugin_manager",
]

T = TypeVar("T")

AUTOLOAD_VARIABLE = "RECOVERYPLAN_DISABLE_PLUGIN_AUTOLOAD"
ENTRY_POINT_GROUP = "recoveryplan"

DEFAULT_PLUGINS: tuple[str, ...] = (
    "recoveryplan.builtin.frameworks",
    "recoveryplan.builtin.integrity",
    "recoveryplan.builtin.practice",
    "recoveryplan.builtin.language",
)
"""The library's own features, registered exactly as a third-party plugin would be."""


class PluginError(PlanError):
    """A plugin that could not be loaded, implements a hook that does not exist, raised an
    exception or returned something its hook does not allow.

    ``plugin`` is the plugin's name as registered (its entry-point name when installed) and
    ``hook`` the hook it failed in; either is ``None`` when the problem is not one plugin's
    or not one hook's.
    """

    def __init__(self, message: str, *, plugin: str | None = None, hook: str | None = None):
        super().__init__(message)
        self.plugin = plugin
        self.hook = hook


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
    """A plugin manager that refuses a plugin implementing a hook that does not exist.

    pluggy only finds such a hook when ``check_pending()`` is called, which an in-process
    ``register`` never does; checking on every registration makes a misspelt hook an error
    however the plugin arrived.
    """

    def register(self, plugin: object, name: str | None = None) -> str | None:
        try:
            registered = super().register(plugin, name)
        except pluggy.PluginValidationError as error:
            raise PluginError(
                f"plugin {name or plugin!r}: {one_line(str(error))}", plugin=name
            ) from error
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
                hints.append(f"{hook} (did you mean {close[0]}?)" if close else hook)
            raise PluginError(
                f"plugin {registered!r} implements {', '.join(hints)}, which "
                f"{'is not a hook' if len(unknown) == 1 else 'are not hooks'}; the hooks are: "
                f"{', '.join(hooks)}",
                plugin=registered,
                hook=unknown[0],
            )
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

    Each hook's heading, typed signature and docstring come from its specification, so the
    documentation cannot describe a hook other than the one plugins are checked against
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
        parts.append(
            f"### `{name}({arguments})`\n\n"
            f"<!-- not-run -->\n```python\n@hookimpl\ndef {name}({typed}) -> {returns}: ...\n"
            f"```\n\n{doc}\n"
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
        raise PluginError(f"plugin {error.plugin!r}: {one_line(str(error))}") from error
    return manager


def load_installed_plugin(manager: pluggy.PluginManager, name: str) -> object:
    """Load the installed plugin whose entry point is called ``name`` into ``manager``."""
    found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP, name=name)
    if not found:
        raise PluginError(
            f"no installed plugin is called {name!r} (no {ENTRY_POINT_GROUP!r} entry point "
            "has that name); install it, or pass the plugin object",
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
        message, prefix = str(error), f"plugin {entry_point.name!r}"
        if message.startswith(prefix):
            message = f"{prefix} ({where}){message[len(prefix) :]}"
        raise PluginError(message, plugin=entry_point.name, hook=error.hook) from error
    except Exception as error:
        raise PluginError(
            f"plugin {entry_point.name!r} ({entry_point.value}) could not be loaded: "
            f"{type(error).__name__}: {error}",
            plugin=entry_point.name,
        ) from error


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
        return f"{name!r} (built in)"
    dist = _distributions(manager or plugin_manager()).get(name)
    return f"{name!r} ({dist[0]} {dist[1]})" if dist else repr(name)


# -- calling hooks -------------------------------------------------------------------------


@attrs.frozen
class HookCall:
    """What one plugin's implementation of a hook gave: its results, or what it raised."""

    plugin: str
    results: list[Any]
    error: Exception | None = None

    def fail(self, hook: str, problem: str) -> PluginError:
        """A :class:`PluginError` naming this plugin and ``hook``, saying what was wrong."""
        return PluginError(
            f"plugin {describe_plugin(self.plugin)}, hook {hook}: {problem}",
            plugin=self.plugin,
            hook=hook,
        )


def call_hook_each(hook: str, /, **kwargs: Any) -> Iterator[HookCall]:
    """Call ``hook`` once for each plugin that implements it, through pluggy's hook caller.

    Each call goes through a :meth:`pluggy.PluginManager.subset_hook_caller` that holds the
    plugin's implementation and every wrapper (``wrapper=True``), so tracing, hook call
    monitoring and wrappers work as pluggy documents, while each plugin's results and failure
    stay its own: that is how conflicts name both plugins, and how one failing check does not
    stop the others. Plugins are called in pluggy's order (last registered first, ``tryfirst``
    and ``trylast`` respected).
    """
    manager = plugin_manager()
    caller: pluggy.HookCaller = getattr(manager.hook, hook)
    impls = [impl for impl in caller.get_hookimpls() if not (impl.wrapper or impl.hookwrapper)]
    for impl in reversed(impls):
        others = [other.plugin for other in impls if other.plugin is not impl.plugin]
        one = manager.subset_hook_caller(hook, remove_plugins=others)
        try:
            results = one(**kwargs)
        except Exception as error:
            yield HookCall(impl.plugin_name, [], error)
        else:
            yield HookCall(impl.plugin_name, list(results))


def call_hook(hook: str, /, **kwargs: Any) -> list[tuple[str, Any]]:
    """Every plugin's result of ``hook`` as ``(plugin name, result)`` pairs.

    A plugin that raises becomes a :class:`PluginError` naming it and the hook; a plugin that
    returns ``None`` contributes nothing (pluggy's rule).
    """
    found: list[tuple[str, Any]] = []
    for call in call_hook_each(hook, **kwargs):
        if call.error is not None:
            raise raised(call, hook)
        found.extend((call.plugin, result) for result in call.results)
    return found


def raised(call: HookCall, hook: str) -> PluginError:
    """The :class:`PluginError` for a plugin's implementation that raised."""
    error = call.error
    assert error is not None
    if isinstance(error, PluginError) and error.plugin is not None:
        return error
    failure = call.fail(hook, f"raised {type(error).__name__}: {one_line(str(error))}")
    failure.__cause__ = error
    return failure


def expect_list(
    plugin: str, hook: str, value: object, check: Callable[[object], bool], what: str
) -> list[Any]:
    """``value`` as a list if it is a list or tuple whose items all pass ``check``; else a
    :class:`PluginError` saying the hook should return a list of ``what``."""
    call = HookCall(plugin, [value])
    if not isinstance(value, list | tuple):
        raise call.fail(hook, f"returned {described_value(value)}; return a list of {what}")
    for item in value:
        if not check(item):
            raise call.fail(
                hook, f"returned a list holding {described_value(item)}; every item must be {what}"
            )
    return list(value)


def described_value(value: object) -> str:
    """A value as messages show it: its type and a short repr."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


# -- what the plugins provide ----------------------------------------------------------------


def _per_plugin(
    hook: str, check: Callable[[str, object], list[T]]
) -> list[tuple[str, list[T] | PluginError]]:
    """Each plugin's checked results of ``hook``, or the :class:`PluginError` it caused.

    Callers that must go on (the listing of plugins) keep the errors; the rest raise them.
    """
    found: list[tuple[str, list[T] | PluginError]] = []
    for call in call_hook_each(hook):
        try:
            if call.error is not None:
                raise raised(call, hook)
            found.append(
                (
                    call.plugin,
                    [item for value in call.results for item in check(call.plugin, value)],
                )
            )
        except PluginError as error:
            found.append((call.plugin, error))
    return found


def _raising(found: list[tuple[str, list[T] | PluginError]]) -> list[tuple[str, list[T]]]:
    checked: list[tuple[str, list[T]]] = []
    for plugin, results in found:
        if isinstance(results, PluginError):
            raise results
        checked.append((plugin, results))
    return checked


def _frameworks_of(plugin: str, returned: object) -> list[Framework]:
    return expect_list(
        plugin,
        "register_frameworks",
        returned,
        lambda item: isinstance(item, Framework),
        "recoveryplan.Framework",
    )


def _folders_of(plugin: str, returned: object) -> list[Path]:
    folders = [
        Path(folder)
        for folder in expect_list(
            plugin,
            "template_dirs",
            returned,
            lambda item: isinstance(item, str | os.PathLike),
            "folders (pathlib.Path)",
        )
    ]
    for path in folders:
        if not path.is_dir():
            raise HookCall(plugin, []).fail(
                "template_dirs",
                f"the template folder {str(path)!r} does not exist; return existing folders",
            )
    return folders


def _registered_frameworks() -> Iterator[tuple[str, Framework]]:
    for plugin, registered in _raising(_per_plugin("register_frameworks", _frameworks_of)):
        for framework in registered:
            yield plugin, framework


def organisation_crisis_lines(plan: Plan) -> list[Professional]:
    """The emergency and 24-hour lines the organisation's plugins give for ``plan``.

    The library knows no country's numbers: a plan's own professionals and these are the only
    lines any safety plan or crisis card shows. Each plugin's result is checked: a list of
    :class:`recoveryplan.Professional`.
    """
    found: list[Professional] = []
    for plugin, returned in call_hook("crisis_lines", plan=plan):
        found += expect_list(
            plugin,
            "crisis_lines",
            returned,
            lambda item: isinstance(item, Professional),
            "recoveryplan.Professional (a name and how to reach it)",
        )
    return found


def plugin_template_dirs() -> list[tuple[str, list[Path]]]:
    """Each plugin's template folders, checked: a list of existing folders."""
    return _raising(_per_plugin("template_dirs", _folders_of))


def frameworks() -> dict[str, Framework]:
    """Every registered framework by id; the same id from two plugins is an error."""
    found: dict[str, Framework] = {}
    owner: dict[str, str] = {}
    for plugin, framework in _registered_frameworks():
        if framework.id in found:
            first, second = sorted((owner[framework.id], plugin))
            raise FrameworkConflictError(
                f"the framework id {framework.id!r} is registered by both "
                f"{describe_plugin(first)} and {describe_plugin(second)}"
            )
        found[framework.id] = framework
        owner[framework.id] = plugin
    return found


def framework_owners() -> dict[str, str]:
    """Which plugin registered each framework id."""
    return {framework.id: plugin for plugin, framework in _registered_frameworks()}


def get_plugins() -> list[PluginInfo]:
    """Every loaded plugin: its distribution and version, hooks, template folders and
    frameworks, and any problem they had, built-in plugins first."""
    from ._version import __version__

    manager = plugin_manager()
    dists = _distributions(manager)
    problems: dict[str, list[str]] = {}
    folders: dict[str, list[str]] = {}
    for owner, found in _per_plugin("template_dirs", _folders_of):
        if isinstance(found, PluginError):
            problems.setdefault(owner, []).append(str(found))
        else:
            folders.setdefault(owner, []).extend(str(folder) for folder in found)
    registered: dict[str, list[str]] = {}
    for owner, frameworks in _per_plugin("register_frameworks", _frameworks_of):
        if isinstance(frameworks, PluginError):
            problems.setdefault(owner, []).append(str(frameworks))
        else:
            registered.setdefault(owner, []).extend(framework.id for framework in frameworks)
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
