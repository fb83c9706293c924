"""Drafting, approving, submitting and superseding responses, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from inwriting.domain.responses import Position, PositionKind, ResponseContent, ResponseKind
from inwriting.errors import Conflict, ImmutableRecord, NotFound, PermissionDenied, ValidationError
from inwriting.services import ledger, requests, responses
from inwriting.storage.engine import Database
from inwriting.storage.models import PositionRow, ResponseRow
from tests.integration.builders import (
    AMOS,
    BEA,
    BEN,
    BORIS,
    CARL,
    OLGA,
    T0,
    ZED,
    build,
    full_answer,
)

LATER = T0 + timedelta(days=1)


def _codes(exc: ValidationError) -> set[tuple[str, str]]:
    return {(p.code, p.where) for p in exc.problems}


def test_a_complete_answer_is_submitted_and_fingerprinted(db: Database) -> None:
    s = build(db)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    assert draft.status == "draft" and draft.complete and draft.answered == 4
    sent = responses.submit_response(db, BEA, draft.id, now=LATER)
    assert sent.status == "submitted"
    assert sent.submitted_at == LATER and sent.submitted_by == "bea"
    assert sent.content_sha256 is not None and len(sent.content_sha256) == 64


def test_submission_refuses_an_incomplete_answer_with_every_problem(db: Database) -> None:
    s = build(db)
    partial = full_answer(
        art_2=Position(PositionKind.REJECT, provision="art-2", reason="   "),
    )
    partial = replace(partial, positions=partial.positions[:-1])  # art-3 left out
    draft = responses.save_draft(db, BEN, s.version_id, partial, now=T0)
    assert not draft.complete  # saving a draft never refuses; it reports
    with pytest.raises(ValidationError) as caught:
        responses.submit_response(db, BEA, draft.id, now=LATER)
    assert _codes(caught.value) == {("missing_reason", "art-2"), ("unanswered", "art-3")}
    assert responses.get_response(db, BEN, draft.id).status == "draft"  # nothing changed


def test_labels_in_a_draft_are_resolved_to_keys(db: Database) -> None:
    s = build(db)
    answer = full_answer(art_1=Position(PositionKind.ACCEPT, provision="article  1"))
    saved = responses.save_draft(db, BEN, s.version_id, answer, now=T0)
    assert saved.complete
    assert [p.provision for p in saved.content.positions][:2] == ["preamble", "art-1"]


def test_only_principals_submit(db: Database) -> None:
    s = build(db)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    with pytest.raises(PermissionDenied, match="not a principal"):
        responses.submit_response(db, BEN, draft.id, now=LATER)


def test_observers_and_outsiders_cannot_draft(db: Database) -> None:
    s = build(db)
    with pytest.raises(PermissionDenied):
        responses.save_draft(db, OLGA, s.version_id, full_answer(), now=T0)
    with pytest.raises(PermissionDenied):
        responses.save_draft(db, CARL, s.version_id, full_answer("Party B"), now=T0)


def test_a_draft_is_private_to_its_party(db: Database) -> None:
    s = build(db)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    assert responses.get_response(db, OLGA, draft.id).id == draft.id  # own party's observer
    with pytest.raises(NotFound):
        responses.get_response(db, CARL, draft.id)
    assert responses.list_responses(db, CARL, s.version_id) == []
    responses.submit_response(db, BEA, draft.id, now=LATER)
    assert [r.id for r in responses.list_responses(db, CARL, s.version_id)] == [draft.id]
    with pytest.raises(NotFound):  # an outsider does not learn the negotiation exists
        responses.list_responses(db, ZED, s.version_id)


def test_approval_by_another_principal_when_the_party_requires_it(db: Database) -> None:
    s = build(db, b_requires_approval=True)
    draft = responses.save_draft(db, BEA, s.version_id, full_answer(), now=T0)
    with pytest.raises(Conflict, match="requires approval"):
        responses.submit_response(db, BEA, draft.id, now=LATER)
    with pytest.raises(PermissionDenied, match="wrote none of it"):
        responses.approve_response(db, BEA, draft.id, now=LATER)
    with pytest.raises(PermissionDenied):
        responses.approve_response(db, BEN, draft.id, now=LATER)  # a drafter cannot approve
    approved = responses.approve_response(db, BORIS, draft.id, now=LATER)
    assert approved.status == "approved" and approved.approved_by == "boris"
    assert responses.submit_response(db, BEA, draft.id, now=LATER).status == "submitted"


def test_submitting_an_incomplete_unapproved_draft_reports_every_problem(db: Database) -> None:
    s = build(db, b_requires_approval=True)
    incomplete = ResponseContent(
        party="Party B",
        cover_note="Partial.",
        positions=(Position(PositionKind.REJECT, provision="art-1", reason=" "),),
    )
    draft = responses.save_draft(db, BEN, s.version_id, incomplete, now=T0)
    with pytest.raises(ValidationError) as refused:
        responses.submit_response(db, BEA, draft.id, now=LATER)
    codes = [(p.code, p.where) for p in refused.value.problems]
    assert ("approval_required", "response") in codes
    assert any(code == "missing_reason" for code, _ in codes)
    unanswered = {where for code, where in codes if code == "unanswered"}
    assert len(unanswered) == 3  # preamble, art-2, art-3: each named
    assert responses.get_response(db, BEN, draft.id).status == "draft"


def test_editing_an_approved_draft_withdraws_the_approval(db: Database) -> None:
    s = build(db, b_requires_approval=True)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.approve_response(db, BEA, draft.id, now=T0)
    edited = responses.save_draft(db, BEN, s.version_id, full_answer(), now=LATER)
    assert edited.id == draft.id and edited.status == "draft" and edited.approved_by is None
    with pytest.raises(Conflict):
        responses.submit_response(db, BEA, draft.id, now=LATER)


def test_a_principal_who_saved_a_draft_never_approves_it_even_after_a_resave(
    db: Database,
) -> None:
    """Four eyes: a drafter re-saving the principal's text unchanged does not make it theirs."""
    s = build(db, b_requires_approval=True)
    draft = responses.save_draft(db, BEA, s.version_id, full_answer(), now=T0)
    resaved = responses.save_draft(db, BEN, s.version_id, full_answer(), now=LATER)
    assert resaved.id == draft.id and resaved.drafted_by == "ben"
    with pytest.raises(PermissionDenied, match="bea saved a draft of this response"):
        responses.approve_response(db, BEA, draft.id, now=LATER)
    with pytest.raises(Conflict, match="requires approval"):
        responses.submit_response(db, BEA, draft.id, now=LATER)
    assert responses.get_response(db, BEA, draft.id).status == "draft"
    assert responses.approve_response(db, BORIS, draft.id, now=LATER).approved_by == "boris"
    assert responses.submit_response(db, BEA, draft.id, now=LATER).status == "submitted"


def test_an_approver_who_edits_the_draft_afterwards_loses_approval_and_may_not_reapprove(
    db: Database,
) -> None:
    s = build(db, b_requires_approval=True)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.approve_response(db, BORIS, draft.id, now=T0)
    edited = responses.save_draft(
        db, BORIS, s.version_id, replace(full_answer(), cover_note="Changed."), now=LATER
    )
    assert edited.status == "draft" and edited.approved_by is None
    with pytest.raises(PermissionDenied, match="boris saved a draft"):
        responses.approve_response(db, BORIS, draft.id, now=LATER)
    assert responses.approve_response(db, BEA, draft.id, now=LATER).approved_by == "bea"


def test_a_submitted_response_is_never_changed_only_superseded(db: Database) -> None:
    s = build(db)
    first = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.submit_response(db, BEA, first.id, now=T0)
    with pytest.raises(Conflict, match="can never be changed"):
        responses.submit_response(db, BEA, first.id, now=LATER)
    amended = full_answer(
        art_3=Position(PositionKind.AMEND, provision="art-3", text="Three, later.", reason="Time.")
    )
    second = responses.save_draft(db, BEN, s.version_id, amended, now=LATER)
    assert second.id != first.id and second.supersedes_id == first.id
    responses.submit_response(db, BEA, second.id, now=LATER)
    old = responses.get_response(db, CARL, first.id)
    assert old.status == "superseded"
    assert old.content == responses.get_response(db, BEN, first.id).content
    assert [p.kind for p in old.content.positions] == [PositionKind.ACCEPT] * 4


def test_the_orm_refuses_to_change_a_submitted_response(db: Database) -> None:
    s = build(db)
    sent = responses.submit_response(
        db, BEA, responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0).id, now=T0
    )
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        session.get_one(ResponseRow, sent.id).cover_note = "rewritten"
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        position = session.scalars(
            select(PositionRow).where(PositionRow.response_id == sent.id)
        ).first()
        assert position is not None
        position.reason = "invented later"
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        session.delete(session.get_one(ResponseRow, sent.id))
    assert responses.get_response(db, CARL, sent.id).cover_note == "Our answer."


def test_a_direct_update_of_a_submitted_response_is_detected(db: Database) -> None:
    s = build(db)
    sent = responses.submit_response(
        db, BEA, responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0).id, now=T0
    )
    assert ledger.check_database(db).ok
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE positions SET kind = 'reject', reason = 'never' WHERE response_id = :r"),
            {"r": sent.id},
        )
    report = ledger.check_database(db)
    assert {d.what for d in report.discrepancies} == {"content changed"}
    assert all(f"response {sent.id} " in str(d) for d in report.discrepancies)


def test_interim_answers_need_a_request_that_allows_them(db: Database) -> None:
    s = build(db)
    interim = ResponseContent(
        party="Party B",
        kind=ResponseKind.INTERIM,
        positions=(Position(PositionKind.ACCEPT, provision="art-1"),),
    )
    requests.create_request(
        db, AMOS, s.version_id, "Party A", ["Party B"], T0 + timedelta(days=9), now=T0
    )
    draft = responses.save_draft(db, BEN, s.version_id, interim, now=T0)
    with pytest.raises(ValidationError) as caught:
        responses.submit_response(db, BEA, draft.id, now=T0)
    assert ("interim_not_allowed", "response") in _codes(caught.value)


def test_a_failed_submission_leaves_nothing_half_written(db: Database) -> None:
    s = build(db)
    first = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.submit_response(db, BEA, first.id, now=T0)
    bad = full_answer(
        art_1=Position(PositionKind.AMEND, provision="art-1", text="One.", reason="x")
    )
    second = responses.save_draft(db, BEN, s.version_id, bad, now=LATER)
    with pytest.raises(ValidationError):  # amendment identical to the text
        responses.submit_response(db, BEA, second.id, now=LATER)
    assert responses.get_response(db, CARL, first.id).status == "submitted"  # not superseded
    with db.reading() as session:
        statuses = session.execute(
            select(ResponseRow.status, func.count()).group_by(ResponseRow.status)
        ).all()
    assert dict(statuses) == {"submitted": 1, "draft": 1}
