"""A NUL character, which PostgreSQL text can never hold, is bad input wherever it comes
from: a 422 in the documented error shape naming the field, and nothing changed — on both
engines alike (it used to be a plain-text 500 and a reset connection on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.errors import ValidationError
from inwriting.services import accounts, record, responses, users
from inwriting.services.actors import OPERATOR
from inwriting.settings import Settings
from inwriting.storage.engine import Database
from tests.integration.builders import BEN, Setup, build

Site = tuple[TestClient, Setup, dict[str, str]]


@pytest.fixture
def site(db: Database, tmp_path: Path) -> Iterator[Site]:
    setup = build(db)
    users.create_user(db, OPERATOR, "root", "Root", is_admin=True)
    headers = {
        name: {"Authorization": f"Bearer {accounts.create_token(db, who, 't')[0]}"}
        for name, who in (("ben", BEN), ("root", users.Actor("root")))
    }
    settings = Settings(database_url=db.url, data_dir=tmp_path / "data")
    with TestClient(create_app(settings, checkpointer=False)) as client:
        yield client, setup, headers["ben"] | {"X-Root": headers["root"]["Authorization"]}


def _state(db: Database, setup: Setup) -> tuple[object, ...]:
    found = responses.list_responses(db, BEN, setup.version_id)
    return record.record_size(db), len(users.list_users(db, OPERATOR)), found


def _field_of(answer: Any) -> list[str]:
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "invalid"
    assert "NUL" in error["message"]
    return [d["field"] for d in error["details"]]


def test_a_nul_in_a_json_field_names_the_field(site: Site, db: Database) -> None:
    client, setup, headers = site
    before = _state(db, setup)
    body = {
        "party": "Party B",
        "positions": [{"position": "reject", "provision": "art-1", "reason": "No\x00pe"}],
    }
    answer = client.put(f"/api/v1/versions/{setup.version_id}/draft", json=body, headers=headers)
    assert _field_of(answer) == ["reason"]
    assert _state(db, setup) == before


def test_a_nul_in_a_path_or_query_names_the_parameter(site: Site, db: Database) -> None:
    client, setup, headers = site
    assert _field_of(client.get("/api/v1/negotiations/x%00", headers=headers)) == ["slug"]
    query = f"/api/v1/negotiations/{setup.negotiation}/commitments?party=B%00"
    assert _field_of(client.get(query, headers=headers)) == ["party"]
    page = client.get(f"/negotiations/{setup.negotiation}%00")
    assert page.status_code == 422
    assert "text/html" in page.headers["content-type"]


def test_a_nul_in_a_user_name_is_refused(site: Site, db: Database) -> None:
    client, setup, headers = site
    before = _state(db, setup)
    root = {"Authorization": headers["X-Root"]}
    for body in (
        {"username": "eve", "name": "Eve\x00", "password": "a long password 1"},
        {"username": "ev\x00e", "name": "Eve", "password": "a long password 1"},
    ):
        answer = client.post("/api/v1/admin/users", json=body, headers=root)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["code"] == "invalid"
    assert _state(db, setup) == before


def test_a_nul_in_the_sign_in_form_is_refused(site: Site, db: Database) -> None:
    client, _setup, _headers = site
    client.get("/login")
    token = client.cookies.get("inwriting_csrf", "")
    form = {"username": "ben\x00", "password": "whatever it is", "csrf": token}
    answer = client.post("/login", data=form)
    assert answer.status_code in (401, 422)  # refused as bad input or as unknown; no 500
    assert "inwriting_session" not in answer.cookies


def test_a_nul_in_an_uploaded_file_is_refused(site: Site, db: Database) -> None:
    client, setup, headers = site
    before = _state(db, setup)
    treaty = b"# Treaty\n\n## Article 1\n\nThis \x00applies.\n"
    answer = client.post(
        f"/api/v1/negotiations/{setup.negotiation}/versions",
        data={"party": "Party A", "label": "Treaty"},
        files={"file": ("treaty.md", treaty, "text/markdown")},
        headers=headers,
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] in ("invalid", "format_error", "forbidden")
    assert _state(db, setup) == before


def test_services_refuse_a_nul_on_both_engines(db: Database) -> None:
    """The CLI and every other caller of the services meet the same rule."""
    with pytest.raises(ValidationError) as refused:
        users.create_user(db, OPERATOR, "eve", "Eve\x00")
    assert refused.value.problems[0].code == "nul_character"
    assert users.list_users(db, OPERATOR) == []
