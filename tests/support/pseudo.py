"""The pseudo-locale the translation tests write in: every message's letters replaced and the
whole wrapped in ⟦ ⟧, its placeholders kept, so that any English word left in the output came
from somewhere that is not translated."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable

PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sdr]|%%|\{[a-z_]+\}")
"""A placeholder a translation keeps: ``%(name)s``, ``%s``, ``%r``, ``%%``, ``{owner}``."""


def mark(message: str, holder: Callable[[str], str] = lambda placeholder: placeholder) -> str:
    """``message`` in the pseudo-locale: each ASCII letter an ``x``, each placeholder kept (or
    what ``holder`` makes of it)."""
    parts = PLACEHOLDER.split(message)
    holders = [holder(found) for found in PLACEHOLDER.findall(message)]
    out = [re.sub(r"[A-Za-z]", "x", parts[0])]
    for kept, part in zip(holders, parts[1:], strict=True):
        out += [kept, re.sub(r"[A-Za-z]", "x", part)]
    return "⟦" + "".join(out) + "⟧"


class Pseudo(gettext.NullTranslations):
    """Translations into the pseudo-locale."""

    def gettext(self, message: str) -> str:
        # argparse passes a subparsers' description of None through _() too.
        return mark(message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return mark(singular if n == 1 else plural)
