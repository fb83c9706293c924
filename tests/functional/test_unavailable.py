"""A database that cannot be reached or written answers 503 ``unavailable`` in the
documented error shape (a page for browsers, a one-line message from the CLI), never a
traceback, and nothing is half-written."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from typer.testing import CliRunner

from inwriting.app import create_app
from inwriting.cli import app as cli
from inwriting.errors import Unavailable
from inwriting.services import accounts, record, responses, users
from inwriting.services.actors import OPERATOR
from inwriting.settings import Settings
from inwriting.storage.engine import Database
from tests.integration.builders import BEN, Setup, build

NOWHERE = "postgresql://postgres@127.0.0.1:1/inwriting"  # nothing listens on port 1


def _unwritable(db: Database) -> None:
    """SQLite: a full disk (no page may be added); PostgreSQL: a read-only database."""
    if db.backend == "sqlite":
        with db.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

        def full(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        event.listen(db.engine, "connect", full)
    else:
        with db.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            name = conn.exec_driver_sql("SELECT current_database()").scalar_one()
            conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
    db.engine.dispose()  # new connections get the restriction


@pytest.fixture
def site(db: Database, tmp_path: Path) -> Iterator[tuple[TestClient, Setup, dict[str, str]]]:
    setup = build(db)
    secret, _ = accounts.create_token(db, BEN, "t")
    settings = Settings(database_url=db.url, data_dir=tmp_path / "data")
    app = create_app(settings, checkpointer=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, setup, {"Authorization": f"Bearer {secret}"}


def _assert_unavailable(answer: Any) -> None:
    assert answer.status_code == 503, answer.text
    error = answer.json()["error"]
    assert error["code"] == "unavailable"
    assert set(error) == {"code", "message", "details"}
    assert "Traceback" not in answer.text and "[SQL" not in answer.text


def test_a_write_to_an_unwritable_database_is_a_503_and_changes_nothing(
    site: tuple[TestClient, Setup, dict[str, str]], db: Database
) -> None:
    client, setup, headers = site
    before = record.record_size(db), responses.list_responses(db, BEN, setup.version_id)
    _unwritable(client.app.state.db)  # type: ignore[attr-defined]
    reason = "".join(f"{n} " for n in range(9_000))  # ~45 KB each: the writes need new pages
    keys = ("preamble", "art-1", "art-2", "art-3")
    positions = [{"position": "reject", "provision": key, "reason": reason} for key in keys]
    body = {"party": "Party B", "positions": positions}
    put = client.put(f"/api/v1/versions/{setup.version_id}/draft", json=body, headers=headers)
    _assert_unavailable(put)
    after = record.record_size(db), responses.list_responses(db, BEN, setup.version_id)
    assert after == before


def test_an_unreachable_server_is_a_503_for_the_api_and_a_page_for_browsers(
    tmp_path: Path,
) -> None:
    settings = Settings(database_url=NOWHERE, data_dir=tmp_path / "data")
    with TestClient(create_app(settings, checkpointer=False)) as client:
        _assert_unavailable(client.get("/api/v1/negotiations"))
        token = {"Authorization": "Bearer x"}
        _assert_unavailable(client.get("/api/v1/negotiations", headers=token))
        page = client.get("/", headers={"Cookie": "inwriting_session=whatever"})
    assert page.status_code == 503
    assert "text/html" in page.headers["content-type"]
    assert "try again" in page.text


def test_a_read_only_sqlite_file_refuses_writes_with_a_503(
    sqlite_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "site.db"
    shutil.copy(sqlite_template, path)
    writable = Database(f"sqlite:///{path}")
    setup = build(writable)
    secret, _ = accounts.create_token(writable, BEN, "t")
    before = record.record_size(writable), responses.list_responses(writable, BEN, 1)
    writable.dispose()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    settings = Settings(database_url=url, data_dir=tmp_path / "data")
    body = {"party": "Party B", "positions": [{"position": "accept", "provision": "art-1"}]}
    with TestClient(create_app(settings, checkpointer=False)) as client:
        headers = {"Authorization": f"Bearer {secret}"}
        assert client.get("/api/v1/negotiations", headers=headers).status_code == 200
        put = client.put(f"/api/v1/versions/{setup.version_id}/draft", json=body, headers=headers)
        _assert_unavailable(put)
    with pytest.raises(Unavailable):
        users.create_user(Database(url), OPERATOR, "someone")
    assert (record.record_size(writable), responses.list_responses(writable, BEN, 1)) == before


def test_the_cli_prints_one_line_and_exits_non_zero() -> None:
    result = CliRunner().invoke(cli, ["--database", NOWHERE, "db", "check"])
    assert result.exit_code == 1
    assert result.output.startswith("error: the database cannot be reached")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
