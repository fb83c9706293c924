"""Shared fixtures: a fresh, migrated database per test, on SQLite and on PostgreSQL; the
demo app, loaded once and copied for each test that uses it.

SQLite: the schema is migrated once into a template file, copied for each test.
PostgreSQL (when ``INWRITING_TEST_DATABASE_URL`` names a server): the schema is migrated once
into a template database and each test gets ``CREATE DATABASE ... TEMPLATE`` of it, dropped
afterwards. Tests never clean up by deleting rows.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import settings
from sqlalchemy import create_engine, make_url, text

from inwriting.app import create_app
from inwriting.services.demo import load_demo
from inwriting.settings import Settings
from inwriting.storage.engine import Database, normalise_url

PG_URL = os.environ.get("INWRITING_TEST_DATABASE_URL", "")

# CI runs the same examples every time (a landing must not depend on luck); developers'
# runs explore new ones by default, which is how new bugs are found.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
if os.environ.get("INWRITING_HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["INWRITING_HYPOTHESIS_PROFILE"])
REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
# Real documents, copied from the team's corpus with their sources and licences (README there).
CORPUS = DATA / "corpus"


def shared_dir(name: str, env: str) -> Path:
    """A folder of ../shared (corpus, vectors): the originals of the copies in tests/data,
    read only by the check that the copies still match them (skipped where it is absent)."""
    return Path(os.environ.get(env) or REPO.parent / "shared" / name)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    if not PG_URL:
        if os.environ.get("INWRITING_TEST_REQUIRE_POSTGRES"):
            pytest.fail("INWRITING_TEST_REQUIRE_POSTGRES is set but no PostgreSQL URL is")
        pytest.skip("PostgreSQL not configured: set INWRITING_TEST_DATABASE_URL (.ci/run does)")
    name = f"inwriting_tmpl_{uuid.uuid4().hex[:8]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    db = Database(_pg_url(name))
    db.upgrade()
    db.dispose()
    yield name
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        database = Database(f"sqlite:///{path}")
        yield database
        database.dispose()
        return
    template = request.getfixturevalue("pg_template")
    name = f"inwriting_t_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    database = Database(_pg_url(name))
    yield database
    database.dispose()
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the demo loaded (SQLite database and record key), made once: hashing
    the demo accounts' passwords takes seconds, copying the folder does not."""
    folder = tmp_path_factory.mktemp("demo-template")
    app = create_app(_site_settings(folder), checkpointer=False)
    app.state.db.upgrade()
    load_demo(app.state.db)
    app.state.db.dispose()
    return folder


@pytest.fixture
def demo_app(demo_template: Path, tmp_path: Path) -> FastAPI:
    """The app over a fresh copy of the demo, for one test."""
    return copy_demo(demo_template, tmp_path / "site")


def copy_demo(template: Path, folder: Path) -> FastAPI:
    """The app over a copy of ``template`` in ``folder`` (for fixtures of any scope)."""
    shutil.copytree(template, folder)
    return create_app(_site_settings(folder), checkpointer=False)


def _site_settings(folder: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{folder / 'site.db'}", data_dir=folder / "data")


def _pg_url(database: str) -> str:
    return make_url(normalise_url(PG_URL)).set(database=database).render_as_string(False)


def _pg_admin(sql: str) -> None:
    engine = create_engine(_pg_url("postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


class Inbox:
    """What a real SMTP server (aiosmtpd, on a free loopback port) received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.port = 0

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_DATA(self, _server: object, _session: object, envelope: Any) -> str:
        parsed = BytesParser(policy=policy.default).parsebytes(envelope.content)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A loopback port nothing listens on (just now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[Inbox]:
    """A real SMTP server for the test, and what it received."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    inbox.port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
