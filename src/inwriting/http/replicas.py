"""Read-your-writes across app nodes that read from a streaming replica.

A person who has just written (submitted, approved, tabled) must see it on their next page,
whichever node serves it, even if the replica has not replayed the write yet; everyone else
sees it once it has. So each answer to a request that wrote carries, in the cookie
``inwriting-wal``, the primary's WAL position the write reached; each request that carries
the cookie reads from the replica only once the replica has replayed that far (see
:func:`inwriting.storage.engine.read_your_writes`), and from the primary until then. Once
the replica has caught up the cookie is cleared. API clients that keep no cookies can send
and read the same value in the ``InWriting-WAL`` header.

The value is not a secret and needs no signature: a forged one can only send its own
requests' reads to the primary.
"""

from __future__ import annotations

import re
from http.cookies import CookieError, SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inwriting.storage.engine import read_your_writes

COOKIE = "inwriting-wal"
HEADER = "InWriting-WAL"
# Long enough for any replica that is working; after it, reads return to the replica.
MAX_AGE_SECONDS = 600
_POSITION = re.compile(r"[0-9A-F]{1,8}/[0-9A-F]{1,8}")


class ReadYourWrites:
    """Pure ASGI: reads the position in, writes it out, never buffers a body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        seen = _position_in(scope)
        with read_your_writes(seen) as freshness:

            async def send_with_position(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableHeaders(scope=message)
                    if freshness.wrote:
                        headers.append(HEADER, freshness.wrote)
                        headers.append("set-cookie", _cookie(scope, freshness.wrote))
                    elif seen and freshness.replica_current and _private(headers):
                        headers.append("set-cookie", _cookie(scope, "", max_age=0))
                await send(message)

            await self.app(scope, receive, send_with_position)


def _position_in(scope: Scope) -> str | None:
    """The position the request carries (header first, then cookie), if well formed."""
    found = None
    for name, value in scope["headers"]:
        if name == HEADER.lower().encode():
            found = value.decode("latin-1").strip()
        elif name == b"cookie" and found is None:
            found = _from_cookies(value.decode("latin-1"))
    return found if found and _POSITION.fullmatch(found) else None


def _from_cookies(header: str) -> str | None:
    cookie: SimpleCookie = SimpleCookie()
    try:
        cookie.load(header)
    except CookieError:  # a malformed Cookie header: the position is simply not there
        return None
    return cookie[COOKIE].value if COOKIE in cookie else None


def _cookie(scope: Scope, value: str, *, max_age: int = MAX_AGE_SECONDS) -> str:
    secure = "; Secure" if scope.get("scheme") == "https" else ""
    return f"{COOKIE}={value}; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Lax{secure}"


def _private(headers: MutableHeaders) -> bool:
    """Whether the answer may carry a Set-Cookie: never one a shared cache may keep."""
    return "public" not in headers.get("cache-control", "")
