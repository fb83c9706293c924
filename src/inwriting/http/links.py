"""Links the app hands out never come from the request's ``Host`` header.

Anyone can send any ``Host``; a link built from it points readers of a feed, a spreadsheet
or a redirect at the sender's server (host-header poisoning, via caches and feed readers).
So absolute links start with the configured ``Settings.public_url`` (``INWRITING_BASE_URL``),
and every redirect's ``Location`` is made relative — the app never sends anyone to another
site — whoever built it (our handlers, or Starlette adding a missing trailing slash).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def absolute(request: Request, path: str) -> str:
    """``path`` (starting with ``/``) as an absolute URL under the configured base URL."""
    return f"{request.app.state.settings.public_url}{path}"


def relative(location: str) -> str:
    """``location`` without its scheme and host: ``http://evil/x?y`` becomes ``/x?y``."""
    parts = urlsplit(location)
    if not parts.scheme and not parts.netloc:
        return location
    return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))


class RelativeRedirects:
    """ASGI middleware: every ``Location`` header is made relative."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_relative(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, relative(value.decode("latin-1")).encode("latin-1"))
                    if name.lower() == b"location"
                    else (name, value)
                    for name, value in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_relative)
