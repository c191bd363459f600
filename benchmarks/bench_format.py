"""How long loading and dumping a plan takes, next to msgspec doing the same work.

msgspec is about as fast as Python gets at turning JSON into typed objects, so its times are the
yardstick: the ratio ours / msgspec says what our strictness (every problem reported with its
path, duplicate keys refused, no coercion) and attrs/cattrs cost. The msgspec types below mirror
the model field for field and refuse unknown keys, so both sides check the same things on a
valid document (msgspec stops at the first problem and does not look for duplicate keys, which
is part of what the ratio measures).

Run it with ``make bench`` or ``python benchmarks/bench_format.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import timeit
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Literal

import msgspec

import recoveryplan as rp
from recoveryplan.assessment import ItemKind, Voice
from recoveryplan.goals import Status
from recoveryplan.people import Role
from recoveryplan.risk import CapacityStatus, DecisionStatus, Likelihood, Severity
from recoveryplan.sharing import Section

REFERENCE = Path(rp.__file__).parent / "examples" / "morag.json"
CASELOAD = 500


# -- the model, as msgspec types ---------------------------------------------------------------


class _Struct(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, omit_defaults=True):
    pass


class Person(_Struct, kw_only=True):
    id: str
    name: str
    preferred_name: str | None = None
    pronouns: str | None = None
    date_of_birth: date | None = None
    language: str | None = None
    communication: tuple[str, ...] = ()


class Service(_Struct, kw_only=True):
    name: str
    organisation: str | None = None


class CircleMember(_Struct, kw_only=True):
    id: str
    name: str
    relationship: str | None = None
    role: Role
    contact: str | None = None


class AssessmentItem(_Struct, kw_only=True):
    id: str
    kind: ItemKind
    domain: str | None = None
    text: str
    voice: Voice
    raised_by: str | None = None
    statutory_basis: str | None = None
    private: bool = False


class Assessment(_Struct, kw_only=True):
    on: date | None = None
    participants: tuple[str, ...] = msgspec.field(default=(), name="with")
    items: tuple[AssessmentItem, ...] = ()


class SupportAction(_Struct, kw_only=True):
    by: str
    action: str


class Goal(_Struct, kw_only=True):
    id: str
    statement: str
    status: Status
    due_on: date | None = None
    achieved_on: date | None = None
    status_note: str | None = None
    support: tuple[SupportAction, ...] = ()
    celebration: str | None = None
    goals: tuple[Goal, ...] = ()


class Outcome(_Struct, kw_only=True):
    id: str
    statement: str
    domain: str | None = None
    based_on: tuple[str, ...] = ()
    target_on: date | None = None
    status: Status
    achieved_on: date | None = None
    status_note: str | None = None
    goals: tuple[Goal, ...] = ()


class Rating(_Struct, kw_only=True):
    on: date
    domain: str
    value: int
    by: str
    note: str | None = None


class Concern(_Struct, kw_only=True):
    id: str
    description: str
    likelihood: Likelihood
    severity: Severity


class Capacity(_Struct, kw_only=True):
    status: CapacityStatus
    note: str | None = None


class Safeguard(_Struct, kw_only=True):
    id: str
    action: str
    by: str
    addresses: tuple[str, ...] = ()


class Dissent(_Struct, kw_only=True):
    by: str
    note: str


class Decision(_Struct, kw_only=True):
    status: DecisionStatus
    on: date | None = None
    agreed_by: tuple[str, ...] = ()
    dissent: tuple[Dissent, ...] = ()


class RiskPlan(_Struct, kw_only=True):
    id: str
    activity: str
    supports: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    if_not_done: str | None = None
    concerns: tuple[Concern, ...] = ()
    persons_view: str | None = None
    capacity: Capacity | None = None
    safeguards: tuple[Safeguard, ...] = ()
    contingency: str | None = None
    decision: Decision | None = None
    review_on: date | None = None


class Distraction(_Struct, kw_only=True):
    what: str
    who: str | None = None


class Professional(_Struct, kw_only=True):
    name: str
    contact: str


class SafetyPlan(_Struct, kw_only=True):
    warning_signs: tuple[str, ...] = ()
    coping_strategies: tuple[str, ...] = ()
    distractions: tuple[Distraction, ...] = ()
    people_to_ask: tuple[str, ...] = ()
    professionals: tuple[Professional, ...] = ()
    safer_environment: tuple[str, ...] = ()
    reasons_for_living: tuple[str, ...] = ()


class Review(_Struct, kw_only=True):
    on: date
    attendees: tuple[str, ...] = msgspec.field(default=(), name="with")
    went_well: str | None = None
    changed: str | None = None
    next: str | None = None


class SharingConsent(_Struct, kw_only=True):
    member: str = msgspec.field(name="with")
    sections: tuple[Section, ...] = ()
    consented_on: date | None = None


class Plan(_Struct, kw_only=True):
    format: Literal["recoveryplan/1"]
    id: str
    framework: str
    person: Person
    service: Service | None = None
    created_on: date | None = None
    next_review_on: date | None = None
    circle: tuple[CircleMember, ...] = ()
    assessment: Assessment | None = None
    outcomes: tuple[Outcome, ...] = ()
    ratings: tuple[Rating, ...] = ()
    risk_plans: tuple[RiskPlan, ...] = ()
    safety_plan: SafetyPlan | None = None
    reviews: tuple[Review, ...] = ()
    sharing: tuple[SharingConsent, ...] = ()
    extensions: dict[str, Any] = msgspec.field(default_factory=dict)


# -- measuring -----------------------------------------------------------------------------


def median_seconds(operation: Callable[[], object], repeat: int) -> float:
    """The median time of one call, over ``repeat`` rounds of enough calls to time well."""
    timer = timeit.Timer(operation)
    number, _ = timer.autorange()
    return statistics.median(timer.repeat(repeat=repeat, number=number)) / number


def caseload(text: str, size: int) -> list[str]:
    """``size`` copies of the reference plan, each with its own plan id, person and name."""
    document = json.loads(text)
    plans = []
    for n in range(size):
        document["id"] = f"plan-rsl-{n:04d}"
        document["person"]["id"] = f"person-{n:04d}"
        document["person"]["name"] = f"Person {n}"
        plans.append(json.dumps(document, ensure_ascii=False, indent=2))
    return plans


def check_equivalent(text: str) -> None:
    """Both sides read and write the same document, or the comparison means nothing."""
    ours = json.loads(rp.dumps(rp.loads(text)))
    theirs = json.loads(msgspec.json.encode(msgspec.json.decode(text, type=Plan)))
    if ours != json.loads(text) or theirs != json.loads(text):
        raise SystemExit("the msgspec types do not mirror the model; fix them before measuring")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="rounds per measurement")
    parser.add_argument("--caseload", type=int, default=CASELOAD, help="plans in the batch")
    options = parser.parse_args(argv)

    text = REFERENCE.read_text(encoding="utf-8")
    check_equivalent(text)
    plan = rp.loads(text)
    struct = msgspec.json.decode(text, type=Plan)
    batch = caseload(text, options.caseload)
    plans = [rp.loads(t) for t in batch]
    structs = [msgspec.json.decode(t, type=Plan) for t in batch]
    encoder, decoder = msgspec.json.Encoder(), msgspec.json.Decoder(Plan)

    rows: list[tuple[str, float, float]] = [
        (
            "load one plan",
            median_seconds(lambda: rp.loads(text), options.repeat),
            median_seconds(lambda: decoder.decode(text), options.repeat),
        ),
        (
            "dump one plan",
            median_seconds(lambda: rp.dumps(plan), options.repeat),
            median_seconds(lambda: encoder.encode(struct), options.repeat),
        ),
        (
            f"load {len(batch)} plans",
            median_seconds(lambda: [rp.loads(t) for t in batch], options.repeat),
            median_seconds(lambda: [decoder.decode(t) for t in batch], options.repeat),
        ),
        (
            f"dump {len(batch)} plans",
            median_seconds(lambda: [rp.dumps(p) for p in plans], options.repeat),
            median_seconds(lambda: [encoder.encode(s) for s in structs], options.repeat),
        ),
    ]

    python = sys.version.split()[0]
    print(f"recoveryplan {rp.__version__}, msgspec {msgspec.__version__}, Python {python}")
    size = len(text.encode())
    print(f"reference plan: {REFERENCE.name}, {size} bytes; median of {options.repeat} rounds")
    print()
    print(f"{'operation':<18} {'recoveryplan':>14} {'msgspec':>12} {'ratio':>8}")
    for name, ours, theirs in rows:
        print(f"{name:<18} {_duration(ours):>14} {_duration(theirs):>12} {ours / theirs:>7.1f}x")
    print()
    print("ratio = recoveryplan / msgspec. recoveryplan's dump writes indented JSON with a stable")
    print("key order; msgspec's encode writes compact JSON.")
    return 0


def _duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


if __name__ == "__main__":
    raise SystemExit(main())
