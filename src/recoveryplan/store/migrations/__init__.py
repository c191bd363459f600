"""The store's schema migrations (Alembic scripts), shipped in the package and run by
:func:`recoveryplan.store.open_store`: an empty database gets every step, an older one the
steps it lacks."""
