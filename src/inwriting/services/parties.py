"""Parties and their members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inwriting.domain.negotiations import Role
from inwriting.errors import Conflict, ValidationError
from inwriting.services.actors import Actor, now_or, require_admin, require_read
from inwriting.storage import queries
from inwriting.storage.engine import Database
from inwriting.storage.models import MemberRow, PartyRow


@dataclass(frozen=True)
class Member:
    username: str
    display_name: str
    role: str


@dataclass(frozen=True)
class Party:
    id: int
    name: str
    requires_approval: bool
    members: tuple[Member, ...]


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
    with db.transaction() as session:
        require_admin(session, actor)
        neg = queries.get_negotiation(session, negotiation)
        if queries.find_party(session, neg, name) is not None:
            raise Conflict(f"{neg.slug} already has a party {name!r}")
        row = PartyRow(name=name, requires_approval=requires_approval, created_at=now_or(now))
        neg.parties.append(row)
        session.flush()
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
    with db.transaction() as session:
        require_admin(session, actor)
        neg = queries.get_negotiation(session, negotiation)
        party_row = queries.get_party(session, neg, party)
        user = queries.get_user(session, username)
        if queries.find_member(session, party_row, user) is not None:
            raise Conflict(f"{username} is already a member of {party_row.name}")
        party_row.members.append(MemberRow(user=user, role=role.value, created_at=now_or(now)))
        session.flush()
        return _party(party_row)


def list_parties(db: Database, actor: Actor, negotiation: str) -> list[Party]:
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_read(session, neg, actor)
        return [_party(p) for p in neg.parties]


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
