"""Consistent copies of a live database, and putting one back, on either engine.

A file copy (``cp``) of a live SQLite database misses whatever sits in its write-ahead log
and may catch pages half-written: it once lost six acknowledged submissions and still
opened fine. So:

* **SQLite**: the online backup API (``sqlite3.Connection.backup``) copies every page in one
  step under one read transaction, a snapshot that includes every committed transaction.
  The copy is switched to a rollback journal so that it is one self-contained file.
* **PostgreSQL**: ``pg_dump -Fc`` reads a snapshot *exported* by our own repeatable-read
  transaction, in which the record's size and latest leaf are read too: the dump and the
  mark describe exactly the same state. ``pg_restore`` puts it back in one transaction.

Each copy returns its :class:`RecordMark`, which the restore checks again.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, create_engine, inspect, make_url, text
from sqlalchemy.orm import Session

from inwriting.errors import InWritingError
from inwriting.storage import record
from inwriting.storage.engine import Database, available


class BackupError(InWritingError):
    code = "backup"


@dataclass(frozen=True)
class RecordMark:
    """The record's size and latest leaf hash: what a restored record must show again."""

    size: int
    last_leaf: str | None  # hex


def copy_sqlite(db: Database, target: Path) -> RecordMark:
    """Copy the live database to the new file ``target`` with the online backup API."""
    with available(), closing(db.engine.raw_connection()) as raw:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
    return sqlite_mark(target)


def sqlite_mark(path: Path) -> RecordMark:
    """The record mark of a SQLite file, read without changing it (no WAL switch)."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            return _mark(conn)
    finally:
        engine.dispose()


def restore_sqlite(source: Path, db: Database) -> None:
    """Overwrite ``db`` with the SQLite file ``source``, page by page, under its write lock."""
    db.dispose()
    with (
        available(),
        closing(sqlite3.connect(source)) as backup,
        closing(db.engine.raw_connection()) as raw,
    ):
        target = raw.driver_connection
        assert isinstance(target, sqlite3.Connection)
        backup.backup(target)
    db.dispose()


def dump_postgresql(db: Database, target: Path) -> RecordMark:
    """``pg_dump -Fc`` of the snapshot in which the record mark is read."""
    with available(), db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            mark = _mark(conn)
            _run(db, "pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(target))
    return mark


def restore_postgresql(source: Path, db: Database) -> None:
    """``pg_restore`` in one transaction; tables already there (an upgraded but empty
    schema, or old data with ``--force``) are dropped first."""
    clean = ["--clean", "--if-exists"] if has_tables(db) else []
    db.dispose()
    _run(db, "pg_restore", "--no-owner", "--no-privileges", "--single-transaction",
         "--exit-on-error", *clean, str(source))  # fmt: skip


def database_mark(db: Database) -> RecordMark:
    with available(), db.engine.connect() as conn:
        return _mark(conn)


def has_tables(db: Database) -> bool:
    with available(), db.engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def holds_data(db: Database) -> bool:
    """Whether any table but Alembic's holds a row: an upgraded, empty schema does not."""
    with available(), db.engine.connect() as conn:
        quote = conn.dialect.identifier_preparer.quote
        names = [n for n in inspect(conn).get_table_names() if n != "alembic_version"]
        # Table names come from the database's own catalog, quoted as identifiers.
        return any(
            conn.execute(text(f"SELECT 1 FROM {quote(n)} LIMIT 1")).first()  # noqa: S608
            for n in names
        )


def _mark(conn: Connection) -> RecordMark:
    if "record_nodes" not in inspect(conn).get_table_names():
        return RecordMark(0, None)
    with Session(bind=conn) as session:
        last = record.last_leaf(session)
        return RecordMark(record.size(session), None if last is None else bytes(last[1]).hex())


def _run(db: Database, tool: str, *args: str) -> None:
    """Run a PostgreSQL client tool on ``db``; the password goes by environment, never on
    the command line (where ``ps`` shows it) or into a message."""
    url = make_url(db.url)
    target = url.set(drivername="postgresql", password=None).render_as_string(False)
    env = dict(os.environ)  # the child's environment: PATH, locale, PG* client settings
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    command = [pg_tool(tool), f"--dbname={target}", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{tool} failed on {db.display_url}: {last}")


def pg_tool(name: str) -> str:
    """``name`` from PATH, else from the newest ``/usr/lib/postgresql/*/bin`` (Debian)."""
    found = shutil.which(name)
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    if found:
        return found
    raise BackupError(f"{name} is not installed: install the PostgreSQL client tools")
