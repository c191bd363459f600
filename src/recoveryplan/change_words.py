"""The words a change is said in: the copy's translations while its sentences are written.

A review pack in Welsh says "what changed" in Welsh:
:func:`recoveryplan.review_changes.changes_since` writes the sentences inside :func:`speaking`
(:func:`recoveryplan.messages.speaking_from`: the one way the library chooses the language of
the work in hand) with the copy's translations, and every sentence of
:mod:`recoveryplan.change_sentences` is one whole message of the catalogue, with named
placeholders, looked up through :func:`say`.
Outside :func:`speaking` (``rp.diff``, the command line's ``diff``) the sentences are the
English ones, as they always were.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from functools import cache
from typing import IO, Any

import attrs

from .messages import N_, gettext, listing
from .messages import day as long_date
from .messages import speaking_from as speaking

__all__ = [
    "N_",
    "extract_field_labels",
    "field_label",
    "field_labels",
    "listing",
    "long_date",
    "say",
    "speaking",
]


def say(message: str, **values: object) -> str:
    """``message`` in the copy's language, its named placeholders filled in."""
    said = gettext(message)
    return said % values if values else said


def field_label(name: str) -> str:
    """How a sentence names a field: its name in words, a date field as a date."""
    if name == "on":
        return "date"
    if name.endswith("_on"):
        return name.removesuffix("_on").replace("_", " ") + " date"
    return name.replace("_", " ")


@cache
def field_labels() -> frozenset[str]:
    """Every field label of the model, the messages of the catalogue that name fields: taken
    from the model itself, so that a field added to it is named in every language once its
    label is translated. A field an organisation adds is said as its name in words."""
    from ._fields import model_classes
    from .plan import Plan

    return frozenset(
        field_label(field.name) for cls in model_classes(Plan) for field in attrs.fields(cls)
    )


def extract_field_labels(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction method for the fields' labels (``babel.cfg`` applies it to
    ``plan.py``): they are made from the model, not written out, so Babel needs to be told."""
    for label in sorted(field_labels()):
        yield (
            1,
            None,
            label,
            ["Translators: the name of a part of a plan, in a sentence saying what changed"],
        )
