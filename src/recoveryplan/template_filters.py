"""Jinja's ``select``, ``reject``, ``selectattr``, ``rejectattr`` and ``map``, for less work.

The templates pick parts of a plan with these filters on every render (``selectattr("voice",
"equalto", "person")``, ``map("who")``), and Jinja's own versions look the test or filter up
again for every item, and reach an attribute of a plan's part by first trying it as a key and
catching the error. These do each look-up once per use, and read an attribute directly from
an object that has no keys. Anything else (an asynchronous environment, a test or filter that
takes the context, a dotted name that reaches into a mapping) is handed to Jinja's own filter,
so what a template gets is always what Jinja would give it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import Environment, filters, pass_context
from jinja2.runtime import Context
from jinja2.utils import _PassArg

__all__ = ["FAST_FILTERS"]

_Predicate = Callable[[Any], Any]


def _attribute_reader(environment: Environment, attribute: Any) -> Callable[[Any], Any] | None:
    """What ``make_attrgetter`` would read, for a name or dotted name of attributes (``None``
    for anything else: an index, a number in the path)."""
    if not isinstance(attribute, str) or type(environment).getitem is not Environment.getitem:
        return None
    parts = attribute.split(".")
    if any(part.isdigit() for part in parts):
        return None
    undefined = environment.undefined

    def read(item: Any) -> Any:
        for part in parts:
            if getattr(type(item), "__getitem__", None) is not None:
                item = environment.getitem(item, part)
                continue
            try:  # no keys: Jinja's getitem would fail on item[part] and read the attribute
                item = getattr(item, part)
            except AttributeError:
                item = undefined(obj=item, name=part)
        return item

    return read


def _test(environment: Environment, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The predicate ``select``'s arguments name (``bool`` for none), or ``None`` when only
    Jinja's own filter can apply it."""
    if not args:
        return bool if not kwargs else None
    name, rest = args[0], args[1:]
    test: Any = environment.tests.get(name) if isinstance(name, str) else None
    if test is None or getattr(test, "jinja_pass_arg", None) is not None:
        return None
    if not rest and not kwargs:
        return test
    return lambda value: test(value, *rest, **kwargs)


def _chosen(value: Iterable[Any], check: _Predicate, keep: bool) -> Iterator[Any]:
    if value:
        for item in value:
            if bool(check(item)) is keep:
                yield item


def _select_filter(keep: bool, attribute: bool, jinja: Callable[..., Any]) -> Callable[..., Any]:
    @pass_context
    def chosen(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        environment = context.environment
        if environment.is_async or (attribute and not args):
            return jinja(context, value, *args, **kwargs)
        read = _attribute_reader(environment, args[0]) if attribute else None
        test = _test(environment, args[1:] if attribute else args, kwargs)
        if test is None or (attribute and read is None):
            return jinja(context, value, *args, **kwargs)
        if read is not None:
            reader, predicate = read, test
            return _chosen(value, lambda item: predicate(reader(item)), keep)
        return _chosen(value, test, keep)

    chosen.__doc__ = jinja.__doc__
    return chosen


@pass_context
def _map(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
    environment = context.environment
    if environment.is_async or not args or not isinstance(args[0], str):
        return filters.sync_do_map(context, value, *args, **kwargs)
    function = environment.filters.get(args[0])
    if function is None:
        return filters.sync_do_map(context, value, *args, **kwargs)
    passed = getattr(function, "jinja_pass_arg", None)
    first: tuple[Any, ...] = ()
    if passed is _PassArg.context:
        first = (context,)
    elif passed is _PassArg.eval_context:
        first = (context.eval_ctx,)
    elif passed is _PassArg.environment:
        first = (environment,)
    rest = args[1:]
    return _mapped(value, function, first, rest, kwargs)


def _mapped(
    value: Any,
    function: Callable[..., Any],
    first: tuple[Any, ...],
    rest: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Iterator[Any]:
    if value:
        for item in value:
            yield function(*first, item, *rest, **kwargs)


FAST_FILTERS: dict[str, Callable[..., Any]] = {
    "select": _select_filter(True, False, filters.sync_do_select),
    "reject": _select_filter(False, False, filters.sync_do_reject),
    "selectattr": _select_filter(True, True, filters.sync_do_selectattr),
    "rejectattr": _select_filter(False, True, filters.sync_do_rejectattr),
    "map": _map,
}
"""The filters, by the names of Jinja's built-in ones they stand in for."""
