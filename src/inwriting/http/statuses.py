"""The HTTP status of each error of the family: one table for the API's JSON and the pages."""

from __future__ import annotations

from inwriting.errors import (
    Conflict,
    FormatError,
    ImmutableRecord,
    InWritingError,
    NotFound,
    NotSignedIn,
    PayloadTooLarge,
    PermissionDenied,
    RateLimited,
    Unavailable,
    ValidationError,
)

STATUS: dict[type[InWritingError], int] = {
    NotFound: 404,
    PermissionDenied: 403,
    ValidationError: 422,
    FormatError: 422,
    Conflict: 409,
    ImmutableRecord: 409,
    NotSignedIn: 401,
    RateLimited: 429,
    Unavailable: 503,
    PayloadTooLarge: 413,
}


def status_of(error: InWritingError) -> int:
    return next((s for kind, s in STATUS.items() if isinstance(error, kind)), 400)
