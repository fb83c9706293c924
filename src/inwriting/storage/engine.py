"""The engine and the one way to open a transaction.

``Database.transaction()`` is for services that write, and admits one writer at a time on
both engines: on SQLite it issues ``BEGIN IMMEDIATE`` (writers queue for the lock up front
instead of failing half-way when a read lock cannot be upgraded); on PostgreSQL it takes the
record's transaction-scoped advisory lock first thing. Every write appends to the record,
which is serialised anyway; taking the lock at the start also makes the checks a service
makes before writing ("is this name taken?", "which version number is next?") race-free in
any number of processes. ``reading()`` is a plain transaction for reads, never blocked.

With a streaming replica configured, reads go to it and writes to the primary, and a person
reads their own writes: a request runs inside :func:`read_your_writes`, which carries the
primary's WAL position that person last wrote at (the web app keeps it in a cookie). A read
that needs a position the replica has not replayed yet goes to the primary instead; once the
replica has it, reads return there. A replica that cannot be reached is left alone for a few
seconds and reads go to the primary meanwhile (the request that found it down gets 503).

A database that cannot be reached or written (server down, connection refused, disk full,
read-only file or server) raises :class:`~inwriting.errors.Unavailable` from every one of
these entry points, after the transaction was rolled back, so each front door answers it
like any other error of the family (503 ``unavailable``; the CLI's one-line message).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
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

log = logging.getLogger("inwriting")
MIGRATIONS = Path(__file__).with_name("migrations")
REPLICA_RETRY_SECONDS = 5.0  # how long reads avoid a replica that could not be reached
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


@dataclass
class Freshness:
    """What one request must read: the primary's WAL positions (``"16/B374D848"``) its person
    last wrote at before it (``seen``) and that its own writes reached (``wrote``)."""

    seen: str | None = None
    wrote: str | None = None
    replica_current: bool = False  # the replica was found to have replayed what is needed

    def needed(self) -> int | None:
        positions = [wal_position(p) for p in (self.seen, self.wrote) if p]
        return max(positions) if positions else None


_freshness: ContextVar[Freshness | None] = ContextVar("inwriting_freshness", default=None)


@contextmanager
def read_your_writes(seen: str | None) -> Iterator[Freshness]:
    """Reads inside this block see at least the primary's WAL position ``seen`` and every
    write made inside it; what it wrote is in the yielded :class:`Freshness`."""
    holder = Freshness(seen)
    token = _freshness.set(holder)
    try:
        yield holder
    finally:
        _freshness.reset(token)


def wal_position(text: str) -> int:
    """``"16/B374D848"`` as a number; ValueError for anything else."""
    high, _, low = text.partition("/")
    if not (_HEX.fullmatch(high) and _HEX.fullmatch(low)):
        raise ValueError(f"not a WAL position: {text!r}")
    return (int(high, 16) << 32) | int(low, 16)


_HEX = re.compile(r"[0-9A-Fa-f]{1,8}")


class Database:
    """An engine plus a session factory whose sessions refuse to alter the immutable rows;
    optionally a streaming replica for reads (PostgreSQL)."""

    def __init__(self, url: str, *, echo: bool = False, replica_url: str = "") -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url, echo=echo)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        guards.install(self._sessions)
        self.replica: Engine | None = None
        if replica_url:
            self.replica = make_engine(replica_url, echo=echo)
            self._replica_sessions = sessionmaker(self.replica, expire_on_commit=False)
            guards.install(self._replica_sessions)
        self._replica_down_until = 0.0
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
            holder = _freshness.get()
            if self.replica is not None and holder is not None:  # committed: note where
                holder.wrote = conn.exec_driver_sql("SELECT pg_current_wal_lsn()::text").scalar()
                holder.replica_current = False

    @contextmanager
    def reading(self) -> Iterator[Session]:
        sessions = self._sessions if self._reads_from() is self.engine else self._replica_sessions
        with (
            available(),
            self._watching_replica(sessions),
            sessions() as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def reading_immutable(self) -> Iterator[Session]:
        """Reads of rows that never change once written (the record's tree nodes): no
        transaction is needed for a consistent answer, so none is opened, which saves
        PostgreSQL the BEGIN and COMMIT round trips (proofs: bench/record.py)."""
        engine = self._reads_from()
        sessions = self._sessions if engine is self.engine else self._replica_sessions
        with available(), self._watching_replica(sessions), engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            with sessions(bind=conn) as session:
                yield session

    def _reads_from(self) -> Engine:
        """The replica, unless there is none, it is resting after a failure, or this request
        needs a write it has not replayed yet."""
        if self.replica is None or time.monotonic() < self._replica_down_until:
            return self.engine
        holder = _freshness.get()
        needed = None if holder is None or holder.replica_current else holder.needed()
        if needed is None:
            return self.replica
        try:
            with self.replica.connect() as conn:
                replayed = conn.exec_driver_sql("SELECT pg_last_wal_replay_lsn()::text").scalar()
        except DBAPIError as error:
            self._rest_replica(error)
            return self.engine
        # None: not a standby (a primary named as its own replica) - as current as it gets.
        if replayed is not None and wal_position(replayed) < needed:
            return self.engine
        assert holder is not None
        holder.replica_current = True
        return self.replica

    @contextmanager
    def _watching_replica(self, sessions: sessionmaker[Session]) -> Iterator[None]:
        """Rest the replica when reading from it finds it unreachable."""
        try:
            yield
        except DBAPIError as error:
            if sessions is not self._sessions and _is_unavailable(error):
                self._rest_replica(error)
            raise

    def _rest_replica(self, error: DBAPIError) -> None:
        self._replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        log.warning("the read replica cannot be reached; reading from the primary (%s)", reason)

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
        if self.replica is not None:
            self.replica.dispose()


def alembic_config(connection: Any = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config
