"""My tasks: what needs the signed-in user, for the front page.

Sections, in order: the answers my parties owe (overdue first, then by due date), the drafts
awaiting my clearance, then any section another service registers (threads that mention
me), and what changed on the record since my last visit. A section with nothing in it is
not shown. Another service adds a section with one call, at import::

    register_section("mentions", "Threads that mention me", provider)

where ``provider(session, user, since)`` returns :class:`Task` items (link text, page,
detail) (``since``: the end of
the user's previous visit, or ``None`` on a first visit).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.events import decode_event
from inwriting.domain.negotiations import Role
from inwriting.errors import PermissionDenied, Unavailable
from inwriting.services.actors import Actor, acting_user, now_or
from inwriting.services.clearance import awaiting_clearance
from inwriting.services.discussion import mentions_of
from inwriting.services.notifications import respond_path
from inwriting.services.responses import drafts_awaiting
from inwriting.services.sending import answered_formally
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    MemberRow,
    NegotiationRow,
    PartyRow,
    RecordEntryRow,
    RequestPartyRow,
    RequestRow,
    ResponseAuthorRow,
    UserRow,
    VisitRow,
)

# Looking again within this time is the same visit: "since my last visit" does not empty
# itself on every reload.
VISIT_GAP = timedelta(minutes=30)
CHANGES_LIMIT = 30


@dataclass(frozen=True)
class Task:
    label: str  # what to do, short: the link's text
    path: str  # the page to act on, from the site's root
    detail: str = ""  # which party, text, who asked: beside the link
    due_at: datetime | None = None
    overdue: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Change:
    negotiation: str  # its title
    slug: str
    what: str  # the kind of entry: "version tabled", "response submitted"...
    recorded_at: datetime
    index: int  # the record entry


@dataclass(frozen=True)
class MyTasks:
    sections: tuple[Section, ...]  # only those with something in them
    changes: tuple[Change, ...]
    since: datetime | None  # the end of the previous visit; None on a first visit


Provider = Callable[[Session, UserRow, datetime | None], Sequence[Task]]
_REGISTERED: list[tuple[str, str, Provider]] = []


def register_section(key: str, title: str, provider: Provider) -> None:
    """Add a section to every user's tasks, after the built-in ones (once per ``key``)."""
    if all(k != key for k, _, _ in _REGISTERED):
        _REGISTERED.append((key, title, provider))


def my_tasks(db: Database, actor: Actor, *, now: datetime | None = None) -> MyTasks:
    """The acting user's tasks; counts this as a visit (see :data:`VISIT_GAP`)."""
    when = now_or(now)
    try:
        since = _visit(db, actor, when)
    except Unavailable:  # a read-only database (a standby) still shows what needs you
        since = None
    with db.reading() as session:
        user = _require_user(session, actor)
        built_in: list[tuple[str, str, Provider]] = [
            ("owed", "Answers my party owes", lambda s, u, _: _owed(s, u, when)),
            ("clearance", "Drafts awaiting my clearance", lambda s, u, _: _clearance(s, u)),
            ("mentions", "Threads that mention me", lambda s, u, _: _mentions(s, u)),
        ]
        sections = [
            Section(key, title, tuple(provider(session, user, since)))
            for key, title, provider in [*built_in, *_REGISTERED]
        ]
        changes = _changes(session, user, since) if since is not None else ()
        return MyTasks(tuple(s for s in sections if s.tasks), tuple(changes), since)


def _owed(session: Session, user: UserRow, now: datetime) -> list[Task]:
    """The formal answers the parties ``user`` drafts or answers for still owe."""
    rows = session.execute(
        select(RequestRow, PartyRow)
        .join(RequestPartyRow, RequestPartyRow.request_id == RequestRow.id)
        .join(PartyRow, PartyRow.id == RequestPartyRow.party_id)
        .join(MemberRow, MemberRow.party_id == PartyRow.id)
        .where(MemberRow.user_id == user.id, MemberRow.role.in_([Role.DRAFTER, Role.PRINCIPAL]))
        .order_by(RequestRow.due_at, RequestRow.id)
    ).all()
    tasks = [
        Task(
            f"Answer {request.version.label}",
            respond_path(request.version.document.negotiation, request.version, party),
            f"{party.name} · {request.version.document.title} · asked by "
            f"{request.requested_by.name}",
            due_at=request.due_at,
            overdue=now > request.due_at,
        )
        for request, party in rows
        if not answered_formally(session, request, party.id)
    ]
    return sorted(tasks, key=lambda t: not t.overdue)  # stable: by due date within each


def _clearance(session: Session, user: UserRow) -> list[Task]:
    return [
        Task(
            f"Clear the answer to {row.version.label}",
            respond_path(row.version.document.negotiation, row.version, row.party),
            f"{row.party.name} · {row.version.document.title} · drafted by "
            f"{', '.join(_authors(session, row.authors))}",
        )
        for row in drafts_awaiting(session, user)
    ] + [  # a party's clearance chain: responses and versions waiting at my step
        Task(
            f"Clear “{a.title}”",
            a.path,
            f"{a.party} · step “{a.step}” of its clearance chain",
        )
        for a in awaiting_clearance(session, user.id)
    ]


MENTIONS_SHOWN = 20


def _mentions(session: Session, user: UserRow) -> list[Task]:
    """The newest messages that name ``user``, in threads they may still read."""
    return [
        Task(
            f"Read the thread on {m.provision_key}",
            f"/negotiations/{m.negotiation}/versions/{m.version_id}/provisions/"
            f"{m.provision_key}#discussion",
            f"{m.author or 'someone'}: {m.body[:120]}",
        )
        for m in mentions_of(session, user.id)[:MENTIONS_SHOWN]
    ]


def _authors(session: Session, authors: Sequence[ResponseAuthorRow]) -> list[str]:
    ids = [a.user_id for a in authors]
    return list(session.scalars(select(UserRow.display_name).where(UserRow.id.in_(ids))))


def _changes(session: Session, user: UserRow, since: datetime) -> list[Change]:
    """Record entries since ``since`` about the negotiations ``user`` takes part in."""
    mine = select(PartyRow.negotiation_id).join(MemberRow).where(MemberRow.user_id == user.id)
    rows = session.execute(
        select(RecordEntryRow, NegotiationRow)
        .join(NegotiationRow, NegotiationRow.id == RecordEntryRow.negotiation_id)
        .where(RecordEntryRow.negotiation_id.in_(mine), RecordEntryRow.recorded_at > since)
        .order_by(RecordEntryRow.index.desc())
        .limit(CHANGES_LIMIT)
    ).all()
    return [
        Change(
            neg.title,
            neg.slug,
            decode_event(bytes(entry.entry)).type.value.replace("_", " "),
            entry.recorded_at,
            entry.index,
        )
        for entry, neg in rows
    ]


def _visit(db: Database, actor: Actor, when: datetime) -> datetime | None:
    """Note a look at the front page; the end of the previous visit."""
    with db.transaction() as session:
        user = _require_user(session, actor)
        row = session.get(VisitRow, user.id)
        if row is None:
            session.add(VisitRow(user_id=user.id, seen_at=when, since=None))
            return None
        if when - row.seen_at > VISIT_GAP:  # a new visit: the last one ended then
            row.since = row.seen_at
        row.seen_at = max(row.seen_at, when)
        return row.since


def _require_user(session: Session, actor: Actor) -> UserRow:
    user = None if actor.anonymous else acting_user(session, actor)
    if user is None:
        raise PermissionDenied("sign in to see what needs you")
    return user
