"""The record's tables: appending leaves and nodes, and reading hashes, entries, tiles.

Everything here runs inside a transaction a service opened. Appends are serialised: on
PostgreSQL by a transaction-scoped advisory lock (held until commit, so entries are numbered
in commit order with no gaps or duplicates, whatever the number of app processes); on SQLite
by the ``BEGIN IMMEDIATE`` every writing transaction starts with. The primary keys on
``record_entries.index`` and ``record_nodes (level, index)`` make a duplicate impossible
even if that discipline were broken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any, cast

from sqlalchemy import Column, Dialect, Table, case, func, select, text
from sqlalchemy.orm import Session

from inwriting.storage.conversions import (
    batch_digest,
    clearance_content,
    clearance_digest,
    commitment_content,
    commitment_digest,
    content_digest,
    language_text_row_digest,
    member_content,
    member_digest,
    negotiation_content,
    negotiation_digest,
    party_content,
    party_digest,
    request_content,
    request_digest,
    response_row_digest,
    status_change_content,
    status_change_digest,
    version_row_digest,
)
from inwriting.storage.models import (
    CheckpointRow,
    ClearanceRow,
    CommentBatchRow,
    CommitmentRow,
    LanguageTextRow,
    MemberRow,
    NegotiationRow,
    PartyRow,
    RecordEntryRow,
    RecordNodeRow,
    RequestRow,
    ResponseRow,
    StatusChangeRow,
    VersionRow,
    WitnessRow,
)
from inwriting.tlog.stored import Node, appended_nodes, perfect_subtrees

_LOCK_KEY = 0x1A77_2171  # any constant; the same in every process of this application
_NODES = cast(Table, RecordNodeRow.__table__)
_ENTRIES = cast(Table, RecordEntryRow.__table__)
_ENTRY_COLUMNS = (
    "index",
    "entry",
    "type",
    "negotiation_id",
    "party_id",
    "subject_kind",
    "subject_id",
    "recorded_at",
    "salt",
)
_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}  # sqlite3: qmark; psycopg: pyformat


@dataclass(frozen=True)
class NewEntry:
    entry: bytes
    type: str
    negotiation_id: int | None
    party_id: int | None
    subject_kind: str
    subject_id: int
    salt: bytes | None = None  # the commitment's key (entry format 2); never public


def lock(session: Session) -> None:
    """Serialise appenders until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def size(session: Session) -> int:
    last = session.scalar(select(func.max(RecordNodeRow.index)).where(RecordNodeRow.level == 0))
    return 0 if last is None else last + 1


def last_leaf(session: Session) -> tuple[int, bytes] | None:
    """The index and leaf hash of the latest entry: a mark of the record's state that
    differs between two databases whose records merely have the same size."""
    query = select(RecordNodeRow.index, RecordNodeRow.hash).where(RecordNodeRow.level == 0)
    found = session.execute(query.order_by(RecordNodeRow.index.desc()).limit(1)).first()
    return None if found is None else (found[0], found[1])


def append(session: Session, entries: Sequence[NewEntry], now: datetime) -> int:
    """Append ``entries`` (caller holds :func:`lock`); returns the index of the first."""
    start = size(session)
    frontier = nodes(session, perfect_subtrees(0, start))
    created = appended_nodes(start, frontier, [e.entry for e in entries])
    when = _bind_value(session, _ENTRIES.c.recorded_at, now)
    _insert_many(
        session,
        _NODES,
        ("level", "index", "hash"),
        [(lv, ix, h) for (lv, ix), h in created.items()],
    )
    _insert_many(
        session,
        _ENTRIES,
        _ENTRY_COLUMNS,
        [
            (
                start + offset,
                e.entry,
                e.type,
                e.negotiation_id,
                e.party_id,
                e.subject_kind,
                e.subject_id,
                when,
                e.salt,
            )
            for offset, e in enumerate(entries)
        ],
    )
    return start


def _insert_many(
    session: Session, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """One driver-level ``executemany`` of ``rows`` into ``table``.

    The ORM's bulk insert and Core's per-row parameter processing cost more than SQLite's own
    work for these narrow rows, so appends hand plain tuples straight to the driver (about 3x
    the entries/s on SQLite, 1.6x on PostgreSQL: bench/record.py). Every value must already
    be what the driver binds as is: ints, strings, bytes, None, and datetimes passed through
    :func:`_bind_value`.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    mark = _MARKS[dialect.paramstyle]
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(table.c[name].name) for name in columns)
    marks = ", ".join([mark] * len(columns))
    connection.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})",  # noqa: S608 (fixed names)
        rows,
    )


def _bind_value(session: Session, column: Column[Any], value: Any) -> Any:
    """``value`` as SQLAlchemy would bind it for ``column`` on this session's dialect."""
    dialect = session.get_bind().dialect
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return value if process is None else process(value)


def nodes(session: Session, wanted: Iterable[Node]) -> dict[Node, bytes]:
    """The stored hashes of ``wanted`` nodes (those that exist)."""
    keys = sorted(set(wanted))
    found: dict[Node, bytes] = {}
    connection = session.connection()
    if connection.dialect.name == "postgresql" and keys:
        # One statement text for every proof, so psycopg prepares it once and PostgreSQL
        # stops re-planning it (bench/record.py: this is most of a proof's cost there).
        levels, indexes = [k[0] for k in keys], [k[1] for k in keys]
        rows = connection.exec_driver_sql(_PG_NODES, (levels, indexes))
        return {(lv, ix): bytes(h) for lv, ix, h in rows}
    for start in range(0, len(keys), 200):  # keep IN lists short and portable
        sql, params = _nodes_query(connection.dialect, keys[start : start + 200])
        rows = connection.exec_driver_sql(sql, params)
        found.update({(lv, ix): bytes(h) for lv, ix, h in rows})
    return found


_PG_NODES = (
    'SELECT n.level, n."index", n.hash FROM record_nodes AS n '
    "JOIN unnest(%s::integer[], %s::bigint[]) AS w(level, idx) "
    'ON n.level = w.level AND n."index" = w.idx'
)


def _nodes_query(dialect: Dialect, keys: Sequence[Node]) -> tuple[str, tuple[int, ...]]:
    """``SELECT ... WHERE (level = ? AND index IN (?, ...)) OR ...``, one term per level.

    Both engines answer it from the primary key, where SQLite scans the whole table for a
    row-value ``(level, index) IN (VALUES ...)``. It is plain SQL because building the same
    condition as a SQLAlchemy expression costs more than the query (about 20 levels per proof).
    """
    by_level: dict[int, list[int]] = {}
    for level, index in keys:
        by_level.setdefault(level, []).append(index)
    mark = _MARKS[dialect.paramstyle]
    quote = dialect.identifier_preparer.quote
    terms = " OR ".join(
        f"(level = {mark} AND {quote('index')} IN ({', '.join([mark] * len(indexes))}))"
        for indexes in by_level.values()
    )
    params = tuple(chain.from_iterable((level, *indexes) for level, indexes in by_level.items()))
    sql = f"SELECT level, {quote('index')}, hash FROM {quote(_NODES.name)} WHERE {terms}"  # noqa: S608
    return sql, params


def level_hashes(session: Session, level: int, start: int, end: int) -> list[bytes]:
    """Stored hashes at ``level`` for indexes ``[start, end)``, in order (a tile's content)."""
    rows = session.scalars(
        select(RecordNodeRow.hash)
        .where(
            RecordNodeRow.level == level,
            RecordNodeRow.index >= start,
            RecordNodeRow.index < end,
        )
        .order_by(RecordNodeRow.index)
    )
    return [bytes(h) for h in rows]


def entries(session: Session, start: int, end: int) -> list[RecordEntryRow]:
    return list(
        session.scalars(
            select(RecordEntryRow)
            .where(RecordEntryRow.index >= start, RecordEntryRow.index < end)
            .order_by(RecordEntryRow.index)
        )
    )


def latest_checkpoint(session: Session) -> CheckpointRow | None:
    return session.scalars(select(CheckpointRow).order_by(CheckpointRow.size.desc())).first()


def witnesses(session: Session) -> list[WitnessRow]:
    return list(session.scalars(select(WitnessRow).order_by(WitnessRow.name)))


def checkpoints(session: Session) -> list[CheckpointRow]:
    return list(session.scalars(select(CheckpointRow).order_by(CheckpointRow.size)))


def checkpoint_covering(session: Session, index: int) -> CheckpointRow | None:
    """The smallest stored checkpoint that includes entry ``index``."""
    return session.scalars(
        select(CheckpointRow).where(CheckpointRow.size > index).order_by(CheckpointRow.size)
    ).first()


# Each subject kind the record commits to: its table and the digest of a row as it is now.
SUBJECT_ROWS: dict[str, tuple[type[Any], Callable[[Any], str]]] = {
    "negotiation": (NegotiationRow, negotiation_digest),
    "party": (PartyRow, party_digest),
    "member": (MemberRow, member_digest),
    "version": (VersionRow, version_row_digest),
    "language_text": (LanguageTextRow, language_text_row_digest),
    "request": (RequestRow, request_digest),
    "response": (ResponseRow, response_row_digest),
    "commitment": (CommitmentRow, commitment_digest),
    "status_change": (StatusChangeRow, status_change_digest),
    "comment_batch": (CommentBatchRow, batch_digest),
    "clearance": (ClearanceRow, clearance_digest),
}
# Small subjects are opened with their content; versions, language texts and responses with
# their digest only (their readers get the full text from ``documents show`` / ``responses show``).
_CONTENTS: dict[str, Callable[[Any], dict[str, object]]] = {
    "negotiation": negotiation_content,
    "party": party_content,
    "member": member_content,
    "request": request_content,
    "commitment": commitment_content,
    "status_change": status_change_content,
    "clearance": clearance_content,
}


def opening(session: Session, kind: str, subject_id: int) -> tuple[str, dict[str, object] | None]:
    """The digest of a record subject as the database holds it now, and its content if it
    is small ("" and None if its row is gone)."""
    model, digest_of = SUBJECT_ROWS[kind]
    row = session.get(model, subject_id)
    if row is None:
        return "", None
    content_of = _CONTENTS.get(kind)
    if content_of is None:
        return digest_of(row), None
    content = content_of(row)
    return content_digest(content), content


def acting_member(
    session: Session, negotiation: int, user: int | None, party: int | None
) -> int | None:
    """The id of ``user``'s membership in ``negotiation`` (of ``party`` if they are one of
    its members), or None if they are a member of no party there (an administrator)."""
    if user is None:
        return None
    query = (
        select(MemberRow.id)
        .join(PartyRow, MemberRow.party_id == PartyRow.id)
        .where(PartyRow.negotiation_id == negotiation, MemberRow.user_id == user)
        .order_by(case((MemberRow.party_id == party, 0), else_=1), MemberRow.id)
        .limit(1)
    )
    found: int | None = session.scalar(query)
    return found
