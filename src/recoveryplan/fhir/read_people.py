"""The person, the service and the circle of support back from a bundle.

Who is the person and who the service, and how the care team's roles and a related person's
relationship become a circle member's role, are the bundle's structure and stay here; the
fields of each come from the mapping tables.
"""

from __future__ import annotations

from ..messages import N_
from ..messages import gettext as _
from ..people import Role
from ..serialize import child_path
from .adjustments import INTERPRETER_REQUIRED
from .codecs import HumanName, Identifiers
from .mapping import MEMBER, PERSON, SERVICE
from .member_languages import MemberLanguagesReading
from .reading import JSON, Entry
from .resolving import PlanReader
from .rows import read
from .vocabulary import CIRCLE_ROLE_SYSTEM, RELATIONSHIP_CODES

__all__ = ["PeopleReading"]

_NAME = HumanName()
_IDENTIFIERS = Identifiers()
_SECOND = N_("a second Patient was left out")


class PeopleReading(MemberLanguagesReading, PlanReader):
    """The part of a reading that finds the person, the service and the circle."""

    def find_patient(self, patients: list[Entry], main: Entry | None) -> Entry | None:
        if not patients:
            self.problem(
                "$.entry",
                "the bundle has no Patient (as an entry or contained in one); a plan is one "
                "person's plan, so the bundle needs their Patient",
            )
            return None
        chosen = patients[0]
        if main is not None:
            subject = self.object(main.resource, "subject", main.path)
            if subject is not None:
                found = self.resolve(subject, child_path(main.path, "subject"))
                if isinstance(found, Entry) and found in patients:
                    chosen = found
        for other in patients:
            if other is not chosen:
                self.leave_out(other.resource, "fhir.unmapped", other.path, _(_SECOND))
        return chosen

    def only_the_person(self, kinds: dict[str, list[Entry]]) -> dict[str, list[Entry]]:
        """The entries with those about another Patient left out, each with a warning: one
        person's plan never takes in someone else's goals, ratings or circle."""
        kept: dict[str, list[Entry]] = {}
        for kind, entries in kinds.items():
            for entry in entries:
                if kind not in ("Patient", "Consent") and self._about_another(entry):
                    self.excluded.add(entry.index)
                    called = entry.resource.get("id")
                    shown = f" {called!r}" if type(called) is str else ""
                    self.leave_out(
                        entry.resource,
                        "fhir.other-patient",
                        f"$.entry[{entry.index}]",
                        f"the {kind}{shown} is about another Patient, not the person whose "
                        "plan this is, so it was left out",
                    )
                else:
                    kept.setdefault(kind, []).append(entry)
        return kept

    def _about_another(self, entry: Entry) -> bool:
        for key in ("subject", "patient"):
            reference = entry.resource.get(key)
            target = reference.get("reference") if isinstance(reference, dict) else None
            found = self.locate(target, entry.path) if type(target) is str else None
            if found is not None and found is not self.patient:
                return bool(found.resource["resourceType"] == "Patient")
        return False

    def find_service(self, organisations: list[Entry], main: Entry | None) -> Entry | None:
        for entry in organisations:
            if self.our_id(entry.resource, entry.path) == "service":
                return entry
        if main is not None:
            author = self.object(main.resource, "author", main.path)
            if author is not None:
                found = self.resolve(author, child_path(main.path, "author"))
                if isinstance(found, Entry) and found.resource["resourceType"] == "Organization":
                    return found
        return organisations[0] if organisations else None

    def service_data(self, entry: Entry) -> JSON | None:
        data: JSON = {}
        read(SERVICE.part("name"), entry.resource, entry.path, self, data)
        self.unread(entry.resource, entry.path, SERVICE.extension_urls())
        if "name" not in data:
            return None
        read(SERVICE.part("organisation", "country"), entry.resource, entry.path, self, data)
        return data

    def person_data(self, entry: Entry) -> JSON:
        resource, path = entry.resource, entry.path
        self.unread(resource, path, [*PERSON.extension_urls(), INTERPRETER_REQUIRED])
        data: JSON = {"id": self.id_of(entry, "person")}
        identifiers = _IDENTIFIERS.get(resource, "identifier", path, self)
        if identifiers is not None:
            data["identifiers"] = identifiers
        names = self.items(resource, "name", path)
        official = [(n, p) for n, p in names if n.get("use") == "official"] or names[:1]
        usual = [(n, p) for n, p in names if n.get("use") == "usual" and (n, p) not in official]
        name = _NAME.decode(*official[0], self) if official else None
        if name is None:
            self.finding("fhir.missing", path, _("the Patient has no name; it was left empty"))
        data["name"] = name or ""
        if usual:
            preferred = _NAME.decode(*usual[0], self)
            if preferred is not None:
                data["preferred_name"] = preferred
        read(PERSON, resource, path, self, data)
        return data

    # -- the circle ----------------------------------------------------------------------------

    def circle(self, kinds: dict[str, list[Entry]], main: Entry | None) -> list[JSON]:
        team = self._care_team(kinds.get("CareTeam", []), main)
        circle: list[JSON] = []
        seen: set[int] = set()
        if team is not None:
            for participant, where in self.items(team.resource, "participant", team.path):
                member = self.object(participant, "member", where)
                if member is None:
                    continue
                found = self.resolve(member, child_path(where, "member"))
                if not isinstance(found, Entry):
                    continue
                if found.resource["resourceType"] not in ("RelatedPerson", "Practitioner"):
                    if found is not self.patient and found is not self.service:
                        self.finding(
                            "fhir.unmapped", where, _("only people can be in the circle of support")
                        )
                    continue
                if found.index in seen or found.index in self.excluded:
                    continue
                seen.add(found.index)
                role = self.first(participant, "role", where)
                circle.append(self._member(found, role))
        for kind in ("RelatedPerson", "Practitioner"):
            for entry in kinds.get(kind, []):
                if entry.index not in seen:
                    seen.add(entry.index)
                    circle.append(self._member(entry, None))
        self._one_member_per_id()
        return circle

    def _one_member_per_id(self) -> None:
        """Refuse two circle members with one id: whose copy of the plan is whose, and who a
        consent or a support action names, could not be told."""
        first: dict[str, int] = {}
        for index, member_id in self.member_ids.items():
            if member_id in first:
                self.problem(
                    f"$.entry[{index}]",
                    f"two circle members have the id {member_id!r} ($.entry[{first[member_id]}] "
                    f"and $.entry[{index}]), so whose copy of the plan is whose cannot be told; "
                    "give each its own identifier value",
                )
            else:
                first[member_id] = index

    def _care_team(self, teams: list[Entry], main: Entry | None) -> Entry | None:
        if main is not None:
            for reference, where in self.items(main.resource, "careTeam", main.path):
                found = self.resolve(reference, where)
                if isinstance(found, Entry) and found.resource["resourceType"] == "CareTeam":
                    return found
        return teams[0] if teams else None

    def _member(self, entry: Entry, role: tuple[JSON, str] | None) -> JSON:
        resource, path = entry.resource, entry.path
        self.unread(resource, path, MEMBER.extension_urls())
        member_id = self.id_of(entry, "member")
        self.member_ids[entry.index] = member_id
        data: JSON = {"id": member_id}
        read(MEMBER.part("name"), resource, path, self, data)
        # The relationship and the role are the care team's (ours), else the resource's own.
        relationship = None
        code = None
        if role is not None:
            relationship = self.text(role[0], "text", role[1])
            code = self.coded(role[0], CIRCLE_ROLE_SYSTEM, role[1])
        standard = self.first(resource, "relationship", path)
        if standard is not None:
            # Written twice (for the care team and on the resource): one copy is carried.
            own = self.text(standard[0], "text", standard[1])
            self.codings(*standard)
            if relationship is None:
                relationship = own
            elif own is not None and own != relationship:
                self.not_carried(standard[0], "text")
        if relationship is not None:
            data["relationship"] = relationship
        if code is None or code not in Role.values():
            code = self._role(entry, standard)
        data["role"] = code
        read(MEMBER.part("contact", "language", "communication"), resource, path, self, data)
        self.member_languages(data, entry)
        read(MEMBER.part("support_plan"), resource, path, self, data)
        return data

    def _role(self, entry: Entry, relationship: tuple[JSON, str] | None) -> str:
        if entry.resource["resourceType"] == "Practitioner":
            role = Role.PROFESSIONAL
        else:
            role = Role.OTHER
            codes = self.codings(*relationship) if relationship is not None else []
            for candidate, (system, code, _display) in RELATIONSHIP_CODES.items():
                if (system, code) in codes:
                    role = candidate
        self.finding(
            "fhir.assumed",
            entry.path,
            # Translators: %(role)s is the role's code, quoted, as the format writes it.
            _("no circle role given; %(role)s was assumed") % {"role": repr(role.value)},
        )
        return role.value
