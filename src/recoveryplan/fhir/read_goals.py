"""Outcomes and small goals back from ``Goal`` resources, with their support actions.

Which Goal is an outcome and which a small goal is the bundle's structure (a goal that is no
goal's milestone is an outcome); each Goal's own fields come from the mapping tables.
"""

from __future__ import annotations

from typing import Final

from .._fields import MAX_GOAL_DEPTH
from ..messages import N_
from ..messages import gettext as _
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


_SELF: Final = N_("this Goal names itself as its own milestone; that link was left out")
_CYCLE: Final = N_(
    "this Goal is in a cycle of milestones (through its small goals it is its own small goal); "
    "it was read as an outcome, and the milestone link to it was left out"
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
                    self.finding("fhir.unmapped", where, _("only milestone relationships are read"))
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
                if found is entry:
                    self.finding("fhir.cycle", entry.path, _(_SELF))
                    continue
                if found.index in parent_of:
                    self.finding(
                        "fhir.unmapped", where, _("a goal can be a milestone of only one goal")
                    )
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
                # A cycle of milestones: broken here, so that no goal of it is lost.
                parent = parent_of.pop(entry.index)
                children[parent] = [(c, w) for c, w in children[parent] if c is not entry]
                self.finding("fhir.cycle", entry.path, _(_CYCLE))
                outcomes.append(self._goal(entry, 0, children, supports, reached))
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
        changed = self.day(resource, "statusDate", path)
        if "achieved_on" not in data and data["status"] == "achieved" and changed is not None:
            data["achieved_on"] = changed
        elif changed is not None and changed != data.get("achieved_on"):
            self.not_carried(resource, "statusDate")
        if "based_on" in data:
            self.carry(resource, "expressedBy")  # whose words: derived from what it is based on
        read(after, resource, path, self, data, extensions=extensions)
        for detail in self._details.get(entry.index, []):
            detail.get("status")  # a support action's status is its goal's, written twice
        support = supports.get(entry.index, [])
        if support and outcome:
            self.finding("fhir.unmapped", path, _("support for an outcome (not a small goal)"))
            for detail in self._details.get(entry.index, []):
                self.leave_out(detail)
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
        self._details: dict[int, list[JSON]] = {}
        if main is None:
            return found
        for activity, where in self.items(main.resource, "activity", main.path):
            detail = self.object(activity, "detail", where)
            if detail is None:
                why = _("an activity with no detail was left out")
                self.leave_out(activity, "fhir.unmapped", where, why)
                continue
            here = child_path(where, "detail")
            goal = self.first(detail, "goal", here)
            target = self.resolve(*goal) if goal is not None else None
            if not isinstance(target, Entry) or target.index not in self.goal_ids:
                why = _("an activity for no goal of this plan was left out")
                self.leave_out(activity, "fhir.unmapped", where, why)
                continue
            action: JSON = {}
            if read(SUPPORT, detail, here, self, action, at=where):
                found.setdefault(target.index, []).append(action)
                self._details.setdefault(target.index, []).append(detail)
        return found
