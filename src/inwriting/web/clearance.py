"""Clearance pages: a party's chain (set by a principal), pending versions with their
chain, history and "clear" button. A response's chain shows on its own pages
(``web/responses.py``), through the same partial."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from inwriting.domain.clearance import format_step, parse_steps
from inwriting.errors import Conflict, InWritingError, PermissionDenied, ValidationError
from inwriting.http.auth import signed_in
from inwriting.http.statuses import status_of
from inwriting.http.uploads import read_upload
from inwriting.services import clearance, parties, version_drafts
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/negotiations/{slug}/parties/{party}/clearance")
def chain_page(request: Request, slug: str, party: str) -> Response:
    return _chain_page(request, slug, party)


def _chain_page(
    request: Request,
    slug: str,
    party: str,
    refusal: InWritingError | None = None,
    text: str | None = None,
) -> Response:
    db, who = request.app.state.db, signed_in(request)
    chain = clearance.get_chain(db, who, slug, party)  # members only: anyone else, 404
    found = next(p for p in parties.list_parties(db, who, slug) if p.name == chain.party)
    principal = any(m.username == who.username and m.role == "principal" for m in found.members)
    lines = "\n".join(format_step(s) for s in chain.steps) if text is None else text
    return render(
        request,
        "clearance/chain.html",
        status_of(refusal) if refusal else 200,
        slug=slug,
        chain=chain,
        party=found,
        principal=principal,
        lines=lines,
        refusal=refusal,
    )


@router.post("/negotiations/{slug}/parties/{party}/clearance")
def set_chain(
    request: Request,
    slug: str,
    party: str,
    steps: Annotated[str, Form(max_length=20_000)] = "",
) -> Response:
    db, who = request.app.state.db, signed_in(request)
    try:
        chain = clearance.set_chain(db, who, slug, party, parse_steps(steps))
    except (ValidationError, PermissionDenied) as refused:
        return _chain_page(request, slug, party, refused, steps)
    target = f"/negotiations/{slug}/parties/{chain.party}/clearance"
    return RedirectResponse(target, status_code=303)


@router.get("/negotiations/{slug}/pending/{pending_id}")
def pending_page(request: Request, slug: str, pending_id: int) -> Response:
    return _pending_page(request, slug, pending_id)


def _pending_page(
    request: Request, slug: str, pending_id: int, refusal: InWritingError | None = None
) -> Response:
    db, who = request.app.state.db, signed_in(request)
    view = version_drafts.get_version_draft(db, who, pending_id)
    return render(
        request,
        "clearance/pending.html",
        status_of(refusal) if refusal else 200,
        slug=slug,
        view=view,
        refusal=refusal,
    )


@router.post("/negotiations/{slug}/pending/{pending_id}/clear")
async def clear(request: Request, slug: str, pending_id: int) -> Response:
    db, who = request.app.state.db, signed_in(request)
    try:
        view = await run_in_threadpool(version_drafts.clear_version_draft, db, who, pending_id)
    except (PermissionDenied, Conflict) as refused:
        return await run_in_threadpool(_pending_page, request, slug, pending_id, refused)
    target = f"/negotiations/{slug}/pending/{pending_id}"
    if view.draft.version_id is not None:
        target = f"/negotiations/{slug}/versions/{view.draft.version_id}"
    return RedirectResponse(target, status_code=303)


@router.post("/negotiations/{slug}/pending/{pending_id}/edit")
async def edit(
    request: Request,
    slug: str,
    pending_id: int,
    file: Annotated[UploadFile, File()],
    label: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    db, who = request.app.state.db, signed_in(request)
    name, data = await read_upload(file)
    try:
        await run_in_threadpool(
            version_drafts.edit_version_file,
            db,
            who,
            pending_id,
            name,
            data,
            label=label or None,
            parse_seconds=request.app.state.settings.parse_seconds,
        )
    except (PermissionDenied, Conflict, ValidationError) as refused:
        return await run_in_threadpool(_pending_page, request, slug, pending_id, refused)
    return RedirectResponse(f"/negotiations/{slug}/pending/{pending_id}", status_code=303)
