"""Practice checks on outcomes and small goals: each outcome rests on the person's own words
and has small goals, and each is achieved on a date, celebrated, or given a new date when it
is overdue.

They yield ``(code, path, message)``; :mod:`recoveryplan.builtin.practice` gives each its
severity from its catalogue of codes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from .._walking import goal_tree, tree_path
from ..assessment import Voice
from ..goals import Goal, Outcome, Status
from ..messages import day as _day
from ..messages import gettext as _
from ..messages import ngettext
from ..plan import Plan
from ._wording import Speaker, blank, quoted
from ._wording import status_words as _status

__all__ = ["goal_findings", "outcome_findings"]

Found = tuple[str, str, str]

_ACHIEVEMENT_CODES: dict[type, tuple[str, str]] = {
    Outcome: ("outcome.achieved-undated", "outcome.achieved-in-future"),
    Goal: ("goal.achieved-undated", "goal.achieved-in-future"),
}


def outcome_findings(plan: Plan, today: date) -> Iterator[Found]:
    p = Speaker(plan)
    own_words = (
        {item.id for item in plan.assessment.items if item.voice is Voice.PERSON}
        if plan.assessment is not None
        else set()
    )
    for i, outcome in enumerate(plan.outcomes):
        is_open = outcome.status in _OPEN
        if (
            (not is_open or outcome.goals)
            and not own_words.isdisjoint(outcome.based_on)
            and (not is_open or outcome.target_on is None or outcome.target_on >= today)
            and not _unachieved(outcome, today)
        ):
            continue  # nothing to say about it: most outcomes of a plan, and no words made
        path = f"$.outcomes[{i}]"
        # Translators: %(outcome)s is the outcome's statement, quoted from the plan.
        called = _("the outcome %(outcome)s") % {"outcome": quoted(outcome.statement)}
        words = {**p.words, "called": called}
        if outcome.status.is_open and not outcome.goals:
            yield (
                "outcome.no-goals",
                path,
                # Translators: %(called)s names the outcome ("the outcome ...").
                _(
                    "%(called)s has no small goals; agree a first small step with %(name)s, so "
                    "that progress can be seen and celebrated along the way"
                )
                % words,
            )
        if not own_words.intersection(outcome.based_on):
            yield (
                "outcome.not-own-voice",
                f"{path}.based_on" if outcome.based_on else path,
                # Translators: %(called)s names the outcome ("the outcome ...").
                # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
                # English grammar: a translation may leave them out and use %(name)s instead.
                _(
                    "%(called)s is not based on anything %(name)s said in %(their)s own voice; "
                    "base it on a strength, hope, dream, aspiration or need in %(name)s's words, "
                    "or ask %(name)s what %(they)s %(want)s from it and record that in the "
                    "assessment"
                )
                % words,
            )
        if outcome.status.is_open and outcome.target_on is not None and outcome.target_on < today:
            yield (
                "outcome.overdue",
                f"{path}.target_on",
                # Translators: %(called)s names the outcome; %(status)s is its status (active...).
                _(
                    "%(called)s was hoped for by %(date)s and is still %(status)s; talk with "
                    "%(name)s about what has been achieved so far, then mark it achieved or "
                    "agree a new target date"
                )
                % {**words, "date": _day(outcome.target_on), "status": _status(outcome.status)},
            )
        yield from _achievement(outcome, path, words, today)


_OPEN = frozenset(status for status in Status if status.is_open)
"""The statuses still worked towards (``Status.is_open``), looked up once per part."""


def _unachieved(part: Outcome | Goal, today: date) -> bool:
    """Whether :func:`_achievement` has anything to say about ``part``."""
    achieved_on = part.achieved_on
    if achieved_on is None:
        return part.status is Status.ACHIEVED
    return achieved_on > today


def goal_findings(plan: Plan, today: date) -> Iterator[Found]:
    """Small goals: an overdue goal is reported once, at the highest overdue goal, naming the
    overdue small steps inside it rather than repeating the finding for each of them.

    Most goals have nothing to say about them, so the goals are walked without a place or a
    path made for each (:func:`~recoveryplan._walking.goal_tree`); a path is written for a goal
    reported."""
    p = Speaker(plan)
    covered: set[int] = set()
    achieved = Status.ACHIEVED
    tree = goal_tree(plan.outcomes)
    paths: dict[int, str] = {}
    for number, (goal, depth, _holder, _position) in enumerate(tree):
        status, due_on, achieved_on = goal.status, goal.due_on, goal.achieved_on
        overdue = (
            due_on is not None and due_on < today and status in _OPEN and id(goal) not in covered
        )
        if not (
            overdue
            or (status is achieved and (achieved_on is None or blank(goal.celebration)))
            or (achieved_on is not None and achieved_on > today)
        ):
            continue  # nothing to say about it: most goals of a plan, and no words made
        path = tree_path(tree, number, paths)
        # Translators: %(goal)s is the small goal's statement, quoted from the plan.
        called = _("the small goal %(goal)s") % {"goal": quoted(goal.statement)}
        words = {**p.words, "called": called}
        if overdue and due_on is not None:
            # The goals inside it follow it in the plan's walk, deeper than it, up to the
            # next goal as deep or less.
            inside = []
            for later in range(number + 1, len(tree)):
                inner, inner_depth, _holder, _position = tree[later]
                if inner_depth <= depth:
                    break
                if inner.due_on is not None and inner.due_on < today and inner.status in _OPEN:
                    inside.append(inner)
                    covered.add(id(inner))
            yield (
                "goal.overdue",
                f"{path}.due_on",
                _overdue_message(
                    inside, {**words, "date": _day(due_on), "status": _status(goal.status)}
                ),
            )
        yield from _achievement(goal, path, words, today)
        if goal.status is Status.ACHIEVED and blank(goal.celebration):
            yield (
                "goal.no-celebration",
                path,
                # Translators: %(called)s names the small goal ("the small goal ...").
                # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
                # English grammar: a translation may leave them out and use %(name)s instead.
                _(
                    "%(called)s is achieved and no celebration is recorded; ask %(name)s how "
                    "%(they)s would like to mark it (or how %(they)s did), and write it down: "
                    "celebrating small steps is part of the plan"
                )
                % words,
            )


def _overdue_message(inside: list[Goal], words: dict[str, str]) -> str:
    """The overdue goal's message, naming up to three overdue small steps inside it (and how
    many more)."""
    if not inside:
        # Translators: %(called)s names the small goal; %(status)s is its status (active...).
        # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
        # English grammar: a translation may leave them out and use %(name)s instead.
        return (
            _(
                "%(called)s was due on %(date)s and is still %(status)s; if %(name)s has done it, "
                "mark it achieved and celebrate it; if not, agree a new date or a smaller step "
                "with %(them)s"
            )
            % words
        )
    steps = ", ".join(quoted(g.statement) for g in inside[:3])
    more = len(inside) - 3
    if more > 0:
        # Translators: %(steps)s lists three overdue steps, quoted; %(more)d counts the rest.
        # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
        # English grammar: a translation may leave them out and use %(name)s instead.
        message = ngettext(
            "%(called)s was due on %(date)s and is still %(status)s (and so are %(steps)s and "
            "%(more)d more inside it); if %(name)s has done it, mark it achieved and celebrate "
            "it; if not, agree a new date or a smaller step with %(them)s",
            "%(called)s was due on %(date)s and is still %(status)s (and so are %(steps)s and "
            "%(more)d more inside it); if %(name)s has done it, mark it achieved and celebrate "
            "it; if not, agree a new date or a smaller step with %(them)s",
            more,
        )
        return message % {**words, "steps": steps, "more": more}
    # Translators: %(steps)s lists the overdue small steps inside the goal, quoted.
    # %(they)s, %(their)s, %(them)s and the verb after them (%(are)s, %(want)s...) are
    # English grammar: a translation may leave them out and use %(name)s instead.
    message = ngettext(
        "%(called)s was due on %(date)s and is still %(status)s (and so is %(steps)s inside "
        "it); if %(name)s has done it, mark it achieved and celebrate it; if not, agree a new "
        "date or a smaller step with %(them)s",
        "%(called)s was due on %(date)s and is still %(status)s (and so are %(steps)s inside "
        "it); if %(name)s has done it, mark it achieved and celebrate it; if not, agree a new "
        "date or a smaller step with %(them)s",
        len(inside),
    )
    return message % {**words, "steps": steps}


def _achievement(
    part: Outcome | Goal, path: str, words: dict[str, str], today: date
) -> Iterator[Found]:
    """An achievement is acknowledged by its date: without one, the journey has a gap.
    ``words`` are the message's placeholders, ``called`` naming the part among them."""
    if not _unachieved(part, today):
        return
    undated, in_future = _ACHIEVEMENT_CODES[type(part)]
    if part.status is Status.ACHIEVED and part.achieved_on is None:
        yield (
            undated,
            path,
            # Translators: %(called)s names the outcome or small goal.
            _(
                "%(called)s is achieved but has no date; add the day %(name)s achieved it, so "
                "the plan shows when progress was made"
            )
            % words,
        )
    if part.achieved_on is not None and part.achieved_on > today:
        yield (
            in_future,
            f"{path}.achieved_on",
            # Translators: %(called)s names the outcome or small goal; %(today)s is today's date.
            _(
                "%(called)s is recorded as achieved on %(date)s, which is after today "
                "(%(today)s); correct the date, or leave it open until it has happened"
            )
            % {**words, "date": _day(part.achieved_on), "today": _day(today)},
        )
