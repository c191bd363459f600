"""What a change to a plan says, in plain words: the one place the sentences of a diff come from.

A practitioner reading "what changed since the last review" wants "Morag achieved the small
goal ..." rather than a JSON path. Each change is said by a sentence function chosen by the
class and field it is about; every other change gets the general sentence, which names the
part (:func:`describe`) and the field (from the model's field names and metadata). Values
are said as a reader would write them: dates as "6 May 2026", people by name, words of the
format as words.

The sentences are worked out from the versions of the plan as the reader may see them, so
they can only name what the reader may see: a person reference to someone outside the
reader's copy is "someone".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

import attrs

from ._fields import Enumeration, refers_to, where_text
from .agreement import Agreement
from .assessment import Assessment, AssessmentItem
from .errors import UnknownReferenceError
from .goals import Goal, Outcome, Status, SupportAction
from .people import CircleMember, Person, Service
from .plan import Plan
from .ratings import Rating
from .reviews import DecisionKind, Review, ReviewDecision
from .risk import Capacity, Concern, Decision, Dissent, RiskPlan, Safeguard
from .safety import Distraction, Professional, SafetyPlan
from .sharing import Section, SharingConsent

__all__ = ["About", "describe", "long_date", "sentence"]

_T = TypeVar("_T")

_LONGEST_QUOTE = 80
"""How much of someone's words a sentence quotes before cutting them short."""


@attrs.frozen(kw_only=True)
class About:
    """What one change is about, for its sentence."""

    kind: str
    """``added``, ``removed``, ``changed`` or ``moved``."""
    part: Any
    """The part added, removed or moved, or the part whose field changed."""
    field: attrs.Attribute[Any] | None
    """The field that changed (for an entry added to or removed from a list, the list)."""
    before: Any
    after: Any
    """The values before and after (for a move, the parts that held it)."""
    element: Any
    """The part with an id (or the plan) that the change is inside."""
    plan: Plan
    """The version the change is seen in: the newer one, or the older for a removal."""
    earlier: Any = None
    """The part whose field changed as it was before, to name it by what it said."""


def sentence(about: About) -> str:
    """The sentence that says a change."""
    if about.kind == "moved":
        text = (
            f"{describe(about.part, about.part, about.plan)} moved from "
            f"{describe(about.before, about.before, about.plan)} to "
            f"{describe(about.after, about.after, about.plan)}"
        )
        return _capital(text)
    if about.kind in ("added", "removed") and about.field is None:
        return _part_added_or_removed(about)
    entry = _kind_of(about.part, _ENTRIES)
    if about.kind in ("added", "removed") and entry is not None:
        return entry(about)
    if about.field is not None:
        said = _kind_of(about.part, _FIELDS.get(about.field.name, {}))
        if said is not None:
            return said(about)
    if about.kind in ("added", "removed"):
        return _entry_added_or_removed(about)
    return _field_changed(about)


# -- the sentences for particular fields and entries -----------------------------------------


def _status(about: About) -> str:
    part = about.part
    if about.after is Status.ACHIEVED:
        when = f" on {long_date(part.achieved_on)}" if part.achieved_on else ""
        return f"{about.plan.person.called} achieved {describe(part, part, about.plan)}{when}"
    return _capital(
        f"{describe(part, part, about.plan)} is now {_words(about.after)} "
        f"(it was {_words(about.before)})"
    )


def _decision(about: About) -> str:
    what = describe(about.part, about.element, about.plan)
    return _capital(f"{what} changed from {_words(about.before)} to {_words(about.after)}")


def _sections(about: About) -> str:
    before = set(about.before)
    after = set(about.after)
    name = _name(about.plan, about.part.member)
    said = []
    if after - before:
        said.append(f"can now see {_section_list(after - before)}")
    if before - after:
        said.append(f"can no longer see {_section_list(before - after)}")
    return f"{name} " + " and ".join(said) if said else f"{name}'s sections were reordered"


def _consent(about: About) -> str:
    consent: SharingConsent = about.part
    name = _name(about.plan, consent.member)
    if about.kind == "added":
        return f"{name} can now see {_section_list(set(consent.sections))}"
    return f"{name} can no longer see {_section_list(set(consent.sections))}"


def _rating(about: About) -> str:
    rating: Rating = about.part
    domain = _domain(about.plan, rating.domain)
    on = long_date(rating.on)
    if about.kind == "removed":
        return f"The {domain.lower()} rating of {rating.value} on {on} was removed"
    earlier = [
        other
        for other in about.plan.ratings
        if other.domain == rating.domain and other.on < rating.on
    ]
    if earlier:
        previous = max(earlier, key=lambda other: other.on)
        return f"{domain} rating moved from {previous.value} to {rating.value} on {on}"
    return f"{domain} rated {rating.value} on {on}"


def _agreement(about: About) -> str:
    agreement: Agreement = about.part
    name = _name(about.plan, agreement.by)
    on = long_date(agreement.on)
    if about.kind == "removed":
        return f"{name}'s agreement to the plan on {on} was removed"
    return f"{name} agreed the plan on {on}"


def _review_decision(about: About) -> str:
    decision: ReviewDecision = about.part
    review = next((r for r in about.plan.reviews if decision in r.decisions), None)
    held = f"the review on {long_date(review.on)}" if review is not None else "a review"
    what = _decided_about(decision, about.plan)
    if about.kind == "changed":
        return _capital(
            f"the decision of {held} about {what} changed from {_words(about.before)} to "
            f"{_words(about.after)}"
        )
    if about.kind == "removed":
        return _capital(f"a decision of {held} about {what} was taken out")
    due = f", {long_date(decision.due_on)}" if decision.due_on is not None else ""
    said = {
        DecisionKind.ACHIEVED: f"decided {what} was achieved",
        DecisionKind.NEW_DATE: f"gave {what} a new date{due}",
        DecisionKind.SMALLER_STEP: f"decided on a smaller step for {what}",
        DecisionKind.CLOSED: f"closed {what}",
        DecisionKind.CARRIED_ON: f"decided to carry on with {what}",
    }[decision.decision]
    return _capital(f"{held} {said}")


def _decided_about(decision: ReviewDecision, plan: Plan) -> str:
    target = plan.index().get(decision.about)
    return describe(target, target, plan) if target is not None else "a part no longer there"


_FIELDS: dict[str, dict[type, Callable[[About], str]]] = {
    "status": {Goal: _status, Outcome: _status, Decision: _decision},
    "decision": {ReviewDecision: _review_decision},
    "sections": {SharingConsent: _sections},
}
"""Sentences for a change to one field (by name) of one class."""

_ENTRIES: dict[type, Callable[[About], str]] = {
    Rating: _rating,
    ReviewDecision: _review_decision,
    SharingConsent: _consent,
    Agreement: _agreement,
}
"""Sentences for an entry of a list (without an id) added or removed."""


# -- the general sentences -------------------------------------------------------------------


def _part_added_or_removed(about: About) -> str:
    what = _capital(describe(about.part, about.element, about.plan))
    holder = about.element
    under = ""
    if hasattr(about.part, "id") and not isinstance(holder, Plan):
        where = "under" if about.kind == "added" else "from"
        under = f" {where} {describe(holder, holder, about.plan)}"
    return f"{what} was {about.kind}{under}"


def _entry_added_or_removed(about: About) -> str:
    assert about.field is not None
    owner = describe(about.element, about.element, about.plan)
    entry = about.after if about.kind == "added" else about.before
    summary = _summary(entry, about.plan)
    label = _label(about.field)
    return _capital(f"{label} of {owner}: {summary} {about.kind}")


def _field_changed(about: About) -> str:
    assert about.field is not None
    field = about.field
    label = _label(field)
    named = about.earlier if about.earlier is not None else about.part
    owner = describe(named, about.element, about.plan)
    where = where_text(field)
    if where != _DEFAULT_WHERE.format(name=field.name.replace("_", " ")):
        # The model says where this text is ("a support action of {owner}"): say it so.
        label, owner = "", where.format(owner=describe(about.element, about.element, about.plan))
    before, after = about.before, about.after
    if type(before) is tuple and type(after) is tuple and before and after:
        gained = [value for value in after if value not in before]
        lost = [value for value in before if value not in after]
        said = []
        if gained:
            said.append(f"now include {_list(gained, field, about.plan)}")
        if lost:
            said.append(f"no longer include {_list(lost, field, about.plan)}")
        if not said:
            said.append("were put in a new order")
        return _capital(f"{_of(label, owner)} " + " and ".join(said))
    if isinstance(before, str) and isinstance(after, str) and _quote(before) in owner:
        return _capital(f"{owner} now reads {_value(after, field, about.plan)}")
    if _empty(before):
        return _capital(f"{_of(label, owner)} was set to {_value(after, field, about.plan)}")
    if _empty(after):
        was = _value(before, field, about.plan)
        return _capital(f"{_of(label, owner)} was cleared (it was {was})")
    return _capital(
        f"{_of(label, owner)} changed from {_value(before, field, about.plan)} "
        f"to {_value(after, field, about.plan)}"
    )


_DEFAULT_WHERE = "the {name} of {{owner}}"
"""Where a field's text is when its metadata does not say (:func:`where_text`)."""


def _of(label: str, owner: str) -> str:
    return f"the {label} of {owner}" if label else owner


# -- naming parts and values -----------------------------------------------------------------


def describe(part: Any, element: Any, plan: Plan) -> str:
    """How a sentence names a part (``element`` is the part with an id it is inside)."""
    said = _kind_of(part, _DESCRIBED)
    if said is not None:
        return said(part, element, plan)
    if isinstance(part, Plan):
        return "the plan"
    return "the " + _words_of_class(type(part))


def _kind_of(part: Any, table: Mapping[type, _T]) -> _T | None:
    """What ``table`` has for the class of ``part`` or the model class it extends (an
    organisation's subclass of a goal is said as a goal)."""
    for cls in type(part).__mro__:
        found = table.get(cls)
        if found is not None:
            return found
    return None


def _inside(element: Any, plan: Plan) -> str:
    return describe(element, element, plan)


_DESCRIBED: dict[type, Callable[[Any, Any, Plan], str]] = {
    Goal: lambda part, element, plan: f"the small goal {_quote(part.statement)}",
    Outcome: lambda part, element, plan: f"the outcome {_quote(part.statement)}",
    RiskPlan: lambda part, element, plan: f"the risk plan {_quote(part.activity)}",
    Concern: lambda part, element, plan: f"the concern {_quote(part.description)}",
    Safeguard: lambda part, element, plan: f"the safeguard {_quote(part.action)}",
    CircleMember: lambda part, element, plan: f"{part.name} ({_words(part.role)}) in the circle",
    AssessmentItem: lambda part, element, plan: f"the {_words(part.kind)} {_quote(part.text)}",
    Person: lambda part, element, plan: part.name,
    Service: lambda part, element, plan: "the service",
    Assessment: lambda part, element, plan: "the assessment",
    SafetyPlan: lambda part, element, plan: "the safety plan",
    Review: lambda part, element, plan: f"the review on {long_date(part.on)}",
    Rating: lambda part, element, plan: (
        f"the {_domain(plan, part.domain).lower()} rating on {long_date(part.on)}"
    ),
    SharingConsent: lambda part, element, plan: f"{_name(plan, part.member)}'s consent",
    Agreement: lambda part, element, plan: f"{_name(plan, part.by)}'s agreement to the plan",
    Decision: lambda part, element, plan: f"the decision on {_quote(element.activity)}",
    ReviewDecision: lambda part, element, plan: (
        f"the review decision about {_decided_about(part, plan)}"
    ),
    Capacity: lambda part, element, plan: f"the capacity for {_quote(element.activity)}",
    SupportAction: lambda part, element, plan: f"a support action of {_inside(element, plan)}",
    Dissent: lambda part, element, plan: f"a dissent on {_inside(element, plan)}",
    Distraction: lambda part, element, plan: f"the distraction {_quote(part.what)}",
    Professional: lambda part, element, plan: f"the professional {_quote(part.name)}",
}
"""How each class of part is named in a sentence."""


def _summary(entry: Any, plan: Plan) -> str:
    """A few words for an entry of a list: its first text, or its whole value."""
    for field in attrs.fields(type(entry)):
        value = getattr(entry, field.name)
        if type(value) is str and refers_to(field) is None:
            return _quote(value)
    return describe(entry, entry, plan)


def _label(field: attrs.Attribute[Any]) -> str:
    """How a sentence names a field: its name in words, a date field as a date."""
    name = field.name
    if name == "on":
        return "date"
    if name.endswith("_on"):
        return name.removesuffix("_on").replace("_", " ") + " date"
    return name.replace("_", " ")


def _value(value: Any, field: attrs.Attribute[Any], plan: Plan) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enumeration):
        return _words(value)
    if isinstance(value, str):
        return _name(plan, value) if refers_to(field) == "person" else _quote(value)
    if type(value) is tuple:
        return _list(list(value), field, plan) if value else "nothing"
    if isinstance(value, Mapping):
        return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)
    if attrs.has(type(value)):
        return _summary(value, plan)
    return str(value)


def _list(values: list[Any], field: attrs.Attribute[Any], plan: Plan) -> str:
    said = [_value(value, field, plan) for value in values]
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]


def _empty(value: Any) -> bool:
    return value is None or value == () or value == ""


def long_date(day: date) -> str:
    """A date as a reader writes it: "6 May 2026"."""
    return f"{day.day} {day:%B} {day.year}"


def _quote(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    if len(text) > _LONGEST_QUOTE:
        text = text[: _LONGEST_QUOTE - 1].rstrip() + "…"
    return f"“{text}”"


def _words(value: Any) -> str:
    return str(value).replace("-", " ").replace("_", " ")


def _words_of_class(cls: type) -> str:
    name = cls.__name__
    return "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name(plan: Plan, ref: str) -> str:
    """Who a person reference names, as far as the reader's copy says."""
    try:
        return plan.name_of(ref)
    except UnknownReferenceError:
        return "someone"


def _domain(plan: Plan, domain: str) -> str:
    from .plugins import frameworks

    framework = frameworks().get(plan.framework)
    found = framework.domain(domain) if framework is not None else None
    return found.name if found is not None else _words(domain).capitalize()


_SECTION_WORDS = {
    Section.ASSESSMENT: "the assessment",
    Section.OUTCOMES: "the outcomes and goals",
    Section.RATINGS: "the ratings",
    Section.RISK_PLANS: "the risk plans",
    Section.SAFETY_PLAN: "the safety plan",
    Section.REVIEWS: "the reviews",
    Section.CIRCLE: "the circle",
}


def _section_list(sections: set[Section]) -> str:
    said = [_SECTION_WORDS[section] for section in Section if section in sections]
    if not said:
        return "nothing more"
    return said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
