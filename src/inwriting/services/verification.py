"""``record verify``: re-read everything the record commits to and check it, from scratch.

In order, and stopping at nothing (every discrepancy is collected, the first is the headline):

1. entries: indexes gap-free from 0; each entry parses; its leaf hash equals the stored one;
2. the tree: every stored node equals the node recomputed from the entries;
3. content: each entry commits to the digest of the content now in the
   database (the version text, the response, the request...);
4. checkpoints: each is signed by the record's key, its root is the recomputed root at its
   size, and each is consistent with the next (a consistency proof from the stored tree
   verifies between them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.events import EntryError, decode_event
from inwriting.storage.conversions import (
    commitment_digest,
    member_digest,
    negotiation_digest,
    party_digest,
    request_digest,
    response_row_digest,
    status_change_digest,
    version_row_digest,
)
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    CheckpointRow,
    CommitmentRow,
    MemberRow,
    NegotiationRow,
    PartyRow,
    RecordEntryRow,
    RecordNodeRow,
    RequestRow,
    ResponseRow,
    StatusChangeRow,
    VersionRow,
)
from inwriting.tlog import TlogError, open_checkpoint, verify_consistency
from inwriting.tlog.hashing import leaf_hash, node_hash
from inwriting.tlog.notes import Verifier
from inwriting.tlog.stored import Node, consistency_ranges, hashes_for

_BATCH = 5000


@dataclass(frozen=True)
class Discrepancy:
    index: int | None  # the entry concerned, or None for a checkpoint-only problem
    what: str  # "entry changed", "leaf missing", "content changed", "checkpoint forged", ...
    detail: str

    def __str__(self) -> str:
        at = f"entry {self.index}: " if self.index is not None else ""
        return f"{at}{self.what} — {self.detail}"


@dataclass(frozen=True)
class RecordReport:
    entries: int
    checkpoints: int
    discrepancies: tuple[Discrepancy, ...]

    @property
    def ok(self) -> bool:
        return not self.discrepancies

    @property
    def first(self) -> Discrepancy | None:
        return self.discrepancies[0] if self.discrepancies else None


def verify_record(db: Database, verifier: Verifier) -> RecordReport:
    found: list[Discrepancy] = []
    with db.reading() as session:
        leaves: list[bytes] = []
        for row in _stream(session, select(RecordEntryRow).order_by(RecordEntryRow.index)):
            found.extend(_check_entry(session, row, len(leaves)))
            while len(leaves) < row.index:  # a gap: keep positions aligned with indexes
                leaves.append(b"")
            leaves.append(leaf_hash(bytes(row.entry)))
        tree = _check_tree(session, leaves, found)
        checkpoints = list(session.scalars(select(CheckpointRow).order_by(CheckpointRow.size)))
        _check_checkpoints(checkpoints, tree, len(leaves), verifier, found)
    found.sort(key=lambda d: (d.index is None, d.index or 0))
    return RecordReport(len(leaves), len(checkpoints), tuple(found))


def _stream(session: Session, query: object) -> Iterator[RecordEntryRow]:
    result = session.execute(query.execution_options(yield_per=_BATCH))  # type: ignore[attr-defined]
    for (row,) in result:
        yield row


def _check_entry(session: Session, row: RecordEntryRow, expected: int) -> list[Discrepancy]:
    problems = []
    if row.index != expected:
        problems.append(
            Discrepancy(
                expected, "leaf missing", f"entries jump from {expected - 1} to {row.index}"
            )
        )
    data = bytes(row.entry)
    try:
        event = decode_event(data)
    except EntryError as error:
        return [*problems, Discrepancy(row.index, "entry changed", str(error))]
    actual = _current_digest(session, row.subject_kind, row.subject_id)
    salt = None if row.salt is None else bytes(row.salt)
    if actual is not None and not event.opens(actual, salt):
        problems.append(
            Discrepancy(
                row.index,
                "content changed",
                f"the {row.subject_kind} {row.subject_id} in the database no longer matches "
                f"the digest recorded on {event.time:%Y-%m-%d %H:%M} UTC",
            )
        )
    return problems


def _check_tree(
    session: Session, leaves: list[bytes], found: list[Discrepancy]
) -> dict[Node, bytes]:
    """Recompute every perfect-subtree node; report stored nodes that differ or are missing."""
    tree: dict[Node, bytes] = {(0, i): h for i, h in enumerate(leaves)}
    level, current = 0, leaves
    while len(current) > 1:
        current = [node_hash(current[i], current[i + 1]) for i in range(0, len(current) - 1, 2)]
        level += 1
        tree.update({(level, i): h for i, h in enumerate(current)})
    stored = _stream_nodes(session)
    for node, expected in tree.items():
        have = stored.pop(node, None)
        if have is None or have != expected:
            what = (
                "leaf missing"
                if have is None
                else "entry changed"
                if node[0] == 0
                else "tree changed"
            )
            index = node[1] << node[0]
            found.append(Discrepancy(index, what, f"stored hash of node {node} does not match"))
    for node in sorted(stored):
        found.append(Discrepancy(node[1] << node[0], "tree changed", f"unexpected node {node}"))
    return tree


def _stream_nodes(session: Session) -> dict[Node, bytes]:
    rows = session.execute(
        select(RecordNodeRow.level, RecordNodeRow.index, RecordNodeRow.hash).execution_options(
            yield_per=_BATCH
        )
    )
    return {(lv, ix): bytes(h) for lv, ix, h in rows}


def _check_checkpoints(
    checkpoints: list[CheckpointRow],
    tree: dict[Node, bytes],
    size: int,
    verifier: Verifier,
    found: list[Discrepancy],
) -> None:
    previous: tuple[int, bytes] | None = None
    for row in checkpoints:
        where = f"checkpoint of size {row.size} (made {row.created_at:%Y-%m-%d %H:%M:%S} UTC)"
        try:
            signed = open_checkpoint(row.note, verifier, origin=verifier.name).checkpoint
        except TlogError as error:
            found.append(Discrepancy(None, "checkpoint forged", f"{where}: {error}"))
            continue
        if signed.size != row.size or signed.root_hash != bytes(row.root_hash):
            found.append(Discrepancy(None, "checkpoint changed", f"{where}: note and row differ"))
        if signed.size > size:
            found.append(Discrepancy(size, "leaf missing", f"{where} is larger than the record"))
            continue
        root = hashes_for([(0, signed.size)], tree)[0]
        if root != signed.root_hash:
            index = max(signed.size - 1, 0)
            found.append(Discrepancy(index, "checkpoint forged", f"{where}: root does not match"))
            continue
        if previous is not None and previous[0] > 0:
            proof = hashes_for(consistency_ranges(previous[0], signed.size), tree)
            try:
                verify_consistency(previous[0], signed.size, proof, previous[1], signed.root_hash)
            except TlogError as error:
                found.append(Discrepancy(None, "checkpoints inconsistent", f"{where}: {error}"))
        previous = (signed.size, signed.root_hash)


_DIGESTS: dict[str, tuple[type[Any], Callable[[Any], str]]] = {
    "negotiation": (NegotiationRow, negotiation_digest),
    "party": (PartyRow, party_digest),
    "member": (MemberRow, member_digest),
    "version": (VersionRow, version_row_digest),
    "request": (RequestRow, request_digest),
    "response": (ResponseRow, response_row_digest),
    "commitment": (CommitmentRow, commitment_digest),
    "status_change": (StatusChangeRow, status_change_digest),
}


def _current_digest(session: Session, kind: str, subject_id: int) -> str | None:
    """The digest of the subject as the database holds it now ("" if its row is gone)."""
    if kind not in _DIGESTS:
        return None
    model, digest = _DIGESTS[kind]
    row = session.get(model, subject_id)
    return "" if row is None else digest(row)
