"""Administration (users, negotiations, parties, memberships) and each user's API tokens, as
on the administration and token pages (``web/admin.py``), with the same checks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from inwriting.api.errors import RESPONSES
from inwriting.api.pagination import Limit, Offset, Page, paginate
from inwriting.domain.negotiations import Role, Visibility
from inwriting.http.auth import administrator, signed_in, writer
from inwriting.services import accounts, negotiations, parties, users
from inwriting.services.accounts import ApiToken
from inwriting.services.actors import Actor
from inwriting.services.negotiations import Negotiation
from inwriting.services.parties import Party
from inwriting.services.users import User

router = APIRouter(prefix="/api/v1", responses=RESPONSES)
Name = Annotated[str, Field(min_length=1, max_length=300)]


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=64, description="Lower-case letters, digits.")
    name: str = Field(default="", max_length=300, description="Shown name; the username if empty.")
    password: str = Field(min_length=accounts.MIN_PASSWORD, max_length=1024)
    admin: bool = False


class NegotiationIn(BaseModel):
    title: Name
    slug: str = Field(default="", max_length=80, description="Made from the title if empty.")
    visibility: Visibility = Visibility.PRIVATE


class PartyIn(BaseModel):
    negotiation: str = Field(min_length=1, max_length=80, description="Its slug.")
    name: Name
    requires_approval: bool = Field(default=False, description="A principal approves first.")


class MemberIn(BaseModel):
    negotiation: str = Field(min_length=1, max_length=80, description="Its slug.")
    party: Name
    username: str = Field(min_length=1, max_length=64)
    role: Role


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="E.g. 'laptop CLI'.")


class TokenMade(BaseModel):
    secret: str = Field(description="Shown in this response only: it is never stored.")
    token: ApiToken


@router.get("/admin/users", tags=["administration"])
def list_users(request: Request, offset: Offset = 0, limit: Limit = 50) -> Page[User]:
    found = users.list_users(request.app.state.db, administrator(request))
    return paginate(found, offset, limit)


@router.post("/admin/users", status_code=201, tags=["administration"])
def create_user(request: Request, body: UserIn) -> User:
    """Create a user who signs in with ``password`` (as on the page: two steps, the user
    first)."""
    who, db = _administrator(request), request.app.state.db
    made = users.create_user(db, who, body.username.strip(), body.name, is_admin=body.admin)
    accounts.set_password(db, who, made.username, body.password)
    return made


@router.post("/admin/negotiations", status_code=201, tags=["administration"])
def create_negotiation(request: Request, body: NegotiationIn) -> Negotiation:
    return negotiations.create_negotiation(
        request.app.state.db,
        _administrator(request),
        body.title,
        slug=body.slug or None,
        visibility=body.visibility,
    )


@router.post("/admin/parties", status_code=201, tags=["administration"])
def add_party(request: Request, body: PartyIn) -> Party:
    return parties.add_party(
        request.app.state.db,
        _administrator(request),
        body.negotiation,
        body.name,
        requires_approval=body.requires_approval,
    )


@router.post("/admin/members", status_code=201, tags=["administration"])
def add_member(request: Request, body: MemberIn) -> Party:
    """Make a user a member of a party; the party, with its members, comes back."""
    return parties.add_member(
        request.app.state.db,
        _administrator(request),
        body.negotiation,
        body.party,
        body.username.strip(),
        body.role,
    )


@router.get("/account/tokens", tags=["account"])
def list_tokens(request: Request, offset: Offset = 0, limit: Limit = 50) -> Page[ApiToken]:
    """Your tokens, revoked ones too; never their secrets."""
    found = accounts.list_tokens(request.app.state.db, signed_in(request))
    return paginate(found, offset, limit)


@router.post("/account/tokens", status_code=201, tags=["account"])
def create_token(request: Request, response: Response, body: TokenIn) -> TokenMade:
    """A new token acting for you: its secret is in this response and nowhere else."""
    secret, made = accounts.create_token(request.app.state.db, writer(request), body.name)
    response.headers["Cache-Control"] = "no-store"
    return TokenMade(secret=secret, token=made)


@router.delete("/account/tokens/{token_id}", status_code=204, tags=["account"])
def revoke_token(request: Request, token_id: int) -> Response:
    """Revoke one of your tokens (an administrator: anyone's); revoking twice is harmless."""
    accounts.revoke_token(request.app.state.db, writer(request), token_id)
    return Response(status_code=204)


def _administrator(request: Request) -> Actor:
    """An administrator's write: credentials (and a cookie's CSRF token) checked first."""
    writer(request)
    return administrator(request)
