"""A version read as a document with every party's position beside each provision, and the
agreement matrix (provisions by parties)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from inwriting.api.auth import actor
from inwriting.errors import NotFound
from inwriting.services import documents, matrix
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/negotiations/{slug}/versions/{version_id}")
def document(request: Request, slug: str, version_id: int) -> Response:
    db, who = request.app.state.db, actor(request)
    text = documents.get_version(db, who, version_id)
    _same_negotiation(text.negotiation, slug, version_id)
    grid = matrix.agreement_matrix(db, who, version_id)
    by_key = {row.provision.key: row for row in grid.rows}
    return render(request, "versions/document.html", text=text, grid=grid, rows=by_key, slug=slug)


@router.get("/negotiations/{slug}/versions/{version_id}/matrix")
def agreement(request: Request, slug: str, version_id: int) -> Response:
    grid = matrix.agreement_matrix(request.app.state.db, actor(request), version_id)
    _same_negotiation(grid.negotiation, slug, version_id)
    partial = request.headers.get("hx-request") == "true"
    name = "versions/_matrix.html" if partial else "versions/matrix.html"
    return render(request, name, grid=grid, slug=slug)


def _same_negotiation(actual: str, slug: str, version_id: int) -> None:
    if actual != slug:
        raise NotFound(f"no version {version_id} in {slug}")
