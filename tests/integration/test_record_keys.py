"""The record's signing key: found wherever a command starts, never made twice for one
record, never written by a reading command, never left half-written."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inwriting.cli import app
from inwriting.services import record
from inwriting.services.record_keys import RecordKeyError, create_key, open_record_key
from inwriting.settings import Settings
from inwriting.storage.engine import Database
from tests.integration.builders import T0, build

ORIGIN = "localhost/inwriting"


def test_the_default_data_folder_follows_the_database_not_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    here = Settings.from_env({"INWRITING_DATABASE_URL": "sqlite:///site/inwriting.db"})
    assert here.record_key_path == tmp_path / "site" / ".inwriting" / "record-signing.key"
    monkeypatch.chdir(tmp_path / "..")
    assert Settings.from_env({}).record_key_path.is_absolute()
    pg = "postgresql+psycopg://db.example/talks"
    env = {"INWRITING_DATABASE_URL": pg, "XDG_DATA_HOME": str(tmp_path / "xdg")}
    assert Settings.from_env(env).record_key_path.parent == tmp_path / "xdg" / "inwriting"
    env["INWRITING_DATA_DIR"] = "keys"
    assert Settings.from_env(env).record_key_path == tmp_path.parent / "keys" / "record-signing.key"


def test_no_new_key_for_a_record_that_already_has_checkpoints(db: Database, tmp_path: Path) -> None:
    build(db)
    first = tmp_path / "old" / "record-signing.key"
    record.publish_checkpoint(db, open_record_key(db, first, ORIGIN), now=T0)
    elsewhere = tmp_path / "new" / "record-signing.key"
    with pytest.raises(RecordKeyError, match="INWRITING_DATA_DIR") as refused:
        open_record_key(db, elsewhere, ORIGIN)
    assert str(elsewhere) in refused.value.message
    assert not elsewhere.exists()
    assert open_record_key(db, first, ORIGIN).vkey  # the real key is still found


def test_record_verify_and_key_never_write_a_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    env = {"INWRITING_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    assert runner.invoke(app, ["db", "upgrade"], env=env).exit_code == 0
    # Nothing signed yet: verify checks the entries and needs no key; `record key` has none.
    assert runner.invoke(app, ["record", "verify"], env=env).exit_code == 0
    done = runner.invoke(app, ["record", "key"], env=env)
    assert done.exit_code == 1
    assert "no record signing key at" in done.stderr and "INWRITING_DATA_DIR" in done.stderr
    assert not (tmp_path / ".inwriting").exists()
    assert runner.invoke(app, ["record", "checkpoint"], env=env).exit_code == 0  # signs
    key = tmp_path / ".inwriting" / "record-signing.key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert runner.invoke(app, ["record", "verify"], env=env).exit_code == 0
    # Signed checkpoints and the key gone: they cannot be checked, so the record does not verify.
    key.rename(tmp_path / "elsewhere.key")
    done = runner.invoke(app, ["record", "verify"], env=env)
    assert done.exit_code == 1 and "checkpoints unverified" in done.stderr
    assert not key.exists()


def test_a_full_disk_leaves_no_partial_key_and_the_next_attempt_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "record-signing.key"
    real_write = os.write

    def full_disk(fd: int, data: bytes | memoryview) -> int:
        real_write(fd, bytes(data[:10]))  # part of the key reaches the disk
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(RecordKeyError, match="No space left"):
        create_key(path, ORIGIN)
    assert list(path.parent.iterdir()) == []  # neither the key nor a temporary file
    monkeypatch.setattr(os, "write", real_write)
    key = create_key(path, ORIGIN)
    assert key.origin == ORIGIN and path.stat().st_mode & 0o777 == 0o600


def test_the_database_option_puts_the_key_beside_that_database_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--database` stands for INWRITING_DATABASE_URL: the key made for a record goes beside
    its SQLite file and is found again from any working folder, never in the folder a
    command happened to run in (`make run` passes --database)."""
    monkeypatch.delenv("INWRITING_DATABASE_URL", raising=False)
    monkeypatch.delenv("INWRITING_DATA_DIR", raising=False)
    (tmp_path / "here").mkdir()
    (tmp_path / "elsewhere").mkdir()
    url = f"sqlite:///{tmp_path / 'talks.db'}"
    runner = CliRunner()
    monkeypatch.chdir(tmp_path / "here")
    assert runner.invoke(app, ["--database", url, "db", "upgrade"]).exit_code == 0
    assert runner.invoke(app, ["--database", url, "record", "checkpoint"]).exit_code == 0
    assert (tmp_path / ".inwriting" / "record-signing.key").exists()
    assert not (tmp_path / "here" / ".inwriting").exists()
    monkeypatch.chdir(tmp_path / "elsewhere")
    verified = runner.invoke(app, ["--database", url, "record", "verify"])
    assert verified.exit_code == 0, verified.output
    assert not (tmp_path / "elsewhere" / ".inwriting").exists()
