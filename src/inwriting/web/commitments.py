"""The commitments ledger and a commitment's history, as pages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from inwriting.domain.commitments import CommitmentStatus
from inwriting.errors import missing
from inwriting.http.auth import actor
from inwriting.services import commitments, negotiations
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/negotiations/{slug}/commitments")
def ledger(
    request: Request,
    slug: str,
    party: str | None = None,
    status: CommitmentStatus | None = None,
    overdue: bool = False,
) -> Response:
    db, who = request.app.state.db, actor(request)
    neg = negotiations.get_negotiation(db, who, slug)
    found = commitments.list_commitments(
        db, who, slug, party=party or None, status=status, overdue_only=overdue
    )
    return render(
        request,
        "commitments/ledger.html",
        negotiation=neg,
        commitments=found,
        party=party or "",
        status_filter=status.value if status else "",
        overdue=overdue,
        statuses=[s.value for s in CommitmentStatus],
    )


@router.get("/negotiations/{slug}/commitments/{commitment_id}")
def commitment(request: Request, slug: str, commitment_id: int) -> Response:
    found = commitments.get_commitment(request.app.state.db, actor(request), commitment_id)
    if found.negotiation != slug:
        raise missing("commitment")
    return render(request, "commitments/commitment.html", c=found, slug=slug)
