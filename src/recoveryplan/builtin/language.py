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

import typing
from collections.abc import Callable
from typing import Any, TypeAlias

import attrs

from .._fields import (
    Shape,
    model_classes,
    sequence_of,
    shapes,
    text_or_part,
    type_hints,
    voice,
    where_text,
)
from ..assessment import AssessmentItem, Voice
from ..findings import Finding, FindingSeverity
from ..goals import Goal, Outcome
from ..hookspecs import hookimpl
from ..language import (
    NOT_CHECKED,
    LanguageRule,
    LanguageSuggestion,
    builtin_rules,
    check_texts,
    language_rules,
    words_of,
)
from ..language.check import MAX_CHARACTERS, MAX_SUGGESTIONS, STOPPED_WHY
from ..messages import N_, number
from ..messages import day as friendly_date
from ..messages import gettext as _
from ..people import CircleMember
from ..plan import Plan, derived_from
from ..ratings import Rating
from ..reviews import Review
from ..risk import Concern, Dissent, RiskPlan, Safeguard
from ..safety import SafetyPlan

__all__ = ["CODES", "SEVERITY", "TEXT_VOICES", "register_language_rules", "validate_plan"]

SEVERITY: FindingSeverity = "info"
"""Language findings are notes: coaching for the next edit, never a fault in the plan."""

CODES: dict[str, FindingSeverity]
"""Every code the built-in rules can report (the rules are data: ``language/data/en.toml``),
and the note saying where the check stopped in a very long text. Made when first asked for:
reading the rules is a tenth of a second, which a command that renders a plan, and so loads
this plugin, has no use for."""


def __getattr__(name: str) -> Any:
    if name != "CODES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    codes = {rule.code: SEVERITY for rule in builtin_rules()}
    codes[NOT_CHECKED] = SEVERITY
    globals()["CODES"] = codes
    return codes


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


_WHOSE: dict[str, Whose] = {
    "person": Voice.PERSON,
    "service": Voice.SERVICE,
    "supporter": Voice.SUPPORTER,
    "voice": _item_voice,
    "by": _by,
}


def _text_voices() -> dict[tuple[type[Any], str], tuple[Whose, str]]:
    voices: dict[tuple[type[Any], str], tuple[Whose, str]] = {}
    for cls in model_classes(Plan):
        hints = type_hints(cls)
        for field in attrs.fields(cls):
            hint = hints[field.name]
            element = sequence_of(hint)
            if str in (hint, element, *typing.get_args(hint)) or text_or_part(element):
                who = voice(field)
                voices[cls, field.name] = (
                    _WHOSE[who] if who is not None else None,
                    where_text(field) if who is not None else "",
                )
    return voices


TEXT_VOICES: dict[tuple[type[Any], str], tuple[Whose, str]] = _text_voices()
"""Whose voice every piece of text in a plan is in, and how to name where it is, as each
field's own metadata says (``recoveryplan._fields.meaning``).

Text in the person's voice is never checked; text in the service's or a supporter's voice
always is. Some fields written by the team are often co-written in the person's words (a
safeguard the person does, "Carry my crisis card"); they are still checked, and are the reason
the rules aim for precision."""

STAFF_VOICES = frozenset({Voice.SERVICE, Voice.SUPPORTER})


@hookimpl
def register_language_rules() -> tuple[LanguageRule, ...]:
    # The same tuple every time, so that merging the rules can be skipped when nothing changed.
    return builtin_rules()


@hookimpl
def validate_plan(plan: Plan) -> list[Finding]:
    rules = language_rules()
    written, texts, words = _staff_text(plan)
    found = []
    for (place, label, owner, _text), suggestions in zip(
        written, check_texts(texts, rules, words=words), strict=True
    ):
        if not suggestions:
            continue
        path = _path(place)
        for suggestion in suggestions:
            where = _(label).format(owner=_describe(owner))
            found.append(Finding(SEVERITY, suggestion.code, path, _message(suggestion, where)))
    return found


_Place: TypeAlias = str | tuple[Any, ...]
"""Where a text is, kept so that its JSON path can be written when a note needs it: ``"$"``,
or ``(place, step)`` for a field of the part at ``place``, or ``(place, step, index)`` for an
entry of a list there."""


def _path(place: _Place) -> str:
    """The JSON path of a place, as the walk would have written it."""
    if isinstance(place, str):
        return place
    if len(place) == 2:
        return f"{_path(place[0])}{place[1]}"
    return f"{_path(place[0])}{place[1]}[{place[2]}]"


_StaffText: TypeAlias = tuple[
    tuple[tuple[_Place, str, Any, str], ...], tuple[str, ...], frozenset[str]
]


def _staff_text(plan: Plan) -> _StaffText:
    """``(place, label, owner, text)`` for the staff-written text of a plan, the texts alone,
    and their words: worked out once per plan and kept beside it, as the model keeps its
    goals, index and references, because a plan cannot change and a staff view or a batch
    job checks the same plan more than once. Which rules apply is decided on every check."""
    derived = derived_from(plan)
    kept: _StaffText | None = derived.get(_STAFF_TEXT)
    if kept is None:
        found: list[tuple[_Place, str, Any, str]] = []
        _walk(plan, "$", plan, found)
        texts = tuple(text for *_, text in found)
        kept = derived[_STAFF_TEXT] = (tuple(found), texts, words_of(texts))
    return kept


_STAFF_TEXT = "language.staff-text"


def staff_written_text(plan: Plan) -> list[tuple[str, str, str]]:
    """Every ``(json path, where in words, text)`` written in the service's or a supporter's
    voice, in document order (as ``TEXT_VOICES`` says)."""
    written, _, _ = _staff_text(plan)
    return [
        (_path(place), label.format(owner=_describe(owner)), text)
        for place, label, owner, text in written
    ]


# -- walking the plan ----------------------------------------------------------------------


_Staff: TypeAlias = Callable[[Any], Voice | None] | None
"""For a text field that may be staff-written: ``None`` when it always is (a field in the
service's or a supporter's voice), or the function saying whose words it is for a part."""


class _Layout(typing.NamedTuple):
    """What to look at in one model class: its text fields that may be in the service's or a
    supporter's voice, and its fields holding parts that may have such text in turn."""

    texts: tuple[tuple[str, str, _Staff, str], ...]  # attribute, path step, whose, label
    children: tuple[tuple[str, str, bool, type[Any]], ...]  # attribute, step, tuple?, class
    named: bool  # whether messages name a phrase's place by this part


def _walk(part: Any, place: _Place, owner: Any, out: list[tuple[_Place, str, Any, str]]) -> None:
    """Add ``(place, label, owner, text)`` for the staff-voice text under ``part`` to ``out``;
    ``owner`` is the nearest part a message can name (by its id, or a review by its date).

    Validation runs on every plan, so this is written for speed: each class's layout is
    worked out once, the parts of a list that hold no parts of their own are looked at in the
    loop rather than with a call each, and a text's place is kept as the steps to it, its path
    written only for a text with a note (:func:`_path`)."""
    texts, children, named = _LAYOUTS.get(type(part)) or _layout(type(part))
    if named:
        owner = part
    for name, step, whose, label in texts:
        value = getattr(part, name)
        if not value or (whose is not None and whose(part) not in STAFF_VOICES):
            continue
        if isinstance(value, str):
            out.append(((place, step), label, owner, value))
        else:
            out.extend(((place, step, i), label, owner, text) for i, text in enumerate(value))
    for name, step, many, cls in children:
        value = getattr(part, name)
        if not value:
            continue
        if not many:
            _walk(value, (place, step), owner, out)
            continue
        inner_texts, inner_children, inner_named = _LAYOUTS.get(cls) or _layout(cls)
        if inner_children:
            for i, child in enumerate(value):
                _walk(child, (place, step, i), owner, out)
            continue
        for i, child in enumerate(value):
            for attribute, text_step, whose, label in inner_texts:
                text = getattr(child, attribute)
                if text and (whose is None or whose(child) in STAFF_VOICES):
                    here = ((place, step, i), text_step)
                    named_by = child if inner_named else owner
                    if isinstance(text, str):
                        out.append((here, label, named_by, text))
                    else:
                        out.extend(((here, "", j), label, named_by, t) for j, t in enumerate(text))


_LAYOUTS: dict[type[Any], _Layout] = {}


def _layout(cls: type[Any]) -> _Layout:
    texts: list[tuple[str, str, _Staff, str]] = []
    children = []
    for shape in shapes(cls):
        entry = TEXT_VOICES.get((cls, shape.name))
        if entry is not None:
            whose, label = entry
            if callable(whose):
                texts.append((shape.name, shape.step, whose, label))
            elif whose in STAFF_VOICES:
                texts.append((shape.name, shape.step, None, label))
            continue
        child, many = _part_type(shape)
        if child is not None and _may_hold_staff_text(child):
            children.append((shape.name, shape.step, many, child))
    _LAYOUTS[cls] = _Layout(texts=tuple(texts), children=tuple(children), named=cls in _NAMED)
    return _LAYOUTS[cls]


def _part_type(shape: Shape) -> tuple[type[Any] | None, bool]:
    """The model class a field holds (``X``, ``X | None``, ``str | X`` or ``tuple[X, ...]``),
    if any, and whether it holds a list of them."""
    if shape.entries is not None:
        return shape.entries, True
    if typing.get_origin(shape.hint) is tuple or not shape.inner:
        return None, False
    return shape.part or shape.inner[0], False


def _may_hold_staff_text(cls: type[Any], seen: frozenset[type[Any]] = frozenset()) -> bool:
    """Whether anything under a part of this class may be in the service's or a supporter's
    voice: the person's circle and safety plan, for example, never are, so are not walked."""
    if cls in seen:
        return False
    for shape in shapes(cls):
        entry = TEXT_VOICES.get((cls, shape.name))
        if entry is not None:
            if entry[0] is not None and entry[0] is not Voice.PERSON:
                return True
            continue
        child, _many = _part_type(shape)
        if child is not None and _may_hold_staff_text(child, seen | {cls}):
            return True
    return False


_NOUNS: dict[type[Any], str] = {
    # Translators: where a phrase was found; %(id)s is the part's id, as written in the plan.
    AssessmentItem: N_("assessment item %(id)s"),
    # Translators: where a phrase was found; %(id)s is the part's id, as written in the plan.
    Outcome: N_("outcome %(id)s"),
    # Translators: where a phrase was found; %(id)s is the part's id, as written in the plan.
    Goal: N_("small goal %(id)s"),
    # Translators: where a phrase was found; %(id)s is the part's id, as written in the plan.
    RiskPlan: N_("risk plan %(id)s"),
    # Translators: where a phrase was found; %(id)s is the part's id, as written in the plan.
    Concern: N_("concern %(id)s"),
    # Translators: where a phrase was found; %(id)s is the part's id, as written in the plan.
    Safeguard: N_("safeguard %(id)s"),
    # Translators: where a phrase was found; %(id)s is the part's id, as written in the plan.
    CircleMember: N_("circle member %(id)s"),
}


_NAMED = frozenset({*_NOUNS, Review, Rating, SafetyPlan})
"""The parts a message names when it says where a phrase is."""


def _describe(part: Any) -> str:
    """How a message names a part: by its id, or a review or rating by its date."""
    noun = _NOUNS.get(type(part))
    if noun is not None:
        return _(noun) % {"id": part.id}
    if isinstance(part, Review):
        return _("the review on %(date)s") % {"date": friendly_date(part.on)}
    if isinstance(part, Rating):
        # Translators: %(domain)s is the domain's id, as written in the plan.
        return _("the %(domain)s rating on %(date)s") % {
            "domain": part.domain,
            "date": friendly_date(part.on),
        }
    if isinstance(part, SafetyPlan):
        return _("the safety plan")
    return _("the plan")


def _message(suggestion: LanguageSuggestion, where: str) -> str:
    """A suggestion in words, its rule's reason and alternatives in the language of the work in
    hand (a plugin's rules, with no translation, stay as written)."""
    if suggestion.code == NOT_CHECKED:
        why = _(STOPPED_WHY) % {"chars": number(MAX_CHARACTERS), "count": MAX_SUGGESTIONS}
        first, second = (_(alternative) for alternative in suggestion.alternatives[:2])
        # Translators: %(where)s says where the text is ("the statement of outcome o-walk"),
        # %(at)s is a number; %(why)s is a sentence; %(first)s and %(second)s are what to do.
        return _(
            "%(where)s was checked for recovery language only up to character %(at)s: %(why)s "
            "To have it all checked, %(first)s, or %(second)s."
        ) % {
            "where": f"{where[:1].upper()}{where[1:]}",
            "at": number(suggestion.start),
            "why": why,
            "first": first,
            "second": second,
        }
    alternatives = _(suggestion.alternatives[0])
    for alternative in suggestion.alternatives[1:]:
        # Translators: joins what to write instead, one after another.
        alternatives = _("%(one)s; or %(another)s") % {
            "one": alternatives,
            "another": _(alternative),
        }
    # Translators: ends a suggestion that does not already end with a full stop.
    end = "" if alternatives.endswith((".", "?", "!", "。", "؟")) else _(".")
    # Translators: %(phrase)s is the phrase found, as written in the plan; %(where)s says where
    # it is ("the statement of outcome o-walk"); %(why)s is the rule's reason (a sentence),
    # %(alternatives)s what to write instead and %(end)s a full stop when it has none.
    return _('"%(phrase)s" in %(where)s: %(why)s Try instead: %(alternatives)s%(end)s') % {
        "phrase": suggestion.phrase,
        "where": where,
        "why": _(suggestion.why),
        "alternatives": alternatives,
        "end": end,
    }
