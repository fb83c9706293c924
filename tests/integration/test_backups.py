"""Backup and restore, on SQLite and PostgreSQL: a backup taken while submissions pour in
restores to a database that passes ``db check`` and ``record verify`` and holds everything
acknowledged before the backup began; restore checks the manifest and refuses to overwrite."""

from __future__ import annotations

import dataclasses
import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from inwriting.errors import Conflict, InWritingError
from inwriting.services import backups, record, responses
from inwriting.services.actors import Actor
from inwriting.services.ledger import check_database
from inwriting.services.record_keys import load_key, open_record_key
from inwriting.services.verification import verify_record
from inwriting.settings import Settings
from inwriting.storage.engine import Database
from tests.conftest import _pg_admin, _pg_url
from tests.integration.builders import BEA, CARL, build, full_answer

BURST = ((BEA, "Party B"), (CARL, "Party C"))


@pytest.fixture
def empty(db: Database, tmp_path: Path) -> Iterator[Database]:
    """A new, empty database of the same engine as ``db``: no schema at all."""
    if db.backend == "sqlite":
        fresh = Database(f"sqlite:///{tmp_path / 'restored.db'}")
        yield fresh
        fresh.dispose()
        return
    name = f"inwriting_r_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    fresh = Database(_pg_url(name))
    yield fresh
    fresh.dispose()
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _settings(db: Database, folder: Path) -> Settings:
    return Settings(database_url=db.url, data_dir=folder)


class Burst:
    """Threads that draft and submit responses, one after another, until stopped."""

    def __init__(self, db: Database, version_id: int) -> None:
        self.db, self.version_id = db, version_id
        self.acknowledged: list[tuple[Actor, int]] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=who) for who in BURST]

    def _run(self, actor: Actor, party: str) -> None:
        while not self.stop.is_set():
            draft = responses.save_draft(self.db, actor, self.version_id, full_answer(party))
            sent = responses.submit_response(self.db, actor, draft.id)
            with self.lock:
                self.acknowledged.append((actor, sent.id))

    def so_far(self) -> list[tuple[Actor, int]]:
        with self.lock:
            return list(self.acknowledged)


def test_a_backup_during_a_burst_restores_everything_acknowledged_before_it(
    db: Database, empty: Database, tmp_path: Path
) -> None:
    setup = build(db)
    live = _settings(db, tmp_path / "data")
    key = open_record_key(db, live.record_key_path, live.record_origin)
    (live.data_dir / "notes.txt").write_text("kept beside the database\n")
    record.publish_checkpoint(db, key)
    burst = Burst(db, setup.version_id)
    for thread in burst.threads:
        thread.start()
    try:
        while len(burst.so_far()) < 6:
            burst.stop.wait(0.01)
        before = burst.so_far()
        manifest = backups.back_up(db, live, tmp_path / "backup")
        while len(burst.so_far()) < len(before) + 4:  # and submissions went on after it
            burst.stop.wait(0.01)
    finally:
        burst.stop.set()
        for thread in burst.threads:
            thread.join()

    restored = _settings(empty, tmp_path / "restored-data")
    backups.restore(empty, restored, tmp_path / "backup")
    assert record.record_size(empty) == manifest.record.size >= len(before)
    for actor, response_id in before:
        assert responses.get_response(empty, actor, response_id).status in (
            "submitted",
            "superseded",
        )
    assert check_database(empty).ok
    verifier = load_key(restored.record_key_path, restored.record_origin)
    assert verify_record(empty, verifier.signer.verifier()).ok
    assert (restored.data_dir / "notes.txt").read_text() == "kept beside the database\n"
    assert restored.record_key_path.read_bytes() == live.record_key_path.read_bytes()


def test_restore_refuses_a_database_holding_data_unless_forced(
    db: Database, tmp_path: Path
) -> None:
    setup = build(db)
    live = _settings(db, tmp_path / "data")
    backups.back_up(db, live, tmp_path / "backup")
    draft = responses.save_draft(db, BEA, setup.version_id, full_answer())
    later = responses.submit_response(db, BEA, draft.id)
    with pytest.raises(Conflict, match="--force"):
        backups.restore(db, live, tmp_path / "backup")
    assert responses.get_response(db, BEA, later.id).status == "submitted"  # untouched
    backups.restore(db, live, tmp_path / "backup", force=True)
    with pytest.raises(InWritingError):
        responses.get_response(db, BEA, later.id)  # back to the state of the backup
    assert check_database(db).ok


def test_restore_checks_the_manifest_before_touching_anything(
    db: Database, empty: Database, tmp_path: Path
) -> None:
    build(db)
    live = _settings(db, tmp_path / "data")
    open_record_key(db, live.record_key_path, live.record_origin)
    folder = tmp_path / "backup"
    manifest = backups.back_up(db, live, folder)
    target = _settings(empty, tmp_path / "restored-data")
    key = folder / backups.KEY
    key.write_text(key.read_text().replace("+", "-", 1))
    with pytest.raises(InWritingError, match="does not match its digest"):
        backups.restore(empty, target, folder)
    assert not target.record_key_path.exists()
    assert empty.current_revision() is None  # nothing restored

    raw = json.loads((folder / backups.MANIFEST).read_text())
    raw["engine"] = "sqlite" if db.backend == "postgresql" else "postgresql"
    raw["files"].pop(backups.KEY)
    (folder / backups.MANIFEST).write_text(json.dumps(raw))
    with pytest.raises(InWritingError, match="backup of a"):
        backups.restore(empty, target, folder)
    assert dataclasses.asdict(manifest)["engine"] == db.backend


def test_a_backup_never_overwrites_a_folder(db: Database, tmp_path: Path) -> None:
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "precious").write_text("mine")
    with pytest.raises(Conflict):
        backups.back_up(db, _settings(db, tmp_path / "data"), tmp_path / "backup")
    assert (tmp_path / "backup" / "precious").read_text() == "mine"
