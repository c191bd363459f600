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
            f"--host {args.host} would let other computers reach the plan; serve listens on "
            "127.0.0.1 only unless --allow-remote is given (and then put it behind TLS)"
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
        raise _UsageError(f"cannot listen on {args.host}:{args.port} ({error.strerror})") from None
    port = listening.getsockname()[1]
    if args.allow_remote and not is_loopback(args.host):
        complain(
            f"recoveryplan serve: listening on {args.host} without TLS: anyone on the network "
            "who sees the address can read the traffic; put it behind an HTTPS proxy"
        )
    app = create_app(store, token=token, plan_id=plan.id)
    server = uvicorn.Server(
        uvicorn.Config(
            app, access_log=False, log_level="warning", lifespan="off", timeout_graceful_shutdown=2
        )
    )
    shown = f"[{args.host}]" if ":" in args.host else args.host
    try:  # from the moment the address is printed, Ctrl-C is a clean stop
        say(f"Open this address in a browser: http://{shown}:{port}/?token={token}")
        say("Press Ctrl-C to stop.")
        sys.stdout.flush()
        server.run(sockets=[listening])
    except KeyboardInterrupt:
        pass
    finally:
        listening.close()
        store.close()
    say("Stopped.")
    return 0


@command
def _serve_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "serve",
        help="write a plan together in a browser, on this computer",
        description="Serve a plan as web pages where the person and their worker write it "
        "together. Prints the address to open, with a one-time access token; listens on "
        "this computer only.",
        epilog="exit status: 0 when stopped with Ctrl-C, 1 when the plan or store cannot be "
        "read, 2 for a --host that is not this computer without --allow-remote",
    )
    parser.add_argument("plan", metavar="PLAN", help="the plan file (JSON or YAML)")
    parser.add_argument(
        "--store",
        metavar="URL",
        help="the plan store: a SQLite file or postgresql://… (default: PLAN's name with .db, "
        f"beside it; {STORE_VARIABLE} is not read here)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"the port (default: {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", metavar="H", help="the address to listen on (127.0.0.1)"
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host other computers can reach (put it behind TLS)",
    )
    parser.set_defaults(run=_run_serve)
