"""The cattrs converters between JSON values and the model, and their errors made readable.

There are two, one per pass of loading. The fast one trusts the model: each model class checks
its own fields when it is made, so the converter only maps keys to fields, refuses unknown
keys and turns dates from text. Only when it fails does the detailed one run, checking every
value with the model's own check functions so that every problem is reported at its JSON path.
Both are built once, in a fixed order: generated hooks capture the hooks of their attributes'
types when they are made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from difflib import get_close_matches
from functools import cache
from typing import Any, TypeVar, get_args

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn, override

from ._fields import (
    Enumeration,
    child_path,
    default_factory,
    default_value,
    is_json_object,
    is_optional,
    json_key,
    model_classes,
    optional_inner,
    sequence_of,
    text_or_part,
    type_hints,
    types_in,
)
from ._frozen import FrozenDict, freeze_json, thaw_json
from ._values import Invalid, check_bool, check_int, check_text, describe, enumeration_value
from .errors import PlanValueError, Problem
from .goals import Goal
from .messages import gettext
from .plan import Plan

__all__ = ["MODEL", "converter", "problems", "renames"]

T = TypeVar("T")


def _leaves_first(classes: list[type]) -> tuple[type, ...]:
    """The classes ordered so that each comes after every class it holds (a part held by two
    classes, such as a communication need, before both). Only a class holding itself (a
    goal's goals) makes a cycle, and that one is skipped."""
    ordered: list[type] = []

    def visit(cls: type) -> None:
        if cls in ordered:
            return
        for hint in type_hints(cls).values():
            for inner in types_in(hint):
                if inner is not cls and inner in classes and inner not in ordered:
                    visit(inner)
        ordered.append(cls)

    for cls in reversed(classes):
        visit(cls)
    return tuple(ordered)


MODEL: tuple[type, ...] = _leaves_first(model_classes(Plan))
"""Every class of the model, each one an object in the format, leaves first."""


def renames(cls: type) -> dict[str, str]:
    """The attributes of ``cls`` whose key in the format is not their Python name."""
    return {f.name: json_key(f) for f in attrs.fields(cls) if json_key(f) != f.name}


# -- hooks for values ------------------------------------------------------------------------


def _passed(value: Any, _: Any) -> Any:
    """The fast pass hands values to the model as they are: the model checks them."""
    return value


def _checking(check: Callable[[Any], Any]) -> Callable[[Any, Any], Any]:
    def structure(value: Any, _: Any) -> Any:
        return check(value)

    return structure


def _enumeration_hook(cls: type[Enumeration]) -> Callable[[Any, Any], Enumeration]:
    def structure(value: Any, _: Any) -> Enumeration:
        return enumeration_value(cls, value)

    return structure


def _structure_date(value: Any, _: Any) -> date:
    if type(value) is str:
        if len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise Invalid(
            gettext("%(value)s is not a date; use YYYY-MM-DD, for example 2026-06-02")
            % {"value": repr(value)}
        )
    raise Invalid(
        gettext("expected a date as text (YYYY-MM-DD), not %(found)s") % {"found": describe(value)}
    )


def _structure_extensions(value: Any, _: Any) -> Any:
    if type(value) is not dict:
        raise Invalid(
            gettext("expected an object keyed by namespace, not %(found)s")
            % {"found": describe(value)}
        )
    return freeze_json(value)


def _tuple_hook_factory(
    converter: cattrs.Converter, detailed: bool
) -> Callable[[Any], Callable[[Any, Any], tuple[Any, ...]]]:
    def factory(t: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        inner = get_args(t)[0]
        element = converter.get_structure_hook(inner)

        def fast(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise Invalid(
                    gettext("expected a list [...], not %(found)s") % {"found": describe(value)}
                )
            if element is _passed:
                return tuple(value)
            return tuple([element(item, inner) for item in value])

        def collecting(value: Any, _: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise Invalid(
                    gettext("expected a list [...], not %(found)s") % {"found": describe(value)}
                )
            result, errors = [], []
            for index, item in enumerate(value):
                try:
                    result.append(element(item, inner))
                except Exception as error:
                    error.add_note(IterableValidationNote(f"@ index {index}", index, inner))
                    errors.append(error)
            if errors:
                raise IterableValidationError(f"While structuring {t!r}", errors, t)
            return tuple(result)

        return collecting if detailed else fast

    return factory


def _optional_hook_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """``X | None`` with the hook for ``X`` looked up once, not on every value as cattrs does."""

    def factory(t: Any) -> Callable[[Any, Any], Any]:
        inner = optional_inner(t)
        hook = converter.get_structure_hook(inner)
        if hook is _passed:
            return _passed

        def structure(value: Any, _: Any) -> Any:
            return None if value is None else hook(value, inner)

        return structure

    return factory


def _text_or_part_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """``str | X``: text is text, anything else is read as an ``X`` (which, in the detailed
    pass, says what it expected when it is not an object)."""

    def factory(t: Any) -> Callable[[Any, Any], Any]:
        part = text_or_part(t)
        assert part is not None  # the predicate the factory is registered with
        text = converter.get_structure_hook(str)
        hook = converter.get_structure_hook(part)

        def structure(value: Any, _: Any) -> Any:
            if type(value) is str:
                return text(value, str)
            if type(value) is not dict:
                raise Invalid(
                    gettext('expected text or a %(part)s object {"kind": ...}, not %(found)s')
                    % {"part": part.__name__.lower(), "found": describe(value)}
                )
            return hook(value, part)

        return structure

    return factory


def _unstructure_text_or_part_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        part = text_or_part(t)
        hook = converter.get_unstructure_hook(part)

        def unstructure(value: Any) -> Any:
            return value if type(value) is str else hook(value)

        return unstructure

    return factory


def _unstructure_tuple_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], list[Any]]]:
    """Tuples become lists, without a call per element when the element is already plain."""

    def factory(t: Any) -> Callable[[Any], list[Any]]:
        inner = get_args(t)[0]
        hook = converter.get_unstructure_hook(inner)
        if hook is identity:
            return list

        def unstructure(value: Any) -> list[Any]:
            return list(map(hook, value))  # no frame of its own, unlike a comprehension

        return unstructure

    return factory


def _unstructure_optional_factory(
    converter: cattrs.Converter,
) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        hook = converter.get_unstructure_hook(optional_inner(t))
        if hook is identity:
            return identity  # which the generated code then leaves out altogether

        def unstructure(value: Any) -> Any:
            return None if value is None else hook(value)

        return unstructure

    return factory


def _object_hook(
    cls: type[T], generated: dict[type, Callable[[Any, Any], Any]]
) -> Callable[[Any, Any], T]:
    """Check that a JSON object is there before the generated hook reads its keys."""

    def structure(value: Any, t: Any) -> T:
        if type(value) is not dict:
            raise Invalid(
                gettext("expected an object {...}, not %(found)s") % {"found": describe(value)}
            )
        result: T = generated[cls](value, t)
        return result

    return structure


def _placeholder(
    cls: type[T], generated: dict[type, Callable[[Any, Any], Any]]
) -> Callable[[Any, Any], T]:
    """Stands in for a class whose hook refers to itself (a goal's goals) until it exists."""

    def structure(value: Any, t: Any) -> T:
        result: T = generated[cls](value, t)
        return result

    return structure


def _fast_structure(cls: type, conv: cattrs.Converter) -> Callable[[Any, Any], Any] | None:
    """The fast pass's code for one class: the object's keys checked against the fields',
    each value handed to the class (through the hook of its type where it has one, such as a
    date's), and the class's own checks doing the rest.

    It does what cattrs' generated code does for the fast pass, without a call per value that
    is passed through unchanged and without gathering keyword arguments in a dictionary first.
    Anything wrong (a missing key, an unknown key, a value that is not an object) raises, and
    the detailed pass then says what. ``None`` for a class whose fields it does not handle.
    """
    names: dict[str, Any] = {"_cls": cls, "_extra": _extra_keys}
    arguments = []
    hints = type_hints(cls)
    allowed = set()
    for index, field in enumerate(attrs.fields(cls)):
        if not field.init or getattr(field, "alias", field.name) != field.name:
            return None
        key = json_key(field)
        allowed.add(key)
        hook = conv.get_structure_hook(hints[field.name])
        if hook is _passed:
            value = f"o[{key!r}]"
        else:
            names[f"_hook{index}"], names[f"_type{index}"] = hook, hints[field.name]
            value = f"_hook{index}(o[{key!r}], _type{index})"
        default = field.default
        if default is attrs.NOTHING:
            arguments.append(f"{field.name}={value}")
            continue
        factory = default_factory(field)
        if factory is not None:
            names[f"_default{index}"] = factory
            fallback = f"_default{index}()"
        else:
            names[f"_default{index}"] = default
            fallback = f"_default{index}"
        arguments.append(f"{field.name}={value} if {key!r} in o else {fallback}")
    names["_allowed"] = frozenset(allowed)
    lines = [
        "def structure(o, _=None):",
        "    if not o.keys() <= _allowed:",
        "        raise _extra(_cls, o, _allowed)",
        f"    return _cls({', '.join(arguments)})",
    ]
    exec(
        compile("\n".join(lines), f"<recoveryplan fast structure of {cls.__name__}>", "exec"), names
    )
    structure: Callable[[Any, Any], Any] = names["structure"]
    return structure


def _fast_unstructure(cls: type, conv: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    """``to_data``'s code for one class: each field in the model's order under its key, left
    out when it holds its default, through the hook of its type where it has one.

    What cattrs' generated code with ``omit_if_default`` writes, but in the model's order
    from the start (cattrs puts the fields without a default first) and with the commonest
    hooks written out (an enumeration's word, an optional value's ``None``). Writing a plan
    walks a few hundred fields, so each costs as little as Python allows: the leading fields
    that are always written go into the dictionary as it is made, and a default of nothing
    (``None``, an empty tuple, ``False``) is left out by one test of the value itself, which
    for the model's checked types is the same as comparing it with the default.
    """
    names: dict[str, Any] = {}
    opening: list[str] = []
    lines: list[str] = []
    hints = type_hints(cls)
    for index, field in enumerate(attrs.fields(cls)):
        key = json_key(field)
        hint = hints[field.name]
        default = default_value(field)
        optional = is_optional(hint) and default is None
        if optional:
            hint = optional_inner(hint)
        if default is attrs.NOTHING:
            value = _written(f"instance.{field.name}", hint, conv, index, names)
            if lines:
                lines.append(f"    res[{key!r}] = {value}")
            else:
                opening.append(f"{key!r}: {value}")
            continue
        lines.append(f"    value = instance.{field.name}")
        value = _written("value", hint, conv, index, names)
        if optional or default is None:
            test = "value is not None"
        elif _empty(default):
            test = "value"
        else:
            names[f"_default{index}"] = default
            test = f"value != _default{index}"
        lines.append(f"    if {test}: res[{key!r}] = {value}")
    source = [
        "def unstructure(instance):",
        f"    res = {{{', '.join(opening)}}}",
        *lines,
        "    return res",
    ]
    code = compile("\n".join(source), f"<recoveryplan to_data of {cls.__name__}>", "exec")
    exec(code, names)
    unstructure: Callable[[Any], dict[str, Any]] = names["unstructure"]
    return unstructure


def _written(
    value: str, hint: Any, conv: cattrs.Converter, index: int, names: dict[str, Any]
) -> str:
    """The expression that writes ``value`` of type ``hint``, the commonest hooks inlined: an
    enumeration's word (its ``_value_``, without the property ``value`` that costs a call), a
    date's text, a tuple as a list."""
    element = sequence_of(hint)
    if element is not None:
        inner = conv.get_unstructure_hook(element)
        if inner is identity:
            return f"list({value})"
        if inner is _enum_value:
            return f"[x._value_ for x in {value}]"
        names[f"_hook{index}"] = inner
        return f"list(map(_hook{index}, {value}))"
    hook = conv.get_unstructure_hook(hint)
    if hook is identity:
        return value
    if hook is _enum_value:
        return f"{value}._value_"
    if hook is _date_text:
        return f"{value}.isoformat()"
    names[f"_hook{index}"] = hook
    return f"_hook{index}({value})"


def _empty(default: Any) -> bool:
    """Whether a default is one whose values, of the model's checked types, are false exactly
    when they equal it: an empty tuple, an empty ``extensions`` object, ``False`` (a value of
    another type is never the default, so it is written)."""
    return (type(default) in (tuple, FrozenDict) and not default) or default is False


def _extra_keys(cls: type, value: dict[str, Any], allowed: frozenset[str]) -> Exception:
    return ForbiddenExtraKeysError("", cls, set(value.keys()) - allowed)


def _enum_value(member: Enumeration) -> str:
    return member.value


def _date_text(value: date) -> str:
    return value.isoformat()


@cache
def converter(detailed: bool) -> cattrs.Converter:
    """The one fully configured converter (per pass), built once, in a fixed order.

    The primitive and collection hooks go first, then a placeholder for every model class (so
    that the recursive ``Goal`` finds itself), then the generated code.
    """
    conv = cattrs.Converter(
        forbid_extra_keys=True,
        detailed_validation=detailed,
        omit_if_default=True,
        unstruct_collection_overrides={Sequence: list, tuple: list},
    )
    # By class, not by predicate: cattrs answers ``str``, ``int`` and ``bool`` with its own
    # coercing hook before any predicate is asked, so ``"id": 12`` would become ``"12"``.
    # Each enumeration registers its own hook below, which wins over ``str`` as the more
    # specific class.
    if detailed:
        conv.register_structure_hook(str, _checking(check_text))
        conv.register_structure_hook(int, _checking(check_int))
        conv.register_structure_hook(bool, _checking(check_bool))
    else:
        for primitive in (str, int, bool):
            conv.register_structure_hook(primitive, _passed)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, _date_text)
    conv.register_structure_hook_func(is_json_object, _structure_extensions)
    conv.register_unstructure_hook_func(is_json_object, thaw_json)
    # One hook per enumeration class: a predicate hook would lose to the ``str`` hook above,
    # which cattrs dispatches by class and so would also catch every ``StrEnum``. The same
    # holds when unstructuring (cattrs passes every ``str`` through as it is), and ``to_data``
    # must give plain text, not enumeration members that only JSON happens to accept.
    for enumeration in Enumeration.__subclasses__():
        if detailed:
            conv.register_structure_hook(enumeration, _enumeration_hook(enumeration))
        else:
            conv.register_structure_hook(enumeration, _passed)
        conv.register_unstructure_hook(enumeration, _enum_value)
    conv.register_structure_hook_factory(
        lambda t: sequence_of(t) is not None, _tuple_hook_factory(conv, detailed)
    )
    conv.register_structure_hook_factory(is_optional, _optional_hook_factory(conv))
    conv.register_structure_hook_factory(
        lambda t: text_or_part(t) is not None, _text_or_part_factory(conv)
    )
    conv.register_unstructure_hook_factory(
        lambda t: text_or_part(t) is not None, _unstructure_text_or_part_factory(conv)
    )
    conv.register_unstructure_hook_factory(
        lambda t: sequence_of(t) is not None, _unstructure_tuple_factory(conv)
    )
    conv.register_unstructure_hook_factory(is_optional, _unstructure_optional_factory(conv))

    # The detailed pass puts a check that an object is there in front of every class, for its
    # message. The fast pass needs no check: the generated code calls ``.keys()`` on what it is
    # given (to refuse unknown keys), which fails for every JSON value that is not an object,
    # and any failure sends the document to the detailed pass. So the fast pass registers the
    # generated code itself, leaves first, with a stand-in only where a class holds itself.
    generated: dict[type, Callable[[Any, Any], Any]] = {}
    written: dict[type, Callable[[Any], Any]] = {}
    for cls in MODEL:
        if detailed:
            conv.register_structure_hook(cls, _object_hook(cls, generated))
        elif cls is Goal:
            conv.register_structure_hook(cls, _placeholder(cls, generated))
    conv.register_unstructure_hook(Goal, lambda goal: written[Goal](goal))
    for cls in MODEL:
        keys = {name: override(rename=key) for name, key in renames(cls).items()}
        fast = None if detailed else _fast_structure(cls, conv)
        generated[cls] = fast or make_dict_structure_fn(cls, conv, **keys)  # type: ignore[arg-type]
        if not detailed:
            conv.register_structure_hook(cls, generated[cls])
        written[cls] = _fast_unstructure(cls, conv)
        conv.register_unstructure_hook(cls, written[cls])
    return conv


# -- from errors to problems ------------------------------------------------------------------


def problems(error: BaseException, path: str) -> Iterator[Problem]:
    """Flatten cattrs' tree of errors into one problem per leaf, each with its JSON path."""
    if isinstance(error, BaseExceptionGroup):
        for sub in error.exceptions:
            yield from problems(sub, _note_path(sub, path))
    elif isinstance(error, ForbiddenExtraKeysError):
        allowed = [json_key(a) for a in attrs.fields(error.cl)]
        for key in sorted(error.extra_fields, key=str):
            key = str(key)
            close = get_close_matches(key, allowed, n=1)
            named = {"key": repr(key), "allowed": ", ".join(allowed)}
            if close:
                message = gettext(
                    "unknown key %(key)s; did you mean %(close)s? allowed here: %(allowed)s"
                )
                named["close"] = repr(close[0])
            else:
                message = gettext("unknown key %(key)s; allowed here: %(allowed)s")
            yield Problem(path=child_path(path, key), message=message % named)
    elif isinstance(error, KeyError):
        name = path.rsplit(".", 1)[-1]
        yield Problem(
            path=path,
            message=gettext("%(key)s is required here but is missing") % {"key": repr(name)},
        )
    elif isinstance(error, Invalid):
        yield Problem(path=path, message=str(error))
    elif isinstance(error, PlanValueError):
        # A check across fields, made by the model class itself ("Plan.outcomes: ...").
        yield Problem(path=error.path or path, message=str(error).split(": ", 1)[-1])
    else:
        yield Problem(path=path, message=str(error) or type(error).__name__)


def _note_path(error: BaseException, path: str) -> str:
    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return child_path(path, _key_of(note.type, note.name))
        if isinstance(note, IterableValidationNote):
            return child_path(path, note.index)
    return path


@cache
def _keys_by_attribute() -> dict[str, str]:
    return {name: key for cls in MODEL for name, key in renames(cls).items()}


def _key_of(_: Any, name: str) -> str:
    return _keys_by_attribute().get(name, name)
