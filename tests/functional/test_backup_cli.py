"""``inwriting db backup`` and ``db restore`` as an operator runs them (SQLite; the services
are tested on both engines in tests/integration/test_backups.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from inwriting.cli import app


def _run(tmp_path: Path, database: str, *args: str) -> Result:
    env = {"INWRITING_DATA_DIR": str(tmp_path / f"{database}-data"), "COLUMNS": "200"}
    url = f"sqlite:///{tmp_path / database}"
    return CliRunner().invoke(app, ["--database", url, *args], env=env)


def test_backup_then_restore_into_a_new_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run(tmp_path, "live.db", "db", "upgrade").exit_code == 0
    assert _run(tmp_path, "live.db", "users", "add", "ann").exit_code == 0
    assert _run(tmp_path, "live.db", "record", "checkpoint").exit_code == 0
    made = _run(tmp_path, "live.db", "db", "backup", "b", "--json")
    assert made.exit_code == 0, made.output
    assert json.loads(made.output)["files"].keys() == {"database.sqlite3", "key/record-signing.key"}

    restored = _run(tmp_path, "new.db", "db", "restore", "b")
    assert restored.exit_code == 0, restored.output
    assert "ann" in _run(tmp_path, "new.db", "users", "list").output
    assert _run(tmp_path, "new.db", "record", "verify").exit_code == 0
    assert _run(tmp_path, "new.db", "db", "check").exit_code == 0

    again = _run(tmp_path, "new.db", "db", "restore", "b")
    assert again.exit_code == 1
    assert again.output.strip().splitlines() == [
        f"error: sqlite:///{tmp_path / 'new.db'} holds data; restore over it only with --force"
    ]
    assert _run(tmp_path, "new.db", "db", "restore", "b", "--force").exit_code == 0
    assert _run(tmp_path, "live.db", "db", "backup", "b").exit_code == 1  # never overwritten
