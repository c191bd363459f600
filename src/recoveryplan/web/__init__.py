"""Writing the plan together in a browser: the person, their worker and their circle.

``create_app(store, identify=...)`` is an ASGI application (Starlette) an integrator mounts
in their own system; ``recoveryplan serve`` runs it locally with uvicorn and a one-time
access token. Its libraries are the ``web`` extra (``pip install 'recoveryplan[web]'``).
See docs/web.md, which holds the threat model.
"""

from __future__ import annotations

from .app import MAX_BODY, SESSION_SECONDS, create_app
from .guard import Identify
from .readers import Reader, reader_for

__all__ = ["MAX_BODY", "SESSION_SECONDS", "Identify", "Reader", "create_app", "reader_for"]
