"""What the store says when it refuses: a save that would lose someone else's change, and a
revision asked for that the plan does not have. Kept apart from the store's work so that the
wording, which translators read, is in one small place."""

from __future__ import annotations

from ..errors import ConflictError
from ..messages import N_
from ..messages import gettext as _

__all__ = ["NO_REVISION", "conflict"]


def conflict(plan_id: str, base: int | None, latest: int | None) -> ConflictError:
    if base is None:
        # Translators: base= is code, kept as it is; %(plan)s is the plan's id, quoted;
        # %(latest)s is a revision number.
        message = _(
            "plan %(plan)s is already in the store (its latest revision is %(latest)s); to "
            "save a change to it, give base=%(latest)s (the revision the change was made "
            "from), after merging with the latest if it is not the one you started from"
        )
    elif latest is None:
        # Translators: base=None is code, kept as it is; %(plan)s is the plan's id, quoted;
        # %(base)s is a revision number.
        message = _(
            "plan %(plan)s has no revisions in the store, so it cannot be based on revision "
            "%(base)s; save it with base=None to add it"
        )
    else:
        # Translators: rp.merge and base= are code, kept as they are; %(plan)s is the plan's
        # id, quoted; %(base)s and %(latest)s are revision numbers.
        message = _(
            "plan %(plan)s was saved by someone else since revision %(base)s: the latest is "
            "%(latest)s; nothing was stored. Load the latest, merge your change into it "
            "(rp.merge) and save again with base=%(latest)s"
        )
    return ConflictError(
        message % {"plan": repr(plan_id), "base": base, "latest": latest},
        plan_id=plan_id,
        base=base,
        latest=latest,
    )


# Translators: %(plan)s is the plan's id, quoted; %(asked)s the revision number, day
# (2026-06-02) or time asked for; %(store)s the store's file or address; %(latest)s the
# number of its latest revision; %(command)s a command, kept as it is.
NO_REVISION = {
    "number": N_(
        "plan %(plan)s has no revision %(asked)s in %(store)s; its revisions are 1 to "
        "%(latest)s (%(command)s shows when each was saved)"
    ),
    "day": N_(
        "plan %(plan)s has no revision on or before %(asked)s in %(store)s; its revisions are "
        "1 to %(latest)s (%(command)s shows when each was saved)"
    ),
    "moment": N_(
        "plan %(plan)s has no revision by %(asked)s in %(store)s; its revisions are 1 to "
        "%(latest)s (%(command)s shows when each was saved)"
    ),
}
"""What the store says when a plan has no revision at the number, the day or the moment
asked for."""
