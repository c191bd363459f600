"""Bringing a database's schema up to date with Alembic, run from inside the library.

Opening a store checks which migration the database is at; only when it is behind is a write
lock taken (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL), the check repeated
under it, and the missing steps run in that one transaction, so that many processes opening a
new store at once create its tables once, and a failed step leaves the schema as it was.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from ..errors import StoreError
from ..messages import gettext as _
from .connecting import WRITING
from .schema import VERSION_TABLE

__all__ = ["HEAD", "current_revision", "migrate"]

MIGRATIONS = Path(__file__).parent / "migrations"

_LOCK_KEY = 0x7265636F76657279  # "recovery": the advisory lock that serialises migrations


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _head() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


HEAD = _head()
"""The migration this version of the library writes and reads."""


def current_revision(connection: Connection) -> str | None:
    """The migration the database is at (``None`` for a database without the store)."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def migrate(engine: Engine, where: str) -> None:
    """Bring the schema to :data:`HEAD`; refuse a database from a newer library."""
    with engine.connect() as connection:
        current = current_revision(connection)
        connection.rollback()
    if current == HEAD:
        return
    with engine.connect() as connection:
        writer = connection.execution_options(**{WRITING: True})
        with writer.begin():
            if writer.dialect.name == "postgresql":
                writer.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            current = current_revision(writer)
            if current == HEAD:
                return
            known = {
                script.revision
                for script in ScriptDirectory.from_config(_config()).walk_revisions()
            }
            if current is not None and current not in known:
                # Translators: %(store)s is the store's file or address; %(revision)s is the
                # name of a version of its tables, quoted.
                raise StoreError(
                    _(
                        "%(store)s: the store's schema is at %(revision)s, written by a newer "
                        "version of recoveryplan than this one; upgrade recoveryplan to use it"
                    )
                    % {"store": where, "revision": repr(current)}
                )
            command.upgrade(_config(writer), "head")
