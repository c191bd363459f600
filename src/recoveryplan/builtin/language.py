"""The recovery-language check: coaching the words staff and supporters write into a plan.

It registers the built-in rules (``recoveryplan/language/data/en.toml``) through the same
``register_language_rules`` hook an organisation's plugin uses, and checks every piece of text
written in the service's or a supporter's voice against every registered rule. The person's own
words are never checked: a plan records how the person speaks of themself.

Every finding is a note (``info``), never a warning: a word choice does not make a plan wrong,
unsafe or out of date, and a note keeps the team's warnings (their practice to-do list) about
practice. The note is coaching for the next time someone edits that text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeAlias

import attrs

from ..assessment import AssessmentItem, Voice
from ..findings import Finding, FindingSeverity
from ..goals import Goal, Outcome, SupportAction
from ..hookspecs import hookimpl
from ..language import LanguageRule, builtin_rules, check_language, language_rules
from ..language.check import LanguageSuggestion
from ..people import CircleMember, Person, Service
from ..plan import Plan
from ..ratings import Rating
from ..reviews import Review
from ..risk import Capacity, Concern, Dissent, RiskPlan, Safeguard
from ..safety import Distraction, Professional, SafetyPlan
from ..serialize import child_path, json_key
from ..sharing import SharingConsent
from ..textformats import friendly_date

__all__ = ["CODES", "SEVERITY", "TEXT_VOICES", "register_language_rules", "validate_plan"]

SEVERITY: FindingSeverity = "info"
"""Language findings are notes: coaching for the next edit, never a fault in the plan."""

CODES: dict[str, FindingSeverity] = {rule.code: SEVERITY for rule in builtin_rules()}
"""Every code the built-in rules can report (the rules are data: ``language/data/en.toml``)."""


# -- whose voice each piece of text is in --------------------------------------------------

Whose: TypeAlias = Voice | Callable[[Any], Voice | None] | None
"""Whose words a text field holds: a voice, ``None`` for what is not prose (names, contacts,
references, citations), or a function of the part holding it when that part says whose words
they are."""


def _by(part: Dissent | Rating) -> Voice:
    """A dissent or a rating note is in the voice of whoever it is ``by``."""
    if part.by == "person":
        return Voice.PERSON
    return Voice.SERVICE if part.by == "service" else Voice.SUPPORTER


def _item_voice(item: AssessmentItem) -> Voice:
    return item.voice


TEXT_VOICES: dict[tuple[type[Any], str], tuple[Whose, str]] = {
    # The person and their circle: names, and how the person asks to be communicated with.
    (Person, "id"): (None, ""),
    (Person, "name"): (None, ""),
    (Person, "preferred_name"): (None, ""),
    (Person, "pronouns"): (None, ""),
    (Person, "language"): (None, ""),
    (Person, "communication"): (Voice.PERSON, "how the person asks to be communicated with"),
    (Service, "name"): (None, ""),
    (Service, "organisation"): (None, ""),
    (CircleMember, "id"): (None, ""),
    (CircleMember, "name"): (None, ""),
    (CircleMember, "relationship"): (Voice.PERSON, "the relationship of {owner}"),
    (CircleMember, "contact"): (None, ""),
    # The assessment: each item says whose words it is.
    (AssessmentItem, "id"): (None, ""),
    (AssessmentItem, "domain"): (None, ""),
    (AssessmentItem, "text"): (_item_voice, "the text of {owner}"),
    (AssessmentItem, "raised_by"): (None, ""),
    (AssessmentItem, "statutory_basis"): (None, ""),  # a citation of the law, not prose
    (Plan, "id"): (None, ""),
    (Plan, "framework"): (None, ""),
    # Outcomes and small goals: statements are the person's; notes on progress are the team's.
    (Outcome, "id"): (None, ""),
    (Outcome, "statement"): (Voice.PERSON, "the statement of {owner}"),
    (Outcome, "domain"): (None, ""),
    (Outcome, "based_on"): (None, ""),
    (Outcome, "status_note"): (Voice.SERVICE, "the status note of {owner}"),
    (Goal, "id"): (None, ""),
    (Goal, "statement"): (Voice.PERSON, "the statement of {owner}"),
    (Goal, "status_note"): (Voice.SERVICE, "the status note of {owner}"),
    (Goal, "celebration"): (Voice.PERSON, "the celebration of {owner}"),
    (SupportAction, "by"): (None, ""),
    (SupportAction, "action"): (Voice.SERVICE, "a support action of {owner}"),
    # Ratings: the person's own, or a note by whoever gave it.
    (Rating, "domain"): (None, ""),
    (Rating, "by"): (None, ""),
    (Rating, "note"): (_by, "the note of {owner}"),
    # Positive risk taking: what the person wants and thinks is theirs; the plan around it is
    # written by the team.
    (RiskPlan, "id"): (None, ""),
    (RiskPlan, "activity"): (Voice.PERSON, "the activity of {owner}"),
    (RiskPlan, "supports"): (None, ""),
    (RiskPlan, "benefits"): (Voice.PERSON, "a benefit listed in {owner}"),
    (RiskPlan, "if_not_done"): (Voice.PERSON, "what happens if {owner} is not done"),
    (RiskPlan, "persons_view"): (Voice.PERSON, "the person's view in {owner}"),
    (RiskPlan, "contingency"): (Voice.SERVICE, "the contingency of {owner}"),
    (Concern, "id"): (None, ""),
    (Concern, "description"): (Voice.SERVICE, "the description of {owner}"),
    (Capacity, "note"): (Voice.SERVICE, "the capacity note of {owner}"),
    (Safeguard, "id"): (None, ""),
    (Safeguard, "action"): (Voice.SERVICE, "the action of {owner}"),
    (Safeguard, "by"): (None, ""),
    (Safeguard, "addresses"): (None, ""),
    (Dissent, "by"): (None, ""),
    (Dissent, "note"): (_by, "a dissent note on {owner}"),
    # The safety plan is the person's own, in their words.
    (SafetyPlan, "warning_signs"): (Voice.PERSON, "the warning signs in {owner}"),
    (SafetyPlan, "coping_strategies"): (Voice.PERSON, "the coping strategies in {owner}"),
    (SafetyPlan, "people_to_ask"): (None, ""),
    (SafetyPlan, "safer_environment"): (Voice.PERSON, "making things safer in {owner}"),
    (SafetyPlan, "reasons_for_living"): (Voice.PERSON, "the reasons for living in {owner}"),
    (Distraction, "what"): (Voice.PERSON, "a distraction in {owner}"),
    (Distraction, "who"): (None, ""),
    (Professional, "name"): (None, ""),
    (Professional, "contact"): (None, ""),
    # Reviews: the team's record of the meeting.
    (Review, "attendees"): (None, ""),
    (Review, "went_well"): (Voice.SERVICE, 'the "what went well" note of {owner}'),
    (Review, "changed"): (Voice.SERVICE, 'the "what changed" note of {owner}'),
    (Review, "next"): (Voice.SERVICE, 'the "what is next" note of {owner}'),
    (SharingConsent, "member"): (None, ""),
}
"""Whose voice every piece of text in a plan is in, and how to name where it is.

The one place that knows it. Text in the person's voice is never checked; text in the
service's or a supporter's voice always is. Every text field of the model is listed (a test
keeps it so), so a new field is a decision to make here, not a silent gap. Some fields
written by the team are often co-written in the person's words (a safeguard the person does,
"Carry my crisis card"); they are still checked, and are the reason the rules aim for
precision."""

STAFF_VOICES = frozenset({Voice.SERVICE, Voice.SUPPORTER})


@hookimpl
def register_language_rules() -> list[LanguageRule]:
    return list(builtin_rules())


@hookimpl
def validate_plan(plan: Plan) -> list[Finding]:
    rules = language_rules()
    if not rules:
        return []
    found = []
    for path, where, text in staff_written_text(plan):
        for suggestion in check_language(text, rules):
            found.append(Finding(SEVERITY, suggestion.code, path, _message(suggestion, where)))
    return found


def staff_written_text(plan: Plan) -> Iterator[tuple[str, str, str]]:
    """Every ``(json path, where in words, text)`` written in the service's or a supporter's
    voice, in document order."""
    yield from _walk(plan, "$", "the plan")


# -- walking the plan ----------------------------------------------------------------------


def _walk(part: Any, path: str, owner: str) -> Iterator[tuple[str, str, str]]:
    owner = _describe(part) or owner
    for field in attrs.fields(type(part)):
        value = getattr(part, field.name)
        here = child_path(path, json_key(type(part), field.name))
        entry = TEXT_VOICES.get((type(part), field.name))
        if entry is not None:
            whose, label = entry
            voice = whose(part) if callable(whose) else whose
            if voice in STAFF_VOICES:
                where = label.format(owner=owner)
                if isinstance(value, str):
                    yield here, where, value
                elif isinstance(value, tuple):
                    for i, text in enumerate(value):
                        yield child_path(here, i), where, text
        elif attrs.has(type(value)):
            yield from _walk(value, here, owner)
        elif isinstance(value, tuple):
            for i, child in enumerate(value):
                if attrs.has(type(child)):
                    yield from _walk(child, child_path(here, i), owner)


_NOUNS: dict[type[Any], str] = {
    AssessmentItem: "assessment item",
    Outcome: "outcome",
    Goal: "small goal",
    RiskPlan: "risk plan",
    Concern: "concern",
    Safeguard: "safeguard",
    CircleMember: "circle member",
}


def _describe(part: Any) -> str | None:
    """How a message names a part: by its id, or a review or rating by its date."""
    noun = _NOUNS.get(type(part))
    if noun is not None:
        return f"{noun} {part.id}"
    if isinstance(part, Review):
        return f"the review on {friendly_date(part.on)}"
    if isinstance(part, Rating):
        return f"the {part.domain} rating on {friendly_date(part.on)}"
    if isinstance(part, SafetyPlan):
        return "the safety plan"
    return None


def _message(suggestion: LanguageSuggestion, where: str) -> str:
    alternatives = "; or ".join(suggestion.alternatives)
    end = "" if alternatives.endswith((".", "?", "!")) else "."
    return f'"{suggestion.phrase}" in {where}: {suggestion.why} Try instead: {alternatives}{end}'
