"""What changed since the last review, for the review pack: :func:`changes_since`.

A practitioner opening the review pack asks first what changed since they last looked. The
changes come from :func:`recoveryplan.diff` of the older plan against this one, for the
pack's reader, so consent is applied by the diff itself (both versions are seen through the
reader's consent) and a circle member's pack names nothing they may not see. They are grouped
by what happened, achievements first, so the good news is not lost among edits.
"""

from __future__ import annotations

import attrs

from .changes import Change, diff
from .plan import Plan

__all__ = ["GROUPS", "ChangeGroup", "ChangesSince", "changes_since"]

GROUPS: tuple[str, ...] = ("achieved", "added", "changed", "moved", "removed")
"""The groups of the section, in the order they are shown (each has a heading in _words.j2)."""


@attrs.frozen(kw_only=True)
class ChangeGroup:
    """Changes of one kind, as their sentences."""

    kind: str
    """One of :data:`GROUPS`."""
    sentences: tuple[str, ...]


@attrs.frozen(kw_only=True)
class ChangesSince:
    """What the review pack's section "What changed since the last review" is made from."""

    groups: tuple[ChangeGroup, ...]
    """The groups that have changes in them, in the order of :data:`GROUPS`."""
    count: int
    """How many changes there are in all (none: the pack says nothing changed)."""


def changes_since(older: Plan, plan: Plan, audience: str) -> ChangesSince:
    """The changes from ``older`` to ``plan`` that ``audience`` may see, grouped."""
    changes = diff(older, plan, audience=audience)
    by_group: dict[str, list[str]] = {group: [] for group in GROUPS}
    for change in changes:
        by_group[_group(change)].append(str(change))
    return ChangesSince(
        groups=tuple(
            ChangeGroup(kind=group, sentences=tuple(sentences))
            for group, sentences in by_group.items()
            if sentences
        ),
        count=len(changes),
    )


def _group(change: Change) -> str:
    """A goal achieved is a change of its status, but a review celebrates it on its own."""
    if change.kind == "changed" and change.field == "status" and change.after == "achieved":
        return "achieved"
    return change.kind
