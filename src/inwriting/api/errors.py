"""One mapping from the exception family to HTTP responses, for every endpoint."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from inwriting.errors import (
    Conflict,
    FormatError,
    ImmutableRecord,
    InWritingError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from inwriting.tlog import TlogError

STATUS: dict[type[InWritingError], int] = {
    NotFound: 404,
    PermissionDenied: 403,
    ValidationError: 422,
    FormatError: 422,
    Conflict: 409,
    ImmutableRecord: 409,
}


def error_body(code: str, message: str, details: object = None) -> dict[str, object]:
    return {"error": {"code": code, "message": message, "details": details or []}}


async def _inwriting_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InWritingError)
    status = next((s for kind, s in STATUS.items() if isinstance(error, kind)), 400)
    details = [p.as_dict() for p in error.problems]
    return JSONResponse(error_body(error.code, error.message, details), status_code=status)


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
    app.add_exception_handler(InWritingError, _inwriting_error)
    app.add_exception_handler(TlogError, _tlog_error)
    app.add_exception_handler(RequestValidationError, _request_error)
