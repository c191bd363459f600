"""The template variable ``view``: the document being rendered, still readable the old way.

Until 0.1, templates were given ``view`` as the kind of reader (``person``, ``staff`` or
``member``) and ``document`` as the view asked for, so ``view`` meant one thing in
``rp.render(view=...)`` and another in a template. Templates now get ``reader`` for the kind of
reader and ``view`` for the document (``plan``, ``review``, ``safety-plan`` or
``crisis-card``), as everywhere else. Plugin templates written against the old names keep
working for one minor version: the two sets of values are disjoint, so ``view == "person"``
can only be the old question and is answered about the reader, with a
:class:`DeprecationWarning` that says what to write instead.
"""

from __future__ import annotations

import warnings

__all__ = ["READER_KINDS", "ViewName"]

READER_KINDS = frozenset({"person", "staff", "member"})
"""What the template variable ``reader`` can be (what ``view`` was before)."""


class ViewName(str):
    """The document's name (``"plan"``, ``"review"``…), remembering the reader's kind.

    Compared with a reader kind (``view == "staff"``), it answers for the reader, as ``view``
    used to, and warns; compared with anything else it is the plain string it is.
    """

    __slots__ = ("reader",)

    reader: str

    def __new__(cls, view: str, reader: str) -> ViewName:
        made = super().__new__(cls, view)
        made.reader = reader
        return made

    def _old(self, other: object) -> bool:
        if isinstance(other, str) and str(other) in READER_KINDS:
            warnings.warn(
                f"the template variable 'view' is now the document ({str(self)!r}); comparing "
                f"it with {str(other)!r} tests the kind of reader, which is now 'reader': "
                f"write reader == {str(other)!r}. The old meaning goes in the next minor version",
                DeprecationWarning,
                stacklevel=3,
            )
            return True
        return False

    def __eq__(self, other: object) -> bool:
        if self._old(other):
            return self.reader == other
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        if self._old(other):
            return self.reader != other
        return str.__ne__(self, other)

    __hash__ = str.__hash__

    def __reduce__(self) -> tuple[type[ViewName], tuple[str, str]]:
        return (ViewName, (str(self), self.reader))
