"""What every request passes before any page sees it: the size limit, the sign-in, the
security headers, and the CSRF token every form carries.

These are plain ASGI middleware wrapped around the whole application (not decorators on
routes), so a page, a style sheet and an address nobody wrote a route for are all answered
the same way: nothing is served to a request without a signed-in reader.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..translations import CopyLanguage
from .refusals import NOT_SIGNED_IN, TOO_LARGE, asked_for, kilobytes, refusal

__all__ = [
    "CSRF_FIELD",
    "SECURITY_HEADERS",
    "SIGNED_IN",
    "BodyLimit",
    "Identify",
    "SecurityHeaders",
    "SignIn",
    "csrf_token",
    "csrf_valid",
    "policy",
]

Identify = Callable[[Request], "str | None"]
"""The host's sign-in: who made this request (``"person"``, a circle id, ``"staff:<id>"``) or
``None`` when nobody is signed in."""

CSRF_FIELD = "csrf"
SIGNED_IN = "who"
"""The session key holding who the access token signed in (``serve``'s own sign-in)."""
_CSRF_KEY = "csrf"


def policy(styles: tuple[str, ...] = ()) -> str:
    """The Content-Security-Policy: scripts and styles from this server only, no inline
    script at all; ``styles`` are the hashes of inline style blocks a page may carry (the
    rendered plan's own style sheet)."""
    style = " ".join(("'self'", *(f"'sha256-{digest}'" for digest in styles)))
    return (
        "default-src 'none'; script-src 'self'; "
        f"style-src {style}; img-src 'self' data:; font-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


SECURITY_HEADERS: Mapping[str, str] = {
    "content-security-policy": policy(),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    """Puts :data:`SECURITY_HEADERS` on every response, refusals included; a page that sets
    its own Content-Security-Policy (one allowing a hashed style) keeps it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


Asking = Callable[[Request], Awaitable[CopyLanguage]]
"""The language a refusal of this request is said in (the app's: the reader's own, or the
browser's)."""


async def _browsers(request: Request) -> CopyLanguage:
    return asked_for(request.headers.get("accept-language"))


class BodyLimit:
    """Answers 413 to a request body over ``limit`` bytes, before any of it is read by a page:
    by its Content-Length when it says, and by counting as it arrives when it does not. The
    answer is in the language ``asking`` chooses (inside the sign-in, the reader's own)."""

    def __init__(self, app: ASGIApp, limit: int, asking: Asking = _browsers) -> None:
        self.app = app
        self.limit = limit
        self.asking = asking

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            refused = await self._too_large(scope)
            await refused(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            refused = await self._too_large(scope)
            await refused(scope, receive, send)

    async def _too_large(self, scope: Scope) -> Response:
        language = await self.asking(Request(scope))
        return refusal(TOO_LARGE, 413, language, size=kilobytes(self.limit, language))


class _TooLarge(Exception):
    pass


class SignIn:
    """Nothing without a signed-in reader: 401 for every address otherwise.

    With an access ``token`` (``recoveryplan serve``'s), opening any address with
    ``?token=…`` signs the browser's session in as the person and sends it on to the same
    address without the token, so the token does not stay in the address bar or the history.
    """

    def __init__(self, app: ASGIApp, identify: Identify, token: str | None) -> None:
        self.app = app
        self.identify = identify
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        offered = request.query_params.get("token")
        if (
            self.token is not None
            and offered is not None
            and hmac.compare_digest(offered.encode(), self.token.encode())
        ):
            request.session.clear()
            request.session[SIGNED_IN] = "person"
            rest = parse_qsl(scope.get("query_string", b"").decode())
            query = urlencode([(k, v) for k, v in rest if k != "token"])
            target = request.url.path + (f"?{query}" if query else "")
            await RedirectResponse(target, status_code=303)(scope, receive, send)
            return
        who = self.identify(request)
        if not who:
            language = asked_for(request.headers.get("accept-language"))
            await refusal(NOT_SIGNED_IN, 401, language)(scope, receive, send)
            return
        scope.setdefault("state", {})["who"] = who
        await self.app(scope, receive, send)


def session_identity(request: Request) -> str | None:
    """Who the access token signed this browser's session in as (``serve``'s identify)."""
    who: Any = request.session.get(SIGNED_IN)
    return who if isinstance(who, str) else None


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use; every form carries it back."""
    token: Any = request.session.get(_CSRF_KEY)
    if isinstance(token, str):
        return token
    made = secrets.token_urlsafe(32)
    request.session[_CSRF_KEY] = made
    return made


def csrf_valid(request: Request, offered: object) -> bool:
    """Whether a posted form's token is this session's (compared in constant time)."""
    token: Any = request.session.get(_CSRF_KEY)
    return (
        isinstance(token, str)
        and isinstance(offered, str)
        and hmac.compare_digest(token.encode(), offered.encode())
    )
