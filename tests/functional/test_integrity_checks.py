"""`db check` and `record verify` catch changes made behind the services' back, both ways:
rows without their entry, entries without their row, statuses rolled back, a cut tail."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection
from typer.testing import CliRunner, Result

from inwriting.cli import app
from inwriting.services import record, requests, responses
from inwriting.services.record_keys import RecordKey, create_key
from inwriting.storage.engine import Database
from tests.integration.builders import AMOS, BEA, BEN, T0, build, full_answer

DUE = T0 + timedelta(days=7)


@pytest.fixture
def site(db: Database, tmp_path: Path) -> tuple[Database, RecordKey, dict[str, int]]:
    """A negotiation with a request, a superseded and a submitted response, commitments with
    status changes, and a checkpoint signed over all of it."""
    s = build(db)
    requests.create_request(db, AMOS, s.version_id, "Party A", ["Party B"], DUE, now=T0)
    first = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.submit_response(db, BEA, first.id, now=T0)
    second = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.submit_response(db, BEA, second.id, now=T0)
    key = create_key(tmp_path / "data" / "record-signing.key", "localhost/inwriting")
    record.publish_checkpoint(db, key, now=T0)
    return db, key, {"old": first.id, "new": second.id, "version": s.version_id}


def _run(db: Database, tmp_path: Path, *args: str) -> Result:
    url = db.engine.url.render_as_string(hide_password=False)
    env = {"INWRITING_DATABASE_URL": url, "INWRITING_DATA_DIR": str(tmp_path / "data")}
    return CliRunner().invoke(app, list(args), env=env)


def _both(db: Database, tmp_path: Path) -> list[Result]:
    return [_run(db, tmp_path, "db", "check"), _run(db, tmp_path, "record", "verify")]


def test_an_untampered_record_passes_both_checks(site, tmp_path: Path) -> None:
    db, _, _ = site
    for result in _both(db, tmp_path):
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("ok: ")


def _sql(*statements: str) -> Callable[[Connection, dict[str, int]], None]:
    def run(conn: Connection, ids: dict[str, int]) -> None:
        for statement in statements:
            conn.execute(text(statement.format(**ids)))

    return run


def _cut_tail(conn: Connection, ids: dict[str, int]) -> None:
    """Delete the last three entries with their nodes and the checkpoints past them."""
    size = conn.execute(text('SELECT max("index") + 1 FROM record_entries')).scalar()
    assert isinstance(size, int)
    cut = size - 3
    conn.execute(text('DELETE FROM record_entries WHERE "index" >= :c'), {"c": cut})
    nodes = conn.execute(text('SELECT level, "index" FROM record_nodes')).all()
    for level, index in nodes:
        if (index + 1) << level > cut:  # the node covers a deleted leaf
            conn.execute(
                text('DELETE FROM record_nodes WHERE level = :l AND "index" = :i'),
                {"l": level, "i": index},
            )
    conn.execute(text("DELETE FROM checkpoints WHERE size > :c"), {"c": cut})


TAMPERINGS = {
    "status rolled back": (
        _sql("UPDATE responses SET status = 'draft' WHERE id = {new}"),
        ["status rolled back", "response {new}"],
    ),
    "superseded response made current again": (
        _sql("UPDATE responses SET status = 'submitted' WHERE id = {old}"),
        ["status changed", "response {old}"],
    ),
    "tail deleted": (_cut_tail, ["entry missing", "record cut short"]),
    "an entry deleted": (
        _sql(
            "DELETE FROM record_entries WHERE subject_kind = 'request'",
        ),
        ["entry missing", "request "],
    ),
    "a row deleted": (
        _sql(
            "DELETE FROM request_parties",
            "UPDATE commitments SET request_id = NULL",
            "UPDATE responses SET request_id = NULL",
            "DELETE FROM requests",
        ),
        ["row missing", "request "],
    ),
    "a row's text changed": (
        _sql("UPDATE commitments SET text = 'Something milder.'"),
        ["content changed", "commitment "],
    ),
    "a row added without entry": (
        _sql(
            "INSERT INTO commitment_status_changes (commitment_id, status, effective_at,"
            " recorded_at, automatic, rationale, evidence_citation, evidence_link)"
            " SELECT id, 'kept', created_at, created_at, false, '', '', '' FROM commitments",
            "UPDATE commitments SET status = 'kept'",
        ),
        ["entry missing", "status_change "],
    ),
    "a commitment's status rolled back": (
        _sql("UPDATE commitments SET status = 'in_the_works'"),
        ["status changed", "commitment "],
    ),
}


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_each_tampering_is_reported_by_both_checks(site, tmp_path: Path, name: str) -> None:
    db, _, ids = site
    tamper, expected = TAMPERINGS[name]
    with db.engine.begin() as conn:
        tamper(conn, ids)
    for result in _both(db, tmp_path):
        assert result.exit_code == 1, result.output
        for words in expected:
            assert words.format(**ids) in result.stderr, (words, result.stderr)
