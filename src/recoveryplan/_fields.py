"""What each field of the model is, kept on the field itself, and the checks that follow from it.

Every model class declares its fields once, with their type and ``attrs`` metadata: what the
field means, its key in the format when that is not its Python name, and what kind of thing it
refers to (the person, a circle member, an assessment item...). The format's converter, the
JSON Schema, the format docs, the integrity checks and consent redaction all read that metadata
instead of keeping tables of their own, so nothing can drift.

The checks themselves follow from the type: a model class checks every field when it is
constructed (and so on ``attrs.evolve``), and the loader uses the very same check functions to
report a bad value at its JSON path. Only conversions that lose nothing are made: a list where a
tuple belongs, and an enumeration's text for its member.
"""

from __future__ import annotations

import json
import math
import re
import types
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from difflib import get_close_matches
from enum import StrEnum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs

from .errors import PlanValueError

__all__ = [
    "LARGEST_INTEGER",
    "MAX_DIGITS",
    "MAX_GOAL_DEPTH",
    "Checked",
    "Enumeration",
    "FrozenDict",
    "FrozenList",
    "Invalid",
    "check_text",
    "checker",
    "child_path",
    "date_argument",
    "describe",
    "enumeration_value",
    "freeze_json",
    "json_key",
    "key_of",
    "meaning",
    "model_classes",
    "refers_to",
    "thaw_json",
    "type_hints",
    "voice",
    "where_text",
]

LARGEST_INTEGER = 2**53 - 1
"""The largest whole number the format holds: beyond it, JSON readers in other languages
(JavaScript among them) silently round, so a number would not mean the same everywhere."""

MAX_DIGITS = 4000
"""The most digits a whole number in a document may have (Python reads no more than 4,300);
numbers in the model's own fields are bounded far lower, by :data:`LARGEST_INTEGER`."""

MAX_GOAL_DEPTH = 32
"""How deep small goals may nest under an outcome. Plans use two or three levels; the limit
keeps every plan that loads renderable in every format (a PDF engine gives up long before
Python's own stack does), and the loader says so at the path where it is passed."""


class Invalid(ValueError):
    """A value that does not fit; its message is written for the person who gave it."""


class Enumeration(StrEnum):
    """A closed set of words from the format; members compare equal to their plain strings."""

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]


# -- metadata ------------------------------------------------------------------------------

_MEANING = "recoveryplan.meaning"
_KEY = "recoveryplan.key"
_REFERS_TO = "recoveryplan.refers_to"
_VOICE = "recoveryplan.voice"
_WHERE = "recoveryplan.where"


def meaning(
    text: str,
    *,
    key: str | None = None,
    refers_to: str | None = None,
    voice: str | None = None,
    where: str | None = None,
) -> dict[str, str]:
    """The metadata of one field: what it means, and, where they apply, its key in the format
    (``with`` is a Python keyword), what it refers to (``"person"`` for a person reference, or
    the kind of part whose id it holds), whose words its text is, and how a message says where
    in the plan its text is (``"the status note of {owner}"``; by default from its name).

    ``voice`` is ``"person"`` (the person's own words, never corrected), ``"service"`` (written
    by the team), ``"voice"`` (the part's own ``voice`` field says) or ``"by"`` (whoever the
    part's ``by`` names). A text field without one is not prose: a name, an id, a contact."""
    found = {_MEANING: text}
    if where is not None:
        found[_WHERE] = where
    if key is not None:
        found[_KEY] = key
    if refers_to is not None:
        found[_REFERS_TO] = refers_to
    if voice is not None:
        found[_VOICE] = voice
    return found


def json_key(field: attrs.Attribute[Any]) -> str:
    """The key a field has in the format."""
    key: str = field.metadata.get(_KEY, field.name)
    return key


def key_of(cls: type, name: str) -> str:
    """The key the attribute ``name`` of a model class has in the format."""
    return json_key(attrs.fields_dict(cls)[name])


def where_text(field: attrs.Attribute[Any]) -> str:
    """How a message says where a field's text is, with ``{owner}`` for the part holding it."""
    where: str | None = field.metadata.get(_WHERE)
    return where or f"the {field.name.replace('_', ' ')} of {{owner}}"


def field_meaning(field: attrs.Attribute[Any]) -> str:
    text: str = field.metadata.get(_MEANING, "")
    return text


def refers_to(field: attrs.Attribute[Any]) -> str | None:
    """What a field's values refer to: ``"person"``, ``"assessment item"``... or ``None``."""
    kind: str | None = field.metadata.get(_REFERS_TO)
    return kind


def voice(field: attrs.Attribute[Any]) -> str | None:
    """Whose words a text field holds, when the field itself decides it."""
    who: str | None = field.metadata.get(_VOICE)
    return who


@cache
def type_hints(cls: type) -> dict[str, Any]:
    """A model class's resolved type hints (the modules postpone their annotations)."""
    return get_type_hints(cls)


def types_in(hint: Any) -> Iterator[Any]:
    """A type hint and every type inside it (``tuple[Goal, ...] | None`` holds ``Goal``)."""
    yield hint
    for arg in get_args(hint):
        yield from types_in(arg)


def model_classes(root: type) -> list[type]:
    """Every model class reachable from ``root``, depth first in field order."""
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        hints = type_hints(cls)
        for field in attrs.fields(cls):
            for inner in types_in(hints[field.name]):
                if isinstance(inner, type) and attrs.has(inner):
                    visit(inner)

    visit(root)
    return seen


def child_path(path: str, key: str | int) -> str:
    """The JSON path of a key or index under ``path``: ``.key``, ``["odd key"]`` or ``[0]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if key.isidentifier() and key.isascii():
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


# -- describing values -----------------------------------------------------------------------


def describe(value: object) -> str:
    """Name a value the way a person reading the document (or the code) would see it."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, int) and abs(value) > LARGEST_INTEGER:
            if value.bit_length() <= 14000:
                return f"a number of {len(str(abs(value)))} digits"
            # Python refuses to write out an integer of over 4,300 digits, so estimate.
            return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"  # repr escapes what a terminal would act on
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict | Mapping):
        return "an object"
    if isinstance(value, datetime):
        return "a date and time"
    return f"a {type(value).__name__}"


# -- the checks ------------------------------------------------------------------------------

_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Characters no plan text may hold: C0 and C1 control characters other than tab, line feed
and carriage return (a terminal acts on them: ``ESC [2J`` clears the screen) and the halves of
a surrogate pair (which no file can store)."""


def check_text(value: Any) -> str:
    """Text, free of control characters and half characters."""
    if type(value) is not str:
        hint = "; put it in quotes if it is meant as text" if _is_number(value) else ""
        raise Invalid(f"expected text, not {describe(value)}{hint}")
    bad = _BAD_TEXT.search(value)
    if bad is not None:
        char = bad.group()
        at = bad.start()
        if "\ud800" <= char <= "\udfff":
            raise Invalid(
                f"the text holds half of a character ({_code(char)} at position {at}), which "
                "no file can store; remove it or write the whole character"
            )
        raise Invalid(
            f"the text holds the control character {_code(char)} at position {at}; plan text "
            "may hold line breaks and tabs but no other control characters, so remove it"
        )
    return value


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_int(value: Any) -> int:
    if type(value) is not int:
        raise Invalid(f"expected a whole number, not {describe(value)}")
    if not -LARGEST_INTEGER <= value <= LARGEST_INTEGER:
        raise Invalid(
            f"{describe(value)} is larger than a plan can hold; whole numbers must be "
            f"between -{LARGEST_INTEGER} and {LARGEST_INTEGER}"
        )
    return value


def check_bool(value: Any) -> bool:
    if type(value) is not bool:
        raise Invalid(f"expected true or false, not {describe(value)}")
    return value


def check_date(value: Any) -> date:
    if type(value) is date:
        return value
    if isinstance(value, datetime):
        raise Invalid(
            f"expected a date, not a date and time ({value.isoformat()}); pass its .date()"
        )
    if isinstance(value, str):
        raise Invalid(
            f"expected a date, not {describe(value)}; pass datetime.date.fromisoformat(...) "
            "or a datetime.date"
        )
    raise Invalid(f"expected a date, not {describe(value)}")


def enumeration_value(cls: type[Enumeration], value: Any) -> Enumeration:
    """The member a word names, or a message naming the words allowed (and the closest one)."""
    if type(value) is cls:
        return value
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
        members = cls.values()
        close = get_close_matches(value, members, n=1) if not _BAD_TEXT.search(value) else []
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise Invalid(f"{value!r} is not allowed here{hint}; use one of: {', '.join(members)}")
    raise Invalid(f"expected one of: {', '.join(cls.values())}; not {describe(value)}")


def date_argument(name: str, value: object) -> date:
    """A date passed to the API, with the conventional ``TypeError`` naming the parameter.

    A ``datetime`` counts as its date: ``today=datetime.now()`` means today.
    """
    if isinstance(value, datetime):
        return value.date()
    if type(value) is date:
        return value
    raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__} ({value!r})")


class FrozenDict(Mapping[str, Any]):
    """An immutable JSON object: a plan's ``extensions`` can no more change than the plan.

    Lists inside it are :class:`FrozenList` tuples. It compares equal to a ``dict`` with the
    same content, and is hashable, so a plan with extensions is too.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, Any] = ()) -> None:  # type: ignore[assignment]
        self._data: dict[str, Any] = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"


class FrozenList(tuple[Any, ...]):
    """An immutable JSON list: a tuple that compares equal to a ``list`` with the same items,
    so that extensions compare with the plain JSON values they were made from."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = tuple.__hash__

    def __repr__(self) -> str:
        return f"FrozenList({list(self)!r})"


def freeze_json(value: Any, where: str = "extensions") -> Any:
    """A JSON value made immutable (objects to :class:`FrozenDict`, lists to tuples), checked
    to be one that survives a JSON round trip unchanged."""
    if isinstance(value, Mapping):
        frozen = {}
        for key, item in value.items():
            if type(key) is not str:
                raise Invalid(f"keys inside {where} must be text, not {describe(key)}")
            check_text_in(key, where)
            frozen[key] = freeze_json(item, where)
        return FrozenDict(frozen)
    if isinstance(value, list | tuple):
        return FrozenList(freeze_json(item, where) for item in value)
    if isinstance(value, str):
        return check_text_in(value, where)
    if isinstance(value, bool) or value is None:
        return value
    if type(value) is int:
        # Opaque to the library, so any whole number a JSON reader can read back is kept.
        if value.bit_length() > MAX_DIGITS * 3.33:
            raise Invalid(f"{where} cannot hold {describe(value)}; keep such a number as text")
        return value
    if type(value) is float:
        if not math.isfinite(value):
            raise Invalid(f"{where} cannot hold {value} (JSON has no such number)")
        return value
    raise Invalid(f"{where} can hold only JSON values, not {describe(value)}")


def check_text_in(value: str, where: str) -> str:
    try:
        return check_text(value)
    except Invalid as error:
        raise Invalid(f"in {where}: {error}") from None


def thaw_json(value: Any) -> Any:
    """A frozen JSON value as plain ``dict`` and ``list`` again, for writing."""
    if isinstance(value, Mapping):
        return {key: thaw_json(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw_json(item) for item in value]
    return value


def is_optional(hint: Any) -> bool:
    args = get_args(hint)
    return len(args) == 2 and type(None) in args and get_origin(hint) in (Union, types.UnionType)


def optional_inner(hint: Any) -> Any:
    (inner,) = (arg for arg in get_args(hint) if arg is not type(None))
    return inner


def sequence_of(hint: Any) -> Any | None:
    """``X`` for ``tuple[X, ...]``, else ``None``."""
    args = get_args(hint)
    if get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def is_json_object(hint: Any) -> bool:
    return get_origin(hint) in (dict, Mapping) and get_args(hint) == (str, Any)


Check = Callable[[Any], Any]


@cache
def checker(hint: Any) -> Check:
    """The check (and lossless conversion) for values of one type hint."""
    if is_optional(hint):
        inner = checker(optional_inner(hint))
        return lambda value: None if value is None else inner(value)
    element = sequence_of(hint)
    if element is not None:
        check_element = checker(element)

        def check_sequence(value: Any) -> tuple[Any, ...]:
            if type(value) is not tuple and type(value) is not list:
                raise Invalid(f"expected a tuple (or a list), not {describe(value)}")
            result = []
            for index, item in enumerate(value):
                try:
                    result.append(check_element(item))
                except Invalid as error:
                    raise Invalid(f"item {index}: {error}") from None
            return tuple(result)

        return check_sequence
    if hint is str:
        return check_text
    if hint is int:
        return check_int
    if hint is bool:
        return check_bool
    if hint is date:
        return check_date
    if isinstance(hint, type) and issubclass(hint, Enumeration):
        enumeration = hint
        return lambda value: enumeration_value(enumeration, value)
    if is_json_object(hint):

        def check_object(value: Any) -> FrozenDict:
            if not isinstance(value, Mapping):
                raise Invalid(f"expected an object (a dict), not {describe(value)}")
            frozen: FrozenDict = freeze_json(value)
            return frozen

        return check_object
    if get_origin(hint) is Mapping or get_origin(hint) is dict:
        key_check, value_check = (checker(arg) for arg in get_args(hint))

        def check_mapping(value: Any) -> FrozenDict:
            if not isinstance(value, Mapping):
                raise Invalid(f"expected a dict, not {describe(value)}")
            return FrozenDict({key_check(k): value_check(v) for k, v in value.items()})

        return check_mapping
    if isinstance(hint, type) and attrs.has(hint):
        cls = hint

        def check_instance(value: Any) -> Any:
            if not isinstance(value, cls):
                raise Invalid(f"expected a {cls.__name__}, not {describe(value)}")
            return value

        return check_instance
    raise TypeError(f"no check is known for {hint!r}; teach recoveryplan._fields.checker")


_CLASS_CHECKS: dict[type, tuple[tuple[str, Check], ...]] = {}


def _class_checks(cls: type) -> tuple[tuple[str, Check], ...]:
    """Each field's check, worked out from its type the first time the class is used."""
    checks = _CLASS_CHECKS.get(cls)
    if checks is None:
        hints = type_hints(cls)
        checks = tuple((field.name, checker(hints[field.name])) for field in attrs.fields(cls))
        _CLASS_CHECKS[cls] = checks
    return checks


def _check_field(instance: Any, name: str, check: Check) -> None:
    """One field checked with its check function: the value converted losslessly if need be,
    or a :class:`PlanValueError` naming the class, the field and what is wrong."""
    value = getattr(instance, name)
    try:
        checked = check(value)
    except Invalid as error:
        raise PlanValueError(f"{type(instance).__name__}.{name}: {error}") from None
    if checked is not value:
        object.__setattr__(instance, name, checked)


def _check_all(instance: Any) -> None:
    for name, check in _class_checks(type(instance)):
        _check_field(instance, name, check)
    instance.__check__()


def _accepts(hint: Any, value: str, names: dict[str, Any], depth: int = 0) -> str | None:
    """A Python expression that is true when ``value`` is certain to pass the check of
    ``hint`` unchanged, or ``None`` when only the check function itself can tell.

    It only ever says yes to what the check would return as it is (the same object), so
    taking it instead of calling the check changes nothing but the time.
    """
    if is_optional(hint):
        inner = _accepts(optional_inner(hint), value, names, depth)
        return None if inner is None else f"({value} is None or {inner})"
    element = sequence_of(hint)
    if element is not None:
        item = f"x{depth}"
        inner = _accepts(element, item, names, depth + 1)
        if inner is None:
            return None
        return f"(type({value}) is tuple and all({inner} for {item} in {value}))"
    if hint is str:
        return f"(type({value}) is str and _bad_text({value}) is None)"
    if hint is int:
        return f"(type({value}) is int and {-LARGEST_INTEGER} <= {value} <= {LARGEST_INTEGER})"
    if hint is bool:
        return f"(type({value}) is bool)"
    if hint is date:
        return f"(type({value}) is _date)"
    if isinstance(hint, type) and (issubclass(hint, Enumeration) or attrs.has(hint)):
        name = f"_type{len(names)}"
        names[name] = hint
        if issubclass(hint, Enumeration):
            return f"(type({value}) is {name})"
        return f"isinstance({value}, {name})"
    return None


def _generated_checks(cls: type) -> Callable[[Any], None]:
    """``cls.__attrs_post_init__``: every field checked as :func:`_check_all` does, but in
    code written for the class, where a value that is plainly good (text without control
    characters, a date, a tuple of members of the right class...) costs one test, and
    anything else goes to the field's check function for the verdict and the message."""
    names: dict[str, Any] = {
        "_bad_text": _BAD_TEXT.search,
        "_date": date,
        "_cls": cls,
        "_check_all": _check_all,
        "_check_field": _check_field,
        "_set": object.__setattr__,
    }
    lines = [
        "def __attrs_post_init__(self):",
        "    if type(self) is not _cls:",  # a subclass has fields of its own
        "        return _check_all(self)",
    ]
    for index, (name, check) in enumerate(_class_checks(cls)):
        names[f"_check{index}"] = check
        hint = type_hints(cls)[name]
        slow = f"_check_field(self, {name!r}, _check{index})"
        lines.append(f"    value = self.{name}")
        words = hint if not is_optional(hint) else optional_inner(hint)
        if isinstance(words, type) and issubclass(words, Enumeration):
            # The loader hands over an enumeration's word; its member is what the check
            # returns for it (``cls(word)``), found here without the call.
            names[f"_members{index}"] = words._value2member_map_
            names[f"_enum{index}"] = words
            skip = "value is None or " if words is not hint else ""
            lines += [
                f"    if not ({skip}type(value) is _enum{index}):",
                f"        member = _members{index}.get(value) if type(value) is str else None",
                "        if member is None:",
                f"            {slow}",
                "        else:",
                f"            _set(self, {name!r}, member)",
            ]
            continue
        test = _accepts(hint, "value", names)
        if test is None:
            lines.append(f"    {slow}")
        else:
            lines.append(f"    if not {test}:")
            lines.append(f"        {slow}")
    lines.append("    self.__check__()")
    exec(compile("\n".join(lines), f"<recoveryplan checks of {cls.__name__}>", "exec"), names)
    generated: Callable[[Any], None] = names["__attrs_post_init__"]
    return generated


class Checked:
    """A model class whose fields are checked whenever an instance is made.

    A bad value raises :class:`~recoveryplan.PlanValueError` naming the class, the field and
    the value, at the line that made it, instead of a puzzling error far away (in a check, a
    template or the next load).

    The checks are the functions :func:`checker` makes from the type hints, the same the
    loader reports problems with. Plans are made of thousands of small objects, so the first
    instance of each class writes code for its class (:func:`_generated_checks`) that takes
    the place of this method and runs the same checks faster.
    """

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        cls = type(self)
        if attrs.has(cls) and "__attrs_post_init__" not in cls.__dict__:
            generated = _generated_checks(cls)
            cls.__attrs_post_init__ = generated  # type: ignore[attr-defined]
            generated(self)
            return
        _check_all(self)

    def __check__(self) -> None:
        """Checks that need more than one field; a class overrides it when it has some."""
