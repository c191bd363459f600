"""What changed since the last review, for the review pack: :func:`changes_since`.

A practitioner opening the review pack asks first what changed since they last looked. The
changes come from :func:`recoveryplan.diff` of the older plan against this one, for the
pack's reader, so consent is applied by the diff itself (both versions are seen through the
reader's consent) and a circle member's pack names nothing they may not see. They are grouped
by what happened, achievements first, so the good news is not lost among edits.

From a store, the pack also says who wrote each change ("written by James"): the versions
saved between the older plan and this one (:class:`Since`) are compared one after the other,
and each change is credited to the revision that last touched its part and field. A reader is
told an author only when they may know them: the person, the service, or a circle member
their copy names; a staff member's id outside the circle only in the staff copy.
"""

from __future__ import annotations

import gettext
import json
from collections.abc import Mapping
from typing import Any

import attrs

from .audience import STAFF, Disclosure, disclose
from .change_words import speaking
from .changes import Change, diff
from .plan import Plan

__all__ = [
    "GROUPS",
    "ChangeGroup",
    "ChangeLine",
    "ChangesSince",
    "Since",
    "changes_since",
    "written_by",
]

GROUPS: tuple[str, ...] = ("achieved", "added", "changed", "moved", "removed")
"""The groups of the section, in the order they are shown (each has a heading in _words.j2)."""


@attrs.frozen(kw_only=True)
class Since:
    """An older version of a plan, and the versions saved after it, each with who saved it:
    what the review pack needs to say what changed and who wrote each change."""

    older: Plan
    later: tuple[tuple[Plan, str], ...] = ()
    """The versions saved after ``older``, oldest first, up to the one the pack is made from,
    each with its author (a person reference or a staff member's id)."""


@attrs.frozen(kw_only=True)
class ChangeLine:
    """One change as the pack says it, with who wrote it when the reader may know."""

    sentence: str
    by: str | None = None
    """The author's reference (``"person"``, a circle id, a staff id), when shown."""
    name: str | None = None
    """The author's name to show (a staff member's id, for the staff), when shown."""


@attrs.frozen(kw_only=True)
class ChangeGroup:
    """Changes of one kind, as their sentences."""

    kind: str
    """One of :data:`GROUPS`."""
    lines: tuple[ChangeLine, ...]

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(line.sentence for line in self.lines)


@attrs.frozen(kw_only=True)
class ChangesSince:
    """What the review pack's section "What changed since the last review" is made from."""

    groups: tuple[ChangeGroup, ...]
    """The groups that have changes in them, in the order of :data:`GROUPS`."""
    count: int
    """How many changes there are in all (none: the pack says nothing changed)."""


def changes_since(
    older: Plan | Since,
    plan: Plan,
    audience: str,
    *,
    words: gettext.NullTranslations | None = None,
    catalogue: str | None = None,
) -> ChangesSince:
    """The changes from ``older`` to ``plan`` that ``audience`` may see, grouped; with the
    versions in between (a :class:`Since`), each says who wrote it where the reader may
    know. ``words`` are the copy's translations and ``catalogue`` its locale, so the
    sentences are in the copy's language (English without them)."""
    since = older if isinstance(older, Since) else Since(older=older)
    with speaking(words, catalogue):
        changes = diff(since.older, plan, audience=audience)
    authors = written_by(since) if since.later else {}
    disclosure = disclose(plan, audience)
    by_group: dict[str, list[ChangeLine]] = {group: [] for group in GROUPS}
    for change in changes:
        by = authors.get(_key(change))
        name = _author_name(by, plan, disclosure) if by is not None else None
        line = ChangeLine(sentence=str(change), by=by if name else None, name=name)
        by_group[_group(change)].append(line)
    return ChangesSince(
        groups=tuple(
            ChangeGroup(kind=group, lines=tuple(lines))
            for group, lines in by_group.items()
            if lines
        ),
        count=len(changes),
    )


def written_by(since: Since) -> Mapping[tuple[Any, ...], str]:
    """Who wrote each change from ``since.older`` to its last version: for each part and
    field (see :func:`_key`), the author of the last version that changed it."""
    found: dict[tuple[Any, ...], str] = {}
    before = since.older
    for version, by in since.later:
        for change in diff(before, version):
            found[_key(change)] = by
        before = version
    return found


def _key(change: Change) -> tuple[Any, ...]:
    """What a change is to: its part and field; an entry of a list without ids (a rating) by
    its own value too, since they share the part (the plan) and the field (the list)."""
    if change.id is None:
        value = change.after if change.after is not None else change.before
        return (None, change.field, json.dumps(value, sort_keys=True, default=str))
    return (change.id, change.field)


def _author_name(by: str, plan: Plan, disclosure: Disclosure) -> str | None:
    """The author's name for this reader, or ``None`` when they may not know who it was."""
    if by in ("person", "service"):
        return plan.name_of(by)
    if any(member.id == by for member in plan.circle):
        seen = disclosure.member is None or any(m.id == by for m in disclosure.plan.circle)
        return plan.member(by).name if seen else None
    return by if disclosure.kind == STAFF else None


def _group(change: Change) -> str:
    """A goal achieved is a change of its status, but a review celebrates it on its own."""
    if change.kind == "changed" and change.field == "status" and change.after == "achieved":
        return "achieved"
    return change.kind
