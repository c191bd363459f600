"""The plan store: every revision of every plan, append-only, in SQLite or PostgreSQL.

Saving is optimistic, as HTTP's ``If-Match`` is: the writer says which revision it started
from (``base``) and the save is refused with :class:`~recoveryplan.ConflictError`, storing
nothing, when another was saved since. Under the hood one transaction locks the plan's row in
``recoveryplan_plans`` (on SQLite the whole file, ``BEGIN IMMEDIATE``), checks the base,
appends the revision and moves the plan's pointer; the primary key (plan id, number) is the
last guard, so two writers can never both store revision *n*: one of them gets the conflict.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, TypeAlias, overload

from sqlalchemy import Connection, Engine, Row, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from ..audience import STAFF, disclose, resolve_audience
from ..easyread import default_view
from ..errors import PlanValueError, StoreError, UnknownPlanError, one_line
from ..fingerprints import document_fingerprint
from ..messages import gettext as _
from ..messages import ngettext
from ..plan import Plan
from ..render import render as render_plan
from ..review_changes import Since
from ..review_decisions import latest_review
from ..serialize import from_data, to_data
from ..sharing import Section
from ..views import check_view
from .connecting import WRITING, describe
from .refusals import NO_REVISION, conflict
from .revision import DisclosureRecord, Revision
from .schema import DISCLOSURES, PLANS, REVISIONS

__all__ = ["FHIR_VIEW", "Store"]

FHIR_VIEW = "fhir"
"""What the disclosure log calls a FHIR bundle exported from the store (the whole plan)."""

_Row: TypeAlias = "Row[*tuple[Any, ...]]"

_REVISION_COLUMNS = (
    REVISIONS.c.number,
    REVISIONS.c.saved_at,
    REVISIONS.c.author,
    REVISIONS.c.reason,
    REVISIONS.c.fingerprint,
)


class Store:
    """Plans and every revision of them, in one database (see :func:`open_store`).

    One store may be used from many threads and many processes at once; each call is its own
    transaction. Close it (or use it as a context manager) to release its connections.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.address = describe(engine.url)
        """Where the store is, for messages: the file, or the URL without its password."""

    # -- revisions ---------------------------------------------------------------------------

    def save(self, plan: Plan, *, by: str, why: str, base: int | None) -> Revision:
        """Append ``plan`` as the plan's next revision and return it.

        ``base`` is the revision the change was made from: ``None`` for a plan new to the
        store. When it is not the latest (someone saved in between) nothing is stored and
        :class:`~recoveryplan.ConflictError` says which is: load it, merge, save again.
        """
        if not isinstance(plan, Plan):
            raise TypeError(f"save() takes a Plan, not {type(plan).__name__}")
        if not isinstance(by, str) or not by.strip():
            # Translators: by: is the argument's name and 'person' and 'service' are values it
            # takes, kept as they are; %(found)s is the value given, quoted.
            raise PlanValueError(
                _(
                    "by: say who is saving the plan ('person', 'service', a circle id or a "
                    "staff member's id), not %(found)s"
                )
                % {"found": repr(by)}
            )
        if not isinstance(why, str):
            raise TypeError(f"why must be text, not {type(why).__name__}")
        if base is not None and (type(base) is not int or base < 1):
            # Translators: base is the argument's name and None a value it takes, kept as they
            # are; %(found)s is the value given, quoted.
            raise PlanValueError(
                _("base must be a revision number (1 or more) or None, not %(found)s")
                % {"found": repr(base)}
            )
        document = to_data(plan)
        fingerprint = document_fingerprint(document)
        try:
            with self._writing() as connection:
                found = connection.execute(
                    select(PLANS.c.latest).where(PLANS.c.id == plan.id).with_for_update()
                ).first()
                latest = int(found.latest) if found is not None else None
                if latest != base:
                    raise conflict(plan.id, base, latest)
                number = 1 if latest is None else latest + 1
                if latest is None:
                    connection.execute(insert(PLANS).values(id=plan.id, latest=number))
                else:
                    moved = connection.execute(
                        update(PLANS)
                        .where(PLANS.c.id == plan.id, PLANS.c.latest == latest)
                        .values(latest=number)
                    )
                    if moved.rowcount != 1:  # pragma: no cover - the row is locked
                        raise conflict(plan.id, base, None)
                saved = Revision(
                    number=number,
                    at=_now(),
                    by=by,
                    why=why,
                    fingerprint=fingerprint,
                )
                connection.execute(
                    insert(REVISIONS).values(
                        plan_id=plan.id,
                        number=number,
                        saved_at=saved.at,
                        author=by,
                        reason=why,
                        fingerprint=fingerprint,
                        document=document,
                    )
                )
        except IntegrityError:
            # Another writer stored the same number (or created the plan) first.
            raise conflict(plan.id, base, self._latest_number(plan.id)) from None
        return saved

    def latest(self, plan_id: str) -> tuple[Plan, Revision]:
        """The plan as last saved, with its revision."""
        with self._reading() as connection:
            # The last by the primary key: one step down the index, however long the history.
            row = connection.execute(
                select(*_REVISION_COLUMNS, REVISIONS.c.document)
                .where(REVISIONS.c.plan_id == plan_id)
                .order_by(REVISIONS.c.number.desc())
                .limit(1)
            ).first()
        if row is None:
            raise self._unknown(plan_id)
        return self._plan(plan_id, row), _revision(row)

    def history(self, plan_id: str) -> list[Revision]:
        """Every revision of a plan, oldest first (without the plans themselves)."""
        with self._reading() as connection:
            rows = connection.execute(
                select(*_REVISION_COLUMNS)
                .where(REVISIONS.c.plan_id == plan_id)
                .order_by(REVISIONS.c.number)
            ).all()
        if not rows:
            raise self._unknown(plan_id)
        return [_revision(row) for row in rows]

    def at(self, plan_id: str, when: int | date) -> Plan:
        """The plan at revision ``when`` (a number), or as it stood at the end of day ``when``
        (a date, in UTC) or at a moment (an aware ``datetime``)."""
        return self.revision(plan_id, when)[0]

    def revision(self, plan_id: str, when: int | date) -> tuple[Plan, Revision]:
        """Like :meth:`at`, with the revision it found."""
        query = select(*_REVISION_COLUMNS, REVISIONS.c.document).where(
            REVISIONS.c.plan_id == plan_id
        )
        if isinstance(when, bool) or not isinstance(when, int | date):
            raise TypeError(f"give a revision number or a date, not {type(when).__name__}")
        if isinstance(when, int):
            query = query.where(REVISIONS.c.number == when)
            wanted, asked = NO_REVISION["number"], str(when)
        else:
            cutoff = _cutoff(when)
            wanted = NO_REVISION["moment" if isinstance(when, datetime) else "day"]
            asked = when.isoformat()
            query = query.where(REVISIONS.c.saved_at < cutoff)
            query = query.order_by(REVISIONS.c.number.desc()).limit(1)
        with self._reading() as connection:
            row = connection.execute(query).first()
        if row is None:
            latest = self._latest_number(plan_id)
            if latest is None:
                raise self._unknown(plan_id)
            raise UnknownPlanError(
                _(wanted)
                % {
                    "plan": repr(plan_id),
                    "asked": asked,
                    "store": self.address,
                    "latest": latest,
                    "command": f"recoveryplan history {plan_id}",
                }
            )
        return self._plan(plan_id, row), _revision(row)

    def to_fhir(
        self, plan_id: str, number: int | None = None, *, by: str, profile: str | None = None
    ) -> dict[str, Any]:
        """Revision ``number`` of a plan (the latest when ``None``) as a FHIR R4 bundle, every
        resource versioned and a Provenance saying who saved it, when and why.

        A bundle is the whole plan, as the staff keep it, leaving for another system, so it is
        a copy like any rendering: recorded in the disclosure log (reader ``staff``, every
        section, view ``fhir``) as made by ``by``, before it is returned.
        """
        from ..fhir.export import to_fhir  # FHIR loads only for a store that exports

        plan, saved = self._plan_and_revision(plan_id, number)
        bundle = to_fhir(plan, revision=saved, profile=profile)
        self._record(plan_id, plan, saved.number, STAFF, view=FHIR_VIEW, by=by)
        return bundle

    def plans(self) -> list[str]:
        """The id of every plan in the store, in order."""
        with self._reading() as connection:
            return [
                str(row.id) for row in connection.execute(select(PLANS.c.id).order_by(PLANS.c.id))
            ]

    # -- who saw what ------------------------------------------------------------------------

    @overload
    def render(
        self,
        plan_id: str,
        audience: str,
        format: Literal["html", "md", "txt"] | None = ...,
        *,
        by: str,
        view: str | None = ...,
        revision: int | None = ...,
        today: date | None = ...,
        large_print: bool | None = ...,
        full_history: bool = ...,
        since: Plan | int | date | None = ...,
        language: str | None = ...,
    ) -> str: ...

    @overload
    def render(
        self,
        plan_id: str,
        audience: str,
        format: Literal["pdf"],
        *,
        by: str,
        view: str | None = ...,
        revision: int | None = ...,
        today: date | None = ...,
        large_print: bool | None = ...,
        full_history: bool = ...,
        since: Plan | int | date | None = ...,
        language: str | None = ...,
    ) -> bytes: ...

    @overload
    def render(
        self,
        plan_id: str,
        audience: str,
        format: str | None = ...,
        *,
        by: str,
        view: str | None = ...,
        revision: int | None = ...,
        today: date | None = ...,
        large_print: bool | None = ...,
        full_history: bool = ...,
        since: Plan | int | date | None = ...,
        language: str | None = ...,
    ) -> str | bytes: ...

    def render(
        self,
        plan_id: str,
        audience: str,
        format: str | None = None,
        *,
        by: str,
        view: str | None = None,
        revision: int | None = None,
        today: date | None = None,
        large_print: bool | None = None,
        full_history: bool = False,
        since: Plan | int | date | None = None,
        language: str | None = None,
    ) -> str | bytes:
        """A copy of a stored plan for ``audience`` (as :func:`recoveryplan.render` makes it),
        recorded in the disclosure log as made by ``by``.

        The latest revision unless ``revision`` is given. The copy is recorded before it is
        returned, so no copy leaves the store unrecorded; one refused for consent is not.

        The review pack says what changed since the last review by itself: the older version
        is the one the store held at the end of the last review's day (or the plan's first
        revision, when it came into the store later), unless ``since`` gives a revision
        number, a day or an older plan. From the store, each change says who wrote it, where
        the reader may know (:mod:`recoveryplan.review_changes`).

        ``format`` left out is decided as :func:`recoveryplan.render` decides it: HTML, or
        plain text ready for braille for a reader whose recorded needs include braille.

        ``language`` is the copy's language, as for :func:`recoveryplan.render`: by default
        the reader's own (the person's, or a circle member's), when its catalogue is complete.
        """
        plan, saved = self._plan_and_revision(plan_id, revision)
        if view is None:  # the reader's own default, recorded as the view they were given
            view = default_view(plan, resolve_audience(plan, audience))
        when = today if today is not None else date.today()
        older = self._since(plan_id, plan, saved, since, when) if view == "review" else since
        if older is not None and not isinstance(older, Plan | Since):
            # Translators: since= and view='review' are code, kept as they are; %(view)s is the
            # view asked for, quoted.
            raise PlanValueError(
                _(
                    "since= says what changed since the last review, which only the review pack "
                    "shows; render view='review', or leave since out for the %(view)s view"
                )
                % {"view": repr(view)}
            )
        document = render_plan(
            plan,
            audience,
            format,
            view=view,
            today=today,
            large_print=large_print,
            full_history=full_history,
            since=older,
            language=language,
        )
        self._record(plan_id, plan, saved.number, audience, view=view, by=by)
        return document

    def _since(
        self,
        plan_id: str,
        plan: Plan,
        saved: Revision,
        since: Plan | int | date | None,
        today: date,
    ) -> Plan | Since | None:
        """The older version a review pack compares with, and the versions saved since."""
        if isinstance(since, Plan):
            return since
        if since is None:
            last = latest_review(plan, before=today)
            if last is None:
                return None  # never reviewed: nothing to say what changed since
            since = last.on
        try:
            older, then = self.revision(plan_id, since)
        except UnknownPlanError:
            if isinstance(since, int):
                raise
            older, then = self.revision(plan_id, 1)  # stored after that day: from the start
        if then.number >= saved.number:
            return Since(older=plan)
        return Since(older=older, later=tuple(self._between(plan_id, then.number, saved.number)))

    def _between(self, plan_id: str, after: int, upto: int) -> Iterator[tuple[Plan, str]]:
        """The versions saved after revision ``after`` up to ``upto``, with their authors."""
        query = (
            select(REVISIONS.c.number, REVISIONS.c.author, REVISIONS.c.document)
            .where(REVISIONS.c.plan_id == plan_id)
            .where(REVISIONS.c.number > after, REVISIONS.c.number <= upto)
            .order_by(REVISIONS.c.number)
        )
        with self._reading() as connection:
            rows = connection.execute(query).all()
        for row in rows:
            yield self._plan(plan_id, row), str(row.author)

    def record_disclosure(
        self, plan_id: str, audience: str, *, view: str, by: str, revision: int | None = None
    ) -> DisclosureRecord:
        """Record a copy made outside the store (rendered by a service itself, say).

        The reader and their sections are decided from the stored revision, exactly as
        rendering decides them, so the record says what the copy could hold.
        """
        plan, saved = self._plan_and_revision(plan_id, revision)
        return self._record(plan_id, plan, saved.number, audience, view=view, by=by)

    def disclosures(self, plan_id: str, *, reader: str | None = None) -> list[DisclosureRecord]:
        """Every copy of a plan made from the store, oldest first (one reader's only, when
        ``reader`` is given)."""
        query = select(DISCLOSURES).where(DISCLOSURES.c.plan_id == plan_id)
        if reader is not None:
            query = query.where(DISCLOSURES.c.reader == reader)
        with self._reading() as connection:
            rows = connection.execute(query.order_by(DISCLOSURES.c.id)).all()
        if not rows and self._latest_number(plan_id) is None:
            raise self._unknown(plan_id)
        return [
            DisclosureRecord(
                plan_id=str(row.plan_id),
                revision=int(row.revision),
                reader=str(row.reader),
                sections=tuple(Section(name) for name in row.sections),
                view=str(row.view),
                at=row.disclosed_at,
                by=str(row.disclosed_by),
            )
            for row in rows
        ]

    def _record(
        self, plan_id: str, plan: Plan, number: int, audience: str, *, view: str, by: str
    ) -> DisclosureRecord:
        if not isinstance(by, str) or not by.strip():
            # Translators: by: is the argument's name, kept as it is; %(found)s is the value
            # given, quoted.
            raise PlanValueError(
                _("by: say who made the copy (a staff member's id...), not %(found)s")
                % {"found": repr(by)}
            )
        disclosure = disclose(plan, audience)
        if view != FHIR_VIEW:
            check_view(view, disclosure)
        record = DisclosureRecord(
            plan_id=plan_id,
            revision=number,
            reader=disclosure.reader,
            sections=disclosure.sections,
            view=view,
            at=_now(),
            by=by,
        )
        with self._writing() as connection:
            connection.execute(
                insert(DISCLOSURES).values(
                    plan_id=plan_id,
                    revision=number,
                    reader=record.reader,
                    sections=[section.value for section in record.sections],
                    view=view,
                    disclosed_at=record.at,
                    disclosed_by=by,
                )
            )
        return record

    # -- the rest ----------------------------------------------------------------------------

    def close(self) -> None:
        """Release the store's connections (it can be used again; they are reopened)."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<recoveryplan store {self.address}>"

    def _plan_and_revision(self, plan_id: str, number: int | None) -> tuple[Plan, Revision]:
        return self.latest(plan_id) if number is None else self.revision(plan_id, number)

    def _plan(self, plan_id: str, row: _Row) -> Plan:
        # Translators: where a stored plan that cannot be read was read from; %(store)s is the
        # store's file or address, %(plan)s the plan's id, quoted.
        source = _("%(store)s: plan %(plan)s revision %(number)s")
        return from_data(
            row.document,
            source=source % {"store": self.address, "plan": repr(plan_id), "number": row.number},
        )

    def _latest_number(self, plan_id: str) -> int | None:
        with self._reading() as connection:
            found = connection.execute(select(PLANS.c.latest).where(PLANS.c.id == plan_id)).first()
        return int(found.latest) if found is not None else None

    def _unknown(self, plan_id: str) -> UnknownPlanError:
        with self._reading() as connection:
            count = connection.execute(select(func.count()).select_from(PLANS)).scalar_one()
        # Translators: %(store)s is the store's file or address; %(plan)s the id asked for,
        # quoted; %(command)s a command, kept as it is.
        return UnknownPlanError(
            ngettext(
                "%(store)s: holds no plan %(plan)s (%(count)d plan in it; %(command)s lists them)",
                "%(store)s: holds no plan %(plan)s (%(count)d plans in it; %(command)s lists them)",
                count,
            )
            % {
                "store": self.address,
                "plan": repr(plan_id),
                "count": count,
                "command": "'recoveryplan store plans'",
            }
        )

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as connection, connection.begin():
                yield connection
        except DBAPIError as error:
            raise self._failed(error) from None

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        try:
            with self._engine.connect() as connection:
                writer = connection.execution_options(**{WRITING: True})
                with writer.begin():
                    yield writer
        except IntegrityError:
            raise
        except DBAPIError as error:
            raise self._failed(error) from None

    def _failed(self, error: DBAPIError) -> StoreError:
        reason = one_line(str(error.orig)) if error.orig is not None else type(error).__name__
        # Translators: %(store)s is the store's file or address; %(reason)s is the database's
        # own reason, in its words.
        return StoreError(
            _("%(store)s: the store could not be used (%(reason)s)")
            % {"store": self.address, "reason": reason}
        )


def _now() -> datetime:
    """The time a revision or a copy is recorded at (one place, so tests can set the clock)."""
    return datetime.now(UTC)


def _revision(row: _Row) -> Revision:
    return Revision(
        number=int(row.number),
        at=row.saved_at,
        by=str(row.author),
        why=str(row.reason),
        fingerprint=str(row.fingerprint),
    )


def _cutoff(when: date) -> datetime:
    """The first moment after ``when``: the next midnight (UTC) for a date."""
    if isinstance(when, datetime):
        if when.tzinfo is None:
            # Translators: %(moment)s is the time given (2026-06-02T09:30:00); datetime.now(UTC)
            # is code, kept as it is.
            raise PlanValueError(
                _(
                    "%(moment)s has no time zone; give an aware datetime (datetime.now(UTC)) "
                    "or a date"
                )
                % {"moment": when.isoformat()}
            )
        return when.astimezone(UTC) + timedelta(microseconds=1)
    return datetime.combine(when + timedelta(days=1), time(), UTC)
