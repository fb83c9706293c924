"""``create_app(settings)``: wires the API, the record's tiles, the pages and the background
work: the checkpointer, and the sender of notifications.

Processes are stateless: any number of workers may serve one PostgreSQL database. Record
appends are serialised in the database (advisory lock), and the checkpointer in each worker
signs at most one checkpoint per size, every few seconds while the record grows.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import socket
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from uvicorn.protocols.http.h11_impl import H11Protocol

from inwriting import __version__
from inwriting.api import (
    admin,
    clearance,
    concordances,
    discussion,
    drafting,
    errors,
    languages,
    negotiations,
    notifications,
    party_keys,
    record,
    responses,
    v1,
)
from inwriting.errors import InWritingError, Unavailable
from inwriting.http.csrf import csrf_guard
from inwriting.http.headers import SecurityHeaders
from inwriting.http.inputs import refuse_nul_in_url
from inwriting.http.limits import RequestLimits
from inwriting.http.links import RelativeRedirects
from inwriting.http.logs import RequestIdMiddleware, configure_logging
from inwriting.http.replicas import ReadYourWrites
from inwriting.services.record import CHECKPOINT_INTERVAL, publish_checkpoint
from inwriting.services.record_keys import KeyHolder
from inwriting.services.sending import send_notifications
from inwriting.services.witnesses import cosign_latest
from inwriting.settings import Settings
from inwriting.storage.engine import Database
from inwriting.web import admin as web_admin
from inwriting.web import clearance as web_clearance
from inwriting.web import commitments as web_commitments
from inwriting.web import concordances as web_concordances
from inwriting.web import consultations as web_consultations
from inwriting.web import discussion as web_discussion
from inwriting.web import drafting as web_drafting
from inwriting.web import exports as web_exports
from inwriting.web import negotiations as web_negotiations
from inwriting.web import notifications as web_notifications
from inwriting.web import party_keys as web_party_keys
from inwriting.web import record as web_record
from inwriting.web import responses as web_responses
from inwriting.web import search as web_search
from inwriting.web import sessions as web_sessions
from inwriting.web import versions as web_versions
from inwriting.web.errors import error_page

log = logging.getLogger("inwriting")
STATIC = Path(__file__).parent / "web" / "static"


def create_app(settings: Settings, *, checkpointer: bool = True) -> FastAPI:
    """The app; ``checkpointer`` False starts none of its background work (checkpoints,
    notifications), as tests that drive those themselves want."""
    db = Database(
        settings.database_url, echo=settings.echo_sql, replica_url=settings.database_replica_url
    )
    keys = KeyHolder(db, settings.record_key_path, settings.record_origin)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        tasks = []
        if checkpointer:
            tasks.append(asyncio.create_task(_checkpoint_forever(db, keys)))
            if settings.notify_interval > 0:
                tasks.append(asyncio.create_task(_notify_forever(db, settings)))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            db.dispose()

    # No /docs: Swagger UI would load its assets from a CDN. The schema is at /openapi.json.
    app = FastAPI(
        title="InWriting",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(refuse_nul_in_url), Depends(csrf_guard)],
    )
    app.state.db = db
    app.state.record_keys = keys
    app.state.settings = settings
    errors.install(app)
    app.add_exception_handler(InWritingError, _error)
    app.add_exception_handler(Exception, _unexpected)
    # The last added runs first: every answer, a refusal by the limits included, gets a
    # request id (and its log line) and the security headers.
    app.add_middleware(RequestLimits, max_body_bytes=settings.max_body_bytes, refuse=_error)
    app.add_middleware(RelativeRedirects)
    if db.replica is not None:
        app.add_middleware(ReadYourWrites)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestIdMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in (
        record.tiles,
        record.api,
        v1.router,
        responses.router,
        clearance.router,
        party_keys.router,
        drafting.router,
        concordances.router,
        languages.router,
        admin.router,
        notifications.router,
        negotiations.api,
        negotiations.pages,
        web_sessions.router,
        web_negotiations.router,
        web_versions.router,
        web_responses.router,
        web_record.router,
        web_drafting.router,
        web_clearance.router,
        web_commitments.router,
        web_party_keys.router,
        web_admin.router,
        web_exports.router,
        web_concordances.router,
        web_search.router,
        web_consultations.router,
        web_notifications.router,
        web_discussion.router,
        discussion.router,
    ):
        app.include_router(router)
    return app


class NoDelayHTTP(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection.

    asyncio turns ``TCP_NODELAY`` on only for sockets it created itself; with ``--workers``
    uvicorn binds the listening socket without naming the protocol, so accepted connections
    kept Nagle on and each keep-alive response waited about 40 ms for the client's delayed
    ACK (Kludex/uvicorn#3149). Setting the option here covers one worker and many alike.
    """

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def app_from_environment() -> FastAPI:
    """The app for process managers that start workers by import string (``uvicorn
    --factory inwriting.app:app_from_environment``): settings from ``INWRITING_*``, and
    logging configured from them, once per worker process."""
    settings = Settings.from_env(os.environ)
    configure_logging(settings)
    app = create_app(settings)
    settle_heap()
    return app


def settle_heap() -> None:
    """Tell the cycle collector that what a server process has made so far (its imported
    modules, the app) lives as long as the process: a worker then never walks it again.

    Python's full collections walk every object the collector tracks; a worker holds about
    250,000 of them once the web stack is imported, and a full collection took 350-450 ms on
    the 2-core bench machine, stalling whatever request was running (bench/web.py: a tail of
    every measurement). ``gc.freeze`` moves them out of the collector's generations; they
    are still freed by reference counting if they ever go. Called once, by the server, after
    the app is built; never in tests or commands, which build many short-lived apps."""
    gc.collect()
    gc.freeze()


async def _error(request: Request, error: Exception) -> Response:
    """One mapping per surface: JSON for API paths, the record's files and token clients;
    a page for browsers."""
    assert isinstance(error, InWritingError)
    if isinstance(error, Unavailable):  # an operator must hear of it; the CLI says it itself
        log.warning("%s", error.message)
    if _wants_json(request):
        return errors.json_error(error)
    return error_page(request, error, errors.status_of(error))


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/record/")) or "authorization" in request.headers


async def _unexpected(request: Request, _error: Exception) -> Response:
    """Anything else is a bug of ours: the server logs its traceback (uvicorn, after this
    answer); the caller gets the documented error shape or page, never the traceback."""
    message = "an unexpected error happened on the server; it has been logged"
    if _wants_json(request):
        return JSONResponse(errors.error_body("internal", message), 500)
    return error_page(request, InWritingError(message), 500)


async def _checkpoint_forever(db: Database, keys: KeyHolder) -> None:
    """Sign the record as it grows, then ask the witnesses to cosign the latest checkpoint
    (each within a timeout, in a worker thread): a witness that is down delays publication
    of new checkpoints as final, never the serving of requests."""
    while True:
        try:
            await run_in_threadpool(lambda: publish_checkpoint(db, keys.get()))
            await run_in_threadpool(lambda: cosign_latest(db))
        except Exception:  # keep serving; the next round retries
            log.exception("could not publish a checkpoint")
        await asyncio.sleep(CHECKPOINT_INTERVAL.total_seconds())


async def _notify_forever(db: Database, settings: Settings) -> None:
    """Every ``notify_interval`` seconds, make the reminders due and e-mail what is due (in
    a worker thread). Every worker runs this loop; the sending lease lets one at a time
    work. A mail server that is down is logged, by its URL without the password, and the
    next round tries again: nothing is marked sent until the server took it."""
    while True:
        try:
            await run_in_threadpool(lambda: send_notifications(db, settings))
        except InWritingError as error:
            log.warning("could not send notifications: %s", error.message)
        except Exception:  # keep serving; the next round retries
            log.exception("could not send notifications")
        await asyncio.sleep(settings.notify_interval)
