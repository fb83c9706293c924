"""When an answer is due, and what its absence means. Time is always passed in."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class AnswerState(StrEnum):
    ANSWERED = "answered"  # a formal response was submitted
    ANSWERED_LATE = "answered_late"
    INTERIM = "interim"  # only an interim (explicitly partial) response so far
    PENDING = "pending"  # not yet answered, not yet due
    OVERDUE = "overdue"  # due date passed with no formal response

    @property
    def overdue(self) -> bool:
        return self is AnswerState.OVERDUE


def answer_state(
    due_at: datetime,
    now: datetime,
    formal_submitted_at: datetime | None,
    interim_submitted: bool = False,
) -> AnswerState:
    """The state of one party's answer to one request at ``now``.

    A formal response is what discharges a request; an interim answer is shown as such but
    does not stop the clock: past the due date with only an interim answer, the party is
    overdue.
    """
    if formal_submitted_at is not None:
        return AnswerState.ANSWERED if formal_submitted_at <= due_at else AnswerState.ANSWERED_LATE
    if now > due_at:
        return AnswerState.OVERDUE
    return AnswerState.INTERIM if interim_submitted else AnswerState.PENDING
