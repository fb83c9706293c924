"""A record with a signed response whose checkpoint two witnesses cosigned: what the
stand-alone programs of docs/record.md and an outside implementation are checked against."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from inwriting.domain.statements import Action, sign_statement
from inwriting.services import party_keys, record, responses, witnesses
from inwriting.services.actors import OPERATOR
from inwriting.services.record_keys import RecordKey
from inwriting.storage.engine import Database
from inwriting.tlog.notes import Ed25519Signer
from inwriting.tlog.witness import cosigner_verifier
from inwriting.witness.server import Witness
from inwriting.witness.state import WitnessState
from tests.integration.builders import BEA, BEN, T0, build, full_answer

KEY = RecordKey(Ed25519Signer("talks.example.org/record", bytes(range(32))))
BEA_KEY = Ed25519Signer("bea@party-b", bytes([1]) * 32)
SEEDS = {"w1.example": bytes([11]) * 32, "w2.example": bytes([12]) * 32}


@dataclass(frozen=True)
class SignedRecord:
    db: Database
    index: int  # the signed response's entry
    receipt: Path
    signature: Path
    opening: Path
    witness_vkeys: tuple[str, ...]
    old_note: str  # an earlier checkpoint, for a consistency proof


def signed_record(folder: Path) -> SignedRecord:
    db = Database(f"sqlite:///{folder / 'signed.db'}")
    db.upgrade()
    s = build(db)
    party_keys.register_key(db, BEA, s.negotiation, "Party B", BEA_KEY.verifier().vkey, now=T0)
    old = record.publish_checkpoint(db, KEY, now=T0)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    when = T0 + timedelta(hours=1)
    origin = KEY.origin
    statement = responses.statement_for(
        db, BEA, draft.id, Action.RESPONSE_SUBMITTED, origin, now=when
    )
    signature = sign_statement(statement, BEA_KEY).format()
    sent = responses.submit_response(
        db, BEA, draft.id, signature=signature, origin=origin, now=when
    )
    assert sent.record_index is not None
    log = KEY.signer.verifier()
    for name, seed in SEEDS.items():
        witness = Witness(name, seed, {log.name: log}, WitnessState(folder / name))
        vkey = cosigner_verifier(name, seed).vkey
        witnesses.add_witness(db, OPERATOR, vkey, f"http://{name}")
        # the first witness cosigns the older checkpoint, then both the one covering it
        for note in (old.note, None):
            if note is None:
                record.publish_checkpoint(db, KEY, now=when, min_interval=timedelta(0))

            def post(url: str, body: bytes, witness: Witness = witness) -> tuple[int, bytes]:
                answer = witness.add_checkpoint(body)
                return answer.status, answer.body

            witnesses.cosign_latest(db, post)
    receipt = folder / "answer.tlog-proof"
    receipt.write_text(record.receipt(db, BEN, sent.record_index, KEY).format())
    sig = folder / "answer.tlog-proof.sig"
    sig.write_text(record.entry_signature(db, BEN, sent.record_index) or "")
    found = record.open_entry(db, BEN, sent.record_index)
    opening = folder / "answer.opening.json"
    opening.write_text(
        json.dumps(
            {
                "index": found.index,
                "salt": found.salt.hex() if found.salt else None,
                "content_sha256": found.content_sha256,
                "content": found.content,
                "signature": found.signature,
            }
        )
    )
    vkeys = tuple(cosigner_verifier(n, s).vkey for n, s in SEEDS.items())
    return SignedRecord(db, sent.record_index, receipt, sig, opening, vkeys, old.note)
