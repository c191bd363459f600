"""A caseload whose every SRI 2 figure is known, for the caseload report's tests.

Each plan's shape follows from its number, so that the caseload has some of everything the
indicators count; the expected figures are counted here from the plans themselves, in plain
Python over the model, without the tables or the SQL.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import recoveryplan as rp

TODAY = date(2026, 6, 30)
SINCE = date(2026, 1, 1)
KEY = b"a service secret of some length"
INFORMAL = {rp.Role.CARER, rp.Role.FAMILY, rp.Role.FRIEND}
SAFETY_STEPS = (
    "warning_signs",
    "coping_strategies",
    "distractions",
    "people_to_ask",
    "professionals",
    "safer_environment",
    "reasons_for_living",
)


def known_plan(i: int) -> rp.Plan:
    """Plan number ``i``: which parts it has, and how complete, depend on ``i``."""
    items: list[rp.AssessmentItem] = []
    strength = rp.AssessmentItem(
        id="s1", kind=rp.ItemKind.STRENGTH, text="Good cook", voice=rp.Voice.PERSON
    )
    need = rp.AssessmentItem(
        id="n1", kind=rp.ItemKind.NEED, text="Somewhere quiet", voice=rp.Voice.PERSON
    )
    service_need = rp.AssessmentItem(
        id="n2",
        kind=rp.ItemKind.NEED,
        text="Medication",
        voice=rp.Voice.SERVICE,
        statutory_basis="CTO",
    )
    if i % 4 == 0:
        items = [strength, need, service_need]
    elif i % 4 == 1:
        items = [need, strength]
    elif i % 4 == 2:
        items = [service_need]
    circle = [rp.CircleMember(id="key", name="Key Worker", role=rp.Role.STAFF)]
    sharing = []
    if i % 3 == 0:
        circle.append(rp.CircleMember(id="sis", name="A Sister", role=rp.Role.FAMILY))
        sharing.append(
            rp.SharingConsent(member="sis", sections=(rp.Section.OUTCOMES, rp.Section.REVIEWS))
        )
        if i % 4 == 0:
            carer_need = rp.AssessmentItem(
                id="n3",
                kind=rp.ItemKind.NEED,
                text="A break",
                voice=rp.Voice.SUPPORTER,
                raised_by="sis",
            )
            items.append(carer_need)
    if i % 5 == 0:
        circle.append(rp.CircleMember(id="pal", name="A Friend", role=rp.Role.FRIEND))
    assessment = rp.Assessment(on=date(2025, 12, 1), items=tuple(items)) if i % 7 else None
    ids = {item.id for item in items} if assessment is not None else set()
    outcomes = []
    for o in range(i % 3 if i % 12 else 1):
        goals = []
        for g in range(o + 1):
            month = 1 + (i + g) % 8  # months 1..8: 7 and 8 fall after TODAY
            achieved = (i + g) % 2 == 0
            goals.append(
                rp.Goal(
                    id=f"g{o}{g}",
                    statement="A step",
                    status=rp.Status.ACHIEVED if achieved else rp.Status.ACTIVE,
                    achieved_on=date(2026 if i % 6 else 2025, month, 10) if achieved else None,
                    due_on=date(2026, month, 1),
                    celebration="Cake" if g % 2 == 0 else None,
                    status_note="She is attention seeking" if i % 8 == 3 else None,
                )
            )
        based_on = ("s1",) if o == 0 and "s1" in ids else ()
        if i % 24 == 0 and "n3" in ids:
            based_on = (*based_on, "n3")  # a need the person's sister raised, answered
        outcomes.append(
            rp.Outcome(
                id=f"o{o}",
                statement="A life",
                status=rp.Status.ACTIVE,
                domain="hope",
                based_on=based_on,
                goals=tuple(goals) if o != 1 or i % 2 else (),
            )
        )
    reviews = []
    if i % 2 == 0:
        present = ["person"] if i % 4 == 0 else []
        if i % 3 == 0:
            present.append("sis")
        reviews.append(rp.Review(on=date(2026, 1 + i % 6, 5), attendees=(*present, "key")))
    if i % 5 == 1:
        reviews.append(rp.Review(on=date(2025, 11, 5), attendees=("person",)))
    safety = None
    if i % 3 == 0:
        safety = rp.SafetyPlan(
            warning_signs=("Not sleeping",),
            coping_strategies=("Walk",),
            distractions=(rp.Distraction(what="Cafe"),),
            people_to_ask=("key",),
            professionals=(rp.Professional(name="Line", contact="0800 000"),),
            safer_environment=("Lock it",),
            reasons_for_living=("The dog",),
        )
    elif i % 3 == 1:
        safety = rp.SafetyPlan(warning_signs=("Not sleeping",))
    risks = []
    if i % 2 == 1:
        full = i % 4 == 1
        risks.append(
            rp.RiskPlan(
                id="r1",
                activity="Go swimming",
                supports=("o0",) if outcomes else (),
                benefits=("Fitness",),
                if_not_done="Stuck",
                concerns=(
                    rp.Concern(
                        id="c1",
                        description="Cold",
                        likelihood=rp.Likelihood.RARE,
                        severity=rp.Severity.MINOR,
                    ),
                ),
                persons_view="Fine" if full else None,
                capacity=rp.Capacity(status=rp.CapacityStatus.HAS_CAPACITY),
                safeguards=(
                    rp.Safeguard(id="sg1", action="Towel", by="person", addresses=("c1",)),
                ),
                contingency="Go home",
                decision=rp.Decision(status=rp.DecisionStatus.AGREED, agreed_by=("person",)),
                review_on=date(2026, 3, 1) if i % 3 == 0 else date(2026, 9, 1),
            )
        )
    ratings = []
    if i % 3 != 2:
        ratings.append(rp.Rating(on=date(2026, 2, 1), domain="hope", value=4, by="person"))
        later = 6 if i % 3 == 0 else 3
        ratings.append(rp.Rating(on=date(2026, 5, 1), domain="hope", value=later, by="person"))
        ratings.append(rp.Rating(on=date(2026, 5, 2), domain="meaning", value=2, by="key"))
    return rp.Plan(
        id=f"plan-{i}",
        framework="chime",
        person=rp.Person(id=f"person-{i}", name="Someone"),
        next_review_on=None if i % 5 == 4 else date(2026, 1 + i % 12, 1),
        circle=tuple(circle),
        assessment=assessment,
        outcomes=tuple(outcomes),
        ratings=tuple(ratings),
        risk_plans=tuple(risks),
        safety_plan=safety,
        reviews=tuple(reviews),
        sharing=tuple(sharing),
    )


def write_caseload(folder: Path, count: int) -> list[rp.Plan]:
    """``count`` known plans as files in ``folder`` (some in a subfolder), and the plans."""
    plans = [known_plan(i) for i in range(count)]
    for i, plan in enumerate(plans):
        where = folder / ("team-b" if i % 2 else "team-a")
        where.mkdir(parents=True, exist_ok=True)
        rp.dump(plan, where / f"plan-{i}.json")
    return plans


def _in_period(day: date | None) -> bool:
    return day is not None and SINCE <= day <= TODAY


def expected_figures(plans: list[rp.Plan]) -> dict[str, dict[str, int]]:
    """Every indicator's measures, counted from the plans."""
    f: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for plan in plans:
        items = plan.assessment.items if plan.assessment else ()
        person_items = {item.id for item in items if item.voice == "person"}
        s = f["strengths"]
        s["plans"] += 1
        s["assessed"] += plan.assessment is not None
        s["with_strengths"] += any(item.kind == "strength" for item in items)
        s["strengths_first"] += bool(items) and items[0].kind == "strength"

        o = f["outcomes"]
        o["plans_with_outcomes"] += bool(plan.outcomes)
        for outcome in plan.outcomes:
            o["outcomes"] += 1
            o["based_on_person"] += any(ref in person_items for ref in outcome.based_on)
            o["with_small_goals"] += bool(outcome.goals)

        g = f["small_goals"]
        g["plans"] += 1
        goals = [place.goal for place in plan.walk_goals()]
        won = [goal for goal in goals if goal.status == "achieved" and _in_period(goal.achieved_on)]
        g["achieved"] += len(won)
        g["celebrated"] += sum(1 for goal in won if goal.celebration)
        g["plans_with_achievement"] += bool(won)
        still_open = [goal for goal in goals if goal.status in ("planned", "active", "on-hold")]
        g["open"] += len(still_open)
        g["open_overdue"] += sum(1 for goal in still_open if goal.due_on and goal.due_on < TODAY)

        r = f["reviews"]
        r["plans"] += 1
        held = [review for review in plan.reviews if _in_period(review.on)]
        r["reviews"] += len(held)
        r["person_present"] += sum(1 for review in held if "person" in review.attendees)
        r["plans_reviewed"] += bool(held)

        c = f["carers"]
        c["plans"] += 1
        carers = [member for member in plan.circle if member.role in INFORMAL]
        carer_ids = {member.id for member in carers}
        shared = {consent.member for consent in plan.sharing if consent.sections}
        answered = {ref for outcome in plan.outcomes for ref in outcome.based_on}
        c["plans_with_carers"] += bool(carers)
        c["carers"] += len(carers)
        c["carers_with_consent"] += sum(1 for member in carers if member.id in shared)
        c["reviews"] += len(held)
        c["reviews_with_carers"] += sum(1 for review in held if carer_ids & set(review.attendees))
        raised = [item for item in items if item.kind == "need" and item.raised_by in carer_ids]
        c["carer_needs"] += len(raised)
        c["carer_needs_answered"] += sum(1 for item in raised if item.id in answered)

        sp = f["safety"]
        sp["plans"] += 1
        sp["with_safety_plan"] += plan.safety_plan is not None
        sp["complete"] += plan.safety_plan is not None and all(
            getattr(plan.safety_plan, step) for step in SAFETY_STEPS
        )

        k = f["risk"]
        k["plans_with_risk_plans"] += bool(plan.risk_plans)
        for risk in plan.risk_plans:
            k["risk_plans"] += 1
            addressed = {ref for sg in risk.safeguards for ref in sg.addresses}
            k["defensible"] += bool(
                risk.supports
                and risk.benefits
                and risk.if_not_done
                and risk.concerns
                and all(concern.id in addressed for concern in risk.concerns)
                and risk.persons_view
                and risk.capacity
                and risk.safeguards
                and risk.contingency
                and risk.decision
                and risk.decision.agreed_by
                and risk.review_on
            )
            k["with_review_date"] += risk.review_on is not None
            k["review_overdue"] += risk.review_on is not None and risk.review_on < TODAY

        lg = f["language"]
        lg["plans"] += 1
        notes = [
            finding
            for finding in rp.validate(plan, today=TODAY)
            if finding.code.startswith("language.")
        ]
        lg["plans_with_language_notes"] += bool(notes)
        lg["language_notes"] += len(notes)

        ov = f["overdue"]
        ov["plans"] += 1
        ov["with_review_date"] += plan.next_review_on is not None
        ov["review_overdue"] += plan.next_review_on is not None and plan.next_review_on < TODAY

        due = f["due_for_review"]
        due["plans"] += 1
        review = plan.next_review_on
        due["overdue"] += review is not None and review < TODAY
        due["due_within_28_days"] += review is not None and 0 <= (review - TODAY).days <= 28

    rt = f["ratings"]
    people = {plan.person.id for plan in plans}
    rt["people"] = len(people)
    own = [(plan, rating) for plan in plans for rating in plan.ratings if rating.by == "person"]
    rt["people_rating"] = len({plan.person.id for plan, _ in own})
    rt["ratings_in_period"] = sum(1 for _, rating in own if _in_period(rating.on))
    # A series: the person's own ratings of one domain in one plan, oldest (then lowest) first.
    series: dict[tuple[str, str], list[tuple[date, int]]] = defaultdict(list)
    for plan, rating in own:
        series[(plan.id, rating.domain)].append((rating.on, rating.value))
    long = [sorted(found) for found in series.values() if len(found) >= 2]
    rt["series"] = len(long)
    rt["series_rising"] = sum(1 for found in long if found[-1][1] > found[0][1])
    return {name: dict(measures) for name, measures in f.items()}


def expected_trends(plans: list[rp.Plan]) -> dict[str, dict[str, int]]:
    """The month-by-month counts, from the plans."""
    t: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for plan in plans:
        for place in plan.walk_goals():
            goal = place.goal
            if goal.status == "achieved" and _in_period(goal.achieved_on):
                assert goal.achieved_on is not None
                t["goals_achieved"][goal.achieved_on.isoformat()[:7]] += 1
        for review in plan.reviews:
            if _in_period(review.on):
                t["reviews"][review.on.isoformat()[:7]] += 1
                if "person" in review.attendees:
                    t["person_present"][review.on.isoformat()[:7]] += 1
                else:
                    t["person_present"][review.on.isoformat()[:7]] += 0
        for rating in plan.ratings:
            if rating.by == "person" and _in_period(rating.on):
                t["ratings"][rating.on.isoformat()[:7]] += 1
                t["rating_total"][rating.on.isoformat()[:7]] += rating.value
    return {measure: dict(sorted(by_month.items())) for measure, by_month in t.items()}
