"""Threads beside a provision: the list (a partial the document, provision and editor pages
include, and htmx fetches), and the forms to start a thread, reply, resolve and reopen.

Every form posts the version and provision it was shown on, so the answer — the partial for
htmx, a 303 back to the provision's page otherwise — shows the thread where it was.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from inwriting.errors import Conflict, InWritingError, PermissionDenied, ValidationError, missing
from inwriting.http.auth import actor, signed_in
from inwriting.http.statuses import status_of
from inwriting.http.uploads import edited_text, read_form
from inwriting.services import discussion, documents
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)
_REFUSALS = (ValidationError, PermissionDenied, Conflict)


@router.get("/negotiations/{slug}/versions/{version_id}/provisions/{key}/threads")
def threads(request: Request, slug: str, version_id: int, key: str) -> Response:
    """The threads on one provision: the partial for htmx, a page of its own otherwise."""
    return _shown(request, slug, version_id, key)


@router.post("/negotiations/{slug}/versions/{version_id}/provisions/{key}/threads")
async def start(request: Request, slug: str, version_id: int, key: str) -> Response:
    form = await read_form(request)
    db, who = request.app.state.db, signed_in(request)

    def started() -> int:
        _check_slug(request, slug, version_id)
        party = edited_text(form, "party") or None
        internal = edited_text(form, "visibility") == "internal"
        body = edited_text(form, "body")
        return discussion.start_thread(
            db, who, version_id, key, body, internal=internal, party=party
        ).id

    return await _done(request, slug, version_id, key, started)


@router.post("/negotiations/{slug}/threads/{thread_id}/{action}")
async def act(request: Request, slug: str, thread_id: int, action: str) -> Response:
    """Reply (``messages``), ``resolve`` or ``reopen``; back to the provision shown."""
    if action not in ("messages", "resolve", "reopen"):
        raise missing("page")
    form = await read_form(request)
    db, who = request.app.state.db, signed_in(request)
    version_id, key = _shown_on(form)

    def acted() -> int:
        if discussion.get_thread(db, who, thread_id).negotiation != slug:
            raise missing("thread")
        if action == "messages":
            party = edited_text(form, "party") or None
            discussion.reply(db, who, thread_id, edited_text(form, "body"), party=party)
        elif action == "resolve":
            discussion.resolve(db, who, thread_id)
        else:
            discussion.reopen(db, who, thread_id)
        return thread_id

    compact = edited_text(form, "view") == "compact"  # sent from the document page's margin
    return await _done(request, slug, version_id, key, acted, compact)


async def _done(
    request: Request, slug: str, version_id: int, key: str, do: Any, compact: bool = False
) -> Response:
    try:
        thread_id = await run_in_threadpool(do)
    except _REFUSALS as refused:  # shown in place, above the form
        args = (request, slug, version_id, key, refused, compact)
        return await run_in_threadpool(_shown, *args)
    if request.headers.get("hx-request") == "true":
        return await run_in_threadpool(_shown, request, slug, version_id, key, None, compact)
    path = f"/negotiations/{quote(slug)}/versions/{version_id}/provisions/{quote(key, safe='')}"
    return RedirectResponse(f"{path}#thread-{thread_id}", status_code=303)


def _shown(
    request: Request,
    slug: str,
    version_id: int,
    key: str,
    refusal: InWritingError | None = None,
    compact: bool = False,
) -> Response:
    db, who = request.app.state.db, actor(request)
    found = discussion.list_threads(db, who, version_id, key=key)
    _check_slug(request, slug, version_id)
    template = (
        "discussion/_threads.html"
        if request.headers.get("hx-request") == "true"
        else "discussion/page.html"
    )
    return render(
        request,
        template,
        status_of(refusal) if refusal else 200,
        slug=slug,
        version_id=version_id,
        key=key,
        threads=found,
        voices=discussion.voices(db, who, slug),
        refusal=refusal,
        compact=compact,
    )


def _check_slug(request: Request, slug: str, version_id: int) -> None:
    """The version belongs to the negotiation the path names (or it is not found)."""
    found = documents.version_negotiation(request.app.state.db, actor(request), version_id)
    if found != slug:
        raise missing("version")


def _shown_on(form: FormData) -> tuple[int, str]:
    version, key = edited_text(form, "version"), edited_text(form, "key")
    if not version.isdigit() or not key or len(version) > 18:
        raise ValidationError("the form names no provision to show the thread on; reload it")
    return int(version), key
