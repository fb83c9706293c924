"""The record's witnesses: who the checkpointer asks to cosign, and asking them.

Each new checkpoint is posted to every configured witness (C2SP tlog-witness
``add-checkpoint``) with a consistency proof from the last checkpoint that witness cosigned,
computed from the stored tree. A cosignature that verifies is appended to the stored note;
the record publishes a checkpoint as final once a quorum has cosigned it
(``record.latest_checkpoint``). A witness that is down or refuses is logged and asked again
next round: it delays publication, never serving.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import select

from inwriting.errors import Conflict, NotFound, PermissionDenied, ValidationError
from inwriting.services.actors import Actor, now_or
from inwriting.services.record import consistency_proof
from inwriting.storage import record as store
from inwriting.storage.engine import Database
from inwriting.storage.models import CheckpointRow, WitnessRow
from inwriting.tlog import TlogError, parse_vkey
from inwriting.tlog.notes import CosignatureVerifier
from inwriting.tlog.witness import (
    cosigners,
    format_add_checkpoint,
    read_cosignature,
    with_cosignature,
)

log = logging.getLogger("inwriting.witnesses")
TIMEOUT = 5.0
"""Seconds to wait for one witness: a slow one delays its own cosignature, nothing else."""
MAX_ANSWER_BYTES = 64 * 1024

Post = Callable[[str, bytes], tuple[int, bytes]]
"""POST a body to a URL; return (status, body) or raise OSError if there is no answer."""


@dataclass(frozen=True)
class Witness:
    name: str
    vkey: str
    url: str
    cosigned_size: int
    added_at: datetime


def add_witness(
    db: Database, actor: Actor, vkey: str, url: str, *, now: datetime | None = None
) -> Witness:
    """Configure a witness by its verifier key (its name is the key's) and the URL of its
    ``add-checkpoint`` endpoint."""
    _require_operator(actor)
    verifier = witness_verifier(vkey)
    address = _check_url(url)
    with db.transaction() as session:
        if session.scalar(select(WitnessRow).where(WitnessRow.name == verifier.name)):
            raise Conflict(f"a witness named {verifier.name} is already configured")
        row = WitnessRow(
            name=verifier.name,
            vkey=verifier.vkey,
            url=address,
            cosigned_size=0,
            added_at=now_or(now),
        )
        session.add(row)
        session.flush()
        return _witness(row)


def list_witnesses(db: Database) -> list[Witness]:
    with db.reading() as session:
        return [_witness(row) for row in store.witnesses(session)]


def remove_witness(db: Database, actor: Actor, name: str) -> None:
    """Stop asking a witness; its cosignatures already on checkpoints stay there."""
    _require_operator(actor)
    with db.transaction() as session:
        row = session.scalar(select(WitnessRow).where(WitnessRow.name == name))
        if row is None:
            raise NotFound(f"no witness named {name!r} is configured")
        session.delete(row)


def witness_verifier(vkey: str) -> CosignatureVerifier:
    try:
        verifier = parse_vkey(vkey.strip())
    except TlogError as error:
        raise ValidationError(f"not a verifier key: {error}") from None
    if not isinstance(verifier, CosignatureVerifier):
        raise ValidationError(f"{verifier.name}: a witness key is a cosignature/v1 key (0x04)")
    return verifier


def cosign_latest(db: Database, post: Post | None = None) -> dict[str, str]:
    """Ask every witness whose cosignature the latest checkpoint lacks to cosign it, all at
    once, each within :data:`TIMEOUT`; returns what each said (for logs and tests)."""
    with db.reading() as session:
        latest = store.latest_checkpoint(session)
        rows = store.witnesses(session)
        if latest is None:
            return {}
        size, note = latest.size, latest.note
        pending = [_witness(r) for r in rows if not _has_line(note, r.vkey)]
    if not pending:
        return {}
    with ThreadPoolExecutor(max_workers=len(pending)) as pool:
        outcomes = pool.map(lambda w: _ask(db, w, size, note, post or http_post), pending)
        return {w.name: outcome for w, outcome in zip(pending, outcomes, strict=True)}


def _ask(db: Database, witness: Witness, size: int, note: str, post: Post) -> str:
    """One witness, one checkpoint; a stale ``old`` (409) is corrected and tried once more."""
    old = witness.cosigned_size
    for _attempt in range(2):
        if old > size:  # it has cosigned a later checkpoint already (another worker)
            return f"already at size {old}"
        proof = consistency_proof(db, old, size) if 0 < old < size else []
        try:
            status, body = post(
                f"{witness.url}/add-checkpoint", format_add_checkpoint(old, proof, note)
            )
        except OSError as error:
            log.warning("witness %s at %s: no answer: %s", witness.name, witness.url, error)
            return f"no answer: {error}"
        if status == 200:
            return _keep(db, witness, size, body)
        if status == 409 and (known := _size(body)) is not None and known <= size:
            log.info("witness %s last cosigned size %d, not %d", witness.name, known, old)
            _set_size(db, witness.name, known)
            old = known
            continue
        text = body[:200].decode("utf-8", "replace").strip()
        log.warning("witness %s refused size %d (%d): %s", witness.name, size, status, text)
        return f"refused ({status}): {text}"
    return "refused: its size keeps changing"


def _keep(db: Database, witness: Witness, size: int, body: bytes) -> str:
    """Check the cosignature, then append it to the stored note, in one transaction."""
    verifier = witness_verifier(witness.vkey)
    with db.transaction() as session:
        store.lock(session)  # two cosignatures arriving at once must not overwrite each other
        row = session.scalar(select(CheckpointRow).where(CheckpointRow.size == size))
        if row is None:
            return "checkpoint gone"
        text = row.note[: row.note.rfind("\n\n") + 1]
        try:
            signature = read_cosignature(body, verifier, text)
        except TlogError as error:
            log.warning("witness %s: %s", witness.name, error)
            return f"bad answer: {error}"
        row.note = with_cosignature(row.note, signature)
        configured = session.scalar(select(WitnessRow).where(WitnessRow.name == witness.name))
        if configured is not None:
            configured.cosigned_size = max(configured.cosigned_size, size)
    log.info("witness %s cosigned size %d", witness.name, size)
    return "cosigned"


def _set_size(db: Database, name: str, size: int) -> None:
    with db.transaction() as session:
        row = session.scalar(select(WitnessRow).where(WitnessRow.name == name))
        if row is not None:
            row.cosigned_size = size


def _size(body: bytes) -> int | None:
    text = body.decode("ascii", "replace").strip()
    return int(text) if text.isdigit() and len(text) < 20 else None


def _has_line(note: str, vkey: str) -> bool:
    return cosigners(note, [parse_vkey(vkey)]) > 0


def http_post(url: str, body: bytes) -> tuple[int, bytes]:
    """POST over HTTP(S) within :data:`TIMEOUT`; an HTTP error status is an answer too."""
    request = urllib.request.Request(url, data=body, method="POST")  # noqa: S310 (the operator's URL)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, response.read(MAX_ANSWER_BYTES)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read(MAX_ANSWER_BYTES)


def _check_url(url: str) -> str:
    """The witness's submission prefix (C2SP tlog-witness), with or without the
    ``/add-checkpoint`` the requests go to."""
    prefix = url.strip().rstrip("/").removesuffix("/add-checkpoint")
    parts = urlsplit(prefix)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValidationError(f"{url!r}: a witness URL is http(s)://host[:port][/prefix]")
    return prefix


def _require_operator(actor: Actor) -> None:
    if not actor.is_operator:
        raise PermissionDenied("only the record's operator configures its witnesses")


def _witness(row: WitnessRow) -> Witness:
    return Witness(row.name, row.vkey, row.url, row.cosigned_size, row.added_at)
