"""How the integrity checks' messages name what they point at: a part by its kind and id,
the ids a reference could use instead, a close spelling of a mistyped id. Every phrase is a
message of its own, translated where it is used."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..assessment import AssessmentItem
from ..goals import Goal, Outcome
from ..messages import N_
from ..messages import gettext as _
from ..people import CircleMember
from ..plan import Identified, Plan
from ..risk import Concern, RiskPlan, Safeguard

__all__ = ["circle_list", "did_you_mean", "kind", "listed", "what"]


_KINDS: tuple[tuple[type, str, str], ...] = (
    (CircleMember, N_("circle member"), N_("the circle member %(id)s")),
    (AssessmentItem, N_("assessment item"), N_("the assessment item %(id)s")),
    (Outcome, N_("outcome"), N_("the outcome %(id)s")),
    (Goal, N_("small goal"), N_("the small goal %(id)s")),
    (RiskPlan, N_("risk plan"), N_("the risk plan %(id)s")),
    (Concern, N_("risk concern"), N_("the risk concern %(id)s")),
    (Safeguard, N_("safeguard"), N_("the safeguard %(id)s")),
)
"""Each kind of part with an id: its noun, and how a message names one by its id (%(id)s,
quoted), both translated where used."""


def kind(part: Identified) -> str:
    for cls, name, _named_by_id in _KINDS:
        if isinstance(part, cls):
            return name
    raise AssertionError(f"not a part with an id: {part!r}")  # pragma: no cover


def what(part: Identified) -> str:
    """A part named the way a person would: "the small goal 'g-dosette'"."""
    for cls, _noun, named in _KINDS:
        if isinstance(part, cls):
            return _(named) % {"id": repr(part.id)}
    raise AssertionError(f"not a part with an id: {part!r}")  # pragma: no cover


def circle_list(plan: Plan) -> str:
    ids = [member.id for member in plan.circle]
    # Translators: %(ids)s lists the circle members' ids, as written in the plan.
    return (
        _("circle ids are: %(ids)s") % {"ids": ", ".join(ids)} if ids else _("the circle is empty")
    )


def listed(ids: Iterable[str], some: str, none: str) -> str:
    """``some`` listing the ids (its ``%(ids)s``), or ``none`` when there are none."""
    shown = list(ids)
    return some % {"ids": ", ".join(shown)} if shown else none


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """A close spelling among ``choices``, because most unknown ids are typos."""
    options = list(choices)
    close = [option for option in options if option.casefold() == value.casefold()][:1]
    if not close:
        close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    # Translators: Added after an id that names nothing; %(id)s is an id that does, quoted.
    return _(" (did you mean %(id)s?)") % {"id": repr(close[0])} if close else ""
