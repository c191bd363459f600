"""recoveryplan: person-centred recovery plans, their interchange format and their checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import on_first_use
from ._version import __version__
from .agreement import Agreement
from .assessment import Assessment, AssessmentItem, ItemKind, Voice
from .communication import Country, Need, NeedKind
from .errors import (
    ConflictError,
    ConsentError,
    FrameworkConflictError,
    MissingExtraError,
    PlanError,
    PlanFormatError,
    PlanReadError,
    PlanValueError,
    PlanWriteError,
    Problem,
    UnknownAudienceError,
    UnknownReferenceError,
)
from .findings import Finding
from .fingerprints import fingerprint
from .frameworks import Domain, Framework, RatingScale
from .goals import Goal, Outcome, Status, SupportAction
from .hookspecs import hookimpl
from .people import CircleMember, Identifier, Person, Role, Service, SupportPlan
from .plan import FORMAT, GoalPlace, Plan
from .plugin_config import PluginConfig, PluginConfigError, plugin_config
from .plugin_setup import configure_plugins, use_plugin_config
from .plugins import PluginError, frameworks, get_plugins
from .ratings import Rating
from .render import render
from .reviews import DecisionKind, Review, ReviewDecision
from .risk import (
    Capacity,
    CapacityStatus,
    Concern,
    Decision,
    DecisionStatus,
    Dissent,
    Likelihood,
    RiskPlan,
    Safeguard,
    Severity,
)
from .safety import Distraction, Professional, SafetyPlan
from .schema import json_schema
from .serialize import dump, dumps, from_data, load, loads, to_data
from .sharing import Section, SharingConsent
from .store import Revision, open_store
from .validate import validate

if TYPE_CHECKING:
    from .calendar import to_ical
    from .caseload import ReportSummary, caseload_report
    from .changes import Change, diff
    from .demo import example_path
    from .fhir import fhir_revision, from_fhir, to_fhir
    from .language import LanguageRule, LanguageSuggestion, check_language
    from .merging import Conflict, merge

_LAZY = {
    "Change": ".changes",
    "Conflict": ".merging",
    "LanguageRule": ".language",
    "LanguageSuggestion": ".language",
    "ReportSummary": ".caseload",
    "caseload_report": ".caseload",
    "check_language": ".language",
    "diff": ".changes",
    "example_path": ".demo",
    "fhir_revision": ".fhir",
    "from_fhir": ".fhir",
    "merge": ".merging",
    "to_fhir": ".fhir",
    "to_ical": ".calendar",
}
"""Public names whose modules load on first use: ``import recoveryplan`` and the command
line's start-up (``--version``, ``--help``) should not pay for FHIR, the calendar (which takes
the template context, and with it Jinja and Babel), the caseload report (batch work in worker
processes), the language check's rules, or comparing and merging versions, which most runs
never touch. See docs/layout.md, "Imports on first use"."""


if not TYPE_CHECKING:  # type checkers see the names themselves, imported above
    __getattr__, __dir__ = on_first_use(__name__, _LAZY)


__all__ = [
    "FORMAT",
    "Agreement",
    "Assessment",
    "AssessmentItem",
    "Capacity",
    "CapacityStatus",
    "Change",
    "CircleMember",
    "Concern",
    "Conflict",
    "ConflictError",
    "ConsentError",
    "Country",
    "Decision",
    "DecisionKind",
    "DecisionStatus",
    "Dissent",
    "Distraction",
    "Domain",
    "Finding",
    "Framework",
    "FrameworkConflictError",
    "Goal",
    "GoalPlace",
    "Identifier",
    "ItemKind",
    "LanguageRule",
    "LanguageSuggestion",
    "Likelihood",
    "MissingExtraError",
    "Need",
    "NeedKind",
    "Outcome",
    "Person",
    "Plan",
    "PlanError",
    "PlanFormatError",
    "PlanReadError",
    "PlanValueError",
    "PlanWriteError",
    "PluginConfig",
    "PluginConfigError",
    "PluginError",
    "Problem",
    "Professional",
    "Rating",
    "RatingScale",
    "ReportSummary",
    "Review",
    "ReviewDecision",
    "Revision",
    "RiskPlan",
    "Role",
    "Safeguard",
    "SafetyPlan",
    "Section",
    "Service",
    "Severity",
    "SharingConsent",
    "Status",
    "SupportAction",
    "SupportPlan",
    "UnknownAudienceError",
    "UnknownReferenceError",
    "Voice",
    "__version__",
    "caseload_report",
    "check_language",
    "configure_plugins",
    "diff",
    "dump",
    "dumps",
    "example_path",
    "fhir_revision",
    "fingerprint",
    "frameworks",
    "from_data",
    "from_fhir",
    "get_plugins",
    "hookimpl",
    "json_schema",
    "load",
    "loads",
    "merge",
    "open_store",
    "plugin_config",
    "render",
    "to_data",
    "to_fhir",
    "to_ical",
    "use_plugin_config",
    "validate",
]
