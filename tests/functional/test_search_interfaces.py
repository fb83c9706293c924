"""Search through its front doors: the page (and the header's form), the JSON API and the
CLI, each showing a private draft's word to its party's members only."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from inwriting.cli import app as cli
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.services import accounts, responses
from inwriting.services.actors import Actor
from inwriting.services.demo import CORVINIA, DEMO_PASSWORD, SLUG
from tests.conftest import copy_demo

SECRET = "quillback"


@pytest.fixture(scope="module")
def site(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, Path, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("search") / "site"
    app = copy_demo(demo_template, folder)
    db = app.state.db
    position = Position(PositionKind.REJECT, "art-5", reason=f"A <b>{SECRET}</b> & more.")
    responses.save_draft(db, Actor("cleo"), 1, ResponseContent(CORVINIA, positions=(position,)))
    tokens = {u: accounts.create_token(db, Actor(u), "search")[0] for u in ("cleo", "aron")}
    with TestClient(app) as client:
        yield client, folder, tokens


def _sign_in(client: TestClient, username: str | None) -> TestClient:
    client.cookies.clear()
    if username:
        page = client.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        data = {"username": username, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
        assert client.post("/login", data=data, follow_redirects=False).status_code == 303
    return client


def test_the_page_groups_hits_and_links_to_the_provision(
    site: tuple[TestClient, Path, dict[str, str]],
) -> None:
    client = _sign_in(site[0], "cleo")
    page = client.get("/search", params={"q": SECRET})
    assert page.status_code == 200
    assert f'href="/negotiations/{SLUG}/versions/1/provisions/art-5"' in page.text
    assert f"<mark>{SECRET}</mark>" in page.text
    assert "&lt;b&gt;" in page.text and "<b>" not in page.text  # text is escaped
    assert "Agreement on the Joint Management of the Lysra River Basin</a></h2>" in page.text
    assert 'action="/search"' in client.get("/").text  # the form in the header


@pytest.mark.parametrize("username", ["aron", None])
def test_the_page_shows_nothing_of_anothers_draft(
    site: tuple[TestClient, Path, dict[str, str]], username: str | None
) -> None:
    page = _sign_in(site[0], username).get("/search", params={"q": SECRET})
    assert page.status_code == 200 and "<mark>" not in page.text  # the query is only echoed
    assert "0 hits" in page.text and "unworkable" not in page.text and "art-5" not in page.text


def test_the_page_refuses_a_negotiation_it_may_not_read(
    site: tuple[TestClient, Path, dict[str, str]],
) -> None:
    client = _sign_in(site[0], None)
    assert client.get("/search", params={"q": "water", "n": SLUG}).status_code == 404


def test_the_api_answers_by_token(site: tuple[TestClient, Path, dict[str, str]]) -> None:
    client, _, tokens = site
    client.cookies.clear()
    found = client.get(
        "/api/v1/search",
        params={"q": f'"{SECRET}" (*) -'},
        headers={"Authorization": f"Bearer {tokens['cleo']}"},
    )
    assert found.status_code == 200
    (hit,) = found.json()
    assert (hit["kind"], hit["status"], hit["provision_key"]) == ("reason", "draft", "art-5")
    other = client.get(
        "/api/v1/search",
        params={"q": SECRET},
        headers={"Authorization": f"Bearer {tokens['aron']}"},
    )
    assert other.json() == []
    assert client.get("/api/v1/search", params={"q": "x" * 10_001}).status_code == 422


def test_the_cli_prints_and_writes_json(site: tuple[TestClient, Path, dict[str, str]]) -> None:
    database = f"sqlite:///{site[1] / 'site.db'}"
    runner = CliRunner()
    mine = runner.invoke(cli, ["--database", database, "--as", "cleo", "search", SECRET, "--json"])
    assert mine.exit_code == 0, mine.output
    assert [h["kind"] for h in json.loads(mine.output)] == ["reason"]
    text = runner.invoke(
        cli, ["--database", database, "--as", "cleo", "search", SECRET, "-n", SLUG]
    )
    assert "art-5" in text.output and SECRET in text.output
    theirs = runner.invoke(cli, ["--database", database, "--as", "aron", "search", SECRET])
    assert theirs.exit_code == 0 and "Nothing found" in theirs.output
