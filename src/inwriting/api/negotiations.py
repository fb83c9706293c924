"""Negotiation-level reads over HTTP: the commitments ledger and the Atom feed.

Requests act as the signed-in user (bearer token or session cookie) or as an anonymous
visitor, who sees public negotiations only, exactly as the services decide.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from inwriting.api.errors import RESPONSES
from inwriting.domain.commitments import CommitmentStatus, Evidence, Source, SourceKind
from inwriting.errors import missing
from inwriting.formats.atom import write_atom
from inwriting.http.auth import actor, writer
from inwriting.http.links import absolute
from inwriting.services import commitments, feeds
from inwriting.services.commitments import Commitment

api = APIRouter(prefix="/api/v1/negotiations", tags=["negotiations"], responses=RESPONSES)
pages = APIRouter(prefix="/negotiations", tags=["feeds"])


@api.get("/{negotiation}/commitments")
def list_commitments(
    request: Request,
    negotiation: str,
    party: str | None = None,
    status: CommitmentStatus | None = None,
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
        raise missing("commitment")
    return found


@pages.get("/{negotiation}/feed.atom")
def feed(request: Request, negotiation: str) -> Response:
    base = absolute(request, "")
    title, entries = feeds.negotiation_feed(
        request.app.state.db, actor(request), negotiation, base_url=base
    )
    body = write_atom(
        feed_id=f"{base}/negotiations/{negotiation}",
        title=f"{title} — InWriting",
        self_link=absolute(request, request.url.path),
        entries=entries,
        updated=datetime(2000, 1, 1, tzinfo=UTC),
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8")


class SourceIn(BaseModel):
    kind: SourceKind
    citation: str = Field(max_length=2000)
    quote: str = Field(max_length=20_000)
    link: str = Field(default="", max_length=2000)


class CommitmentIn(BaseModel):
    party: str = Field(min_length=1, max_length=200, description="The party that promised.")
    text: str = Field(max_length=20_000)
    source: SourceIn
    made_at: datetime
    to: list[str] = Field(default_factory=list, max_length=100)
    person: str = Field(default="", max_length=200)
    due_at: datetime | None = None
    signature: str | None = Field(
        default=None,
        max_length=4096,
        description="The recording member's signature file over the statement of this "
        "record (docs/record.md §8); required where their party requires signatures.",
    )


class EvidenceIn(BaseModel):
    citation: str = Field(default="", max_length=2000)
    link: str = Field(default="", max_length=2000)
    record_index: int | None = Field(default=None, ge=0, le=2**62)


class StatusIn(BaseModel):
    status: CommitmentStatus
    rationale: str = Field(max_length=20_000)
    evidence: EvidenceIn
    party: str | None = Field(
        default=None, max_length=200, description="Acting for (withdraw, dispute)."
    )
    signature: str | None = Field(
        default=None,
        max_length=4096,
        description="Acting for a party: the member's signature file over the statement of "
        "this change (docs/record.md §8); required where the party requires signatures.",
    )


@api.post("/{negotiation}/commitments", status_code=201)
def record_commitment(request: Request, negotiation: str, body: CommitmentIn) -> Commitment:
    who = writer(request)
    source = Source(body.source.kind, body.source.citation, body.source.quote, body.source.link)
    return commitments.record_commitment(
        request.app.state.db,
        who,
        negotiation,
        body.party,
        body.text,
        source,
        made_at=body.made_at,
        to=body.to,
        person=body.person,
        due_at=body.due_at,
        signature=body.signature,
        origin=request.app.state.settings.record_origin,
    )


@api.post("/{negotiation}/commitments/{commitment_id}/status")
def change_status(
    request: Request, negotiation: str, commitment_id: int, body: StatusIn
) -> Commitment:
    who = writer(request)
    current = commitments.get_commitment(request.app.state.db, who, commitment_id)
    if current.negotiation != negotiation:
        raise missing("commitment")
    evidence = Evidence(body.evidence.citation, body.evidence.link, body.evidence.record_index)
    return commitments.change_status(
        request.app.state.db,
        who,
        commitment_id,
        body.status,
        body.rationale,
        evidence,
        party=body.party,
        signature=body.signature,
        origin=request.app.state.settings.record_origin,
    )
