"""Negotiation-level reads over HTTP: the commitments ledger and the Atom feed.

Requests act as the signed-in user (bearer token or session cookie) or as an anonymous
visitor, who sees public negotiations only, exactly as the services decide.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from inwriting.api.auth import actor
from inwriting.api.errors import RESPONSES
from inwriting.domain.commitments import Status
from inwriting.errors import NotFound
from inwriting.formats.atom import write_atom
from inwriting.services import commitments, feeds
from inwriting.services.commitments import Commitment

api = APIRouter(prefix="/api/v1/negotiations", tags=["negotiations"], responses=RESPONSES)
pages = APIRouter(prefix="/negotiations", tags=["feeds"])


@api.get("/{negotiation}/commitments")
def list_commitments(
    request: Request,
    negotiation: str,
    party: str | None = None,
    status: Status | None = None,
    overdue: bool = False,
) -> list[Commitment]:
    return commitments.list_commitments(
        request.app.state.db,
        actor(request),
        negotiation,
        party=party,
        status=status,
        overdue_only=overdue,
    )


@api.get("/{negotiation}/commitments/{commitment_id}")
def get_commitment(request: Request, negotiation: str, commitment_id: int) -> Commitment:
    found = commitments.get_commitment(request.app.state.db, actor(request), commitment_id)
    if found.negotiation != negotiation:
        raise NotFound(f"no commitment {commitment_id} in {negotiation}")
    return found


@pages.get("/{negotiation}/feed.atom")
def feed(request: Request, negotiation: str) -> Response:
    base = str(request.base_url).rstrip("/")
    title, entries = feeds.negotiation_feed(
        request.app.state.db, actor(request), negotiation, base_url=base
    )
    body = write_atom(
        feed_id=f"{base}/negotiations/{negotiation}",
        title=f"{title} — InWriting",
        self_link=str(request.url),
        entries=entries,
        updated=datetime(2000, 1, 1, tzinfo=UTC),
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")
