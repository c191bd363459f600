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

Each sentence is one whole message of the translation catalogues (``_``, with named
placeholders), said in the copy's language when the review pack is written
(:mod:`recoveryplan.change_words`); the parts named in it are noun phrases of their own.
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
from .change_words import N_, field_label, field_labels, listing, long_date
from .change_words import say as _
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
        text = _(
            "%(part)s moved from %(before)s to %(after)s",
            part=describe(about.part, about.part, about.plan),
            before=describe(about.before, about.before, about.plan),
            after=describe(about.after, about.after, about.plan),
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
    name, what = about.plan.person.called, describe(part, part, about.plan)
    if about.after is Status.ACHIEVED:
        if part.achieved_on:
            on = long_date(part.achieved_on)
            return _("%(name)s achieved %(part)s on %(date)s", name=name, part=what, date=on)
        return _("%(name)s achieved %(part)s", name=name, part=what)
    return _capital(
        _(
            "%(part)s is now %(status)s (it was %(before)s)",
            part=what,
            status=_words(about.after),
            before=_words(about.before),
        )
    )


def _decision(about: About) -> str:
    what = describe(about.part, about.element, about.plan)
    return _capital(
        _(
            "%(part)s changed from %(before)s to %(after)s",
            part=what,
            before=_words(about.before),
            after=_words(about.after),
        )
    )


def _sections(about: About) -> str:
    before = set(about.before)
    after = set(about.after)
    name = _name(about.plan, about.part.member)
    gained, lost = _section_list(after - before), _section_list(before - after)
    if after - before and before - after:
        return _(
            "%(name)s can now see %(gained)s and can no longer see %(lost)s",
            name=name,
            gained=gained,
            lost=lost,
        )
    if after - before:
        return _("%(name)s can now see %(sections)s", name=name, sections=gained)
    if before - after:
        return _("%(name)s can no longer see %(sections)s", name=name, sections=lost)
    return _("%(name)s's sections were reordered", name=name)


def _consent(about: About) -> str:
    consent: SharingConsent = about.part
    name = _name(about.plan, consent.member)
    sections = _section_list(set(consent.sections))
    if about.kind == "added":
        return _("%(name)s can now see %(sections)s", name=name, sections=sections)
    return _("%(name)s can no longer see %(sections)s", name=name, sections=sections)


def _rating(about: About) -> str:
    rating: Rating = about.part
    domain = _domain(about.plan, rating.domain)
    on = long_date(rating.on)
    if about.kind == "removed":
        return _(
            "The %(domain)s rating of %(value)s on %(date)s was removed",
            domain=domain.lower(),
            value=rating.value,
            date=on,
        )
    earlier = [
        other
        for other in about.plan.ratings
        if other.domain == rating.domain and other.on < rating.on
    ]
    if earlier:
        previous = max(earlier, key=lambda other: other.on)
        return _(
            "%(domain)s rating moved from %(before)s to %(after)s on %(date)s",
            domain=domain,
            before=previous.value,
            after=rating.value,
            date=on,
        )
    return _("%(domain)s rated %(value)s on %(date)s", domain=domain, value=rating.value, date=on)


def _agreement(about: About) -> str:
    agreement: Agreement = about.part
    name = _name(about.plan, agreement.by)
    on = long_date(agreement.on)
    if about.kind == "removed":
        return _("%(name)s's agreement to the plan on %(date)s was removed", name=name, date=on)
    return _("%(name)s agreed the plan on %(date)s", name=name, date=on)


def _review_decision(about: About) -> str:
    decision: ReviewDecision = about.part
    review = next((r for r in about.plan.reviews if decision in r.decisions), None)
    held = (
        _("the review on %(date)s", date=long_date(review.on))
        if review is not None
        else _("a review")
    )
    what = _decided_about(decision, about.plan)
    if about.kind == "changed":
        return _capital(
            _(
                "the decision of %(review)s about %(part)s changed from %(before)s to %(after)s",
                review=held,
                part=what,
                before=_words(about.before),
                after=_words(about.after),
            )
        )
    if about.kind == "removed":
        return _capital(
            _("a decision of %(review)s about %(part)s was taken out", review=held, part=what)
        )
    if decision.decision is DecisionKind.NEW_DATE and decision.due_on is not None:
        due = long_date(decision.due_on)
        said = _("%(review)s gave %(part)s a new date, %(date)s", review=held, part=what, date=due)
        return _capital(said)
    message = {
        DecisionKind.ACHIEVED: N_("%(review)s decided %(part)s was achieved"),
        DecisionKind.NEW_DATE: N_("%(review)s gave %(part)s a new date"),
        DecisionKind.SMALLER_STEP: N_("%(review)s decided on a smaller step for %(part)s"),
        DecisionKind.CLOSED: N_("%(review)s closed %(part)s"),
        DecisionKind.CARRIED_ON: N_("%(review)s decided to carry on with %(part)s"),
    }[decision.decision]
    return _capital(_(message, review=held, part=what))


def _decided_about(decision: ReviewDecision, plan: Plan) -> str:
    target = plan.index().get(decision.about)
    return describe(target, target, plan) if target is not None else _("a part no longer there")


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
    what = describe(about.part, about.element, about.plan)
    holder = about.element
    if hasattr(about.part, "id") and not isinstance(holder, Plan):
        under = describe(holder, holder, about.plan)
        if about.kind == "added":
            return _capital(_("%(part)s was added under %(holder)s", part=what, holder=under))
        return _capital(_("%(part)s was removed from %(holder)s", part=what, holder=under))
    if about.kind == "added":
        return _capital(_("%(part)s was added", part=what))
    return _capital(_("%(part)s was removed", part=what))


def _entry_added_or_removed(about: About) -> str:
    assert about.field is not None
    owner = describe(about.element, about.element, about.plan)
    entry = about.after if about.kind == "added" else about.before
    summary = _summary(entry, about.plan)
    label = _label(about.field)
    if about.kind == "added":
        return _capital(
            _("%(field)s of %(owner)s: %(entry)s added", field=label, owner=owner, entry=summary)
        )
    return _capital(
        _("%(field)s of %(owner)s: %(entry)s removed", field=label, owner=owner, entry=summary)
    )


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
        return _capital(_list_changed(_of(label, owner), before, after, field, about.plan))
    if isinstance(before, str) and isinstance(after, str) and _quote(before) in owner:
        now = _value(after, field, about.plan)
        return _capital(_("%(part)s now reads %(value)s", part=owner, value=now))
    if _empty(before):
        now = _value(after, field, about.plan)
        return _capital(_("%(field)s was set to %(value)s", field=_of(label, owner), value=now))
    if _empty(after):
        was = _value(before, field, about.plan)
        return _capital(
            _("%(field)s was cleared (it was %(value)s)", field=_of(label, owner), value=was)
        )
    return _capital(
        _(
            "%(field)s changed from %(before)s to %(after)s",
            field=_of(label, owner),
            before=_value(before, field, about.plan),
            after=_value(after, field, about.plan),
        )
    )


def _list_changed(
    what: str,
    before: tuple[Any, ...],
    after: tuple[Any, ...],
    field: attrs.Attribute[Any],
    plan: Plan,
) -> str:
    gained = _list([value for value in after if value not in before], field, plan)
    lost = _list([value for value in before if value not in after], field, plan)
    if gained and lost:
        return _(
            "%(field)s now include %(gained)s and no longer include %(lost)s",
            field=what,
            gained=gained,
            lost=lost,
        )
    if gained:
        return _("%(field)s now include %(values)s", field=what, values=gained)
    if lost:
        return _("%(field)s no longer include %(values)s", field=what, values=lost)
    return _("%(field)s were put in a new order", field=what)


_DEFAULT_WHERE = "the {name} of {{owner}}"
"""Where a field's text is when its metadata does not say (:func:`where_text`)."""


def _of(label: str, owner: str) -> str:
    return _("the %(field)s of %(owner)s", field=label, owner=owner) if label else owner


# -- naming parts and values -----------------------------------------------------------------


def describe(part: Any, element: Any, plan: Plan) -> str:
    """How a sentence names a part (``element`` is the part with an id it is inside)."""
    said = _kind_of(part, _DESCRIBED)
    if said is not None:
        return said(part, element, plan)
    if isinstance(part, Plan):
        return _("the plan")
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
    Goal: lambda part, element, plan: _("the small goal %(text)s", text=_quote(part.statement)),
    Outcome: lambda part, element, plan: _("the outcome %(text)s", text=_quote(part.statement)),
    RiskPlan: lambda part, element, plan: _("the risk plan %(text)s", text=_quote(part.activity)),
    Concern: lambda part, element, plan: _("the concern %(text)s", text=_quote(part.description)),
    Safeguard: lambda part, element, plan: _("the safeguard %(text)s", text=_quote(part.action)),
    CircleMember: lambda part, element, plan: _(
        "%(name)s (%(role)s) in the circle", name=part.name, role=_words(part.role)
    ),
    AssessmentItem: lambda part, element, plan: _(
        "the %(kind)s %(text)s", kind=_words(part.kind), text=_quote(part.text)
    ),
    Person: lambda part, element, plan: part.name,
    Service: lambda part, element, plan: _("the service"),
    Assessment: lambda part, element, plan: _("the assessment"),
    SafetyPlan: lambda part, element, plan: _("the safety plan"),
    Review: lambda part, element, plan: _("the review on %(date)s", date=long_date(part.on)),
    Rating: lambda part, element, plan: _(
        "the %(domain)s rating on %(date)s",
        domain=_domain(plan, part.domain).lower(),
        date=long_date(part.on),
    ),
    SharingConsent: lambda part, element, plan: _(
        "%(name)s's consent", name=_name(plan, part.member)
    ),
    Agreement: lambda part, element, plan: _(
        "%(name)s's agreement to the plan", name=_name(plan, part.by)
    ),
    Decision: lambda part, element, plan: _(
        "the decision on %(text)s", text=_quote(element.activity)
    ),
    ReviewDecision: lambda part, element, plan: _(
        "the review decision about %(part)s", part=_decided_about(part, plan)
    ),
    Capacity: lambda part, element, plan: _(
        "the capacity for %(text)s", text=_quote(element.activity)
    ),
    SupportAction: lambda part, element, plan: _(
        "a support action of %(part)s", part=_inside(element, plan)
    ),
    Dissent: lambda part, element, plan: _("a dissent on %(part)s", part=_inside(element, plan)),
    Distraction: lambda part, element, plan: _("the distraction %(text)s", text=_quote(part.what)),
    Professional: lambda part, element, plan: _(
        "the professional %(text)s", text=_quote(part.name)
    ),
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
    label = field_label(field.name)
    return _(label) if label in field_labels() else label


def _value(value: Any, field: attrs.Attribute[Any], plan: Plan) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Enumeration):
        return _words(value)
    if isinstance(value, str):
        return _name(plan, value) if refers_to(field) == "person" else _quote(value)
    if type(value) is tuple:
        return _list(list(value), field, plan) if value else _("nothing")
    if isinstance(value, Mapping):
        return json.dumps(value, default=str, ensure_ascii=False, sort_keys=True)
    if attrs.has(type(value)):
        return _summary(value, plan)
    return str(value)


def _list(values: list[Any], field: attrs.Attribute[Any], plan: Plan) -> str:
    said = [_value(value, field, plan) for value in values]
    return listing(said) if said else ""


def _empty(value: Any) -> bool:
    return value is None or value == () or value == ""


def _quote(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    if len(text) > _LONGEST_QUOTE:
        text = text[: _LONGEST_QUOTE - 1].rstrip() + "…"
    return f"“{text}”"


def _words(value: Any) -> str:
    """A value of the format as words: a status, a decision or a role in the copy's language."""
    words = str(value).replace("-", " ").replace("_", " ")
    return _(words) if words in _VALUE_WORDS else words


_VALUE_WORDS = frozenset(
    {
        # a goal's or an outcome's status
        N_("planned"), N_("active"), N_("on hold"), N_("achieved"), N_("not achieved"),
        N_("dropped"),
        # a risk decision's status
        N_("proposed"), N_("agreed"), N_("agreed with changes"), N_("not agreed"),
        N_("deferred"),
        # a review decision
        N_("new date"), N_("smaller step"), N_("closed"), N_("carried on"),
        # a circle member's role
        N_("carer"), N_("family"), N_("friend"), N_("peer"), N_("staff"), N_("professional"),
        N_("advocate"), N_("other"),
        # an assessment item's kind
        N_("strength"), N_("need"), N_("hope"), N_("dream"), N_("aspiration"),
    }
)  # fmt: skip
"""The values a sentence says that the catalogues translate (any other is said as it is)."""


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
        return _("someone")


def _domain(plan: Plan, domain: str) -> str:
    from .plugins import frameworks

    framework = frameworks().get(plan.framework)
    found = framework.domain(domain) if framework is not None else None
    # the framework's names are in the catalogues (marked where the framework is made)
    return _(found.name) if found is not None else _words(domain).capitalize()


_SECTION_WORDS = {
    Section.ASSESSMENT: N_("the assessment"),
    Section.OUTCOMES: N_("the outcomes and goals"),
    Section.RATINGS: N_("the ratings"),
    Section.RISK_PLANS: N_("the risk plans"),
    Section.SAFETY_PLAN: N_("the safety plan"),
    Section.REVIEWS: N_("the reviews"),
    Section.CIRCLE: N_("the circle"),
}


def _section_list(sections: set[Section]) -> str:
    said = [_(_SECTION_WORDS[section]) for section in Section if section in sections]
    return listing(said) if said else _("nothing more")
