"""The JSON API: the same services as the pages, with clear errors for bad input."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.services import accounts
from inwriting.services.actors import Actor
from inwriting.services.demo import load_demo
from inwriting.settings import Settings

CORVINIA = "Federal Republic of Corvinia"


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'v1.db'}", data_dir=tmp_path / "d")
    app = create_app(settings, checkpointer=False)
    app.state.db.upgrade()
    load_demo(app.state.db)
    headers = {}
    for user in ("cleo", "cato", "aron"):
        secret, _ = accounts.create_token(app.state.db, Actor(user), "tests")
        headers[user] = {"Authorization": f"Bearer {secret}"}
    with TestClient(app) as client:
        yield client, headers


def test_a_response_drafted_and_submitted_through_the_api(api) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    positions = [{"position": "accept", "provision": key} for key in _keys(client, h["cleo"])]
    body = {"party": CORVINIA, "cover_note": "Our answer.", "positions": positions}
    draft = client.put("/api/v1/versions/1/draft", json=body, headers=h["cleo"])
    assert draft.status_code == 200 and draft.json()["problems"] == []
    refused = client.post(f"/api/v1/responses/{draft.json()['id']}/submit", headers=h["cleo"])
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    sent = client.post(f"/api/v1/responses/{draft.json()['id']}/submit", headers=h["cato"])
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    matrix = client.get("/api/v1/versions/1/matrix", headers=h["aron"]).json()
    assert {r["positions"][CORVINIA] for r in matrix["rows"]} == {"accept"}
    page = client.get("/api/v1/negotiations", params={"limit": 1}, headers=h["aron"]).json()
    assert page["total"] == 1 and page["limit"] == 1 and len(page["items"]) == 1


def test_an_incomplete_submission_lists_every_problem(api) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    body = {"party": CORVINIA, "positions": [{"position": "reject", "provision": "art-1"}]}
    draft = client.put("/api/v1/versions/1/draft", json=body, headers=h["cleo"]).json()
    refused = client.post(f"/api/v1/responses/{draft['id']}/submit", headers=h["cato"])
    assert refused.status_code == 422
    details = refused.json()["error"]["details"]
    assert {"code": "missing_reason", "where": "art-1", "field": "reason"}.items() <= details[
        0
    ].items()
    assert sum(d["code"] == "unanswered" for d in details) == 11


@pytest.mark.parametrize(
    ("method", "url", "body", "status"),
    [
        ("put", "/api/v1/versions/1/draft", {"party": CORVINIA, "positions": "all"}, 422),
        ("put", "/api/v1/versions/1/draft", {"positions": []}, 422),
        ("put", "/api/v1/versions/1/draft", {"party": CORVINIA, "kind": "maybe"}, 422),
        ("put", "/api/v1/versions/999/draft", {"party": CORVINIA}, 404),
        ("post", "/api/v1/versions/1/requests", {"party": "Republic of Aldavia", "ask": []}, 422),
        ("post", "/api/v1/responses/1/submit", None, 409),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(  # type: ignore[no-untyped-def]
    api, method: str, url: str, body: object, status: int
) -> None:
    client, h = api
    before = client.get("/api/v1/versions/1/responses", headers=h["cato"]).json()["total"]
    response = getattr(client, method)(url, json=body, headers=h["cato"])
    assert response.status_code == status
    assert response.json()["error"]["message"]
    assert client.get("/api/v1/versions/1/responses", headers=h["cato"]).json()["total"] == before


def test_writes_need_a_signed_in_caller(api) -> None:  # type: ignore[no-untyped-def]
    client, _ = api
    refused = client.put("/api/v1/versions/1/draft", json={"party": CORVINIA})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthenticated"
    assert client.get("/api/v1/versions/1").status_code == 404  # private: not even its existence


def _keys(client: TestClient, headers: dict[str, str]) -> list[str]:
    found = client.get("/api/v1/versions/1", headers=headers).json()
    return [p["key"] for p in found["provisions"] if p["kind"] != "group"]


def test_a_provision_with_every_position_and_amendments_as_redlines(api) -> None:  # type: ignore[no-untyped-def]
    client, h = api
    found = client.get("/api/v1/versions/1/provisions/art-5", headers=h["aron"])
    assert found.status_code == 200
    body = found.json()
    assert body["label"] == "Article 5" and body["state"] == "open"
    brenmark = next(p for p in body["positions"] if p["party"] == "Kingdom of Brenmark")
    assert brenmark["position"] == "amend" and brenmark["response_id"] == 1
    ops = brenmark["amendment"]
    rebuilt_old = "".join(o["text"] for o in ops if o["op"] != "insert")
    rebuilt_new = "".join(o["text"] for o in ops if o["op"] != "delete")
    assert rebuilt_old == body["text"] and rebuilt_new == brenmark["text"]
    assert any(o["op"] == "insert" and "breach" in o["text"] for o in ops)
    corvinia = next(p for p in body["positions"] if p["party"] == CORVINIA)
    assert corvinia["position"] is None and corvinia["amendment"] is None
    missing = client.get("/api/v1/versions/1/provisions/ch-1", headers=h["aron"])
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    outsider = client.get("/api/v1/versions/1/provisions/art-5")
    assert outsider.status_code == 404  # a private negotiation is not there for outsiders
