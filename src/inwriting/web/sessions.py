"""Signing in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from inwriting.errors import NotSignedIn, RateLimited
from inwriting.http import auth
from inwriting.services import accounts
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)


def safe_next(target: str) -> str:
    """Only same-site paths: never an open redirect to another host."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return _form(request, next)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    auth.check_presession(request, csrf)
    try:
        signed = accounts.sign_in(
            request.app.state.db, username.strip(), password, auth.client_address(request)
        )
    except NotSignedIn as error:
        return _form(request, next, error.message, 401)
    except RateLimited as error:
        refused = _form(request, next, error.message, 429)
        if error.retry_after is not None:
            refused.headers["Retry-After"] = str(error.retry_after)
        return refused
    response = RedirectResponse(safe_next(next), status_code=303)
    auth.set_session_cookie(request, response, signed.session_token)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    if cookie:
        accounts.sign_out(request.app.state.db, cookie)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE)
    return response


def _form(request: Request, next: str, error: str | None = None, status: int = 200) -> Response:
    token = auth.presession_token(request)
    response = render(
        request,
        "sessions/login.html",
        status=status,
        next=safe_next(next),
        error=error,
        presession=token,
    )
    auth.set_presession_cookie(request, response, token)
    response.headers["Cache-Control"] = "no-store"
    return response
