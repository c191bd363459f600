"""Outcomes and small goals back from ``Goal`` resources, with their support actions.

Which Goal is an outcome and which a small goal is the bundle's structure (a goal that is no
goal's milestone is an outcome); each Goal's own fields come from the mapping tables.
"""

from __future__ import annotations

from typing import Final

from .._fields import MAX_GOAL_DEPTH
from ..serialize import child_path
from .mapping import GOAL, OUTCOME, SUPPORT
from .reading import JSON, Entry, url_of
from .resolving import PlanReader
from .rows import read
from .vocabulary import GOAL_RELATIONSHIP

__all__ = ["TOO_DEEP", "GoalsReading"]

TOO_DEEP: Final = (
    f"small goals are nested more than {MAX_GOAL_DEPTH} levels deep under an outcome (milestones "
    "within milestones), the most a plan holds"
)


class GoalsReading(PlanReader):
    """The part of a reading that makes outcomes and small goals."""

    def outcomes(self, goals: list[Entry], main: Entry | None) -> list[JSON]:
        children: dict[int, list[tuple[Entry, str]]] = {}
        parent_of: dict[int, int] = {}
        for entry in goals:
            self.goal_ids[entry.index] = self.id_of(entry, "goal")
        for entry in goals:
            for extension, where in self.extensions(entry.resource, entry.path, GOAL_RELATIONSHIP):
                parts = {url_of(p): (p, w) for p, w in self.items(extension, "extension", where)}
                kind = parts.get("type")
                target = parts.get("target")
                if kind is None or target is None:
                    self.problem(where, "a goal relationship needs a 'type' and a 'target'")
                    continue
                relation = self.object(kind[0], "valueCodeableConcept", kind[1])
                codes = [code for _, code in self.codings(relation, kind[1])]
                if "milestone" not in codes:
                    self.finding("fhir.unmapped", where, "only milestone relationships are read")
                    continue
                reference = self.object(target[0], "valueReference", target[1])
                if reference is None:
                    self.problem(target[1], "the target needs a valueReference to a Goal")
                    continue
                found = self.resolve(reference, child_path(target[1], "valueReference"))
                if not isinstance(found, Entry) or found.index not in self.goal_ids:
                    if found is not None:
                        self.problem(target[1], "the target of a goal relationship is a Goal")
                    continue
                if found.index in parent_of or found is entry:
                    self.finding("fhir.unmapped", where, "a goal can be a milestone of one goal")
                    continue
                parent_of[found.index] = entry.index
                children.setdefault(entry.index, []).append((found, where))
        supports = self._supports(main)
        order: list[Entry] = []
        if main is not None:
            for reference, where in self.items(main.resource, "goal", main.path):
                found = self.resolve(reference, where)
                known = isinstance(found, Entry) and found.index in self.goal_ids
                if known and isinstance(found, Entry) and found not in order:
                    order.append(found)
        order += [entry for entry in goals if entry not in order]
        outcomes = []
        reached: set[int] = set()
        for entry in order:
            if entry.index not in parent_of:
                outcomes.append(self._goal(entry, 0, children, supports, reached))
        for entry in goals:
            if entry.index not in reached:
                self.finding("fhir.unmapped", entry.path, "a goal in a cycle of milestones")
        return outcomes

    def _goal(
        self,
        entry: Entry,
        depth: int,
        children: dict[int, list[tuple[Entry, str]]],
        supports: dict[int, list[JSON]],
        reached: set[int],
    ) -> JSON:
        """An outcome (``depth`` 0) or a small goal, with its own small goals."""
        reached.add(entry.index)
        outcome = depth == 0
        table = OUTCOME if outcome else GOAL
        resource, path = entry.resource, entry.path
        self.unread(resource, path, table.extension_urls())
        data: JSON = {"id": self.goal_ids[entry.index]}
        # The day it was achieved is written twice: exactly in an extension, and as statusDate.
        extensions = self.items(resource, "extension", path)
        before, after = table.split("status_note")
        read(before, resource, path, self, data, extensions=extensions)
        if "achieved_on" not in data and data["status"] == "achieved":
            achieved = self.day(resource, "statusDate", path)
            if achieved is not None:
                data["achieved_on"] = achieved
        read(after, resource, path, self, data, extensions=extensions)
        support = supports.get(entry.index, [])
        if support and outcome:
            self.finding("fhir.unmapped", path, "support for an outcome (not a small goal)")
        elif support:
            data["support"] = support
        small = []
        for child, where in children.get(entry.index, []):
            if depth + 1 > MAX_GOAL_DEPTH:
                self.problem(where, TOO_DEEP)
                break
            small.append(self._goal(child, depth + 1, children, supports, reached))
        if small:
            data["goals"] = small
        return data

    def _supports(self, main: Entry | None) -> dict[int, list[JSON]]:
        """The support actions of each goal, from the care plan's activities."""
        found: dict[int, list[JSON]] = {}
        if main is None:
            return found
        for activity, where in self.items(main.resource, "activity", main.path):
            detail = self.object(activity, "detail", where)
            if detail is None:
                self.finding("fhir.unmapped", where, "an activity with no detail was left out")
                continue
            here = child_path(where, "detail")
            goal = self.first(detail, "goal", here)
            target = self.resolve(*goal) if goal is not None else None
            if not isinstance(target, Entry) or target.index not in self.goal_ids:
                if goal is None:
                    self.finding("fhir.unmapped", where, "an activity for no goal was left out")
                continue
            action: JSON = {}
            if read(SUPPORT, detail, here, self, action, at=where):
                found.setdefault(target.index, []).append(action)
        return found
