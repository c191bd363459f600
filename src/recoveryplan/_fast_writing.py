"""Writing a plan with msgspec from end to end, when that is certain to give the same bytes.

``to_data`` builds a dictionary per object in Python, in the format's order and without the
fields that hold their default, and that was two thirds of the time of writing a plan. msgspec
can do the same in C if it is told the format: for every model class a ``msgspec.Struct``
mirror with the same fields in the same order, each under its key in the format
(``msgspec.field(name=...)``), with the same default and ``omit_defaults``. A plan is copied
onto its mirrors by ``msgspec.convert(plan, from_attributes=True)`` and the mirrors are encoded;
enumerations are written as their words and dates as ``YYYY-MM-DD`` by msgspec itself.

msgspec leaves a field out when it holds its default object itself, or an empty collection for
a default made by a factory. The model's defaults are ``None``, ``False`` and the empty tuple,
each a single object in Python, so that is exactly "equal to the default"; the one other
default, the plan's empty ``extensions``, is left out here by hand. A model with any other
kind of default gets no mirrors (:func:`write_fast` then says ``None`` and ``to_data`` writes
the plan), so a new field cannot silently be written differently.

The copy is not for want of msgspec knowing attrs: it writes an attrs instance itself, but not
as the format does (its fields in the order of their names, and every one, a default too, as
``null`` or ``[]``: only ``msgspec.UNSET`` is left out), and it never asks an ``enc_hook``
about a kind of object it knows. Of the model's classes only ``Dissent`` and ``Identifier``
have no defaults and fields already in name order. Copying, encoding and indenting
(``msgspec.json.format``) are each a pass in C; benchmarks/README.md says what each costs.
"""

from __future__ import annotations

import types
from functools import cache
from typing import Any, ForwardRef, Union, get_args, get_origin

import attrs

from ._converter import MODEL
from ._fields import default_value, is_json_object, json_key, type_hints, types_in
from ._frozen import FrozenDict
from .plan import FORMAT, Plan

__all__ = ["write_fast"]

try:
    import msgspec
except ImportError:  # pragma: no cover - the bench extra is installed where tests run
    msgspec = None  # type: ignore[assignment]
else:
    _encode_into = msgspec.json.Encoder().encode_into


def write_fast(plan: Plan) -> str | None:
    """``json_text(to_data(plan))``, or ``None`` when it must be written that way: without
    msgspec, for a model with a default msgspec cannot leave out alike, and for extensions
    holding a number with a fraction (which msgspec writes differently, see
    :func:`recoveryplan._writing.json_text`)."""
    mirror = _mirror()
    if mirror is None:
        return None
    extensions: Any = msgspec.UNSET  # left out when empty, as to_data leaves it out
    if plan.extensions:
        extensions = _plain(plan.extensions)  # plain values msgspec knows how to write
        if extensions is None:
            return None
    try:
        copied: Any = msgspec.convert(plan, mirror, from_attributes=True)
    except msgspec.ValidationError:  # pragma: no cover - a model value msgspec has no type for
        return None
    copied.format = FORMAT
    copied.extensions = extensions
    # Encoded into a buffer made the size of the last plan written: msgspec's own output
    # starts small and is copied each time it doubles, a tenth of the time of writing a
    # large plan. Only the size is kept between calls, never the plan's words.
    buffer = bytearray(min(_sizes[-1], _LARGEST_GUESS))
    _encode_into(copied, buffer)
    _sizes[-1] = len(buffer)
    written: str = msgspec.json.format(buffer, indent=2).decode("utf-8")
    written += "\n"  # added in place: the text is not copied again
    return written


_sizes = [0]
"""How many bytes the last plan written took, encoded without indents (a guess at the next)."""

_LARGEST_GUESS = 1 << 24
"""The largest buffer made from a guess: a plan of more than this is let grow as it is written."""


class _Fraction(Exception):
    """A number with a fraction, which msgspec writes differently from Python's ``json``."""


def _plain(value: Any) -> Any:
    """Frozen extensions as the plain values msgspec writes, or ``None`` when they hold a
    number with a fraction (:func:`recoveryplan._writing.has_fraction`): one walk for both,
    by exact type (``isinstance`` against ``Mapping`` costs more than the rest of the walk),
    as frozen values are made only by :func:`~recoveryplan._frozen.freeze_json`."""
    try:
        return _thawed(value)
    except _Fraction:
        return None


def _thawed(value: Any) -> Any:
    kind = type(value)
    if kind is FrozenDict:
        # its own dictionary, read directly: Mapping's items() costs more than the walk
        return {
            key: item if type(item) in _LEAVES else _thawed(item)
            for key, item in value._data.items()
        }
    if kind is float:
        raise _Fraction
    if isinstance(value, tuple):
        return [item if type(item) in _LEAVES else _thawed(item) for item in value]
    return value


_LEAVES = frozenset({str, int, bool, type(None)})
"""The values written as they are, without a call."""


_ALIKE = (None, False, ())
"""Defaults msgspec leaves out exactly when the value equals them: single objects in Python."""


@cache
def _mirror() -> type | None:
    """The ``Plan`` mirror, every class's mirror made and named in this module (so that the
    goal's goals, a reference to itself, can be found by name); ``None`` without msgspec or
    when a default would be written differently."""
    if msgspec is None:
        return None
    try:
        return _mirrors()
    except TypeError:  # a type hint no mirror is known for: to_data writes the plan
        return None


def _mirrors() -> type | None:
    made: dict[type, type] = {}
    for cls in MODEL:
        fields: list[tuple[str, Any, Any]] = []
        hints = type_hints(cls)
        for field in attrs.fields(cls):
            hint = hints[field.name]
            default = default_value(field)
            if cls is Plan and not fields:
                # The format's name comes first, as to_data writes it; set by write_fast.
                fields.append(("format", Any, msgspec.field(default=msgspec.UNSET)))
            if cls is Plan and is_json_object(hint):
                if type(default) is not FrozenDict or default:
                    return None
                fields.append((field.name, Any, msgspec.field(name=json_key(field))))
                continue
            if default is not attrs.NOTHING and not any(default is d for d in _ALIKE):
                return None
            options: dict[str, Any] = {"name": json_key(field)}
            if default is not attrs.NOTHING:
                options["default"] = default
            fields.append((field.name, _mirrored(hint), msgspec.field(**options)))
        name = _name(cls)
        made[cls] = msgspec.defstruct(
            name, fields, kw_only=True, omit_defaults=True, gc=False, module=__name__
        )
        globals()[name] = made[cls]
    return made[Plan]


def _name(cls: type) -> str:
    return f"_{cls.__name__}Mirror"


def _mirrored(hint: Any, alone: bool = True) -> Any:
    """The type hint with each model class replaced by (a reference to) its mirror, and
    ``Any`` for a value holding no model object (text, a word, a date, a number, a tuple of
    them): the model has checked those values already, msgspec writes each as the format
    does, and a value typed ``Any`` is copied without being looked at again. Not within a
    union (``alone`` is false there): ``str | Need`` must stay that, or a ``Need`` would pass
    as ``Any`` and be written as msgspec writes an attrs object, every field in name order."""
    if alone and not any(inner in MODEL for inner in types_in(hint)):
        return Any
    if hint in MODEL:
        return ForwardRef(_name(hint))
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:
        return Union[tuple(_mirrored(arg, alone=False) for arg in get_args(hint))]  # noqa: UP007
    if origin is tuple:
        return tuple[_mirrored(get_args(hint)[0]), ...]  # type: ignore[misc]
    if origin is not None:
        raise TypeError(f"no mirror is known for {hint!r}; teach recoveryplan._fast_writing")
    return hint
