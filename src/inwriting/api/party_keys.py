"""Party keys as JSON, as on the party's keys page (``web/party_keys.py``) and in
``inwriting keys``: list, register, revoke, rotate, and whether signatures are required.

Only public keys travel here: members make and keep their private keys on their own
machines and send signatures (``POST /responses/{id}/submit`` with ``{"signature": …}``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from inwriting.api.errors import RESPONSES
from inwriting.http.auth import actor, writer
from inwriting.services import party_keys
from inwriting.services.party_keys import PartyKey

router = APIRouter(
    prefix="/api/v1/negotiations/{slug}/parties/{party}", tags=["party keys"], responses=RESPONSES
)


class KeysOut(BaseModel):
    requires_signatures: bool
    keys: list[PartyKey]


class KeyIn(BaseModel):
    vkey: str = Field(min_length=1, max_length=1000, description="A C2SP verifier key.")
    member: str | None = Field(
        default=None, max_length=200, description="Whose key (default: the caller's)."
    )


class RevokeIn(BaseModel):
    key: str = Field(min_length=1, max_length=1000, description="Its verifier key or name.")


class RotateIn(BaseModel):
    key: str = Field(min_length=1, max_length=1000, description="The key replaced.")
    vkey: str = Field(min_length=1, max_length=1000, description="The key replacing it.")


class PolicyIn(BaseModel):
    required: bool


class PolicyOut(BaseModel):
    requires_signatures: bool
    record_index: int


@router.get("/keys")
def list_keys(request: Request, slug: str, party: str) -> KeysOut:
    """A party's keys, revoked ones included (public to whoever may read the negotiation)."""
    db, who = request.app.state.db, actor(request)
    return KeysOut(
        requires_signatures=party_keys.party_requires_signatures(db, who, slug, party),
        keys=party_keys.list_keys(db, who, slug, party),
    )


@router.post("/keys", status_code=201)
def register_key(request: Request, slug: str, party: str, body: KeyIn) -> PartyKey:
    """A principal registers a member's key for the party. Recorded."""
    db = request.app.state.db
    return party_keys.register_key(db, writer(request), slug, party, body.vkey, member=body.member)


@router.post("/keys/revoke")
def revoke_key(request: Request, slug: str, party: str, body: RevokeIn) -> PartyKey:
    """A principal revokes one of the party's keys. Recorded."""
    return party_keys.revoke_key(request.app.state.db, writer(request), slug, party, body.key)


@router.post("/keys/rotate")
def rotate_key(request: Request, slug: str, party: str, body: RotateIn) -> PartyKey:
    """A principal replaces a key by a new one for the same member. Recorded (twice)."""
    db = request.app.state.db
    return party_keys.rotate_key(db, writer(request), slug, party, body.key, body.vkey)


@router.put("/signature-policy")
def set_policy(request: Request, slug: str, party: str, body: PolicyIn) -> PolicyOut:
    """A principal requires (or stops requiring) signed acts of the party. Recorded."""
    db = request.app.state.db
    index = party_keys.set_signature_policy(db, writer(request), slug, party, body.required)
    return PolicyOut(requires_signatures=body.required, record_index=index)
