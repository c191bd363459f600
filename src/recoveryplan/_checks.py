"""The checks that follow from each field's type, run whenever a model object is made.

A model class checks every field when it is constructed (and so on ``attrs.evolve``), with the
check functions of :mod:`recoveryplan._values`, which the loader also uses to report a bad
value at its JSON path. Only conversions that lose nothing are made: a list where a tuple
belongs, and an enumeration's text for its member.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import cache
from typing import Any, get_args, get_origin

import attrs

from ._fields import (
    Enumeration,
    is_json_object,
    is_optional,
    optional_inner,
    sequence_of,
    text_or_part,
    type_hints,
)
from ._frozen import FrozenDict, freeze_json
from ._values import (
    _BAD_TEXT,
    LARGEST_INTEGER,
    Invalid,
    check_bool,
    check_date,
    check_int,
    check_text,
    describe,
    enumeration_value,
)
from .errors import PlanValueError
from .messages import gettext
from .part_names import a_part

__all__ = [
    "Checked",
    "checker",
    "checks_only",
]


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
                raise Invalid(
                    gettext("expected a tuple (or a list), not %(found)s")
                    % {"found": describe(value)}
                )
            result = []
            for index, item in enumerate(value):
                try:
                    result.append(check_element(item))
                except Invalid as error:
                    # Translators: %(index)s is a position in a list (from 0); %(error)s is
                    # what is wrong with the item there, a message of its own.
                    raise Invalid(
                        gettext("item %(index)s: %(error)s") % {"index": index, "error": error}
                    ) from None
            return tuple(result)

        return check_sequence
    part = text_or_part(hint)
    if part is not None:
        check_part = checker(part)

        def check_text_or_part(value: Any) -> Any:
            if type(value) is str:
                return check_text(value)
            if isinstance(value, part):
                return check_part(value)
            raise Invalid(
                gettext("expected text or a %(part)s, not %(found)s")
                % {"part": part.__name__, "found": describe(value)}
            )

        return check_text_or_part
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
                raise Invalid(
                    gettext("expected an object (a dict), not %(found)s")
                    % {"found": describe(value)}
                )
            frozen: FrozenDict = freeze_json(value)
            return frozen

        return check_object
    if get_origin(hint) is Mapping or get_origin(hint) is dict:
        key_check, value_check = (checker(arg) for arg in get_args(hint))

        def check_mapping(value: Any) -> FrozenDict:
            if not isinstance(value, Mapping):
                raise Invalid(
                    gettext("expected a dict, not %(found)s") % {"found": describe(value)}
                )
            return FrozenDict({key_check(k): value_check(v) for k, v in value.items()})

        return check_mapping
    if isinstance(hint, type) and attrs.has(hint):
        cls = hint

        def check_instance(value: Any) -> Any:
            if not isinstance(value, cls):
                # Translators: %(part)s names a kind of part ("a small goal"); %(kind)s is its
                # name in the Python code (Goal), kept as it is.
                raise Invalid(
                    gettext("expected %(part)s (%(kind)s), not %(found)s")
                    % {"part": a_part(cls), "kind": cls.__name__, "found": describe(value)}
                )
            return value

        return check_instance
    raise TypeError(f"no check is known for {hint!r}; teach recoveryplan._checks.checker")


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
    _GENERATED.add(generated)
    return generated


_GENERATED: set[Callable[[Any], None]] = set()
"""Every ``__attrs_post_init__`` :func:`_generated_checks` has written."""


def checks_only(cls: type) -> bool:
    """Whether making an instance of ``cls`` does nothing but set its fields, run each field's
    check and then its :meth:`Checked.__check__`: no converter, validator or hook of attrs'
    own, no ``__attrs_post_init__`` of its own, and no slot that is not a field.

    Only then may an instance be made by setting its fields directly (as
    :mod:`recoveryplan._building` does) once each value is known to pass its check unchanged.
    """
    if not (isinstance(cls, type) and attrs.has(cls) and issubclass(cls, Checked)):
        return False
    for klass in cls.__mro__:
        if klass is Checked:
            break
        hook = klass.__dict__.get("__attrs_post_init__")
        if hook is not None and hook not in _GENERATED:
            return False
        if "__attrs_pre_init__" in klass.__dict__:
            return False
    fields = attrs.fields(cls)
    if any(
        f.converter is not None or f.validator is not None or not f.init or f.alias != f.name
        for f in fields
    ):
        return False
    names = {f.name for f in fields}
    return all(slot in names or slot == "__weakref__" for slot in cls.__dict__.get("__slots__", ()))


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
