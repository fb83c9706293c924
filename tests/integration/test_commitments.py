"""Commitments and deadlines, with a fixed clock, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inwriting.domain.commitments import TRANSITIONS, CommitmentStatus, Evidence, Source, SourceKind
from inwriting.domain.responses import ResponseContent, ResponseKind
from inwriting.errors import ImmutableRecord, NotFound, PermissionDenied, ValidationError
from inwriting.services import commitments, requests, responses
from inwriting.services.actors import OPERATOR
from inwriting.services.record import list_entries, record_size
from inwriting.storage.engine import Database
from inwriting.storage.models import CommitmentRow, StatusChangeRow
from tests.integration.builders import (
    ALICE,
    AMOS,
    BEA,
    BEN,
    CARL,
    OLGA,
    T0,
    ZED,
    build,
    full_answer,
)

DUE = T0 + timedelta(days=10)
SAID = Source(SourceKind.PUBLIC_STATEMENT, "Press briefing, 1 March", "We will not build the dam.")
WHY = Evidence(citation="Minutes of the 3rd round, p. 4")


def _promise(db: Database, neg: str, due: bool = True) -> commitments.Commitment:
    return commitments.record_commitment(
        db,
        AMOS,
        neg,
        "Party B",
        "Not to start building the dam while talks go on.",
        SAID,
        made_at=T0 - timedelta(days=1),
        to=["Party A"],
        due_at=DUE if due else None,
        now=T0,
    )


def test_a_recorded_promise_keeps_its_source_and_starts_unrated(db: Database) -> None:
    s = build(db)
    c = _promise(db, s.negotiation)
    assert (c.party, c.to, c.status, c.source) == (
        "Party B",
        ("Party A",),
        CommitmentStatus.NOT_YET_RATED,
        SAID,
    )
    assert [h.status for h in c.history] == [CommitmentStatus.NOT_YET_RATED]
    assert c.history[0].evidence.record_index == c.record_index is not None
    (entry,) = list_entries(db, c.record_index, c.record_index + 1)
    assert entry.event.type == "commitment_recorded"


@pytest.mark.parametrize("current", list(CommitmentStatus))
@pytest.mark.parametrize(
    "new", [s for s in CommitmentStatus if s is not CommitmentStatus.NOT_YET_RATED]
)
def test_every_transition_is_allowed_or_refused_as_the_table_says(
    current: CommitmentStatus, new: CommitmentStatus
) -> None:
    from inwriting.domain.commitments import change_problems

    problems = change_problems(current, new, "because", WHY)
    assert (not problems) == (new in TRANSITIONS[current])


def test_status_changes_need_a_rationale_and_evidence(db: Database) -> None:
    s = build(db)
    c = _promise(db, s.negotiation)
    with pytest.raises(ValidationError) as caught:
        commitments.change_status(
            db, ALICE, c.id, CommitmentStatus.IN_THE_WORKS, "  ", Evidence(), now=T0
        )
    assert {p.field for p in caught.value.problems} == {"rationale", "evidence"}
    assert commitments.get_commitment(db, CARL, c.id, now=T0).history == c.history


def test_a_refused_transition_changes_nothing(db: Database) -> None:
    s = build(db)
    c = _promise(db, s.negotiation)
    commitments.change_status(db, ALICE, c.id, CommitmentStatus.KEPT, "Done.", WHY, now=T0)
    with pytest.raises(ValidationError, match="cannot become broken"):
        commitments.change_status(
            db, ALICE, c.id, CommitmentStatus.BROKEN, "Changed mind.", WHY, now=T0
        )
    assert commitments.get_commitment(db, CARL, c.id, now=T0).status is CommitmentStatus.KEPT


def test_who_may_rate_withdraw_and_dispute(db: Database) -> None:
    s = build(db)
    c = _promise(db, s.negotiation)
    with pytest.raises(PermissionDenied):  # Party C is not concerned by the promise
        commitments.change_status(db, CARL, c.id, CommitmentStatus.STALLED, "Nothing.", WHY, now=T0)
    with pytest.raises(PermissionDenied):  # a drafter does not rate
        commitments.change_status(db, BEN, c.id, CommitmentStatus.STALLED, "Nothing.", WHY, now=T0)
    with pytest.raises(PermissionDenied):  # only the party that promised withdraws
        commitments.change_status(
            db, ALICE, c.id, CommitmentStatus.WITHDRAWN, "No.", WHY, party="Party A", now=T0
        )
    with pytest.raises(PermissionDenied):  # observers do not speak for their party
        commitments.dispute(db, OLGA, c.id, "Party B", "Never said.", WHY, now=T0)
    rated = commitments.change_status(
        db, BEA, c.id, CommitmentStatus.IN_THE_WORKS, "Site closed.", WHY, now=T0
    )
    assert rated.history[-1].recorded_by == "bea"
    withdrawn = commitments.change_status(
        db,
        BEA,
        c.id,
        CommitmentStatus.WITHDRAWN,
        "Circumstances changed.",
        WHY,
        party="Party B",
        now=T0,
    )
    assert (
        withdrawn.status is CommitmentStatus.WITHDRAWN and withdrawn.history[-1].party == "Party B"
    )


def test_a_dispute_is_recorded_beside_the_original_which_stays_untouched(db: Database) -> None:
    s = build(db)
    c = _promise(db, s.negotiation)
    before = record_size(db)
    disputed = commitments.dispute(
        db,
        BEN,
        c.id,
        "Party B",
        "Party B never made this promise; the briefing was about roads.",
        Evidence(link="https://example.org/briefing-transcript"),
        now=T0,
    )
    assert disputed.status is CommitmentStatus.DISPUTED
    assert (disputed.text, disputed.source, disputed.made_at) == (c.text, c.source, c.made_at)
    assert disputed.history[:1] == c.history
    assert disputed.history[-1].rationale.startswith("Party B never made")
    assert record_size(db) == before + 1
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        session.get_one(CommitmentRow, c.id).text = "Something milder."
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        session.delete(session.query(StatusChangeRow).first())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": " "}, "text"),
        ({"source": Source(SourceKind.MEETING, "Round 3", "")}, "quote"),
        ({"source": Source(SourceKind.MEETING, "", "words")}, "citation"),
        ({"due_at": T0 - timedelta(days=2)}, "due_at"),
        ({"source": Source(SourceKind.MEETING, "Round 3", "w", link="javascript:x")}, "link"),
    ],
)
def test_bad_promises_are_refused_naming_the_field(
    db: Database, change: dict[str, object], field: str
) -> None:
    s = build(db)
    args: dict[str, object] = {"text": "Promise.", "source": SAID, "due_at": DUE}
    args.update(change)
    with pytest.raises(ValidationError) as caught:
        commitments.record_commitment(
            db,
            AMOS,
            s.negotiation,
            "Party B",
            args["text"],
            args["source"],  # type: ignore[arg-type]
            made_at=T0 - timedelta(days=1),
            due_at=args["due_at"],
            now=T0,  # type: ignore[arg-type]
        )
    assert field in {p.field for p in caught.value.problems}
    assert commitments.list_commitments(db, CARL, s.negotiation, now=T0) == []


def test_unknown_parties_and_outsiders_are_refused(db: Database) -> None:
    s = build(db)
    with pytest.raises(NotFound, match="Party Z"):
        commitments.record_commitment(
            db, AMOS, s.negotiation, "Party Z", "P.", SAID, made_at=T0, now=T0
        )
    with pytest.raises(NotFound, match="Party Q"):
        commitments.record_commitment(
            db, AMOS, s.negotiation, "Party B", "P.", SAID, made_at=T0, to=["Party Q"], now=T0
        )
    with pytest.raises(ValidationError, match="to itself"):
        commitments.record_commitment(
            db, AMOS, s.negotiation, "Party B", "P.", SAID, made_at=T0, to=["Party B"], now=T0
        )
    with pytest.raises(NotFound):
        commitments.record_commitment(db, ZED, s.negotiation, "Party B", "P.", SAID, made_at=T0)


def _requested(db: Database) -> tuple[str, int]:
    s = build(db)
    requests.create_request(
        db, AMOS, s.version_id, "Party A", ["Party B", "Party C"], DUE, allows_interim=True, now=T0
    )
    return s.negotiation, s.version_id


def _deadline(db: Database, neg: str, party: str, now: object = T0) -> commitments.Commitment:
    (found,) = commitments.list_commitments(db, CARL, neg, party=party, now=now)  # type: ignore[arg-type]
    return found


def test_a_request_becomes_a_deadline_commitment_per_party_asked(db: Database) -> None:
    neg, _ = _requested(db)
    b = _deadline(db, neg, "Party B")
    assert (b.source.kind, b.due_at, b.to, b.status) == (
        SourceKind.REQUEST,
        DUE,
        ("Party A",),
        CommitmentStatus.NOT_YET_RATED,
    )
    assert b.request_id is not None and "Respond in writing" in b.text


def test_answering_in_time_keeps_it_with_the_submission_as_evidence(db: Database) -> None:
    neg, version = _requested(db)
    draft = responses.save_draft(db, BEN, version, full_answer(), now=T0)
    sent = responses.submit_response(db, BEA, draft.id, now=T0 + timedelta(days=2))
    b = _deadline(db, neg, "Party B", DUE + timedelta(days=5))
    assert b.status is CommitmentStatus.KEPT and not b.overdue
    assert b.history[-1].automatic and b.history[-1].evidence.record_index == sent.record_index


def test_an_interim_answer_is_a_compromise_then_the_formal_one_keeps_it(db: Database) -> None:
    neg, version = _requested(db)
    interim = ResponseContent("Party B", ResponseKind.INTERIM, "", full_answer().positions[:1])
    sent = responses.save_draft(db, BEN, version, interim, now=T0)
    responses.submit_response(db, BEA, sent.id, now=T0 + timedelta(days=1))
    assert _deadline(db, neg, "Party B").status is CommitmentStatus.COMPROMISE
    formal = responses.save_draft(db, BEN, version, full_answer(), now=T0 + timedelta(days=2))
    responses.submit_response(db, BEA, formal.id, now=T0 + timedelta(days=3))
    assert [h.status for h in _deadline(db, neg, "Party B").history] == [
        CommitmentStatus.NOT_YET_RATED,
        CommitmentStatus.COMPROMISE,
        CommitmentStatus.KEPT,
    ]


def test_a_passed_due_date_is_broken_when_read_and_recorded_once_by_the_sweep(
    db: Database,
) -> None:
    neg, version = _requested(db)
    after = DUE + timedelta(minutes=1)
    c = _deadline(db, neg, "Party C", after)
    assert (c.status, c.effective_status, c.overdue) == (
        CommitmentStatus.NOT_YET_RATED,
        CommitmentStatus.BROKEN,
        True,
    )
    assert _deadline(db, neg, "Party C", DUE).effective_status is CommitmentStatus.NOT_YET_RATED
    swept = commitments.sweep_deadlines(db, now=after)
    assert {x.party for x in swept} == {"Party B", "Party C"}
    assert commitments.sweep_deadlines(db, now=after + timedelta(days=1)) == []
    c = _deadline(db, neg, "Party C", after)
    assert c.status is CommitmentStatus.BROKEN and c.history[-1].effective_at == DUE and c.overdue
    late = responses.save_draft(db, BEN, version, full_answer(), now=after)
    responses.submit_response(db, BEA, late.id, now=after)
    b = _deadline(db, neg, "Party B", after)
    assert b.status is CommitmentStatus.BROKEN and not b.overdue  # answered, but late


def test_a_late_answer_without_a_sweep_is_recorded_broken(db: Database) -> None:
    neg, version = _requested(db)
    late = responses.save_draft(db, BEN, version, full_answer(), now=T0)
    responses.submit_response(db, BEA, late.id, now=DUE + timedelta(hours=2))
    b = _deadline(db, neg, "Party B", DUE + timedelta(days=1))
    assert b.status is CommitmentStatus.BROKEN and "after the due date" in b.history[-1].rationale


def test_the_ledger_filters_by_party_status_and_overdue(db: Database) -> None:
    neg, _ = _requested(db)
    _promise(db, neg, due=False)
    after = DUE + timedelta(days=1)
    everything = commitments.list_commitments(db, CARL, neg, now=after)
    assert len(everything) == 3
    assert {
        c.party for c in commitments.list_commitments(db, CARL, neg, overdue_only=True, now=after)
    } == {
        "Party B",
        "Party C",
    }
    broken = commitments.list_commitments(db, CARL, neg, status=CommitmentStatus.BROKEN, now=after)
    assert len(broken) == 2
    assert len(commitments.list_commitments(db, CARL, neg, party="Party B", now=after)) == 2
    assert commitments.list_commitments(db, OPERATOR, neg, due_before=T0, now=after) == []
