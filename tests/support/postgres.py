"""A real PostgreSQL server for the store's tests, started on this machine for the session.

Debian's ``postgresql`` package gives ``initdb`` and ``pg_ctl``; the tests make a throwaway
cluster in a temporary folder, listening on 127.0.0.1 at a free port, and stop and delete it
at the end. PostgreSQL refuses to run as root, and CI runs as root, so there the cluster is
run as an unprivileged system user (``recoveryplan-test``, created when missing). Without the
binaries the PostgreSQL tests skip, saying so.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["USER", "find_binaries", "new_database", "postgres_server", "running_server"]

USER = "recoveryplan-test"
"""The system user the cluster runs as when the tests run as root."""

SUPERUSER = "recoveryplan"
"""The database role the cluster is made with (trusted from 127.0.0.1 only)."""


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: the newest Debian PostgreSQL, else the PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(os.path.realpath(initdb)).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", USER, "--", *command]


def _ensure_user() -> None:
    if os.geteuid() != 0:
        return
    known = subprocess.run(["id", "-u", USER], capture_output=True, check=False)
    if known.returncode != 0:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
            check=True,
            capture_output=True,
        )


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(
        _as_user(command), capture_output=True, text=True, check=False, timeout=120
    )
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed ({result.returncode}): {result.stderr or result.stdout}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The address of a running PostgreSQL server's ``postgres`` database, as its superuser."""
    binaries = find_binaries()
    if binaries is None:
        pytest.skip(
            "PostgreSQL is not installed (initdb and pg_ctl from Debian's postgresql package); "
            "the PostgreSQL store tests need it"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg 3 is not installed (pip install 'recoveryplan[store]')")
    with running_server(binaries) as address:
        yield address


@contextmanager
def running_server(binaries: Path) -> Iterator[str]:
    """A throwaway cluster, running until the block ends (the benchmarks use it too)."""
    _ensure_user()
    folder = Path(tempfile.mkdtemp(prefix="recoveryplan-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, USER, USER)
    data = folder / "data"
    port = _free_port()
    try:
        _run(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ],
            "initdb",
        )
        # A throwaway cluster: the tests kill clients, never the server, so fsync is not needed.
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=60 "
            "-c fsync=off -c full_page_writes=off"
        )
        pg_ctl = [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log")]
        _run([*pg_ctl, "-o", options, "-w", "-t", "60", "start"], "starting PostgreSQL")
        yield f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                capture_output=True,
                check=False,
                timeout=120,
            )
        shutil.rmtree(folder, ignore_errors=True)


_COUNTER = iter(range(1, 1_000_000))


def new_database(server: str) -> str:
    """A new, empty database on the server: its address."""
    import psycopg
    from psycopg import sql

    name = f"store_{os.getpid()}_{next(_COUNTER)}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server.rsplit("/", 1)[0] + f"/{name}"
