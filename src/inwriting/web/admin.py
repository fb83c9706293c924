"""Administration pages (users, negotiations, parties, memberships) and each user's tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from inwriting.domain.negotiations import Role, Visibility
from inwriting.http.auth import administrator, signed_in
from inwriting.services import accounts, negotiations, parties, users
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Form(max_length=300)]


@router.get("/admin")
def page(request: Request) -> Response:
    who = administrator(request)
    db = request.app.state.db
    found = negotiations.list_negotiations(db, who)
    return render(
        request,
        "admin/page.html",
        users=users.list_users(db, who),
        negotiations=found,
        parties={n.slug: parties.list_parties(db, who, n.slug) for n in found},
        roles=[r.value for r in Role],
    )


@router.post("/admin/users")
def add_user(
    request: Request,
    username: Text,
    name: Text,
    password: Annotated[str, Form(max_length=1024)],
    admin: Text = "",
) -> Response:
    who, db = administrator(request), request.app.state.db
    users.create_user(db, who, username.strip(), name, is_admin=admin == "yes")
    accounts.set_password(db, who, username.strip(), password)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/negotiations")
def add_negotiation(request: Request, title: Text, slug: Text = "", public: Text = "") -> Response:
    visibility = Visibility.PUBLIC if public == "yes" else Visibility.PRIVATE
    negotiations.create_negotiation(
        request.app.state.db,
        administrator(request),
        title,
        slug=slug or None,
        visibility=visibility,
    )
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/parties")
def add_party(request: Request, negotiation: Text, name: Text, approval: Text = "") -> Response:
    parties.add_party(
        request.app.state.db,
        administrator(request),
        negotiation,
        name,
        requires_approval=approval == "yes",
    )
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/members")
def add_member(
    request: Request,
    negotiation: Text,
    party: Text,
    username: Text,
    role: Annotated[Role, Form()],
) -> Response:
    parties.add_member(
        request.app.state.db,
        administrator(request),
        negotiation,
        party,
        username.strip(),
        role,
    )
    return RedirectResponse("/admin", status_code=303)


@router.get("/account/tokens")
def tokens(request: Request) -> Response:
    found = accounts.list_tokens(request.app.state.db, signed_in(request))
    return render(request, "admin/tokens.html", tokens=found, new_secret=None)


@router.post("/account/tokens")
def create_token(request: Request, name: Text) -> Response:
    db, who = request.app.state.db, signed_in(request)
    secret, _ = accounts.create_token(db, who, name)
    # Shown once, on this response only; never stored in clear or put in a URL.
    response = render(
        request, "admin/tokens.html", tokens=accounts.list_tokens(db, who), new_secret=secret
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int) -> Response:
    accounts.revoke_token(request.app.state.db, signed_in(request), token_id)
    return RedirectResponse("/account/tokens", status_code=303)
