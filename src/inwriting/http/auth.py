"""Who is asking: a session cookie (pages), a bearer token (API, CLI), or nobody.

Forms carry the session's CSRF secret, checked once for the whole app by
:mod:`inwriting.http.csrf`; requests authenticated by a bearer token carry no cookie and so
cannot be forged cross-site. Before sign-in, the sign-in form is protected by a double-submit
cookie.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request, Response

from inwriting.errors import NotSignedIn, PermissionDenied
from inwriting.services import accounts, users
from inwriting.services.actors import ANONYMOUS, Actor

SESSION_COOKIE = "inwriting_session"
PRESESSION_COOKIE = "inwriting_csrf"  # double-submit token for the sign-in form


def actor(request: Request) -> Actor:
    """The actor for this request (cached on it)."""
    cached = getattr(request.state, "actor", None)
    if isinstance(cached, Actor):
        return cached
    found, csrf = _authenticate(request)
    request.state.actor = found
    request.state.csrf = csrf
    return found


def assume_anonymous(request: Request) -> None:
    """Serve this request as an anonymous visitor without asking the database who is
    asking: for the page that says the database is unavailable."""
    request.state.actor = Actor(None)
    request.state.csrf = ""


def signed_in(request: Request) -> Actor:
    found = actor(request)
    if found.anonymous:
        raise NotSignedIn("sign in to do this")
    return found


def writer(request: Request) -> Actor:
    """The signed-in actor of a write through the API: without credentials, 401 (sign in).
    A forged cookie-authenticated write was refused before (:mod:`inwriting.http.csrf`)."""
    return signed_in(request)


def administrator(request: Request) -> Actor:
    """The signed-in actor if an administrator; refused before any service is called."""
    who = signed_in(request)
    users.check_administrator(request.app.state.db, who)
    return who


def csrf_token(request: Request) -> str:
    actor(request)
    token = request.state.csrf
    return token if isinstance(token, str) else ""


def presession_token(request: Request) -> str:
    """The sign-in form's double-submit token: the cookie's, or a new one."""
    return request.cookies.get(PRESESSION_COOKIE) or secrets.token_urlsafe(24)


def set_presession_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        PRESESSION_COOKIE, token, httponly=True, samesite="lax", secure=_https(request)
    )


def check_presession(request: Request, submitted: str) -> None:
    expected = request.cookies.get(PRESESSION_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, submitted):
        raise PermissionDenied("this form has expired; reload the sign-in page")


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=_https(request),
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
    )
    response.delete_cookie(PRESESSION_COOKIE)


def client_address(request: Request) -> str:
    """The address sign-in limits count against: the socket's peer, unless the peer is one
    of ``Settings.trusted_proxies``; then the last address in ``X-Forwarded-For`` that is
    not a trusted proxy (each proxy appends the address it received from, so entries left of
    it are whatever the client wrote, and believed by no one)."""
    peer = request.client.host if request.client else "unknown"
    trusted = request.app.state.settings.trusted_proxies
    if peer not in trusted:
        return peer
    forwarded = ",".join(request.headers.getlist("x-forwarded-for"))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return next((hop for hop in reversed(hops) if hop not in trusted), peer)


def _authenticate(request: Request) -> tuple[Actor, str | None]:
    db = request.app.state.db
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            raise NotSignedIn("use 'Authorization: Bearer <token>'")
        return Actor(accounts.token_user(db, secret.strip()).username), None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        try:
            current = accounts.current_session(db, cookie)
        except NotSignedIn:
            return ANONYMOUS, None
        return Actor(current.user.username), current.csrf_secret
    return ANONYMOUS, None


def _https(request: Request) -> bool:
    return request.url.scheme == "https"
