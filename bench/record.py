"""How fast is the record? Appends, proofs and verification, each next to a baseline.

Run ``.venv/bin/python bench/record.py [--entries N] [--postgres URL] [--quick]``. SQLite (a
temporary file) is always measured; PostgreSQL too when ``--postgres`` or
``INWRITING_TEST_DATABASE_URL`` names a server (the bench creates a database of its own there
and drops it at the end). Every number is printed with its baseline and the ratio, then one
PASS/MISS line per target. See docs/benchmarks.md for results.

What is measured, and against what:

1. **SHA-256** on 33, 65 and 101 byte inputs (a leaf of a 32-byte entry, an interior node, a
   leaf of a 100-byte entry), called from a Python loop as our code calls it. This is the limit:
   an append costs one leaf hash and, amortised, one node hash, so no Python tree can append
   faster than 1 / (t_leaf + t_node).
2. **In-memory appends**: ``tlog.stored.appended_nodes`` into a dict (exactly what
   ``storage.record.append`` does before it writes) against pymerkle's ``InmemoryTree``, a
   published RFC 9162-style tree, on the same leaves; both roots must agree (pymerkle's default
   is SHA-256 with the RFC 6962 0x00/0x01 prefixes, i.e. the same tree). Target: 5x pymerkle.
3. **Database appends**, batched (``--batch`` entries per transaction, via
   ``storage.record.append``) and one entry per transaction (lock + append + commit, what every
   recorded change costs). The batched baseline is the ORM bulk insert that ``append`` used
   before it handed rows straight to the driver (reproduced here as ``_orm_append``); the
   single-entry baseline is the batched rate. Target: batched SQLite >= 50,000 entries/s.
4. **Proof generation** from the stored record (``services.record.inclusion_proof`` and
   ``consistency_proof``: a session, a size check and one node query each) at random indexes
   and sizes, against the same proofs folded from an in-memory dict of every node: the ratio
   is what the database costs. Target: under 1 ms each. Every sampled proof is checked against
   the root the database computes, so a wrong answer fails the run rather than looking fast.
5. **Proof verification** (``tlog.proofs``) against pymerkle's verifier, on the in-memory tree
   of step 2 (same size, same leaves, same proofs: pymerkle's inclusion path is ours with the
   leaf hash in front).

Rates are the best of 3 runs (1 with ``--quick``) after a warm-up, except where runs append to
a database (those cannot be repeated on the same state): batched appends report the sustained
rate over the whole build, single appends the rate over all of them.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pymerkle
from databases import postgres_url, sqlite_url
from sqlalchemy import insert
from sqlalchemy.orm import Session

from inwriting.services import record as service
from inwriting.storage import record as store
from inwriting.storage.engine import Database
from inwriting.storage.models import RecordEntryRow, RecordNodeRow
from inwriting.tlog.errors import ProofError
from inwriting.tlog.hashing import leaf_hash, root_from_entries, root_hash
from inwriting.tlog.proofs import verify_consistency, verify_inclusion
from inwriting.tlog.stored import (
    Node,
    Range,
    appended_nodes,
    consistency_ranges,
    fold,
    hashes_for,
    inclusion_ranges,
    nodes_for,
    perfect_subtrees,
)

ENTRY_BYTES = 100
NOW = datetime(2026, 11, 29, tzinfo=UTC)
PG_ENV = "INWRITING_TEST_DATABASE_URL"

Pairs = list[tuple[int, int]]  # (index, size) or (old size, new size)


@dataclass(frozen=True)
class Config:
    entries: int  # the stored record, per engine
    pg_entries: int
    memory_entries: int  # the in-memory trees
    batch: int
    single: int  # one-entry transactions
    proofs: int  # per kind and run
    verifications: int
    repeat: int
    postgres: str | None


@dataclass(frozen=True)
class Row:
    """One measured rate (operations per second) and what it is compared with."""

    name: str
    rate: float
    baseline_name: str = ""
    baseline: float | None = None

    @property
    def ratio(self) -> float | None:
        return None if self.baseline is None else self.rate / self.baseline


@dataclass
class Report:
    sections: list[tuple[str, list[Row]]] = field(default_factory=list)
    checks: list[tuple[bool, str]] = field(default_factory=list)
    targets: list[tuple[bool, str]] = field(default_factory=list)

    def check(self, ok: bool, text: str) -> None:
        """A correctness check: a failed one fails the run (exit status 1)."""
        self.checks.append((ok, text))

    def target(self, met: bool, text: str) -> None:
        """A speed target: PASS or MISS, never a failure."""
        self.targets.append((met, text))

    @property
    def ok(self) -> bool:
        return all(ok for ok, _ in self.checks)


# -- timing ------------------------------------------------------------------------------------


def best_rate(count: int, run: Callable[[], object], repeat: int) -> float:
    """``count`` operations per run of ``run``: the best rate of ``repeat`` runs, after one
    warm-up run (first-call costs, caches, the allocator)."""
    run()
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return count / best


def entries(count: int, seed: int = 0) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(ENTRY_BYTES) for _ in range(count)]


# -- 1. SHA-256 ----------------------------------------------------------------------------------


def sha256_rate(size: int, count: int, repeat: int) -> float:
    inputs = [bytes([i % 256]) * size for i in range(count)]
    sha256 = hashlib.sha256

    def run() -> None:
        for data in inputs:
            sha256(data).digest()

    return best_rate(count, run, repeat)


def bench_sha256(cfg: Config, report: Report) -> float:
    """Hashes per second by input size; returns the append limit (entries/s)."""
    count = max(cfg.memory_entries, 10_000)
    rates = {size: sha256_rate(size, count, cfg.repeat) for size in (33, 65, 1 + ENTRY_BYTES)}
    limit = 1 / (1 / rates[1 + ENTRY_BYTES] + 1 / rates[65])
    rows = [
        Row("SHA-256 of 33 B (leaf of a 32 B entry)", rates[33]),
        Row("SHA-256 of 65 B (interior node)", rates[65]),
        Row(f"SHA-256 of {1 + ENTRY_BYTES} B (leaf of a {ENTRY_BYTES} B entry)", rates[101]),
        Row("append limit: 1 leaf + 1 node hash per entry", limit),
    ]
    report.sections.append(("1. SHA-256 on this machine (hashes/s; the limit)", rows))
    return limit


# -- 2. in-memory trees --------------------------------------------------------------------------


@dataclass(frozen=True)
class MemoryTrees:
    leaves: list[bytes]
    nodes: dict[Node, bytes]
    pymerkle: pymerkle.InmemoryTree

    @property
    def size(self) -> int:
        return len(self.leaves)

    @property
    def root(self) -> bytes:
        return fold(perfect_subtrees(0, self.size), self.nodes)


def pymerkle_tree(leaves: Sequence[bytes]) -> pymerkle.InmemoryTree:
    # The defaults are RFC 9162's tree: SHA-256, leaf prefix 0x00, node prefix 0x01.
    tree = pymerkle.InmemoryTree(algorithm="sha256")
    for leaf in leaves:
        tree.append_entry(leaf)
    return tree


def append_one_by_one(leaves: Sequence[bytes]) -> dict[Node, bytes]:
    """The tree grown as one-entry transactions grow it: frontier lookup, then append."""
    nodes: dict[Node, bytes] = {}
    for size, leaf in enumerate(leaves):
        frontier = {node: nodes[node] for node in perfect_subtrees(0, size)}
        nodes.update(appended_nodes(size, frontier, [leaf]))
    return nodes


def bench_memory(cfg: Config, report: Report, limit: float) -> MemoryTrees:
    leaves = entries(cfg.memory_entries, seed=1)
    n, repeat = len(leaves), cfg.repeat
    ours = best_rate(n, lambda: appended_nodes(0, {}, leaves), repeat)
    ours_single = best_rate(n, lambda: append_one_by_one(leaves), repeat)
    theirs = best_rate(n, lambda: pymerkle_tree(leaves), repeat)
    trees = MemoryTrees(leaves, appended_nodes(0, {}, leaves), pymerkle_tree(leaves))
    pymerkle_label = f"pymerkle {pymerkle.__version__} InmemoryTree.append_entry"
    rows = [
        Row("ours: appended_nodes, one call", ours, pymerkle_label, theirs),
        Row("ours: one entry per call (frontier + append)", ours_single, pymerkle_label, theirs),
        Row("ours: appended_nodes, one call", ours, "the SHA-256 limit (step 1)", limit),
    ]
    report.sections.append((f"2. In-memory appends, {n:,} entries of {ENTRY_BYTES} B", rows))
    roots = {trees.root, trees.pymerkle.get_root(), root_from_entries(leaves)}
    report.check(
        len(roots) == 1,
        f"roots of {n:,} entries: ours, pymerkle (sha256, RFC 6962 prefixes) and "
        "tlog.hashing.root_from_entries agree",
    )
    report.target(ours >= 5 * theirs, f"in-memory appends >= 5x pymerkle: {ours / theirs:.1f}x")
    return trees


# -- 5 (and the baseline of 4). proofs in memory -------------------------------------------------


def memory_proof(nodes: dict[Node, bytes], ranges: list[Range]) -> list[bytes]:
    """A proof as the service makes it, with a dict standing in for the node query."""
    return hashes_for(ranges, {node: nodes[node] for node in nodes_for(ranges)})


def inclusion_samples(size: int, count: int, seed: int) -> Pairs:
    """(index, size) pairs: a random tree size up to ``size``, a random leaf in it."""
    rng = random.Random(seed)
    pairs: Pairs = []
    for _ in range(count):
        tree = rng.randint(1, size)
        pairs.append((rng.randrange(tree), tree))
    return pairs


def consistency_samples(size: int, count: int, seed: int) -> Pairs:
    """(old, new) pairs with 0 < old < new <= size."""
    rng = random.Random(seed)
    pairs: Pairs = []
    for _ in range(count):
        new = rng.randint(2, size)
        pairs.append((rng.randrange(1, new), new))
    return pairs


@dataclass(frozen=True)
class MemoryProofRates:
    inclusion: float
    consistency: float


def bench_memory_proofs(cfg: Config, report: Report, trees: MemoryTrees) -> MemoryProofRates:
    n, count, repeat = trees.size, cfg.proofs, cfg.repeat
    inclusions = inclusion_samples(n, count, seed=2)
    consistencies = consistency_samples(n, count, seed=3)
    tree, nodes = trees.pymerkle, trees.nodes

    def ours_inclusion() -> None:
        for index, size in inclusions:
            memory_proof(nodes, inclusion_ranges(index, size))

    def ours_consistency() -> None:
        for old, new in consistencies:
            memory_proof(nodes, consistency_ranges(old, new))

    def theirs_inclusion() -> None:
        for index, size in inclusions:
            tree.prove_inclusion(index + 1, size)  # pymerkle counts leaves from 1

    def theirs_consistency() -> None:
        for old, new in consistencies:
            tree.prove_consistency(old, new)

    rates = MemoryProofRates(
        best_rate(count, ours_inclusion, repeat), best_rate(count, ours_consistency, repeat)
    )
    rows = [
        Row(
            "ours: inclusion proof",
            rates.inclusion,
            "pymerkle prove_inclusion",
            best_rate(count, theirs_inclusion, repeat),
        ),
        Row(
            "ours: consistency proof",
            rates.consistency,
            "pymerkle prove_consistency",
            best_rate(count, theirs_consistency, repeat),
        ),
    ]
    report.sections.append((f"4a. Proof generation in memory, random sizes up to {n:,}", rows))
    same = all(
        tree.prove_inclusion(index + 1, size).path[1:]
        == memory_proof(nodes, inclusion_ranges(index, size))
        for index, size in inclusions[:100]
    )
    report.check(same, "inclusion proofs: pymerkle's path is the leaf hash followed by ours")
    return rates


@dataclass(frozen=True)
class ProofSet:
    """Proofs against the whole in-memory tree, each made by both libraries."""

    inclusions: list[tuple[int, bytes, list[bytes], pymerkle.InclusionProof]]  # index, leaf
    consistencies: list[tuple[int, list[bytes], pymerkle.ConsistencyProof]]  # old size
    roots: dict[int, bytes]


def make_proofs(cfg: Config, trees: MemoryTrees) -> ProofSet:
    n, count, tree = trees.size, cfg.verifications, trees.pymerkle
    inclusions = [
        (
            index,
            leaf_hash(trees.leaves[index]),
            memory_proof(trees.nodes, inclusion_ranges(index, n)),
            tree.prove_inclusion(index + 1, n),
        )
        for index, _ in inclusion_samples(n, count, seed=4)
    ]
    consistencies = [
        (old, memory_proof(trees.nodes, consistency_ranges(old, n)), tree.prove_consistency(old, n))
        for old, _ in consistency_samples(n, count, seed=5)
    ]
    roots = {old: tree.get_root(old) for old, *_ in consistencies} | {n: trees.root}
    return ProofSet(inclusions, consistencies, roots)


def bench_verification(cfg: Config, report: Report, trees: MemoryTrees) -> None:
    proofs, n, repeat = make_proofs(cfg, trees), trees.size, cfg.repeat
    root, roots, count = trees.root, proofs.roots, cfg.verifications

    def ours_inclusion() -> None:
        for index, leaf, proof, _ in proofs.inclusions:
            verify_inclusion(index, n, leaf, proof, root)

    def theirs_inclusion() -> None:
        for _, leaf, _, proof in proofs.inclusions:
            pymerkle.verify_inclusion(leaf, root, proof)

    def ours_consistency() -> None:
        for old, proof, _ in proofs.consistencies:
            verify_consistency(old, n, proof, roots[old], root)

    def theirs_consistency() -> None:
        for old, _, proof in proofs.consistencies:
            pymerkle.verify_consistency(roots[old], root, proof)

    rows = [
        Row(
            "ours: verify_inclusion",
            best_rate(count, ours_inclusion, repeat),
            "pymerkle verify_inclusion",
            best_rate(count, theirs_inclusion, repeat),
        ),
        Row(
            "ours: verify_consistency",
            best_rate(count, ours_consistency, repeat),
            "pymerkle verify_consistency",
            best_rate(count, theirs_consistency, repeat),
        ),
    ]
    report.sections.append((f"5. Proof verification, tree of {n:,} (proofs/s)", rows))


# -- 3 and 4. the database -----------------------------------------------------------------------


def new_entries(start: int, count: int) -> list[store.NewEntry]:
    return [
        store.NewEntry(leaf, "bench", None, None, "bench", start + offset)
        for offset, leaf in enumerate(entries(count, seed=start))
    ]


def timed_append(
    db: Database,
    batch: list[store.NewEntry],
    append: Callable[[Session, list[store.NewEntry], datetime], int] = store.append,
) -> float:
    """Seconds to lock, append ``batch`` and commit, in one transaction."""
    start = time.perf_counter()
    with db.transaction() as session:
        store.lock(session)
        append(session, batch, NOW)
    return time.perf_counter() - start


def _orm_append(session: Session, batch: list[store.NewEntry], now: datetime) -> int:
    """``storage.record.append`` as it was before 2026-11-29 (ORM bulk inserts): the baseline."""
    start = store.size(session)
    frontier = store.nodes(session, perfect_subtrees(0, start))
    created = appended_nodes(start, frontier, [e.entry for e in batch])
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
            for offset, e in enumerate(batch)
        ],
    )
    return start


def build(db: Database, count: int, batch: int) -> tuple[float, bytes]:
    """Append ``count`` entries in transactions of ``batch``: the sustained rate, and the root
    those entries must have, computed apart (``tlog.hashing.root_hash``, untimed)."""
    elapsed, leaves = 0.0, list[bytes]()
    for start in range(0, count, batch):
        chunk = new_entries(start, min(batch, count - start))
        elapsed += timed_append(db, chunk)
        leaves.extend(leaf_hash(e.entry) for e in chunk)
        if start and start % (20 * batch) == 0:
            print(f"    {start:,} entries appended", file=sys.stderr, flush=True)
    return count / elapsed, root_hash(leaves)


def append_rate(db: Database, batches: int, batch: int, append: Callable[..., int]) -> float:
    """Best rate of ``batches`` transactions of ``batch`` entries each, after a warm-up one."""
    start = service.record_size(db)
    times = [
        timed_append(db, new_entries(start + i * batch, batch), append) for i in range(1 + batches)
    ]
    return batch / min(times[1:])


def single_rate(db: Database, count: int) -> float:
    start = service.record_size(db)
    timed_append(db, new_entries(start, 1))  # warm-up
    elapsed = sum(timed_append(db, new_entries(start + 1 + i, 1)) for i in range(count))
    return count / elapsed


def stored_proof_rate(
    cfg: Config, make: Callable[[Database, int, int], list[bytes]], db: Database, pairs: Pairs
) -> float:
    def run() -> None:
        for a, b in pairs:
            make(db, a, b)

    return best_rate(len(pairs), run, cfg.repeat)


def proofs_verify(db: Database, inclusions: Pairs, consistencies: Pairs) -> bool:
    """Whether a sample of the proofs the database gives verify against the roots it gives."""
    try:
        for index, size in inclusions:
            with db.reading() as session:
                (row,) = store.entries(session, index, index + 1)
            leaf, root = leaf_hash(bytes(row.entry)), service.root_at(db, size)
            verify_inclusion(index, size, leaf, service.inclusion_proof(db, index, size), root)
        for old, new in consistencies:
            proof = service.consistency_proof(db, old, new)
            verify_consistency(old, new, proof, service.root_at(db, old), service.root_at(db, new))
    except ProofError:
        return False
    return True


def read_floor_rate(cfg: Config, db: Database) -> float:
    """``services.record.record_size``: a read transaction and one indexed query, which every
    proof pays before it asks for any node."""

    def run() -> None:
        for _ in range(cfg.proofs):
            service.record_size(db)

    return best_rate(cfg.proofs, run, cfg.repeat)


def bench_stored_proofs(
    cfg: Config, report: Report, label: str, db: Database, memory: MemoryProofRates
) -> list[Row]:
    size = service.record_size(db)
    inclusions = inclusion_samples(size, cfg.proofs, seed=6)
    consistencies = consistency_samples(size, cfg.proofs, seed=7)
    inclusion = stored_proof_rate(cfg, service.inclusion_proof, db, inclusions)
    consistency = stored_proof_rate(cfg, service.consistency_proof, db, consistencies)
    report.check(
        proofs_verify(db, inclusions[:25], consistencies[:25]),
        f"{label}: 50 sampled proofs from the database verify against its roots",
    )
    for kind, rate in (("inclusion", inclusion), ("consistency", consistency)):
        ms = 1000 / rate
        report.target(ms < 1, f"{label} {kind} proof from {size:,} entries < 1 ms: {ms:.2f} ms")
    return [
        Row(
            f"inclusion_proof, record of {size:,}",
            inclusion,
            "the same, from a dict in memory (4a)",
            memory.inclusion,
        ),
        Row(
            f"consistency_proof, record of {size:,}",
            consistency,
            "the same, from a dict in memory (4a)",
            memory.consistency,
        ),
        Row(
            "the floor: record_size (read txn + 1 query)",
            read_floor_rate(cfg, db),
            "inclusion_proof (above)",
            inclusion,
        ),
    ]


def bench_database(
    cfg: Config, report: Report, label: str, db: Database, count: int, memory: MemoryProofRates
) -> None:
    print(f"  {label}: building a record of {count:,} entries", file=sys.stderr, flush=True)
    batched, root = build(db, count, cfg.batch)
    report.check(
        service.root_at(db, count) == root,
        f"{label}: the stored root of {count:,} entries is tlog.hashing.root_hash of their leaves",
    )
    proofs = bench_stored_proofs(cfg, report, label, db, memory)
    orm = append_rate(db, cfg.repeat, cfg.batch, _orm_append)
    ours = append_rate(db, cfg.repeat, cfg.batch, store.append)
    single = single_rate(db, cfg.single)
    rows = [
        Row(
            f"batched, {cfg.batch:,}/txn, sustained over the build",
            batched,
            "ORM bulk insert (append before 2026-11-29)",
            orm,
        ),
        Row(
            f"batched, {cfg.batch:,}/txn, best of {cfg.repeat} at full size",
            ours,
            "ORM bulk insert (append before 2026-11-29)",
            orm,
        ),
        Row(
            "one entry per transaction (lock, append, commit)",
            single,
            "batched, sustained",
            batched,
        ),
    ]
    report.sections.append((f"3. {label}: appends (entries/s)", rows))
    report.sections.append((f"4b. {label}: proofs from the database (proofs/s)", proofs))
    if label == "SQLite":
        report.target(batched >= 50_000, f"batched SQLite >= 50,000 entries/s: {batched:,.0f}")


@contextmanager
def sqlite_database() -> Iterator[Database]:
    with sqlite_url("inwriting-bench-") as url, migrated(url) as db:
        yield db


@contextmanager
def postgres_database(url: str) -> Iterator[Database]:
    """A fresh database on the server of ``url``, dropped afterwards."""
    with postgres_url(url) as fresh, migrated(fresh) as db:
        yield db


@contextmanager
def migrated(url: str) -> Iterator[Database]:
    db = Database(url)
    try:
        db.upgrade()
        yield db
    finally:
        db.dispose()


# -- output --------------------------------------------------------------------------------------


def _fmt_rate(rate: float) -> str:
    return f"{rate:>12,.0f}"


def _fmt_ms(rate: float) -> str:
    ms = 1000 / rate
    return f"{ms:>9.4f}" if ms < 1 else f"{ms:>9.3f}"


def print_report(report: Report) -> None:
    print(f"\nInWriting record benchmark: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"{'measurement':<52}{'per s':>12}{'mean ms':>9}  {'baseline':<44}{'per s':>12}  ratio")
    for title, rows in report.sections:
        print(f"\n{title}")
        for row in rows:
            line = f"  {row.name:<50}{_fmt_rate(row.rate)}{_fmt_ms(row.rate)}"
            if row.baseline is not None:
                line += f"  {row.baseline_name:<44}{_fmt_rate(row.baseline)}  {row.ratio:.2f}x"
            print(line)
    print("\nchecks")
    for ok, check in report.checks:
        print(f"{'ok  ' if ok else 'FAIL'}  {check}")
    print("\ntargets")
    for met, description in report.targets:
        print(f"{'PASS' if met else 'MISS'}  {description}")


# -- main ----------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> Config:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--entries", type=int, help="stored record size (default 1,000,000)")
    parser.add_argument("--pg-entries", type=int, help="on PostgreSQL (default: --entries)")
    parser.add_argument("--memory-entries", type=int, help="in-memory trees (default 100,000)")
    parser.add_argument("--batch", type=int, default=10_000, help="entries per transaction")
    parser.add_argument("--single", type=int, help="one-entry transactions (default 2,000)")
    parser.add_argument("--postgres", default=os.environ.get(PG_ENV), help=f"or ${PG_ENV}")
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    args = parser.parse_args(argv)
    quick = args.quick
    entries = args.entries or (20_000 if quick else 1_000_000)
    return Config(
        entries=entries,
        pg_entries=args.pg_entries or entries,
        memory_entries=args.memory_entries or (5_000 if quick else 100_000),
        batch=min(args.batch, entries),
        single=args.single or (50 if quick else 2_000),
        proofs=200 if quick else 1_000,
        verifications=500 if quick else 5_000,
        repeat=1 if quick else 3,
        postgres=args.postgres or None,
    )


def main(argv: Sequence[str] | None = None) -> int:
    cfg = parse_args(argv)
    report = Report()
    print("measuring: hashing and in-memory trees", file=sys.stderr, flush=True)
    limit = bench_sha256(cfg, report)
    trees = bench_memory(cfg, report, limit)
    memory_proofs = bench_memory_proofs(cfg, report, trees)
    bench_verification(cfg, report, trees)
    print("measuring: databases", file=sys.stderr, flush=True)
    with sqlite_database() as db:
        bench_database(cfg, report, "SQLite", db, cfg.entries, memory_proofs)
    if cfg.postgres:
        with postgres_database(cfg.postgres) as db:
            bench_database(cfg, report, "PostgreSQL", db, cfg.pg_entries, memory_proofs)
    report.sections.sort(key=lambda section: section[0].split(".")[0])  # stable: SQLite first
    print_report(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
