"""What the model's constructors accept, said so that a type checker sees it.

The model's classes check their own fields when they are made (:mod:`recoveryplan._checks`),
and make the two conversions that lose nothing: a list where the model holds a tuple, and a
word where it holds an enumeration member. Type checkers read a class's ``__init__`` from its
fields' types, which name only the tuple and the member, so ``rp.Goal(status="active",
goals=[...])`` ran but failed ``mypy --strict``.

A field says what it accepts with ``converter=Items[Goal]``, ``converter=Word[Status]``
(``MaybeWord[Country]`` when it may be ``None``) or, for a tuple of enumeration members,
``converter=Words[Section]``.
The attrs plugin of mypy (and other checkers following attrs) reads a converter's parameter as
the ``__init__`` parameter's type, so it sees ``tuple[Goal, ...] | list[Goal]`` and
``Status | str``. At run time both are ``None``, which attrs reads as no converter: the checks
still do the converting, so every value gets the same answer and the same message on every
route, and making the thousands of small objects of a long plan costs no extra call per field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._fields import Enumeration

__all__ = ["Items", "MaybeWord", "Word", "Words"]

T = TypeVar("T")
E = TypeVar("E", bound=Enumeration)

if TYPE_CHECKING:

    class Items(Generic[T]):
        """A tuple field: a tuple or a list of its items."""

        def __init__(self, value: tuple[T, ...] | list[T], /) -> None: ...

    class Word(Generic[E]):
        """An enumeration field: a member, or its word (checked when the part is made)."""

        def __init__(self, value: E | str, /) -> None: ...

    class MaybeWord(Generic[E]):
        """An optional enumeration field: a member, its word, or ``None``."""

        def __init__(self, value: E | str | None, /) -> None: ...

    class Words(Generic[E]):
        """A tuple of enumeration members: a tuple or a list of members or their words."""

        def __init__(
            self, value: tuple[E | str, ...] | list[E] | list[str] | list[E | str], /
        ) -> None: ...

else:

    class _Checked:
        """``Items[X]`` and ``Word[X]`` at run time: no converter (the checks convert)."""

        def __class_getitem__(cls, item: Any) -> None:
            return None

    Items = MaybeWord = Word = Words = _Checked
