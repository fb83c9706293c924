"""Party keys and signed acts, on SQLite and PostgreSQL: register, revoke, rotate, require
signatures, and every way a signature is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from inwriting.domain.commitments import CommitmentStatus, Evidence, Source, SourceKind
from inwriting.domain.negotiations import Role
from inwriting.domain.statements import Action, parse_signature, sign_statement
from inwriting.errors import Conflict, PermissionDenied, ValidationError
from inwriting.services import (
    commitments,
    derivation,
    documents,
    ledger,
    negotiations,
    parties,
    party_keys,
    record,
    requests,
    responses,
)
from inwriting.services.actors import OPERATOR
from inwriting.storage.engine import Database
from inwriting.storage.models import RecordEntryRow
from inwriting.tlog.notes import Ed25519Signer
from tests.integration.builders import (
    ALICE,
    AMOS,
    BEA,
    BEN,
    BORIS,
    CARL,
    DRAFT,
    T0,
    build,
    full_answer,
)

ORIGIN = "test.example/inwriting"
DISPUTED = CommitmentStatus.DISPUTED
LATER = T0 + timedelta(hours=1)
BEA_KEY = Ed25519Signer("bea@party-b", bytes([1]) * 32)
BORIS_KEY = Ed25519Signer("boris@party-b", bytes([2]) * 32)
CARL_KEY = Ed25519Signer("carl@party-c", bytes([3]) * 32)


def _draft(db: Database, version_id: int) -> int:
    return responses.save_draft(db, BEN, version_id, full_answer(), now=T0).id


def _signed(db: Database, actor: object, response_id: int, key: Ed25519Signer, **kw: object) -> str:
    statement = responses.statement_for(
        db,
        actor,
        response_id,
        Action.RESPONSE_SUBMITTED,
        ORIGIN,
        now=LATER,  # type: ignore[arg-type]
    )
    return sign_statement(replace(statement, **kw), key).format()


def _setup(db: Database) -> tuple[str, int]:
    s = build(db)
    party_keys.register_key(db, BEA, s.negotiation, "Party B", BEA_KEY.verifier().vkey, now=T0)
    party_keys.register_key(
        db, BEA, s.negotiation, "Party B", BORIS_KEY.verifier().vkey, member="boris", now=T0
    )
    party_keys.register_key(db, CARL, s.negotiation, "Party C", CARL_KEY.verifier().vkey, now=T0)
    return s.negotiation, s.version_id


def test_keys_are_registered_and_revoked_on_the_record(db: Database) -> None:
    neg, _ = _setup(db)
    keys = party_keys.list_keys(db, AMOS, neg, "Party B")  # public within the negotiation
    assert [(k.member, k.name, k.active) for k in keys] == [
        ("bea", "bea@party-b", True),
        ("boris", "boris@party-b", True),
    ]
    revoked = party_keys.revoke_key(db, BEA, neg, "Party B", "boris@party-b", now=LATER)
    assert revoked.revoked_at == LATER
    assert revoked.revocation_index is not None and revoked.record_index is not None
    assert revoked.revocation_index > revoked.record_index
    entries = record.recent_entries(db, BEA, neg, limit=2)
    assert [e.event.type.value for e in entries] == ["party_key_revoked", "party_key_registered"]
    opening = record.open_entry(db, AMOS, keys[0].record_index or 0)
    assert opening.verified and opening.content == {
        "format_version": 1,
        "kind": "party_key",
        "member": opening.content["member"] if opening.content else None,
        "vkey": BEA_KEY.verifier().vkey,
    }
    assert ledger.check_database(db).ok


def test_only_a_principal_of_the_party_registers_a_key_for_one_of_its_members(
    db: Database,
) -> None:
    neg, _ = _setup(db)
    vkey = Ed25519Signer("x", bytes([9]) * 32).verifier().vkey
    with pytest.raises(PermissionDenied):
        party_keys.register_key(db, BEN, neg, "Party B", vkey)  # a drafter
    with pytest.raises(PermissionDenied):
        party_keys.register_key(db, CARL, neg, "Party B", vkey)  # another party's principal
    with pytest.raises(ValidationError, match="not a member"):
        party_keys.register_key(db, BEA, neg, "Party B", vkey, member="carl")
    with pytest.raises(ValidationError, match="verifier key"):
        party_keys.register_key(db, BEA, neg, "Party B", "nonsense")
    with pytest.raises(Conflict, match="already registered"):
        party_keys.register_key(db, BEA, neg, "Party B", BEA_KEY.verifier().vkey)


def test_a_signed_submission_keeps_its_signature_beside_its_entry(db: Database) -> None:
    _, version = _setup(db)
    draft = _draft(db, version)
    signature = _signed(db, BEA, draft, BEA_KEY)
    sent = responses.submit_response(db, BEA, draft, signature=signature, origin=ORIGIN, now=LATER)
    assert sent.signed_with == "bea@party-b" and sent.record_index is not None
    with db.reading() as session:
        row = session.get_one(RecordEntryRow, sent.record_index)
        assert row.signature == signature
    statement = parse_signature(signature).statement
    assert statement.content_sha256 == sent.content_sha256
    assert ledger.check_database(db).ok


def test_signatures_are_refused_when_wrong(db: Database) -> None:
    neg, version = _setup(db)
    draft = _draft(db, version)

    def refused(signature: str, match: str, error: type[Exception] = ValidationError) -> None:
        with pytest.raises(error, match=match):
            responses.submit_response(db, BEA, draft, signature=signature, origin=ORIGIN, now=LATER)

    refused(_signed(db, BEA, draft, BORIS_KEY), "is boris's, not bea's")
    refused(_signed(db, BEA, draft, CARL_KEY), "not registered for Party B")
    refused(_signed(db, BEA, draft, BEA_KEY, content_sha256="0" * 64), "content")
    refused(_signed(db, BEA, draft, BEA_KEY, party=1), "party")
    refused(_signed(db, BEA, draft, BEA_KEY, record="elsewhere"), "record")
    refused(_signed(db, BEA, draft, BEA_KEY, time=T0 - timedelta(days=2)), "hours ago")
    refused(_signed(db, BEA, draft, BEA_KEY).replace("bea@party-b", "bea@party-c"), "verify")
    refused("garbage", "not a signature file")
    # a statement for another version of the same document: replayed, refused
    other = documents.table_version(db, AMOS, neg, "Party A", DRAFT, now=T0).id
    refused(_signed(db, BEA, draft, BEA_KEY, about=("version", other)), "about version")
    assert responses.get_response(db, BEA, draft).status == "draft"  # nothing changed


def test_a_revoked_key_signs_nothing_and_a_rotated_one_takes_over(db: Database) -> None:
    neg, version = _setup(db)
    draft = _draft(db, version)
    signature = _signed(db, BEA, draft, BEA_KEY)
    new_key = Ed25519Signer("bea@party-b", bytes([7]) * 32)
    rotated = party_keys.rotate_key(
        db,
        BEA,
        neg,
        "Party B",
        "bea@party-b",
        new_key.verifier().vkey,
        now=T0 + timedelta(minutes=30),
    )
    assert rotated.active and rotated.member == "bea"
    with pytest.raises(ValidationError, match="revoked"):
        responses.submit_response(db, BEA, draft, signature=signature, origin=ORIGIN, now=LATER)
    sent = responses.submit_response(
        db, BEA, draft, signature=_signed(db, BEA, draft, new_key), origin=ORIGIN, now=LATER
    )
    assert sent.signed_with == "bea@party-b"
    assert ledger.check_database(db).ok


def test_a_party_that_requires_signatures_refuses_unsigned_acts(db: Database) -> None:
    neg, version = _setup(db)
    index = party_keys.set_signature_policy(db, BEA, neg, "Party B", True, now=T0)
    assert record.list_entries(db, index, index + 1)[0].event.type.value == "signature_policy_set"
    draft = _draft(db, version)
    with pytest.raises(PermissionDenied, match="requires its members to sign"):
        responses.approve_response(db, BORIS, draft, now=LATER)
    with pytest.raises(PermissionDenied, match="requires its members to sign"):
        responses.submit_response(db, BEA, draft, now=LATER)
    # other parties are not concerned
    carl = responses.save_draft(db, CARL, version, full_answer("Party C"), now=T0)
    assert responses.submit_response(db, CARL, carl.id, now=LATER).signed_with is None
    statement = responses.statement_for(
        db, BORIS, draft, Action.RESPONSE_APPROVED, ORIGIN, now=LATER
    )
    approved = responses.approve_response(
        db,
        BORIS,
        draft,
        signature=sign_statement(statement, BORIS_KEY).format(),
        origin=ORIGIN,
        now=LATER,
    )
    assert approved.approval_signed_with == "boris@party-b" and approved.requires_signatures
    signature = _signed(db, BEA, draft, BEA_KEY)
    sent = responses.submit_response(db, BEA, draft, signature=signature, origin=ORIGIN, now=LATER)
    assert sent.signed_with == "bea@party-b"
    # a signed statement is good for one act only
    with db.reading() as session:
        assert (
            session.scalar(
                select(RecordEntryRow.index).where(RecordEntryRow.signature == signature)
            )
            == sent.record_index
        )
    assert ledger.check_database(db).ok


def test_requiring_signatures_needs_a_key(db: Database) -> None:
    s = build(db)
    with pytest.raises(Conflict, match="no registered key"):
        party_keys.set_signature_policy(db, BEA, s.negotiation, "Party B", True, now=T0)
    with pytest.raises(PermissionDenied):
        party_keys.set_signature_policy(db, BEN, s.negotiation, "Party B", False, now=T0)


def test_record_checks_find_a_signature_changed_behind_the_services_back(db: Database) -> None:
    _, version = _setup(db)
    draft = _draft(db, version)
    signature = _signed(db, BEA, draft, BEA_KEY)
    sent = responses.submit_response(db, BEA, draft, signature=signature, origin=ORIGIN, now=LATER)
    other = _signed(db, BORIS, _draft(db, version), BORIS_KEY)  # a valid signature, elsewhere
    for forged, why in (
        (signature.replace("party-b", "party-c"), "does not verify"),
        (other, "not by the party key recorded"),
    ):
        with db.transaction() as session:
            index = RecordEntryRow.index == sent.record_index
            session.execute(update(RecordEntryRow).where(index).values(signature=forged))
        (found,) = ledger.check_database(db).discrepancies
        assert found.what == "signature invalid" and why in found.detail


def test_an_act_stripped_of_its_required_signature_shows_as_unsigned(db: Database) -> None:
    neg, version = _setup(db)
    draft = _draft(db, version)
    early = responses.submit_response(db, BEA, draft, now=LATER)  # before the policy: fine
    party_keys.set_signature_policy(db, BEA, neg, "Party B", True, now=LATER)
    draft = _draft(db, version)
    signature = _signed(db, BEA, draft, BEA_KEY)
    sent = responses.submit_response(db, BEA, draft, signature=signature, origin=ORIGIN, now=LATER)
    assert not sent.unsigned and not responses.get_response(db, BEA, early.id).unsigned
    assert ledger.check_database(db).ok
    with db.transaction() as session:  # the host removes the member's signature
        index = RecordEntryRow.index == sent.record_index
        stripped = {"signature": None, "party_key_id": None}
        session.execute(update(RecordEntryRow).where(index).values(**stripped))
    assert responses.get_response(db, BEN, sent.id).unsigned
    shown = {e.index: e.unsigned for e in record.recent_entries(db, BEN, neg, limit=50)}
    assert shown[sent.record_index or 0] and not shown[early.record_index or 0]
    (found,) = ledger.check_database(db).discrepancies
    assert (found.index, found.what) == (sent.record_index, "signature missing")


def test_a_dispute_is_signed_by_the_disputing_party(db: Database) -> None:
    neg, _ = _setup(db)
    party_keys.set_signature_policy(db, BEA, neg, "Party B", True, now=T0)
    promise = commitments.record_commitment(
        db,
        AMOS,
        neg,
        "Party B",
        "Publish the data.",
        Source(SourceKind.MEETING, "Round 1", "We will publish."),
        made_at=T0,
        now=T0,
    )
    said = "No such promise was made."
    evidence = Evidence("Verbatim record, p. 3")
    with pytest.raises(PermissionDenied, match="requires its members to sign"):
        commitments.dispute(db, BEA, promise.id, "Party B", said, evidence, now=LATER)
    statement = commitments.statement_for_change(
        db, BEA, promise.id, DISPUTED, said, evidence, "Party B", ORIGIN, now=LATER
    )
    assert statement.about == ("commitment", promise.id)
    with pytest.raises(ValidationError, match="content"):  # signed another statement's text
        other = replace(statement, content_sha256="0" * 64)
        commitments.dispute(
            db,
            BEA,
            promise.id,
            "Party B",
            said,
            evidence,
            signature=sign_statement(other, BEA_KEY).format(),
            origin=ORIGIN,
            now=LATER,
        )
    disputed = commitments.dispute(
        db,
        BEA,
        promise.id,
        "Party B",
        said,
        evidence,
        signature=sign_statement(statement, BEA_KEY).format(),
        origin=ORIGIN,
        now=LATER + timedelta(minutes=2),
    )
    last = disputed.history[-1]
    assert last.status is DISPUTED and last.signed_with == "bea@party-b" and not last.unsigned
    assert last.effective_at == statement.time  # the time signed is the time it took effect
    assert last.record_index is not None
    assert ledger.check_database(db).ok


def test_a_tabling_is_signed_and_its_statement_is_good_in_one_negotiation_only(
    db: Database,
) -> None:
    neg, _ = _setup(db)
    party_keys.set_signature_policy(db, BEA, neg, "Party B", True, now=T0)
    with pytest.raises(PermissionDenied, match="requires its members to sign"):
        documents.table_version(db, BEA, neg, "Party B", DRAFT, now=LATER)
    statement = documents.statement_for_tabling(db, BEA, neg, "Party B", DRAFT, ORIGIN, now=LATER)
    assert statement.about == ("negotiation", statement.negotiation)
    signature = sign_statement(statement, BEA_KEY).format()
    other = negotiations.create_negotiation(db, OPERATOR, "Other talks", now=T0).slug
    parties.add_party(db, OPERATOR, other, "Party B", now=T0)
    parties.add_member(db, OPERATOR, other, "Party B", "bea", Role.PRINCIPAL, now=T0)
    with pytest.raises(ValidationError, match="negotiation"):  # replayed elsewhere
        documents.table_version(
            db, BEA, other, "Party B", DRAFT, signature=signature, origin=ORIGIN, now=LATER
        )
    tabled = documents.table_version(
        db, BEA, neg, "Party B", DRAFT, signature=signature, origin=ORIGIN, now=LATER
    )
    assert tabled.signed_with == "bea@party-b" and tabled.record_index is not None
    with pytest.raises(PermissionDenied, match="requires its members to sign"):
        derivation.derive_version(db, BEA, tabled.id, [], now=LATER)  # unsigned
    then = LATER + timedelta(minutes=1)
    said = derivation.statement_for_derivation(db, BEA, tabled.id, [], ORIGIN, now=then)
    derived = derivation.derive_version(
        db,
        BEA,
        tabled.id,
        [],
        signature=sign_statement(said, BEA_KEY).format(),
        origin=ORIGIN,
        now=then,
    )
    assert isinstance(derived, documents.Version) and derived.number == tabled.number + 1
    with pytest.raises(Conflict, match="replay"):  # the same text again, the same signature
        documents.table_version(
            db, BEA, neg, "Party B", DRAFT, signature=signature, origin=ORIGIN, now=LATER
        )
    assert ledger.check_database(db).ok


def test_a_promise_recorded_by_a_party_that_requires_signatures_is_signed(
    db: Database,
) -> None:
    neg, version = _setup(db)
    party_keys.set_signature_policy(db, BEA, neg, "Party B", True, now=T0)
    args = (neg, "Party A", "Publish the data.", Source(SourceKind.MEETING, "R1", "We will."))
    with pytest.raises(PermissionDenied, match="sign this record of a promise"):
        commitments.record_commitment(db, BEA, *args, made_at=T0, to=["Party B"], now=LATER)
    statement = commitments.statement_for_commitment(
        db, BEA, *args, ORIGIN, made_at=T0, to=["Party B"], now=LATER
    )
    promise = commitments.record_commitment(
        db, BEA, *args, made_at=T0, to=["Party B"], now=LATER, origin=ORIGIN,
        signature=sign_statement(statement, BEA_KEY).format(),
    )  # fmt: skip
    with db.reading() as session:
        entry = session.get_one(RecordEntryRow, promise.record_index)
        assert entry.party_key_id is not None and entry.signature is not None
    # a request's deadline, recorded by Party A as Party B's promise to answer, is InWriting's
    # own act: not an unsigned act of Party A, which requires signatures too
    alice_key = Ed25519Signer("alice@party-a", bytes([8]) * 32)
    party_keys.register_key(db, ALICE, neg, "Party A", alice_key.verifier().vkey, now=T0)
    party_keys.set_signature_policy(db, ALICE, neg, "Party A", True, now=T0)
    requests.create_request(db, AMOS, version, "Party A", ["Party B"], LATER + timedelta(days=9),
                            now=LATER)  # fmt: skip
    assert ledger.check_database(db).ok
