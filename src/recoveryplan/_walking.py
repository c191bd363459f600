"""Walking a plan: the one place that goes down through the model's fields.

Several parts of the library look at every value of a plan or a part (the person's own words
kept in their direction), compare two versions of a part field by field (what changed, the
three-way merge), or go down only the fields that lead to some kind of field however deep
(consent emptying what no member sees, references of one kind), or rebuild a plan around
one changed part (editing). Each of those once walked ``attrs`` fields in its own way; they
now ask this module, which reads each class's fields once
(:func:`recoveryplan._fields.shapes`), so a change to the model's shape is followed by every
walk alike.

Some walks stay where they are, because they do something else with the fields and are
specialised for speed: the format's converter and the fast reader and writer
(:mod:`recoveryplan._converter`, :mod:`recoveryplan._fast_writing`), the checks made when a
part is built (:mod:`recoveryplan._checks`, :mod:`recoveryplan._building`), the JSON Schema,
FHIR's mapping tables and the language check's own walk over staff-written text, which runs
on every validation. tests/unit/test_walking_only_here.py fails when another module goes
down through ``attrs`` fields by itself, and names the exceptions that do, each with why.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from ._fields import Shape, child_path, shapes

if TYPE_CHECKING:
    from .goals import Goal, Outcome

__all__ = [
    "Change",
    "GoalTree",
    "Target",
    "Visit",
    "differing",
    "goal_tree",
    "reaching",
    "rebuilt",
    "replaced",
    "towards",
    "tree_path",
    "walk",
]


Visit: TypeAlias = "tuple[str, Any, Shape | None, Any]"
"""One value met on a walk: ``(path, value, shape, owner)``: its JSON path from where the
walk started, the value, the field holding it (or the list or mapping it is in), and the part
whose field that is; the last two are ``None`` for the value the walk started at. A plain
tuple, because a translated copy's own words are gathered on every render."""


def walk(value: object, path: str = "$") -> Iterator[Visit]:
    """Every value in ``value``, ``value`` first, depth first in field order: the fields of
    each part, the items of each list and the values of each mapping. Codes (enumerations),
    texts, numbers and dates are values, not gone into."""
    stack: list[Visit] = [(path, value, None, None)]
    pop, push = stack.pop, stack.extend
    while stack:
        visit = pop()
        yield visit
        here, value, shape, owner = visit
        cls: Any = type(value)
        fields = _parts_of(cls)
        if fields:
            push([(here + f.step, getattr(value, f.field.name), f, value) for f in fields])
        elif fields is None:
            continue
        elif isinstance(value, Mapping):
            items = [(child_path(here, str(key)), item) for key, item in value.items()]
            push([(where, item, shape, owner) for where, item in reversed(items)])
        elif isinstance(value, list | tuple):
            push(
                [
                    (f"{here}[{index}]", value[index], shape, owner)
                    for index in range(len(value) - 1, -1, -1)
                ]
            )
        elif isinstance(value, frozenset | set):
            # A set has no order of its own: its items are met in sorted order.
            ordered = sorted(value, key=str)
            push(
                [
                    (f"{here}[{index}]", ordered[index], shape, owner)
                    for index in range(len(ordered) - 1, -1, -1)
                ]
            )


def _parts_of(cls: Any) -> tuple[Shape, ...] | None:
    """The shapes of a model class's fields, last first (the order they go on the stack);
    ``()`` for any other class a walk may go into, ``None`` for one it never does."""
    found = _KINDS.get(cls, _UNKNOWN)
    if found is _UNKNOWN:
        if attrs.has(cls):
            found = tuple(reversed(shapes(cls)))
        elif issubclass(cls, str | Enum | int | float | date) or cls is type(None):
            found = None
        else:
            found = ()
        _KINDS[cls] = found
    return found  # type: ignore[return-value]


_UNKNOWN = object()
_KINDS: dict[type, tuple[Shape, ...] | object | None] = {}


def differing(before: Any, after: Any, path: str) -> Iterator[tuple[Shape, Any, Any, str]]:
    """``(shape, value before, value after, path)`` for each field whose value differs
    between two versions of a part (of ``after``'s class), in field order: what comparing and
    merging versions go down into."""
    cls: Any = type(after)
    for shape in shapes(cls):
        was, now = getattr(before, shape.name), getattr(after, shape.name)
        if was != now:
            yield shape, was, now, path + shape.step


Target: TypeAlias = "Callable[[attrs.Attribute[Any]], bool]"
"""Which fields a pruned walk is for, from their metadata (those no member sees, references
of one kind...); it must be the same object each time, so that its routes are worked out once
per class."""


@cache
def towards(cls: Any, target: Target) -> tuple[tuple[Shape, bool], ...]:
    """The fields of ``cls`` that ``target`` picks (``True``) and those holding parts that
    have such fields however deep (``False``), in field order; a field holding parts of
    ``cls`` itself (a goal's goals) comes last, and only when there is something else to
    find. Empty when nothing under ``cls`` is picked: the only routes a pruned walk takes,
    so that looking for a few fields does not cost a walk over the whole plan."""
    found: list[tuple[Shape, bool]] = []
    recursive: list[tuple[Shape, bool]] = []
    for shape in shapes(cls):
        if target(shape.field):
            found.append((shape, True))
        elif cls in shape.inner:
            recursive.append((shape, False))
        elif any(towards(inner, target) for inner in shape.inner):
            found.append((shape, False))
    return (*found, *recursive) if found else ()


Change: TypeAlias = "Callable[[Any, attrs.Attribute[Any]], Any]"
"""What a picked field becomes, given the part holding it and the field."""


def rebuilt(part: Any, target: Target, change: Change) -> Any:
    """``part`` with every field that ``target`` picks, however deep, set to ``change(owner,
    field)``. Only the routes :func:`towards` gives are walked, and only the parts that
    change are made anew (the others are the same objects)."""
    updates: dict[str, Any] = {}
    cls: Any = type(part)
    for shape, marked in towards(cls, target):
        name = shape.field.name
        value = getattr(part, name)
        if marked:
            new = change(part, shape.field)
            if new != value:
                updates[name] = new
        elif type(value) is tuple:
            items = tuple(rebuilt(item, target, change) for item in value)
            if any(a is not b for a, b in zip(items, value, strict=True)):
                updates[name] = items
        elif value is not None:
            replaced = rebuilt(value, target, change)
            if replaced is not value:
                updates[name] = replaced
    return attrs.evolve(part, **updates) if updates else part


def reaching(part: Any, path: str, target: Target) -> Iterator[tuple[str, Any, str, Any]]:
    """``(path, owner, field name, value)`` for every field under ``part`` that ``target``
    picks and that holds something, in document order, walking only the routes
    :func:`towards` gives."""
    cls: Any = type(part)
    for shape, marked in towards(cls, target):
        value = getattr(part, shape.field.name)
        if value is None:
            continue
        here = path + shape.step
        if marked:
            yield here, part, shape.field.name, value
        elif type(value) is tuple:
            for i, item in enumerate(value):
                yield from reaching(item, f"{here}[{i}]", target)
        else:
            yield from reaching(value, here, target)


def all_within(part: Any, target: Target, allowed: Collection[str], skip: tuple[type, ...]) -> bool:
    """Whether every value :func:`reaching` finds under ``part`` (each item of a tuple) is in
    ``allowed``, the fields of ``skip`` parts aside: the same routes, without a path made for
    any of it, stopping at the first value that is not.

    Each class's routes are written once per process as a function of their own
    (:func:`_within`), which reads its fields by name: validation asks this of every plan,
    and a walk that looked each class's routes up again for every part cost a third of the
    integrity checks."""
    return _within(type(part), target, skip)(part, allowed)


Within: TypeAlias = "Callable[[Any, Collection[str]], bool]"

_WITHIN: dict[tuple[Target, tuple[type, ...]], dict[type, Within]] = {}


def _within(cls: Any, target: Target, skip: tuple[type, ...]) -> Within:
    """:func:`all_within` for parts of ``cls``, written when first asked for."""
    table = _WITHIN.setdefault((target, skip), {})
    found = table.get(cls)
    if found is None:
        found = table[cls] = _write_within(cls, target, skip, table)
    return found


def _always(part: Any, allowed: Collection[str]) -> bool:
    return True


def _write_within(
    cls: Any, target: Target, skip: tuple[type, ...], table: dict[type, Within]
) -> Within:
    if not towards(cls, target):
        return _always
    names: dict[str, Any] = {
        "find": table.get,
        "make": lambda inner: _within(inner, target, skip),
    }
    lines = ["def within(part, allowed):"]
    lines += _within_lines(cls, "part", 1, target, skip, names, {cls})
    lines.append("    return True")
    exec(compile("\n".join(lines), f"<recoveryplan all_within of {cls.__name__}>", "exec"), names)
    within: Within = names["within"]
    return within


_INLINED = 4
"""How many levels of parts one class's function checks itself before calling another's."""


def _within_lines(
    cls: Any,
    part: str,
    level: int,
    target: Target,
    skip: tuple[type, ...],
    names: dict[str, Any],
    outer: set[type],
) -> list[str]:
    """The lines that return ``False`` from the function being written when a value under the
    part held in the variable ``part`` (of ``cls``) is not allowed. A list of one kind of part
    (a plan's outcomes, a goal's support) is checked in place, up to :data:`_INLINED` levels
    down; a part of its own kind (a goal's goals), or of any other kind, by its own function."""
    pad = "    " * level
    value, item = f"value{level}", f"item{level}"
    lines: list[str] = []
    for shape, marked in towards(cls, target):
        if marked and issubclass(cls, skip):
            continue
        lines += [f"{pad}{value} = {part}.{shape.name}", f"{pad}if {value} is not None:"]
        if marked:
            lines += [
                f"{pad}    if type({value}) is tuple:",
                f"{pad}        for {item} in {value}:",
                f"{pad}            if {item} not in allowed:",
                f"{pad}                return False",
                f"{pad}    elif {value} not in allowed:",
                f"{pad}        return False",
            ]
            continue
        call = "not (find(type({0})) or make(type({0})))({0}, allowed)"
        inner = shape.entries
        if inner is not None and inner not in outer and level < 3 * _INLINED:
            kind = f"kind{level}_{len(names)}"
            names[kind] = inner
            lines += [
                f"{pad}    if type({value}) is tuple:",
                f"{pad}        for {item} in {value}:",
                f"{pad}            if type({item}) is not {kind}:",
                f"{pad}                if {call.format(item)}:",
                f"{pad}                    return False",
                f"{pad}                continue",
                *_within_lines(inner, item, level + 3, target, skip, names, {*outer, inner}),
                f"{pad}    elif {call.format(value)}:",
                f"{pad}        return False",
            ]
            continue
        lines += [
            f"{pad}    if type({value}) is tuple:",
            f"{pad}        for {item} in {value}:",
            f"{pad}            if {call.format(item)}:",
            f"{pad}                return False",
            f"{pad}    elif {call.format(value)}:",
            f"{pad}        return False",
        ]
    return lines


def replaced(part: Any, routes: Callable[[Any], Iterable[str]], swap: Callable[[Any], Any]) -> Any:
    """``part`` with the first part under it that ``swap`` gives another object for (depth
    first, in field order) replaced by that object, and every part holding it made anew
    around it; every other part stays the same object. ``routes(cls)`` names the fields of a
    class worth going down (those that can hold, however deep, what ``swap`` looks for)."""
    new = swap(part)
    if new is not part:
        return new
    cls: Any = type(part)
    for name in routes(cls):
        value = getattr(part, name)
        if value is None:
            continue
        if type(value) is tuple:
            for index, item in enumerate(value):
                swapped = replaced(item, routes, swap)
                if swapped is not item:
                    items = (*value[:index], swapped, *value[index + 1 :])
                    return attrs.evolve(part, **{name: items})
        else:
            swapped = replaced(value, routes, swap)
            if swapped is not value:
                return attrs.evolve(part, **{name: swapped})
    return part


GoalTree: TypeAlias = "list[tuple[Goal, int, int, int]]"
"""Every small goal of a plan in the order of :func:`recoveryplan.goals.walk_goals`, as
``(goal, depth, holder, position)``: ``holder`` is the number in the list of the goal it is
under, or ``-1 - i`` for the ``i``-th outcome; ``position`` its number among its holder's
goals."""


def goal_tree(outcomes: Sequence[Outcome]) -> GoalTree:
    """The walk of :func:`recoveryplan.goals.walk_goals` over every outcome, with no place and
    no path made: a check that finds nothing to say about most goals asks :func:`tree_path`
    for the path of the few it reports."""
    walked: GoalTree = []
    for o, outcome in enumerate(outcomes):
        goals = outcome.goals
        stack = [(goals[k], 1, -1 - o, k) for k in range(len(goals) - 1, -1, -1)]
        while stack:
            entry = stack.pop()
            walked.append(entry)
            below = entry[0].goals
            if below:
                holder, depth = len(walked) - 1, entry[1] + 1
                stack += [(below[k], depth, holder, k) for k in range(len(below) - 1, -1, -1)]
    return walked


def tree_path(tree: GoalTree, number: int, known: dict[int, str] | None = None) -> str:
    """The JSON path of the goal at ``number`` in ``tree`` (its place's ``path``). ``known``
    keeps the paths written so far by number (an outcome's by ``-1 - i``), so that the path
    of what holds many goals reported is written once."""
    if known is None:
        known = {}
    path = known.get(number)
    if path is None:
        if number < 0:
            path = f"$.outcomes[{-1 - number}]"
        else:
            _, _, holder, position = tree[number]
            path = f"{tree_path(tree, holder, known)}.goals[{position}]"
        known[number] = path
    return path
