"""The record's checkpoints, witness cosignatures and proofs, checked with an implementation
of C2SP signed-note / tlog-checkpoint / tlog-cosignature that nobody on this project wrote:
``tlog-scales`` from PyPI (Florian Larysch; Apache-2.0)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tlog_scales.signing import NoteSignature, Vkey, VkeySet
from tlog_scales.tlog import Checkpoint, ConsistencyProof, InclusionProof, InclusionProofInvalid

from inwriting.services import record
from inwriting.tlog.hashing import leaf_hash
from inwriting.tlog.receipts import parse_receipt
from tests.functional.signed_record import KEY, signed_record


def test_an_outside_implementation_verifies_checkpoint_cosignatures_and_proofs(
    tmp_path: Path,
) -> None:
    signed = signed_record(tmp_path)
    receipt = parse_receipt(signed.receipt.read_text())
    checkpoint = Checkpoint.from_text(receipt.checkpoint)
    log = Vkey.from_string(KEY.vkey)
    checkpoint.verify(log)  # the log's own signature
    keys = VkeySet(log, *(Vkey.from_string(v) for v in signed.witness_vkeys))
    valid = keys.verify(checkpoint.signatures, checkpoint)
    assert sorted(vkey.name for vkey, _ in valid) == [
        "talks.example.org/record",
        "w1.example",
        "w2.example",
    ]
    leaf = leaf_hash(receipt.extra or b"")
    InclusionProof(receipt.index, checkpoint.size, list(receipt.proof)).check(
        leaf, checkpoint.root_hash
    )
    with pytest.raises(InclusionProofInvalid):
        InclusionProof(receipt.index, checkpoint.size, list(receipt.proof)).check(
            leaf_hash(b"another entry"), checkpoint.root_hash
        )
    old = Checkpoint.from_text(signed.old_note)
    proof = record.consistency_proof(signed.db, old.size, checkpoint.size)
    ConsistencyProof(old.size, checkpoint.size, proof).check(old.root_hash, checkpoint.root_hash)
    signed.db.dispose()


def test_an_outside_implementation_refuses_a_forged_cosignature(tmp_path: Path) -> None:
    signed = signed_record(tmp_path)
    checkpoint = Checkpoint.from_text(parse_receipt(signed.receipt.read_text()).checkpoint)
    w1 = Vkey.from_string(signed.witness_vkeys[0])
    line = next(s for s in checkpoint.signatures if s.name == "w1.example")
    flipped = bytes([line.payload[-1] ^ 1])
    forged = NoteSignature(line.name, line.key_id, line.payload[:-1] + flipped)
    assert VkeySet(w1).verify([forged], checkpoint) == set()
    assert len(VkeySet(w1).verify([line], checkpoint)) == 1
    signed.db.dispose()
