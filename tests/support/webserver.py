"""The web app on a real port in this process (uvicorn in a thread), signed in by a header the
browser context sends, so a test can be the person, a worker and a circle member at once."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.requests import Request

from recoveryplan.store.database import Store

WHO = "x-test-who"


def header_identity(request: Request) -> str | None:
    """Who the test's browser context says it is (a stand-in for a host's own sign-in)."""
    return request.headers.get(WHO)


@contextmanager
def running(store: Store) -> Iterator[str]:
    """The app over ``store`` at a loopback address, until the block ends; yields the root."""
    import uvicorn

    from recoveryplan.web import create_app

    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(64)
    port = listening.getsockname()[1]
    config = uvicorn.Config(
        create_app(store, header_identity), access_log=False, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listening.close()
