"""Notifications: telling members what needs them, in the app and by e-mail.

Events make notifications where they happen: the service that makes a request, tables a
version, saves a draft that now awaits clearance, submits a response or rates a commitment
calls one of the ``on_*`` functions below *inside its own transaction*, so the notification
exists exactly when the change does. Reminders of a due date are made by the sender
(:mod:`inwriting.services.sending`), which looks for them each time it runs.

Any other service tells a user something with one call to :func:`notify` in its
transaction, e.g. a mention::

    notify(session, user_id, NotificationKind.MENTION, f"thread:{thread.id}",
           f"comment:{comment.id}", f"{author} mentioned you on {label}", path, when,
           negotiation_id=neg.id)

The key (user, kind, subject, occasion) is unique: calling it again for the same news does
nothing, which is what makes every caller, and sending, idempotent. Only call it for a user
who may read the page ``path`` names: the notification repeats its summary to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from inwriting.domain.commitments import CommitmentStatus
from inwriting.domain.negotiations import Role
from inwriting.domain.notifications import Delivery, MailState, NotificationKind
from inwriting.errors import PermissionDenied, ValidationError, missing
from inwriting.services.actors import Actor, acting_user, now_or
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    CommitmentRow,
    MemberRow,
    NegotiationRow,
    NotificationPreferenceRow,
    NotificationRow,
    PartyRow,
    RequestRow,
    ResponseRow,
    StatusChangeRow,
    UserRow,
    VersionRow,
)

LIST_LIMIT = 200  # the in-app list shows the latest this many


@dataclass(frozen=True)
class Notification:
    id: int
    kind: NotificationKind
    summary: str
    path: str
    created_at: datetime
    read: bool

    @property
    def heading(self) -> str:
        return self.kind.heading


@dataclass(frozen=True)
class Preferences:
    username: str
    email: str
    delivery: Delivery


def notify(
    session: Session,
    user_id: int,
    kind: NotificationKind,
    subject: str,
    occasion: str,
    summary: str,
    path: str,
    when: datetime,
    *,
    negotiation_id: int | None = None,
) -> bool:
    """Tell ``user_id`` about ``subject`` on ``occasion``, in the caller's transaction;
    ``False`` if they were told already. ``path`` is the page, from the site's root."""
    exists = session.scalar(
        select(NotificationRow.id).where(
            NotificationRow.user_id == user_id,
            NotificationRow.kind == kind,
            NotificationRow.subject == subject,
            NotificationRow.occasion == occasion,
        )
    )
    if exists is not None:
        return False
    session.add(
        NotificationRow(
            user_id=user_id,
            kind=kind,
            subject=subject,
            occasion=occasion,
            negotiation_id=negotiation_id,
            summary=summary,
            path=path,
            created_at=when,
            mail_state=MailState.PENDING,
        )
    )
    session.flush()
    return True


def members_of(
    session: Session, parties: Iterable[PartyRow], roles: Iterable[Role] = tuple(Role)
) -> list[int]:
    """The ids of the users who are members of ``parties`` with one of ``roles``, once each."""
    ids = [p.id for p in parties]
    if not ids:
        return []
    return sorted(
        set(
            session.scalars(
                select(MemberRow.user_id).where(
                    MemberRow.party_id.in_(ids), MemberRow.role.in_(list(roles))
                )
            )
        )
    )


# -- the events: each runs inside the transaction of the service that acts -------------------


def on_request(session: Session, request: RequestRow, actor_id: int, when: datetime) -> None:
    """The members of each party asked are asked for a written answer."""
    version, neg = request.version, request.version.document.negotiation
    summary = (
        f"{request.requested_by.name} asks for a written answer to {version.label} of "
        f"{version.document.title} by {request.due_at:%Y-%m-%d %H:%M} UTC."
    )
    for asked in request.asked:
        path = respond_path(neg, version, asked.party)
        for user_id in members_of(session, [asked.party]):
            if user_id != actor_id:
                notify(
                    session,
                    user_id,
                    NotificationKind.REQUEST_RECEIVED,
                    f"request:{request.id}",
                    "made",
                    summary,
                    path,
                    when,
                    negotiation_id=neg.id,
                )


def on_version(session: Session, version: VersionRow, actor_id: int, when: datetime) -> None:
    """Every member of every party of the negotiation hears of a new version."""
    neg = version.document.negotiation
    summary = (
        f"{version.tabled_by.name} tabled {version.label} of {version.document.title} "
        f"in {neg.title}."
    )
    for user_id in members_of(session, neg.parties):
        if user_id != actor_id:
            notify(
                session,
                user_id,
                NotificationKind.VERSION_TABLED,
                f"version:{version.id}",
                "tabled",
                summary,
                f"/negotiations/{neg.slug}/versions/{version.id}",
                when,
                negotiation_id=neg.id,
            )


def on_awaiting_clearance(
    session: Session, response: ResponseRow, digest: str, when: datetime
) -> None:
    """The principals who may approve a complete draft (those who wrote none of it) are
    asked to. ``digest`` names the draft's content: saving the same text again asks no one
    again, a changed text asks anew."""
    neg = response.version.document.negotiation
    authors = {a.user_id for a in response.authors}
    summary = (
        f"A draft answer of {response.party.name} to {response.version.label} of "
        f"{response.version.document.title} awaits your clearance."
    )
    for user_id in members_of(session, [response.party], [Role.PRINCIPAL]):
        if user_id not in authors:
            notify(
                session,
                user_id,
                NotificationKind.AWAITING_CLEARANCE,
                f"response:{response.id}",
                f"draft:{digest[:32]}",
                summary,
                respond_path(neg, response.version, response.party),
                when,
                negotiation_id=neg.id,
            )


def on_answer(session: Session, response: ResponseRow, when: datetime) -> None:
    """The members of the party that tabled the version hear it was answered."""
    version, neg = response.version, response.version.document.negotiation
    summary = (
        f"{response.party.name} submitted its {response.kind.value} answer to "
        f"{version.label} of {version.document.title}."
    )
    for user_id in members_of(session, [version.tabled_by]):
        notify(
            session,
            user_id,
            NotificationKind.ANSWER_SUBMITTED,
            f"response:{response.id}",
            "submitted",
            summary,
            f"/negotiations/{neg.slug}/responses/{response.id}",
            when,
            negotiation_id=neg.id,
        )


def on_commitment_change(
    session: Session, row: CommitmentRow, change: StatusChangeRow, actor_id: int | None
) -> None:
    """The members of the party that promised and of those it promised to hear of a new
    rating or a dispute."""
    neg = session.get(NegotiationRow, row.negotiation_id)
    assert neg is not None  # a foreign key
    concerned = neg.parties if row.to_all else [row.party, *(p.party for p in row.promisees)]
    verb = "disputed" if change.status is CommitmentStatus.DISPUTED else "rated"
    summary = (
        f"A commitment of {row.party.name} was {verb} "
        f"{change.status.value.replace('_', ' ')}: {_shortened(row.text)}"
    )
    for user_id in members_of(session, concerned):
        if user_id != actor_id:
            notify(
                session,
                user_id,
                NotificationKind.COMMITMENT_CHANGED,
                f"commitment:{row.id}",
                f"change:{change.id}",
                summary,
                f"/negotiations/{neg.slug}/commitments/{row.id}",
                change.recorded_at,
                negotiation_id=neg.id,
            )


def respond_path(neg: NegotiationRow, version: VersionRow, party: PartyRow) -> str:
    """The response editor of ``party`` for ``version``."""
    return f"/negotiations/{neg.slug}/versions/{version.id}/respond?party={quote(party.name)}"


def _shortened(text: str, limit: int = 120) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


# -- the in-app list and the preferences -----------------------------------------------------


def list_notifications(
    db: Database, actor: Actor, *, unread_only: bool = False
) -> list[Notification]:
    """The acting user's notifications, newest first."""
    with db.reading() as session:
        user = _require_user(session, actor)
        query = select(NotificationRow).where(NotificationRow.user_id == user.id)
        if unread_only:
            query = query.where(NotificationRow.read_at.is_(None))
        rows = session.scalars(
            query.order_by(NotificationRow.created_at.desc(), NotificationRow.id.desc()).limit(
                LIST_LIMIT
            )
        )
        return [_value(r) for r in rows]


def get_notification(db: Database, actor: Actor, notification_id: int) -> Notification:
    """One of the acting user's notifications; anyone else's is missing."""
    with db.reading() as session:
        user = _require_user(session, actor)
        row = session.get(NotificationRow, notification_id)
        if row is None or row.user_id != user.id:
            raise missing("notification")
        return _value(row)


def count_unread(db: Database, actor: Actor) -> int:
    """How many of the acting user's notifications are unread (0 for anyone else)."""
    if actor.username is None:
        return 0
    with db.reading() as session:
        user = acting_user(session, actor)
        assert user is not None  # a named actor
        found = session.scalar(
            select(func.count())
            .select_from(NotificationRow)
            .where(NotificationRow.user_id == user.id, NotificationRow.read_at.is_(None))
        )
        return int(found or 0)


def mark_read(
    db: Database, actor: Actor, notification_id: int | None = None, *, now: datetime | None = None
) -> int:
    """Mark one of the acting user's notifications read, or all of them (``None``); how
    many changed. Someone else's notification is missing, like one that does not exist."""
    when = now_or(now)
    with db.transaction() as session:
        user = _require_user(session, actor)
        query = update(NotificationRow).where(
            NotificationRow.user_id == user.id, NotificationRow.read_at.is_(None)
        )
        if notification_id is not None:
            row = session.get(NotificationRow, notification_id)
            if row is None or row.user_id != user.id:
                raise missing("notification")
            query = query.where(NotificationRow.id == notification_id)
        result = session.execute(query.values(read_at=when))
        return int(getattr(result, "rowcount", 0) or 0)


def get_preferences(db: Database, actor: Actor) -> Preferences:
    with db.reading() as session:
        user = _require_user(session, actor)
        return _preferences(session, user)


def set_preferences(
    db: Database, actor: Actor, *, delivery: Delivery | None = None, email: str | None = None
) -> Preferences:
    """Change how the acting user is e-mailed, and where (an empty address: nowhere)."""
    address = None if email is None else check_email(email)
    with db.transaction() as session:
        user = _require_user(session, actor)
        if address is not None:
            user.email = address
        if delivery is not None:
            row = session.get(NotificationPreferenceRow, user.id)
            if row is None:
                session.add(NotificationPreferenceRow(user_id=user.id, delivery=delivery))
            else:
                row.delivery = delivery
        session.flush()
        return _preferences(session, user)


def check_email(text: str) -> str:
    """An e-mail address as given (trimmed), or "" for none; refused if it is not one
    address (no name, no list, no line break: it goes into a header)."""
    address = text.strip()
    if not address:
        return ""
    local, at, domain = address.rpartition("@")
    if (
        not at
        or not local
        or "." not in domain.strip(".")
        or len(address) > 320
        or any(c.isspace() or c in '<>,;:"()[]\\' for c in address)
    ):
        raise ValidationError(f"{address!r} is not an e-mail address (name@example.org)")
    return address


def delivery_of(session: Session, user_id: int) -> Delivery:
    row = session.get(NotificationPreferenceRow, user_id)
    return Delivery.IMMEDIATE if row is None else row.delivery


def _preferences(session: Session, user: UserRow) -> Preferences:
    return Preferences(user.username, user.email, delivery_of(session, user.id))


def _require_user(session: Session, actor: Actor) -> UserRow:
    user = None if actor.anonymous else acting_user(session, actor)
    if user is None:
        raise PermissionDenied("notifications are a user's own: act as a user (--as NAME)")
    return user


def _value(row: NotificationRow) -> Notification:
    return Notification(
        id=row.id,
        kind=row.kind,
        summary=row.summary,
        path=row.path,
        created_at=row.created_at,
        read=row.read_at is not None,
    )
