"""Signing in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from inwriting.errors import Conflict, NotFound, NotSignedIn, RateLimited, ValidationError
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


@router.get("/register")
def register_page(request: Request, next: str = "/") -> Response:
    _require_sign_up(request)
    return _register_form(request, next)


@router.post("/register")
def register(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    display_name: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form()] = "/",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Open an account and sign it in (where the site allows it: INWRITING_SIGN_UP)."""
    _require_sign_up(request)
    auth.check_presession(request, csrf)
    try:
        signed = accounts.sign_up(
            request.app.state.db,
            username.strip(),
            display_name,
            password,
            auth.client_address(request),
        )
    except (ValidationError, Conflict) as error:
        return _register_form(request, next, error.message, 422)
    except RateLimited as error:
        refused = _register_form(request, next, error.message, 429)
        if error.retry_after is not None:
            refused.headers["Retry-After"] = str(error.retry_after)
        return refused
    response = RedirectResponse(safe_next(next), status_code=303)
    auth.set_session_cookie(request, response, signed.session_token)
    return response


def _require_sign_up(request: Request) -> None:
    if not request.app.state.settings.sign_up:
        raise NotFound("accounts are opened by this site's administrators")


def _register_form(
    request: Request, next: str, error: str | None = None, status: int = 200
) -> Response:
    token = auth.presession_token(request)
    response = render(
        request,
        "sessions/register.html",
        status=status,
        next=safe_next(next),
        error=error,
        presession=token,
        min_password=accounts.MIN_PASSWORD,
    )
    auth.set_presession_cookie(request, response, token)
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
        sign_up=request.app.state.settings.sign_up,
    )
    auth.set_presession_cookie(request, response, token)
    response.headers["Cache-Control"] = "no-store"
    return response
