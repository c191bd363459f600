"""What each field of the model is, kept on the field itself.

Every model class declares its fields once, with their type and ``attrs`` metadata: what the
field means, its key in the format when that is not its Python name, what kind of thing it
refers to (the person, a circle member, an assessment item...) and whose words its text is.
Each field of the plan also says who may see it: which shared section it belongs to, or
that every reader sees it, or that a circle member never does. The format's converter, the
JSON Schema, the format docs, the integrity checks, consent redaction, the language check and
FHIR all read that metadata instead of keeping tables of their own, so nothing can drift. What
each field's type means for its values is :mod:`recoveryplan._values` and
:mod:`recoveryplan._checks`.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Iterator, Mapping
from enum import StrEnum
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints, overload

import attrs

__all__ = [
    "EVERY_READER",
    "MAX_GOAL_DEPTH",
    "NO_MEMBER",
    "OWN_ENTRIES",
    "SHOWN_PARTS",
    "Enumeration",
    "Shape",
    "child_path",
    "default_factory",
    "default_value",
    "field_meaning",
    "is_json_object",
    "is_optional",
    "json_key",
    "meaning",
    "model_classes",
    "optional_inner",
    "refers_to",
    "sequence_of",
    "shapes",
    "shown_to",
    "text_or_part",
    "type_hints",
    "types_in",
    "voice",
    "where_text",
]

MAX_GOAL_DEPTH = 32
"""How deep small goals may nest under an outcome. Plans use two or three levels; the limit
keeps every plan that loads renderable in every format (a PDF engine gives up long before
Python's own stack does), and the loader says so at the path where it is passed."""


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
_SHOWN_TO = "recoveryplan.shown_to"

EVERY_READER = "every reader"
"""``shown_to`` of a field every reader of the plan sees, a circle member too (whose plan it is,
the service, the plan's id)."""

NO_MEMBER = "no member"
"""``shown_to`` of a field no circle member ever sees, whatever was shared with them (the date
of birth, organisations' extensions): their copy holds its empty value."""

OWN_ENTRIES = "own entries"
"""``shown_to`` of a list a circle member sees only their own entries of: those whose person
reference (``refers_to="person"``) names them (their own consent, not anyone else's)."""

SHOWN_PARTS = "entries about shown parts"
"""``shown_to`` of a list, inside a shared section, whose entries are each about another part
of the plan by id (a review's decisions, each about a goal or a risk plan): a circle member
sees only the entries about parts their copy holds, so a decision does not reveal a risk plan
the person did not share with them. Who else sees the list is its section's rule."""


def meaning(
    text: str,
    *,
    key: str | None = None,
    refers_to: str | None = None,
    voice: str | None = None,
    where: str | None = None,
    shown_to: str | None = None,
) -> dict[str, str]:
    """The metadata of one field: what it means, and, where they apply, its key in the format
    (``with`` is a Python keyword), what it refers to (``"person"`` for a person reference,
    ``"domain"`` for a domain of the plan's framework, or the kind of part whose id it holds:
    ``"assessment item"``, ``"aim"``, ``"concern"``), whose words its text is, and how a
    message says where in the plan its text is (``"the status note of {owner}"``; by default
    from its name).

    ``voice`` is ``"person"`` (the person's own words, never corrected), ``"service"`` (written
    by the team), ``"voice"`` (the part's own ``voice`` field says) or ``"by"`` (whoever the
    part's ``by`` names). A text field without one is not prose: a name, an id, a contact.

    ``shown_to`` says which circle members may see the field: the shared section it belongs to
    (a :class:`recoveryplan.sharing.Section`: a member sees it only when the person shared that
    section with them), :data:`EVERY_READER`, :data:`NO_MEMBER`, :data:`OWN_ENTRIES` or, for a
    list inside a section, :data:`SHOWN_PARTS`. Every
    field of the plan itself says so; consent (:mod:`recoveryplan.audience`) is decided from
    it, so a new field is shared exactly as its metadata says, and a field that says nothing is
    kept from every circle member."""
    found = {_MEANING: text}
    if where is not None:
        found[_WHERE] = where
    if key is not None:
        found[_KEY] = key
    if refers_to is not None:
        found[_REFERS_TO] = refers_to
    if voice is not None:
        found[_VOICE] = voice
    if shown_to is not None:
        found[_SHOWN_TO] = str(shown_to)
    return found


@overload
def json_key(field: attrs.Attribute[Any], /) -> str: ...


@overload
def json_key(cls: type, name: str, /) -> str: ...


def json_key(field: attrs.Attribute[Any] | type, name: str | None = None, /) -> str:
    """The key a field has in the format: ``json_key(field)``, or ``json_key(Review,
    "attendees")`` (``"with"``) for the attribute of a model class by its Python name."""
    if isinstance(field, type):
        if name is None:
            raise TypeError("json_key(cls, name) needs the attribute's name")
        field = attrs.fields_dict(field)[name]
    key: str = field.metadata.get(_KEY, field.name)
    return key


def default_factory(field: attrs.Attribute[Any]) -> Callable[[], Any] | None:
    """What makes a field's default afresh each time, when it is ``factory=`` (a mutable or
    frozen mapping); ``None`` for a plain default or none.

    The one place that looks inside ``attrs.Factory``: the model never gives a factory
    ``takes_self``, and a class that did would be refused here rather than misread.
    """
    default: Any = field.default
    if not isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return None
    if default.takes_self:
        raise TypeError(f"{field.name}: a default that takes self is not part of the model")
    factory: Callable[[], Any] = default.factory
    return factory


def default_value(field: attrs.Attribute[Any]) -> Any:
    """The value a field has when it is left out (``attrs.NOTHING`` when it must be given)."""
    factory = default_factory(field)
    return factory() if factory is not None else field.default


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


def shown_to(field: attrs.Attribute[Any]) -> str | None:
    """Which circle members may see a field: a section's name, :data:`EVERY_READER`,
    :data:`NO_MEMBER`, :data:`OWN_ENTRIES`, :data:`SHOWN_PARTS`, or ``None`` when the field
    does not say."""
    who: str | None = field.metadata.get(_SHOWN_TO)
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


@attrs.frozen
class Shape:
    """What one field of a model class holds, worked out once from its type hint: the facts
    every walk over the model needs, so that no walk reads the hints in its own way."""

    field: attrs.Attribute[Any]
    hint: Any
    key: str
    """Its key in the format (:func:`json_key`)."""
    step: str
    """The step its key adds to a JSON path: ``.key`` or ``["odd key"]``."""
    part: type | None
    """The model class it holds one of (``X`` or ``X | None``), else ``None``."""
    entries: type | None
    """The model class its list holds (``tuple[X, ...]``), else ``None``."""
    inner: tuple[type, ...]
    """Every model class anywhere in its hint (``str | X`` holds ``X``), in order."""
    opaque: bool
    """Whether it holds a JSON object the library keeps as it was and never reads (an
    organisation's extensions)."""

    @property
    def name(self) -> str:
        return self.field.name


def shapes(cls: type) -> tuple[Shape, ...]:
    """The :class:`Shape` of every field of a model class, in field order (read once per
    class: every walk over a plan asks for each part's)."""
    found = _SHAPES.get(cls)
    if found is None:
        found = _SHAPES[cls] = _shapes_of(cls)
    return found


_SHAPES: dict[type, tuple[Shape, ...]] = {}


def _shapes_of(cls: type) -> tuple[Shape, ...]:
    hints = type_hints(cls)
    found = []
    for field in attrs.fields(cls):
        hint = hints[field.name]
        single = optional_inner(hint) if is_optional(hint) else hint
        item = sequence_of(hint)
        inner = [t for t in types_in(hint) if isinstance(t, type) and attrs.has(t)]
        key = json_key(field)
        found.append(
            Shape(
                field=field,
                hint=hint,
                key=key,
                step=child_path("", key),
                part=single if isinstance(single, type) and attrs.has(single) else None,
                entries=item if isinstance(item, type) and attrs.has(item) else None,
                inner=tuple(dict.fromkeys(inner)),
                opaque=is_json_object(hint),
            )
        )
    return tuple(found)


def model_classes(root: type) -> list[type]:
    """Every model class reachable from ``root``, depth first in field order."""
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for shape in shapes(cls):
            for inner in shape.inner:
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


def text_or_part(hint: Any) -> type | None:
    """``X`` for ``str | X`` where ``X`` is a model class (a communication need, written as
    free text or as an object), else ``None``."""
    args = get_args(hint)
    if get_origin(hint) not in (Union, types.UnionType) or len(args) != 2 or args[0] is not str:
        return None
    part = args[1]
    return part if isinstance(part, type) and attrs.has(part) else None


def is_json_object(hint: Any) -> bool:
    return get_origin(hint) in (dict, Mapping) and get_args(hint) == (str, Any)
