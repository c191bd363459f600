"""``recoveryplan render --store URL PLAN_ID``: a copy of a stored plan, made by the store.

The store renders it, so the copy is recorded in its disclosure log, and a review pack says
by itself what changed since the last review (from the revision the store held that day) and
who wrote each change (:meth:`recoveryplan.store.Store.render`).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date

from ..braille import copy_note, default_format
from ..messages import gettext as _
from ..render import save
from ._common import _today, _UsageError, complain
from ._stores import opened

__all__ = ["render_stored", "since_revision"]


def since_revision(text: str) -> int | date:
    """``--since`` with ``--store``: a revision number or a day (YYYY-MM-DD)."""
    if text.isdigit() and int(text) >= 1:
        return int(text)
    try:
        if len(text) == 10 and text.isascii():
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise _UsageError(
        _(
            "--since %(text)s: with --store, give a revision number (1 or more) or a day "
            "(YYYY-MM-DD), such as the day of the last review"
        )
        % {"text": repr(text)}
    )


def render_stored(
    args: argparse.Namespace, plan_id: str, format: str | None, output: str | None
) -> int:
    """Render the stored plan ``plan_id`` for ``args.audience``, recorded as made by
    ``--by`` (or the account running the command). ``format`` left out is the reader's
    default, decided by the store's rendering as for a plan file (braille-ready text for a
    reader who reads braille); staff are told when a copy asked for is not that one."""
    if args.audience is None:
        raise _UsageError(_("say who the plan is for with --audience (person, staff or a member)"))
    since = None if args.since is None else since_revision(args.since)
    with opened(args) as store:
        plan, saved = store.latest(plan_id)  # the revision rendered, and the note is about
        document = store.render(
            plan_id,
            args.audience,
            format,
            by=args.by or getpass.getuser(),
            view=args.view,
            today=_today(args),
            large_print=args.large_print,
            full_history=args.full_history,
            revision=saved.number,
            since=since,
            language=args.language,
        )
    note = copy_note(plan, args.audience, format or default_format(plan, args.audience))
    if note is not None:
        complain(note)
    return deliver(document, output)


def deliver(document: str | bytes, output: str | None) -> int:
    """A rendered copy to its file (owner-only, whole or not at all), or to standard output
    as bytes (a PDF is not text); the command's exit status."""
    if output is not None:
        save(document, output)
    else:
        sys.stdout.flush()
        payload = document if isinstance(document, bytes) else document.encode("utf-8")
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    return 0
