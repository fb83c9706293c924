"""What a request may cost before a handler sees it: one ASGI middleware for the whole app.

Two rules, applied to every route before anything reads or parses the body:

* **A body is at most ``Settings.max_body_bytes``.** A declared ``Content-Length`` over the
  limit is answered 413 at once, unread. The bytes are also counted as they arrive, since a
  chunked body declares no length: past the limit the reader is stopped and 413 answers,
  whatever the handler was doing with the body (parsing a form, spooling a file).
* **An unsafe request needs credentials before its body is read.** A POST, PUT, PATCH or
  DELETE without a valid bearer token or session cookie is answered 401 at once, except the
  sign-in form (and signing out, which needs nobody). The caller found is kept on the
  request, so the handler does not look it up again.

Either refusal closes the connection (``Connection: close``), so a client still sending a
gigabyte is cut off rather than read to the end. The answer is the app's own error response
(``refuse``: JSON for the API, a page for browsers), given an :class:`~inwriting.errors.
InWritingError`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inwriting.errors import InWritingError, NotSignedIn, PayloadTooLarge
from inwriting.http.auth import actor

Refuse = Callable[[Request, InWritingError], Awaitable[Response]]

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OPEN_TO_ALL = frozenset({"/login", "/logout", "/register"})  # need no one signed in


class RequestLimits:
    """The ASGI middleware (see the module docstring)."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, refuse: Refuse) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self._too_large_by_header(scope) or await _anonymous_write(scope)
        if refused is not None:
            await self._answer(scope, send, refused)
            return
        counted = _CountedBody(receive, send, self.max_body_bytes)
        try:
            await self.app(scope, counted.receive, counted.send)
        except Exception:
            if not counted.exceeded:
                raise
        if counted.exceeded and not counted.started:
            await self._answer(scope, send, self._too_large())

    def _too_large(self) -> PayloadTooLarge:
        limit = self.max_body_bytes
        return PayloadTooLarge(f"the request body is larger than {limit:,} bytes")

    def _too_large_by_header(self, scope: Scope) -> PayloadTooLarge | None:
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            return self._too_large()
        return None

    async def _answer(self, scope: Scope, send: Send, error: InWritingError) -> None:
        response = await self.refuse(Request(scope), error)
        response.headers["connection"] = "close"
        await response(scope, _nothing, send)


async def _anonymous_write(scope: Scope) -> NotSignedIn | None:
    """The refusal of an unsafe request from nobody, or ``None`` (see the module docstring).
    Looking the caller up reads the database, so it runs off the event loop."""
    if scope["method"] not in UNSAFE or scope["path"] in OPEN_TO_ALL:
        return None
    request = Request(scope)
    try:
        who = await run_in_threadpool(actor, request)
    except NotSignedIn as error:
        return error
    return NotSignedIn("sign in to do this") if who.anonymous else None


class _CountedBody:
    """``receive`` and ``send`` of one request, counting the body's bytes as they arrive."""

    def __init__(self, receive: Receive, send: Send, limit: int) -> None:
        self._receive, self._send, self.limit = receive, send, limit
        self.received = 0
        self.exceeded = False  # the body went past the limit: the app's answer is replaced
        self.started = False  # the app began its answer before that

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.exceeded = True
                raise PayloadTooLarge("the request body is too large")
        return message

    async def send(self, message: Message) -> None:
        if self.exceeded and not self.started:
            return  # whatever the app says about the cut-off body, the answer is 413
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


async def _nothing() -> Message:
    return {"type": "http.disconnect"}
