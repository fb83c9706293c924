"""``inwriting serve``: the HTTP server (record tiles, JSON API)."""

from __future__ import annotations

import contextlib
import os
from typing import Any

import typer

from inwriting.cli.context import State, state
from inwriting.cli.output import console
from inwriting.errors import Conflict


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    demo: bool = typer.Option(False, "--demo", help="Load the demo negotiation first (once)."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes."),
    worker_timeout: int = typer.Option(
        60,
        "--worker-timeout",
        min=1,
        max=3600,
        help="Seconds a worker may take to start, or to answer the supervisor's health "
        "check, before it is restarted (with --workers 2 or more).",
    ),
) -> None:
    """Serve the record (C2SP tlog-tiles under /record/) and the JSON API (/api/v1).

    Example: inwriting serve --port 8000 --demo --workers 2 --worker-timeout 60
    """
    # Imported here so that every other command starts without loading the web stack.
    import uvicorn

    from inwriting.app import create_app, settle_heap
    from inwriting.services.demo import load_demo

    st = state(ctx)
    db = st.database(migrated=False)
    db.upgrade()
    if demo:
        with contextlib.suppress(Conflict):  # loaded by an earlier start
            load_demo(db)
    st.record_key()  # make the signing key now, once, not in each worker
    settings = st.settings
    if settings.notify_interval > 0:  # the URL as shown: never its password
        mail = settings.smtp_url_shown or "no SMTP server (INWRITING_SMTP_URL): in the app only"
        console.print(
            f"Notifications every {settings.notify_interval:g} s; e-mail: {mail}", markup=False
        )
    console.print(
        f"InWriting on http://{host}:{port}/  "
        "(record: /record/checkpoint, API schema: /openapi.json)",
        markup=False,
    )
    if workers == 1:
        app = create_app(st.settings)
        settle_heap()
        uvicorn.run(app, host=host, port=port, **_uvicorn_options(st))
        return
    # Workers share nothing but the database: sessions, CSRF secrets, sign-in limits and the
    # record's sequencing all live there. Each builds the app from the same settings.
    os.environ.update(st.settings.to_env())
    uvicorn.run(
        "inwriting.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        # uvicorn's default, 5 s, is less than importing the app takes on a loaded machine
        # (10 s of wall time at a load average of 15 on two cores): its supervisor killed
        # every worker still starting and started another, for ever (docs/operations.md).
        timeout_worker_healthcheck=worker_timeout,
        **_uvicorn_options(st),
    )


def _uvicorn_options(st: State) -> dict[str, Any]:
    """uvicorn logs through the handler the CLI configured (``log_config=None``: its own
    would add a second, text-only one), at the settings' level; the request id middleware
    writes one line per request, so uvicorn's access log would only repeat it."""
    from inwriting.app import NoDelayHTTP

    return {
        "http": NoDelayHTTP,
        "log_config": None,
        "log_level": st.settings.log_level.lower(),
        "access_log": False,
        # X-Forwarded-For and -Proto are believed from INWRITING_TRUSTED_PROXIES only (uvicorn
        # would believe any process on this machine): the address counts in sign-in limits.
        "forwarded_allow_ips": ",".join(st.settings.trusted_proxies),
    }
