"""The record over HTTP: C2SP tlog-tiles under ``/record/`` (so any tlog-tiles client can
read and verify it) and JSON proofs under ``/api/v1/record/``."""

from __future__ import annotations

import base64
import json
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel

from inwriting.api.errors import RESPONSES
from inwriting.errors import NotFound
from inwriting.http.auth import actor
from inwriting.services import record

tiles = APIRouter(prefix="/record", tags=["record tiles"])
api = APIRouter(prefix="/api/v1/record", tags=["record"], responses=RESPONSES)

Index = Annotated[int, Query(ge=0, le=2**62)]


class CheckpointOut(BaseModel):
    size: int
    root_hash: str  # base64
    note: str  # the signed checkpoint, verbatim (C2SP signed note)


class InclusionOut(BaseModel):
    index: int
    size: int
    root_hash: str
    proof: list[str]  # base64, from the leaf's sibling up


class ConsistencyOut(BaseModel):
    old: int
    new: int
    old_root_hash: str
    new_root_hash: str
    proof: list[str]


class EntryOut(BaseModel):
    index: int
    leaf_input: str  # base64 of the exact bytes hashed into the leaf
    entry: dict[str, object]  # the same bytes, parsed (canonical JSON)


class OpeningOut(BaseModel):
    index: int
    entry: dict[str, object]
    subject: str  # "party", "member", "version", "response", ...
    subject_id: int
    salt: str | None  # hex; None for a format 1 entry (its commitment is the digest itself)
    content_sha256: str  # the subject's content digest as the database holds it now
    content: dict[str, object] | None  # for small subjects: the object that digest covers
    verified: bool  # whether the entry commits to this content digest under this salt
    signature: str | None  # the acting member's signature file over the act, if signed


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@tiles.get("/checkpoint", response_class=PlainTextResponse)
def checkpoint_note(request: Request) -> PlainTextResponse:
    signed = record.latest_checkpoint(
        request.app.state.db, request.app.state.settings.witness_quorum
    )
    return PlainTextResponse(
        signed.note,
        media_type="text/plain; charset=utf-8",
        headers={"Cache-Control": "no-cache, max-age=2"},
    )


@tiles.get("/tile/{path:path}")
def tile(path: str, request: Request) -> Response:
    data = record.read_tile(request.app.state.db, f"tile/{path}")
    # Full tiles never change; a partial one is superseded as the log grows.
    cache = "public, max-age=31536000, immutable" if ".p/" not in path else "no-cache"
    return Response(data, media_type="application/octet-stream", headers={"Cache-Control": cache})


@api.get("/checkpoint")
def checkpoint(request: Request) -> CheckpointOut:
    signed = record.latest_checkpoint(
        request.app.state.db, request.app.state.settings.witness_quorum
    )
    return CheckpointOut(size=signed.size, root_hash=_b64(signed.root_hash), note=signed.note)


@api.get("/key", response_class=PlainTextResponse)
def key(request: Request) -> str:
    """The record's verifier key (C2SP signed-note vkey)."""
    vkey: str = request.app.state.record_keys.get().vkey
    return vkey


@api.get("/proof/inclusion")
def inclusion(request: Request, index: Index, size: Index | None = None) -> InclusionOut:
    found = record.inclusion(request.app.state.db, index, size)
    return InclusionOut(
        index=found.index,
        size=found.size,
        root_hash=_b64(found.root_hash),
        proof=[_b64(h) for h in found.proof],
    )


@api.get("/proof/consistency")
def consistency(request: Request, old: Index, new: Index | None = None) -> ConsistencyOut:
    found = record.consistency(request.app.state.db, old, new)
    return ConsistencyOut(
        old=found.old,
        new=found.new,
        old_root_hash=_b64(found.old_root_hash),
        new_root_hash=_b64(found.new_root_hash),
        proof=[_b64(h) for h in found.proof],
    )


@api.get("/entries")
def entries(request: Request, start: Index = 0, end: Index | None = None) -> list[EntryOut]:
    found = record.list_entries(
        request.app.state.db, start, end if end is not None else start + 100
    )
    return [
        EntryOut(index=e.index, leaf_input=_b64(e.entry), entry=json.loads(e.entry)) for e in found
    ]


PathIndex = Annotated[int, Path(ge=0, le=2**62)]


@api.get("/entries/{index}/receipt", response_class=PlainTextResponse)
def receipt(request: Request, index: PathIndex) -> PlainTextResponse:
    """An offline receipt (C2SP tlog-proof) for an entry whose subject the caller may read;
    404, as for no entry, otherwise."""
    state = request.app.state
    proof = record.receipt(
        state.db, actor(request), index, state.record_keys.get(), state.settings.witness_quorum
    )
    return PlainTextResponse(proof.format(), media_type="text/plain; charset=utf-8")


@api.get("/entries/{index}/opening")
def opening(request: Request, index: PathIndex) -> OpeningOut:
    """What an entry commits to, for those who may read its subject; 404, as for no entry,
    otherwise."""
    found = record.open_entry(request.app.state.db, actor(request), index)
    return OpeningOut(
        index=found.index,
        entry=json.loads(found.entry),
        subject=found.subject,
        subject_id=found.subject_id,
        salt=None if found.salt is None else found.salt.hex(),
        content_sha256=found.content_sha256,
        content=found.content,
        verified=found.verified,
        signature=found.signature,
    )


@api.get("/entries/{index}/signature", response_class=PlainTextResponse)
def signature(request: Request, index: PathIndex) -> PlainTextResponse:
    """The signature file of the member who did what an entry records (it goes with the
    entry's receipt: ``verify-receipt --signature``); 404 if the entry is unsigned, or as
    for no entry if the caller may not read its subject."""
    found = record.entry_signature(request.app.state.db, actor(request), index)
    if found is None:
        raise NotFound("this entry was recorded without a party's signature")
    return PlainTextResponse(found, media_type="text/plain; charset=utf-8")
