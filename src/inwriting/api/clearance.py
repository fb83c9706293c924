"""Clearance chains as JSON, as on the party's clearance page and the pending texts' pages
(``web/clearance.py``): a party's chain, where a pending text stands, clearing it, and what
awaits the caller's clearance. Clearing a response is ``POST /responses/{id}/approve``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from inwriting.api.errors import RESPONSES
from inwriting.domain.clearance import MAX_REQUIRED, MAX_STEP_NAME, MAX_STEPS, Step
from inwriting.domain.negotiations import Role
from inwriting.http.auth import actor, signed_in, writer
from inwriting.http.uploads import read_upload
from inwriting.services import clearance, responses, version_drafts
from inwriting.services.clearance import Awaiting, Chain, Status
from inwriting.services.version_drafts import PendingView

router = APIRouter(prefix="/api/v1", tags=["clearance"], responses=RESPONSES)


class StepIn(BaseModel):
    name: str = Field(min_length=1, max_length=MAX_STEP_NAME)
    role: Role | None = Field(default=None, description="Members with this role clear it...")
    members: list[str] = Field(
        default_factory=list, max_length=200, description="...or these members (usernames)."
    )
    required: int = Field(default=1, ge=1, le=MAX_REQUIRED, description="How many must.")


class ChainIn(BaseModel):
    steps: list[StepIn] = Field(max_length=MAX_STEPS, description="In order; none: no chain.")


@router.get("/negotiations/{slug}/parties/{party}/clearance")
def get_chain(request: Request, slug: str, party: str) -> Chain:
    """The party's clearance chain, for its own members (anyone else: 404)."""
    return clearance.get_chain(request.app.state.db, actor(request), slug, party)


@router.put("/negotiations/{slug}/parties/{party}/clearance")
def set_chain(request: Request, slug: str, party: str, body: ChainIn) -> Chain:
    """Replace the party's chain (a principal of the party); refused, with every problem,
    unless each step can be cleared by enough members."""
    steps = [Step(s.name, s.required, s.role, tuple(s.members)) for s in body.steps]
    return clearance.set_chain(request.app.state.db, writer(request), slug, party, steps)


@router.get("/clearance/awaiting")
def awaiting(request: Request) -> list[Awaiting]:
    """The pending texts whose current step the caller may clear now."""
    return clearance.list_awaiting(request.app.state.db, signed_in(request))


@router.get("/responses/{response_id}/clearance")
def response_clearance(request: Request, response_id: int) -> Status | None:
    """Where a draft stands in its party's chain (null: the party has none); its party's
    members only."""
    return responses.clearance_status(request.app.state.db, actor(request), response_id)


@router.get("/pending-versions/{pending_id}")
def get_pending(request: Request, pending_id: int) -> PendingView:
    """A pending version, its chain's progress and history; its party's members only."""
    return version_drafts.get_version_draft(request.app.state.db, actor(request), pending_id)


@router.post("/pending-versions/{pending_id}/clear")
def clear_pending(request: Request, pending_id: int) -> PendingView:
    """Clear the current step; the last clearance tables it (``draft.version_id``)."""
    return version_drafts.clear_version_draft(request.app.state.db, writer(request), pending_id)


@router.put("/pending-versions/{pending_id}")
async def edit_pending(
    request: Request,
    pending_id: int,
    file: Annotated[UploadFile, File(description="The new text, as for tabling a version.")],
    label: Annotated[str | None, Form(max_length=200)] = None,
) -> PendingView:
    """Replace the pending text: the caller becomes one of its authors, and the clearances
    of their step and later ones are withdrawn."""
    who = writer(request)
    name, data = await read_upload(file)
    return await run_in_threadpool(
        version_drafts.edit_version_file,
        request.app.state.db,
        who,
        pending_id,
        name,
        data,
        label=label,
        parse_seconds=request.app.state.settings.parse_seconds,
    )
