"""Rendering a plan for a reader: the person-held plan, the staff view and circle members' copies.

The plan is first cut down to what the audience may see (:func:`recoveryplan.audience.disclose`,
the one place consent is decided) and only then handed to the templates, so consent does not
depend on any template getting it right. This module is the public face: :func:`render`, PDF
and :func:`save`; what a template sees is built in :mod:`recoveryplan.context`, and the Jinja
environments (with plugins' template folders, filters and variables) in
:mod:`recoveryplan.templating`.

A person's words are always data, never markup or template code: HTML is autoescaped, Markdown
escapes its own punctuation (and ``<``, ``>`` and ``&``), plain text is written as it is, and
no template is ever built from the text of a plan.
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING, Literal, overload

from ._lazy import on_first_use
from ._values import date_argument
from .audience import resolve_audience
from .braille import BRAILLE_READY, braille_ready, default_format, needs_braille
from .easyread import default_view
from .errors import MissingExtraError, PlanError, PlanValueError
from .files import write_atomically
from .messages import gettext as _
from .plan import Plan
from .textformats import tidy
from .views import VIEWS, not_a_view

if TYPE_CHECKING:
    from .context import DueDate, template_context
    from .pdf import pdf_available
    from .review_changes import Since
    from .templating import BUILTIN_TEMPLATES, TEMPLATE_FORMATS, environment

__all__ = [
    "BUILTIN_TEMPLATES",
    "FORMATS",
    "TEMPLATE_FORMATS",
    "VIEWS",
    "DueDate",
    "PdfUnavailableError",
    "environment",
    "pdf_available",
    "render",
    "save",
    "template_context",
]

FORMATS: tuple[str, ...] = ("html", "md", "txt", "pdf")
"""Every format :func:`render` writes; PDF is made from the HTML."""


PdfUnavailableError = MissingExtraError
"""PDF output was asked for but WeasyPrint, which makes it, is not installed: the
:class:`~recoveryplan.errors.MissingExtraError` of the ``pdf`` extra, under its older name."""


_LAZY = {
    "BUILTIN_TEMPLATES": ".templating",
    "DueDate": ".context",
    "TEMPLATE_FORMATS": ".templating",
    "environment": ".templating",
    "pdf_available": ".pdf",
    "template_context": ".context",
}
"""Names this module gives whose modules load on first use: the package imports this module
for :func:`render`, and ``import recoveryplan`` should not pay for Jinja, the template context
or WeasyPrint (see docs/layout.md, "Imports on first use")."""


if not TYPE_CHECKING:  # type checkers see the names themselves, imported above
    __getattr__, __dir__ = on_first_use(__name__, _LAZY)


# -- rendering -------------------------------------------------------------------------------


@overload
def render(
    plan: Plan,
    audience: str,
    format: Literal["html", "md", "txt"] | None = ...,
    *,
    view: str | None = ...,
    today: date | None = ...,
    large_print: bool | None = ...,
    full_history: bool = ...,
    since: Plan | Since | None = ...,
    language: str | None = ...,
) -> str: ...


@overload
def render(
    plan: Plan,
    audience: str,
    format: Literal["pdf"],
    *,
    view: str | None = ...,
    today: date | None = ...,
    large_print: bool | None = ...,
    full_history: bool = ...,
    since: Plan | Since | None = ...,
    language: str | None = ...,
) -> bytes: ...


@overload
def render(
    plan: Plan,
    audience: str,
    format: str | None = ...,
    *,
    view: str | None = ...,
    today: date | None = ...,
    large_print: bool | None = ...,
    full_history: bool = ...,
    since: Plan | Since | None = ...,
    language: str | None = ...,
) -> str | bytes: ...


def render(
    plan: Plan,
    audience: str,
    format: str | None = None,
    *,
    view: str | None = None,
    today: date | None = None,
    large_print: bool | None = None,
    full_history: bool = False,
    since: Plan | Since | None = None,
    language: str | None = None,
) -> str | bytes:
    """The plan for ``audience`` ("person", "staff" or a circle member's id) in ``format``.

    ``format`` left out is HTML, or for a reader whose recorded needs include braille, plain
    text ready for braille transcription (:mod:`recoveryplan.braille`); a plain-text copy for
    such a reader is always the braille-ready one.

    ``view`` is the document: ``"plan"`` (the whole plan), ``"review"`` (the pack for the
    review meeting: the period since the last review up to ``today``), ``"safety-plan"`` (the
    safety plan on its own pages), ``"crisis-card"`` (a foldable pocket card, front and
    back) or ``"easy-read"`` (short sentences, pictures and large type, the safety plan and the
    next steps first). Left out, it is ``"easy-read"`` for a reader whose recorded
    communication needs include easy read, and ``"plan"`` otherwise. Every view is made from
    the plan as the reader may see it; a circle member who was not given the part a view is
    made from gets a :class:`ConsentError`, not an empty page.

    ``today`` is the day the plan is printed on and decides what the staff view shows as
    overdue (default: the current date). ``large_print`` forces large print on or off; left
    as ``None``, the person-held plan is in large print when the person's communication needs
    ask for it.

    The person-held plan shows the current period (what is open, what was achieved since the
    review before last, the last two reviews and the whole rating journey) and says where the
    rest is; ``full_history=True`` gives everything.

    ``since``, an older version of the same plan (the one at the last review, say), adds "What
    changed since the last review" to the review pack: the changes the reader may see, from
    :func:`recoveryplan.diff`. Only the review pack takes it. A
    :class:`~recoveryplan.review_changes.Since` (what a store gives) adds the versions saved in
    between, so that each change says who wrote it where the reader may know.

    ``language`` (a BCP 47 tag such as ``"cy"`` or ``"pl-PL"``) chooses the language of the
    words the library writes; by default it is the reader's own (``person.language`` for the
    person, a circle member's ``language`` for theirs, English for staff). A region falls back
    to its language, and a language with no catalogue gets English, with ``lang`` saying so.

    There is no default reader: a circle member's copy holds only what the person agreed to
    share with them, so who the plan is for is always said.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"render() takes a Plan, not {type(plan).__name__}")
    if format is None:
        format = default_format(plan, resolve_audience(plan, audience))
    if format not in FORMATS:
        # Translators: %(format)s is the format asked for, quoted; %(formats)s lists the
        # formats' names (html, pdf...), kept as they are.
        raise PlanValueError(
            _("%(format)s is not a format plans can be rendered in; use one of: %(formats)s")
            % {"format": repr(format), "formats": ", ".join(FORMATS)}
        )
    when = date_argument("today", today) if today is not None else date.today()
    if large_print is not None and not isinstance(large_print, bool):
        raise TypeError(f"large_print must be True, False or None, not {large_print!r}")
    if not isinstance(full_history, bool):
        raise TypeError(f"full_history must be True or False, not {full_history!r}")
    if view is None:
        view = default_view(plan, resolve_audience(plan, audience))
    if not isinstance(view, str) or view not in VIEWS:
        raise not_a_view(view)
    _check_since(plan, since, view)
    if language is not None and not isinstance(language, str):
        raise TypeError(f"language must be a language tag such as 'cy', not {language!r}")
    audience = resolve_audience(plan, audience)
    if format == "pdf":
        html = _render(
            plan, audience, "html", view, when, large_print, full_history, "print", since, language
        )
        from .pdf import pdf_of

        return pdf_of(html)
    return _render(
        plan, audience, format, view, when, large_print, full_history, "screen", since, language
    )


def _check_since(plan: Plan, since: Plan | Since | None, view: str) -> None:
    """``since`` is an older version of this very plan, for the review pack."""
    if since is None:
        return
    from .review_changes import Since

    if isinstance(since, Since):
        for version, _when in since.later:
            _check_since(plan, version, view)
        since = since.older
    if not isinstance(since, Plan):
        raise TypeError(
            f"since must be a Plan (an older version of this one), not {type(since).__name__}"
        )
    if view != "review":
        # Translators: since= and view='review' are code, kept as they are; %(view)s is the
        # view asked for, quoted.
        raise PlanValueError(
            _(
                "since= says what changed since the last review, which only the review pack "
                "shows; render view='review', or leave since out for the %(view)s view"
            )
            % {"view": repr(view)}
        )
    if since.id != plan.id:
        # Translators: since= is code, kept as it is; %(older)s and %(plan)s are plans' ids.
        raise PlanValueError(
            _(
                "since= must be an older version of the same plan, but it is plan %(older)s "
                "and this is plan %(plan)s; give an earlier version of %(plan)s"
            )
            % {"older": repr(since.id), "plan": repr(plan.id)}
        )


def _render(
    plan: Plan,
    audience: str,
    format: str,
    view: str,
    today: date,
    large_print: bool | None,
    full_history: bool,
    medium: str,
    since: Plan | Since | None = None,
    language: str | None = None,
) -> str:
    from .context import template_context
    from .template_imports import imports_made_once
    from .templating import environment, plugin_at_fault

    context = template_context(
        plan,
        audience,
        format,
        today=today,
        large_print=large_print,
        view=view,
        full_history=full_history,
        since=since,
        language=language,
    )
    context["medium"] = medium
    env = environment(format, plan, context["copy_language"].catalogue)
    try:
        template = env.get_template(f"{view}.{format}.j2")
        with imports_made_once(context):
            text = template.render(context)
    except PlanError:
        raise
    except Exception as error:
        culprit = plugin_at_fault(env, error)
        if culprit is None:
            raise
        raise culprit from error
    if format == BRAILLE_READY and needs_braille(plan, audience):
        return braille_ready(text)
    return tidy(text, format)


def save(document: str | bytes, path: str | os.PathLike[str]) -> None:
    """Write a rendered plan to ``path`` atomically: the old file or the new, never half.

    Text is written as UTF-8; a PDF as it is.
    """
    payload = document.encode("utf-8") if isinstance(document, str) else document
    write_atomically(path, payload, hint=_("check the folder exists and that you may write to it"))
