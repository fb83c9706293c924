"""One monitoring run: fetch, compare with what was seen, keep the new checkpoint or report.

The state folder holds ``checkpoint``, the last signed checkpoint that checked out, verbatim (it
is its own evidence: signed by the log). When a run finds a discrepancy it keeps the offending
checkpoint as ``conflicting-checkpoint`` beside it, so the two signed, incompatible statements
can be shown to anyone, and leaves ``checkpoint`` as it was.
"""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass
from pathlib import Path

from inwriting.files import write_atomic
from inwriting.tlog import (
    Checkpoint,
    Fetch,
    ProofError,
    TileError,
    TileReader,
    TlogError,
    open_checkpoint,
    verify_consistency,
)
from inwriting.tlog.notes import Verifier

MAX_RESPONSE_BYTES = 17 * 1024 * 1024
"""A full entry bundle (256 entries of at most 65,535 bytes) is the largest thing fetched."""
TIMEOUT = 30.0


class Discrepancy(Exception):
    """The record misbehaved: ``kind`` is fork, rollback, forged checkpoint or entry changed."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind.upper()}: {message}")
        self.kind = kind


class Unreachable(Exception):
    """The record could not be read (network, HTTP error): nothing was checked."""


@dataclass(frozen=True)
class Result:
    old: Checkpoint | None
    new: Checkpoint
    entries_checked: int


def http_fetch(prefix: str) -> Fetch:
    """Fetch ``<prefix>/<path>`` over HTTP(S), bounded in size and time."""
    base = prefix.rstrip("/") + "/"

    def fetch(path: str) -> bytes:
        try:
            with urllib.request.urlopen(base + path, timeout=TIMEOUT) as response:  # noqa: S310 (the URL is the operator's)
                data: bytes = response.read(MAX_RESPONSE_BYTES + 1)
        except OSError as error:
            raise Unreachable(f"{base + path}: {error}") from None
        if len(data) > MAX_RESPONSE_BYTES:
            raise Unreachable(f"{base + path}: response over {MAX_RESPONSE_BYTES} bytes")
        return data

    return fetch


def _open(note: str, log: Verifier, what: str) -> Checkpoint:
    try:
        return open_checkpoint(note, log, origin=log.name).checkpoint
    except TlogError as error:
        raise Discrepancy(
            "forged checkpoint", f"{what} is not signed by {log.name}: {error}"
        ) from None


def check(fetch: Fetch, log: Verifier, state: Path) -> Result:
    """Run one check; keep the new checkpoint in ``state`` only if everything verified."""
    state.mkdir(parents=True, exist_ok=True, mode=0o700)
    kept = state / "checkpoint"
    old_note = kept.read_text(encoding="utf-8") if kept.exists() else None
    old = _open(old_note, log, f"the kept {kept}") if old_note is not None else None
    try:
        note = fetch("checkpoint").decode("utf-8")
    except UnicodeDecodeError:
        raise Discrepancy("forged checkpoint", "the checkpoint is not UTF-8") from None
    try:
        new = _open(note, log, "the served checkpoint")
        entries = _compare(fetch, old, new)
    except Discrepancy:
        write_atomic(state / "conflicting-checkpoint", note.encode("utf-8"))
        raise
    write_atomic(kept, note.encode("utf-8"))
    return Result(old, new, entries)


def _compare(fetch: Fetch, old: Checkpoint | None, new: Checkpoint) -> int:
    """Check ``new`` extends ``old`` and that its new entries match its tiles; count them."""
    seen = f"size {old.size} (root {old.root_hash.hex()[:16]}…)" if old else ""
    if old is not None and new.size < old.size:
        raise Discrepancy(
            "rollback", f"the record now says size {new.size}, but it signed {seen} before"
        )
    if old is not None and new.size == old.size and new.root_hash != old.root_hash:
        raise Discrepancy("fork", f"two different roots signed for {seen}")
    reader = TileReader(fetch, new.size, new.root_hash)
    try:
        reader.verify_root()
    except (ProofError, TileError) as error:
        raise Discrepancy(
            "fork", f"the tiles do not match the signed checkpoint: {error}"
        ) from None
    if old is not None and 0 < old.size < new.size:
        try:
            proof = reader.consistency_proof(old.size)
            verify_consistency(old.size, new.size, proof, old.root_hash, new.root_hash)
        except (ProofError, TileError) as error:
            raise Discrepancy(
                "fork", f"size {new.size} does not extend the {seen} seen before: {error}"
            ) from None
    start = old.size if old is not None else 0
    try:
        reader.entries(start, new.size)
    except (ProofError, TileError) as error:
        raise Discrepancy("entry changed", str(error)) from None
    return new.size - start
