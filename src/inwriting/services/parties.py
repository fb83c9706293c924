"""Parties and their members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from inwriting.domain.events import Event, EventType
from inwriting.domain.negotiations import Role
from inwriting.errors import Conflict, ValidationError
from inwriting.services.actors import Actor, now_or, require_admin, require_read
from inwriting.services.record import append_event
from inwriting.storage import queries
from inwriting.storage.conversions import member_digest, party_digest
from inwriting.storage.engine import Database
from inwriting.storage.models import MemberRow, PartyRow, UserRow


@dataclass(frozen=True)
class Member:
    username: str
    display_name: str
    role: Role


@dataclass(frozen=True)
class Party:
    id: int
    name: str
    requires_approval: bool
    members: tuple[Member, ...]

    def drafts_for(self, username: str | None) -> bool:
        """Whether ``username`` prepares answers for this party (a drafter or a principal);
        nobody signed in (``None``) drafts for none."""
        return any(m.username == username and m.role.may_draft for m in self.members)


def add_party(
    db: Database,
    actor: Actor,
    negotiation: str,
    name: str,
    *,
    requires_approval: bool = False,
    now: datetime | None = None,
) -> Party:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("a party needs a name")
    when = now_or(now)
    with db.transaction() as session:
        user = require_admin(session, actor)
        neg = queries.get_negotiation(session, negotiation)
        if queries.find_party(session, neg, name) is not None:
            raise Conflict(f"{neg.slug} already has a party {name!r}")
        row = PartyRow(name=name, requires_approval=requires_approval, created_at=when)
        neg.parties.append(row)
        session.flush()
        digest = party_digest(row)
        _record(session, EventType.PARTY_REGISTERED, when, user, row, {"party": row.id}, digest)
        return _party(row)


def add_member(
    db: Database,
    actor: Actor,
    negotiation: str,
    party: str,
    username: str,
    role: Role,
    *,
    now: datetime | None = None,
) -> Party:
    when = now_or(now)
    with db.transaction() as session:
        admin = require_admin(session, actor)
        neg = queries.get_negotiation(session, negotiation)
        party_row = queries.get_party(session, neg, party)
        user = queries.get_user(session, username)
        if queries.find_member(session, party_row, user) is not None:
            raise Conflict(f"{username} is already a member of {party_row.name}")
        member = MemberRow(user=user, role=role, created_at=when)
        party_row.members.append(member)
        session.flush()
        ids = {"member": member.id}  # not the user's id: global, it would link negotiations
        digest = member_digest(member)
        _record(session, EventType.MEMBER_REGISTERED, when, admin, party_row, ids, digest)
        return _party(party_row)


def list_parties(db: Database, actor: Actor, negotiation: str) -> list[Party]:
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_read(session, neg, actor)
        return [_party(p) for p in neg.parties]


def drafting_parties(db: Database, actor: Actor, negotiation: str) -> list[str]:
    """The parties of ``negotiation`` that ``actor`` drafts for (as drafter or principal)."""
    return [p.name for p in list_parties(db, actor, negotiation) if p.drafts_for(actor.username)]


def _record(
    session: Session,
    kind: EventType,
    when: datetime,
    actor: UserRow | None,
    party: PartyRow,
    ids: dict[str, int],
    digest: str,
) -> None:
    subject = "party" if kind is EventType.PARTY_REGISTERED else "member"
    event = Event(
        kind,
        when,
        actor.id if actor else None,
        party.negotiation_id,
        party.id,
        ids,
        digest,
    )
    append_event(session, event, (subject, ids[subject]))


def _party(row: PartyRow) -> Party:
    return Party(
        id=row.id,
        name=row.name,
        requires_approval=row.requires_approval,
        members=tuple(
            Member(username=m.user.username, display_name=m.user.display_name, role=m.role)
            for m in row.members
        ),
    )
