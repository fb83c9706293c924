"""The record's witnesses as a service: configuring them, and asking them with a fake post."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from inwriting.errors import Conflict, ImmutableRecord, PermissionDenied, ValidationError
from inwriting.services import negotiations, record, witnesses
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.record_keys import RecordKey
from inwriting.storage.engine import Database
from inwriting.storage.models import CheckpointRow
from inwriting.tlog.witness import cosigner_verifier
from inwriting.witness.server import Witness
from inwriting.witness.state import WitnessState
from tests.integration.test_record import KEY

W1 = cosigner_verifier("w1.test", bytes([1]) * 32)


def test_witnesses_are_added_listed_and_removed_by_the_operator_only(db: Database) -> None:
    witnesses.add_witness(db, OPERATOR, W1.vkey, "http://127.0.0.1:7380/add-checkpoint")
    [found] = witnesses.list_witnesses(db)
    assert (found.name, found.url, found.cosigned_size) == ("w1.test", "http://127.0.0.1:7380", 0)
    with pytest.raises(Conflict):
        witnesses.add_witness(db, OPERATOR, W1.vkey, "http://other")
    with pytest.raises(ValidationError):
        witnesses.add_witness(db, OPERATOR, KEY.vkey, "http://x")  # a log key, not 0x04
    with pytest.raises(ValidationError):
        witnesses.add_witness(db, OPERATOR, cosigner_verifier("w2", bytes(32)).vkey, "ftp://x")
    with pytest.raises(PermissionDenied):
        witnesses.remove_witness(db, Actor("alice"), "w1.test")
    assert len(witnesses.list_witnesses(db)) == 1
    witnesses.remove_witness(db, OPERATOR, "w1.test")
    assert witnesses.list_witnesses(db) == []


def test_a_cosignature_is_appended_and_a_stale_size_corrected(db: Database, tmp_path: Path) -> None:
    key: RecordKey = KEY
    log = key.signer.verifier()
    witness = Witness("w1.test", bytes([1]) * 32, {log.name: log}, WitnessState(tmp_path))
    negotiations.create_negotiation(db, OPERATOR, "One")
    record.publish_checkpoint(db, key)
    witnesses.add_witness(db, OPERATOR, W1.vkey, "http://w1")

    def post(url: str, body: bytes) -> tuple[int, bytes]:
        assert url == "http://w1/add-checkpoint"
        answer = witness.add_checkpoint(body)
        return answer.status, answer.body

    assert witnesses.cosign_latest(db, post) == {"w1.test": "cosigned"}
    assert record.latest_checkpoint(db).size == 1
    negotiations.create_negotiation(db, OPERATOR, "Two")
    record.publish_checkpoint(db, key, min_interval=timedelta(0))
    assert record.latest_checkpoint(db).size == 1  # size 2 awaits its cosignature
    assert record.latest_checkpoint(db, quorum=0).size == 2
    witnesses._set_size(db, "w1.test", 0)  # the record lost track: the witness's 409 fixes it
    assert witnesses.cosign_latest(db, post) == {"w1.test": "cosigned"}
    assert record.latest_checkpoint(db).size == 2
    assert witnesses.list_witnesses(db)[0].cosigned_size == 2
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        row = session.query(CheckpointRow).filter_by(size=2).one()
        row.note = row.note.replace("\n\n", "\n\nx", 1)
        session.flush()
