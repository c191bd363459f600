"""How a message names a kind of part of a plan: in words, not by its Python class.

A developer who builds a part wrongly, or reads one from a form, shows the error to the staff
who typed it; "expected a support action" is read by both, where "expected a SupportAction"
is read by one. The class's name follows in brackets where a developer needs it, as code.
The table is keyed by the class's name, so that the model's own modules can use it while they
are being defined.
"""

from __future__ import annotations

from .messages import N_
from .messages import gettext as _

__all__ = ["A_PART", "a_part"]

# Translators: the name of a kind of part of a plan, with "a" or "an" in English, put into a
# sentence as "expected %(part)s"; write it as your language names it on its own.
A_PART: dict[str, str] = {
    "Plan": N_("a plan"),
    "Person": N_("a person"),
    "Identifier": N_("an identifier from another system"),
    "Need": N_("a communication need"),
    "Service": N_("a service"),
    "CircleMember": N_("a circle member"),
    "SupportPlan": N_("a carer's support plan"),
    "Assessment": N_("an assessment"),
    "AssessmentItem": N_("an assessment item"),
    "Outcome": N_("an outcome"),
    "Goal": N_("a small goal"),
    "SupportAction": N_("a support action"),
    "Rating": N_("a rating"),
    "RiskPlan": N_("a risk plan"),
    "Concern": N_("a concern"),
    "Capacity": N_("a note of capacity for a decision"),
    "Safeguard": N_("a safeguard"),
    "Decision": N_("a decision"),
    "Dissent": N_("a disagreement"),
    "SafetyPlan": N_("a safety plan"),
    "Distraction": N_("a distraction"),
    "Professional": N_("a professional or service to contact"),
    "Review": N_("a review"),
    "ReviewDecision": N_("a review decision"),
    "Agreement": N_("an agreement"),
    "SharingConsent": N_("a sharing entry"),
}
"""Each kind of part of the model, named in words with its article."""


def a_part(cls: type) -> str:
    """The kind of part ``cls`` is (a plugin's subclass is the kind it extends), in words, in
    the language of the work in hand; a class the model does not know is named as code."""
    for base in cls.__mro__:
        name = A_PART.get(base.__name__)
        if name is not None:
            return _(name)
    return cls.__name__
