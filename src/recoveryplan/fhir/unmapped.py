"""What a plan does not carry of a bundle, named element by element.

After the import has read a bundle, every element of every resource is either carried (the
mapping tables or a mapper looked at it: :mod:`recoveryplan.fhir.tracked` recorded it), part
of something already reported as left out as a whole, or named here in a ``fhir.unmapped``
finding: ``Type.element`` (an extension by its URL), at the bundle path of its first
occurrence with how many there were, so that a bundle of 226 Conditions gives one line.

A few elements are carried with what they belong to: a resource's ``id``, ``meta`` and its
narrative ``text`` (when the resource gives the plan something else; a resource that holds only
narrative is reported as such), the ``display`` of a followed reference or of a read coding,
and the ``text`` of a concept whose coding was read.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from ..findings import Finding
from ..messages import gettext as _
from ..messages import ngettext
from ..serialize import child_path
from .mapping import FIXED
from .reading import CODES, Entry
from .tracked import Node
from .vocabulary import IDENTIFIER_SYSTEM

__all__ = ["unmapped"]

_STRUCTURE: Final = frozenset({"resourceType", "id", "meta", "text", "contained"})
"""What every resource has around its content."""

_ADMINISTRATIVE: Final = frozenset(
    {"status", "intent", "subject", "patient", "identifier", "lifecycleStatus"}
)
"""Elements that say whose and how current a resource is, but not what it holds."""

_EXTENSIONS: Final = frozenset({"extension", "modifierExtension"})

Groups = dict[tuple[str, str], list[str]]
"""(message kind, name) → the paths where it was met, in bundle order."""


def unmapped(
    entries: Iterable[Entry], handled: frozenset[str], left_out: set[int], carried: set[int]
) -> list[Finding]:
    """The ``fhir.unmapped`` findings for what the reading did not carry, grouped.

    ``handled`` are the resource types a plan has a place for; ``left_out`` the ids of JSON
    objects already reported as left out whole; ``carried`` those carried whole (our
    extensions).
    """
    groups: Groups = {}
    whole = set(carried)
    read = []
    for entry in entries:
        resource = entry.resource
        kind = resource["resourceType"]
        if kind not in handled:
            groups.setdefault(("resource", kind), []).append(entry.path)
        elif id(resource) not in left_out and isinstance(resource, Node):
            for element, values in FIXED.get(kind, ()):
                _fixed(resource, element.split("."), values, whole)
            read.append((resource, kind, entry.path))
    for resource, kind, path in read:
        _resource(resource, kind, path, groups, left_out | whole)
    return [_finding(kind, name, paths) for (kind, name), paths in groups.items()]


def _finding(kind: str, name: str, paths: list[str]) -> Finding:
    count = len(paths)
    words: dict[str, object] = {"name": name, "count": count}
    if kind == "extension":
        words["resource"], words["url"] = name.split(" ", 1)
    message = _message(kind, name[:1] in "AEIOU", count)
    return Finding(CODES["fhir.unmapped"], "fhir.unmapped", paths[0], message % words)


def _message(kind: str, vowel: bool, count: int) -> str:
    """What was left out, once or ``count`` times (the path points at the first): a whole
    message for each kind, and for a resource type that takes "an"."""
    if kind == "resource" and count == 1:
        # Translators: %(name)s is a FHIR resource type (Observation, Encounter...).
        return (
            _("an %(name)s has no place in a plan and was left out")
            if vowel
            else _("a %(name)s has no place in a plan and was left out")
        )
    if kind == "resource":
        # Translators: %(name)s is a FHIR resource type; %(count)d how many were left out.
        return (
            ngettext(
                "an %(name)s has no place in a plan and was left out (%(count)d of them; the "
                "first is here)",
                "an %(name)s has no place in a plan and was left out (%(count)d of them; the "
                "first is here)",
                count,
            )
            if vowel
            else ngettext(
                "a %(name)s has no place in a plan and was left out (%(count)d of them; the "
                "first is here)",
                "a %(name)s has no place in a plan and was left out (%(count)d of them; the "
                "first is here)",
                count,
            )
        )
    if kind == "narrative" and count == 1:
        # Translators: %(name)s is a FHIR resource type.
        return (
            _("an %(name)s holds only narrative (text), which a plan does not read")
            if vowel
            else _("a %(name)s holds only narrative (text), which a plan does not read")
        )
    if kind == "narrative":
        # Translators: %(name)s is a FHIR resource type; %(count)d how many there were.
        return (
            ngettext(
                "an %(name)s holds only narrative (text), which a plan does not read "
                "(%(count)d of them; the first is here)",
                "an %(name)s holds only narrative (text), which a plan does not read "
                "(%(count)d of them; the first is here)",
                count,
            )
            if vowel
            else ngettext(
                "a %(name)s holds only narrative (text), which a plan does not read "
                "(%(count)d of them; the first is here)",
                "a %(name)s holds only narrative (text), which a plan does not read "
                "(%(count)d of them; the first is here)",
                count,
            )
        )
    if kind == "extension" and count == 1:
        # Translators: %(url)s is the extension's URL; %(resource)s the FHIR resource type.
        return _("the extension %(url)s on %(resource)s was left out")
    if kind == "extension":
        # Translators: %(url)s is the extension's URL; %(resource)s the FHIR resource type.
        return ngettext(
            "the extension %(url)s on %(resource)s was left out (%(count)d times; the first is "
            "here)",
            "the extension %(url)s on %(resource)s was left out (%(count)d times; the first is "
            "here)",
            count,
        )
    if count == 1:
        # Translators: %(name)s is a FHIR element (Goal.priority), as FHIR names it.
        return _("%(name)s is not carried by a plan and was left out")
    # Translators: %(name)s is a FHIR element (Goal.priority), as FHIR names it.
    return ngettext(
        "%(name)s is not carried by a plan and was left out (%(count)d times; the first is here)",
        "%(name)s is not carried by a plan and was left out (%(count)d times; the first is here)",
        count,
    )


def _fixed(node: Any, segments: list[str], values: tuple[Any, ...], whole: set[int]) -> None:
    """Forget having read an element the export always writes the same, when it holds
    something else (which a plan cannot say)."""
    if not isinstance(node, Node):
        return
    head, *rest = segments
    if rest:
        inner = node.get(head.removesuffix("[]"))
        for item in inner if isinstance(inner, list) else [inner]:
            _fixed(item, rest, values, whole)
    elif dict.__contains__(node, head):
        value = node.get(head)
        if value not in values:
            node.read.discard(head)
            return
        for item in value if isinstance(value, list) else [value]:
            whole.add(id(item))


def _resource(resource: Node, kind: str, path: str, groups: Groups, skip: set[int]) -> None:
    content = resource.looked_at() - _STRUCTURE - _ADMINISTRATIVE
    if dict.__contains__(resource, "text") and not content and not _ours(resource):
        groups.setdefault(("narrative", kind), []).append(path)
    _walk(resource, kind, path, groups, skip, top=True)


def _ours(resource: Node) -> bool:
    """Whether a resource names itself with our own identifier: it stands for a part of a plan
    (the service with no name yet, say), so its narrative is not all it holds."""
    identifiers = dict.get(resource, "identifier")
    return isinstance(identifiers, list) and any(
        isinstance(found, dict) and dict.get(found, "system") == IDENTIFIER_SYSTEM
        for found in identifiers
    )


def _walk(node: Node, name: str, path: str, groups: Groups, skip: set[int], *, top: bool) -> None:
    read = node.looked_at()
    labels = {"id"}
    if top:
        labels |= _STRUCTURE
    if "reference" in read:
        labels |= {"display", "type"}
    if "code" in read or "_code" in read:
        labels |= {"display", "version", "userSelected"}
    if "coding" in read:
        labels.add("text")
    for key, value in dict.items(node):
        if key in labels:
            continue
        here = child_path(path, key)
        element = f"{name}.{key.removeprefix('_')}"
        if key in _EXTENSIONS:
            _extensions(value, key in read, name, here, groups, skip)
        elif key not in read:
            groups.setdefault(("element", element), []).append(here)
        else:
            _inside(value, element, here, groups, skip)


def _inside(value: Any, element: str, path: str, groups: Groups, skip: set[int]) -> None:
    if isinstance(value, Node) and id(value) not in skip:
        _walk(value, element, path, groups, skip, top=False)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _inside(item, element, child_path(path, index), groups, skip)


def _extensions(
    value: Any, read: bool, resource: str, path: str, groups: Groups, skip: set[int]
) -> None:
    """Extensions are named by URL; one the reading went into is walked like any element."""
    if not isinstance(value, list):
        return
    kind = resource.split(".")[0]
    for index, item in enumerate(value):
        here = child_path(path, index)
        if not isinstance(item, Node) or id(item) in skip:
            continue
        if read and item.looked_at() - {"url"}:
            _walk(item, f"{resource}.extension", here, groups, skip, top=False)
            continue
        url = item.get("url") if type(dict.get(item, "url")) is str else "(with no url)"
        groups.setdefault(("extension", f"{kind} {url}"), []).append(here)
