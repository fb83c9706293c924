"""The engine and the one way to open a transaction.

``Database.transaction()`` is for services that write, and admits one writer at a time on
both engines: on SQLite it issues ``BEGIN IMMEDIATE`` (writers queue for the lock up front
instead of failing half-way when a read lock cannot be upgraded); on PostgreSQL it takes the
record's transaction-scoped advisory lock first thing. Every write appends to the record,
which is serialised anyway; taking the lock at the start also makes the checks a service
makes before writing ("is this name taken?", "which version number is next?") race-free in
any number of processes. ``reading()`` is a plain transaction for reads, never blocked.

A database that cannot be reached or written (server down, connection refused, disk full,
read-only file or server) raises :class:`~inwriting.errors.Unavailable` from every one of
these entry points, after the transaction was rolled back, so each front door answers it
like any other error of the family (503 ``unavailable``; the CLI's one-line message).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from inwriting.errors import Unavailable
from inwriting.storage import guards, record

MIGRATIONS = Path(__file__).with_name("migrations")
READ_ONLY_SQLSTATE = "25006"  # PostgreSQL: read_only_sql_transaction (a standby, or read-only)


def normalise_url(url: str) -> str:
    """Accept the URLs people paste (``postgresql://``) and pick our drivers."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    url = normalise_url(url)
    if make_url(url).get_backend_name() != "sqlite":
        # No pre-ping: it costs a round trip per checkout, which is as much as a whole proof
        # query (bench/record.py). Connections are recycled instead, and a connection found
        # dead makes SQLAlchemy invalidate the pool, so the next checkout reconnects.
        engine = create_engine(url, echo=echo, hide_parameters=not echo, pool_recycle=600)
        event.listen(engine, "before_cursor_execute", guards.refuse_nul)
        return engine
    database = make_url(url).database
    # ``sqlite:///file:...?mode=ro&uri=true`` names a URI, not a path to create.
    if database and database != ":memory:" and "uri" not in make_url(url).query:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    # Parameters are left out of error messages (which reach logs): they may be secrets.
    engine = create_engine(url, echo=echo, hide_parameters=not echo, connect_args={"timeout": 30})
    # Let SQLAlchemy, not the driver, decide when transactions begin (the documented recipe),
    # so BEGIN IMMEDIATE can be issued for writers.
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    event.listen(engine, "before_cursor_execute", guards.refuse_nul)
    return engine


@contextmanager
def available() -> Iterator[None]:
    """Turn the driver's "cannot reach or write the database" into :class:`Unavailable`.

    The message names the kind of failure but never the statement or its parameters, which
    may hold secrets (password hashes, tokens)."""
    try:
        yield
    except DBAPIError as error:
        if not _is_unavailable(error):
            raise
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        raise Unavailable(
            "the database cannot be reached or written just now; nothing was changed, "
            f"try again later ({reason})"
        ) from error


def _is_unavailable(error: DBAPIError) -> bool:
    if isinstance(error, OperationalError | InterfaceError) or error.connection_invalidated:
        return True
    return getattr(error.orig, "sqlstate", None) == READ_ONLY_SQLSTATE


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_on_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """An engine plus a session factory whose sessions refuse to alter the immutable rows."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, echo=echo)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        guards.install(self._sessions)
        # SQLite lets one writer in at a time and makes the others poll with growing sleeps,
        # so in a burst some writers get in again and again while others wait for seconds.
        # This process's writers queue on a lock first and poll only against other processes.
        self._sqlite_writers = threading.RLock()

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One writing transaction: committed when the block ends, rolled back on error."""
        queue = self._sqlite_writers if self.backend == "sqlite" else nullcontext()
        with available(), queue, self.engine.connect() as conn:
            if self.backend == "sqlite":
                conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with self._sessions(bind=conn) as session, session.begin():
                record.lock(session)
                yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with available(), self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading_immutable(self) -> Iterator[Session]:
        """Reads of rows that never change once written (the record's tree nodes): no
        transaction is needed for a consistent answer, so none is opened, which saves
        PostgreSQL the BEGIN and COMMIT round trips (proofs: bench/record.py)."""
        with available(), self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            with self._sessions(bind=conn) as session:
                yield session

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to ``revision`` (Alembic)."""
        with available(), self.engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)

    def current_revision(self) -> str | None:
        with available(), self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    @staticmethod
    def head_revision() -> str | None:
        return ScriptDirectory.from_config(alembic_config()).get_current_head()

    @staticmethod
    def known_revisions() -> set[str]:
        """Every schema revision this code can migrate from."""
        return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}

    @property
    def display_url(self) -> str:
        """The URL with any password masked, safe for messages and logs."""
        return make_url(self.url).render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(connection: Any = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config
