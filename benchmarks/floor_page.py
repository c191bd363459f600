"""The floor for rendering: the same page as ours, written by hand.

``SAME_PAGE_FLOOR`` (``floor_page.html.j2``) is the reference plan's English person page
written as one plain Jinja template over the plan's parsed JSON (``json.loads``): English
words as literal text, plain loops and ifs, one macro (the small steps, nested in each other),
autoescape on, no gettext, no consent machinery, no template inheritance or imports, and a
dict's keys read before its attributes. Its Python is the little
a page like this needs beside its template, written here by hand over dicts: dates in words, a
list in words, phone numbers as links, the person's copy cut to the current period (the
person-held plan of a long plan shows what is being worked on now, within a budget of outcomes
and steps, and counts the rest). The charts are drawn by recoveryplan's own chart code
(:class:`recoveryplan.journey.DomainRatings`, its ``chart_at`` and ``marks``) and the status
shapes are recoveryplan's SVG icons: code drawing a picture is what a hand-written page would
call too. The framework's words (domain names, the scale's labels) are read once, when the
floor is made, as a hand-written page would have them as constants.

``tests/unit/test_floor_page.py`` holds it to the page ``rp.render(plan, "person", "html")``
writes (every run of whitespace read as one space), on the reference plan, the five-year plan
and some of the benchmarks' varied plans, so that the floor cannot drift from the page it
stands for.

    floor = same_page_floor(TODAY)
    html = floor.render(plan=json.loads(text))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2

from recoveryplan.icons import svg_icon
from recoveryplan.journey import DomainRatings, period_name
from recoveryplan.plugins import frameworks

__all__ = ["SAME_PAGE_FLOOR", "SameFloor", "same_page_floor"]

SAME_PAGE_FLOOR = (Path(__file__).resolve().parent / "floor_page.html.j2").read_text(
    encoding="utf-8"
)
"""The template: the person's English plan page, by hand."""

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
OPEN = ("planned", "active", "on-hold")
LIST_LIMIT = 25
OUTCOME_BUDGET, STEP_BUDGET, STEPS_PER_OUTCOME = 5, 15, 3
REVIEWS_IN_FULL, CURRENT_REVIEWS = 3, 2

WORDS: dict[str, Any] = {
    "headings": {
        "about": "About me",
        "strengths": "What I'm good at",
        "hopes": "What I want for my life",
        "needs": "What I need",
        "outcomes": "My next small steps",
        "ratings": "How I'm doing",
        "risk_plans": "Taking risks safely",
        "safety_plan": "When things get hard",
        "circle": "People who support me",
        "reviews": "My reviews",
    },
    "status_words": {
        "planned": "Not started yet",
        "active": "Working on it",
        "on-hold": "On hold for now",
        "achieved": "Done",
        "not-achieved": "Didn't happen this time",
        "dropped": "Decided not to do this",
    },
    "likelihood": {
        "rare": "very unlikely",
        "unlikely": "unlikely",
        "possible": "possible",
        "likely": "likely",
        "almost-certain": "almost certain",
    },
    "severity": {
        "negligible": "hardly matters",
        "minor": "minor",
        "moderate": "moderate",
        "major": "serious",
        "severe": "very serious",
    },
    "capacity": {
        "has-capacity": "I can make this decision for myself.",
        "lacks-capacity": "Right now, I need others to help make this decision with me.",
        "not-assessed": "Capacity for this decision has not been assessed yet.",
        "fluctuating": "My ability to make this decision can change from day to day.",
    },
    "decisions": {
        "proposed": "Suggested, not decided yet",
        "agreed": "Agreed",
        "agreed-with-changes": "Agreed, with some changes",
        "not-agreed": "Not agreed",
        "deferred": "Put off for now",
    },
    "roles": {
        "carer": "carer",
        "family": "family",
        "friend": "friend",
        "peer": "peer supporter",
        "staff": "support staff",
        "professional": "professional",
        "advocate": "advocate",
        "other": "supporter",
    },
    "steps": [
        ("warning_signs", "Signs that things are getting hard"),
        ("coping_strategies", "Things I can do on my own"),
        ("distractions", "People and places that take my mind off things"),
        ("people_to_ask", "People I can ask for help"),
        ("professionals", "Professionals and crisis lines I can call"),
        ("safer_environment", "Making where I am safer"),
    ],
    "review_decided": {
        "achieved": "agreed as done",
        "new-date": "given a new date",
        "smaller-step": "to go on with a smaller step",
        "closed": "closed",
        "carried-on": "to carry on",
    },
    "open": OPEN,
    "icon": svg_icon,
    "period_name": period_name,
}

_NEEDS = {
    "easy-read": "Easy read",
    "braille": "Braille",
    "audio": "Audio, or a screen reader",
    "bsl": "A British Sign Language (BSL) interpreter",
}
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d \-]*\d(?!\w)")
_LARGE_PRINT = re.compile(r"large[\s-]*print", re.IGNORECASE)
_POINTS = re.compile(r"(\d{2})\s*(?:pt|point)", re.IGNORECASE)


def day(value: str | date) -> str:
    """A date in words: "2 March 2026"."""
    on = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{on.day} {_MONTHS[on.month - 1]} {on.year}"


def listing(words: Iterable[object]) -> str:
    names = [str(word) for word in words]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def upfirst(text: object) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def phone_parts(contact: str) -> list[tuple[str, str | None]]:
    """A contact as text and numbers to dial, each number with its ``tel:`` link."""
    parts: list[tuple[str, str | None]] = []
    at = 0
    for match in _PHONE.finditer(contact):
        number = match.group()
        if sum(c.isdigit() for c in number) < 3:
            continue
        if match.start() > at:
            parts.append((contact[at : match.start()], None))
        plus = "+" if number.strip().startswith("+") else ""
        parts.append((number, "tel:" + plus + "".join(c for c in number if c.isdigit())))
        at = match.end()
    if at < len(contact):
        parts.append((contact[at:], None))
    return parts


def need(value: str | Mapping[str, Any]) -> str:
    """A communication need in words: the person's own, or a coded one."""
    if isinstance(value, str):
        return value
    kind = value["kind"]
    if kind == "other":
        return str(value.get("text", ""))
    if kind == "large-print":
        named = (
            f"Large print, {value['size']} point or bigger" if value.get("size") else "Large print"
        )
    elif kind == "interpreter":
        language = value.get("language")
        named = f"An interpreter (language: {language})" if language else "An interpreter"
    else:
        named = _NEEDS[kind]
    return f"{named}: {value['text']}" if value.get("text") else named


def print_size(needs: Iterable[str | Mapping[str, Any]]) -> int | None:
    """The large print the person asked for, in points (``None``: ordinary print)."""
    sizes = []
    for value in needs:
        if isinstance(value, str):
            if _LARGE_PRINT.search(value):
                named = [int(n) for n in _POINTS.findall(value) if 14 <= int(n) <= 72]
                sizes.append(max(named, default=16))
        elif value.get("kind") == "large-print":
            sizes.append(value.get("size") or 16)
    return max(sizes, default=None)


# -- the person's copy: the current period ----------------------------------------------------


def _count(goal: Mapping[str, Any]) -> int:
    return 1 + sum(_count(child) for child in goal.get("goals") or ())


def _ordinal(value: str | None) -> int:
    return date.fromisoformat(value).toordinal() if value else date.min.toordinal()


def current_period(plan: dict[str, Any], today: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan as the person's copy shows it, and what it leaves out."""
    on_or_before = today.isoformat()
    reviews = sorted(
        (r for r in plan.get("reviews") or () if r["on"] <= on_or_before),
        key=lambda r: r["on"],
        reverse=True,
    )
    since = (
        reviews[CURRENT_REVIEWS - 1]["on"]
        if len(reviews) >= CURRENT_REVIEWS
        else (today - timedelta(days=365)).isoformat()
    )
    left = {"goals": 0, "outcomes": 0}

    def closed_before(part: Mapping[str, Any], end: str | None) -> bool:
        return part["status"] not in OPEN and end is not None and end < since

    def kept(goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found = []
        for goal in goals:
            inside = goal.get("goals") or []
            children = kept(inside)
            end = goal.get("achieved_on") or goal.get("due_on")
            if closed_before(goal, end) and not children:
                left["goals"] += 1  # the steps inside it were counted as they were left out
                continue
            found.append(goal if len(children) == len(inside) else {**goal, "goals": children})
        return found

    outcomes = []
    for outcome in plan.get("outcomes") or ():
        goals = kept(outcome.get("goals") or [])
        if (
            closed_before(outcome, outcome.get("achieved_on") or outcome.get("target_on"))
            and not goals
        ):
            left["outcomes"] += 1
            continue
        outcomes.append({**outcome, "goals": goals})
    recent = {id(review) for review in reviews[:CURRENT_REVIEWS]}
    shown_reviews = [
        r for r in plan.get("reviews") or () if id(r) in recent or r["on"] > on_or_before
    ]
    # steps untouched for a year are counted, not listed
    year_ago = (today - timedelta(days=365)).isoformat()
    steps: dict[str, dict[str, int]] = {}

    def fresh(goals: list[dict[str, Any]], found: list[int]) -> list[dict[str, Any]]:
        result = []
        for goal in goals:
            inside = goal.get("goals") or []
            children = fresh(inside, found)
            due = goal.get("due_on")
            if goal["status"] in OPEN and due is not None and due < year_ago and not children:
                found[0] += 1
                continue
            result.append(goal if children == inside else {**goal, "goals": children})
        return result

    for n, outcome in enumerate(outcomes):
        found = [0]
        goals = fresh(outcome["goals"], found)
        if found[0]:
            steps[outcome["id"]] = {"untouched": found[0], "more": 0}
            outcomes[n] = {**outcome, "goals": goals}
    # then the budget: five outcomes in full, those with open steps first
    ranked = sorted(outcomes, key=lambda o: not any(g["status"] in OPEN for g in o["goals"]))
    chosen = {id(outcome) for outcome in ranked[:OUTCOME_BUDGET]}
    full = [outcome for outcome in outcomes if id(outcome) in chosen]
    beyond = [outcome for outcome in outcomes if id(outcome) not in chosen]
    share = max(STEPS_PER_OUTCOME, STEP_BUDGET // max(len(full), 1))

    def trim(goals: list[dict[str, Any]], room: list[int]) -> tuple[list[dict[str, Any]], int]:
        chosen: dict[int, dict[str, Any]] = {}
        dropped = 0
        ordered = sorted(
            goals,
            key=lambda g: (
                g["status"] not in OPEN,
                -_ordinal(g.get("achieved_on") or g.get("due_on")),
            ),
        )
        for goal in ordered:
            if room[0] <= 0:
                dropped += _count(goal)
                continue
            room[0] -= 1
            children, lost = trim(goal.get("goals") or [], room)
            dropped += lost
            chosen[id(goal)] = {**goal, "goals": children} if lost else goal
        return [chosen[id(goal)] for goal in goals if id(goal) in chosen], dropped

    shown = []
    for outcome in full:
        goals, dropped = trim(outcome["goals"], [share])
        if dropped:
            counts = steps.setdefault(outcome["id"], {"untouched": 0, "more": 0})
            counts["more"] += dropped
            outcome = {**outcome, "goals": goals}
        shown.append(outcome)
    parts = []
    counted = (
        (left["goals"], "small step"),
        (left["outcomes"], "outcome"),
        (len(plan.get("reviews") or ()) - len(shown_reviews), "earlier review"),
    )
    for n, what in counted:
        if n:
            parts.append(f"{n} {what}" + ("" if n == 1 else "s"))
    history = {
        "since": since,
        "left_out": bool(parts),
        "things": listing(parts) if parts else "",
        "one": len(parts) == 1 and any(n == 1 for n, _ in counted),
        "steps": steps,
        "other_outcomes": beyond,
    }
    return {**plan, "outcomes": shown, "reviews": shown_reviews}, history


def recent_reviews(reviews: list[dict[str, Any]]) -> SimpleNamespace:
    newest = sorted(reviews, key=lambda review: review["on"], reverse=True)
    if len(newest) <= REVIEWS_IN_FULL:
        return SimpleNamespace(shown=newest, earlier=0, first=None, last=None)
    rest = newest[REVIEWS_IN_FULL:]
    return SimpleNamespace(
        shown=newest[:REVIEWS_IN_FULL], earlier=len(rest), first=rest[-1]["on"], last=rest[0]["on"]
    )


def _framework_words() -> dict[str, SimpleNamespace]:
    """Each framework's name, domains and scale, read once (a page's constants)."""
    found = {}
    for key, framework in frameworks().items():
        scale = framework.rating_scale
        found[key] = SimpleNamespace(
            name=framework.name,
            order=list(framework.domain_ids),
            domains={  # the first of an id, as the framework finds it
                d.id: SimpleNamespace(name=d.name, description=d.description)
                for d in reversed(framework.domains)
            },
            scale=None
            if scale is None
            else SimpleNamespace(
                minimum=scale.minimum, maximum=scale.maximum, labels=dict(scale.labels)
            ),
        )
    return found


def rating_series(
    ratings: list[dict[str, Any]], framework: SimpleNamespace | None
) -> list[DomainRatings]:
    """Ratings by domain, in the framework's order, ready for the chart code."""
    by_domain: dict[str, list[SimpleNamespace]] = {}
    for r in ratings:
        rating = SimpleNamespace(
            on=date.fromisoformat(r["on"]),
            value=r["value"],
            by=r.get("by", "person"),
            note=r.get("note"),
        )
        by_domain.setdefault(r["domain"], []).append(rating)
    order = framework.order if framework is not None else []
    domains = [d for d in order if d in by_domain] + [d for d in by_domain if d not in order]
    values = [r["value"] for r in ratings]
    series = []
    for domain in domains:
        known = framework.domains.get(domain) if framework is not None else None
        if framework is not None and framework.scale is not None:
            scale = framework.scale
            low, high, labels = scale.minimum, scale.maximum, scale.labels
        else:
            low, high, labels = min(values), max(values), {}
        low, high = min(low, *values), max(high, *values)
        if low == high:
            high = low + 1
        series.append(
            DomainRatings(
                domain=domain,
                name=known.name if known is not None else domain,
                description=known.description if known is not None else "",
                ratings=tuple(sorted(by_domain[domain], key=lambda r: r.on)),  # type: ignore[arg-type]
                minimum=low,
                maximum=high,
                labels=labels,
            )
        )
    return series


def _index(plan: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Assessment items, aims (outcomes and goals) and every part reviews decide about, by id."""
    items: dict[str, Any] = {}
    for item in (plan.get("assessment") or {}).get("items") or ():
        items.setdefault(item["id"], item)
    aims: dict[str, Any] = {}

    def walk(goals: list[dict[str, Any]]) -> None:
        for goal in goals:
            aims.setdefault(goal["id"], goal)
            walk(goal.get("goals") or [])

    for outcome in plan.get("outcomes") or ():
        aims.setdefault(outcome["id"], outcome)
        walk(outcome.get("goals") or [])
    parts = dict(aims)
    for risk in plan.get("risk_plans") or ():
        parts.setdefault(risk["id"], risk)
    return items, aims, parts


class _Environment(jinja2.Environment):
    """Jinja over dicts, for speed: ``plan.person`` is ``plan["person"]`` first (Jinja's own
    tries an attribute first, and a dict's miss is an exception), a method after."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def _assessment(items: Iterable[Mapping[str, Any]], service: str) -> dict[str, list[Any]]:
    """The person's assessment as its sections show it: (heading, items, list class, box,
    box's opening words) for each group of items, in the order they are shown."""
    found: dict[tuple[str, str], list[Any]] = {}
    for item in items:
        found.setdefault((item["kind"], item["voice"]), []).append(item)
    kinds: dict[str, list[Any]] = {}
    for item in items:
        kinds.setdefault(item["kind"], []).append(item)
    service_needs = found.get(("need", "service"), [])
    return {
        "strengths": [
            (None, found.get(("strength", "person"), []), "strengths", None, None),
            (
                "What others say I'm good at",
                [i for i in kinds.get("strength", []) if i["voice"] != "person"],
                "strengths",
                None,
                None,
            ),
        ],
        "hopes": [
            (title, kinds.get(kind, []), "hopes", None, None)
            for kind, title in (
                ("hope", "My hopes"),
                ("dream", "My dreams"),
                ("aspiration", "My aspirations"),
            )
        ],
        "needs": [
            ("What I need help with", found.get(("need", "person"), []), "", None, None),
            (
                "What the people who support me have asked for",
                found.get(("need", "supporter"), []),
                "supporters",
                None,
                None,
            ),
            (
                f"What {service} says it must do",
                [i for i in service_needs if i.get("statutory_basis")],
                "duties",
                "duty",
                "These are things the service has a duty to do. They are not my choices, so "
                "they are kept apart from what I asked for.",
            ),
            (
                f"What {service} suggests",
                [i for i in service_needs if not i.get("statutory_basis")],
                "suggestions",
                "suggestions",
                "These are suggestions from the service. No law requires them, so I can say no "
                "to any of them.",
            ),
        ],
    }


class SameFloor:
    """The hand-written page: ``render(plan=parsed_json)``."""

    def __init__(self, today: date) -> None:
        environment = _Environment(autoescape=True, undefined=jinja2.ChainableUndefined)
        environment.filters.update(
            day=day,
            listing=listing,
            upfirst=upfirst,
            phone_parts=phone_parts,
            need=need,
            extract=lambda key, found: found.get(key),
            name_of=lambda ref, names: names.get(ref, "someone in the circle"),
        )
        environment.globals.update(WORDS)
        environment.globals["mentions"] = _mentions
        environment.globals["rest"] = (
            "the whole list is in my plan's file, and the team can print it for me."
        )
        self.template = environment.from_string(SAME_PAGE_FLOOR)
        self.today = today
        self.frameworks = _framework_words()

    def render(self, plan: dict[str, Any]) -> str:
        today = self.today
        shown, history = current_period(plan, today)
        person = shown["person"]
        called = person.get("preferred_name") or person["name"]
        service = shown["service"]["name"] if shown.get("service") else "the service"
        members = {m["id"]: m for m in reversed(shown.get("circle") or ())}
        names = {ref: m["name"] for ref, m in members.items()}
        names.update(person="me", service=service)
        pronoun = (person.get("pronouns") or "").replace(",", "/").replace(" ", "/").split("/")[0]
        their = {"she": "her", "he": "his", "they": "their"}.get(pronoun.strip().lower(), "their")
        items, aims, parts = _index(shown)
        sees: dict[str, list[str]] = {}
        for consent in shown.get("sharing") or ():
            seen = sees.setdefault(consent["with"], [])
            seen.extend(s for s in consent["sections"] if s not in seen)
        framework = self.frameworks.get(shown.get("framework") or "")
        size = print_size(person.get("communication") or ())
        listed = (shown.get("assessment") or {}).get("items") or []
        kinds = {item["kind"] for item in listed}
        present = {
            "about": True,
            "strengths": "strength" in kinds,
            "hopes": bool(kinds & {"hope", "dream", "aspiration"}),
            "needs": "need" in kinds,
            "outcomes": bool(shown["outcomes"]),
            "ratings": bool(shown.get("ratings")),
            "risk_plans": bool(shown.get("risk_plans")),
            "safety_plan": any((shown.get("safety_plan") or {}).values()),
            "circle": bool(shown.get("circle")),
            "reviews": bool(shown["reviews"] or shown.get("next_review_on")),
        }
        return self.template.render(
            plan=shown,
            today=today.isoformat(),
            called=called,
            service=service,
            members=members,
            names=names,
            history=history,
            assessment=_assessment(listed, service),
            steps_left=history["steps"],
            reviews=recent_reviews(shown["reviews"]),
            by_id=items,
            aims_by_id=aims,
            parts_by_id=parts,
            sees=sees,
            section_words={
                "assessment": f"what {called} is good at, hopes for and needs",
                "outcomes": "outcomes and small steps",
                "ratings": f"how {called} rates {their} life",
                "risk_plans": "taking risks safely",
                "safety_plan": "the safety plan",
                "reviews": "reviews",
                "circle": f"the people who support {called}",
            },
            framework=framework,
            domains=framework.domains if framework is not None else {},
            series=rating_series(shown.get("ratings") or [], framework),
            print_size=size,
            css_size=size or 18,
            sections=[key for key, there in present.items() if there],
        )


def _mentions(text: str, name: str) -> bool:
    return bool(name) and re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) is not None


def same_page_floor(today: date) -> SameFloor:
    return SameFloor(today)
