"""Who may send which form: every page that writes, role by role, each signed in through the
sign-in page and sending the form with its session's CSRF token, as a browser does.

Roles as in ``test_authorization.py``: anonymous; ``aron`` (drafter of Aldavia, which tabled
version 1); ``oskar`` (observer of Corvinia); ``cleo`` (drafter of Corvinia); ``cato``
(principal of Corvinia); ``root`` (an administrator in no party). Corvinia has a complete
private draft. Each form is sent to a fresh copy of the demo, so what one role did cannot
change what the next one gets. 303 is a form done (redirected to its result); an anonymous
visitor has no session, so no CSRF token, and is refused (403) like a forged form.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from inwriting.domain.responses import Position, PositionKind, ResponseDraft
from inwriting.services import accounts, documents, responses, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import DEMO_PASSWORD
from tests.conftest import copy_demo

ROLES = ("anonymous", "aron", "oskar", "cleo", "cato", "root")
CORVINIA = "Federal Republic of Corvinia"
N = "/negotiations/lysra-basin"
TREATY = ("treaty.md", b"# Treaty\n\n## Article 1\n\nThis applies.\n", "text/markdown")
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
    draft = responses.save_draft(db, Actor("cleo"), 1, ResponseDraft(CORVINIA, positions=complete))
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
        (403, 403, 403, 303, 303, 403),
    ),
    (f"{N}/versions/1/respond/upload", {"party": CORVINIA}, ANSWER, (403, 403, 403, 303, 303, 403)),
    (f"{N}/responses/2/approve", {}, None, (403, 404, 403, 403, 303, 404)),
    (f"{N}/responses/2/submit", {}, None, (403, 404, 403, 403, 303, 404)),
    (
        f"{N}/import",
        {"party": "Republic of Aldavia", "label": "Round 2"},
        TREATY,
        (403, 303, 403, 403, 403, 403),
    ),
    (
        f"{N}/versions/1/request",
        {"party": CORVINIA, "ask": "Republic of Aldavia", "due": "2030-01-31"},
        None,
        (403, 403, 403, 303, 303, 403),
    ),
    (f"{N}/versions/1/derive", {"do-art-8": "delete"}, None, (403, 303, 403, 403, 403, 303)),
    (
        "/admin/users",
        {"username": "nia", "name": "Nia", "password": "a long password"},
        None,
        (403, 403, 403, 403, 403, 303),
    ),
    (
        "/admin/negotiations",
        {"title": "Fisheries accord", "slug": "fish"},
        None,
        (403, 403, 403, 403, 403, 303),
    ),
    (
        "/admin/parties",
        {"negotiation": "lysra-basin", "name": "Duchy of Estmar"},
        None,
        (403, 403, 403, 403, 403, 303),
    ),
    ("/admin/members", MEMBER, None, (403, 403, 403, 403, 403, 303)),
    ("/account/tokens", {"name": "laptop"}, None, (403, 200, 200, 200, 200, 200)),
    # a token is its user's to revoke, or an administrator's (a leaked one, say)
    ("/account/tokens/1/revoke", {}, None, (403, 404, 404, 303, 404, 303)),
    ("/logout", {}, None, (403, 303, 303, 303, 303, 303)),
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
