"""How the practice checks' messages speak of the person and quote the plan's words."""

from __future__ import annotations

from ..audience import pronoun_forms
from ..goals import Status
from ..messages import N_
from ..messages import gettext as _
from ..plan import Plan, derived_from
from ..textformats import isolate

__all__ = ["Speaker", "blank", "quoted", "status_words"]


class Speaker:
    """How the messages speak of the person: by the name they prefer, with their pronouns.

    Each practice check asks for one; working the forms out is more than some checks then
    do, so it is done once per plan and kept beside it (a plan cannot change). Its attributes
    are read, never set.
    """

    name: str
    their: str
    them: str
    they: str
    are: str
    was: str
    do: str
    enjoy: str
    want: str
    think: str
    words: dict[str, str]
    """Every form above by its name: the placeholders a message may use (``%(name)s``,
    ``%(they)s``, ``%(are)s``...). The pronouns and verb forms are English grammar, so a
    translation may leave them out and use ``%(name)s`` instead."""

    def __new__(cls, plan: Plan) -> Speaker:
        derived = derived_from(plan)
        kept: Speaker | None = derived.get(_SPEAKER)
        if type(kept) is not cls:
            kept = derived[_SPEAKER] = super().__new__(cls)
            kept._speak_of(plan)
        return kept

    def _speak_of(self, plan: Plan) -> None:
        forms = pronoun_forms(plan.person)
        self.name = isolate(plan.person.called)
        self.their = forms["their"]
        self.them = forms["them"]
        self.they = {"her": "she", "his": "he"}.get(self.their, "they")
        plural = self.they == "they"
        self.are = "are" if plural else "is"
        self.was = "were" if plural else "was"
        self.do = "do" if plural else "does"
        self.enjoy = "enjoy" if plural else "enjoys"
        self.want = "want" if plural else "wants"
        self.think = "think" if plural else "thinks"
        self.words = {
            "name": self.name,
            "their": self.their,
            "them": self.them,
            "they": self.they,
            "are": self.are,
            "was": self.was,
            "do": self.do,
            "enjoy": self.enjoy,
            "want": self.want,
            "think": self.think,
        }


_SPEAKER = "practice.speaker"


def quoted(text: str, limit: int = 60) -> str:
    shown = " ".join(text.split())
    if len(shown) > limit:
        shown = shown[: limit - 3].rstrip() + "..."
    return f'"{isolate(shown)}"'


def blank(text: str | None) -> bool:
    return text is None or not text.strip()


def status_words(status: Status) -> str:
    """An outcome's or goal's status as a message says it ("on hold")."""
    return _(_STATUSES[status])


_STATUSES = {
    Status.PLANNED: N_("planned"),
    Status.ACTIVE: N_("active"),
    Status.ON_HOLD: N_("on hold"),
    Status.ACHIEVED: N_("achieved"),
    Status.NOT_ACHIEVED: N_("not achieved"),
    Status.DROPPED: N_("dropped"),
}
"""An outcome's or goal's status as a message says it ("on hold")."""
