"""Who may see and do what, for every protected page and endpoint, role by role.

Roles in the demo negotiation (private): anonymous; ``aron`` (drafter of Aldavia: another
party); ``oskar`` (observer of Corvinia); ``cleo`` (drafter of Corvinia); ``cato``
(principal of Corvinia); ``root`` (an administrator who takes part in no party).
Corvinia has a private draft (``draft``) and Brenmark a submitted response (``sent``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.services import accounts, responses, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import DEMO_PASSWORD, load_demo
from inwriting.settings import Settings

ROLES = ("anonymous", "aron", "oskar", "cleo", "cato", "root")
N = "/negotiations/lysra-basin"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, int]]]:
    tmp = tmp_path_factory.mktemp("authz")
    settings = Settings(database_url=f"sqlite:///{tmp / 'a.db'}", data_dir=tmp / "d")
    app = create_app(settings, checkpointer=False)
    db = app.state.db
    db.upgrade()
    demo = load_demo(db)
    users.create_user(db, OPERATOR, "root", "Root", is_admin=True)
    accounts.set_password(db, OPERATOR, "root", DEMO_PASSWORD)
    answer = ResponseContent(
        "Federal Republic of Corvinia",
        positions=(Position(PositionKind.ACCEPT, provision="art-1"),),
    )
    draft = responses.save_draft(db, Actor("cleo"), demo.version_id, answer)
    with TestClient(app) as client:
        yield client, {"draft": draft.id, "sent": demo.response_id, "version": demo.version_id}


def _as(client: TestClient, role: str) -> TestClient:
    client.cookies.clear()
    if role != "anonymous":
        page = client.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        done = client.post(
            "/login",
            data={"username": role, "password": DEMO_PASSWORD, "csrf": csrf.group(1)},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
    return client


# (path, expected status per role in ROLES order). 303 is the redirect to sign in; a private
# negotiation answers outsiders 404, exactly like one that does not exist.
PAGES = [
    (f"{N}", (404, 200, 200, 200, 200, 200)),
    (f"{N}/versions/{{version}}", (404, 200, 200, 200, 200, 200)),
    (f"{N}/versions/{{version}}/matrix", (404, 200, 200, 200, 200, 200)),
    (f"{N}/versions/{{version}}/provisions/art-5", (404, 200, 200, 200, 200, 200)),
    (f"{N}/versions/{{version}}/provisions/art-5/threads", (404, 200, 200, 200, 200, 200)),
    (f"{N}/versions/{{version}}/respond", (303, 200, 403, 200, 200, 403)),
    (f"{N}/responses/{{draft}}", (303, 404, 200, 200, 200, 404)),
    (f"{N}/responses/{{sent}}", (303, 200, 200, 200, 200, 200)),
    (f"{N}/responses/{{draft}}/receipt", (303, 404, 404, 404, 404, 404)),
    (f"{N}/responses/{{sent}}/receipt", (303, 200, 200, 200, 200, 200)),  # any reader's
    (f"{N}/commitments", (404, 200, 200, 200, 200, 200)),
    (f"{N}/commitments/1", (404, 200, 200, 200, 200, 200)),
    (f"{N}/feed.atom", (404, 200, 200, 200, 200, 200)),
    (f"{N}/versions/{{version}}/consolidated", (404, 200, 200, 200, 200, 200)),
    (f"{N}/compare?old={{version}}&new={{version}}", (404, 200, 200, 200, 200, 200)),
    # only the tabling party (Aldavia: aron) or the chair (an administrator) derives
    (f"{N}/versions/{{version}}/derive", (303, 200, 403, 403, 403, 200)),
    # tabling and asking for answers: drafters and principals of a party, nobody else
    (f"{N}/import", (303, 200, 403, 200, 200, 403)),
    (f"{N}/versions/{{version}}/request", (303, 200, 403, 200, 200, 403)),
    (f"{N}/versions/{{version}}/download/docx", (404, 200, 200, 200, 200, 200)),
    (f"{N}/versions/{{version}}/download/matrix-csv", (404, 200, 200, 200, 200, 200)),
    (f"{N}/responses/{{sent}}/download.docx", (404, 200, 200, 200, 200, 200)),
    (f"{N}/responses/{{draft}}/download.docx", (404, 404, 200, 200, 200, 404)),
    (f"{N}/export.json", (404, 200, 200, 200, 200, 200)),
    ("/record", (200, 200, 200, 200, 200, 200)),
    ("/admin", (303, 403, 403, 403, 403, 200)),
    ("/account/tokens", (303, 200, 200, 200, 200, 200)),
    ("/api/v1/negotiations/lysra-basin/commitments", (404, 200, 200, 200, 200, 200)),
]


@pytest.mark.parametrize(("path", "expected"), PAGES)
def test_pages_and_endpoints_answer_each_role_as_allowed(
    site: tuple[TestClient, dict[str, int]], path: str, expected: tuple[int, ...]
) -> None:
    client, ids = site
    url = path.format(**ids)
    got = tuple(_as(client, role).get(url, follow_redirects=False).status_code for role in ROLES)
    assert got == expected, dict(zip(ROLES, got, strict=True))


def test_only_the_parties_principal_submits_and_only_with_the_forms_token(
    site: tuple[TestClient, dict[str, int]],
) -> None:
    client, ids = site
    url = f"{N}/responses/{ids['draft']}/submit"
    results = {}
    for role in ("anonymous", "aron", "oskar", "cleo"):
        c = _as(client, role)
        token = c.get(f"{N}/versions/{ids['version']}").text
        found = re.search(r'"X-CSRF-Token": "([^"]*)"', token)
        results[role] = c.post(url, data={"csrf": found.group(1) if found else ""}).status_code
    assert results == {"anonymous": 401, "aron": 404, "oskar": 403, "cleo": 403}
    cato = _as(client, "cato")
    forged = cato.post(url, data={"csrf": "not-the-token"}, follow_redirects=False)
    assert forged.status_code == 403  # CSRF refused before anything happens
    assert "draft" in cato.get(f"{N}/responses/{ids['draft']}").text


def test_a_bearer_token_acts_for_its_user_and_a_bad_one_is_refused(
    site: tuple[TestClient, dict[str, int]],
) -> None:
    client, _ = site
    client.cookies.clear()
    secret, _ = accounts.create_token(client.app.state.db, Actor("oskar"), "feed reader")  # type: ignore[attr-defined]
    url = "/api/v1/negotiations/lysra-basin/commitments"
    assert client.get(url, headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    refused = client.get(url, headers={"Authorization": "Bearer iw_nope"})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthenticated"
    assert client.get(url, headers={"Authorization": "Basic abc"}).status_code == 401


def test_signing_in_replaces_any_session_cookie_it_was_given(
    site: tuple[TestClient, dict[str, int]],
) -> None:
    client, _ = site
    client.cookies.clear()
    client.cookies.set("inwriting_session", "attacker-chosen")
    signed = _as_keeping_cookies(client, "cleo")
    assert signed != "attacker-chosen" and len(signed) > 30


def _as_keeping_cookies(client: TestClient, role: str) -> str:
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    done = client.post(
        "/login",
        data={"username": role, "password": DEMO_PASSWORD, "csrf": csrf.group(1)},
        follow_redirects=False,
    )
    cookie = done.cookies.get("inwriting_session")
    assert cookie is not None
    return cookie


def test_sign_in_form_needs_its_token_and_next_stays_on_site(
    site: tuple[TestClient, dict[str, int]],
) -> None:
    client, _ = site
    client.cookies.clear()
    client.get("/login")
    forged = client.post(
        "/login", data={"username": "cleo", "password": DEMO_PASSWORD, "csrf": "x"}
    )
    assert forged.status_code == 403
    page = client.get("/login?next=//evil.example/steal")
    assert 'value="/"' in page.text and "evil.example" not in page.text


def test_a_token_made_on_the_page_is_shown_once_and_works(
    site: tuple[TestClient, dict[str, int]],
) -> None:
    client, _ = site
    c = _as(client, "oskar")
    page = c.get("/account/tokens").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    made = c.post("/account/tokens", data={"name": "reader", "csrf": csrf.group(1)})
    secret = re.search(r"<pre>(iw_[^<]+)</pre>", made.text)
    assert secret is not None and made.headers["cache-control"] == "no-store"
    assert secret.group(1) not in c.get("/account/tokens").text  # never shown again
    client.cookies.clear()
    api = client.get(
        "/api/v1/negotiations/lysra-basin/commitments",
        headers={"Authorization": f"Bearer {secret.group(1)}"},
    )
    assert api.status_code == 200


def test_an_administrator_builds_a_negotiation_from_the_admin_page(
    site: tuple[TestClient, dict[str, int]],
) -> None:
    client, _ = site
    c = _as(client, "root")
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/admin").text)
    assert csrf is not None
    token = csrf.group(1)
    for url, data in (
        ("/admin/negotiations", {"title": "Fisheries accord", "slug": "fish"}),
        ("/admin/parties", {"negotiation": "fish", "name": "Coastal State"}),
        ("/admin/users", {"username": "nia", "name": "Nia", "password": "a long password"}),
        (
            "/admin/members",
            {
                "negotiation": "fish",
                "party": "Coastal State",
                "username": "nia",
                "role": "principal",
            },
        ),
    ):
        done = c.post(url, data={**data, "csrf": token}, follow_redirects=False)
        assert done.status_code == 303, (url, done.text)
    page = c.get("/admin").text
    assert "Fisheries accord" in page and "nia (principal)" in page
    odd = {"negotiation": "fish", "party": "Coastal State", "username": "nia", "role": "chair"}
    wrong = c.post("/admin/members", data={**odd, "csrf": token}, follow_redirects=False)
    assert wrong.status_code == 422 and "role" in wrong.text  # no such role: told, not a crash
    assert c.get("/admin").text.count("nia (") == 1
    refused = _as(client, "aron").post("/admin/negotiations", data={"title": "Mine", "csrf": "x"})
    assert refused.status_code == 403


# (page, the link's text, the roles that see it): a page offers only what its reader may do.
OFFERS = [
    (N, "Table a text", {"aron", "cleo", "cato"}),
    (f"{N}/versions/{{version}}", "Write your party's response", {"aron", "cleo", "cato"}),
    (f"{N}/versions/{{version}}", "Request written answers", {"aron", "cleo", "cato"}),
    (f"{N}/versions/{{version}}/consolidated", "Derive the next version", {"aron", "root"}),
]


@pytest.mark.parametrize(("path", "link", "offered_to"), OFFERS)
def test_pages_offer_an_action_only_to_those_who_may_take_it(
    site: tuple[TestClient, dict[str, int]], path: str, link: str, offered_to: set[str]
) -> None:
    client, ids = site
    seen = set()
    for role in ROLES[1:]:
        page = _as(client, role).get(path.format(**ids))
        assert page.status_code == 200
        if f">{link}</a>" in page.text:
            seen.add(role)
    assert seen == offered_to


@pytest.mark.parametrize(
    ("base", "secure"), [("https://testserver", True), ("http://testserver", False)]
)
def test_the_session_cookie_is_httponly_lax_and_secure_over_https(
    site: tuple[TestClient, dict[str, int]], base: str, secure: bool
) -> None:
    client, _ = site
    with TestClient(client.app, base_url=base) as browser:
        page = browser.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        done = browser.post(
            "/login",
            data={"username": "cleo", "password": DEMO_PASSWORD, "csrf": csrf.group(1)},
            follow_redirects=False,
        )
    cookie = next(
        c for c in done.headers.get_list("set-cookie") if c.startswith("inwriting_session=")
    )
    attributes = {a.strip().split("=")[0].lower() for a in cookie.split(";")[1:]}
    assert {"httponly", "samesite"} <= attributes and "samesite=lax" in cookie.lower()
    assert ("secure" in attributes) is secure
