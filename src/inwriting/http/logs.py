"""Logging for the processes InWriting runs: configured once, at the edge, with a request id.

The CLI (every command, ``serve`` included) and each server worker call
:func:`configure_logging` once with the settings' level and format; library code only ever
asks for a named logger and never changes a logger's level or handlers, so an embedder's
own configuration is left alone. ``text`` is for people at a terminal; ``json`` writes one
JSON object per line, for servers whose logs are collected and searched.

:class:`RequestIdMiddleware` gives every HTTP request an id — the client's ``X-Request-ID``
when it is well formed (so a proxy's id follows the request through), else a new one —
echoes it in the response's ``X-Request-ID`` header, and keeps it in a context variable that
every log line written while the request is served carries (threads started for sync
handlers copy the context, so their lines carry it too). It then logs one line per request:
method, path without its query string, status and duration. Nothing else about a request is
logged: no headers, cookies, query strings or bodies, where passwords, tokens and session
ids travel.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from inwriting.settings import Settings

__all__ = ["RequestIdMiddleware", "configure_logging", "request_id"]

request_id: ContextVar[str] = ContextVar("request_id", default="-")
"""The id of the HTTP request being served, ``-`` outside one."""

FORMATS = ("text", "json")
_TEXT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Fields the request line adds with ``extra=``; the JSON lines carry them as keys.
_REQUEST_FIELDS = ("method", "path", "status", "duration_ms")
# Libraries that log routine detail: WeasyPrint warns of every CSS property it ignores and
# every URL our fetcher refuses (refusing them is the point); Alembic tells at INFO, on every
# command that checks the schema, which SQL dialect it found.
_QUIET = {"weasyprint": logging.ERROR, "fontTools": logging.ERROR, "alembic": logging.WARNING}
log = logging.getLogger("inwriting.http")


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class _JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id, and the request
    line's fields or the exception's traceback when there are any."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        line.update({k: record.__dict__[k] for k in _REQUEST_FIELDS if k in record.__dict__})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class _TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(_TEXT)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]  # generic only in stubs
    """Writes to whatever ``sys.stderr`` is when a line is written, not when configured
    (test runners and ``CliRunner`` swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(settings: Settings) -> None:
    """Send every log line to standard error at the settings' level and in their format.

    Idempotent: a second call replaces the handler the first one installed, and handlers
    installed by others (a test runner's) are kept.
    """
    if settings.log_format not in FORMATS:
        raise ValueError(f"INWRITING_LOG_FORMAT must be one of {', '.join(FORMATS)}")
    level = logging.getLevelName(settings.log_level.upper())
    if not isinstance(level, int):
        raise ValueError(f"INWRITING_LOG_LEVEL is not a level: {settings.log_level!r}")
    handler = _StderrHandler()
    handler.addFilter(_RequestIdFilter())
    handler.setFormatter(_JsonFormatter() if settings.log_format == "json" else _TextFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name, quiet in _QUIET.items():
        logging.getLogger(name).setLevel(max(level, quiet))


class RequestIdMiddleware:
    """ASGI middleware: a request id per HTTP request, in the context, the response header
    and one log line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _incoming(scope) or uuid.uuid4().hex
        token = request_id.set(rid)
        started, status = time.perf_counter(), 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", []), (b"x-request-id", rid.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            fields = {
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            log.info("%(method)s %(path)s %(status)s %(duration_ms)s ms", fields, extra=fields)
            request_id.reset(token)


def _incoming(scope: Scope) -> str | None:
    """The client's X-Request-ID if it is short and plain (it is echoed and logged)."""
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text if _WELL_FORMED.fullmatch(text) else None
    return None
