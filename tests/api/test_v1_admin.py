"""Administration and API tokens through the API: the services of the administration and
token pages, for administrators (and, for tokens, each user) only; bad input refused with
the error JSON, changing nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from inwriting.http.auth import SESSION_COOKIE
from inwriting.services import accounts, negotiations, record, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import DEMO_PASSWORD

CORVINIA = "Federal Republic of Corvinia"
SLUG = "lysra-basin"
PASSWORD = "a long password"
NIA = {"username": "nia", "password": PASSWORD}
Site = tuple[TestClient, dict[str, dict[str, str]]]


@pytest.fixture
def api(demo_app: FastAPI) -> Iterator[Site]:
    users.create_user(demo_app.state.db, OPERATOR, "root", "Root", is_admin=True)
    headers = {}
    for user in ("root", "cato", "oskar"):
        secret, _ = accounts.create_token(demo_app.state.db, Actor(user), "tests")
        headers[user] = {"Authorization": f"Bearer {secret}"}
    with TestClient(demo_app) as client:
        yield client, headers


def _member(username: str, role: str) -> dict[str, str]:
    return {"negotiation": SLUG, "party": CORVINIA, "username": username, "role": role}


def _state(client: TestClient) -> tuple[object, ...]:
    """What an administrator's write could change."""
    db = client.app.state.db  # type: ignore[attr-defined]
    found = negotiations.list_negotiations(db, OPERATOR)
    return record.record_size(db), users.list_users(db, OPERATOR), found


def test_an_administrator_builds_a_negotiation_through_the_api(api: Site) -> None:
    client, h = api
    size = record.record_size(client.app.state.db)  # type: ignore[attr-defined]
    steps = [
        ("/admin/negotiations", {"title": "Fisheries accord", "slug": "fish"}),
        ("/admin/parties", {"negotiation": "fish", "name": "Coastal State"}),
        ("/admin/users", {"username": "nia", "name": "Nia", "password": "a long password"}),
        (
            "/admin/members",
            {"negotiation": "fish", "party": "Coastal State", "username": "nia", "role": "drafter"},
        ),
    ]
    made = [client.post(f"/api/v1{url}", json=body, headers=h["root"]) for url, body in steps]
    assert [m.status_code for m in made] == [201] * 4, [m.text for m in made]
    assert made[0].json()["visibility"] == "private" and made[0].json()["slug"] == "fish"
    assert made[2].json() == {"username": "nia", "display_name": "Nia", "is_admin": False}
    assert made[3].json()["members"] == [
        {"username": "nia", "display_name": "Nia", "role": "drafter"}
    ]
    assert record.record_size(client.app.state.db) == size + 3  # type: ignore[attr-defined]
    signed = accounts.sign_in(client.app.state.db, "nia", "a long password", "tests")  # type: ignore[attr-defined]
    assert signed.user.username == "nia"
    page = client.get("/api/v1/admin/users", params={"offset": 1, "limit": 2}, headers=h["root"])
    assert page.status_code == 200
    assert page.json()["total"] == 9 and [u["username"] for u in page.json()["items"]] == [
        "aron",
        "bo",
    ]


@pytest.mark.parametrize(
    ("user", "url", "body", "status", "code"),
    [
        ("root", "/admin/users", {"username": "nia", "password": 12345678901}, 422, "invalid"),
        ("root", "/admin/users", {**NIA, "admin": []}, 422, "invalid"),
        ("root", "/admin/users", {"username": "nia"}, 422, "invalid"),
        ("root", "/admin/users", {"username": "nia", "password": "short"}, 422, "invalid"),
        ("root", "/admin/users", {"username": "Nia Bad", "password": PASSWORD}, 422, "invalid"),
        ("root", "/admin/users", {"username": "cleo", "password": PASSWORD}, 409, "conflict"),
        ("root", "/admin/negotiations", {"title": ""}, 422, "invalid"),
        ("root", "/admin/negotiations", {"title": "X", "visibility": "secret"}, 422, "invalid"),
        ("root", "/admin/negotiations", {"title": "X", "slug": "lysra-basin"}, 409, "conflict"),
        ("root", "/admin/parties", {"negotiation": "nowhere", "name": "P"}, 404, "not_found"),
        ("root", "/admin/parties", {"negotiation": SLUG, "name": CORVINIA}, 409, "conflict"),
        ("root", "/admin/parties", {"negotiation": SLUG, "name": "   "}, 422, "invalid"),
        ("root", "/admin/members", _member("ghost", "drafter"), 404, "not_found"),
        ("root", "/admin/members", _member("aron", "boss"), 422, "invalid"),
        ("root", "/admin/members", _member("cleo", "drafter"), 409, "conflict"),
        ("cato", "/admin/negotiations", {"title": "Mine"}, 403, "forbidden"),
        ("cato", "/admin/users", NIA, 403, "forbidden"),
        ("oskar", "/admin/members", _member("oskar", "principal"), 403, "forbidden"),
        (None, "/admin/parties", {"negotiation": SLUG, "name": "P"}, 401, "unauthenticated"),
    ],
)  # fmt: skip
def test_bad_administration_gets_a_clear_error_and_changes_nothing(
    api: Site, user: str | None, url: str, body: object, status: int, code: str
) -> None:
    client, h = api
    before = _state(client)
    refused = client.post(f"/api/v1{url}", json=body, headers=h[user] if user else {})
    assert refused.status_code == status, refused.text
    assert refused.json()["error"]["code"] == code and refused.json()["error"]["message"]
    assert _state(client) == before


@pytest.mark.parametrize(("user", "status"), [(None, 401), ("cato", 403), ("oskar", 403)])
def test_only_administrators_list_users(api: Site, user: str | None, status: int) -> None:
    client, h = api
    refused = client.get("/api/v1/admin/users", headers=h[user] if user else {})
    assert refused.status_code == status and "items" not in refused.json()


def test_a_token_is_shown_once_works_and_is_revoked(api: Site) -> None:
    client, h = api
    made = client.post("/api/v1/account/tokens", json={"name": "laptop"}, headers=h["oskar"])
    assert made.status_code == 201 and made.headers["cache-control"] == "no-store"
    secret, token = made.json()["secret"], made.json()["token"]
    assert secret.startswith("iw_") and secret.startswith(token["prefix"])
    mine = {"Authorization": f"Bearer {secret}"}
    listed = client.get("/api/v1/account/tokens", headers=mine)
    assert listed.status_code == 200 and secret not in listed.text
    assert [t["name"] for t in listed.json()["items"]] == ["tests", "laptop"]
    assert client.get("/api/v1/negotiations/lysra-basin", headers=mine).status_code == 200
    revoked = client.delete(f"/api/v1/account/tokens/{token['id']}", headers=h["oskar"])
    assert revoked.status_code == 204 and revoked.content == b""
    refused = client.get("/api/v1/negotiations/lysra-basin", headers=mine)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthenticated"
    again = client.get("/api/v1/account/tokens", headers=h["oskar"]).json()["items"]
    assert again[1]["revoked_at"] is not None


@pytest.mark.parametrize(
    ("user", "method", "url", "body", "status"),
    [
        (None, "get", "/api/v1/account/tokens", None, 401),
        (None, "post", "/api/v1/account/tokens", {"name": "x"}, 401),
        (None, "delete", "/api/v1/account/tokens/1", None, 401),
        ("cato", "post", "/api/v1/account/tokens", {"name": ""}, 422),
        ("cato", "post", "/api/v1/account/tokens", {"name": "   "}, 422),
        ("cato", "post", "/api/v1/account/tokens", {}, 422),
        ("cato", "delete", "/api/v1/account/tokens/999", None, 404),
        ("cato", "delete", "/api/v1/account/tokens/3", None, 404),  # oskar's, not cato's
        ("cato", "delete", "/api/v1/account/tokens/x", None, 422),
    ],
)
def test_bad_token_requests_get_a_clear_error_and_change_nothing(
    api: Site, user: str | None, method: str, url: str, body: object, status: int
) -> None:
    client, h = api
    db = client.app.state.db  # type: ignore[attr-defined]
    before = [accounts.list_tokens(db, Actor(u)) for u in ("root", "cato", "oskar")]
    kwargs = {"json": body} if body is not None else {}
    refused = client.request(method, url, headers=h[user] if user else {}, **kwargs)
    assert refused.status_code == status, refused.text
    assert refused.json()["error"]["message"]
    assert [accounts.list_tokens(db, Actor(u)) for u in ("root", "cato", "oskar")] == before


def test_a_signed_in_browser_writes_only_with_its_csrf_token(api: Site) -> None:
    client, _ = api
    signed = accounts.sign_in(client.app.state.db, "oskar", DEMO_PASSWORD, "tests")  # type: ignore[attr-defined]
    client.cookies.set(SESSION_COOKIE, signed.session_token)
    forged = client.post("/api/v1/account/tokens", json={"name": "x"})
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "forbidden"
    made = client.post(
        "/api/v1/account/tokens", json={"name": "x"}, headers={"X-CSRF-Token": signed.csrf_secret}
    )
    assert made.status_code == 201
    names = [t["name"] for t in client.get("/api/v1/account/tokens").json()["items"]]
    assert names == ["tests", "x"]
