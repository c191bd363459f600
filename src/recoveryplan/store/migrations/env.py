"""Alembic's entry point, run by :mod:`recoveryplan.store.migrating` on a connection it has
already opened and locked (``config.attributes["connection"]``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from recoveryplan.store.schema import METADATA, VERSION_TABLE

connection = context.config.attributes["connection"]
assert isinstance(connection, Connection)
context.configure(
    connection=connection,
    target_metadata=METADATA,
    version_table=VERSION_TABLE,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
