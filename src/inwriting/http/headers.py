"""Security headers on every answer of the app, pages, API and files alike.

One ASGI middleware, so no handler can forget them:

* ``Content-Security-Policy``: scripts, styles, images, forms and connections from this
  origin only; no inline script or style, no ``eval``, no plugins; no framing
  (``frame-ancestors 'none'``), so a hostile page cannot dress up a "Submit" button. The
  templates carry no inline script, ``on*`` attribute or ``style`` attribute, and htmx is told
  (by its ``htmx-config`` meta tag) not to inject its indicator style or evaluate code.
* ``X-Content-Type-Options: nosniff``: an uploaded or exported file is never run as script.
* ``Referrer-Policy: same-origin``: a link out of a private negotiation does not tell the
  other site its address.
* ``Cache-Control: no-store`` on everything that does not say otherwise: pages and API
  answers may be private and must not stay in a shared cache or the browser's history. A
  handler that knows its answer is public says so itself (the record's tiles and checkpoint),
  and the static files under ``/static/`` are the same for everyone.

A pure ASGI middleware rather than Starlette's ``BaseHTTPMiddleware``: it touches only the
start of each response and never buffers a body.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
PUBLIC_PREFIXES = ("/static/",)  # the same bytes for every visitor: browsers may keep them


class SecurityHeaders:
    """Adds :data:`HEADERS` to every HTTP response, and ``Cache-Control: no-store`` to every
    one that neither sets its own nor serves a public file."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        public = str(scope.get("path", "")).startswith(PUBLIC_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if not public and "cache-control" not in headers:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
