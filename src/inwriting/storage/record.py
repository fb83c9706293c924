"""The record's tables: appending leaves and nodes, and reading hashes, entries, tiles.

Everything here runs inside a transaction a service opened. Appends are serialised: on
PostgreSQL by a transaction-scoped advisory lock (held until commit, so entries are numbered
in commit order with no gaps or duplicates, whatever the number of app processes); on SQLite
by the ``BEGIN IMMEDIATE`` every writing transaction starts with. The primary keys on
``record_entries.index`` and ``record_nodes (level, index)`` make a duplicate impossible
even if that discipline were broken.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, text, tuple_
from sqlalchemy.orm import Session

from inwriting.storage.models import CheckpointRow, RecordEntryRow, RecordNodeRow
from inwriting.tlog.stored import Node, appended_nodes, perfect_subtrees

_LOCK_KEY = 0x1A77_2171  # any constant; the same in every process of this application


@dataclass(frozen=True)
class NewEntry:
    entry: bytes
    type: str
    negotiation_id: int | None
    party_id: int | None
    subject_kind: str
    subject_id: int


def lock(session: Session) -> None:
    """Serialise appenders until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def size(session: Session) -> int:
    last = session.scalar(select(func.max(RecordNodeRow.index)).where(RecordNodeRow.level == 0))
    return 0 if last is None else last + 1


def append(session: Session, entries: Sequence[NewEntry], now: datetime) -> int:
    """Append ``entries`` (caller holds :func:`lock`); returns the index of the first."""
    start = size(session)
    frontier = nodes(session, perfect_subtrees(0, start))
    created = appended_nodes(start, frontier, [e.entry for e in entries])
    session.execute(
        insert(RecordNodeRow),
        [{"level": lv, "index": ix, "hash": h} for (lv, ix), h in created.items()],
    )
    session.execute(
        insert(RecordEntryRow),
        [
            {
                "index": start + offset,
                "entry": e.entry,
                "type": e.type,
                "negotiation_id": e.negotiation_id,
                "party_id": e.party_id,
                "subject_kind": e.subject_kind,
                "subject_id": e.subject_id,
                "recorded_at": now,
            }
            for offset, e in enumerate(entries)
        ],
    )
    return start


def nodes(session: Session, wanted: Iterable[Node]) -> dict[Node, bytes]:
    """The stored hashes of ``wanted`` nodes (those that exist)."""
    keys = sorted(set(wanted))
    found: dict[Node, bytes] = {}
    for start in range(0, len(keys), 200):  # keep IN lists short and portable
        chunk = keys[start : start + 200]
        rows = session.execute(
            select(RecordNodeRow.level, RecordNodeRow.index, RecordNodeRow.hash).where(
                tuple_(RecordNodeRow.level, RecordNodeRow.index).in_(chunk)
            )
        )
        found.update({(lv, ix): bytes(h) for lv, ix, h in rows})
    return found


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


def checkpoints(session: Session) -> list[CheckpointRow]:
    return list(session.scalars(select(CheckpointRow).order_by(CheckpointRow.size)))


def checkpoint_covering(session: Session, index: int) -> CheckpointRow | None:
    """The smallest stored checkpoint that includes entry ``index``."""
    return session.scalars(
        select(CheckpointRow).where(CheckpointRow.size > index).order_by(CheckpointRow.size)
    ).first()
