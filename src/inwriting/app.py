"""``create_app(settings)``: wires the API, the record's tiles and the background checkpointer.

Processes are stateless: any number of workers may serve one PostgreSQL database. Record
appends are serialised in the database (advisory lock), and the checkpointer in each worker
signs at most one checkpoint per size, every few seconds while the record grows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from inwriting import __version__
from inwriting.api import errors, negotiations, record
from inwriting.services.record import CHECKPOINT_INTERVAL, publish_checkpoint
from inwriting.services.record_keys import RecordKey, load_or_create_key
from inwriting.settings import Settings
from inwriting.storage.engine import Database

log = logging.getLogger("inwriting")


def create_app(settings: Settings, *, checkpointer: bool = True) -> FastAPI:
    db = Database(settings.database_url, echo=settings.echo_sql)
    key = load_or_create_key(settings.record_key_path, settings.record_origin)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(_checkpoint_forever(db, key)) if checkpointer else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            db.dispose()

    # No /docs: Swagger UI would load its assets from a CDN. The schema is at /openapi.json.
    app = FastAPI(
        title="InWriting", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None
    )
    app.state.db = db
    app.state.record_key = key
    app.state.settings = settings
    errors.install(app)
    app.include_router(record.tiles)
    app.include_router(record.api)
    app.include_router(negotiations.api)
    app.include_router(negotiations.pages)
    app.add_api_route("/", _index, methods=["GET"], include_in_schema=False)
    return app


def _index() -> dict[str, str]:
    return {
        "name": "InWriting",
        "version": __version__,
        "record": "/record/checkpoint",
        "record_key": "/api/v1/record/key",
        "openapi": "/openapi.json",
    }


async def _checkpoint_forever(db: Database, key: RecordKey) -> None:
    while True:
        try:
            await run_in_threadpool(publish_checkpoint, db, key)
        except Exception:  # keep serving; the next round retries
            log.exception("could not publish a checkpoint")
        await asyncio.sleep(CHECKPOINT_INTERVAL.total_seconds())
