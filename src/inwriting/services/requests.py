"""Requests: a version tabled *for* written answers from named parties by a due date.

Whether a party is overdue is computed from the facts whenever it is read (the due date,
``now`` and the responses submitted), never stored, so it cannot drift from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.deadlines import AnswerState, answer_state
from inwriting.domain.events import Event, EventType
from inwriting.domain.negotiations import Role
from inwriting.domain.responses import SENT, ResponseKind
from inwriting.errors import ValidationError
from inwriting.services.actors import Actor, now_or, require_read, require_role
from inwriting.services.deadlines import open_deadlines
from inwriting.services.notifications import on_request
from inwriting.services.record import append_event
from inwriting.storage import queries
from inwriting.storage.conversions import request_digest
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    DocumentRow,
    RequestPartyRow,
    RequestRow,
    ResponseRow,
    VersionRow,
)


@dataclass(frozen=True)
class Answer:
    party: str
    state: AnswerState
    response_id: int | None  # the formal response that answered, if any


@dataclass(frozen=True)
class Request:
    id: int
    version_id: int
    document: str
    version_label: str
    requested_by: str
    due_at: datetime
    allows_interim: bool
    note: str
    created_at: datetime
    answers: tuple[Answer, ...]

    @property
    def overdue(self) -> tuple[str, ...]:
        return tuple(a.party for a in self.answers if a.state.overdue)


def create_request(
    db: Database,
    actor: Actor,
    version_id: int,
    party: str,
    asked: Sequence[str],
    due_at: datetime,
    *,
    allows_interim: bool = False,
    note: str = "",
    now: datetime | None = None,
) -> Request:
    """``party`` asks the ``asked`` parties for a written response to a version by ``due_at``."""
    when = now_or(now)
    if due_at.tzinfo is None:
        raise ValidationError("the due date needs a time zone (e.g. 2027-01-31T17:00:00+00:00)")
    if due_at <= when:
        raise ValidationError(f"the due date {due_at:%Y-%m-%d %H:%M} UTC is not in the future")
    if not asked:
        raise ValidationError("name at least one party to answer")
    with db.transaction() as session:
        version = queries.get_version(session, version_id)
        neg = version.document.negotiation
        asking = queries.get_party(session, neg, party)
        user = require_role(session, actor, asking, Role.DRAFTER, Role.PRINCIPAL)
        asked_rows = [queries.get_party(session, neg, name) for name in asked]
        if asking in asked_rows:
            raise ValidationError(f"{asking.name} cannot ask itself for a response")
        if len({p.id for p in asked_rows}) != len(asked_rows):
            raise ValidationError("a party is named twice")
        row = RequestRow(
            version=version,
            requested_by=asking,
            requested_by_user_id=user.id,
            due_at=due_at,
            allows_interim=allows_interim,
            note=note.strip(),
            created_at=when,
            asked=[RequestPartyRow(party=p) for p in asked_rows],
        )
        session.add(row)
        session.flush()
        event = Event(
            EventType.REQUEST_MADE,
            when,
            user.id,
            neg.id,
            asking.id,
            {"request": row.id, "version": version.id},
            request_digest(row),
        )
        append_event(session, event, ("request", row.id))
        open_deadlines(session, row, user, when)
        on_request(session, row, user.id, when)
        return _request(session, row, when)


def list_requests(
    db: Database,
    actor: Actor,
    negotiation: str,
    *,
    overdue_only: bool = False,
    now: datetime | None = None,
) -> list[Request]:
    when = now_or(now)
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_read(session, neg, actor)
        rows = session.scalars(
            select(RequestRow)
            .join(VersionRow)
            .join(DocumentRow)
            .where(DocumentRow.negotiation_id == neg.id)
            .order_by(RequestRow.due_at, RequestRow.id)
        )
        found = [_request(session, r, when) for r in rows]
        return [r for r in found if r.overdue] if overdue_only else found


def _request(session: Session, row: RequestRow, now: datetime) -> Request:
    return Request(
        id=row.id,
        version_id=row.version_id,
        document=row.version.document.slug,
        version_label=row.version.label,
        requested_by=row.requested_by.name,
        due_at=row.due_at,
        allows_interim=row.allows_interim,
        note=row.note,
        created_at=row.created_at,
        answers=tuple(_answer(session, row, a.party_id, now) for a in row.asked),
    )


def _answer(session: Session, request: RequestRow, party_id: int, now: datetime) -> Answer:
    sent = list(
        session.scalars(
            select(ResponseRow)
            .where(
                ResponseRow.version_id == request.version_id,
                ResponseRow.party_id == party_id,
                ResponseRow.status.in_(SENT),
            )
            .order_by(ResponseRow.submitted_at)
        )
    )
    formal = next((r for r in sent if r.kind is ResponseKind.FORMAL), None)
    state = answer_state(
        request.due_at,
        now,
        formal.submitted_at if formal else None,
        interim_submitted=any(r.kind is ResponseKind.INTERIM for r in sent),
    )
    party = next(a.party.name for a in request.asked if a.party_id == party_id)
    return Answer(party=party, state=state, response_id=formal.id if formal else None)
