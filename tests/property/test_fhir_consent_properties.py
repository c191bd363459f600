"""No imported bundle lets a reader see more than the permits in it allow.

Generated plans are exported, then their Consents are changed the ways other systems write
them (statuses, policy rules, patients, provision types, periods, nested provisions, actors,
roles, section codes, limits by class). The upper bound of what each circle member may see is
worked out here, independently of the import, straight from the rule in docs/fhir.md; the
imported plan's sharing must stay inside it.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import recoveryplan as rp
from recoveryplan.audience import shared_sections
from recoveryplan.fhir import from_fhir, to_fhir
from recoveryplan.testing.strategies import circle_members, parts, plans

TODAY = date(2026, 6, 2)
SECTION = "https://recoveryplan.dev/fhir/CodeSystem/section"
ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
ALL = set(rp.Section)
OTHER_PATIENT = "urn:uuid:00000000-0000-4000-8000-0000000000ff"
LIMITS = ("class", "data", "securityLabel", "dataPeriod")
Json = dict[str, Any]


def _concept(system: str, code: str) -> Json:
    return {"coding": [{"system": system, "code": code}]}


# -- the bundle's parts, and how to change a Consent ------------------------------------------


class Parts:
    """Who is who in an exported bundle, by the references a Consent can use."""

    def __init__(self, bundle: Json) -> None:
        self.members: dict[str, str] = {}  # fullUrl -> circle id
        self.relative: dict[str, str] = {}  # "RelatedPerson/<id>" -> circle id
        self.person = ""
        self.service: str | None = None
        for entry in bundle["entry"]:
            resource = entry["resource"]
            kind = resource["resourceType"]
            if kind == "Patient" and not self.person:
                self.person = entry["fullUrl"]
                self.person_id = resource["id"]
            elif kind == "Organization":
                self.service = entry["fullUrl"]
            elif kind in ("RelatedPerson", "Practitioner"):
                ours = resource["identifier"][0]["value"]
                self.members[entry["fullUrl"]] = ours
                self.relative[f"{kind}/{resource['id']}"] = ours

    def targets(self) -> list[str]:
        """References an actor may have: circle members most often, as other systems do."""
        found = [*self.members, *self.members, *self.relative, self.person, OTHER_PATIENT]
        found += [f"http://other.example/fhir/{r}" for r in self.relative]
        return found + ([self.service] if self.service else [])

    def member(self, reference: str) -> str | None:
        return self.members.get(reference) or self.relative.get(reference)


_DAYS = st.integers(-3, 3).map(lambda n: TODAY + timedelta(days=n))


@st.composite
def _moment(draw: st.DrawFn) -> str:
    day = draw(_DAYS)
    form = draw(st.sampled_from(["date", "dateTime", "month"]))
    if form == "date":
        return day.isoformat()
    if form == "month":
        return day.isoformat()[:7]
    return f"{day.isoformat()}T{draw(st.sampled_from(['00:00:00', '12:30:00']))}Z"


@st.composite
def _period(draw: st.DrawFn) -> Json | None:
    if draw(st.booleans()):
        return None
    period = {}
    if draw(st.booleans()):
        period["start"] = draw(_moment())
    if draw(st.booleans()):
        period["end"] = draw(_moment())
    return period


_CODES = st.lists(
    st.one_of(
        st.sampled_from([s.value for s in rp.Section]).map(lambda c: _concept(SECTION, c)),
        st.just(_concept(SECTION, "everything")),
        st.just(_concept("http://loinc.org", "11369-6")),
        st.just({"text": "Laboratory results"}),
    ),
    min_size=1,
    max_size=3,
)


@st.composite
def _provision(draw: st.DrawFn, parts: Parts, depth: int) -> Json:
    node: Json = {}
    kind = draw(st.sampled_from(["permit", "deny", None]))
    if kind is not None:
        node["type"] = kind
    actors = draw(
        st.lists(
            st.tuples(
                st.sampled_from(parts.targets()),
                st.sampled_from(["IRCP", "CST", "CST", "PRCP", None]),
            ),
            max_size=3,
        )
    )
    if actors:
        node["actor"] = []
        for target, role in actors:
            actor: Json = {"reference": {"reference": target}}
            if role is not None:
                actor["role"] = _concept(PARTICIPATION, role)
            node["actor"].append(actor)
    if draw(st.booleans()):
        node["code"] = draw(_CODES)
    if draw(st.integers(0, 5)) == 0:
        node["class"] = [{"system": "http://hl7.org/fhir/resource-types", "code": "Goal"}]
    period = draw(_period())
    if period:
        node["period"] = period
    if depth < 2:
        nested = draw(st.lists(_provision(parts, depth + 1), max_size=2))
        if nested:
            node["provision"] = nested
    return node


CHANGES = ("status", "policy", "patient", "type", "actors", "codes", "period", "nested", "limit")
"""What other systems' Consents differ in; actors and nesting, where the subtle cases are, twice
as often as the rest."""
_WEIGHTED = (*CHANGES, "actors", "nested")


@st.composite
def _changed(draw: st.DrawFn, consent: Json, parts: Parts) -> Json:
    """The Consent with one to three things changed (so that the rest still grants)."""
    consent = copy.deepcopy(consent)
    root = consent["provision"]
    for change in draw(st.sets(st.sampled_from(_WEIGHTED), min_size=1, max_size=2)):
        if change == "status":
            status = draw(
                st.sampled_from(["draft", "proposed", "rejected", "inactive", "entered-in-error"])
            )
            consent["status"] = status
        elif change == "policy":
            policy = draw(st.sampled_from(["OPTOUT", "OPTIN", None]))
            if policy is None:
                del consent["policyRule"]
            else:
                consent["policyRule"] = _concept(ACT, policy)
        elif change == "patient":
            patient = draw(st.sampled_from(["other", "relative", "elsewhere", None]))
            if patient is None:
                del consent["patient"]
            else:
                consent["patient"] = {
                    "reference": {
                        "other": OTHER_PATIENT,
                        "relative": f"Patient/{parts.person_id}",
                        "elsewhere": f"http://other.example/fhir/Patient/{parts.person_id}",
                    }[patient]
                }
        elif change == "type":
            kind = draw(st.sampled_from(["permit", "deny", None, "bogus"]))
            if kind is None:
                root.pop("type", None)
            else:
                root["type"] = kind
        elif change == "actors":
            root["actor"] = draw(_provision(parts, 2)).get("actor", [])
            if not root["actor"]:
                del root["actor"]
        elif change == "codes":
            if draw(st.booleans()):
                root["code"] = draw(_CODES)
            else:
                root.pop("code", None)
        elif change == "period":
            root["period"] = draw(_period()) or {"end": "2026-06-01"}
        elif change == "nested":
            root["provision"] = draw(st.lists(_provision(parts, 1), min_size=1, max_size=2))
        elif change == "limit":
            root["class"] = [{"system": "http://hl7.org/fhir/resource-types", "code": "Goal"}]
    return consent


# -- the rule, worked out independently --------------------------------------------------------


def _in_force(node: Json) -> bool:
    """Whether a period could be in force today (a loose reading: the bound is an upper one)."""
    period = node.get("period")
    if not period:
        return True
    start, end = period.get("start"), period.get("end")
    if start is not None and start[:10] > TODAY.isoformat():
        return False
    return not (end is not None and len(end) >= 10 and end[:10] < TODAY.isoformat())


def _named_sections(node: Json) -> set[rp.Section]:
    values = {s.value for s in rp.Section}
    return {
        rp.Section(coding["code"])
        for concept in node.get("code", [])
        for coding in concept.get("coding", [])
        if coding.get("system") == SECTION and coding.get("code") in values
    }


def _walk(node: Json) -> list[Json]:
    found = [node]
    for child in node.get("provision", []):
        found += _walk(child)
    return found


def _bound(consent: Json, parts: Parts, members: set[str]) -> dict[str, set[rp.Section]]:
    """What one Consent may grant each member under the rule."""
    patient = consent.get("patient", {}).get("reference")
    policies = [c.get("code") for c in consent.get("policyRule", {}).get("coding", [])]
    root = consent.get("provision", {})
    if (
        consent.get("status") != "active"
        or patient not in (parts.person, f"Patient/{parts.person_id}")
        or "OPTOUT" in policies
        or root.get("type") != "permit"
        or not _in_force(root)
    ):
        return {}
    granted: dict[str, set[rp.Section]] = {}
    for node in _walk(root):
        if node.get("type") != "permit" or not _in_force(node):
            continue
        limited = "code" in node or any(key in node for key in LIMITS)
        sections = _named_sections(node) if limited else ALL
        for actor in node.get("actor", []):
            roles = [c.get("code") for c in actor.get("role", {}).get("coding", [])]
            member = parts.member(actor["reference"]["reference"])
            if member is not None and "CST" not in roles:
                granted.setdefault(member, set()).update(sections)
    for node in _walk(root):
        if node.get("type") != "deny":
            continue
        sections = _named_sections(node) or ALL
        actors = node.get("actor", [])
        named = {parts.member(a["reference"]["reference"]) for a in actors}
        for member in members if not actors else named - {None}:
            granted.get(str(member), set()).difference_update(sections)
    return granted


def _void(consent: Json, parts: Parts) -> bool:
    """A Consent that as a whole grants nothing, which the import must say."""
    patient = consent.get("patient", {}).get("reference")
    policies = [c.get("code") for c in consent.get("policyRule", {}).get("coding", [])]
    return (
        consent.get("status") != "active"
        or patient not in (parts.person, f"Patient/{parts.person_id}")
        or "OPTOUT" in policies
        or consent["provision"].get("type") not in ("permit", "deny")
    )


ADDED = "member-added"
"""The id of a circle member given to a plan drawn without sharing; every id a plan is drawn
with ends in a number, so it is never already there."""


@st.composite
def _sharing(draw: st.DrawFn, drawn: st.SearchStrategy[rp.Plan]) -> rp.Plan:
    """A plan of ``drawn`` that shares with someone: one drawn sharing with nobody (no circle,
    or a person who shares nothing) gets one more member and their consent, so that no draw
    is thrown away."""
    plan = draw(drawn)
    if plan.sharing:
        return plan
    member = attrs.evolve(draw(circle_members()), id=ADDED)
    consent = attrs.evolve(draw(parts(rp.SharingConsent)), member=ADDED)
    return attrs.evolve(plan, circle=(*plan.circle, member), sharing=(consent,))


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    _sharing(
        st.one_of(
            plans(max_items=3, sections=("service", "circle", "sharing"), consent="everything"),
            plans(max_items=3, sections=("service", "circle", "sharing")),
            plans(max_items=2, max_goals=3, max_depth=2),
        )
    ),
    st.data(),
)
def test_no_imported_bundle_shares_more_than_its_permits_allow(
    plan: rp.Plan, data: st.DataObject
) -> None:
    bundle = to_fhir(plan)
    bundle["entry"].append(
        {"fullUrl": OTHER_PATIENT, "resource": {"resourceType": "Patient", "id": "other"}}
    )
    if data.draw(st.booleans()):  # one Consent alone, so no other one grants the same
        consents = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Consent"]
        bundle["entry"] = [e for e in bundle["entry"] if e not in consents[1:]]
    parts = Parts(bundle)
    members = set(parts.members.values())
    bound: dict[str, set[rp.Section]] = {}
    void: list[int] = []
    for index, entry in enumerate(bundle["entry"]):
        if entry["resource"]["resourceType"] != "Consent":
            continue
        if data.draw(st.integers(0, 3)) > 0:
            entry["resource"] = data.draw(_changed(entry["resource"], parts))
        for member, sections in _bound(entry["resource"], parts, members).items():
            bound.setdefault(member, set()).update(sections)
        if _void(entry["resource"], parts):
            void.append(index)
    back, findings = from_fhir(bundle, today=TODAY)
    for reader in back.circle:
        seen = set(shared_sections(back, reader.id))
        assert seen <= bound.get(reader.id, set()), (reader.id, seen, bound)
    warned = {f.path for f in findings if f.code == "fhir.consent" and f.severity == "warning"}
    assert {f"$.entry[{index}]" for index in void} <= warned
