"""The FHIR mapping, one table per resource: which model field goes in which element, and how.

Each row pairs a field of a model class with a FHIR element and a codec, or carries the field
as this project's extension (:mod:`recoveryplan.fhir.rows` says how rows are written and read).
The export writes every row and the import reads every row back, so a field is mapped in
exactly one place: carrying a new field of a risk plan to FHIR is one row in :data:`RISK`. An
extension row may say where the extension is used, its value and what it means, for the
documentation; what it does not say comes from the model (:mod:`recoveryplan.fhir.codes`).
What is not one field in one element (which resources there are, the references between them,
statuses written twice for people) is in the export and the ``read_*`` modules.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from ..goals import Goal, Outcome, SupportAction
from ..messages import N_
from ..people import CircleMember, Person, Service
from ..plan import Plan
from ..ratings import Rating
from ..risk import Concern, RiskPlan
from ..safety import SafetyPlan
from ..sharing import SharingConsent
from .codecs import (
    Coded,
    ConceptText,
    Day,
    Each,
    FrameworkCode,
    GoalRef,
    GoalStatus,
    HumanName,
    Language,
    PersonRef,
    Quantity,
    Text,
)
from .rows import EXTENSION, Absent, Row, Table, ext
from .vocabulary import CONSENT_SCOPE_SYSTEM, SECTION_SYSTEM, care_plan_kind

__all__ = [
    "CONCERN",
    "CONSENT",
    "EXTENSION",
    "FIXED",
    "GOAL",
    "MEMBER",
    "OUTCOME",
    "PERSON",
    "PLAN",
    "RATING",
    "RISK",
    "SAFETY_PLAN",
    "SERVICE",
    "STEP_STATUS",
    "SUPPORT",
    "TABLES",
    "Absent",
    "Row",
    "Table",
    "ext",
    "written",
]

OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE: Final = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION: Final = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"

# -- the tables ------------------------------------------------------------------------------------

_STATEMENT: Final = Row(
    "statement",
    "description",
    ConceptText(display=True),
    Absent(
        "fhir.missing", N_("the goal has no description; it was left empty"), "", on_element=True
    ),
)
_STATUS: Final = Row("status", "lifecycleStatus", GoalStatus())
_STATUS_NOTE: Final = Row("status_note", "statusReason", Text())

OUTCOME: Final = Table(
    Outcome,
    "Goal (an outcome)",
    (
        _STATEMENT,
        Row("domain", "category", FrameworkCode(many=True)),
        ext(
            "based_on",
            "the id of an assessment item the outcome is based on",
            where="Goal (an outcome), one per item",
        ),
        Row("target_on", "target[].dueDate", Day()),
        _STATUS,
        ext("achieved_on", "the day the outcome or small goal was achieved", where="Goal"),
        _STATUS_NOTE,
    ),
)

GOAL: Final = Table(
    Goal,
    "Goal (a small goal)",
    (
        _STATEMENT,
        Row("due_on", "target[].dueDate", Day()),
        _STATUS,
        ext("achieved_on", "the day the outcome or small goal was achieved", where="Goal"),
        _STATUS_NOTE,
        ext("celebration", "how achieving it will be celebrated"),
    ),
)

SUPPORT: Final = Table(
    SupportAction,
    "CarePlan.activity.detail",
    (
        Row(
            "action",
            "description",
            Text(),
            Absent("fhir.unmapped", N_("an activity with no description"), stop=True),
        ),
        Row(
            "by",
            "performer[]",
            PersonRef(),
            Absent("fhir.assumed", N_("no performer; the service was assumed"), "service"),
        ),
    ),
)

RISK: Final = Table(
    RiskPlan,
    "RiskAssessment",
    (
        Row(
            "activity",
            "reasonCode[].text",
            Text(),
            Absent("fhir.missing", N_("the risk assessment names no activity"), ""),
        ),
        Row("supports", "basis", Each(GoalRef())),
        ext("benefits", "a benefit of the activity", where="RiskAssessment, one per benefit"),
        ext("if_not_done", "what happens if the person does not do the activity"),
        ext("persons_view", "the person's own view of the risk"),
        ext("capacity", "the person's capacity for this decision"),
        ext(
            "safeguards",
            "an agreed action that makes the risk safer (also summarised in `mitigation`)",
            where="RiskAssessment, one per safeguard",
            value="complex: `id`, `action`, `by` (valueReference), `addresses` (repeating; "
            "concern ids)",
        ),
        ext("contingency", "what happens if things go wrong"),
        ext("decision", "what was decided, when, who agreed and who did not"),
        ext("review_on", "when the risk plan is next looked at"),
    ),
)

CONCERN: Final = Table(
    Concern,
    "RiskAssessment.prediction",
    (Row("description", "outcome.text", Text(), Absent(fallback="")),),
)

_NO_RATING: Final = N_("a rating needs a day and a whole-number value")

RATING: Final = Table(
    Rating,
    "Observation",
    (
        Row(
            "domain",
            "code",
            FrameworkCode(),
            Absent("fhir.unmapped", N_("an observation that is not a rating"), stop=True),
        ),
        Row("on", "effectiveDateTime", Day(), Absent("fhir.missing", _NO_RATING, stop=True)),
        Row("value", "valueInteger", Quantity(), Absent("fhir.missing", _NO_RATING, stop=True)),
        Row(
            "by",
            "performer[]",
            PersonRef(),
            Absent(
                "fhir.assumed", N_("no performer; the rating was taken as the person's"), "person"
            ),
        ),
        Row("note", "note[].text", Text()),
    ),
)

CONSENT: Final = Table(
    SharingConsent,
    "Consent",
    (
        Row(
            "member",
            "provision.actor[].reference",
            PersonRef(),
            Absent("fhir.unmapped", N_("a consent that names nobody to share with"), stop=True),
        ),
        Row("sections", "provision.code", Each(Coded(SECTION_SYSTEM))),
        Row("consented_on", "dateTime", Day()),
    ),
)

PERSON: Final = Table(
    Person,
    "Patient",
    (
        ext("pronouns", "the person's pronouns"),
        Row("date_of_birth", "birthDate", Day()),
        Row("language", "communication", Language()),
        ext(
            "communication",
            "an information or communication need: in the person's words (`valueString`), "
            "or coded (complex: `kind`, `size`, `language`, `text`)",
            where="Patient, one per need",
            value="`valueString`, or complex: `kind`, `size`, `language`, `text`",
        ),
    ),
)

SERVICE: Final = Table(
    Service,
    "Organization",
    (
        Row("name", "name", Text()),
        ext(
            "organisation",
            "the organisation the service belongs to",
            where="Organization (the service)",
        ),
        ext(
            "country",
            "where in the UK the service is (ISO 3166-2), for the crisis card's numbers",
            where="Organization (the service)",
        ),
    ),
)

MEMBER: Final = Table(
    CircleMember,
    "RelatedPerson or Practitioner",
    (
        Row(
            "name",
            "name[]",
            HumanName(),
            Absent("fhir.missing", N_("someone in the circle has no name; left empty"), ""),
        ),
        Row("contact", "telecom[].value", Text(), around=(("system", "other"),)),
        ext(
            "support_plan",
            "a carer's own support plan: where it is kept, when it was offered and when it is "
            "next reviewed",
            value="complex: `reference`, `offered_on`, `review_on`",
        ),
        ext(
            "language",
            "the language the member prefers (BCP 47), which their copy is in",
            where="RelatedPerson or Practitioner",
        ),
        ext(
            "communication",
            "one of the member's own information or communication needs",
            where="RelatedPerson or Practitioner, one per need",
            value="`valueString`, or complex: `kind`, `size`, `language`, `text`",
        ),
    ),
)

PLAN: Final = Table(
    Plan,
    "CarePlan (the plan)",
    (
        Row("created_on", "created", Day(), also="period.start"),
        ext("next_review_on", "when the plan is next reviewed"),
        ext(
            "assessment",
            "the strengths-based assessment, in the words of whoever said each thing; "
            "`valueBoolean` true when it holds nothing yet",
            value="complex: `on`, `with` (repeating), `items` (repeating; each complex: `id`, "
            "`kind`, `domain`, `text`, `voice`, `raised_by`, `statutory_basis`, `private`, "
            "`answer`)",
        ),
        ext(
            "reviews",
            "a review meeting (also summarised, for people, in `CarePlan.note`)",
            where="CarePlan (the plan), one per review",
            value="complex: `on`, `with` (repeating), `went_well`, `changed`, `next`, "
            "`decisions` (repeating; each complex: `about`, `decision`, `due_on`, `note`)",
        ),
        ext(
            "agreements",
            "the day the plan was agreed, and who agreed it",
            where="CarePlan (the plan), one per agreement",
            value="complex: `on`, `by`",
        ),
    ),
)

SAFETY_PLAN: Final = Table(
    SafetyPlan,
    "CarePlan (the safety plan)",
    (
        ext(
            "warning_signs",
            "a warning sign that things are getting hard",
            where="CarePlan (the safety plan), one per sign",
        ),
        ext(
            "people_to_ask",
            "someone the person can ask for help",
            where="CarePlan (the safety plan), one per person",
        ),
        ext(
            "professionals",
            "a professional, service or crisis line",
            where="CarePlan (the safety plan), one per contact",
        ),
        ext(
            "reasons_for_living",
            "a reason for living, in the person's words",
            where="CarePlan (the safety plan), one per reason",
        ),
    ),
)

TABLES: Final = (
    PERSON,
    SERVICE,
    MEMBER,
    PLAN,
    SUPPORT,
    OUTCOME,
    GOAL,
    RISK,
    CONCERN,
    RATING,
    CONSENT,
    SAFETY_PLAN,
)
"""Every table, in the order the documentation lists them."""


def _concept(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    coding = {"system": system, "code": code}
    if display is not None:
        coding["display"] = display
    return {"coding": [coding]}


FIXED: Final[dict[str, tuple[tuple[str, tuple[Any, ...]], ...]]] = {
    "CarePlan": (
        ("status", ("active",)),
        ("intent", ("plan",)),
        ("title", ("Recovery plan", "Safety plan")),
        (
            "category",
            (
                [care_plan_kind("recovery-plan")],
                [care_plan_kind("safety-plan")],
            ),
        ),
    ),
    "CareTeam": (("status", ("active",)),),
    "Observation": (
        ("status", ("final",)),
        ("category", ([_concept(OBSERVATION_CATEGORY, "survey")],)),
    ),
    "Consent": (
        ("status", ("active",)),
        ("scope", (_concept(CONSENT_SCOPE_SYSTEM, "patient-privacy"),)),
        ("category", ([_concept("http://loinc.org", "59284-0")],)),
        ("policyRule", (_concept(ACT_CODE, "OPTIN"),)),
        ("provision.type", ("permit", "deny")),
        ("provision.actor[].role", (_concept(PARTICIPATION, "IRCP"),)),
    ),
}
"""Elements whose value the export always writes the same, because a plan means it (a plan is
active, a rating is a final survey, a sharing is an opt-in permit for a recipient, or a deny
when the person shares nothing with them yet). Read back,
such an element is carried when it holds one of these values; any other value is something a
plan cannot say, and the import names it as not carried. An element path as in a row; ``[]``
means each object of the list."""


def written(kind: str, element: str) -> Any:
    """The one value the export writes for a fixed ``element`` of a ``kind`` of resource (a
    fresh copy, so a resource can be changed without changing the table)."""
    (value,) = dict(FIXED[kind])[element]
    return copy.deepcopy(value)


STEP_STATUS: Final = "in-progress"
"""The activity status of every safety plan step (a support action's follows its goal's)."""
