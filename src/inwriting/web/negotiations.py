"""Negotiations: the list, and a negotiation's overview (where it stands)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from inwriting.http.auth import actor
from inwriting.services import (
    commitments,
    documents,
    negotiations,
    parties,
    requests,
    tasks,
    version_drafts,
)
from inwriting.services.record import recent_entries
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)
RECENT = 10


@router.get("/")
def index(request: Request) -> Response:
    """What needs the signed-in user first (:mod:`inwriting.services.tasks`), then the
    negotiations they may read."""
    db, who = request.app.state.db, actor(request)
    mine = None if who.anonymous or who.username is None else tasks.my_tasks(db, who)
    found = negotiations.list_negotiations(db, who)
    return render(request, "negotiations/list.html", negotiations=found, tasks=mine)


@router.get("/negotiations/{slug}")
def overview(request: Request, slug: str) -> Response:
    db, who = request.app.state.db, actor(request)
    neg = negotiations.get_negotiation(db, who, slug)
    taking_part = parties.list_parties(db, who, slug)
    return render(
        request,
        "negotiations/overview.html",
        negotiation=neg,
        parties=taking_part,
        mine=[p.name for p in taking_part if p.drafts_for(who.username)],
        documents=documents.list_documents(db, who, slug),
        requests=requests.list_requests(db, who, slug),
        overdue=commitments.list_commitments(db, who, slug, overdue_only=True),
        recent=recent_entries(db, who, slug, RECENT),
        member_of=[
            p.name for p in taking_part if any(m.username == who.username for m in p.members)
        ],
        pending=version_drafts.list_version_drafts(db, who, slug),
    )
