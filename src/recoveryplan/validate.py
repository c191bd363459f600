"""Checking a plan: integrity errors, practice warnings and whatever plugins add.

The checks themselves are plugins (``recoveryplan.builtin.integrity`` and
``recoveryplan.builtin.practice``) so that the library's own checks and an organisation's
are found, run and reported the same way.
"""

from __future__ import annotations

from datetime import date

from .findings import SEVERITIES, Finding
from .plan import Plan
from .plugins import call_hook, frameworks

__all__ = ["validate"]


def validate(plan: Plan, today: date | None = None) -> list[Finding]:
    """Every finding about ``plan``: errors first, then warnings, then notes.

    ``today`` decides what is overdue; it defaults to the current date and is always
    injectable so that a check run is repeatable.
    """
    when = today if today is not None else date.today()
    framework = frameworks().get(plan.framework)
    found: list[Finding] = []
    if framework is None:
        known = ", ".join(sorted(frameworks())) or "none"
        found.append(
            Finding(
                "error",
                "framework.unknown",
                "$.framework",
                f"no outcomes framework {plan.framework!r} is registered (registered: {known}); "
                "install the plugin that provides it or correct the id",
            )
        )
    for _, findings in call_hook("validate_plan", plan=plan, framework=framework, today=when):
        found.extend(findings)
    rank = {severity: i for i, severity in enumerate(SEVERITIES)}
    return sorted(found, key=lambda finding: rank[finding.severity])
