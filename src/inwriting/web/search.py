"""The search page: hits grouped by negotiation, each linked to its provision or commitment."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from inwriting.http.auth import actor
from inwriting.services import search as searching
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/search")
def search(
    request: Request,
    q: str = Query("", max_length=10_000),
    n: str = Query("", max_length=200),
) -> Response:
    db, who = request.app.state.db, actor(request)
    hits = searching.search(db, who, q, negotiation=n or None) if q.strip() else []
    return render(request, "search/page.html", q=q, n=n, hits=hits)
