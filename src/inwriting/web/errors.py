"""Errors on pages: the same family as the API, rendered as a page with a fitting status."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from inwriting.errors import InWritingError, NotSignedIn, Unavailable
from inwriting.http.auth import assume_anonymous


def error_page(request: Request, error: InWritingError, status: int) -> Response:
    from inwriting.web.templating import render

    if isinstance(error, NotSignedIn) and request.method == "GET":
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    if isinstance(error, Unavailable) or status >= 500:
        assume_anonymous(request)  # the database may be what failed: do not ask it again
    response: HTMLResponse = render(
        request,
        "errors/error.html",
        status=status,
        code=status,
        error=error,
        problems=error.problems,
    )
    return response
