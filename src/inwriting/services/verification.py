"""``record verify``: re-read everything the record commits to and check it, from scratch.

In order, and stopping at nothing (every discrepancy is collected, the first is the headline):

1. entries: indexes gap-free from 0; each entry parses; its leaf hash equals the stored one;
2. the tree: every stored node equals the node recomputed from the entries;
3. rows, both ways (``services.ledger``): each entry commits to the
   digest of its row now in the database; every row put in writing has exactly its entry,
   with the status the record gives it; nothing signed or cited lies past the record's end;
4. checkpoints: each is signed by the record's key, its root is the recomputed root at its
   size, and each is consistent with the next (a consistency proof from the stored tree
   verifies between them).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.services.ledger import Discrepancy, Ledger, check_entry, stream_entries
from inwriting.storage.engine import Database
from inwriting.storage.models import CheckpointRow, RecordEntryRow, RecordNodeRow
from inwriting.tlog import TlogError, open_checkpoint, verify_consistency
from inwriting.tlog.hashing import leaf_hash, node_hash
from inwriting.tlog.notes import Verifier
from inwriting.tlog.stored import Node, consistency_ranges, hashes_for

_BATCH = 5000
__all__ = ["Discrepancy", "RecordReport", "verify_record"]


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


def verify_record(db: Database, verifier: Verifier | None) -> RecordReport:
    """Check the record, its rows and, with ``verifier``, its checkpoints' signatures (a record
    with checkpoints but no verifier to check them with does not verify)."""
    found: list[Discrepancy] = []
    ledger = Ledger()
    with db.reading() as session:
        leaves: list[bytes] = []
        for row in stream_entries(session):
            found.extend(_check_position(row, len(leaves)))
            found.extend(check_entry(session, ledger, row))
            while len(leaves) < row.index:  # a gap: keep positions aligned with indexes
                leaves.append(b"")
            leaves.append(leaf_hash(bytes(row.entry)))
        found.extend(ledger.check_rows(session))
        tree = _check_tree(session, leaves, found)
        checkpoints = list(session.scalars(select(CheckpointRow).order_by(CheckpointRow.size)))
        _check_checkpoints(checkpoints, tree, len(leaves), verifier, found)
    found.sort(key=lambda d: (d.index is None, d.index or 0))
    return RecordReport(len(leaves), len(checkpoints), tuple(found))


def _check_position(row: RecordEntryRow, expected: int) -> list[Discrepancy]:
    if row.index == expected:
        return []
    detail = f"entries jump from {expected - 1} to {row.index}"
    return [Discrepancy(expected, "leaf missing", detail)]


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
    verifier: Verifier | None,
    found: list[Discrepancy],
) -> None:
    if verifier is None:
        if checkpoints:
            detail = f"{len(checkpoints)} checkpoints and no verifier key: give --key VKEY"
            found.append(Discrepancy(None, "checkpoints unverified", detail))
        return
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
        if signed.size > size:  # reported once, as "record cut short", by the ledger
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
