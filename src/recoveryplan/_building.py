"""Making the model's objects from a document that has been read, checking each value once.

A model object checks every field when it is made (:mod:`recoveryplan._checks`), because a
caller may pass it anything. Loading a plan made each object through that front door: the
converter gathered the values, attrs' ``__init__`` set them, and the generated checks then
asked again of every value what the document had already settled (a ``list`` from JSON is never
a tuple, a word is looked up to find its member, each text searched for control characters).
On a plan that was nine tenths of the time of loading it.

Here each model class gets a builder, written for the class from its fields' types, that takes
a JSON object straight from the reader and, for each key, makes the one test that decides
whether the value is one the field's check would accept (and into what it would turn it): text
is ``str``, a whole number is an ``int`` within the format's range, a word is found among its
enumeration's members, a date is ``YYYY-MM-DD`` text, a list holds what its items must be. The
instance is then made empty and its slots filled, and the class's own cross-field check
(:meth:`~recoveryplan._checks.Checked.__check__`) runs, as it does on every route.

The builders never say why: anything they are not certain of (a missing key, an unknown one, a
value of another type, a check across fields that fails) raises, and the caller goes back to
the route that says what is wrong, at its path, in its words
(:func:`recoveryplan.serialize.from_data`). So a plan built here equals the plan the model's own
constructors make from the same document, and a document refused here is refused there with
every problem named; a property test compares the two routes on generated documents.

Whether a text holds a character the model refuses is, when the raw document is at hand,
decided once for the whole document (:func:`recoveryplan._fast_reading.plain_text`) rather than
once per text; without it (a ``dict`` passed to ``from_data``), each text is searched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from types import MemberDescriptorType
from typing import Any

import attrs

from ._checks import Checked, checks_only
from ._converter import MODEL, converter
from ._fields import (
    Enumeration,
    default_factory,
    is_json_object,
    is_optional,
    json_key,
    optional_inner,
    sequence_of,
    text_or_part,
    type_hints,
)
from ._frozen import freeze_json
from ._values import _BAD_TEXT, LARGEST_INTEGER

__all__ = ["build"]

Builder = Callable[[Any], Any]


def build(document: Any, kind: type, *, plain_text: bool) -> Any:
    """The ``kind`` (a model class) that ``document``, a JSON object, holds, made as its
    constructors would make it; ``None`` when that is not certain, and the caller must make it
    through the model's checks (which say what is wrong).

    ``plain_text`` says the caller knows that no text anywhere in the document holds a
    character the model refuses (:func:`recoveryplan._fast_reading.plain_text`).
    """
    builder = _builders(plain_text).get(kind)
    if builder is None:
        return None
    try:
        return builder(document)
    except Exception:  # anything refused (RecursionError too): the model's route says why
        return None


class _Refused(Exception):
    """A value the builder is not certain of; never seen outside this module."""


@cache
def _builders(plain_text: bool) -> dict[type, Builder]:
    """One builder per model class, in one namespace so that each can call the others (a
    goal's builder calls itself for its smaller goals)."""
    names: dict[str, Any] = {
        "_refused": _Refused,
        "_new": object.__new__,
        "_fromiso": date.fromisoformat,
        "_bad": _BAD_TEXT.search,
        "_absent": object(),
        "_freeze": _freeze_extensions,
    }
    fallback = converter(False)
    sources = []
    built: dict[type, str] = {}
    for cls in MODEL:
        name = f"_build_{cls.__name__}"
        source = _builder_source(cls, name, names, plain_text) if checks_only(cls) else None
        if source is None:
            # A class this module cannot build directly is made by its constructor, through
            # the fast pass's own code for it.
            names[name] = _through_constructor(fallback.get_structure_hook(cls), cls)
        else:
            sources.append(source)
        built[cls] = name
    code = compile("\n\n".join(sources), "<recoveryplan builders>", "exec")
    exec(code, names)
    return {cls: names[name] for cls, name in built.items()}


def _through_constructor(hook: Callable[[Any, Any], Any], cls: type) -> Builder:
    def structure(value: Any) -> Any:
        if type(value) is not dict:
            raise _Refused
        return hook(value, cls)

    return structure


def _freeze_extensions(value: Any) -> Any:
    if type(value) is not dict:
        raise _Refused
    return freeze_json(value)


def _builder_source(cls: type, name: str, names: dict[str, Any], plain_text: bool) -> str | None:
    """The source of the builder of one class, or ``None`` when a field's type is one it
    does not know (the class is then made by its constructor)."""
    prefix = f"_{cls.__name__}_"
    hints = type_hints(cls)
    fields = attrs.fields(cls)
    names[f"{prefix}cls"] = cls
    names[f"{prefix}keys"] = frozenset(json_key(f) for f in fields)
    lines = [
        f"def {name}(o):",
        f"    if type(o) is not dict or not o.keys() <= {prefix}keys:",
        "        raise _refused",
        f"    self = _new({prefix}cls)",
    ]
    for index, field in enumerate(fields):
        slot: Any = cls.__dict__.get(field.name)
        if not isinstance(slot, MemberDescriptorType):
            return None
        setter = f"{prefix}set{index}"
        names[setter] = slot.__set__
        statements = _statements(hints[field.name], "v", names, f"{prefix}{index}", plain_text)
        if statements is None:
            return None
        key = json_key(field)
        if field.default is attrs.NOTHING:
            lines.append(f"    v = o[{key!r}]")
            lines += [f"    {line}" for line in statements]
        elif field.default is None:
            if is_optional(hints[field.name]):
                statements = statements[1:]  # the test for None, made here
                statements = [line[4:] for line in statements]
            lines.append(f"    v = o.get({key!r})")
            lines.append("    if v is not None:")
            lines += [f"        {line}" for line in statements]
        else:
            factory = default_factory(field)
            names[f"{prefix}default{index}"] = factory if factory is not None else field.default
            made = f"{prefix}default{index}" + ("()" if factory is not None else "")
            lines.append(f"    v = o.get({key!r}, _absent)")
            lines.append("    if v is _absent:")
            lines.append(f"        v = {made}")
            lines.append("    else:")
            lines += [f"        {line}" for line in statements]
        lines.append(f"    {setter}(self, v)")
    if getattr(cls, "__check__", None) is not Checked.__check__:
        lines.append("    self.__check__()")
    lines.append("    return self")
    return "\n".join(lines)


def _statements(
    hint: Any, value: str, names: dict[str, Any], prefix: str, plain_text: bool
) -> list[str] | None:
    """Statements that leave in ``value`` what the check of ``hint`` makes of it, raising on
    anything they are not certain the check accepts; ``None`` for a hint they do not know."""
    if is_optional(hint):
        inner = _statements(optional_inner(hint), value, names, prefix, plain_text)
        if inner is None:
            return None
        return [f"if {value} is not None:", *(f"    {line}" for line in inner)]
    if hint is str:
        test = f"type({value}) is not str"
        if not plain_text:
            test += f" or _bad({value}) is not None"
        return [f"if {test}:", "    raise _refused"]
    if hint is int:
        return [
            f"if type({value}) is not int or not "
            f"{-LARGEST_INTEGER} <= {value} <= {LARGEST_INTEGER}:",
            "    raise _refused",
        ]
    if hint is bool:
        return [f"if type({value}) is not bool:", "    raise _refused"]
    if hint is date:
        # What the fast pass reads as a date (recoveryplan._converter._structure_date).
        return [
            f"if type({value}) is not str or len({value}) != 10 or {value}[4] != '-' "
            f"or {value}[7] != '-' or not {value}.isascii():",
            "    raise _refused",
            f"{value} = _fromiso({value})",
        ]
    if isinstance(hint, type) and issubclass(hint, Enumeration):
        # Only a word that is a member's own value: anything the check might still accept
        # (or explain) is left to it.
        names[f"{prefix}members"] = dict(hint._value2member_map_)
        return [f"{value} = {prefix}members[{value}]"]
    if isinstance(hint, type) and hint in MODEL:
        return [f"{value} = _build_{hint.__name__}({value})"]
    if is_json_object(hint):
        return [f"{value} = _freeze({value})"]
    part = text_or_part(hint)
    if part is not None:
        text = _statements(str, value, names, prefix, plain_text)
        assert text is not None
        return [
            f"if type({value}) is str:",
            *(f"    {line}" for line in text),
            "else:",
            f"    {value} = _build_{part.__name__}({value})",
        ]
    element = sequence_of(hint)
    if element is not None:
        return _sequence(element, value, names, prefix, plain_text)
    return None


def _sequence(
    element: Any, value: str, names: dict[str, Any], prefix: str, plain_text: bool
) -> list[str] | None:
    """A list read as the tuple its check makes of it, each item as its element's check makes
    it: text by a loop of tests, anything else by a function mapped over the items."""
    head = [f"if type({value}) is not list:", "    raise _refused"]
    if element is str:
        test = "type(x) is not str"
        if not plain_text:
            test += " or _bad(x) is not None"
        return [
            *head,
            f"for x in {value}:",
            f"    if {test}:",
            "        raise _refused",
            f"{value} = tuple({value})",
        ]
    if isinstance(element, type) and element in MODEL:
        function = f"_build_{element.__name__}"
    elif isinstance(element, type) and issubclass(element, Enumeration):
        function = f"{prefix}item"
        names[function] = dict(element._value2member_map_).__getitem__
    else:
        inner = _statements(element, "x", names, f"{prefix}i", plain_text)
        if inner is None:
            return None
        function = f"{prefix}item"
        body = [f"def {function}(x):", *(f"    {line}" for line in inner), "    return x"]
        source = "\n".join(body)
        exec(compile(source, f"<recoveryplan builder {function}>", "exec"), names)
    return [*head, f"{value} = tuple(map({function}, {value}))"]
