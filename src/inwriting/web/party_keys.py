"""A party's keys as a page: the keys its members sign with (public to every participant),
and for its principals, forms to register, revoke and require signatures. Only public keys
ever reach the host: members make their key pairs on their own machines."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from inwriting.domain.negotiations import Role
from inwriting.errors import missing
from inwriting.http.auth import actor, signed_in
from inwriting.services import negotiations, parties, party_keys
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)
Key = Annotated[str, Form(max_length=1000)]
Name = Annotated[str, Form(max_length=200)]


@router.get("/negotiations/{slug}/parties/{party}/keys")
def page(request: Request, slug: str, party: str) -> Response:
    db, who = request.app.state.db, actor(request)
    neg = negotiations.get_negotiation(db, who, slug)
    found = next((p for p in parties.list_parties(db, who, slug) if p.name == party), None)
    if found is None:
        raise missing("party")
    principal = any(m.username == who.username and m.role is Role.PRINCIPAL for m in found.members)
    return render(
        request,
        "party_keys/page.html",
        negotiation=neg,
        party=found,
        keys=party_keys.list_keys(db, who, slug, party),
        required=party_keys.party_requires_signatures(db, who, slug, party),
        principal=principal,
    )


@router.post("/negotiations/{slug}/parties/{party}/keys")
def register(request: Request, slug: str, party: str, vkey: Key, member: Name = "") -> Response:
    who = signed_in(request)
    party_keys.register_key(request.app.state.db, who, slug, party, vkey, member=member or None)
    return _back(slug, party)


@router.post("/negotiations/{slug}/parties/{party}/keys/revoke")
def revoke(request: Request, slug: str, party: str, key: Key) -> Response:
    party_keys.revoke_key(request.app.state.db, signed_in(request), slug, party, key)
    return _back(slug, party)


@router.post("/negotiations/{slug}/parties/{party}/signature-policy")
def policy(request: Request, slug: str, party: str, required: Name = "") -> Response:
    db, who = request.app.state.db, signed_in(request)
    party_keys.set_signature_policy(db, who, slug, party, required == "yes")
    return _back(slug, party)


def _back(slug: str, party: str) -> RedirectResponse:
    return RedirectResponse(f"/negotiations/{slug}/parties/{quote(party)}/keys", status_code=303)
