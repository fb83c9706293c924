"""When a party's answer to a request is answered, late, interim, pending or overdue
(inwriting.domain.deadlines): time is passed in, so each case is a plain value."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from inwriting.domain.deadlines import AnswerState, answer_state

DUE = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
BEFORE, AFTER = DUE - timedelta(days=1), DUE + timedelta(days=1)


def test_a_formal_answer_by_the_due_date_is_answered_whenever_it_is_asked() -> None:
    assert answer_state(DUE, AFTER, formal_submitted_at=BEFORE) is AnswerState.ANSWERED
    assert answer_state(DUE, AFTER, formal_submitted_at=DUE) is AnswerState.ANSWERED


def test_a_formal_answer_after_the_due_date_stays_late_forever() -> None:
    late = DUE + timedelta(seconds=1)
    for now in (late, AFTER, AFTER + timedelta(days=365)):
        assert answer_state(DUE, now, formal_submitted_at=late) is AnswerState.ANSWERED_LATE


def test_no_answer_is_pending_until_the_due_date_and_overdue_after_it() -> None:
    assert answer_state(DUE, BEFORE, None) is AnswerState.PENDING
    assert answer_state(DUE, DUE, None) is AnswerState.PENDING
    assert answer_state(DUE, DUE + timedelta(microseconds=1), None) is AnswerState.OVERDUE


def test_an_interim_answer_does_not_stop_the_clock() -> None:
    assert answer_state(DUE, BEFORE, None, interim_submitted=True) is AnswerState.INTERIM
    assert answer_state(DUE, AFTER, None, interim_submitted=True) is AnswerState.OVERDUE
    assert answer_state(DUE, AFTER, BEFORE, interim_submitted=True) is AnswerState.ANSWERED


@pytest.mark.parametrize("state", list(AnswerState))
def test_only_overdue_is_overdue(state: AnswerState) -> None:
    assert state.overdue is (state is AnswerState.OVERDUE)
