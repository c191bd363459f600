"""Saving an edit made in a page: one revision, merged with anyone else's, never lost.

Every form carries the revision its page was made from (its base). The edit is applied to
that revision, so what the person saw is what they changed; when someone saved in between,
the two are merged with :func:`recoveryplan.merge`. Where both changed the same field, nothing
is stored: the reader is shown both versions and chooses, and only then is one revision saved.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from typing import Any

import attrs

from ..errors import ConflictError
from ..merging import Conflict, merge
from ..plan import Plan
from ..serialize import from_data, to_data
from ..store import Revision, Store

__all__ = ["Outcome", "Pending", "PendingConflicts", "choose", "save_edit"]

Edit = Callable[[Plan], Plan]

_ATTEMPTS = 5  # merges against a store that keeps moving before giving up; never reached by people
_PENDING_SECONDS = 60 * 60


@attrs.frozen
class Pending:
    """An edit waiting for its writer to settle a conflict: their version and the base."""

    plan_id: str
    ours: Plan
    base: int
    by: str
    why: str
    made: float


@attrs.frozen
class Outcome:
    """What saving did: the revision stored, or the conflicts to choose between (nothing was
    stored) and the key that names the waiting edit."""

    revision: Revision | None = None
    conflicts: tuple[Conflict, ...] = ()
    key: str | None = None


class PendingConflicts:
    """Edits waiting for a choice, kept in the server's memory for an hour and only for the
    reader who made them."""

    def __init__(self) -> None:
        self._waiting: dict[str, Pending] = {}

    def keep(self, pending: Pending) -> str:
        self._forget_old()
        key = secrets.token_urlsafe(16)
        self._waiting[key] = pending
        return key

    def take(self, key: str, by: str) -> Pending | None:
        pending = self._waiting.get(key)
        if pending is None or pending.by != by:
            return None
        return self._waiting.pop(key)

    def peek(self, key: str, by: str) -> Pending | None:
        pending = self._waiting.get(key)
        return pending if pending is not None and pending.by == by else None

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key in [k for k, p in self._waiting.items() if now - p.made > _PENDING_SECONDS]:
            del self._waiting[key]


def save_edit(
    store: Store,
    pending: PendingConflicts,
    plan_id: str,
    *,
    base: int,
    ours: Plan,
    by: str,
    why: str,
) -> Outcome:
    """Save ``ours`` (an edit of revision ``base``) as one revision, merging it with whatever
    was saved since; with conflicts, store nothing and keep the edit for a choice."""
    base_plan = store.at(plan_id, base)
    for _ in range(_ATTEMPTS):
        latest_plan, latest = store.latest(plan_id)
        conflicts: list[Conflict] = []
        merged = ours
        if latest.number != base:
            merged, conflicts = merge(base_plan, ours, latest_plan)
        if conflicts:
            key = pending.keep(Pending(plan_id, ours, base, by, why, time.monotonic()))
            return Outcome(conflicts=tuple(conflicts), key=key)
        if merged == latest_plan:
            return Outcome(revision=latest)
        try:
            return Outcome(revision=store.save(merged, by=by, why=why, base=latest.number))
        except ConflictError:
            continue
    latest_number = store.latest(plan_id)[1].number
    raise ConflictError(
        f"{plan_id}: the plan kept changing while this was saved; nothing was saved. "
        "Open the page again and repeat the change.",
        plan_id=plan_id,
        base=base,
        latest=latest_number,
    )


def conflicts_of(store: Store, waiting: Pending) -> tuple[Plan, Revision, list[Conflict]]:
    """The waiting edit merged with the latest revision, as it stands now."""
    base_plan = store.at(waiting.plan_id, waiting.base)
    latest_plan, latest = store.latest(waiting.plan_id)
    merged, conflicts = merge(base_plan, waiting.ours, latest_plan)
    return merged, latest, conflicts


def choose(store: Store, waiting: Pending, theirs_at: set[str]) -> Outcome:
    """Save the waiting edit with the reader's choices: at each path in ``theirs_at`` the
    other writer's value, everywhere else the reader's own (the merge keeps ours)."""
    merged, latest, conflicts = conflicts_of(store, waiting)
    data = to_data(merged)
    for conflict in conflicts:
        if conflict.path in theirs_at and conflict.field is not None:
            _set(data, conflict.path, conflict.theirs)
    chosen = from_data(data)
    if chosen == store.latest(waiting.plan_id)[0]:
        return Outcome(revision=latest)
    return Outcome(revision=store.save(chosen, by=waiting.by, why=waiting.why, base=latest.number))


_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _set(data: Any, path: str, value: Any) -> None:
    """Set the value at a JSON path such as ``$.outcomes[0].goals[1].status`` (a missing
    value removes the key)."""
    steps: list[str | int] = [
        name if name else int(index) for name, index in _STEP.findall(path.removeprefix("$"))
    ]
    here = data
    for step in steps[:-1]:
        here = here[step]
    last = steps[-1]
    if value is None and isinstance(last, str):
        here.pop(last, None)
    else:
        here[last] = value
