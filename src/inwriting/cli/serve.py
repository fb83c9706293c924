"""``inwriting serve``: the HTTP server (record tiles, JSON API)."""

from __future__ import annotations

import contextlib

import typer

from inwriting.cli.context import state
from inwriting.cli.output import console
from inwriting.errors import Conflict
from inwriting.services.demo import load_demo


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    demo: bool = typer.Option(False, "--demo", help="Load the demo negotiation first (once)."),
) -> None:
    """Serve the record (C2SP tlog-tiles under /record/) and the JSON API (/api/v1).

    Example: inwriting serve --port 8000 --demo
    """
    # Imported here so that every other command starts without loading the web stack.
    import uvicorn

    from inwriting.app import create_app

    st = state(ctx)
    db = st.database(migrated=False)
    db.upgrade()
    if demo:
        with contextlib.suppress(Conflict):  # loaded by an earlier start
            load_demo(db)
    app = create_app(st.settings)
    console.print(
        f"InWriting on http://{host}:{port}/  "
        "(record: /record/checkpoint, API schema: /openapi.json)",
        markup=False,
    )
    uvicorn.run(app, host=host, port=port, log_level="info")
