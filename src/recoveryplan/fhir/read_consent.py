"""Consent back from a bundle: what a ``Consent`` grants, read so that it can only narrow.

A plan's ``sharing`` decides what a circle member's copy of the plan shows, so reading it
wrongly is a breach of the person's trust, not a formatting slip. A ``Consent`` from elsewhere
can be withdrawn, expired, an opt-out, about someone else, or say "permit" at the top and
"deny" further down; each of those must share *less*, never more. So the reading here is an
upper bound (docs/fhir.md, "Consent"): a Consent grants member M the sections S only where

- its ``status`` is ``active``, its ``patient`` is the plan's person, its ``policyRule`` is not
  ``OPTOUT``;
- its root provision says ``type: permit`` explicitly and is in force today;
- a permit provision in force (the root or a nested one) names M as an actor whose role is
  not ``CST`` (a custodian keeps the record; it is never a recipient), for the sections it
  names in the recoveryplan section system (no restriction = every section, a restriction
  only to other kinds of data = no section; a permit only for some purposes, or only for
  actions other than reading, grants nothing);

and a deny at any depth takes its sections (all, when it names none a plan knows) from its
actors (every member, when it names none or names someone outside the circle) for the whole
Consent. When anything is in doubt nothing is granted. Each Consent that grants less than it
says gets a ``fhir.consent`` warning at its entry, saying why.

The export writes "M may see nothing" as a root ``deny`` that names M and no data; that
comes back as a sharing entry for M with no sections, and with no warning, because it is
exactly what the Consent says.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Final, Literal

import attrs

from ..messages import gettext
from ..serialize import child_path
from ..sharing import Section
from .mapping import CONSENT
from .reading import DATE_TIME, JSON, PARTIAL_DATE, Entry, describe
from .resolving import PlanReader
from .rows import read
from .vocabulary import IDENTIFIER_SYSTEM, SECTION_SYSTEM

__all__ = ["ConsentReading"]

CUSTODIAN: Final = "CST"
OPT_OUT: Final = "OPTOUT"
_ALL: Final = tuple(Section)
_LIMITS: Final = ("class", "data", "securityLabel", "dataPeriod")
"""Elements of a provision that limit it to kinds of data a plan has no sections for."""
_READING: Final = frozenset({"access", "use", "disclose"})
"""The consent actions (``consentaction``) that let a recipient read what is shared."""


@attrs.define
class _Provision:
    """One provision of a Consent, flattened out of the tree, with what it says."""

    node: JSON
    path: str
    kind: str | None
    in_force: bool
    members: list[str]
    everyone: bool
    sections: tuple[Section, ...]


class ConsentReading(PlanReader):
    """The part of a reading that turns each Consent into sharing entries, narrowing only."""

    def consent_sharing(self, entry: Entry, today: date) -> list[JSON]:
        """The sharing entries one Consent grants (one per circle member it names)."""
        resource, path = entry.resource, entry.path
        self.unread(resource, path, [])
        reasons: list[str] = []
        dated: JSON = {}
        read(CONSENT.part("consented_on"), resource, path, self, dated)
        applies = self._consent_applies(resource, path, reasons)
        root = self.object(resource, "provision", path)
        provisions = list(
            self._consent_provisions(root, child_path(path, "provision"), today, reasons)
        )
        top = provisions[0] if provisions else None
        if top is None:
            if applies:
                reasons.append(gettext("it has no provision saying what it permits"))
            applies = False
        elif top.kind == "deny":
            plain = (
                not top.everyone
                and len(provisions) == 1
                and top.node.get("code") is None
                and not _limited(top.node)
            )
            if applies and not plain:
                reasons.append(
                    gettext("its provision denies rather than permits, so it shares nothing")
                )
            applies = False
        elif top.kind != "permit":
            if applies:
                reasons.append(
                    gettext("its provision does not say 'permit', so in doubt it shares nothing")
                    if top.kind is None
                    # Translators: %(kind)s is the code the provision gives, quoted.
                    else gettext(
                        "its provision says %(kind)s, not 'permit', so in doubt it shares nothing"
                    )
                    % {"kind": repr(top.kind)}
                )
            applies = False
        elif not top.in_force:
            if applies:
                reasons.append(
                    gettext("its provision is not in force on %(date)s")
                    % {"date": today.isoformat()}
                )
            applies = False
        named: list[str] = []
        for provision in provisions:
            if provision.kind == "permit" or provision is top:
                named += [m for m in provision.members if m not in named]
        granted: dict[str, list[Section]] = {member: [] for member in named}
        if applies:
            self._consent_grant(provisions, granted, reasons)
        if reasons:
            called = resource.get("id")
            said = {"reasons": _listed(reasons), "id": repr(called)}
            self.finding(
                "fhir.consent",
                f"$.entry[{entry.index}]",
                # Translators: %(id)s is the Consent's id, quoted; %(reasons)s lists why, each
                # reason a message of its own.
                gettext("the Consent %(id)s grants less than it says: %(reasons)s") % said
                if type(called) is str
                else gettext("the Consent grants less than it says: %(reasons)s") % said,
            )
        sharing: list[JSON] = []
        for member in named:
            data: JSON = {"with": member}
            sections = [section.value for section in granted[member]]
            if sections:
                data["sections"] = sections
            data.update(dated)
            sharing.append(data)
        return sharing

    def _consent_grant(
        self, provisions: list[_Provision], granted: dict[str, list[Section]], reasons: list[str]
    ) -> None:
        for provision in provisions:
            if provision.kind == "permit" and provision.in_force:
                for member in provision.members:
                    granted[member] += [s for s in provision.sections if s not in granted[member]]
        for provision in provisions:
            if provision.kind != "deny":
                continue
            withheld = []
            for member, sections in granted.items():
                if provision.everyone or member in provision.members:
                    if any(s in provision.sections for s in sections):
                        withheld.append(member)
                    sections[:] = [s for s in sections if s not in provision.sections]
            if withheld:
                reasons.append(
                    # Translators: %(path)s is a JSON path; %(members)s lists circle members' ids.
                    gettext("the deny at %(path)s withholds sections from %(members)s")
                    % {"path": provision.path, "members": ", ".join(withheld)}
                )

    def _consent_applies(self, resource: JSON, path: str, reasons: list[str]) -> bool:
        """Whether the Consent as a whole is one that can grant anything: active, about the
        person, and not an opt-out."""
        status = resource.get("status")
        if status != "active":
            reasons.append(
                gettext("its status is %(status)s, not 'active'") % {"status": repr(status)}
                if type(status) is str
                else gettext("it gives no status, and only an 'active' Consent grants anything")
            )
        patient = self.object(resource, "patient", path)
        if patient is None:
            reasons.append(gettext("it names no patient"))
        elif self._consent_entry(patient, path) is not self.patient or self.patient is None:
            target = patient.get("reference")
            reasons.append(
                # Translators: %(reference)s is the reference the Consent gives, quoted.
                gettext("its patient (%(reference)s) is not the person whose plan this is")
                % {"reference": repr(target)}
                if type(target) is str
                else gettext("its patient is not the person whose plan this is")
            )
        policy = self.object(resource, "policyRule", path)
        if any(code == OPT_OUT for _, code in self.codings(policy, child_path(path, "policyRule"))):
            reasons.append(gettext("its policy rule is OPTOUT: the person opted out"))
        return not reasons

    def _consent_provisions(
        self, root: JSON | None, path: str, today: date, reasons: list[str]
    ) -> Iterator[_Provision]:
        """Every provision, the root first, each in force only when its parents are too."""
        if root is None:
            return
        stack: list[tuple[JSON, str, bool]] = [(root, path, True)]
        seen: set[int] = set()
        while stack:
            node, where, parents = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            kind = self._consent_kind(node, where, reasons, top=where == path)
            in_force = parents and self._consent_in_force(node, where, today)
            if kind == "permit" and parents and not in_force and where != path:
                reasons.append(
                    gettext("the permit at %(path)s is not in force on %(date)s")
                    % {"path": where, "date": today.isoformat()}
                )
            members, everyone = self._consent_actors(node, where, kind, reasons)
            sections = self._consent_sections(node, where, kind, reasons)
            yield _Provision(node, where, kind, in_force, members, everyone, sections)
            nested = self.items(node, "provision", where)
            stack += [(child, at, in_force) for child, at in reversed(nested)]

    def _consent_kind(self, node: JSON, path: str, reasons: list[str], *, top: bool) -> str | None:
        kind = node.get("type")
        if kind in ("permit", "deny"):
            return str(kind)
        if kind is not None and type(kind) is not str:
            self.problem(child_path(path, "type"), f"expected a code, not {describe(kind)}")
        elif not top:
            reasons.append(
                gettext("the provision at %(path)s says neither permit nor deny") % {"path": path}
            )
        return kind if type(kind) is str else None

    def _consent_in_force(self, node: JSON, path: str, today: date) -> bool:
        """Whether ``today`` is inside the provision's period; a time of day on the first or
        last day, or a period naming no single day, leaves it in doubt (not in force)."""
        period = self.object(node, "period", path)
        if period is None:
            return True
        here = child_path(path, "period")
        start = self._consent_moment(period, "start", here)
        end = self._consent_moment(period, "end", here)
        if start is None or end is None:
            return False
        if start != "open":
            day, timed = start
            if day > today or (timed and day == today):
                return False
        if end != "open":
            day, timed = end
            if day < today or (timed and day == today):
                return False
        return True

    def _consent_moment(
        self, period: JSON, key: str, path: str
    ) -> tuple[date, bool] | Literal["open"] | None:
        """``(day, has a time)``; ``"open"`` when not given; ``None`` when in doubt."""
        value = period.get(key)
        if value is None:
            return "open"
        if type(value) is str and DATE_TIME.fullmatch(value):
            try:
                return date.fromisoformat(value[:10]), len(value) > 10
            except ValueError:
                pass
        if type(value) is str and PARTIAL_DATE.fullmatch(value):
            return None
        self.day(period, key, path)  # reports what is wrong with the value, where it is
        return None

    def _consent_actors(
        self, node: JSON, path: str, kind: str | None, reasons: list[str]
    ) -> tuple[list[str], bool]:
        """The circle members a provision names, and whether it names everyone (a deny with
        no actors, or with one outside the circle: in doubt, every member)."""
        members: list[str] = []
        actors = self.items(node, "actor", path)
        everyone = not actors
        for actor, where in actors:
            role = self.object(actor, "role", where)
            custodian = any(
                code == CUSTODIAN for _, code in self.codings(role, child_path(where, "role"))
            )
            reference = self.object(actor, "reference", where)
            member = self._consent_member(reference, where) if reference is not None else None
            if member is None:
                everyone = True
                if kind == "permit":
                    reasons.append(
                        gettext("the actor at %(path)s is no one in the circle of support")
                        % {"path": where}
                    )
            elif custodian and kind != "deny":
                reasons.append(
                    # Translators: %(member)s is a circle member's id; keep CST as it is.
                    gettext("%(member)s is named as custodian (CST), never as a recipient")
                    % {"member": member}
                )
            elif member not in members:
                members.append(member)
        return members, everyone and kind == "deny"

    def _consent_member(self, reference: JSON, path: str) -> str | None:
        found = self._consent_entry(reference, path)
        if found is not None:
            return self.member_ids.get(found.index)
        logical = reference.get("identifier")
        if isinstance(logical, dict) and logical.get("system") == IDENTIFIER_SYSTEM:
            value = logical.get("value")
            if type(value) is str and value in self.member_ids.values():
                return value
        return None

    def _consent_entry(self, reference: JSON, path: str) -> Entry | None:
        target = reference.get("reference")
        return self.locate(target, path) if type(target) is str else None

    def _consent_sections(
        self, node: JSON, path: str, kind: str | None, reasons: list[str]
    ) -> tuple[Section, ...]:
        """The sections a provision is about: a permit's named sections (every one when it
        names no data at all), a deny's named sections (every one when it names none)."""
        named: list[Section] = []
        for concept, where in self.items(node, "code", path):
            for system, code in self.codings(concept, where):
                if system == SECTION_SYSTEM and code in Section.values():
                    if Section(code) not in named:
                        named.append(Section(code))
                elif system == SECTION_SYSTEM and kind == "permit":
                    reasons.append(
                        gettext("%(code)s at %(path)s is not a section of a plan")
                        % {"code": repr(code), "path": where}
                    )
        if kind == "deny":
            return tuple(named) if named else _ALL
        limits = _limited(node)
        if node.get("purpose") is not None:
            limits.append("purpose")  # only for some purposes (emergency care): in doubt
        actions = {
            code
            for concept, where in self.items(node, "action", path)
            for _, code in self.codings(concept, where)
        }
        if "action" in node and not actions & _READING:
            limits.append("action")  # only to collect or correct, say: not to read
        if limits:
            if kind == "permit":
                reasons.append(
                    # Translators: %(limits)s lists FHIR element names (purpose, dataPeriod).
                    gettext(
                        "the permit at %(path)s is limited by %(limits)s, which a plan cannot "
                        "map, so it grants no section"
                    )
                    % {"path": path, "limits": ", ".join(limits)}
                )
            return ()
        if node.get("code") is None:
            return _ALL  # a permit that names no data at all: every section
        if not named and kind == "permit":
            reasons.append(
                gettext("the permit at %(path)s names only data that is no section of a plan")
                % {"path": path}
            )
        return tuple(named)


def _listed(reasons: list[str]) -> str:
    """The reasons, each a whole message, one after another as the language lists them."""
    shown = reasons[0]
    for reason in reasons[1:]:
        # Translators: one more reason a Consent grants less, after those before it.
        shown = gettext("%(before)s; %(reason)s") % {"before": shown, "reason": reason}
    return shown


def _limited(node: JSON) -> list[str]:
    return [key for key in _LIMITS if node.get(key) is not None]
