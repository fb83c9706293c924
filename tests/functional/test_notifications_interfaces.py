"""Notifications and "what needs you" through their front doors: the front page, the list,
the preferences page, and ``inwriting notifications`` against a real SMTP server."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from inwriting.cli import app as cli
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.services import documents, responses, tasks
from inwriting.services.actors import Actor
from inwriting.services.demo import BRENMARK, DEMO_PASSWORD
from inwriting.storage.models import UserRow, VisitRow
from tests.conftest import Inbox
from tests.integration.builders import DRAFT


def sign_in(client: TestClient, username: str) -> str:
    """Sign ``username`` in; the session's CSRF token."""
    client.cookies.clear()
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    form = {"username": username, "password": DEMO_PASSWORD, "csrf": token.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/account/notifications").text)
    assert found is not None
    return found.group(1)


@pytest.fixture
def client(demo_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(demo_app) as c:
        yield c


def sections(page: str) -> list[str]:
    return re.findall(r'<h2 id="tasks-[^"]+">([^<(]+)', page)


def test_the_front_page_shows_what_needs_me_first(client: TestClient, demo_app: FastAPI) -> None:
    sign_in(client, "cato")  # principal of Corvinia, which owes an overdue answer
    page = client.get("/").text
    assert sections(page) == ["Answers my party owes "]
    owed = page[page.index("Answers my party owes") : page.index("<h2>Negotiations</h2>")]
    assert ">Answer Aldavian draft</a>" in owed
    assert "Federal Republic of Corvinia · Agreement on the Joint Management" in owed
    assert "overdue" in owed
    assert "Since your last visit" not in page  # a first visit
    assert page.index("What needs you") < page.index("<h2>Negotiations</h2>")

    sign_in(client, "bo")  # Brenmark answered, and requires approval of its drafts
    assert "Answers my party owes" not in client.get("/").text
    db = demo_app.state.db
    version = documents.table_version(
        db, Actor("aron"), "lysra-basin", "Republic of Aldavia", DRAFT
    )
    complete = tuple(
        Position(PositionKind.ACCEPT, provision=p.key)
        for p in documents.get_version(db, Actor("britt"), version.id).provisions
        if p.answerable
    )
    responses.save_draft(
        db, Actor("britt"), version.id, ResponseContent(BRENMARK, positions=complete)
    )
    with db.transaction() as session:  # bo's last look was two hours ago
        visit = session.scalars(
            select(VisitRow).join(UserRow).where(UserRow.username == "bo")
        ).one()
        visit.seen_at = datetime.now(UTC) - timedelta(hours=2)
    page = client.get("/").text
    assert sections(page) == ["Drafts awaiting my clearance ", "Since your last visit "]
    assert f"/versions/{version.id}/respond?party=Kingdom%20of%20Brenmark" in page
    assert ">Clear the answer to Version 1</a>" in page
    assert "Kingdom of Brenmark · Agreement on testing · drafted by Britt Nyqvist" in page
    assert "version tabled" in page
    reloaded = client.get("/").text  # the same visit: what changed stays listed
    assert "version tabled" in reloaded


def test_a_registered_section_shows_only_when_it_has_something(client: TestClient) -> None:
    sign_in(client, "cato")
    items: list[tasks.Task] = []
    tasks.register_section("mentions", "Threads that mention me", lambda *_: items)
    try:
        assert "Threads that mention me" not in client.get("/").text
        items.append(tasks.Task("Ana mentioned you on Article 8", "/negotiations/lysra-basin"))
        page = client.get("/").text
        assert sections(page) == ["Answers my party owes ", "Threads that mention me "]
        assert "Ana mentioned you on Article 8" in page
    finally:
        tasks._REGISTERED[:] = [r for r in tasks._REGISTERED if r[0] != "mentions"]


def test_the_list_the_header_count_and_marking_read(client: TestClient) -> None:
    csrf = sign_in(client, "cato")
    count = re.search(r'aria-label="(\d+) unread"', client.get("/").text)
    assert count is not None and int(count.group(1)) >= 2
    page = client.get("/notifications").text
    assert "Request for a written answer" in page and "New version tabled" in page
    first = re.search(r'action="/notifications/(\d+)/read"', page)
    assert first is not None
    opened = client.post(first.group(0)[8:-1], data={"csrf": csrf}, follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"].startswith("/negotiations/")
    after = re.search(r'aria-label="(\d+) unread"', client.get("/").text)
    assert after is not None and int(after.group(1)) == int(count.group(1)) - 1
    other = sign_in(client, "ana")
    refused = client.post(first.group(0)[8:-1], data={"csrf": other}, follow_redirects=False)
    assert refused.status_code == 404  # cato's, not ana's
    csrf = sign_in(client, "cato")
    assert client.post("/notifications/read", data={"csrf": csrf}).status_code == 200
    assert "unread" not in client.get("/").text.split("</header>")[0]


def test_preferences_are_set_on_their_page_and_bad_input_changes_nothing(
    client: TestClient,
) -> None:
    csrf = sign_in(client, "cato")
    page = client.get("/account/notifications").text
    assert 'value="cato@example.org"' in page  # the demo's users have addresses
    assert re.search(r'value="immediate" checked', page)
    done = client.post(
        "/account/notifications",
        data={"csrf": csrf, "delivery": "digest", "email": "c@example.net"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = client.get("/account/notifications").text
    assert re.search(r'value="digest" checked', page) and 'value="c@example.net"' in page
    bad = client.post(
        "/account/notifications",
        data={"csrf": csrf, "delivery": "off", "email": "not an address"},
    )
    assert bad.status_code == 422 and "is not an e-mail address" in bad.text
    assert re.search(r'value="digest" checked', client.get("/account/notifications").text)


def test_the_command_line_sends_once_and_sets_preferences(
    demo_template: Path, tmp_path: Path, smtp_server: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(demo_template, tmp_path / "site")
    monkeypatch.setenv("INWRITING_DATABASE_URL", f"sqlite:///{tmp_path / 'site' / 'site.db'}")
    monkeypatch.setenv("INWRITING_DATA_DIR", str(tmp_path / "site" / "data"))
    monkeypatch.setenv("INWRITING_BASE_URL", "https://talks.example.org")
    monkeypatch.delenv("INWRITING_USER", raising=False)
    runner = CliRunner()

    def run(*args: str, smtp: str = smtp_server.url) -> str:
        result = runner.invoke(cli, list(args), env={"INWRITING_SMTP_URL": smtp, "COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        return result.stdout

    bad = runner.invoke(cli, ["users", "email", "oskar", "oskar@example.org, eve@example.net"])
    assert bad.exit_code == 1 and "is not an e-mail address" in bad.output
    off = json.loads(
        run("--as", "oskar", "notifications", "preferences", "--delivery", "off", "--json")
    )
    assert off == {"username": "oskar", "email": "oskar@example.org", "delivery": "off"}
    down = runner.invoke(
        cli,
        ["notifications", "send"],
        env={"INWRITING_SMTP_URL": "smtps://u:hunter2@127.0.0.1:1"},
    )
    assert down.exit_code == 1
    assert "u:***@127.0.0.1:1" in down.output and "hunter2" not in down.output
    sent = json.loads(run("notifications", "send", "--json"))
    assert sent["ran"] and sent["emails"] == len(smtp_server.messages) > 0
    assert "oskar@example.org" not in [m["To"] for m in smtp_server.messages]
    again = json.loads(run("notifications", "send", "--json"))
    assert again["emails"] == 0 and len(smtp_server.messages) == sent["emails"]
    listed = run("--as", "cato", "notifications", "list")
    assert "Aldavian draft" in listed
    assert "notification(s) marked read" in run("--as", "cato", "notifications", "read")
    assert json.loads(run("--as", "cato", "notifications", "list", "--unread", "--json")) == []


def test_the_api_lists_marks_and_sets_preferences(demo_app: FastAPI) -> None:
    from inwriting.services import accounts

    secret, _ = accounts.create_token(demo_app.state.db, Actor("cato"), "t")
    headers = {"Authorization": f"Bearer {secret}"}
    with TestClient(demo_app) as api:
        page = api.get("/api/v1/notifications?unread=true", headers=headers).json()
        kinds = {n["kind"] for n in page["items"]}
        assert {"request_received", "version_tabled"} <= kinds
        assert page["total"] == len(page["items"]) > 0
        first = page["items"][0]
        assert first["path"].startswith("/negotiations/lysra-basin/") and not first["read"]
        marked = api.post(f"/api/v1/notifications/{first['id']}/read", headers=headers).json()
        assert marked == {"marked": 1}
        left = api.get("/api/v1/notifications?unread=true", headers=headers).json()["total"]
        assert left == page["total"] - 1
        bad = api.put("/api/v1/account/notifications", json={"email": "a@b"}, headers=headers)
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid"
        chosen = api.put(
            "/api/v1/account/notifications", json={"delivery": "digest"}, headers=headers
        ).json()
        assert chosen == {"username": "cato", "email": "cato@example.org", "delivery": "digest"}
