"""``serve``'s background sender e-mails what is due, with nobody running a command."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.domain.negotiations import Role
from inwriting.services import documents, negotiations, parties, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.settings import Settings
from tests.conftest import Inbox
from tests.integration.builders import DRAFT

WAIT = 60.0  # seconds before giving up: a bound on a hang, not a measurement


def _until(what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.1)


def test_serve_sends_notifications_in_the_background(tmp_path: Path, smtp_server: Inbox) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'site.db'}",
        data_dir=tmp_path / "d",
        base_url="https://talks.example.org",
        smtp_url=smtp_server.url,
        notify_interval=0.2,
    )
    app = create_app(settings, checkpointer=True)
    db = app.state.db
    db.upgrade()
    users.create_user(db, OPERATOR, "ana", "Ana", email="ana@example.org")
    users.create_user(db, OPERATOR, "bo", "Bo", email="bo@example.org")
    slug = negotiations.create_negotiation(db, OPERATOR, "Talks").slug
    for party, user in (("A", "ana"), ("B", "bo")):
        parties.add_party(db, OPERATOR, slug, party)
        parties.add_member(db, OPERATOR, slug, party, user, Role.DRAFTER)
    with TestClient(app):
        documents.table_version(db, Actor("ana"), slug, "A", DRAFT)
        _until("bo is e-mailed", lambda: len(smtp_server.messages) == 1)
    assert smtp_server.messages[0]["To"] == "bo@example.org"
    assert smtp_server.messages[0]["Subject"] == "[InWriting] New version tabled"
    db.dispose()
