"""The store's tables, written once for every database with SQLAlchemy Core.

Three tables, named with the library's prefix so that they can live in a service's own
database beside its tables:

- ``recoveryplan_plans``: one row per plan, with the number of its latest revision. Saving
  locks this row, which is what makes concurrent saves queue up rather than overwrite.
- ``recoveryplan_revisions``: every revision, append-only, the whole plan in ``document`` as
  JSON (``jsonb`` on PostgreSQL), so a service can query inside it:
  ``json_extract(document, '$.id')`` on SQLite, ``document->>'id'`` on PostgreSQL.
- ``recoveryplan_disclosures``: each copy made from the store: ids, sections and times only.

This module is what the code queries; the migrations in ``migrations/versions`` create the
same tables step by step, and a test checks that the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects import postgresql

__all__ = ["DISCLOSURES", "DOCUMENT", "METADATA", "PLANS", "REVISIONS", "VERSION_TABLE", "Moment"]

VERSION_TABLE = "recoveryplan_schema"
"""Where Alembic records which migration the database is at."""


class Moment(TypeDecorator[datetime]):
    """A point in time, always given back aware and in UTC.

    PostgreSQL keeps the zone (``timestamptz``); SQLite keeps text, so the time is written in
    UTC without a zone and read back as UTC. Either way comparisons are between UTC times.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a time stored in the plan store must have a time zone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


DOCUMENT = JSON().with_variant(postgresql.JSONB(), "postgresql")
"""A plan as JSON: text that SQLite's JSON functions read, ``jsonb`` on PostgreSQL."""

METADATA = MetaData()

PLANS = Table(
    "recoveryplan_plans",
    METADATA,
    Column("id", Text, primary_key=True),
    Column("latest", Integer, nullable=False),
)

REVISIONS = Table(
    "recoveryplan_revisions",
    METADATA,
    Column(
        "plan_id",
        Text,
        ForeignKey("recoveryplan_plans.id", name="recoveryplan_revisions_plan"),
        primary_key=True,
    ),
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("saved_at", Moment, nullable=False),
    Column("author", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("document", DOCUMENT, nullable=False),
)

DISCLOSURES = Table(
    "recoveryplan_disclosures",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "plan_id",
        Text,
        ForeignKey("recoveryplan_plans.id", name="recoveryplan_disclosures_plan"),
        nullable=False,
    ),
    Column("revision", Integer, nullable=False),
    Column("reader", Text, nullable=False),
    Column("sections", JSON, nullable=False),
    Column("view", Text, nullable=False),
    Column("disclosed_at", Moment, nullable=False),
    Column("disclosed_by", Text, nullable=False),
    Index("recoveryplan_disclosures_by_plan", "plan_id", "id"),
)
