"""Cross-site request forgery, refused once for the whole app (a dependency of every route).

An unsafe request (POST, PUT, PATCH, DELETE) made with the session cookie passes two checks:

* **Where it came from**, as the browser says: ``Sec-Fetch-Site`` other than ``same-origin``
  or ``none`` (typed by the user) is refused, and so is an ``Origin`` naming a host that is
  neither the request's nor the configured base URL's.
  Browsers that send neither header are still covered by the second check.
* **The session's secret**: the form field ``csrf`` or the header ``X-CSRF-Token`` must equal
  the session's CSRF secret, which only our own pages show.

Requests authenticated by a bearer token carry no cookie, so a browser cannot be made to send
them; they pass. The sign-in and sign-up forms, filled in before there is a session, are each
protected by their own double-submit cookie (:func:`inwriting.http.auth.check_presession`).
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from fastapi import Request

from inwriting.errors import PermissionDenied
from inwriting.http.auth import SESSION_COOKIE, csrf_token
from inwriting.http.uploads import read_form

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_TRUSTED_SITES = frozenset({"same-origin", "none"})
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
# Forms filled in before there is a session: each checked by its own double-submit cookie.
PRESESSION_FORMS = ("/login", "/register")
_REFUSED = "this form has expired or did not come from InWriting; reload it"


async def csrf_guard(request: Request) -> None:
    """Refuse a forged unsafe request before its handler runs."""
    if request.method not in UNSAFE or request.headers.get("authorization"):
        return
    if SESSION_COOKIE not in request.cookies:
        return  # nobody's session to ride: the handler asks for sign-in
    _check_origin(request)
    if request.url.path in PRESESSION_FORMS:
        return
    expected = csrf_token(request)
    if not expected:
        return  # an expired session: the handler asks for sign-in
    given = request.headers.get("x-csrf-token", "")
    if not given and request.headers.get("content-type", "").startswith(_FORMS):
        given = str((await read_form(request)).get("csrf", ""))
    if not hmac.compare_digest(expected, given):
        raise PermissionDenied(_REFUSED)


def _check_origin(request: Request) -> None:
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in _TRUSTED_SITES:
        raise PermissionDenied(_REFUSED)
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc not in _own_hosts(request):
        raise PermissionDenied(_REFUSED)


def _own_hosts(request: Request) -> set[str | None]:
    """This site's addresses: the Host the request reached, and the configured base URL's
    (behind a proxy that rewrites Host to the upstream address, the browser's Origin names
    the public one)."""
    base = request.app.state.settings.base_url
    return {request.headers.get("host"), urlsplit(base).netloc if base else None}
