"""Who may send which form: every page that writes, role by role, each signed in through the
sign-in page and sending the form with its session's CSRF token, as a browser does.

Roles as in ``test_authorization.py``: anonymous; ``aron`` (drafter of Aldavia, which tabled
version 1); ``oskar`` (observer of Corvinia); ``cleo`` (drafter of Corvinia); ``cato``
(principal of Corvinia); ``root`` (an administrator in no party). Corvinia has a complete
private draft. Each form is sent to a fresh copy of the demo, so what one role did cannot
change what the next one gets. 303 is a form done (redirected to its result); an anonymous
visitor is asked to sign in (401), except by the sign-out form, which has nothing to undo.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import inwriting.demo
from inwriting.app import create_app
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.services import accounts, documents, responses, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import DEMO_PASSWORD
from inwriting.settings import Settings
from tests.conftest import copy_demo

ROLES = ("anonymous", "aron", "oskar", "cleo", "cato", "root")
CORVINIA = "Federal Republic of Corvinia"
N = "/negotiations/lysra-basin"
TREATY = ("treaty.md", b"# Treaty\n\n## Article 1\n\nThis applies.\n", "text/markdown")
# The demo draft in "Dutch": the same structure under other headings, so it aligns.
DUTCH = (
    "lysra.nl.md",
    (Path(inwriting.demo.__file__).parent / "draft.md")
    .read_bytes()
    .replace(b"Article", b"Artikel"),
    "text/markdown",
)
ANSWER = (
    "answer.yaml",
    f"{{party: {CORVINIA}, positions: [{{provision: art-1, position: accept}}]}}".encode(),
    "application/yaml",
)


@pytest.fixture(scope="module")
def template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("form-authz") / "site"
    db = copy_demo(demo_template, folder).state.db
    users.create_user(db, OPERATOR, "root", "Root", is_admin=True)
    accounts.set_password(db, OPERATOR, "root", DEMO_PASSWORD)
    text = documents.get_version(db, Actor("cleo"), 1)
    complete = tuple(
        Position(PositionKind.ACCEPT, provision=p.key) for p in text.provisions if p.answerable
    )
    draft = responses.save_draft(
        db, Actor("cleo"), 1, ResponseContent(CORVINIA, positions=complete)
    )
    assert draft.id == 2
    accounts.create_token(db, Actor("cleo"), "laptop")  # token 1, cleo's
    db.dispose()
    return folder


def _signed_in(client: TestClient, role: str) -> str:
    """Sign ``role`` in; the CSRF token of the session (empty for the anonymous)."""
    if role == "anonymous":
        return ""
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    form = {"username": role, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/account/tokens").text)
    assert token is not None
    return token.group(1)


MEMBER = {"negotiation": "lysra-basin", "party": CORVINIA, "username": "aron", "role": "observer"}
# (path, form fields, file or None, expected status per role in ROLES order)
FORMS = [
    (
        f"{N}/versions/1/respond",
        {"party": CORVINIA, "pos-art-1": "accept"},
        None,
        (401, 403, 403, 303, 303, 403),
    ),
    (f"{N}/versions/1/respond/upload", {"party": CORVINIA}, ANSWER, (401, 403, 403, 303, 303, 403)),
    (f"{N}/responses/2/approve", {}, None, (401, 404, 403, 403, 303, 404)),
    (f"{N}/responses/2/submit", {}, None, (401, 404, 403, 403, 303, 404)),
    (
        f"{N}/import",
        {"party": "Republic of Aldavia", "label": "Round 2"},
        TREATY,
        (401, 303, 403, 403, 403, 403),
    ),
    (
        f"{N}/versions/1/request",
        {"party": CORVINIA, "ask": "Republic of Aldavia", "due": "2030-01-31"},
        None,
        (401, 403, 403, 303, 303, 403),
    ),
    (f"{N}/versions/1/derive", {"do-art-8": "delete"}, None, (401, 303, 403, 403, 403, 303)),
    # a language text is added by the party that tabled the version (Aldavia: aron)
    (f"{N}/versions/1/languages", {"language": "nl"}, DUTCH, (401, 303, 403, 403, 403, 403)),
    (
        "/admin/users",
        {"username": "nia", "name": "Nia", "password": "a long password"},
        None,
        (401, 403, 403, 403, 403, 303),
    ),
    (
        "/admin/negotiations",
        {"title": "Fisheries accord", "slug": "fish"},
        None,
        (401, 403, 403, 403, 403, 303),
    ),
    (
        "/admin/parties",
        {"negotiation": "lysra-basin", "name": "Duchy of Estmar"},
        None,
        (401, 403, 403, 403, 403, 303),
    ),
    ("/admin/members", MEMBER, None, (401, 403, 403, 403, 403, 303)),
    ("/account/tokens", {"name": "laptop"}, None, (401, 200, 200, 200, 200, 200)),
    # a token is its user's to revoke, or an administrator's (a leaked one, say)
    ("/account/tokens/1/revoke", {}, None, (401, 404, 404, 303, 404, 303)),
    ("/notifications/read", {}, None, (401, 303, 303, 303, 303, 303)),
    (
        "/account/notifications",
        {"delivery": "digest", "email": "me@example.org"},
        None,
        (401, 303, 303, 303, 303, 303),
    ),
    ("/logout", {}, None, (303, 303, 303, 303, 303, 303)),
]


@pytest.mark.parametrize(("path", "fields", "upload", "expected"), FORMS)
def test_each_form_is_accepted_from_exactly_the_roles_allowed(
    template: Path,
    tmp_path: Path,
    path: str,
    fields: dict[str, str],
    upload: tuple[str, bytes, str] | None,
    expected: tuple[int, ...],
) -> None:
    got = []
    for n, role in enumerate(ROLES):
        with TestClient(copy_demo(template, tmp_path / f"site-{n}")) as client:
            csrf = _signed_in(client, role)
            files = {"file": upload} if upload else None
            done = client.post(
                path, data={**fields, "csrf": csrf}, files=files, follow_redirects=False
            )
            got.append(done.status_code)
    assert tuple(got) == expected, dict(zip(ROLES, got, strict=True))


@pytest.mark.parametrize(
    "forgery",
    [
        {"csrf": "not-the-token"},
        {"csrf": None},
        {"headers": {"Sec-Fetch-Site": "cross-site"}},
        {"headers": {"Sec-Fetch-Site": "same-site"}},
        {"headers": {"Origin": "https://evil.example"}},
    ],
    ids=["wrong-token", "no-token", "cross-site", "same-site", "foreign-origin"],
)
def test_every_form_refuses_a_forged_request_and_changes_nothing(
    template: Path, tmp_path: Path, forgery: dict[str, object]
) -> None:
    """CSRF is checked once for the whole app: each form, sent with the session cookie of the
    role that may send it but forged one way or another, is refused (403) and writes nothing."""
    with TestClient(copy_demo(template, tmp_path / "site")) as client:
        signed = {role: _signed_in_copy(client, role) for role in ("aron", "cato", "root")}
        record_before = client.get("/api/v1/record/entries").json()
        for path, fields, upload, expected in FORMS:
            role = next(
                r for r in ("cato", "aron", "root") if expected[ROLES.index(r)] in (200, 303)
            )
            cookies, csrf = signed[role]
            client.cookies.clear()
            client.cookies.update(cookies)
            token = forgery.get("csrf", csrf) if "csrf" in forgery else csrf
            data = {**fields, **({"csrf": token} if token is not None else {})}
            headers = forgery.get("headers", {})
            assert isinstance(headers, dict)
            done = client.post(
                path,
                data=data,
                files={"file": upload} if upload else None,
                headers=headers,
                follow_redirects=False,
            )
            assert done.status_code == 403, (path, role, done.status_code)
        client.cookies.clear()
        assert client.get("/api/v1/record/entries").json() == record_before


def _signed_in_copy(client: TestClient, role: str) -> tuple[dict[str, str], str]:
    """Sign ``role`` in on ``client``; its cookies and CSRF token, then forget them."""
    client.cookies.clear()
    csrf = _signed_in(client, role)
    cookies = dict(client.cookies.items())
    client.cookies.clear()
    return cookies, csrf


def test_behind_a_proxy_that_rewrites_host_the_public_origin_is_ours(
    template: Path, tmp_path: Path
) -> None:
    """nginx sends the upstream address as Host by default; the browser's Origin names the
    public address, which INWRITING_BASE_URL gives. Forms work; another origin is refused."""
    shutil.copytree(template, tmp_path / "site")
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'site' / 'site.db'}",
        data_dir=tmp_path / "site" / "data",
        base_url="https://talks.example.org",
    )
    with TestClient(create_app(settings, checkpointer=False)) as client:
        csrf = _signed_in(client, "cato")
        for origin, expected in (("https://talks.example.org", 200), ("https://evil.example", 403)):
            done = client.post(
                "/account/tokens",
                data={"name": "laptop", "csrf": csrf},
                headers={"Origin": origin, "Host": "127.0.0.1:8000"},
                follow_redirects=False,
            )
            assert done.status_code == expected, origin
