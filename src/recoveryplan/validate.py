"""Checking a plan: integrity errors, practice warnings and whatever plugins add.

The checks themselves are plugins (``recoveryplan.builtin.integrity`` and
``recoveryplan.builtin.practice``) so that the library's own checks and an organisation's
are found, run and reported the same way.
"""

from __future__ import annotations

from datetime import date

from ._values import date_argument
from .findings import SEVERITIES, Finding, FindingSeverity
from .messages import gettext as _
from .messages import speaking, speaking_from
from .plan import Plan
from .plugins import call_hooks, frameworks

__all__ = ["CODES", "validate"]

CODES: dict[str, FindingSeverity] = {"framework.unknown": "error", "plugin.failed": "error"}
"""The codes reported here rather than by a check plugin: without the framework, no plugin can
check domains or ratings; a check plugin that fails cannot report itself."""


def validate(
    plan: Plan, today: date | None = None, *, language: str | None = None
) -> list[Finding]:
    """Every finding about ``plan``: errors first, then warnings, then notes.

    ``today`` decides what is overdue; it defaults to the current date and is always
    injectable so that a check run is repeatable. ``language`` (a BCP 47 tag such as ``"cy"``)
    is the language the messages are written in, for the staff who read them; English when it
    is not given or its catalogue is not complete (:mod:`recoveryplan.messages`). Codes and
    paths are the same in every language.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"validate() takes a Plan, not {type(plan).__name__}")
    if language is not None and not isinstance(language, str):
        raise TypeError(f"language must be a language tag such as 'cy', not {language!r}")
    when = date_argument("today", today) if today is not None else date.today()
    if language is None:  # English, as speaking(None) would choose, without choosing
        with speaking_from(None, None):
            return _validate(plan, when)
    with speaking(language):
        return _validate(plan, when)


def _validate(plan: Plan, when: date) -> list[Finding]:
    framework = frameworks().get(plan.framework)
    found: list[Finding] = []
    if framework is None:
        known = ", ".join(sorted(frameworks()))
        found.append(
            Finding(
                CODES["framework.unknown"],
                "framework.unknown",
                "$.framework",
                # Translators: %(framework)s is the framework's id, quoted; %(known)s lists
                # the ids of the frameworks there are, or is the word "none".
                _(
                    "no outcomes framework %(framework)s is registered (registered: %(known)s); "
                    "install the plugin that provides it or correct the id"
                )
                % {"framework": repr(plan.framework), "known": known or _("none")},
            )
        )
    checks = call_hooks("validate_plan", plan=plan, framework=framework, today=when)
    found.extend(checks.combined(contained=True))
    # One faulty check must not hide what the others found, nor pass the plan.
    found.extend(
        Finding(
            CODES["plugin.failed"],
            "plugin.failed",
            "$",
            # Translators: %(error)s says which plugin failed and how, as Python reported it.
            _("the plan could not be fully checked: %(error)s") % {"error": error},
        )
        for error in checks.failures
    )
    return sorted(found, key=lambda finding: _RANK[finding.severity])


_RANK = {severity: i for i, severity in enumerate(SEVERITIES)}
"""Where each severity comes in the findings: errors first, then warnings, then notes."""
