"""The JSON API for negotiations, versions, requests and responses: the same services as
the pages and the CLI, with the same permission checks. Lists are paginated with
``offset``/``limit``; errors are ``{"error": {"code", "message", "details"}}``.

Writes need a bearer token (``Authorization: Bearer iw_…``, see ``inwriting users tokens``)
or a signed-in browser session with its CSRF token in ``X-CSRF-Token``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field, StringConstraints

from inwriting.api.errors import RESPONSES
from inwriting.api.pagination import Limit, Offset, Page, paginate
from inwriting.api.schemas import OperationOut
from inwriting.domain.responses import (
    Position,
    PositionKind,
    ResponseContent,
    ResponseKind,
    wordings_from,
)
from inwriting.domain.statements import Action
from inwriting.http.auth import actor, writer
from inwriting.services import documents, matrix, negotiations, requests, responses, search
from inwriting.services.documents import Document, Version
from inwriting.services.negotiations import Negotiation
from inwriting.services.responses import Response
from inwriting.services.search import Hit

router = APIRouter(prefix="/api/v1", tags=["negotiations"], responses=RESPONSES)


class VersionTextOut(BaseModel):
    version: Version
    provisions: list[dict[str, str | list[str] | None]] = Field(
        description="key, kind, label, number, heading, text, parent; notes (the footnotes a "
        "provision cites, in the order its text calls them) when it has any."
    )


class RequestIn(BaseModel):
    party: str = Field(min_length=1, max_length=200, description="The party asking.")
    ask: list[str] = Field(min_length=1, max_length=100, description="Parties asked to answer.")
    due_at: datetime = Field(description="An ISO 8601 time with its offset.")
    allows_interim: bool = False
    note: str = Field(default="", max_length=10_000)


ProposedText = Annotated[str, Field(max_length=200_000)]


class PositionIn(BaseModel):
    position: PositionKind
    provision: str = Field(default="", max_length=200)
    after: str = Field(default="", max_length=200)
    text: ProposedText = ""
    reason: str = Field(default="", max_length=50_000)
    exception: str = Field(default="", max_length=50_000)
    wordings: dict[Annotated[str, StringConstraints(max_length=35)], ProposedText] = Field(
        default_factory=dict,
        max_length=50,
        description="The proposed text in the version's other languages (language tag -> "
        "text), for a position with a text; ``text`` is the version's own language.",
    )


class ResponseIn(BaseModel):
    party: str = Field(min_length=1, max_length=200)
    kind: ResponseKind = ResponseKind.FORMAL
    cover_note: str = Field(default="", max_length=50_000)
    positions: list[PositionIn] = Field(default_factory=list, max_length=10_000)


@router.get("/negotiations")
def list_negotiations(request: Request, offset: Offset = 0, limit: Limit = 50) -> Page[Negotiation]:
    found = negotiations.list_negotiations(request.app.state.db, actor(request))
    return paginate(found, offset, limit)


@router.get("/negotiations/{slug}")
def get_negotiation(request: Request, slug: str) -> Negotiation:
    return negotiations.get_negotiation(request.app.state.db, actor(request), slug)


@router.get("/negotiations/{slug}/documents")
def list_documents(
    request: Request, slug: str, offset: Offset = 0, limit: Limit = 50
) -> Page[Document]:
    return paginate(
        documents.list_documents(request.app.state.db, actor(request), slug), offset, limit
    )


@router.get("/versions/{version_id}")
def get_version(request: Request, version_id: int) -> VersionTextOut:
    found = documents.get_version(request.app.state.db, actor(request), version_id)
    return VersionTextOut(version=found.version, provisions=[p.as_dict() for p in found.provisions])


class MatrixRowOut(BaseModel):
    key: str
    label: str
    state: str = Field(description="agreed, agreed_with_exceptions, open or unanswered.")
    positions: dict[str, PositionKind | None] = Field(
        description="Each party's position; None: not answered (yet)."
    )


class MatrixOut(BaseModel):
    version_id: int
    parties: list[str]
    rows: list[MatrixRowOut]
    counts: dict[str, int] = Field(description="How many provisions are in each state.")


@router.get("/versions/{version_id}/matrix")
def get_matrix(request: Request, version_id: int) -> MatrixOut:
    grid = matrix.agreement_matrix(request.app.state.db, actor(request), version_id)
    return MatrixOut(
        version_id=grid.version_id,
        parties=list(grid.parties),
        rows=[
            MatrixRowOut(
                key=r.provision.key,
                label=r.provision.label,
                state=r.state,
                positions={c.party: c.position.kind if c.position else None for c in r.cells},
            )
            for r in grid.rows
        ],
        counts=grid.counts(),
    )


class PartyPosition(BaseModel):
    party: str
    position: PositionKind | None = Field(description="None: not answered (yet).")
    interim: bool
    exception: str
    reason: str
    text: str = Field(description="The text an amendment proposes.")
    amendment: list[OperationOut] | None = Field(
        description="An amendment as a redline of the provision: equal + delete give the "
        "tabled text, equal + insert the proposed one."
    )
    response_id: int | None


class Addition(BaseModel):
    party: str
    text: str
    reason: str


class ProvisionPositions(BaseModel):
    key: str
    label: str
    heading: str
    text: str
    notes: list[str] = Field(description="The footnotes the text cites ([^1] ...), in order.")
    state: str = Field(description="agreed | agreed_with_exceptions | open | unanswered")
    positions: list[PartyPosition]
    additions: list[Addition] = Field(description="New provisions proposed after this one.")


@router.get("/versions/{version_id}/provisions/{key}")
def get_provision(request: Request, version_id: int, key: str) -> ProvisionPositions:
    """One provision with every party's submitted position, amendments as redlines."""
    grid = matrix.agreement_matrix(request.app.state.db, actor(request), version_id)
    row = grid.row(key)
    amendments = row.amendments()
    return ProvisionPositions(
        key=key,
        label=row.provision.label,
        heading=row.provision.heading,
        text=row.provision.text,
        notes=list(row.provision.notes),
        state=row.state,
        positions=[
            PartyPosition(
                party=c.party,
                position=c.position.kind if c.position else None,
                interim=c.interim,
                exception=c.position.exception if c.position else "",
                reason=c.position.reason if c.position else "",
                text=c.position.text if c.position else "",
                amendment=OperationOut.many(amendments[c.party]) if c.party in amendments else None,
                response_id=grid.responses.get(c.party),
            )
            for c in row.cells
        ],
        additions=[Addition(party=p, text=a.text, reason=a.reason) for p, a in row.additions],
    )


@router.get("/negotiations/{slug}/requests")
def list_requests(
    request: Request, slug: str, overdue: bool = False, offset: Offset = 0, limit: Limit = 50
) -> Page[requests.Request]:
    found = requests.list_requests(request.app.state.db, actor(request), slug, overdue_only=overdue)
    return paginate(found, offset, limit)


@router.post("/versions/{version_id}/requests", status_code=201)
def create_request(request: Request, version_id: int, body: RequestIn) -> requests.Request:
    return requests.create_request(
        request.app.state.db,
        writer(request),
        version_id,
        body.party,
        body.ask,
        body.due_at,
        allows_interim=body.allows_interim,
        note=body.note,
    )


@router.get("/versions/{version_id}/responses")
def list_responses(
    request: Request, version_id: int, offset: Offset = 0, limit: Limit = 50
) -> Page[Response]:
    found = responses.list_responses(request.app.state.db, actor(request), version_id)
    return paginate(found, offset, limit)


@router.put("/versions/{version_id}/draft")
def save_draft(request: Request, version_id: int, body: ResponseIn) -> Response:
    """Save the party's draft (creating or replacing it); the problems come back with it."""
    who = writer(request)
    draft = ResponseContent(
        party=body.party,
        kind=body.kind,
        cover_note=body.cover_note,
        positions=tuple(
            Position(
                p.position,
                p.provision,
                p.after,
                p.text,
                p.reason,
                p.exception,
                wordings=wordings_from(p.wordings),
            )
            for p in body.positions
        ),
    )
    return responses.save_draft(request.app.state.db, who, version_id, draft)


@router.get("/responses/{response_id}")
def get_response(request: Request, response_id: int) -> Response:
    return responses.get_response(request.app.state.db, actor(request), response_id)


class SignatureIn(BaseModel):
    signature: str = Field(
        max_length=4096,
        description="The acting member's signature file over the statement of this act "
        "(GET /responses/{id}/statement; docs/record.md).",
    )


@router.post("/responses/{response_id}/approve")
def approve(request: Request, response_id: int, body: SignatureIn | None = None) -> Response:
    """Approve a draft; signed where a signature is given or the party requires one."""
    return responses.approve_response(
        request.app.state.db,
        writer(request),
        response_id,
        signature=body.signature if body else None,
        origin=request.app.state.settings.record_origin,
    )


@router.post("/responses/{response_id}/submit")
def submit(request: Request, response_id: int, body: SignatureIn | None = None) -> Response:
    """Submit a response; signed where a signature is given or the party requires one."""
    return responses.submit_response(
        request.app.state.db,
        writer(request),
        response_id,
        signature=body.signature if body else None,
        origin=request.app.state.settings.record_origin,
    )


@router.get("/responses/{response_id}/statement", response_class=PlainTextResponse)
def statement(
    request: Request,
    response_id: int,
    action: Literal["submit", "approve"] = Query("submit", description="The act to sign."),
) -> PlainTextResponse:
    """The statement a member signs to submit (or approve) the draft as it is now."""
    act = Action.RESPONSE_APPROVED if action == "approve" else Action.RESPONSE_SUBMITTED
    found = responses.statement_for(
        request.app.state.db,
        actor(request),
        response_id,
        act,
        request.app.state.settings.record_origin,
    )
    return PlainTextResponse(found.text(), media_type="text/plain; charset=utf-8")


@router.get("/search")
def search_texts(
    request: Request,
    q: str = Query(max_length=10_000, description="Words; every one must appear."),
    negotiation: str | None = Query(None, max_length=200, description="Slug or id."),
    limit: Limit = 50,
) -> list[Hit]:
    """Hits the caller may read, grouped by negotiation, in document order."""
    found = search.search(
        request.app.state.db, actor(request), q, negotiation=negotiation, limit=limit
    )
    return found
