"""The plan store: every revision of every plan, who saved it and why, and who was shown what.

``rp.open_store("plans.db")`` is a SQLite file (the embedded default);
``rp.open_store("postgresql://user@host:5432/plans")`` is PostgreSQL for a service. Both are
the same tables, written with SQLAlchemy Core, and the same migrations, run by Alembic from
inside the package when a store is opened. The database libraries are the ``store`` extra
(``pip install 'recoveryplan[store]'``); this module imports them only when a store is opened,
so :class:`Revision` and :class:`DisclosureRecord` are there without them.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING

from ..errors import MissingExtraError
from .revision import DisclosureRecord, Revision

if TYPE_CHECKING:
    from .database import Store

__all__ = ["DisclosureRecord", "Revision", "Store", "open_store"]


def open_store(url: str | os.PathLike[str], *, create: bool = True) -> Store:
    """The store at ``url``: a path is a SQLite file, ``postgresql://...`` a PostgreSQL
    database (through psycopg 3).

    An empty database (or a SQLite file that does not exist yet, when ``create``) gets the
    store's tables; one made by an older version of the library is migrated. Raises
    :class:`~recoveryplan.errors.StoreError` when it cannot be reached or was made by a newer
    version, and :class:`~recoveryplan.MissingExtraError` without the ``store`` extra.
    """
    try:
        importlib.import_module("sqlalchemy")
        importlib.import_module("alembic")
    except ImportError as error:
        raise MissingExtraError.needing("store", detail=str(error)) from None
    from sqlalchemy.exc import DBAPIError

    from ..errors import StoreError, one_line
    from ..messages import gettext as _
    from .connecting import connect, describe
    from .database import Store
    from .migrating import migrate

    engine = connect(url, create=create)
    where = describe(engine.url)
    try:
        migrate(engine, where)
    except DBAPIError as error:
        engine.dispose()
        reason = one_line(str(error.orig)) if error.orig is not None else type(error).__name__
        # Translators: %(store)s is the store's file or address; %(reason)s is the database's
        # own reason, in its words.
        raise StoreError(
            _("%(store)s: the store could not be opened (%(reason)s)")
            % {"store": where, "reason": reason}
        ) from None
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)


def __getattr__(name: str) -> object:
    if name == "Store":
        from .database import Store

        return Store
    raise AttributeError(f"module 'recoveryplan.store' has no attribute {name!r}")
