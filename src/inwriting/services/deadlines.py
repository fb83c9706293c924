"""Deadlines: the written answers requests ask for, as commitments of the parties asked.

A request for written answers makes each party asked owe a response by its due date: a
commitment on the record (``open_deadlines``, inside the request's transaction). Submitting
the response settles it (``settle_deadlines``, inside the submission's transaction): in time
and formal is ``kept``, interim is ``compromise``, late is ``broken``. A due date passing
with no answer is ``broken`` when read, and recorded so by ``commitments.sweep_deadlines``.

Both functions run inside another service's transaction, so that the request or the
submission and its consequence for the deadline are on the record together or not at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.commitments import CommitmentStatus, Evidence, Source, SourceKind
from inwriting.domain.responses import ResponseKind
from inwriting.services.commitments import add_commitment, append_change, put_on_record
from inwriting.storage.models import CommitmentRow, RequestRow, ResponseRow, UserRow

# What a submission can still settle: an open deadline, or one answered only in part so far.
_SETTLEABLE = (*(s for s in CommitmentStatus if s.open), CommitmentStatus.COMPROMISE)


def open_deadlines(session: Session, request: RequestRow, user: UserRow, when: datetime) -> None:
    """Each party asked by ``request`` now owes a written response by its due date."""
    version = request.version
    for asked in request.asked:
        text = (
            f"Respond in writing, provision by provision, to {version.label} of "
            f"{version.document.title} by {request.due_at:%Y-%m-%d %H:%M} UTC."
        )
        source = Source(
            SourceKind.REQUEST,
            f"Request {request.id} by {request.requested_by.name}, {when:%Y-%m-%d}",
            request.note or text,
        )
        row = add_commitment(
            session,
            version.document.negotiation,
            asked.party,
            to=[request.requested_by],
            text=text,
            source=source,
            made_at=when,
            due_at=request.due_at,
            user=user,
            when=when,
            request=request,
        )
        put_on_record(session, row, request.requested_by, user, when)


def settle_deadlines(session: Session, response: ResponseRow, record_index: int) -> None:
    """A submitted response keeps (or breaks, if late) its party's deadline commitments."""
    when = response.submitted_at
    assert when is not None  # only submitted responses settle deadlines
    rows = session.scalars(
        select(CommitmentRow)
        .join(RequestRow, CommitmentRow.request_id == RequestRow.id)
        .where(RequestRow.version_id == response.version_id)
        .where(CommitmentRow.party_id == response.party_id)
        .where(CommitmentRow.status.in_(_SETTLEABLE))
    ).all()
    for row in rows:
        assert row.due_at is not None  # deadline commitments always have one
        status, why = _outcome(response, when, row.due_at)
        if status is row.status:
            continue
        append_change(
            session,
            row,
            status,
            effective_at=when,
            when=when,
            automatic=True,
            rationale=why,
            evidence=Evidence(citation=f"Response {response.id}", record_index=record_index),
        )


def _outcome(
    response: ResponseRow, when: datetime, due_at: datetime
) -> tuple[CommitmentStatus, str]:
    if when > due_at:
        return CommitmentStatus.BROKEN, f"Answered after the due date, on {when:%Y-%m-%d}."
    if response.kind is ResponseKind.INTERIM:
        return CommitmentStatus.COMPROMISE, "An interim, explicitly partial answer was submitted."
    return CommitmentStatus.KEPT, "The formal written response was submitted in time."
