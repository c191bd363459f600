"""``recoveryplan serve``: the web app on this computer, for a person and their worker.

It listens on the loopback address only (a non-loopback ``--host`` needs ``--allow-remote``)
and prints the address to open with a one-time access token, the way Jupyter does. With no
``--store`` the plan goes into a SQLite store beside the plan file, which other programs can
read while the server runs.
"""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import socket
import sys
from pathlib import Path

from ..messages import gettext as _
from ..serialize import load
from ._common import Subcommands, _UsageError, command, complain, say
from ._stores import STORE_VARIABLE

__all__ = ["DEFAULT_PORT", "is_loopback", "store_beside"]

DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer only (127.0.0.0/8, ::1 or ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def store_beside(plan: Path) -> Path:
    """The SQLite store ``serve`` keeps a plan file's revisions in: ``morag.json`` →
    ``morag.db``, in the same folder."""
    return plan.with_suffix(".db")


def _run_serve(args: argparse.Namespace) -> int:
    if not is_loopback(args.host) and not args.allow_remote:
        raise _UsageError(
            _(
                "--host %(host)s would let other computers reach the plan; serve listens on "
                "%(loopback)s only unless --allow-remote is given (and then put it behind TLS)"
            )
            % {"host": args.host, "loopback": "127.0.0.1"}
        )
    import uvicorn

    from ..store import open_store
    from ..web import create_app

    plan_path = Path(args.plan)
    plan = load(plan_path)
    store = open_store(args.store or store_beside(plan_path))
    if plan.id not in store.plans():
        store.save(plan, by="service", why=f"Imported from {plan_path.name}", base=None)
    token = secrets.token_urlsafe(32)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((args.host, args.port))
        listening.listen(128)  # before the address is printed, so it can be opened at once
    except OSError as error:
        listening.close()
        raise _UsageError(
            _("cannot listen on %(address)s (%(error)s)")
            % {"address": f"{args.host}:{args.port}", "error": error.strerror}
        ) from None
    port = listening.getsockname()[1]
    if args.allow_remote and not is_loopback(args.host):
        complain(
            _(
                "recoveryplan serve: listening on %(host)s without TLS: anyone on the network "
                "who sees the address can read the traffic; put it behind an HTTPS proxy"
            )
            % {"host": args.host}
        )
    app = create_app(store, token=token, plan_id=plan.id)
    server = uvicorn.Server(
        uvicorn.Config(
            app, access_log=False, log_level="warning", lifespan="off", timeout_graceful_shutdown=2
        )
    )
    shown = f"[{args.host}]" if ":" in args.host else args.host
    try:  # from the moment the address is printed, Ctrl-C is a clean stop
        say(
            _("Open this address in a browser: %(address)s")
            % {"address": f"http://{shown}:{port}/?token={token}"}
        )
        say(_("Press Ctrl-C to stop."))
        sys.stdout.flush()
        server.run(sockets=[listening])
    except KeyboardInterrupt:
        pass
    finally:
        listening.close()
        store.close()
    say(_("Stopped."))
    return 0


@command
def _serve_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "serve",
        help=_("write a plan together in a browser, on this computer"),
        description=_(
            "Serve a plan as web pages where the person and their worker write it "
            "together. Prints the address to open, with a one-time access token; listens on "
            "this computer only."
        ),
        epilog=_(
            "exit status: 0 when stopped with Ctrl-C, 1 when the plan or store cannot be "
            "read, 2 for a --host that is not this computer without --allow-remote"
        ),
    )
    parser.add_argument("plan", metavar=_("PLAN"), help=_("the plan file (JSON or YAML)"))
    parser.add_argument(
        "--store",
        metavar=_("URL"),
        help=_(
            "the plan store: a SQLite file or postgresql://… (default: %(plan)s's name with "
            ".db, beside it; %(variable)s is not read here)"
        )
        % {"plan": _("PLAN"), "variable": STORE_VARIABLE},
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar=_("N"),
        help=_("the port (default: %(port)s; 0 picks a free one)") % {"port": DEFAULT_PORT},
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        metavar=_("HOST"),
        help=_("the address to listen on (127.0.0.1)"),
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help=_("allow a --host other computers can reach (put it behind TLS)"),
    )
    parser.set_defaults(run=_run_serve)
