"""Calling a hook: pluggy's own call loop, with each plugin's failure contained and named.

Every implementation is wrapped once, when its plugin is registered (:func:`contain`), so that
inside :func:`call_hooks`:

- it runs exactly once per call, in pluggy's order (``tryfirst`` and ``trylast`` respected),
  however many implementations of the hook its plugin has;
- what it returns is checked against the hook's entry in :data:`recoveryplan.hookspecs.RESULTS`
  the moment it returns, so a ``wrapper=True`` implementation sees every plugin's results in one
  call, and only results that passed;
- an exception it raises, or a result that does not pass, is recorded as its own failure while
  pluggy's loop goes on to the next implementation: one plugin's fault never hides what the
  others said.

A plugin is named in messages by the ``describe`` function the caller passes, so this module
needs nothing from the plugin manager's module. Called straight through pluggy
(``manager.hook.validate_plan(...)``, as pluggy documents), implementations behave exactly as
their authors wrote them: only a call made here is contained.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Generator, Iterable, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar, cast

import attrs
import pluggy

from .errors import PluginError, one_line
from .hookspecs import RESULTS, HookResult, described_value
from .messages import gettext

__all__ = ["HookResults", "call_hooks", "contain"]

T = TypeVar("T")

_CONTAINED = "_recoveryplan_contained"
"""Marks a function already wrapped, so containing a plugin twice never wraps it twice."""


@attrs.define
class _Failure:
    plugin: str
    problem: str
    cause: Exception | None = None


@attrs.define
class _Call:
    """What the implementations of one hook call returned and how they failed, in call order."""

    hook: str
    spec: HookResult
    returned: list[tuple[str, object]] = attrs.Factory(list)
    failures: list[_Failure] = attrs.Factory(list)

    def keep(self, plugin: str, value: object) -> bool:
        """Record ``value`` as ``plugin``'s if its hook allows it, else record the failure."""
        problem = self.spec.check(value)
        if problem is not None:
            self.failures.append(_Failure(plugin, problem))
            return False
        self.returned.append((plugin, value))
        return True

    def sound(self, given: object) -> object:
        """What a failing wrapper was given, without any result it spoilt in place on its way
        out (the wrapper is already named for it)."""
        if not isinstance(given, list):
            return given if given is None or self.spec.check(given) is None else None
        return [value for value in given if self.spec.check(value) is None]

    def raised(self, plugin: str, error: Exception) -> None:
        problem = f"raised {type(error).__name__}: {one_line(str(error))}"
        self.failures.append(_Failure(plugin, problem, error))

    def rewrapped(self, plugin: str, given: object, returned: object, firstresult: bool) -> bool:
        """Whether what a wrapper returned may replace what it was given; what it added is
        recorded as its own.

        Every result it returns is checked again, not only those it added: it may have changed
        another plugin's list in place, and is then the one to name.
        """
        if firstresult:
            return returned is None or returned is given or self.keep(plugin, returned)
        if not isinstance(returned, list) or not isinstance(given, list):
            self.failures.append(
                _Failure(
                    plugin,
                    f"returned {described_value(returned)} from a wrapper; return the list of "
                    "results it was given, changed or not",
                )
            )
            return False
        before = {id(value) for value in given}
        added = [value for value in returned if id(value) not in before]
        problems = [problem for value in returned if (problem := self.spec.check(value))]
        if problems:
            self.failures.append(_Failure(plugin, problems[0]))
            return False
        self.returned.extend((plugin, value) for value in added)
        return True


_calling: ContextVar[_Call | None] = ContextVar("recoveryplan_hook_call", default=None)
"""The hook call in progress in this thread, if :func:`call_hooks` made it."""


def _current(hook: str) -> _Call | None:
    call = _calling.get()
    return call if call is not None and call.hook == hook else None


def contain(manager: pluggy.PluginManager, plugin: object) -> None:
    """Wrap each of ``plugin``'s implementations so a call through :func:`call_hooks` contains
    and records its failures. Old-style ``hookwrapper=True`` implementations are left as they
    are: they see pluggy's ``Result`` and can already handle a failure there."""
    for caller in manager.get_hookcallers(plugin) or ():
        for impl in caller.get_hookimpls():
            if impl.plugin is not plugin or impl.hookwrapper:
                continue
            if getattr(impl.function, _CONTAINED, False):
                continue
            if impl.wrapper:
                firstresult = caller.spec is not None and caller.spec.opts.get("firstresult")
                contained = _wrapper(caller.name, impl, bool(firstresult))
            else:
                contained = _single(caller.name, impl)
            setattr(contained, _CONTAINED, True)
            impl.function = contained  # type: ignore[misc]


def _single(hook: str, impl: pluggy.HookImpl) -> Callable[..., object]:
    function, plugin = impl.function, impl.plugin_name

    @functools.wraps(function)
    def contained(*args: object, **kwargs: object) -> object:
        call = _current(hook)
        if call is None:
            return function(*args, **kwargs)
        try:
            value = function(*args, **kwargs)
        except Exception as error:
            call.raised(plugin, error)
            return None
        if value is None or call.keep(plugin, value):
            return value
        return None

    return contained


def _wrapper(hook: str, impl: pluggy.HookImpl, firstresult: bool) -> Callable[..., object]:
    # pluggy checked at registration that a wrapper's function is a generator function.
    function = cast(Callable[..., Generator[None, object, object]], impl.function)
    plugin = impl.plugin_name

    @functools.wraps(function)
    def contained(*args: object, **kwargs: object) -> Generator[None, object, object]:
        call = _current(hook)
        if call is None:
            return (yield from function(*args, **kwargs))
        wrapping = function(*args, **kwargs)
        try:
            next(wrapping)
        except StopIteration:
            call.failures.append(
                _Failure(plugin, "did not yield; a wrapper yields once to get the results")
            )
            return (yield)
        except Exception as error:
            call.raised(plugin, error)
            return (yield)
        try:
            given = yield
        except BaseException as error:
            # Only an old-style hookwrapper below can still raise; pass it on as pluggy would.
            try:
                wrapping.throw(error)
            except StopIteration as stop:
                return stop.value
            raise
        try:
            wrapping.send(given)
        except StopIteration as stop:
            returned = stop.value
        except Exception as error:
            call.raised(plugin, error)
            return call.sound(given)
        else:
            wrapping.close()
            call.failures.append(_Failure(plugin, "yielded twice; a wrapper yields once"))
            return call.sound(given)
        if call.rewrapped(plugin, given, returned, firstresult):
            return returned
        return call.sound(given)

    return contained


@attrs.frozen
class HookResults:
    """Every plugin's answer to one hook call: its results and its failures.

    ``results`` are ``(plugin name, result)`` pairs in pluggy's call order, after every
    wrapper; a result a wrapper added is the wrapper's plugin's. ``failures`` are
    :class:`PluginError` naming each plugin that raised or returned what its hook does not
    allow; its other results were left out.
    """

    hook: str
    results: tuple[tuple[str, Any], ...]
    failures: tuple[PluginError, ...]
    describe: Callable[[str], str] = attrs.field(repr=False)

    @property
    def spec(self) -> HookResult:
        return RESULTS[self.hook]

    def failure(self, plugin: str, problem: str) -> PluginError:
        """A :class:`PluginError` naming ``plugin`` and this hook, saying what was wrong."""
        return _named(self.hook, plugin, problem, self.describe)

    def raise_first(self) -> HookResults:
        """These results, once no plugin failed; else the first failure, raised."""
        if self.failures:
            raise self.failures[0]
        return self

    def items(self) -> list[tuple[str, Any]]:
        """Each item of each plugin's list, with the plugin's name (for hooks that return
        lists)."""
        return [(plugin, item) for plugin, result in self.results for item in result]

    def combined(self, *, contained: bool = False, reserved: Collection[str] = ()) -> Any:
        """The plugins' results combined as the hook's :class:`HookResult` says.

        A failure is raised unless ``contained``, when the failing plugins' results are left
        out and the caller reports ``failures`` itself. ``reserved`` are keys a ``merge``
        hook's plugins may not give.
        """
        if not contained:
            self.raise_first()
        rule = self.spec.combine
        if rule == "collect":
            return [item for _, item in self.items()]
        if rule == "unique":
            return self.unique(self.items())
        if rule == "merge":
            return self._merged(reserved)
        if rule == "each":
            grouped: dict[str, list[Any]] = {}
            for plugin, item in self.items():
                grouped.setdefault(plugin, []).append(item)
            return list(grouped.items())
        return None

    def unique(self, items: Iterable[tuple[str, T]]) -> list[T]:
        """``items`` (each with its plugin's name) once no two share the hook's key; else the
        conflict naming both plugins."""
        key = self.spec.key
        assert key is not None, f"{self.hook} has no key to keep unique"
        owners: dict[str, str] = {}
        found: list[T] = []
        for plugin, item in items:
            name = key(item)
            if name in owners:
                raise self._conflict(name, owners[name], plugin)
            owners[name] = plugin
            found.append(item)
        return found

    def _merged(self, reserved: Collection[str]) -> dict[str, Any]:
        owners: dict[str, str] = {}
        merged: dict[str, Any] = {}
        for plugin, values in self.results:
            for name, value in values.items():
                if name in reserved:
                    raise self.failure(plugin, self.spec.reserved.format(key=name))
                if name in owners:
                    raise self._conflict(name, owners[name], plugin)
                owners[name] = plugin
                merged[name] = value
        return merged

    def _conflict(self, key: str, one: str, other: str) -> Exception:
        first, second = sorted((one, other))
        message = self.spec.conflict.format(
            key=key, first=self.describe(first), second=self.describe(second)
        )
        if self.spec.conflict_error is not None:
            return self.spec.conflict_error(message)
        return PluginError(message, plugin=second, hook=self.hook)


def call_hooks(
    manager: pluggy.PluginManager,
    hook: str,
    kwargs: dict[str, object],
    describe: Callable[[str], str],
    without: Sequence[object] = (),
) -> HookResults:
    """Call ``hook`` once through pluggy's hook caller, each implementation contained.

    ``describe`` names a plugin in messages. A plugin's exception is never raised from here:
    it is in the answer's ``failures``, for the caller to raise or report. The plugins
    ``without`` are left out of the call, wrappers included (pluggy's subset hook caller).
    """
    spec = RESULTS[hook]
    caller: pluggy.HookCaller = (
        manager.subset_hook_caller(hook, remove_plugins=without)
        if without
        else getattr(manager.hook, hook)
    )
    call = _Call(hook, spec)
    token = _calling.set(call)
    try:
        answer = caller(**kwargs)
    finally:
        _calling.reset(token)
    if caller.spec is not None and caller.spec.opts.get("firstresult"):
        values: list[object] = [] if answer is None else [answer]
    else:
        values = list(answer)
    return HookResults(
        hook,
        tuple(_owned(values, call.returned, caller)),
        tuple(_error(hook, failure, describe) for failure in call.failures),
        describe,
    )


def _owned(
    values: list[object], returned: list[tuple[str, object]], caller: pluggy.HookCaller
) -> Iterable[tuple[str, object]]:
    """Each value with the plugin that returned it, matched by identity in call order; a value
    nobody returned is named after the old-style hookwrappers (looked up only then)."""
    pool = list(returned)
    for value in values:
        for i, (plugin, kept) in enumerate(pool):
            if kept is value:
                del pool[i]
                yield plugin, value
                break
        else:
            yield _unowned(caller), value


def _unowned(caller: pluggy.HookCaller) -> str:
    """Who a result nobody returned came from: an old-style hookwrapper replaced it."""
    names = [impl.plugin_name for impl in caller.get_hookimpls() if impl.hookwrapper]
    return " or ".join(names) or "?"


def _error(hook: str, failure: _Failure, describe: Callable[[str], str]) -> PluginError:
    cause = failure.cause
    if isinstance(cause, PluginError) and cause.plugin is not None:
        return cause  # a hook call of its own failed, and already names the plugin at fault
    error = _named(hook, failure.plugin, failure.problem, describe)
    error.__cause__ = cause
    return error


def _named(hook: str, plugin: str, problem: str, describe: Callable[[str], str]) -> PluginError:
    """How every plugin failure is worded: the plugin, the hook, and what was wrong."""
    # Translators: %(plugin)s names the plugin (its name and distribution); %(hook)s is the
    # hook's name, code kept as it is; %(problem)s is what was wrong, a message of its own.
    return PluginError(
        gettext("plugin %(plugin)s, hook %(hook)s: %(problem)s")
        % {"plugin": describe(plugin), "hook": hook, "problem": problem},
        plugin=plugin,
        hook=hook,
    )
