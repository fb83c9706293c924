"""One mapping from the exception family to HTTP responses, for every endpoint."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from inwriting.errors import FormatError, InWritingError, Problem, RateLimited
from inwriting.http.statuses import status_of as status_of  # used here and by app.py
from inwriting.tlog import TlogError


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]]


class ErrorOut(BaseModel):
    """Every error of the API has this shape."""

    error: ErrorDetail


# Declared on every JSON router so the OpenAPI schema says what errors look like.
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (401, "Not signed in, or the token is unknown or revoked"),
        (403, "Not allowed"),
        (404, "Not found (or not visible to you)"),
        (409, "The current state forbids it"),
        (413, "The request body is larger than the server accepts"),
        (422, "The request or its content is not valid; details name each problem"),
        (429, "Too many attempts"),
        (503, "The database cannot be reached or written just now; nothing was changed"),
    )
}


def error_body(code: str, message: str, details: object = None) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "details": details or []}}


def json_error(error: InWritingError) -> JSONResponse:
    details = [p.as_dict() for p in _problems(error)]
    response = JSONResponse(error_body(error.code, error.message, details), status_of(error))
    if isinstance(error, RateLimited) and error.retry_after is not None:
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _problems(error: InWritingError) -> tuple[Problem, ...]:
    """A file that cannot be read is one problem: the file, and the line where reading
    stopped (as ``inwriting check-response`` reports it)."""
    if isinstance(error, FormatError) and not error.problems:
        return (Problem(error.detail, error.source, "", "malformed", line=error.line),)
    return error.problems


async def _tlog_error(_request: Request, error: Exception) -> JSONResponse:
    return JSONResponse(error_body("invalid", str(error)), status_code=422)


async def _request_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    details = [
        {"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
        for e in error.errors()
    ]
    return JSONResponse(error_body("invalid", "the request is not valid", details), 422)


def install(app: FastAPI) -> None:
    """JSON for everything but :class:`InWritingError`, which ``app.py`` dispatches (pages
    render it, the API returns :func:`json_error`)."""
    app.add_exception_handler(TlogError, _tlog_error)
    app.add_exception_handler(RequestValidationError, _request_error)
