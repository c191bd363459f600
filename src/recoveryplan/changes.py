"""What changed between two versions of a plan: :func:`diff`.

Versions are compared by element id, not list position (:mod:`recoveryplan.elements`): a
part with an id is added, removed, changed field by field, or moved to another parent, and
each of those is one :class:`Change`, said in a plain sentence
(:mod:`recoveryplan.change_sentences`). Parts without an id are compared field by field
wherever they sit, and the entries of their lists by what identifies them (a rating by its
day and domain, a consent by its member), so a rating added is one change.

Some fields move together: a goal achieved gets its date too, a consent its day. The
date is said in the sentence of the field it goes with, and is not a change of its own.

For one reader, both versions are seen through that reader's consent in the newer version
(:func:`recoveryplan.audience.redact_as`): a widened consent is one change, not every part
it makes visible, and nothing a reader may not see is ever named.
"""

from __future__ import annotations

from typing import Any

import attrs

from ._converter import converter
from ._fields import json_key
from ._walking import differing
from .audience import disclose, redact_as
from .change_sentences import About, sentence
from .elements import ROOT, Element, elements, match_entries
from .plan import Plan

__all__ = ["KINDS", "Change", "diff"]

KINDS = ("added", "removed", "changed", "moved")
"""The kinds of change, as :attr:`Change.kind` says them."""

_GOES_WITH: dict[str, frozenset[str]] = {
    "status": frozenset({"achieved_on", "on"}),
    "sections": frozenset({"consented_on"}),
}
"""Fields whose change is said with another's: when a part's ``status`` changes, the day it
was achieved (or decided) is part of that change; when a consent's sections change, the day
it was given."""


@attrs.frozen(kw_only=True)
class Change:
    """One change between two versions of a plan; ``str()`` is its sentence."""

    kind: str
    """``added``, ``removed``, ``changed`` or ``moved``."""
    id: str | None
    """The id of the part it is in (or is): ``None`` for what belongs to the plan itself."""
    path: str
    """Its JSON path in the newer version (in the older one for a removal)."""
    field: str | None
    """The field's key in the format: ``parent`` for a move, the list for an entry added to
    or removed from a list without ids, ``None`` for a part with an id added or removed."""
    before: Any
    """The value before, as JSON values (``None`` for an addition)."""
    after: Any
    """The value after, as JSON values (``None`` for a removal)."""
    message: str
    """The sentence that says it."""

    def __str__(self) -> str:
        return self.message

    def to_json(self) -> dict[str, Any]:
        """The change as a JSON object (what ``recoveryplan diff --format json`` prints)."""
        return {
            "kind": self.kind,
            "id": self.id,
            "path": self.path,
            "field": self.field,
            "before": self.before,
            "after": self.after,
            "message": self.message,
        }


def diff(old: Plan, new: Plan, *, audience: str | None = None) -> list[Change]:
    """What changed from ``old`` to ``new``: every part added, removed, changed or moved.

    ``audience`` (``"person"``, ``"staff"`` or a circle member's id) sees both versions
    through their consent in ``new``; ``None`` is everything, as the staff see it.
    """
    for name, plan in (("old", old), ("new", new)):
        if not isinstance(plan, Plan):
            raise TypeError(f"diff() takes two Plans; {name} is a {type(plan).__name__}")
    if audience is not None:
        disclosure = disclose(new, audience)
        old, new = redact_as(old, disclosure), disclosure.plan
    return _Diff(old, new).changes()


class _Diff:
    def __init__(self, old: Plan, new: Plan) -> None:
        self.old, self.new = old, new
        self.before = elements(old)
        self.after = elements(new)

    def changes(self) -> list[Change]:
        found: list[Change] = []
        for key, now in self.after.items():
            was = self.before.get(key)
            if was is not None and type(was.part) is not type(now.part):
                found.extend(self._whole(was, "removed"))
                was = None
            if was is None:
                found.extend(self._whole(now, "added"))
                continue
            if was.parent != now.parent:
                found.append(self._moved(was, now))
            if was.part is not now.part and was.part != now.part:
                found.extend(self._parts(was.own, now.own, now.path, now))
        for key, was in self.before.items():
            if key not in self.after:
                found.extend(self._whole(was, "removed"))
        return sorted(found, key=_section_order)

    def _whole(self, element: Element, kind: str) -> list[Change]:
        """A part with an id added or removed; nothing for one inside a part added or
        removed with it (that part's own change says it)."""
        other = self.before if kind == "added" else self.after
        if element.parent is None or element.parent not in other:
            return []
        plan = self.new if kind == "added" else self.old
        holder = (self.after if kind == "added" else self.before)[element.parent].part
        value = _json(element.part)
        about = About(
            kind=kind,
            part=element.part,
            field=None,
            before=None,
            after=None,
            element=holder,
            plan=plan,
        )
        return [
            Change(
                kind=kind,
                id=element.key,
                path=element.path,
                field=None,
                before=value if kind == "removed" else None,
                after=value if kind == "added" else None,
                message=sentence(about),
            )
        ]

    def _moved(self, was: Element, now: Element) -> Change:
        old_parent = self.before[was.parent].part if was.parent else self.old
        new_parent = self.after[now.parent].part if now.parent else self.new
        about = About(
            kind="moved",
            part=now.part,
            field=None,
            before=old_parent,
            after=new_parent,
            element=now.part,
            plan=self.new,
        )
        return Change(
            kind="moved",
            id=now.key,
            path=now.path,
            field="parent",
            before=_parent_id(was.parent),
            after=_parent_id(now.parent),
            message=sentence(about),
        )

    def _parts(self, was: Any, now: Any, path: str, element: Element) -> list[Change]:
        """The changes between two versions of one part, field by field."""
        found: list[tuple[str, Change]] = []
        for shape, before, after, here in differing(was, now, path):
            field = shape.field
            if shape.entries is not None:
                changes = self._entries(field, before, after, here, element)
            elif shape.part is not None and before is not None and after is not None:
                changes = self._parts(before, after, here, element)
            else:
                changes = [self._field(field, was, now, before, after, here, element)]
            found.extend((field.name, change) for change in changes)
        changed = {name for name, _ in found}
        folded = {name for name in changed for name in _GOES_WITH.get(name, ())}
        return [change for name, change in found if name not in folded]

    def _field(
        self,
        field: attrs.Attribute[Any],
        earlier: Any,
        part: Any,
        before: Any,
        after: Any,
        path: str,
        element: Element,
    ) -> Change:
        kind = "changed"
        if attrs.has(type(before)) or attrs.has(type(after)):
            kind = "added" if before is None else "removed" if after is None else kind
        about = About(
            kind=kind,
            part=part,
            field=field,
            before=before,
            after=after,
            element=element.part,
            plan=self.new,
            earlier=earlier,
        )
        if kind != "changed":
            about = attrs.evolve(about, field=None, part=after if kind == "added" else before)
        return Change(
            kind=kind,
            id=_parent_id(element.key),
            path=path,
            field=json_key(field),
            before=_json(before),
            after=_json(after),
            message=sentence(about),
        )

    def _entries(
        self,
        field: attrs.Attribute[Any],
        before: tuple[Any, ...],
        after: tuple[Any, ...],
        path: str,
        element: Element,
    ) -> list[Change]:
        """The changes to a list of entries without ids."""
        found: list[Change] = []
        for i, j in match_entries(before, after):
            if i is not None and j is not None:
                found.extend(self._parts(before[i], after[j], f"{path}[{j}]", element))
                continue
            kind = "added" if i is None else "removed"
            entry = after[j] if j is not None else before[i if i is not None else 0]
            about = About(
                kind=kind,
                part=entry,
                field=field,
                before=None if kind == "added" else entry,
                after=entry if kind == "added" else None,
                element=element.part,
                plan=self.new if kind == "added" else self.old,
            )
            found.append(
                Change(
                    kind=kind,
                    id=_parent_id(element.key),
                    path=f"{path}[{j if j is not None else i}]",
                    field=json_key(field),
                    before=_json(entry) if kind == "removed" else None,
                    after=_json(entry) if kind == "added" else None,
                    message=sentence(about),
                )
            )
        return found


def _section_order(change: Change) -> int:
    """Where a change's section comes in the plan, so that changes read in the plan's order
    (the plan's own fields are compared first, its parts with ids after)."""
    top = change.path[2:].split("[", 1)[0].split(".", 1)[0]
    return _SECTIONS.get(top, len(_SECTIONS))


_SECTIONS: dict[str, int] = {
    json_key(field): index for index, field in enumerate(attrs.fields(Plan).__iter__())
}


def _parent_id(key: str | None) -> str | None:
    return None if key in (None, ROOT) else key


def _json(value: Any) -> Any:
    """A value as JSON values, as the format writes it."""
    found: Any = converter(False).unstructure(value)
    return found
