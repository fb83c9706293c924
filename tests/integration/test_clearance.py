"""Clearance chains on responses, tabled versions and derived versions, on SQLite and
PostgreSQL."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from inwriting.domain.clearance import Step, StepState
from inwriting.domain.derivation import Action, Choice
from inwriting.domain.documents import ParsedDocument
from inwriting.domain.negotiations import Role
from inwriting.domain.responses import Position, PositionKind
from inwriting.errors import (
    Conflict,
    ImmutableRecord,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from inwriting.services import (
    clearance,
    derivation,
    documents,
    ledger,
    parties,
    record,
    responses,
    users,
    version_drafts,
)
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.record_keys import RecordKey
from inwriting.services.verification import verify_record
from inwriting.storage import queries
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    AdoptionRow,
    ClearanceRow,
    RecordEntryRow,
    UserRow,
    VersionRow,
)
from inwriting.tlog.notes import Ed25519Signer
from tests.integration.builders import (
    ALICE,
    AMOS,
    BEA,
    BEN,
    BORIS,
    CARL,
    DRAFT,
    OLGA,
    T0,
    Setup,
    build,
    full_answer,
)

LENA = Actor("lena")  # Party B drafter, one of its two legal reviewers
LATER = T0 + timedelta(hours=1)
KEY = RecordKey(Ed25519Signer("test.example/record", bytes(range(32))))

# review (olga, an observer, by name) -> legal (2 of boris and lena) -> principal (a principal)
THREE_STEPS = (
    Step("review", 1, members=("olga",)),
    Step("legal", 2, members=("boris", "lena")),
    Step("principal", 1, role=Role.PRINCIPAL),
)


def _build(db: Database) -> Setup:
    s = build(db)
    users.create_user(db, OPERATOR, "lena", "Lena", now=T0)
    parties.add_member(db, OPERATOR, s.negotiation, "Party B", "lena", Role.DRAFTER, now=T0)
    clearance.set_chain(db, BEA, s.negotiation, "Party B", THREE_STEPS, now=T0)
    return s


def _states(status: clearance.Status) -> list[tuple[str, StepState, tuple[str, ...]]]:
    return [(p.step.name, p.state, p.cleared_by) for p in status.steps]


def _response_status(db: Database, who: Actor, response_id: int) -> clearance.Status:
    with db.reading() as session:
        row = queries.get_response(session, response_id)
        authors = [session.get_one(UserRow, a.user_id).username for a in row.authors]
        return clearance.status_of(session, row.party, who, "response", row.id, authors)


def test_a_response_goes_through_three_steps_in_order_and_the_last_sends_it(
    db: Database,
) -> None:
    s = _build(db)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    with pytest.raises(Conflict):  # no principal may skip the chain
        responses.submit_response(db, BEA, draft.id, now=LATER)
    with pytest.raises(PermissionDenied, match="may not clear the step 'review'"):
        responses.approve_response(db, BORIS, draft.id, now=LATER)  # legal before review
    assert responses.approve_response(db, OLGA, draft.id, now=LATER).status == "draft"
    assert responses.approve_response(db, BORIS, draft.id, now=LATER).status == "draft"
    status = _response_status(db, BEA, draft.id)
    assert _states(status) == [
        ("review", StepState.CLEARED, ("olga",)),
        ("legal", StepState.CURRENT, ("boris",)),  # two needed, one given
        ("principal", StepState.WAITING, ()),
    ]
    assert not status.may_clear  # bea is no legal reviewer
    responses.approve_response(db, LENA, draft.id, now=LATER)
    sent = responses.approve_response(db, BEA, draft.id, now=LATER)
    assert sent.status == "submitted" and sent.submitted_by == "bea"
    with db.reading() as session:
        kinds = session.scalars(select(RecordEntryRow.type).order_by(RecordEntryRow.index))
        assert list(kinds)[-5:] == ["clearance_given"] * 4 + ["response_submitted"]
    assert ledger.check_database(db).ok


def test_four_eyes_at_every_step_and_each_step_needs_other_eyes(db: Database) -> None:
    s = _build(db)
    draft = responses.save_draft(db, LENA, s.version_id, full_answer(), now=T0)
    responses.approve_response(db, OLGA, draft.id, now=LATER)
    responses.approve_response(db, BORIS, draft.id, now=LATER)
    with pytest.raises(PermissionDenied, match="wrote part of this text"):
        responses.approve_response(db, LENA, draft.id, now=LATER)  # lena wrote it
    # legal needs two of boris and lena, and lena wrote it: nobody else may give the second
    with pytest.raises(PermissionDenied, match="may not clear the step 'legal'"):
        responses.approve_response(db, BEA, draft.id, now=LATER)
    # with one legal clearance enough, boris (who gave it) may not clear the next step too
    clearance.set_chain(
        db,
        BEA,
        s.negotiation,
        "Party B",
        (
            Step("review", 1, members=("olga",)),
            Step("legal", 1, members=("boris", "lena")),
            Step("principal", 1, role=Role.PRINCIPAL),
        ),
        now=LATER,
    )
    with pytest.raises(PermissionDenied, match="already cleared this text"):
        responses.approve_response(db, BORIS, draft.id, now=LATER)
    assert responses.approve_response(db, BEA, draft.id, now=LATER).status == "submitted"


def test_an_edit_withdraws_the_editors_step_and_later_ones(db: Database) -> None:
    s = _build(db)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.approve_response(db, OLGA, draft.id, now=T0)
    responses.approve_response(db, BORIS, draft.id, now=T0)
    changed = full_answer(art_3=Position(PositionKind.REJECT, provision="art-3", reason="No."))
    responses.save_draft(db, LENA, s.version_id, changed, now=LATER)  # lena: a legal reviewer
    status = _response_status(db, BEA, draft.id)
    assert _states(status) == [
        ("review", StepState.CLEARED, ("olga",)),  # before lena's step: stands
        ("legal", StepState.CURRENT, ()),  # boris's withdrawn
        ("principal", StepState.WAITING, ()),
    ]
    withdrawn = [h for h in status.history if h.what == "withdrawn"]
    assert [(h.step, h.username, h.by) for h in withdrawn] == [("legal", "boris", "lena")]
    cleared = [h for h in status.history if h.what == "cleared"]
    assert cleared[0].text_sha256 == cleared[1].text_sha256  # both cleared the first text
    # an edit by a drafter no step admits withdraws everything
    responses.save_draft(db, BEN, s.version_id, full_answer(), now=LATER)
    status = _response_status(db, BEA, draft.id)
    assert status.steps[0].state is StepState.CURRENT
    assert all(not p.cleared_by for p in status.steps)
    assert ledger.check_database(db).ok  # withdrawn clearances stay recorded, unchanged


def test_a_draft_that_is_not_complete_cannot_be_cleared(db: Database) -> None:
    s = _build(db)
    partial = full_answer()
    partial = replace(partial, positions=partial.positions[:-1])
    draft = responses.save_draft(db, BEN, s.version_id, partial, now=T0)
    with pytest.raises(ValidationError):
        responses.approve_response(db, OLGA, draft.id, now=LATER)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ClearanceRow)) == 0


def test_a_version_is_pending_until_cleared_and_private_to_its_party(db: Database) -> None:
    s = _build(db)
    before = documents.list_documents(db, CARL, s.negotiation)
    pending = documents.table_version(
        db, BEN, s.negotiation, "Party B", DRAFT, label="B's proposal", now=T0
    )
    assert isinstance(pending, clearance.PendingVersion) and pending.version_id is None
    assert documents.list_documents(db, CARL, s.negotiation) == before  # nothing tabled
    assert documents.list_documents(db, BEA, s.negotiation) == before
    with pytest.raises(NotFound):
        version_drafts.get_version_draft(db, CARL, pending.id)
    assert version_drafts.list_version_drafts(db, CARL, s.negotiation) == []
    assert [p.id for p in version_drafts.list_version_drafts(db, OLGA, s.negotiation)] == [
        pending.id
    ]
    with pytest.raises(PermissionDenied, match="may not clear the step 'review'"):
        version_drafts.clear_version_draft(db, BEN, pending.id, now=LATER)
    for who in (OLGA, BORIS, LENA):
        view = version_drafts.clear_version_draft(db, who, pending.id, now=LATER)
        assert view.draft.version_id is None
    view = version_drafts.clear_version_draft(db, BEA, pending.id, now=LATER)
    assert view.draft.version_id is not None
    tabled = documents.get_version(db, CARL, view.draft.version_id)
    assert tabled.version.label == "B's proposal" and tabled.version.tabled_by == "Party B"
    assert tabled.version.content_sha256 == pending.content_sha256
    with pytest.raises(Conflict):
        version_drafts.clear_version_draft(db, BEA, pending.id, now=LATER)
    assert ledger.check_database(db).ok


def test_editing_a_pending_version_withdraws_later_clearances(db: Database) -> None:
    s = _build(db)
    pending = documents.table_version(db, BEN, s.negotiation, "Party B", DRAFT, now=T0)
    version_drafts.clear_version_draft(db, OLGA, pending.id, now=T0)
    version_drafts.clear_version_draft(db, LENA, pending.id, now=T0)
    edited = replace(DRAFT, title="Agreement on testing, revised")
    view = version_drafts.edit_version_draft(db, BORIS, pending.id, edited, now=LATER)
    assert _states(view.status)[:2] == [
        ("review", StepState.CLEARED, ("olga",)),
        ("legal", StepState.CURRENT, ()),
    ]
    assert view.draft.title == "Agreement on testing, revised"
    assert set(view.authors) == {"ben", "boris"}
    with pytest.raises(PermissionDenied, match="wrote part"):
        version_drafts.clear_version_draft(db, BORIS, pending.id, now=LATER)
    with pytest.raises(PermissionDenied):
        version_drafts.edit_version_draft(db, OLGA, pending.id, edited, now=LATER)  # observer
    with pytest.raises(NotFound):
        version_drafts.edit_version_draft(db, CARL, pending.id, edited, now=LATER)


def test_a_derived_version_is_cleared_then_tabled_with_its_adoptions(db: Database) -> None:
    s = build(db)
    clearance.set_chain(
        db, ALICE, s.negotiation, "Party A", (Step("principal", 1, role=Role.PRINCIPAL),), now=T0
    )
    amend = Position(PositionKind.AMEND, provision="art-1", text="Uno.", reason="Clearer.")
    sent = responses.save_draft(db, BEN, s.version_id, full_answer(art_1=amend), now=T0)
    responses.submit_response(db, BEA, sent.id, now=T0)
    made = derivation.derive_version(
        db, AMOS, s.version_id, [Choice("art-1", Action.ADOPT, "Party B")], now=LATER
    )
    assert isinstance(made, clearance.PendingVersion) and made.derived
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(VersionRow)) == 1
    view = version_drafts.clear_version_draft(db, ALICE, made.id, now=LATER)
    assert view.draft.version_id is not None
    text = documents.get_version(db, CARL, view.draft.version_id)
    assert text.version.baseline_id == s.version_id
    assert next(p for p in text.provisions if p.key == "art-1").text == "Uno."
    assert ledger.check_database(db).ok


def test_setting_a_chain_is_refused_with_every_problem_and_changes_nothing(db: Database) -> None:
    s = _build(db)
    bad = (
        Step(" ", 1, role=Role.PRINCIPAL),
        Step("legal", 3, members=("boris", "lena")),
        Step("Legal", 1, members=("carl",)),
        Step("who", 1),
    )
    with pytest.raises(ValidationError) as caught:
        clearance.set_chain(db, BEA, s.negotiation, "Party B", bad, now=LATER)
    codes = {(p.where, p.code) for p in caught.value.problems}
    assert codes == {
        ("step 1", "missing_name"),
        ("step 2", "too_few_clearers"),
        ("step 3", "duplicate_name"),
        ("step 3", "not_a_member"),
        ("step 4", "bad_who"),
    }
    assert clearance.get_chain(db, BEN, s.negotiation, "Party B").steps == THREE_STEPS
    with pytest.raises(PermissionDenied):
        clearance.set_chain(db, BEN, s.negotiation, "Party B", (), now=LATER)  # a drafter
    with pytest.raises(NotFound):
        clearance.get_chain(db, CARL, s.negotiation, "Party B")  # another party's
    clearance.set_chain(db, BEA, s.negotiation, "Party B", (), now=LATER)
    assert clearance.get_chain(db, BEN, s.negotiation, "Party B").steps == ()


def test_without_a_chain_the_one_step_approval_is_unchanged(db: Database) -> None:
    s = build(db, b_requires_approval=True)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    with pytest.raises(Conflict):
        responses.submit_response(db, BEA, draft.id, now=LATER)
    assert responses.approve_response(db, BEA, draft.id, now=LATER).status == "approved"
    assert responses.submit_response(db, BORIS, draft.id, now=LATER).status == "submitted"
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ClearanceRow)) == 0


def test_awaiting_clearance_lists_what_each_user_may_clear_now(db: Database) -> None:
    s = _build(db)
    partial = full_answer()
    partial = replace(partial, positions=partial.positions[:-1])
    responses.save_draft(db, BEN, s.version_id, partial, now=T0)
    with db.reading() as session:  # work in progress awaits nobody
        assert clearance.awaiting_clearance(session, queries.get_user(session, "olga").id) == []
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    pending = documents.table_version(db, BEN, s.negotiation, "Party B", DRAFT, now=T0)

    def awaiting(name: str) -> list[tuple[str, int, str]]:
        with db.reading() as session:
            user = queries.get_user(session, name)
            found = clearance.awaiting_clearance(session, user.id)
        return [(a.subject, a.subject_id, a.step) for a in found]

    assert awaiting("olga") == [
        ("response", draft.id, "review"),
        ("version_draft", pending.id, "review"),
    ]
    assert awaiting("boris") == [] and awaiting("ben") == [] and awaiting("carl") == []
    responses.approve_response(db, OLGA, draft.id, now=LATER)
    assert awaiting("boris") == [("response", draft.id, "legal")]
    assert awaiting("olga") == [("version_draft", pending.id, "review")]
    with db.reading() as session:
        found = clearance.awaiting_clearance(session, queries.get_user(session, "boris").id)
    assert found[0].path == f"/negotiations/{s.negotiation}/responses/{draft.id}"


def test_a_clearance_entry_names_nobody_and_opens_to_its_party_only(db: Database) -> None:
    s = _build(db)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.approve_response(db, OLGA, draft.id, now=LATER)
    with db.reading() as session:
        entry = session.scalars(
            select(RecordEntryRow).where(RecordEntryRow.type == "clearance_given")
        ).one()
        index, data = entry.index, bytes(entry.entry)
    public = json.loads(data)
    assert public["actor"] is None and public["ids"] == {"clearance": 1}
    assert b"olga" not in data and b"review" not in data
    opening = record.open_entry(db, BEN, index)
    assert opening.verified
    assert opening.content is not None and "olga" not in json.dumps(opening.content)
    assert opening.content["step_name"] == "review"
    for outsider in (CARL, ALICE, OPERATOR):
        with pytest.raises(NotFound):
            record.open_entry(db, outsider, index)


def test_the_record_verifies_with_clearances_and_catches_a_changed_one(db: Database) -> None:
    s = _build(db)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.approve_response(db, OLGA, draft.id, now=LATER)
    responses.save_draft(db, BEN, s.version_id, full_answer(), now=LATER)  # withdraws it
    record.publish_checkpoint(db, KEY, now=LATER)
    assert verify_record(db, KEY.signer.verifier()).ok
    with db.transaction() as session:  # behind the services' back
        session.execute(text("UPDATE clearances SET step_name = 'legal'"))
    found = verify_record(db, KEY.signer.verifier()).discrepancies
    assert [d.what for d in found] == ["content changed"]


def test_the_orm_never_changes_a_clearance_but_to_withdraw_it_once(db: Database) -> None:
    s = _build(db)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.approve_response(db, OLGA, draft.id, now=LATER)
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        session.scalars(select(ClearanceRow)).one().text_sha256 = "0" * 64
    responses.save_draft(db, BEN, s.version_id, full_answer(), now=LATER)
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        session.scalars(select(ClearanceRow)).one().withdrawn_at = LATER + timedelta(days=1)


def test_editing_a_derived_version_keeps_the_adoptions_of_the_provisions_it_keeps(
    db: Database,
) -> None:
    s = build(db)
    clearance.set_chain(
        db, ALICE, s.negotiation, "Party A", (Step("principal", 1, role=Role.PRINCIPAL),), now=T0
    )
    amend = Position(PositionKind.AMEND, provision="art-1", text="Uno.", reason="Clearer.")
    sent = responses.save_draft(db, BEN, s.version_id, full_answer(art_1=amend), now=T0)
    responses.submit_response(db, BEA, sent.id, now=T0)
    choices = [Choice("art-1", Action.ADOPT, "Party B"), Choice("art-3", Action.DELETE)]
    made = derivation.derive_version(db, AMOS, s.version_id, choices, now=LATER)
    view = version_drafts.get_version_draft(db, ALICE, made.id)
    without_art_1 = tuple(p for p in view.draft.provisions if p.key != "art-1")
    edited = ParsedDocument(view.draft.title, without_art_1)
    version_drafts.edit_version_draft(db, AMOS, made.id, edited, label="Draft 2", now=LATER)
    done = version_drafts.clear_version_draft(db, ALICE, made.id, now=LATER)
    assert done.draft.version_id is not None and done.draft.label == "Draft 2"
    with db.reading() as session:
        kept = session.scalars(
            select(AdoptionRow.provision_key).where(AdoptionRow.version_id == done.draft.version_id)
        )
        assert sorted(kept) == ["art-2", "part-1", "preamble"]  # art-1 gone, art-3 deleted
    assert ledger.check_database(db).ok
