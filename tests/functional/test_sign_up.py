"""Opening one's own account (INWRITING_SIGN_UP): off by default, checked like every
other form, paced per address, and the account it opens can read only what anyone can."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.services import accounts
from inwriting.settings import Settings
from tests.conftest import copy_demo

PASSWORD = "a long enough secret"


@pytest.fixture
def client(demo_template: Path, tmp_path: Path) -> Iterator[TestClient]:
    copy_demo(demo_template, tmp_path / "site")
    folder = tmp_path / "site"
    settings = Settings(
        database_url=f"sqlite:///{folder / 'site.db'}", data_dir=folder / "data", sign_up=True
    )
    with TestClient(create_app(settings, checkpointer=False)) as test_client:
        yield test_client


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    page = client.get("/register")
    assert page.status_code == 200
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    return {"csrf": token.group(1), "next": "/", **fields}


def test_an_account_is_opened_and_signed_in(client: TestClient) -> None:
    assert "Create one" in client.get("/login").text
    form = _form(client, username="pia", display_name="Pia <b>Public</b>", password=PASSWORD)
    made = client.post("/register", data=form, follow_redirects=False)
    assert made.status_code == 303
    home = client.get("/")
    assert "Signed in as <strong>pia</strong>" in home.text
    # A member of no party: the private demo negotiation stays out of sight.
    assert client.get("/negotiations/lysra-basin").status_code == 404
    assert client.get("/admin").status_code in (403, 404)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "Pia!", "password": PASSWORD}, "lower-case letters"),
        ({"username": "pia", "password": "short"}, "10 to 1024 characters"),
        ({"username": "cleo", "password": PASSWORD}, "is taken"),
    ],
)
def test_a_refused_account_says_why_and_opens_nothing(
    client: TestClient, fields: dict[str, str], message: str
) -> None:
    refused = client.post("/register", data=_form(client, **fields))
    assert refused.status_code == 422 and message in refused.text
    assert "Signed in as" not in client.get("/").text


def test_the_form_needs_its_token(client: TestClient) -> None:
    form = _form(client, username="pia", password=PASSWORD)
    form["csrf"] = "forged"
    assert client.post("/register", data=form).status_code == 403


def test_one_address_opens_only_so_many_accounts(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accounts, "SIGN_UPS_PER_CLIENT", 2)
    for name in ("pia", "pol"):
        client.cookies.clear()
        made = client.post("/register", data=_form(client, username=name, password=PASSWORD))
        assert made.status_code == 200  # followed to the front page
    client.cookies.clear()
    refused = client.post("/register", data=_form(client, username="pam", password=PASSWORD))
    assert refused.status_code == 429 and "the most one address may" in refused.text
    assert int(refused.headers["Retry-After"]) > 0


def test_sign_up_is_off_unless_the_operator_turns_it_on(demo_app: object) -> None:
    with TestClient(demo_app) as plain:  # type: ignore[arg-type]
        assert plain.get("/register").status_code == 404
        assert "Create one" not in plain.get("/login").text
