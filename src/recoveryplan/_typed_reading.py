"""Reading a plan document with msgspec straight into the model's shape, when that is certain
to give the plan the careful route gives.

The fast route of :mod:`recoveryplan._fast_reading` has msgspec read the document into plain
``dict`` and ``list`` values, and :mod:`recoveryplan._building` then tests every value in Python
(is it text, is this word one of the enumeration's, is that a date) before making the model's
objects. msgspec can make those tests itself, in C, while it reads, when it is told the model:
for every model class a ``msgspec.Struct`` mirror with the same fields under their keys in the
format, each typed as strictly as the model's check of it (text is ``str``, a whole number an
``int`` within the format's range, a word a member of its enumeration, a date ``YYYY-MM-DD``
text of a real day), unknown keys refused. What is left in Python is making the model's objects
from the mirrors, a slot at a time, and each class's check across its fields
(:meth:`~recoveryplan._checks.Checked.__check__`), as on every route.

A field that may be left out is ``UNSET`` in its mirror when it was, so that writing the mirrors
back with msgspec writes exactly the keys that were read, each once: the colon count of
:mod:`recoveryplan._fast_reading` then says, as it does there, that no key was written twice
(msgspec keeps the last of a repeated key without a word).

Nothing here says why a document is refused: anything not certain (msgspec refusing a value, a
repeated key, text that may hold a control character, deep or huge ``extensions``, a check across
fields failing) gives ``None``, and the plain-values route and then the careful one read the
document again from the start and say what is wrong exactly as they always have. msgspec accepts
no value the model's checks refuse (a property test compares the routes on generated
documents), so a plan read here equals the one the model's own constructors make.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Annotated, Any, ForwardRef, Union, get_args, get_origin

import attrs

from ._checks import Checked, checks_only
from ._converter import MODEL
from ._fast_reading import count_keys_read, plain_extensions, plain_text
from ._fields import (
    Enumeration,
    default_factory,
    is_json_object,
    json_key,
    type_hints,
    types_in,
)
from ._frozen import freeze_json
from ._values import LARGEST_INTEGER
from .plan import FORMAT, Plan

__all__ = ["read_typed"]

try:
    import msgspec
except ImportError:  # pragma: no cover - the bench extra is installed where tests run
    msgspec = None  # type: ignore[assignment]

Maker = Callable[[Any], Any]


def read_typed(data: str | bytes | bytearray) -> Plan | None:
    """The plan ``data`` holds, read through the mirrors; ``None`` when that is not certain."""
    reading = _reading()
    if reading is None or type(data) not in (str, bytes, bytearray):
        return None
    decode, make = reading
    try:
        mirror = decode(data)
    except Exception:  # msgspec.ValidationError, DecodeError, or text that cannot be UTF-8
        return None
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if mirror.format != FORMAT or not count_keys_read(mirror, raw) or not plain_text(raw):
        return None
    extensions = mirror.extensions
    if extensions is not msgspec.UNSET and not plain_extensions(extensions):
        return None
    try:
        plan: Plan = make(mirror)
    except Exception:  # a check across fields (or deep goals): the careful route says why
        return None
    return plan


@cache
def _reading() -> tuple[Callable[[Any], Any], Maker] | None:
    """msgspec's decoder for the plan's mirror and the function making the plan from a mirror;
    ``None`` without msgspec or when a class of the model cannot be made slot by slot."""
    if msgspec is None or not all(checks_only(cls) for cls in MODEL):
        return None
    try:
        mirrors = _mirrors()
    except TypeError:  # a type no mirror is known for: the other routes read the plan
        return None
    return msgspec.json.Decoder(mirrors[Plan]).decode, _makers()[Plan]


def _name(cls: type) -> str:
    return f"_{cls.__name__}Read"


def _mirrors() -> dict[type, type]:
    made: dict[type, type] = {}
    for cls in MODEL:
        fields: list[tuple[str, Any, Any]] = []
        if cls is Plan:
            fields.append(("format", str, msgspec.field(name="format")))
        hints = type_hints(cls)
        for field in attrs.fields(cls):
            hint = _mirrored(hints[field.name])
            options: dict[str, Any] = {"name": json_key(field)}
            if field.default is not attrs.NOTHING:
                hint = Union[hint, msgspec.UnsetType]  # noqa: UP007
                options["default"] = msgspec.UNSET
            fields.append((field.name, hint, msgspec.field(**options)))
        name = _name(cls)
        made[cls] = msgspec.defstruct(
            name, fields, kw_only=True, forbid_unknown_fields=True, gc=False, module=__name__
        )
        globals()[name] = made[cls]
    return made


_WHOLE = Annotated[int, msgspec.Meta(ge=-LARGEST_INTEGER, le=LARGEST_INTEGER)] if msgspec else int
"""A whole number the format holds (:func:`recoveryplan._values.check_int`)."""


def _mirrored(hint: Any) -> Any:
    """The type msgspec reads for a field of type ``hint``: the model's classes by (a
    reference to) their mirrors, a whole number within the format's range, ``extensions`` as
    any JSON (checked after reading, as on the other routes), everything else as it is."""
    if hint in MODEL:
        return ForwardRef(_name(hint))
    if hint is int:
        return _WHOLE
    if is_json_object(hint):
        return Any
    if hint in (str, bool, date) or (isinstance(hint, type) and issubclass(hint, Enumeration)):
        return hint
    origin = get_origin(hint)
    if origin is Union or origin is types.UnionType:
        return Union[tuple(_mirrored(arg) for arg in get_args(hint))]  # noqa: UP007
    if origin is tuple and get_args(hint)[1:] == (Ellipsis,):
        return tuple[_mirrored(get_args(hint)[0]), ...]  # type: ignore[misc]
    if hint is type(None):
        return hint
    raise TypeError(f"no mirror is known for {hint!r}; teach recoveryplan._typed_reading")


def _frozen_extensions(value: Any) -> Any:
    if type(value) is not dict:
        raise TypeError("extensions are an object")  # the careful route says so, at its path
    return freeze_json(value)


# -- from mirrors to the model ----------------------------------------------------------------


def _makers() -> dict[type, Maker]:
    """One function per model class making it from its mirror, in one namespace so that each
    can call the others (a goal's calls itself for its smaller goals)."""
    names: dict[str, Any] = {"_new": object.__new__, "_unset": msgspec.UNSET}
    sources = [_maker_source(cls, names) for cls in MODEL]
    exec(compile("\n\n".join(sources), "<recoveryplan makers from mirrors>", "exec"), names)
    return {cls: names[f"_make_{cls.__name__}"] for cls in MODEL}


def _maker_source(cls: type, names: dict[str, Any]) -> str:
    prefix = f"_{cls.__name__}_"
    names[f"{prefix}cls"] = cls
    hints = type_hints(cls)
    lines = [f"def _make_{cls.__name__}(m):", f"    self = _new({prefix}cls)"]
    for index, field in enumerate(attrs.fields(cls)):
        setter = f"{prefix}set{index}"
        names[setter] = cls.__dict__[field.name].__set__
        value = _made(hints[field.name], "v", names, f"{prefix}{index}")
        lines.append(f"    v = m.{field.name}")
        if field.default is not attrs.NOTHING:
            factory = default_factory(field)
            names[f"{prefix}default{index}"] = factory if factory is not None else field.default
            made = f"{prefix}default{index}" + ("()" if factory is not None else "")
            lines.append(f"    {setter}(self, {made} if v is _unset else {value})")
        else:
            lines.append(f"    {setter}(self, {value})")
    if getattr(cls, "__check__", None) is not Checked.__check__:
        lines.append("    self.__check__()")
    lines.append("    return self")
    return "\n".join(lines)


def _made(hint: Any, value: str, names: dict[str, Any], prefix: str) -> str:
    """The expression making the model's value of type ``hint`` from the mirror's ``value``:
    the value itself when msgspec read it as the model holds it (text, a number, a member, a
    date, a tuple of them)."""
    if not any(inner in MODEL for inner in types_in(hint)) and not is_json_object(hint):
        return value
    if hint in MODEL:
        return f"_make_{hint.__name__}({value})"
    if is_json_object(hint):
        names["_freeze"] = _frozen_extensions
        return f"_freeze({value})"
    origin = get_origin(hint)
    arguments = get_args(hint)
    if origin is tuple:
        item = _made(arguments[0], "x", names, prefix)
        if item == f"_make_{getattr(arguments[0], '__name__', '')}(x)":
            return f"tuple(map(_make_{arguments[0].__name__}, {value}))"
        return f"tuple([{item} for x in {value}])"
    if origin is Union or origin is types.UnionType:
        parts = [arg for arg in arguments if arg is not type(None)]
        if len(parts) == 1:  # X | None
            return f"None if {value} is None else {_made(parts[0], value, names, prefix)}"
        if len(parts) == 2 and str in parts:  # text or a part
            part = next(arg for arg in parts if arg is not str)
            inner = _made(part, value, names, prefix)
            return f"({value} if type({value}) is str else {inner})"
    raise TypeError(f"no maker is known for {hint!r}; teach recoveryplan._typed_reading")
