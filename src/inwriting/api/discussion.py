"""Discussion per provision over HTTP: threads on a version's provisions, replies, resolve
and reopen. An internal thread answers anyone outside its party exactly like a thread that
does not exist (404), as the service decides."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from inwriting.api.errors import RESPONSES
from inwriting.domain.discussion import MAX_BODY, ThreadStatus
from inwriting.http.auth import actor, writer
from inwriting.services import discussion
from inwriting.services.discussion import Thread

router = APIRouter(prefix="/api/v1", tags=["discussion"], responses=RESPONSES)


class ThreadIn(BaseModel):
    key: str = Field(min_length=1, max_length=120, description="The provision's key.")
    body: str = Field(max_length=MAX_BODY, description="Markdown; @username mentions.")
    internal: bool = Field(default=False, description="Only your party's members may read it.")
    party: str | None = Field(
        default=None, max_length=200, description="The party you write for, if several."
    )


class MessageIn(BaseModel):
    body: str = Field(max_length=MAX_BODY, description="Markdown; @username mentions.")
    party: str | None = Field(default=None, max_length=200)


@router.get("/versions/{version_id}/threads")
def list_threads(
    request: Request,
    version_id: int,
    key: str | None = None,
    status: ThreadStatus | None = None,
) -> list[Thread]:
    return discussion.list_threads(
        request.app.state.db, actor(request), version_id, key=key, status=status
    )


@router.post("/versions/{version_id}/threads", status_code=201)
def start_thread(request: Request, version_id: int, body: ThreadIn) -> Thread:
    return discussion.start_thread(
        request.app.state.db,
        writer(request),
        version_id,
        body.key,
        body.body,
        internal=body.internal,
        party=body.party,
    )


@router.get("/threads/{thread_id}")
def get_thread(request: Request, thread_id: int) -> Thread:
    return discussion.get_thread(request.app.state.db, actor(request), thread_id)


@router.post("/threads/{thread_id}/messages", status_code=201)
def reply(request: Request, thread_id: int, body: MessageIn) -> Thread:
    return discussion.reply(
        request.app.state.db, writer(request), thread_id, body.body, party=body.party
    )


@router.post("/threads/{thread_id}/resolve")
def resolve(request: Request, thread_id: int) -> Thread:
    return discussion.resolve(request.app.state.db, writer(request), thread_id)


@router.post("/threads/{thread_id}/reopen")
def reopen(request: Request, thread_id: int) -> Thread:
    return discussion.reopen(request.app.state.db, writer(request), thread_id)
