"""The errors the library raises on bad input.

Every one of them subclasses :class:`PlanError`, so an embedding system can catch one type and
show the messages to a person. Each also subclasses the built-in it resembles, so code that
already catches ``ValueError`` or ``LookupError`` keeps working.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal, TypeAlias

import attrs

from .messages import N_, ngettext
from .messages import gettext as _

__all__ = [
    "ConflictError",
    "ConsentError",
    "FrameworkConflictError",
    "MissingExtraError",
    "PlanError",
    "PlanFormatError",
    "PlanReadError",
    "PlanValueError",
    "PlanWriteError",
    "PluginError",
    "Problem",
    "StoreError",
    "UnknownAudienceError",
    "UnknownPlanError",
    "UnknownReferenceError",
    "one_line",
    "unexpected",
]


def one_line(text: str) -> str:
    """A message as one line (parts joined by "; "), however many lines its author gave it."""
    return "; ".join(part.strip() for part in text.splitlines() if part.strip())


def unexpected(error: Exception) -> str:
    """What to say about an error nobody expected: what it was, and how to find out more."""
    # Translators: %(kind)s is the name of the Python exception (ValueError, KeyError), a code
    # word kept as it is for whoever debugs it; %(error)s is what the exception said.
    return _(
        "an unexpected error (%(kind)s: %(error)s); run it alone with --debug to see "
        "where, and please report it"
    ) % {"kind": type(error).__name__, "error": one_line(str(error))}


class PlanError(Exception):
    """Base of every error raised because of bad input (a document, a reference, an option)."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a document: where it is (a JSON path) and what to do about it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class PlanFormatError(PlanError, ValueError):
    """A document that is not valid ``recoveryplan/1``.

    ``problems`` holds every problem found, not only the first, so a person can fix a document
    in one pass instead of one error at a time.
    """

    def __init__(self, problems: Iterable[Problem], source: str | None = None) -> None:
        self.problems: list[Problem] = list(problems)
        self.source = source
        super().__init__(self._summary())

    def _summary(self) -> str:
        where = f"{self.source}: " if self.source else ""
        count = len(self.problems)
        head = where + ngettext(
            "%(count)s problem in the plan", "%(count)s problems in the plan", count
        ) % {"count": count}
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def lines(self) -> list[str]:
        """One line per problem, prefixed with the source when there is one."""
        prefix = f"{self.source}: " if self.source else ""
        return [f"{prefix}{p}" for p in self.problems]


class PlanReadError(PlanError, OSError):
    """A plan file that cannot be read at all (missing, a directory, no permission)."""


class PlanWriteError(PlanError, OSError):
    """A plan that could not be written (a missing folder, no permission); nothing was changed."""


class PlanValueError(PlanError, ValueError):
    """A bad value passed to the API (an unknown status, a goal id that is already taken).

    ``path`` is the JSON path of the value, when the check that refused it knows one.
    """

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class UnknownReferenceError(PlanError, LookupError):
    """An id or person reference that names nothing in the plan."""


class FrameworkConflictError(PlanError):
    """Two plugins registered outcomes frameworks with the same id."""


class PluginError(PlanError):
    """A plugin that could not be loaded, implements a hook that does not exist, raised an
    exception or returned something its hook does not allow.

    ``plugin`` is the plugin's name as registered (its entry-point name when installed) and
    ``hook`` the hook it failed in; either is ``None`` when the problem is not one plugin's
    or not one hook's.
    """

    def __init__(self, message: str, *, plugin: str | None = None, hook: str | None = None):
        super().__init__(message)
        self.plugin = plugin
        self.hook = hook


class UnknownAudienceError(PlanError, LookupError):
    """A rendering audience that is neither the person, the staff nor a circle member."""


class ConsentError(PlanError, PermissionError):
    """A circle member the person has not agreed to share any of their plan with."""


class MissingExtraError(PlanError, ImportError):
    """Something was asked for that needs one of the library's optional extras, which is not
    installed (WeasyPrint for PDF, pyarrow and DuckDB for the caseload report...).

    One error for every extra, so an embedding system catches one type and can show the
    person ``install``, the command that puts it right; ``extra`` is the extra's name.
    """

    def __init__(self, message: str, *, extra: str | None = None) -> None:
        super().__init__(message)
        named = re.search(r"recoveryplan\[([\w-]+)\]", message)
        self.extra: str | None = extra or (named.group(1) if named else None)
        self.install: str | None = (
            f"pip install 'recoveryplan[{self.extra}]'" if self.extra is not None else None
        )

    @classmethod
    def needing(cls, need: Missing, *, detail: str | None = None) -> MissingExtraError:
        """The error for ``need`` (one of :data:`NEEDS`: "pdf", "postgresql"...), in the
        language of the work in hand; ``detail`` is what the failed import said, if anything."""
        extra, message = NEEDS[need]
        said = _(message) % {"install": f"pip install 'recoveryplan[{extra}]'"}
        return cls(said + (f" ({detail})" if detail else ""), extra=extra)


Missing: TypeAlias = Literal["pdf", "calendar", "report", "store", "postgresql", "testing"]
"""What needs one of the optional extras."""

# Translators: %(install)s is the command that installs what is missing, kept as it is; the
# packages' names (WeasyPrint, psycopg 3...) are names, kept as they are.
NEEDS: dict[Missing, tuple[str, str]] = {
    "pdf": (
        "pdf",
        N_("PDF output needs WeasyPrint, which is not installed; install it with %(install)s"),
    ),
    "calendar": (
        "calendar",
        N_(
            "a calendar of the plan's dates needs icalendar, which is not installed; install "
            "it with %(install)s"
        ),
    ),
    "report": (
        "report",
        N_(
            "the caseload report needs pyarrow and duckdb, which are not installed; install "
            "them with %(install)s"
        ),
    ),
    "store": (
        "store",
        N_(
            "The plan store needs SQLAlchemy and Alembic, which are not installed; install "
            "them with %(install)s"
        ),
    ),
    "postgresql": (
        "store",
        N_(
            "A PostgreSQL plan store needs psycopg 3, which is not installed; install it with "
            "%(install)s"
        ),
    ),
    "testing": (
        "testing",
        N_(
            "recoveryplan.testing.strategies needs hypothesis, which is not installed; "
            "install it with %(install)s"
        ),
    ),
}
"""Each need of an extra: the extra, and the whole sentence said when it is missing (one
sentence each, so that a language puts the names where its grammar wants them)."""


class StoreError(PlanError):
    """A plan store that cannot be opened or used: a bad address, a database that cannot be
    reached, or one written by a newer version of the library."""


class UnknownPlanError(PlanError, LookupError):
    """A plan id, or a revision of a plan, that the store does not hold."""


class ConflictError(PlanError):
    """A save based on a revision that is no longer the latest: someone else saved first.

    Nothing was stored. ``latest`` is the revision number now latest (``None`` when the plan
    has none), ``base`` the one the save was based on: load the latest, merge the two
    (``rp.merge``) and save again with ``base=latest``, as HTTP does when ``If-Match`` fails.
    """

    def __init__(self, message: str, *, plan_id: str, base: int | None, latest: int | None) -> None:
        super().__init__(message)
        self.plan_id = plan_id
        self.base = base
        self.latest = latest
