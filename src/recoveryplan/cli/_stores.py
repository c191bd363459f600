"""What the commands that use a plan store share: the ``--store`` option and opening it."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from ..messages import gettext as _
from ._common import _UsageError

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["STORE_VARIABLE", "add_store_option", "opened"]

STORE_VARIABLE = "RECOVERYPLAN_STORE"
"""The store to use when ``--store`` is not given (a SQLite path or a PostgreSQL URL)."""


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        # Translators: a placeholder in the usage line: one word in capitals.
        metavar=_("URL"),
        help=_("the plan store: a SQLite file (%(file)s) or %(address)s (default: %(variable)s)")
        % {
            "file": "plans.db",
            "address": "postgresql://user@host:port/db",
            "variable": f"${STORE_VARIABLE}",
        },
    )


def opened(args: argparse.Namespace, *, create: bool = False) -> Store:
    """The store the command names; a SQLite file is created only by commands that save."""
    from ..store import open_store

    address: str | None = args.store or os.environ.get(STORE_VARIABLE) or None
    if address is None:
        raise _UsageError(
            _("say which store with --store %(url)s (or set %(variable)s)")
            % {"url": _("URL"), "variable": STORE_VARIABLE}
        )
    return open_store(address, create=create)
