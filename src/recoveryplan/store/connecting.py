"""From a store's address to a database engine set up for safe concurrent writing.

A path is a SQLite file: created readable by its owner only (a plan is health data), in WAL
mode so that readers never wait for a writer, synced on every commit so that an acknowledged
save survives a crash, and with every write transaction begun ``IMMEDIATE`` so that writers
queue for the lock (``busy_timeout``) instead of failing half way. ``postgresql://`` is
PostgreSQL through psycopg 3, where saving locks the plan's row.
"""

from __future__ import annotations

import json
import math
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ..errors import StoreError
from ..files import NEW_FILE_MODE
from ..messages import gettext as _

__all__ = ["WRITING", "connect", "describe", "exact_json"]

WRITING = "recoveryplan_writing"
"""The execution option that marks a connection's transaction as a write (``BEGIN
IMMEDIATE`` on SQLite)."""

BUSY_SECONDS = 60.0
"""How long a writer waits for another's lock on a SQLite file before giving up."""

EXAMPLE_FILE = "plans.db"
EXAMPLE_URL = "postgresql://user@host:port/database"
"""What a store's address looks like, in the messages that ask for one."""

_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def describe(url: URL) -> str:
    """The store's address to show a person: never with its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ""
    return url.render_as_string(hide_password=True)


def connect(address: str | os.PathLike[str], *, create: bool) -> Engine:
    """The engine for a store's address; a missing SQLite file is created when ``create``."""
    text = os.fspath(address)
    if not isinstance(text, str):
        raise TypeError(f"a store's address is text or a path, not {type(text).__name__}")
    scheme = text.partition("://")[0].lower() if "://" in text else ""
    if scheme in _POSTGRES_SCHEMES:
        return _postgres(text)
    if scheme == "sqlite":
        database = make_url(text).database
        if not database or database == ":memory:":
            # Translators: %(address)s is the address given, kept as it is.
            raise StoreError(_("%(address)s: give the path of a database file") % {"address": text})
        return _sqlite(Path(database), create=create)
    if scheme:
        # Translators: %(address)s is the address given; %(file)s and %(url)s are examples of
        # a file's path and a PostgreSQL address, kept as they are.
        raise StoreError(
            _(
                "%(address)s: not an address the plan store knows; give the path of a SQLite "
                "file (%(file)s) or a PostgreSQL address (%(url)s)"
            )
            % {"address": text, "file": EXAMPLE_FILE, "url": EXAMPLE_URL}
        )
    if not text:
        # Translators: %(file)s is an example of a file's path, kept as it is.
        raise StoreError(
            _("the store's address is empty; give a file path such as %(file)s")
            % {"file": EXAMPLE_FILE}
        )
    return _sqlite(Path(text), create=create)


def _postgres(text: str) -> Engine:
    try:
        url = make_url(text).set(drivername="postgresql+psycopg")
    except (ArgumentError, ValueError) as error:  # a port that is not a number, say
        # Translators: %(address)s is the address given; %(reason)s is the database library's
        # own reason, in its words.
        raise StoreError(
            _("%(address)s: not a PostgreSQL address (%(reason)s)")
            % {"address": text, "reason": error}
        ) from None
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        from ..errors import MissingExtraError

        raise MissingExtraError.needing("postgresql", detail=str(error)) from None
    return create_engine(url, pool_pre_ping=True, json_serializer=exact_json)


def exact_json(value: object) -> str:
    """JSON text that ``jsonb`` gives back exactly as it was given.

    ``jsonb`` keeps numbers as ``numeric``, which writes ``6.1e+16`` back as
    ``61000000000000000``: an integer, so a fraction-typed value would return as another type
    and another number. Written here in positional notation with a decimal point
    (``61000000000000000.0``), ``numeric`` keeps the point and the digits, and the value reads
    back as the same float. Everything else is written as :func:`json.dumps` writes it.
    """
    out: list[str] = []
    _write(value, out)
    return "".join(out)


def _write(value: object, out: list[str]) -> None:
    if isinstance(value, str) or value is None or isinstance(value, bool | int):
        out.append(json.dumps(value))
    elif isinstance(value, float):
        out.append(_positional(value))
    elif isinstance(value, dict):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            out.append(("," if index else "") + json.dumps(str(key)) + ":")
            _write(item, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        raise TypeError(f"{type(value).__name__} is not a JSON value")


def _positional(number: float) -> str:
    shortest = json.dumps(number)  # the shortest text that reads back as this float
    if not math.isfinite(number):
        raise ValueError(_("%(number)s cannot be stored as JSON") % {"number": shortest})
    if "e" not in shortest and "E" not in shortest and "." in shortest:
        return shortest
    text = format(Decimal(shortest), "f")
    return text if "." in text else text + ".0"


def _sqlite(path: Path, *, create: bool) -> Engine:
    if path.is_dir():
        # Translators: %(file)s is the path given, kept as it is.
        raise StoreError(
            _("%(file)s: is a folder; give the path of a database file in it") % {"file": path}
        )
    if not path.exists():
        if not create:
            # Translators: %(file)s is the path given, kept as it is.
            raise StoreError(
                _("%(file)s: no such store (saving a plan to it creates one)") % {"file": path}
            )
        _create_private(path)
    engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)))
    event.listen(engine, "connect", _set_up_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def _create_private(path: Path) -> None:
    """An empty database file readable by its owner only; SQLite gives its WAL and shared
    memory files the same permissions."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, NEW_FILE_MODE)
    except FileExistsError:
        return  # another process created it first
    except OSError as error:
        # Translators: %(file)s is the path given; %(reason)s is the operating system's own
        # reason, in its words.
        raise StoreError(
            _(
                "%(file)s: the store cannot be created (%(reason)s); check the folder exists "
                "and that you may write to it"
            )
            % {"file": path, "reason": error.strerror or error}
        ) from None
    os.close(descriptor)


def _set_up_sqlite(connection: Any, _record: object) -> None:
    # Transactions are begun by _begin_sqlite, not by Python's sqlite3 module, which would
    # begin them late and always DEFERRED.
    connection.isolation_level = None
    cursor = connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _begin_sqlite(connection: Any) -> None:
    writing = connection.get_execution_options().get(WRITING, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
