"""Two files that claim to be one plan, or one person's two plans, in a caseload.

A caseload is counted plan by plan, so a plan copied into two files (a backup beside the
original, a file saved twice under two names) would be counted twice, and one person with two
plans would be two people. Neither file can be trusted over the other, so both are left out of
every figure and the two files are named, for a person to sort out. ``validate`` and
``report`` find them the same way, through a :class:`ClashFinder` fed one file at a time.

A caseload can hold a hundred thousand plans, so the finder keeps little per file: a short
digest of each id (never the id), the file's number, and a reference to the caller's own path
object (``validate`` and ``report`` hold the list of paths anyway).
"""

from __future__ import annotations

import hashlib
import os
from typing import Final, Literal

import attrs

from ..messages import gettext as _

__all__ = ["PERSON_IN_TWO_PLANS", "SAME_PLAN_ID", "Clash", "ClashFinder"]

SAME_PLAN_ID: Final = "same-plan-id"
PERSON_IN_TWO_PLANS: Final = "person-in-two-plans"

ClashKind = Literal["same-plan-id", "person-in-two-plans"]
PathText = str | os.PathLike[str]

_DIGEST: Final = 16
"""Bytes of each id's digest: two different ids give one digest about once in 2**64 pairs."""


@attrs.frozen
class Clash:
    """Two files that cannot both be counted: ``first`` was found before ``second``.

    ``files`` are their numbers in the order the finder was given them.
    """

    first: str
    second: str
    kind: ClashKind
    files: tuple[int, int] = attrs.field(eq=False, repr=False)

    def sentence(self) -> str:
        """One line naming both files and what to do; it shows neither id, which may be a
        record number."""
        files = {"first": self.first, "second": self.second}
        if self.kind == SAME_PLAN_ID:
            # Translators: %(first)s and %(second)s are file paths; keep $.id as it is.
            return (
                _(
                    "%(first)s and %(second)s hold plans with the same id ($.id); both are left "
                    "out of the figures: keep one file, or give the other plan its own id"
                )
                % files
            )
        # Translators: %(first)s and %(second)s are file paths; keep $.person.id as it is.
        return (
            _(
                "%(first)s and %(second)s hold plans for the same person ($.person.id); both are "
                "left out of the figures: merge them into one plan, or correct the person's id in "
                "the wrong one"
            )
            % files
        )

    def to_json(self) -> dict[str, str]:
        return {"first": self.first, "second": self.second, "kind": self.kind}


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_DIGEST).digest()


@attrs.define
class ClashFinder:
    """Finds clashes as files are read, in the order they are read.

    Each plan id (and each person id) remembers the first file that had it; a later file
    with the same one is a :class:`Clash` with that first file. A file that shares its plan
    id is not reported again for sharing the person too: it is one problem, said once.
    """

    _paths: list[PathText] = attrs.field(factory=list)
    _plan_digests: bytearray = attrs.field(factory=bytearray)
    """Each file's plan digest, end to end: the plan of the first file of a person."""
    _plans: dict[bytes, int] = attrs.field(factory=dict)
    _people: dict[bytes, int] = attrs.field(factory=dict)
    left_out: set[int] = attrs.field(factory=set)
    """The numbers of every file in a clash."""
    left_out_plans: set[str] = attrs.field(factory=set)
    """The plan ids shared by two files."""
    left_out_people: set[str] = attrs.field(factory=set)
    """The person ids that have two plans: every plan of theirs is left out."""

    def add(self, path: PathText, plan: str, person: str) -> list[Clash] | None:
        """Note the next file's plan and person; return the clashes it makes (none, or one
        per earlier file it clashes with), or ``None`` when it is a file already seen (named
        twice, or named and inside a folder also named): that is no second plan."""
        number = len(self._paths)
        plan_digest, person_digest = _digest(plan), _digest(person)
        earlier = self._plans.get(plan_digest)
        if earlier is not None and _same_file(self._paths[earlier], path):
            self._paths.append(path)
            self._plan_digests += plan_digest
            return None
        self._paths.append(path)
        self._plan_digests += plan_digest
        found: list[Clash] = []
        if earlier is None:
            self._plans[plan_digest] = number
        else:
            found.append(self._clash(earlier, number, SAME_PLAN_ID))
            self.left_out_plans.add(plan)
        first = self._people.setdefault(person_digest, number)
        if first != number and self._plan_of(first) != plan_digest:
            found.append(self._clash(first, number, PERSON_IN_TWO_PLANS))
            self.left_out_people.add(person)
        return found

    def _plan_of(self, number: int) -> bytes:
        return bytes(self._plan_digests[number * _DIGEST : (number + 1) * _DIGEST])

    def _clash(self, first: int, second: int, kind: ClashKind) -> Clash:
        self.left_out.update((first, second))
        return Clash(
            os.fspath(self._paths[first]), os.fspath(self._paths[second]), kind, (first, second)
        )


def _same_file(one: PathText, other: PathText) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.fspath(one) == os.fspath(other)
