"""The record on SQLite and PostgreSQL: appended with every change, provable, verifiable."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from inwriting.domain.documents import ParsedDocument
from inwriting.domain.events import EventType, decode_event
from inwriting.errors import NotFound, ValidationError
from inwriting.services import documents, parties, record, responses
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.record_keys import RecordKey
from inwriting.services.verification import verify_record
from inwriting.storage.engine import Database
from inwriting.storage.models import RecordEntryRow
from inwriting.tlog import TlogError, leaf_hash, verify_consistency, verify_inclusion
from inwriting.tlog.notes import Ed25519Signer
from inwriting.tlog.receipts import parse_receipt, verify_receipt
from inwriting.tlog.tiles import TileReader, tile_paths
from tests.integration.builders import (
    AMOS,
    BEA,
    BEN,
    CARL,
    DRAFT,
    T0,
    ZED,
    build,
    full_answer,
)

KEY = RecordKey(Ed25519Signer("test.example/record", bytes(range(32))))
OTHER_KEY = RecordKey(Ed25519Signer("test.example/record", bytes(32)))


def _submitted(db: Database) -> tuple[int, int]:
    s = build(db)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    sent = responses.submit_response(db, BEA, draft.id, now=T0 + timedelta(hours=1))
    assert sent.record_index is not None
    return s.version_id, sent.record_index


def _entry_types(db: Database) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(RecordEntryRow.type).order_by(RecordEntryRow.index)))


def test_every_change_that_matters_is_recorded_in_order(db: Database) -> None:
    _, response_index = _submitted(db)
    types = _entry_types(db)
    assert types[0] == EventType.NEGOTIATION_CREATED
    assert types.count(EventType.PARTY_REGISTERED) == 3
    assert types.count(EventType.MEMBER_REGISTERED) == 7
    assert types[-2:] == [EventType.VERSION_TABLED, EventType.RESPONSE_SUBMITTED]
    assert response_index == len(types) - 1
    (entry,) = record.list_entries(db, response_index, response_index + 1)
    assert entry.event.ids["response"] > 0
    digest = responses.get_response(db, CARL, entry.event.ids["response"]).content_sha256
    assert entry.event.format_version == 2 and entry.event.commitment != digest  # salted
    opening = record.open_entry(db, CARL, response_index)
    assert opening.content_sha256 == digest and opening.verified
    assert b"Party" not in entry.entry  # entries carry ids and digests, never names or text


def test_drafts_are_not_recorded_and_a_refused_change_leaves_no_entry(db: Database) -> None:
    s = build(db)
    before = record.record_size(db)
    responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    assert record.record_size(db) == before  # drafts are private: no entry
    with pytest.raises(ValidationError):
        documents.table_version(db, AMOS, s.negotiation, "Party A", ParsedDocument("x", ()), now=T0)
    assert record.record_size(db) == before


def test_a_failed_append_leaves_no_change(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    s = build(db)

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr("inwriting.services.documents.append_event", broken)
    with pytest.raises(RuntimeError):
        documents.table_version(db, AMOS, s.negotiation, "Party A", DRAFT, now=T0)
    assert len(documents.list_documents(db, CARL, s.negotiation)[0].versions) == 1


def test_proofs_from_the_database_verify_against_signed_checkpoints(db: Database) -> None:
    _, index = _submitted(db)
    first = record.publish_checkpoint(db, KEY, now=T0)
    parties.add_party(db, OPERATOR, "test-talks", "Party D", now=T0)
    second = record.publish_checkpoint(db, KEY, now=T0 + timedelta(seconds=10))
    assert second.size == first.size + 1
    proof = record.inclusion_proof(db, index, second.size)
    with db.reading() as session:
        entry = session.get_one(RecordEntryRow, index).entry
    verify_inclusion(index, second.size, leaf_hash(bytes(entry)), proof, second.root_hash)
    consistency = record.consistency_proof(db, first.size, second.size)
    verify_consistency(first.size, second.size, consistency, first.root_hash, second.root_hash)
    with pytest.raises(ValidationError):
        record.inclusion_proof(db, second.size, second.size)


def test_checkpoints_are_rate_limited_and_never_repeat_a_size(db: Database) -> None:
    _submitted(db)
    one = record.publish_checkpoint(db, KEY, now=T0)
    assert record.publish_checkpoint(db, KEY, now=T0 + timedelta(seconds=1)) == one
    parties.add_party(db, OPERATOR, "test-talks", "Party D", now=T0)
    assert record.publish_checkpoint(db, KEY, now=T0 + timedelta(seconds=1)) == one  # too soon
    two = record.publish_checkpoint(db, KEY, now=T0 + timedelta(seconds=3))
    assert two.size == one.size + 1
    assert record.latest_checkpoint(db) == two


def test_a_receipt_verifies_offline_for_whoever_may_read_its_subject(db: Database) -> None:
    _, index = _submitted(db)
    receipt = record.receipt(db, BEN, index, KEY)
    text = receipt.format()
    parsed = parse_receipt(text)
    opened = verify_receipt(parsed, KEY.signer.verifier(), origin=KEY.origin)
    assert opened.checkpoint.size > index
    assert decode_event(parsed.extra or b"").type is EventType.RESPONSE_SUBMITTED
    with pytest.raises(TlogError):
        verify_receipt(parsed, OTHER_KEY.signer.verifier())
    with pytest.raises(TlogError):
        verify_receipt(parsed, KEY.signer.verifier(), entry=(parsed.extra or b"") + b" ")
    assert record.receipt(db, CARL, index, KEY).extra == parsed.extra  # C may read it too
    with pytest.raises(NotFound) as outsider:
        record.receipt(db, ZED, index, KEY)
    with pytest.raises(NotFound) as missing:
        record.receipt(db, ZED, 10**9, KEY)
    assert str(outsider.value).replace(str(index), "N") == str(missing.value).replace(
        str(10**9), "N"
    )


def test_tiles_serve_the_tree_to_any_tlog_tiles_client(db: Database) -> None:
    _submitted(db)
    signed = record.publish_checkpoint(db, KEY, now=T0)
    paths = tile_paths(signed.size)
    fetched = {p: record.read_tile(db, p) for p in paths}
    reader = TileReader(fetched.__getitem__, signed.size, signed.root_hash)
    reader.verify_root()
    entries = reader.entries(0, signed.size)
    assert [decode_event(e).type for e in entries][:1] == [EventType.NEGOTIATION_CREATED]
    with pytest.raises(NotFound):
        record.read_tile(db, "tile/0/001")


def test_an_untouched_record_verifies(db: Database) -> None:
    _submitted(db)
    record.publish_checkpoint(db, KEY, now=T0)
    report = verify_record(db, KEY.signer.verifier())
    assert report.ok, report.discrepancies
    assert report.entries == record.record_size(db) and report.checkpoints == 1


@pytest.mark.parametrize(
    ("sql", "what"),
    [
        ('UPDATE record_entries SET entry = :evil WHERE "index" = :i', "entry changed"),
        ("UPDATE provisions SET text = 'Rewritten.' WHERE key = 'art-1'", "content changed"),
        (
            "UPDATE positions SET kind = 'reject', reason = 'no' WHERE ordinal = 0",
            "content changed",
        ),
        ('UPDATE record_nodes SET hash = :zero WHERE level = 0 AND "index" = :i', "entry changed"),
        ('DELETE FROM record_entries WHERE "index" = :i', "leaf missing"),
        ("UPDATE checkpoints SET note = replace(note, '—', '-')", "checkpoint forged"),
    ],
)
def test_tampering_is_found_and_named(db: Database, sql: str, what: str) -> None:
    _, index = _submitted(db)
    record.publish_checkpoint(db, KEY, now=T0)
    with db.engine.begin() as conn:
        conn.execute(text(sql), {"i": index - 1, "evil": b'{"forged":1}', "zero": bytes(32)})
    report = verify_record(db, KEY.signer.verifier())
    assert not report.ok
    assert what in {d.what for d in report.discrepancies}, report.discrepancies
    assert report.first is not None


def test_a_checkpoint_by_another_key_is_called_forged(db: Database) -> None:
    _submitted(db)
    record.publish_checkpoint(db, OTHER_KEY, now=T0)
    report = verify_record(db, KEY.signer.verifier())
    assert [d.what for d in report.discrepancies] == ["checkpoint forged"]


def test_concurrent_writers_leave_a_gap_free_record(db: Database) -> None:
    """Parties submit, table and register at once; every change gets exactly one entry."""
    s = build(db)
    failures: list[BaseException] = []

    def submit(drafter: Actor, principal: Actor, party: str) -> None:
        draft = responses.save_draft(db, drafter, s.version_id, full_answer(party), now=T0)
        responses.submit_response(db, principal, draft.id, now=T0)

    def table() -> None:
        for _ in range(4):
            documents.table_version(db, AMOS, s.negotiation, "Party A", DRAFT, now=T0)

    def register(n: int) -> None:
        for k in range(4):
            parties.add_party(db, OPERATOR, s.negotiation, f"Party {n}-{k}", now=T0)

    def guarded(work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                work()
            except BaseException as error:
                failures.append(error)

        return run

    work = [
        lambda: submit(BEN, BEA, "Party B"),
        lambda: submit(CARL, CARL, "Party C"),
        table,
        table,
        lambda: register(1),
        lambda: register(2),
    ]
    before = record.record_size(db)
    threads = [threading.Thread(target=guarded(w)) for w in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    with db.reading() as session:
        count = session.scalar(select(func.count()).select_from(RecordEntryRow))
        last = session.scalar(select(func.max(RecordEntryRow.index)))
    assert last is not None and count == last + 1 == before + 2 + 8 + 8
    record.publish_checkpoint(db, KEY, now=T0)
    assert verify_record(db, KEY.signer.verifier()).ok


def test_a_shown_proof_comes_with_the_roots_it_links(db: Database) -> None:
    """What the API and the CLI print: each proof with its root(s), read together."""
    build(db)
    size = record.record_size(db)
    for index in range(size):
        shown = record.inclusion(db, index)
        assert (shown.size, shown.root_hash) == (size, record.root_at(db, size))
        assert shown.proof == record.inclusion_proof(db, index, size)
    for old in range(1, size + 1):
        linked = record.consistency(db, old)
        assert linked.proof == record.consistency_proof(db, old, size)
        assert linked.old_root_hash == record.root_at(db, old)
        assert linked.new_root_hash == record.root_at(db, size)
