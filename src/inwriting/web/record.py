"""The record page: its current checkpoint, the latest entries, and how to verify it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from inwriting.errors import NotFound
from inwriting.services import record
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE = 50


@router.get("/record")
def page(request: Request, start: int | None = None) -> Response:
    db = request.app.state.db
    size = record.record_size(db)
    first = max(0, size - PAGE) if start is None else max(0, min(start, size))
    try:
        checkpoint = record.latest_checkpoint(db, request.app.state.settings.witness_quorum)
    except NotFound:
        checkpoint = None
    entries = list(reversed(record.list_entries(db, first, min(first + PAGE, size))))
    return render(
        request,
        "record/page.html",
        size=size,
        checkpoint=checkpoint,
        entries=entries,
        first=first,
        page=PAGE,
        vkey=request.app.state.record_keys.get().vkey,
    )
