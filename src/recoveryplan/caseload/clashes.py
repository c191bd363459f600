"""Two files that claim to be one plan, or one person's two plans, in a caseload.

A caseload is counted plan by plan, so a plan copied into two files (a backup beside the
original, a file saved twice under two names) would be counted twice, and one person with two
plans would be two people. Neither file can be trusted over the other, so both are left out of
every figure and the two files are named, for a person to sort out. ``validate`` and
``report`` find them the same way, through a :class:`ClashFinder` fed one file at a time: it
holds only the ids (or, in the report, their keyed hashes) and the path of the first file that
had each.
"""

from __future__ import annotations

import os
from typing import Final, Literal

import attrs

__all__ = ["PERSON_IN_TWO_PLANS", "SAME_PLAN_ID", "Clash", "ClashFinder"]

SAME_PLAN_ID: Final = "same-plan-id"
PERSON_IN_TWO_PLANS: Final = "person-in-two-plans"

ClashKind = Literal["same-plan-id", "person-in-two-plans"]


@attrs.frozen
class Clash:
    """Two files that cannot both be counted: ``first`` was found before ``second``."""

    first: str
    second: str
    kind: ClashKind

    def sentence(self) -> str:
        """One line naming both files and what to do; it shows neither id, which may be a
        record number."""
        if self.kind == SAME_PLAN_ID:
            what = "hold plans with the same id ($.id)"
            fix = "keep one file, or give the other plan its own id"
        else:
            what = "hold plans for the same person ($.person.id)"
            fix = "merge them into one plan, or correct the person's id in the wrong one"
        return f"{self.first} and {self.second} {what}; both are left out of the figures: {fix}"


@attrs.define
class ClashFinder:
    """Finds clashes as files are read, in the order they are read.

    Each plan id (and each person id) remembers the first file that had it; a later file
    with the same one is a :class:`Clash` with that first file. A file that shares its plan
    id is not reported again for sharing the person too: it is one problem, said once.
    """

    _plans: dict[str, tuple[str, str]] = attrs.field(factory=dict)
    """Plan id -> (first path, its person id)."""
    _people: dict[str, tuple[str, str]] = attrs.field(factory=dict)
    """Person id -> (first path, its plan id)."""
    left_out: set[str] = attrs.field(factory=set)
    """The paths of every file in a clash."""
    left_out_plans: set[str] = attrs.field(factory=set)
    """The plan ids of every file in a clash (both sides)."""
    _files: set[str] = attrs.field(factory=set)
    """Every file seen, as its real path."""

    def repeats(self, path: str) -> bool:
        """Whether this file was seen before (named twice, or named and inside a folder
        named): the same file again is not a second plan, and is not read twice."""
        real = os.path.realpath(path)
        if real in self._files:
            return True
        self._files.add(real)
        return False

    def add(self, path: str, plan: str, person: str) -> list[Clash]:
        """Note one file's plan and person; return the clashes it makes (none, or one per
        earlier file it clashes with). Ask :meth:`repeats` first: the same file twice would
        otherwise clash with itself."""
        found: list[Clash] = []
        earlier = self._plans.get(plan)
        if earlier is None:
            self._plans[plan] = (path, person)
        else:
            found.append(Clash(earlier[0], path, SAME_PLAN_ID))
        same_person = self._people.get(person)
        if same_person is None:
            self._people[person] = (path, plan)
        elif same_person[1] != plan and (earlier is None or earlier[0] != same_person[0]):
            found.append(Clash(same_person[0], path, PERSON_IN_TWO_PLANS))
        if found:
            self.left_out.add(path)
            self.left_out_plans.add(plan)
            for clash in found:
                self.left_out.add(clash.first)
            if earlier is not None:
                self.left_out_plans.add(plan)
            if same_person is not None:
                self.left_out_plans.add(same_person[1])
        return found
