"""Commitments: promises made, kept and broken, with evidence.

Every commitment, status change and dispute is appended to the record in the same
transaction. The deadlines that requests create and responses settle are commitments too
(:mod:`inwriting.services.deadlines`). A due date passing unanswered is ``broken`` whenever
it is read (``effective_status``), and is recorded as such by ``sweep_deadlines`` or by the
next submission, so correctness needs no job.

Who may record what:

* record a commitment: a drafter or principal of any party of the negotiation (a promise is
  often recorded by the side it was made to), or an administrator;
* rate it (in the works, stalled, kept, compromise, broken) or resolve a dispute: a
  principal of the party that promised or of a party it was made to, or an administrator;
* withdraw it: a principal of the party that promised;
* dispute it: a drafter or principal of any party of the negotiation, in writing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.commitments import (
    CommitmentStatus,
    Evidence,
    Source,
    SourceKind,
    change_problems,
    effective_status,
    promise_problems,
)
from inwriting.domain.events import Event, EventType
from inwriting.domain.negotiations import Role
from inwriting.domain.responses import SENT, ResponseKind
from inwriting.errors import PermissionDenied, Problem, ValidationError, missing
from inwriting.services.actors import (
    Actor,
    acting_user,
    has_role,
    now_or,
    require_admin,
    require_read,
    require_role,
)
from inwriting.services.notifications import on_commitment_change
from inwriting.services.record import append_event
from inwriting.storage import queries
from inwriting.storage.conversions import commitment_digest, status_change_digest
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    CommitmentPromiseeRow,
    CommitmentRow,
    NegotiationRow,
    PartyRow,
    RequestRow,
    ResponseRow,
    StatusChangeRow,
    UserRow,
)

_RATINGS = {
    CommitmentStatus.IN_THE_WORKS,
    CommitmentStatus.STALLED,
    CommitmentStatus.KEPT,
    CommitmentStatus.COMPROMISE,
    CommitmentStatus.BROKEN,
}


@dataclass(frozen=True)
class StatusChange:
    status: CommitmentStatus
    effective_at: datetime
    recorded_at: datetime
    recorded_by: str | None  # username; None when InWriting derived it from the facts
    party: str | None
    automatic: bool
    rationale: str
    evidence: Evidence


@dataclass(frozen=True)
class Commitment:
    id: int
    negotiation: str
    party: str
    person: str
    to: tuple[str, ...]  # party names; empty when made to all
    to_all: bool
    text: str
    made_at: datetime
    source: Source
    request_id: int | None
    due_at: datetime | None
    status: CommitmentStatus  # as recorded
    effective_status: CommitmentStatus  # as the facts stand now
    overdue: bool  # due date passed and still not done
    history: tuple[StatusChange, ...]
    record_index: int | None


def record_commitment(
    db: Database,
    actor: Actor,
    negotiation: str,
    party: str,
    text: str,
    source: Source,
    *,
    made_at: datetime,
    to: Sequence[str] = (),
    person: str = "",
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> Commitment:
    """Record that ``party`` promised ``text`` to the parties ``to`` (all others if empty)."""
    when = now_or(now)
    problems = promise_problems(text, source, made_at, due_at)
    if made_at > when:
        problems.append(_problem("the promise cannot be made in the future", "made_at"))
    if problems:
        raise ValidationError("the commitment cannot be recorded", problems)
    with db.transaction() as session:
        neg = queries.get_negotiation(session, negotiation)
        user = _require_participant(session, neg, actor)
        promiser = queries.get_party(session, neg, party)
        promisees = [queries.get_party(session, neg, name) for name in to]
        if promiser in promisees:
            raise ValidationError(f"{promiser.name} cannot make a promise to itself")
        row = add_commitment(
            session,
            neg,
            promiser,
            to=promisees,
            text=text,
            source=source,
            made_at=made_at,
            due_at=due_at,
            person=person,
            user=user,
            when=when,
        )
        put_on_record(session, row, _acting_party(session, neg, user, promiser), user, when)
        return commitment_value(session, row, when)


def change_status(
    db: Database,
    actor: Actor,
    commitment_id: int,
    status: CommitmentStatus,
    rationale: str,
    evidence: Evidence,
    *,
    party: str | None = None,
    effective_at: datetime | None = None,
    now: datetime | None = None,
) -> Commitment:
    """Record a new status with its rationale and evidence, acting for ``party`` where the
    status needs one (withdrawal, dispute)."""
    when = now_or(now)
    with db.transaction() as session:
        row = _get(session, actor, commitment_id)
        problems = change_problems(row.status, status, rationale, evidence)
        if problems:
            raise ValidationError(f"commitment {row.id} cannot become {status.value}", problems)
        acting_for = _require_may_set(session, actor, row, status, party)
        user = acting_user(session, actor)
        change = append_change(
            session,
            row,
            status,
            effective_at=effective_at or when,
            when=when,
            user=user,
            party=acting_for,
            rationale=rationale,
            evidence=evidence,
        )
        on_commitment_change(session, row, change, user.id if user else None)
        return commitment_value(session, row, when)


def dispute(
    db: Database,
    actor: Actor,
    commitment_id: int,
    party: str,
    statement: str,
    evidence: Evidence,
    *,
    now: datetime | None = None,
) -> Commitment:
    """``party`` states the promise was never made or means something else. The statement
    is recorded beside the original, which stays exactly as it was."""
    return change_status(
        db,
        actor,
        commitment_id,
        CommitmentStatus.DISPUTED,
        statement,
        evidence,
        party=party,
        now=now,
    )


def get_commitment(
    db: Database, actor: Actor, commitment_id: int, *, now: datetime | None = None
) -> Commitment:
    with db.reading() as session:
        return commitment_value(session, _get(session, actor, commitment_id), now_or(now))


def list_commitments(
    db: Database,
    actor: Actor,
    negotiation: str,
    *,
    party: str | None = None,
    status: CommitmentStatus | None = None,
    due_before: datetime | None = None,
    overdue_only: bool = False,
    now: datetime | None = None,
) -> list[Commitment]:
    """The ledger, filtered: by the party that promised, by (effective) status, by due date."""
    when = now_or(now)
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_read(session, neg, actor)
        query = select(CommitmentRow).where(CommitmentRow.negotiation_id == neg.id)
        if party is not None:
            query = query.where(CommitmentRow.party_id == queries.get_party(session, neg, party).id)
        if due_before is not None:
            query = query.where(CommitmentRow.due_at <= due_before)
        # Soonest due first, undated last, the same on every engine.
        order = (CommitmentRow.due_at.is_(None), CommitmentRow.due_at, CommitmentRow.id)
        rows = session.scalars(query.order_by(*order))
        found = [commitment_value(session, r, when) for r in rows]
    if status is not None:
        found = [c for c in found if c.effective_status is status]
    return [c for c in found if c.overdue] if overdue_only else found


def sweep_deadlines(db: Database, *, now: datetime | None = None) -> list[Commitment]:
    """Record as broken every open commitment whose due date has passed (idempotent)."""
    when = now_or(now)
    with db.transaction() as session:
        rows = session.scalars(
            select(CommitmentRow)
            .where(CommitmentRow.due_at < when)
            .where(CommitmentRow.status.in_([s for s in CommitmentStatus if s.open]))
            .order_by(CommitmentRow.id)
        ).all()
        for row in rows:
            assert row.due_at is not None  # selected on it
            append_change(
                session,
                row,
                CommitmentStatus.BROKEN,
                effective_at=row.due_at,
                when=when,
                automatic=True,
                rationale="The due date passed with no formal response."
                if row.request_id
                else "The due date passed and the commitment was not recorded as kept.",
                evidence=Evidence(
                    citation=f"Due {row.due_at:%Y-%m-%d %H:%M} UTC; nothing recorded since"
                ),
            )
        return [commitment_value(session, r, when) for r in rows]


# -- for this package's services: each runs inside its caller's transaction ------------------


def add_commitment(
    session: Session,
    neg: NegotiationRow,
    promiser: PartyRow,
    *,
    to: Sequence[PartyRow],
    text: str,
    source: Source,
    made_at: datetime,
    due_at: datetime | None,
    user: UserRow | None,
    when: datetime,
    person: str = "",
    request: RequestRow | None = None,
) -> CommitmentRow:
    """A new commitment's row (not yet on the record: see :func:`put_on_record`); ``to``
    empty means made to every other party."""
    promisees = to
    row = CommitmentRow(
        negotiation_id=neg.id,
        party=promiser,
        person=person.strip(),
        to_all=not promisees,
        text=text.strip(),
        made_at=made_at,
        source_kind=source.kind,
        source_citation=source.citation.strip(),
        source_quote=source.quote.strip(),
        source_link=source.link.strip(),
        request_id=request.id if request else None,
        due_at=due_at,
        status=CommitmentStatus.NOT_YET_RATED,
        recorded_by_user_id=user.id if user else None,
        created_at=when,
        promisees=[CommitmentPromiseeRow(party=p) for p in promisees],
    )
    session.add(row)
    session.flush()
    return row


def put_on_record(
    session: Session,
    row: CommitmentRow,
    acting: PartyRow | None,
    user: UserRow | None,
    when: datetime,
) -> None:
    """Put ``row`` on the record, naming the party that acted (the recording member's, or
    none for an administrator), and the party that promised as ``ids["promiser"]``: a promise
    is often recorded by the side it was made to."""
    ids = {"commitment": row.id, "promiser": row.party_id}
    if row.request_id is not None:
        ids["request"] = row.request_id
    event = Event(
        EventType.COMMITMENT_RECORDED,
        when,
        user.id if user else None,
        row.negotiation_id,
        acting.id if acting else None,
        ids,
        commitment_digest(row),
    )
    index = append_event(session, event, ("commitment", row.id))
    append_change(
        session,
        row,
        CommitmentStatus.NOT_YET_RATED,
        effective_at=row.made_at,
        when=when,
        user=user,
        automatic=row.request_id is not None,
        rationale="Recorded.",
        evidence=Evidence(citation=row.source_citation, record_index=index),
    )


def _acting_party(
    session: Session, neg: NegotiationRow, user: UserRow | None, promiser: PartyRow
) -> PartyRow | None:
    """The party ``user`` recorded a promise for: the promiser if they draft for it, else
    the first party (by id) they draft for; none for an administrator outside the parties."""
    if user is None:
        return None
    drafting = [m.party for m in queries.user_parties(session, neg, user) if m.role.may_draft]
    if promiser in drafting:
        return promiser
    return min(drafting, key=lambda p: p.id, default=None)


def append_change(
    session: Session,
    row: CommitmentRow,
    status: CommitmentStatus,
    *,
    effective_at: datetime,
    when: datetime,
    rationale: str,
    evidence: Evidence,
    user: UserRow | None = None,
    party: PartyRow | None = None,
    automatic: bool = False,
) -> StatusChangeRow:
    """Record ``status`` for ``row`` with its evidence, on the record too. ``user`` None and
    ``automatic``: InWriting derived it from the facts (a deadline kept, broken, swept)."""
    change = StatusChangeRow(
        commitment_id=row.id,
        status=status,
        effective_at=effective_at,
        recorded_at=when,
        recorded_by=user,
        party=party,
        automatic=automatic,
        rationale=rationale.strip(),
        evidence_citation=evidence.citation.strip(),
        evidence_link=evidence.link.strip(),
        evidence_record_index=evidence.record_index,
    )
    session.add(change)
    row.status = status
    session.flush()
    event = Event(
        EventType.COMMITMENT_STATUS_CHANGED,
        when,
        user.id if user else None,
        row.negotiation_id,
        party.id if party else None,
        {"commitment": row.id, "status_change": change.id},
        status_change_digest(change),
    )
    append_event(session, event, ("status_change", change.id))
    return change


# -- helpers ----------------------------------------------------------------------------------


def _get(session: Session, actor: Actor, commitment_id: int) -> CommitmentRow:
    row = queries.by_id(session, CommitmentRow, commitment_id)
    if row is None:
        raise missing("commitment")
    neg = session.get(NegotiationRow, row.negotiation_id)
    assert neg is not None  # foreign key
    require_read(session, neg, actor, "commitment")
    return row


def _require_participant(session: Session, neg: NegotiationRow, actor: Actor) -> UserRow | None:
    require_read(session, neg, actor)  # outsiders to a private negotiation learn nothing
    user = acting_user(session, actor)
    if user is None or user.is_admin:
        require_admin(session, actor)
        return user
    for member in queries.user_parties(session, neg, user):
        if member.role.may_draft:
            return user
    raise PermissionDenied(f"{user.username} does not act for any party in {neg.slug}")


def _require_may_set(
    session: Session, actor: Actor, row: CommitmentRow, status: CommitmentStatus, party: str | None
) -> PartyRow | None:
    """Check who may record ``status``; returns the party acted for, if any."""
    neg = session.get(NegotiationRow, row.negotiation_id)
    assert neg is not None  # foreign key
    if status in (CommitmentStatus.WITHDRAWN, CommitmentStatus.DISPUTED):
        if party is None:
            raise ValidationError(f"say which party {status.value} it (--party)")
        acting = queries.get_party(session, neg, party)
        roles = (
            (Role.PRINCIPAL,)
            if status is CommitmentStatus.WITHDRAWN
            else (Role.DRAFTER, Role.PRINCIPAL)
        )
        if status is CommitmentStatus.WITHDRAWN and acting.id != row.party_id:
            raise PermissionDenied(f"only {row.party.name} can withdraw its own promise")
        require_role(session, actor, acting, *roles)
        return acting
    user = acting_user(session, actor)
    if actor.anonymous or (user is not None and not user.is_admin):
        concerned = (
            list(neg.parties) if row.to_all else [row.party, *(p.party for p in row.promisees)]
        )
        if not any(has_role(session, user, p, Role.PRINCIPAL) for p in concerned):
            raise PermissionDenied(f"{actor} is not a principal of a party this promise concerns")
    return None


def commitment_value(session: Session, row: CommitmentRow, now: datetime) -> Commitment:
    """The commitment as readers see it at ``now`` (its effective status among others)."""
    effective = effective_status(CommitmentStatus(row.status), row.due_at, now)
    return Commitment(
        id=row.id,
        negotiation=session.get_one(NegotiationRow, row.negotiation_id).slug,
        party=row.party.name,
        person=row.person,
        to=tuple(p.party.name for p in row.promisees),
        to_all=row.to_all,
        text=row.text,
        made_at=row.made_at,
        source=Source(
            SourceKind(row.source_kind), row.source_citation, row.source_quote, row.source_link
        ),
        request_id=row.request_id,
        due_at=row.due_at,
        status=CommitmentStatus(row.status),
        effective_status=effective,
        overdue=_overdue(session, row, now),
        history=tuple(_change(c) for c in row.changes),
        record_index=queries.record_index(session, "commitment", row.id),
    )


def _overdue(session: Session, row: CommitmentRow, now: datetime) -> bool:
    """Due date passed and still not done: for a request, no formal response yet."""
    if row.due_at is None or now <= row.due_at:
        return False
    if row.request_id is not None:
        request = session.get_one(RequestRow, row.request_id)
        answered = session.scalar(
            select(ResponseRow.id).where(
                ResponseRow.version_id == request.version_id,
                ResponseRow.party_id == row.party_id,
                ResponseRow.kind == ResponseKind.FORMAL,
                ResponseRow.status.in_(SENT),
            )
        )
        return answered is None
    return CommitmentStatus(row.status) not in (CommitmentStatus.KEPT, CommitmentStatus.WITHDRAWN)


def _change(row: StatusChangeRow) -> StatusChange:
    return StatusChange(
        status=CommitmentStatus(row.status),
        effective_at=row.effective_at,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by.username if row.recorded_by else None,
        party=row.party.name if row.party else None,
        automatic=row.automatic,
        rationale=row.rationale,
        evidence=Evidence(row.evidence_citation, row.evidence_link, row.evidence_record_index),
    )


def _problem(message: str, field: str) -> Problem:
    return Problem(message, "commitment", field, f"bad_{field}")
