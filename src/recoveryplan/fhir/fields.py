"""How the model's own fields travel as extensions, read from the model itself.

Export and import both ask this module which extension a field becomes, so the two cannot
disagree, and a field added to the model travels (in the sections carried as extensions)
without a table to update: its URL comes from its JSON key, its value type from its annotation.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import attrs

from .._fields import (
    default_value,
    is_optional,
    json_key,
    optional_inner,
    refers_to,
    sequence_of,
    type_hints,
)
from .vocabulary import extension_url

__all__ = ["FieldExtension", "field_extensions", "is_default"]


@attrs.frozen
class FieldExtension:
    """One field of a model class as an extension.

    ``url`` is the project's absolute URL (the JSON key with hyphens) for an extension on a
    resource, and the JSON key itself for a part of a complex extension. ``kind`` is the type of
    one value, ``many`` says that each value of a list is an extension of its own, and
    ``person`` that the values are person references (written as FHIR references).
    """

    name: str
    key: str
    url: str
    kind: Any
    many: bool
    person: bool
    required: bool
    default: Any


def field_extensions(
    cls: type, names: Iterable[str] | None = None, *, top: bool
) -> tuple[FieldExtension, ...]:
    """The extensions of some fields (all when ``names`` is ``None``) of a model class."""
    return _field_extensions(cls, None if names is None else tuple(names), top)


@cache
def _field_extensions(
    cls: type, names: tuple[str, ...] | None, top: bool
) -> tuple[FieldExtension, ...]:
    hints = type_hints(cls)
    found = []
    for field in attrs.fields(cls):
        if names is not None and field.name not in names:
            continue
        key = json_key(field)
        kind, many = _element_type(hints[field.name])
        default: Any = default_value(field)
        found.append(
            FieldExtension(
                name=field.name,
                key=key,
                url=extension_url(key.replace("_", "-")) if top else key,
                kind=kind,
                many=many,
                person=refers_to(field) == "person",
                required=field.default is attrs.NOTHING,
                default=default,
            )
        )
    return tuple(found)


def is_default(field: FieldExtension, value: Any) -> bool:
    """Whether a value is the field's default, which (as in the format) is left out."""
    return not field.required and bool(value == field.default)


def _element_type(hint: Any) -> tuple[Any, bool]:
    """``(X, many)`` for ``tuple[X, ...]``, ``X | None`` and ``X``."""
    element = sequence_of(hint)
    if element is not None:
        return element, True
    return (optional_inner(hint) if is_optional(hint) else hint), False
