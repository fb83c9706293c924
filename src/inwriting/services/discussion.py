"""Discussion per provision: threads, replies, resolve and reopen, mentions.

**Who reads what.** An *internal* thread is read by the members of its party, whatever their
role, and by no one else: not another party, not an administrator, not the local operator
(as a party's drafts). A *shared* thread is read by the participants of the negotiation —
members of its parties, administrators, the operator — but not by anonymous visitors or
other users of a public negotiation: it is the parties' conversation, not a publication.
A thread someone may not read answers exactly like one that does not exist
(:func:`~inwriting.errors.missing`), and is never fetched for a list, a count, a search or
a mention.

**Who writes.** In an internal thread, any member of its party; in a shared thread, a
drafter or principal of a party of the negotiation (an observer reads). Whoever may write
in a thread may resolve and reopen it. ``@username`` mentions name members who may read the
thread; mentioning anyone else is refused, with nothing saved.

**Following a provision.** A thread is started on one provision (by key) of one version and
is shown on every version of the same document where that provision is found: the
redline's alignment (``redline.align``) pairs the two versions' provisions — by key when
one version was derived from the other in InWriting (keys survive renumbering there), by
label and text otherwise, so an article renumbered in an imported counter-proposal keeps
its threads. Versions never change, so each pairing is computed once per process.

Threads are conversation, not position: they are not put on the record, and a thread
changes nothing a party has tabled or submitted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from inwriting.domain.discussion import ThreadStatus, ThreadVisibility, body_problems, mentions
from inwriting.domain.negotiations import Visibility
from inwriting.domain.notifications import NotificationKind
from inwriting.errors import Conflict, PermissionDenied, Problem, ValidationError, missing
from inwriting.redline.align import align
from inwriting.services.actors import Actor, acting_user, is_participant, now_or, require_read
from inwriting.services.cache import StateCache
from inwriting.services.notifications import notify
from inwriting.storage import queries
from inwriting.storage.conversions import provision_from_row
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    AdoptionRow,
    MemberRow,
    MentionRow,
    MessageRow,
    NegotiationRow,
    PartyRow,
    ThreadRow,
    UserRow,
    VersionRow,
)


@dataclass(frozen=True)
class Message:
    id: int
    author: str | None  # username
    author_name: str
    party: str | None  # the party the author wrote for
    body: str  # Markdown as written
    created_at: datetime
    mentions: tuple[str, ...]  # usernames


@dataclass(frozen=True)
class Thread:
    id: int
    negotiation: str  # slug
    version_id: int  # where it was started
    version_label: str
    provision_key: str  # the key it was started on
    key: str  # the provision's key in the version asked about (else = provision_key)
    visibility: ThreadVisibility
    party: str | None  # the starting party; an internal thread's only readers
    status: ThreadStatus
    created_by: str | None
    created_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None
    messages: tuple[Message, ...]

    @property
    def internal(self) -> bool:
        return self.visibility is ThreadVisibility.INTERNAL


@dataclass(frozen=True)
class Count:
    open: int
    resolved: int

    @property
    def total(self) -> int:
        return self.open + self.resolved


@dataclass(frozen=True)
class Mention:
    """A message mentioning a user, with where to find it."""

    thread_id: int
    message_id: int
    negotiation: str
    version_id: int
    provision_key: str
    visibility: ThreadVisibility
    author: str | None
    body: str
    created_at: datetime


def start_thread(
    db: Database,
    actor: Actor,
    version_id: int,
    key: str,
    body: str,
    *,
    internal: bool = False,
    party: str | None = None,
    now: datetime | None = None,
) -> Thread:
    """Start a thread on provision ``key`` of a version, with its first message: internal to
    ``party`` (the actor's own; named when they act for several) or shared with all."""
    when = now_or(now)
    _check_body(body)
    with db.transaction() as session:
        version = queries.get_version(session, version_id)
        neg = version.document.negotiation
        require_read(session, neg, actor, "version")
        if key not in {p.key for p in version.provisions}:
            raise missing("provision")
        visibility = ThreadVisibility.INTERNAL if internal else ThreadVisibility.SHARED
        user, writing_for = _writer(session, neg, actor, party, visibility)
        row = ThreadRow(
            negotiation_id=neg.id,
            document_id=version.document_id,
            version_id=version.id,
            provision_key=key,
            party_id=writing_for.id,
            visibility=visibility,
            status=ThreadStatus.OPEN,
            created_by_user_id=user.id,
            created_at=when,
        )
        session.add(row)
        session.flush()
        _add_message(session, row, user, writing_for, body, when)
        return _thread(row, key)


def reply(
    db: Database,
    actor: Actor,
    thread_id: int,
    body: str,
    *,
    party: str | None = None,
    now: datetime | None = None,
) -> Thread:
    """Add a message to a thread (open or resolved: replying does not reopen it)."""
    when = now_or(now)
    _check_body(body)
    with db.transaction() as session:
        row = _readable(session, actor, thread_id)
        user, writing_for = _writer_in(session, row, actor, party)
        _add_message(session, row, user, writing_for, body, when)
        return _thread(row, row.provision_key)


def resolve(db: Database, actor: Actor, thread_id: int, *, now: datetime | None = None) -> Thread:
    return _set_status(db, actor, thread_id, ThreadStatus.RESOLVED, now_or(now))


def reopen(db: Database, actor: Actor, thread_id: int, *, now: datetime | None = None) -> Thread:
    return _set_status(db, actor, thread_id, ThreadStatus.OPEN, now_or(now))


def get_thread(db: Database, actor: Actor, thread_id: int) -> Thread:
    with db.reading() as session:
        row = _readable(session, actor, thread_id)
        return _thread(row, row.provision_key)


def list_threads(
    db: Database,
    actor: Actor,
    version_id: int,
    *,
    key: str | None = None,
    status: ThreadStatus | None = None,
) -> list[Thread]:
    """The threads ``actor`` may read on the provisions of a version (on ``key`` alone if
    given), started on it or followed into it, in document order, oldest first. Readers of
    a public version who take no part in its negotiation get none."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        participant = _takes_part(session, version.document.negotiation, actor)
        if key is not None and key not in {p.key for p in version.provisions}:
            raise missing("provision")
        if not participant:
            return []  # a public version's readers who take no part: no discussion
        located = _located(session, actor, version)
        order = {p.key: p.ordinal for p in version.provisions}
        found = [
            _thread(row, at)
            for row, at in located
            if (key is None or at == key) and (status is None or row.status is status)
        ]
    return sorted(found, key=lambda t: (order[t.key], t.created_at, t.id))


def thread_counts(db: Database, actor: Actor, version_id: int) -> dict[str, Count]:
    """For each provision of a version with threads ``actor`` may read: how many are open
    and how many resolved. Empty for those who may read none (anonymous visitors too)."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        if not _takes_part(session, version.document.negotiation, actor):
            return {}
        return counts_on(session, actor, version)


def counts_on(session: Session, actor: Actor, version: VersionRow) -> dict[str, Count]:
    """:func:`thread_counts` in the caller's session, for an ``actor`` the caller found to
    take part in the version's negotiation (``is_participant``)."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, at in _located(session, actor, version):
        tally[at][row.status is ThreadStatus.RESOLVED] += 1
    return {k: Count(*v) for k, v in tally.items()}


@dataclass(frozen=True)
class Voices:
    """The parties a user may write for in a negotiation's threads."""

    shared: tuple[str, ...]  # as a drafter or principal
    internal: tuple[str, ...]  # as any member


def voices(db: Database, actor: Actor, negotiation: str) -> Voices:
    """Which parties ``actor`` may write for in threads: none for anyone who is not a
    member of a party of ``negotiation`` (outsiders, the operator, administrators)."""
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        user = acting_user(session, actor) if not actor.anonymous else None
        if user is None:
            return Voices((), ())
        members = sorted(queries.user_parties(session, neg, user), key=lambda m: m.party_id)
        return Voices(
            tuple(m.party.name for m in members if m.role.may_draft),
            tuple(m.party.name for m in members),
        )


def mentions_of(session: Session, user_id: int, since: datetime | None = None) -> list[Mention]:
    """The messages mentioning a user, newest first, in threads the user may still read
    (for a list of "threads that mention me"); ``since``: written at or after it. Runs in
    the caller's session."""
    user = session.get(UserRow, user_id)
    if user is None:
        return []
    query = (
        select(MessageRow, ThreadRow, NegotiationRow.slug)
        .join(MentionRow, MentionRow.message_id == MessageRow.id)
        .join(ThreadRow, MessageRow.thread_id == ThreadRow.id)
        .join(NegotiationRow, ThreadRow.negotiation_id == NegotiationRow.id)
        .where(MentionRow.user_id == user.id, readable_threads(user))
        .order_by(MessageRow.created_at.desc(), MessageRow.id.desc())
    )
    if since is not None:
        query = query.where(MessageRow.created_at >= since)
    return [
        Mention(
            thread_id=thread.id,
            message_id=message.id,
            negotiation=slug,
            version_id=thread.version_id,
            provision_key=thread.provision_key,
            visibility=thread.visibility,
            author=message.author.username if message.author else None,
            body=message.body,
            created_at=message.created_at,
        )
        for message, thread, slug in session.execute(query)
    ]


def readable_threads(user: UserRow | None) -> ColumnElement[bool]:
    """A condition on :class:`ThreadRow` true for the threads ``user`` may read (``None``:
    the local operator), for queries that must not fetch any other (search, mentions)."""
    shared = ThreadRow.visibility == ThreadVisibility.SHARED
    if user is None:  # the operator: every negotiation, no party's internal thread
        return shared
    mine = select(MemberRow.party_id).where(MemberRow.user_id == user.id)
    internal = (ThreadRow.visibility == ThreadVisibility.INTERNAL) & ThreadRow.party_id.in_(mine)
    if user.is_admin:
        return or_(shared, internal)
    theirs = select(PartyRow.negotiation_id).where(PartyRow.id.in_(mine))
    return or_(shared & ThreadRow.negotiation_id.in_(theirs), internal)


# -- helpers ----------------------------------------------------------------------------------


def _check_body(body: str) -> None:
    problems = body_problems(body)
    if problems:
        raise ValidationError("the message cannot be posted", problems)


def _takes_part(session: Session, neg: NegotiationRow, actor: Actor) -> bool:
    """Whether ``actor`` takes part in ``neg`` (and so may read its shared threads); for
    one who may not even read it, the version asked about does not exist (one query)."""
    if is_participant(session, neg, actor):
        return True
    if neg.visibility is Visibility.PUBLIC:
        return False
    raise missing("version")


def _readable(session: Session, actor: Actor, thread_id: int) -> ThreadRow:
    row = queries.by_id(session, ThreadRow, thread_id)
    if row is None or not _may_read(session, actor, row):
        raise missing("thread")
    return row


def _may_read(session: Session, actor: Actor, row: ThreadRow) -> bool:
    neg = session.get_one(NegotiationRow, row.negotiation_id)
    if not is_participant(session, neg, actor):
        return False
    if row.visibility is ThreadVisibility.SHARED:
        return True
    user = acting_user(session, actor)
    party = row.party
    return (
        user is not None
        and party is not None
        and queries.find_member(session, party, user) is not None
    )


def _writer(
    session: Session,
    neg: NegotiationRow,
    actor: Actor,
    party: str | None,
    visibility: ThreadVisibility,
) -> tuple[UserRow, PartyRow]:
    """The acting user and the party they write for: ``party``, or their only one. In a
    shared thread they speak for it (drafter or principal); internally any member may."""
    user = acting_user(session, actor)
    if user is None:
        raise PermissionDenied("act as a member of a party (--as USER) to discuss")
    members = queries.user_parties(session, neg, user)
    if visibility is ThreadVisibility.SHARED:
        members = [m for m in members if m.role.may_draft]
    if party is not None:
        members = [m for m in members if m.party.name == party]
    if not members:
        what = "drafts for" if visibility is ThreadVisibility.SHARED else "is a member of"
        named = repr(party) if party is not None else f"any party in {neg.slug}"
        raise PermissionDenied(f"{user.username} {what} {named}")
    if len(members) > 1:
        names = ", ".join(sorted(m.party.name for m in members))
        raise ValidationError(f"say which party you write for (--party): one of {names}")
    return user, members[0].party


def _writer_in(
    session: Session, row: ThreadRow, actor: Actor, party: str | None
) -> tuple[UserRow, PartyRow]:
    neg = session.get_one(NegotiationRow, row.negotiation_id)
    if row.visibility is ThreadVisibility.INTERNAL:
        assert row.party is not None  # set for every internal thread
        return _writer(session, neg, actor, row.party.name, row.visibility)
    return _writer(session, neg, actor, party, row.visibility)


def _add_message(
    session: Session, row: ThreadRow, user: UserRow, party: PartyRow, body: str, when: datetime
) -> None:
    named = _mentioned(session, row, mentions(body))
    message = MessageRow(
        thread_id=row.id,
        author_user_id=user.id,
        party_id=party.id,
        body=body.strip(),
        created_at=when,
        mentioned=[MentionRow(user_id=u.id) for u in named],
    )
    session.add(message)
    session.flush()
    session.refresh(row, ["messages"])
    slug = session.get_one(NegotiationRow, row.negotiation_id).slug
    path = f"/negotiations/{slug}/versions/{row.version_id}/provisions/{row.provision_key}"
    for person in named:
        if person.id != user.id:
            notify(
                session,
                person.id,
                NotificationKind.MENTION,
                f"thread:{row.id}",
                f"message:{message.id}",
                f"{user.display_name} mentioned you in a thread on {row.provision_key}",
                f"{path}#discussion",
                when,
                negotiation_id=row.negotiation_id,
            )


def _mentioned(session: Session, row: ThreadRow, names: Iterable[str]) -> list[UserRow]:
    """The users named, each a member who may read the thread; anyone else refuses the
    message, in the same words whether or not such a user exists."""
    readers = select(MemberRow.user_id).join(PartyRow, MemberRow.party_id == PartyRow.id)
    if row.visibility is ThreadVisibility.INTERNAL:
        readers = readers.where(MemberRow.party_id == row.party_id)
    else:
        readers = readers.where(PartyRow.negotiation_id == row.negotiation_id)
    found: list[UserRow] = []
    problems: list[Problem] = []
    for name in names:
        user = session.scalar(
            select(UserRow).where(UserRow.username == name, UserRow.id.in_(readers))
        )
        if user is None:
            where = "its party" if row.visibility is ThreadVisibility.INTERNAL else "a party"
            problems.append(
                Problem(
                    f"@{name} is not a member of {where} who can read this thread",
                    "message",
                    "body",
                    "unknown_mention",
                )
            )
        else:
            found.append(user)
    if problems:
        raise ValidationError("the message cannot be posted", problems)
    return found


def _set_status(
    db: Database, actor: Actor, thread_id: int, status: ThreadStatus, when: datetime
) -> Thread:
    with db.transaction() as session:
        row = _readable(session, actor, thread_id)
        user, _ = _writer_in(session, row, actor, None)
        if row.status is status:
            raise Conflict(f"thread {row.id} is already {status.value}")
        row.status = status
        row.resolved_by_user_id = user.id if status is ThreadStatus.RESOLVED else None
        row.resolved_at = when if status is ThreadStatus.RESOLVED else None
        session.flush()
        session.refresh(row, ["resolved_by"])
        return _thread(row, row.provision_key)


def _located(session: Session, actor: Actor, version: VersionRow) -> list[tuple[ThreadRow, str]]:
    """The threads ``actor`` may read on the version's document, each with the key of its
    provision in ``version``; threads whose provision is not in it are left out."""
    rows = session.scalars(
        select(ThreadRow)
        .where(ThreadRow.document_id == version.document_id, _readable_by(actor.username))
        .order_by(ThreadRow.id)
    ).all()
    located: list[tuple[ThreadRow, str]] = []
    maps: dict[int, dict[str, str]] = {}
    for row in rows:
        if row.version_id not in maps:
            maps[row.version_id] = _key_map(session, row.version_id, version)
        key = maps[row.version_id].get(row.provision_key)
        if key is not None:
            located.append((row, key))
    return located


def _readable_by(username: str | None) -> ColumnElement[bool]:
    """Within one negotiation whose participant the reader is (checked before): shared
    threads, and the internal ones of the reader's parties (none for the operator)."""
    shared = ThreadRow.visibility == ThreadVisibility.SHARED
    if username is None:
        return shared
    mine = (
        select(MemberRow.party_id)
        .join(UserRow, MemberRow.user_id == UserRow.id)
        .where(UserRow.username == username)
    )
    internal = (ThreadRow.visibility == ThreadVisibility.INTERNAL) & ThreadRow.party_id.in_(mine)
    return or_(shared, internal)


# (database, origin version, version shown, their digests) -> origin key -> key in the
# version shown. Versions are immutable, so a pairing is right for ever: the digests only
# guard against another database at the same address (a restore); the state is a constant.
_pairings: StateCache[tuple[str, int, str, int, str], bool, dict[str, str]] = StateCache(512)


def _key_map(session: Session, origin_id: int, version: VersionRow) -> dict[str, str]:
    if origin_id == version.id:
        return {p.key: p.key for p in version.provisions}
    origin = session.get_one(VersionRow, origin_id)
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    cache_key = (url, origin.id, origin.content_sha256, version.id, version.content_sha256)
    found = _pairings.get(cache_key, True)
    if found is None:
        pairs = align(
            [provision_from_row(p) for p in origin.provisions],
            [provision_from_row(p) for p in version.provisions],
            by_key=_derived(session, origin, version),
        )
        found = {}
        for pair in pairs:  # in new-document order: a split part keeps the first part
            if pair.old is not None and pair.new is not None:
                found.setdefault(pair.old.key, pair.new.key)
        _pairings.put(cache_key, True, found)
    return found


def _derived(session: Session, a: VersionRow, b: VersionRow) -> bool:
    """Whether one of two versions descends from the other by derivations made in InWriting
    (each step a version with adoptions): then keys name the same provision on both."""
    older, newer = (a, b) if a.number < b.number else (b, a)
    at: VersionRow | None = newer
    while at is not None and at.id != older.id:
        derived = session.scalar(select(AdoptionRow.id).where(AdoptionRow.version_id == at.id))
        if derived is None or at.baseline_id is None:
            return False
        at = session.get(VersionRow, at.baseline_id)
    return at is not None


def _thread(row: ThreadRow, key: str) -> Thread:
    return Thread(
        id=row.id,
        negotiation=row.negotiation.slug,
        version_id=row.version_id,
        version_label=row.version.label,
        provision_key=row.provision_key,
        key=key,
        visibility=ThreadVisibility(row.visibility),
        party=row.party.name if row.party else None,
        status=ThreadStatus(row.status),
        created_by=row.created_by.username if row.created_by else None,
        created_at=row.created_at,
        resolved_by=row.resolved_by.username if row.resolved_by else None,
        resolved_at=row.resolved_at,
        messages=tuple(_message(m) for m in row.messages),
    )


def _message(row: MessageRow) -> Message:
    author = row.author
    return Message(
        id=row.id,
        author=author.username if author else None,
        author_name=author.display_name if author else "",
        party=row.party.name if row.party else None,
        body=row.body,
        created_at=row.created_at,
        mentions=tuple(m.user.username for m in row.mentioned),
    )
