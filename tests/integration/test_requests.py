"""Requests for written answers and the deadlines they set."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from inwriting.domain.deadlines import AnswerState
from inwriting.domain.responses import ResponseContent, ResponseKind
from inwriting.errors import NotFound, PermissionDenied, ValidationError
from inwriting.services import requests, responses
from inwriting.storage.engine import Database
from tests.integration.builders import AMOS, BEA, BEN, CARL, OLGA, T0, build, full_answer

DUE = T0 + timedelta(days=10)


def _states(db: Database, neg: str, now: datetime) -> dict[str, AnswerState]:
    (request,) = requests.list_requests(db, CARL, neg, now=now)
    return {a.party: a.state for a in request.answers}


def test_unanswered_requests_become_overdue_when_the_date_passes(db: Database) -> None:
    s = build(db)
    requests.create_request(db, AMOS, s.version_id, "Party A", ["Party B", "Party C"], DUE, now=T0)
    assert _states(db, s.negotiation, DUE) == {
        "Party B": AnswerState.PENDING,
        "Party C": AnswerState.PENDING,
    }
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.submit_response(db, BEA, draft.id, now=T0 + timedelta(days=3))
    after = DUE + timedelta(seconds=1)
    assert _states(db, s.negotiation, after) == {
        "Party B": AnswerState.ANSWERED,
        "Party C": AnswerState.OVERDUE,
    }
    overdue = requests.list_requests(db, CARL, s.negotiation, overdue_only=True, now=after)
    assert [r.overdue for r in overdue] == [("Party C",)]
    assert requests.list_requests(db, CARL, s.negotiation, overdue_only=True, now=DUE) == []


def test_a_late_answer_is_shown_as_late(db: Database) -> None:
    s = build(db)
    requests.create_request(db, AMOS, s.version_id, "Party A", ["Party B"], DUE, now=T0)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.submit_response(db, BEA, draft.id, now=DUE + timedelta(days=2))
    assert _states(db, s.negotiation, DUE + timedelta(days=3)) == {
        "Party B": AnswerState.ANSWERED_LATE
    }


def test_an_interim_answer_does_not_stop_the_clock(db: Database) -> None:
    s = build(db)
    requests.create_request(
        db, AMOS, s.version_id, "Party A", ["Party B"], DUE, allows_interim=True, now=T0
    )
    interim = ResponseContent(
        "Party B", kind=ResponseKind.INTERIM, positions=full_answer().positions[:1]
    )
    draft = responses.save_draft(db, BEN, s.version_id, interim, now=T0)
    sent = responses.submit_response(db, BEA, draft.id, now=T0)
    assert sent.kind == "interim" and sent.answered == 1
    assert _states(db, s.negotiation, T0) == {"Party B": AnswerState.INTERIM}
    assert _states(db, s.negotiation, DUE + timedelta(hours=1)) == {"Party B": AnswerState.OVERDUE}


@pytest.mark.parametrize(
    ("asked", "due", "message"),
    [
        (["Party B"], T0 - timedelta(days=1), "not in the future"),
        (["Party B"], T0, "not in the future"),
        ([], DUE, "at least one party"),
        (["Party A"], DUE, "cannot ask itself"),
        (["Party B", "party b"], DUE, "named twice"),
    ],
)
def test_bad_requests_are_refused(
    db: Database, asked: list[str], due: datetime, message: str
) -> None:
    s = build(db)
    with pytest.raises(ValidationError, match=message):
        requests.create_request(db, AMOS, s.version_id, "Party A", asked, due, now=T0)
    assert requests.list_requests(db, CARL, s.negotiation, now=T0) == []


def test_requests_name_existing_parties_and_are_made_by_members(db: Database) -> None:
    s = build(db)
    with pytest.raises(NotFound, match="Party Z"):
        requests.create_request(db, AMOS, s.version_id, "Party A", ["Party Z"], DUE, now=T0)
    with pytest.raises(PermissionDenied):
        requests.create_request(db, OLGA, s.version_id, "Party B", ["Party A"], DUE, now=T0)
    with pytest.raises(ValidationError, match="time zone"):
        requests.create_request(
            db, AMOS, s.version_id, "Party A", ["Party B"], DUE.replace(tzinfo=None), now=T0
        )
