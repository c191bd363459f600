"""Why the web app refused a request, said in the words of whoever asked.

A refusal is plain text (no page to lay out, nothing of the plan to show) in the pages'
catalogue: in the signed-in reader's own language when they are a reader of the plan, and
otherwise — nobody signed in yet, or someone the plan does not know — in the language their
browser asks for (``Accept-Language``), falling back to English. A refusal says nothing about
the plan: not even the language its person reads is given away to a stranger.
"""

from __future__ import annotations

from collections.abc import Mapping

from babel.numbers import format_decimal
from starlette.responses import PlainTextResponse

from ..messages import N_
from ..page_language import page_language, page_words
from ..translations import CopyLanguage

__all__ = [
    "CHOICE_GONE",
    "EXPIRED_FORM",
    "FAILED",
    "FOR_STATUS",
    "NOT_SIGNED_IN",
    "NOT_THIS_WAY",
    "NOT_YOURS",
    "NOT_YOUR_CHANGE",
    "NO_BASE",
    "NO_SUCH_PAGE",
    "REFUSALS",
    "TOO_LARGE",
    "WHICH_PLAN",
    "asked_for",
    "kilobytes",
    "refusal",
]

NOT_SIGNED_IN = N_(
    "Not signed in: open the address recoveryplan serve printed (with its token), or sign in "
    "to the system this page belongs to."
)
# Translators: %(size)s is a number of kilobytes, already written the language's way.
TOO_LARGE = N_(
    "What was sent is too large (more than %(size)s kB); nothing was saved. Send less at a time."
)
NOT_YOURS = N_("This page is not yours to open.")
NO_SUCH_PAGE = N_("There is no such page.")
EXPIRED_FORM = N_(
    "This form has expired or did not come from this site; open the page again and repeat "
    "the change."
)
NOT_YOUR_CHANGE = N_("This change is not yours to make.")
NO_BASE = N_("This form is missing which version it was made from; open the page again.")
CHOICE_GONE = N_("This choice has already been saved or has expired.")
# Translators: for whoever runs the server; plan_id= is the setting's name, kept as it is.
WHICH_PLAN = N_("Say which plan to serve (plan_id=).")
NOT_THIS_WAY = N_("This address cannot be used that way; open the page again from its link.")
FAILED = N_(
    "Something went wrong on the server and this could not be done. Open the page again; "
    "if it happens again, tell the team who support you."
)

REFUSALS = frozenset(
    {
        NOT_SIGNED_IN,
        TOO_LARGE,
        NOT_YOURS,
        NO_SUCH_PAGE,
        EXPIRED_FORM,
        NOT_YOUR_CHANGE,
        NO_BASE,
        CHOICE_GONE,
        WHICH_PLAN,
        NOT_THIS_WAY,
        FAILED,
    }
)
"""Every reason the app gives for refusing: a refusal that gives one is said as it is."""

FOR_STATUS: Mapping[int, str] = {
    401: NOT_SIGNED_IN,
    403: NOT_YOURS,
    404: NO_SUCH_PAGE,
    405: NOT_THIS_WAY,
    500: FAILED,
}
"""What a refusal that brings no words of the app's own (Starlette's "Not Found", a method
no route takes) says, by its status."""


def asked_for(header: str | None) -> CopyLanguage:
    """The language of the pages the browser's ``Accept-Language`` header prefers, of those
    the pages are complete in; English when it prefers English, or none of them."""
    wanted: list[tuple[float, int, str]] = []
    for place, part in enumerate((header or "").split(",")):
        tag, _, rest = part.strip().partition(";")
        weight = 1.0
        if rest.strip().startswith("q="):
            try:
                weight = float(rest.strip()[2:])
            except ValueError:
                continue
        if tag and tag != "*" and weight > 0:
            wanted.append((-weight, place, tag))
    for _, _, tag in sorted(wanted):
        if tag.lower().split("-")[0] == "en":
            break
        found = page_language(tag)
        if found.catalogue is not None:
            return found
    return page_language(None)


def refusal(
    message: str,
    status: int,
    language: CopyLanguage,
    *,
    headers: Mapping[str, str] | None = None,
    **values: object,
) -> PlainTextResponse:
    """``message`` (one of this module's) in ``language``, as a plain-text answer whose
    ``Content-Language`` says which language it is in."""
    said = page_words(language.catalogue).gettext(message)
    text = said % values if values else said
    return PlainTextResponse(
        text,
        status_code=status,
        headers={**(headers or {}), "content-language": language.tag},
    )


def kilobytes(limit: int, language: CopyLanguage) -> str:
    """A body limit in kB, written the language's way."""
    size = limit // 1000
    return str(size) if language.catalogue is None else format_decimal(size, locale=language.tag)
