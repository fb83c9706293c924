"""The record: appending entries with the changes they record, checkpoints, proofs, receipts.

``append_event`` runs inside the transaction of the service whose change it records, so the
change and its entry are committed together or not at all (DESIGN.md rule 6). Everything
else here is a use case of its own.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.events import SALT_BYTES, Event, RecordedEvent, decode_event
from inwriting.errors import Conflict, NotFound, ValidationError, missing
from inwriting.services.actors import Actor, is_member_of, now_or, require_read
from inwriting.services.record_keys import RecordKey
from inwriting.storage import queries
from inwriting.storage import record as store
from inwriting.storage.engine import Database
from inwriting.storage.models import CheckpointRow, NegotiationRow, PartyRow, RecordEntryRow
from inwriting.tlog import Checkpoint, parse_vkey, sign_checkpoint
from inwriting.tlog.receipts import Receipt
from inwriting.tlog.stored import (
    consistency_ranges,
    hashes_for,
    inclusion_ranges,
    nodes_for,
    perfect_subtrees,
)
from inwriting.tlog.tiles import BundleId, TileId, encode_bundle, parse_tile_path
from inwriting.tlog.witness import cosigners

CHECKPOINT_INTERVAL = timedelta(seconds=2)
MAX_ENTRIES_PER_READ = 1000


@dataclass(frozen=True)
class Entry:
    index: int
    entry: bytes
    event: RecordedEvent


@dataclass(frozen=True)
class SignedTree:
    size: int
    root_hash: bytes
    note: str
    created_at: datetime


def append_event(session: Session, event: Event, subject: tuple[str, int]) -> int:
    """Append ``event`` to the record in the caller's transaction; returns its index.

    The entry commits to the subject's content under a fresh random salt, kept beside it
    and given only to those who may read the subject (:func:`open_entry`)."""
    salt = secrets.token_bytes(SALT_BYTES)
    member = store.acting_member(session, event.negotiation, event.actor, event.party)
    store.lock(session)
    return store.append(
        session,
        [
            store.NewEntry(
                entry=event.seal(salt, member).encode(),
                type=event.type.value,
                negotiation_id=event.negotiation,
                party_id=event.party,
                subject_kind=subject[0],
                subject_id=subject[1],
                salt=salt,
            )
        ],
        event.time,
    )


def publish_checkpoint(
    db: Database,
    key: RecordKey,
    *,
    now: datetime | None = None,
    min_interval: timedelta = CHECKPOINT_INTERVAL,
) -> SignedTree:
    """Sign the record's current size and root, unless the latest checkpoint already covers
    it or is younger than ``min_interval`` (then that one is returned)."""
    when = now_or(now)
    with db.transaction() as session:
        store.lock(session)  # one signer at a time: never two heads for one size
        latest = store.latest_checkpoint(session)
        size = store.size(session)
        if latest is not None and (latest.size >= size or when - latest.created_at < min_interval):
            return _signed(latest)
        root = _root(session, size)
        note = sign_checkpoint(Checkpoint(key.origin, size, root), [key.signer])
        row = CheckpointRow(size=size, root_hash=root, note=note, created_at=when)
        session.add(row)
        session.flush()
        return _signed(row)


def latest_checkpoint(db: Database, quorum: int | None = None) -> SignedTree:
    """The checkpoint published as final: the latest one cosigned by ``quorum`` of the
    configured witnesses (None: by all of them; with none configured, simply the latest).
    A newer one still waiting for its cosignatures is not shown: readers must not act on a
    tree that nobody but the host has seen."""
    with db.reading() as session:
        row = _published(session, quorum)
        if row is None:
            if store.latest_checkpoint(session) is None:
                raise NotFound("the record has no checkpoint yet")
            raise NotFound("no checkpoint has been cosigned by a quorum of witnesses yet")
        return _signed(row)


def _published(
    session: Session, quorum: int | None, covering: int | None = None
) -> CheckpointRow | None:
    """The latest checkpoint cosigned by ``quorum`` witnesses or, given ``covering`` (an
    entry index), the earliest such that covers that entry."""
    rows = store.witnesses(session)
    required = len(rows) if quorum is None else quorum
    if required <= 0:
        if covering is None:
            return store.latest_checkpoint(session)
        return store.checkpoint_covering(session, covering)
    if required > len(rows):
        return None
    keys = [parse_vkey(row.vkey) for row in rows]
    # A witness's lines are on checkpoints no larger than the last it cosigned, so none
    # above the required-th largest of those sizes can have a quorum: start there.
    bound = sorted((row.cosigned_size for row in rows), reverse=True)[required - 1]
    query = select(CheckpointRow).where(CheckpointRow.size <= bound)
    if covering is None:
        query = query.order_by(CheckpointRow.size.desc())
    else:
        query = query.where(CheckpointRow.size > covering).order_by(CheckpointRow.size)
    found = session.scalars(query.execution_options(yield_per=64))
    try:  # a server-side cursor on PostgreSQL: close it even when stopping early
        return next((row for row in found if cosigners(row.note, keys) >= required), None)
    finally:
        found.close()


def record_size(db: Database) -> int:
    with db.reading() as session:
        return store.size(session)


def inclusion_proof(db: Database, index: int, size: int | None = None) -> list[bytes]:
    tree = record_size(db) if size is None else size
    if not 0 <= index < tree:
        raise ValidationError(f"entry {index} is not in a record of size {tree}")
    return _stored_hashes(db, inclusion_ranges(index, tree), tree)


def consistency_proof(db: Database, old: int, new: int | None = None) -> list[bytes]:
    tree = record_size(db) if new is None else new
    if not 0 < old <= tree:
        raise ValidationError(f"no consistency proof from size {old} to size {tree}")
    return _stored_hashes(db, consistency_ranges(old, tree), tree)


@dataclass(frozen=True)
class Inclusion:
    """Entry ``index`` is in the tree of ``size`` entries whose root is ``root_hash``."""

    index: int
    size: int
    root_hash: bytes
    proof: list[bytes]


@dataclass(frozen=True)
class Consistency:
    """The tree of ``old`` entries is a prefix of the tree of ``new`` entries."""

    old: int
    new: int
    old_root_hash: bytes
    new_root_hash: bytes
    proof: list[bytes]


def inclusion(db: Database, index: int, size: int | None = None) -> Inclusion:
    """An inclusion proof with the root it leads to (default: the current size), read in
    one node query, for those who show it (the API, the CLI)."""
    tree = record_size(db) if size is None else size
    if not 0 <= index < tree:
        raise ValidationError(f"entry {index} is not in a record of size {tree}")
    *proof, root = _stored_hashes(db, [*inclusion_ranges(index, tree), (0, tree)], tree)
    return Inclusion(index, tree, root, proof)


def consistency(db: Database, old: int, new: int | None = None) -> Consistency:
    """A consistency proof with the two roots it links (default: the current size), read
    in one node query."""
    tree = record_size(db) if new is None else new
    if not 0 < old <= tree:
        raise ValidationError(f"no consistency proof from size {old} to size {tree}")
    ranges = [*consistency_ranges(old, tree), (0, old), (0, tree)]
    *proof, old_root, new_root = _stored_hashes(db, ranges, tree)
    return Consistency(old, tree, old_root, new_root, proof)


def root_at(db: Database, size: int) -> bytes:
    if size < 0:
        raise ValidationError(f"size {size}: a record size is not negative")
    return _stored_hashes(db, [(0, size)], size)[0]


def _stored_hashes(db: Database, ranges: list[tuple[int, int]], size: int) -> list[bytes]:
    """The hashes of ``ranges`` from stored nodes, in one query. Nodes never change, so no
    transaction is needed; a node that is missing means ``size`` exceeds the record."""
    wanted = nodes_for(ranges)
    with db.reading_immutable() as session:
        found = store.nodes(session, wanted)
    if len(found) != len(wanted):
        raise ValidationError(f"size {size}: the record is not that large yet")
    return hashes_for(ranges, found)


def list_entries(db: Database, start: int, end: int) -> list[Entry]:
    """Entries ``[start, end)``: public (ids and digests only, see ``domain.events``)."""
    if not 0 <= start <= end < queries.MAX_ID or end - start > MAX_ENTRIES_PER_READ:
        raise ValidationError(
            f"entries: need 0 <= start <= end and at most {MAX_ENTRIES_PER_READ} at a time"
        )
    with db.reading() as session:
        return [
            Entry(r.index, bytes(r.entry), decode_event(bytes(r.entry)))
            for r in store.entries(session, start, end)
        ]


def recent_entries(db: Database, actor: Actor, negotiation: str, limit: int = 10) -> list[Entry]:
    """The latest record entries about ``negotiation``, newest first."""
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_read(session, neg, actor)
        rows = session.scalars(
            select(RecordEntryRow)
            .where(RecordEntryRow.negotiation_id == neg.id)
            .order_by(RecordEntryRow.index.desc())
            .limit(limit)
        )
        return [Entry(r.index, bytes(r.entry), decode_event(bytes(r.entry))) for r in rows]


def read_tile(db: Database, path: str) -> bytes:
    """The bytes of a C2SP tlog-tiles path (``tile/0/x001/234``, ``tile/entries/5.p/7``)
    as of the latest checkpoint: clients read tiles for a size they have a signature for."""
    ident = parse_tile_path(path)
    with db.reading() as session:
        latest = store.latest_checkpoint(session)
        size = latest.size if latest is not None else 0
        if isinstance(ident, BundleId):
            first = ident.index * 256
            if first + ident.width > size:
                raise NotFound(f"no entry bundle {path} at size {size}")
            rows = store.entries(session, first, first + ident.width)
            return encode_bundle(bytes(r.entry) for r in rows)
        return _hash_tile(session, ident, size, path)


def receipt(
    db: Database, actor: Actor, index: int, key: RecordKey, quorum: int | None = None
) -> Receipt:
    """An offline receipt (C2SP tlog-proof) for entry ``index``, for anyone who may read
    what it records, on the earliest checkpoint covering it that is published as final
    (cosigned by ``quorum`` witnesses, see :func:`latest_checkpoint`)."""
    with db.reading() as session:
        _readable_entry(session, actor, index)  # before signing anything for the caller
    publish_checkpoint(db, key, min_interval=timedelta(0))
    with db.reading() as session:
        row = _readable_entry(session, actor, index)
        checkpoint = _published(session, quorum, covering=index)
        if checkpoint is None:
            raise Conflict(
                "no published checkpoint covers this entry yet (it may await its witnesses), "
                "try again in a moment"
            )
        ranges = inclusion_ranges(index, checkpoint.size)
        proof = hashes_for(ranges, store.nodes(session, nodes_for(ranges)))
        return Receipt(index, tuple(proof), checkpoint.note, extra=bytes(row.entry))


@dataclass(frozen=True)
class Opening:
    """What entry ``index`` commits to: the subject's content digest and the salt (None in
    format 1 entries, whose commitment is the digest itself), and for small subjects (a
    negotiation, party, member, request, commitment, status change) the content whose
    canonical JSON has that digest. ``content_sha256`` is "" if the subject's row is gone."""

    index: int
    entry: bytes
    subject: str
    subject_id: int
    salt: bytes | None
    content_sha256: str
    content: dict[str, object] | None

    @property
    def verified(self) -> bool:
        """Whether the entry commits to this opening (false: the database was altered)."""
        return decode_event(self.entry).opens(self.content_sha256, self.salt)


def open_entry(db: Database, actor: Actor, index: int) -> Opening:
    """The opening of entry ``index``, for anyone who may read what it records: with it they
    check that the public commitment is to the name or text they see."""
    with db.reading() as session:
        row = _readable_entry(session, actor, index)
        digest, content = store.opening(session, row.subject_kind, row.subject_id)
        salt = None if row.salt is None else bytes(row.salt)
        return Opening(
            index, bytes(row.entry), row.subject_kind, row.subject_id, salt, digest, content
        )


def _readable_entry(session: Session, actor: Actor, index: int) -> RecordEntryRow:
    """Entry ``index`` if ``actor`` may read what it records, else the same ``NotFound`` as
    for an entry that does not exist.

    Nearly everything recorded is public within a negotiation (tabled versions, submitted
    responses, requests, commitments, parties and members), so whoever may read the
    negotiation may read those entries' subjects, whichever party acted. A clearance is the
    exception: it belongs to the party's internal review, opened to its members only.
    """
    if not 0 <= index < queries.MAX_ID:
        raise missing("record entry")
    rows = store.entries(session, index, index + 1)
    if not rows:
        raise missing("record entry")
    row = rows[0]
    if row.negotiation_id is None:  # no entry lacks one; if one did, only the operator
        if actor.is_operator:
            return row
        raise missing("record entry")
    negotiation = session.get_one(NegotiationRow, row.negotiation_id)
    require_read(session, negotiation, actor, "record entry")
    if row.subject_kind == "clearance" and not _party_member(session, actor, row.party_id):
        raise missing("record entry")
    return row


def _party_member(session: Session, actor: Actor, party_id: int | None) -> bool:
    party = None if party_id is None else session.get(PartyRow, party_id)
    return party is not None and is_member_of(session, party, actor)


def _hash_tile(session: Session, tile: TileId, size: int, path: str) -> bytes:
    count = size >> (8 * tile.level)  # complete hashes at this tile level
    first = tile.index * 256
    if first + tile.width > count:  # a partial tile of an older size is a prefix: served
        raise NotFound(f"no tile {path} at size {size}")
    return b"".join(store.level_hashes(session, 8 * tile.level, first, first + tile.width))


def _root(session: Session, size: int) -> bytes:
    return hashes_for([(0, size)], store.nodes(session, perfect_subtrees(0, size)))[0]


def _signed(row: CheckpointRow) -> SignedTree:
    return SignedTree(row.size, bytes(row.root_hash), row.note, row.created_at)
