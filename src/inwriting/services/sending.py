"""Sending what is due: reminders made, then e-mail sent, once, by one process at a time.

:func:`send_notifications` is what ``inwriting notifications send`` and the loop in
``serve`` run. Each run

1. takes the ``notifications`` lease (:class:`~inwriting.storage.models.LeaseRow`); if
   another process holds it, the run does nothing and says so — so any number of servers
   and cron jobs may run it;
2. makes the reminders now due: an answer a party owes, due within
   ``Settings.remind_hours`` (``due_soon``) or past its due date (``overdue``), for its
   drafters and principals; the key names the due date, so each is made once;
3. settles who gets no e-mail: delivery ``off``, no address, or news older than
   :data:`~inwriting.domain.notifications.STALE_AFTER` (marked ``skipped``);
4. with an SMTP server configured, sends one e-mail per notification to those who want
   them at once, and one digest a day to those who want a digest, marking each
   notification ``sent`` in its own transaction right after the server took its e-mail.

A server that cannot be reached stops the run with :class:`~inwriting.errors.Unavailable`
before anything is marked; what was not sent stays due. Nothing is ever e-mailed twice
(a crash between the server's acceptance and the mark, a fraction of a second, is the one
window where it could be).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from inwriting.domain.negotiations import Role
from inwriting.domain.notifications import (
    STALE_AFTER,
    Delivery,
    MailState,
    NotificationKind,
    digest_due,
    reminder,
)
from inwriting.domain.responses import SENT, ResponseKind
from inwriting.services.actors import now_or
from inwriting.services.mail import Mail, Mailer, compose
from inwriting.services.notifications import delivery_of, members_of, notify, respond_path
from inwriting.settings import Settings
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    LeaseRow,
    NotificationPreferenceRow,
    NotificationRow,
    RequestRow,
    ResponseRow,
    UserRow,
)

log = logging.getLogger("inwriting.notifications")
LEASE = "notifications"
LEASE_TIME = timedelta(minutes=5)  # renewed before each e-mail


@dataclass(frozen=True)
class SendSummary:
    ran: bool  # False: another process was sending; this run did nothing
    reminders: int  # notifications made for due dates
    emails: int  # e-mails the server took
    mailed: int  # notifications those e-mails carried
    skipped: int  # notifications settled as never to be e-mailed
    pending: int  # notifications still due for e-mail (no server, or a digest tomorrow)
    server: str  # the SMTP server, password masked; "" if none is configured


def send_notifications(
    db: Database, settings: Settings, *, now: datetime | None = None
) -> SendSummary:
    """Make the reminders due at ``now`` and e-mail what is due (see the module's text)."""
    when = now_or(now)
    with _lease(db) as held:
        if not held:
            return SendSummary(False, 0, 0, 0, 0, 0, settings.smtp_url_shown)
        lead = timedelta(hours=settings.remind_hours)
        with db.transaction() as session:
            reminders = _make_reminders(session, lead, when)
            skipped = _skip_unmailable(session, when)
        emails = mailed = 0
        if settings.smtp_url:
            emails, mailed = _mail(db, settings, when)
        with db.transaction() as session:  # as in _mail: the primary's count
            pending = len(_pending(session))
    if emails:
        log.info("sent %d notification e-mail(s) via %s", emails, settings.smtp_url_shown)
    return SendSummary(True, reminders, emails, mailed, skipped, pending, settings.smtp_url_shown)


# -- reminders ------------------------------------------------------------------------------


def _make_reminders(session: Session, lead: timedelta, when: datetime) -> int:
    """Notify the drafters and principals of each party that owes a formal answer due
    within ``lead``, or overdue since less than STALE_AFTER."""
    made = 0
    requests = session.scalars(
        select(RequestRow)
        .where(RequestRow.due_at <= when + lead, RequestRow.due_at > when - STALE_AFTER)
        .order_by(RequestRow.id)
    )
    for request in requests:
        due = reminder(request.due_at, when, lead)
        if due is None:
            continue
        for asked in request.asked:
            if answered_formally(session, request, asked.party_id):
                continue
            summary = _reminder_text(request, asked.party.name, due.kind)
            neg = request.version.document.negotiation
            path = respond_path(neg, request.version, asked.party)
            for user_id in members_of(session, [asked.party], [Role.DRAFTER, Role.PRINCIPAL]):
                made += notify(
                    session,
                    user_id,
                    due.kind,
                    f"request:{request.id}",
                    due.occasion,
                    summary,
                    path,
                    when,
                    negotiation_id=neg.id,
                )
    return made


def answered_formally(session: Session, request: RequestRow, party_id: int) -> bool:
    """Whether the party sent a formal answer (an interim one does not stop the clock)."""
    found = session.scalar(
        select(ResponseRow.id).where(
            ResponseRow.version_id == request.version_id,
            ResponseRow.party_id == party_id,
            ResponseRow.status.in_(SENT),
            ResponseRow.kind == ResponseKind.FORMAL,
        )
    )
    return found is not None


def _reminder_text(request: RequestRow, party: str, kind: NotificationKind) -> str:
    version = request.version
    what = f"The written answer of {party} to {version.label} of {version.document.title}"
    due = f"{request.due_at:%Y-%m-%d %H:%M} UTC"
    if kind is NotificationKind.OVERDUE:
        return f"{what} is overdue: it was due {due}."
    return f"{what} is due {due}."


# -- e-mail ---------------------------------------------------------------------------------


def _pending(session: Session) -> list[NotificationRow]:
    return list(
        session.scalars(
            select(NotificationRow)
            .where(NotificationRow.mail_state == MailState.PENDING)
            .order_by(NotificationRow.user_id, NotificationRow.id)
        )
    )


def _skip_unmailable(session: Session, when: datetime) -> int:
    """Settle the pending notifications that will never be e-mailed."""
    skipped = 0
    for row in _pending(session):
        user = session.get(UserRow, row.user_id)
        assert user is not None  # a foreign key
        off = delivery_of(session, row.user_id) is Delivery.OFF
        if off or not user.email or row.created_at < when - STALE_AFTER:
            row.mail_state = MailState.SKIPPED
            skipped += 1
    session.flush()
    return skipped


def _mail(db: Database, settings: Settings, when: datetime) -> tuple[int, int]:
    """Send the e-mails due; (e-mails, notifications carried)."""
    # What is still pending is read where it was last written (a writing transaction: never
    # a replica that may lag behind the marks of the run before), or it could go out twice.
    with db.transaction() as session:
        batches = _batches(session, settings, when)
    if not batches:
        return 0, 0
    emails = mailed = 0
    with Mailer(settings.smtp_url) as mailer:
        for user_id, ids, mail, digest in batches:
            _renew(db)
            mailer.send(compose(settings.mail_sender, mail))
            mailed += _mark_sent(db, user_id, ids, when, digest)
            emails += 1
    return emails, mailed


Batch = tuple[int, list[int], Mail, bool]  # user id, notification ids, the e-mail, a digest


def _batches(session: Session, settings: Settings, when: datetime) -> list[Batch]:
    by_user: dict[int, list[NotificationRow]] = {}
    for row in _pending(session):
        by_user.setdefault(row.user_id, []).append(row)
    batches: list[Batch] = []
    for user_id, rows in by_user.items():
        user = session.get(UserRow, user_id)
        assert user is not None  # a foreign key
        if delivery_of(session, user_id) is Delivery.DIGEST:
            preference = session.get(NotificationPreferenceRow, user_id)
            if preference is not None and digest_due(preference.last_digest_at, when):
                batches.append((user_id, [r.id for r in rows], _digest(settings, user, rows), True))
            continue
        batches.extend((user_id, [r.id], _single(settings, user, r), False) for r in rows)
    return batches


def _single(settings: Settings, user: UserRow, row: NotificationRow) -> Mail:
    base = settings.public_url
    text = (
        f"Hello {user.display_name},\n\n{row.summary}\n\nOpen it: {base}{row.path}\n{_footer(base)}"
    )
    return Mail(user.email, f"[InWriting] {row.kind.heading}", text)


def _digest(settings: Settings, user: UserRow, rows: list[NotificationRow]) -> Mail:
    base = settings.public_url
    items = "\n\n".join(
        f"* {r.kind.heading} ({r.created_at:%Y-%m-%d %H:%M} UTC)\n  {r.summary}\n  {base}{r.path}"
        for r in rows
    )
    text = (
        f"Hello {user.display_name},\n\n{len(rows)} notification(s) since your last digest:"
        f"\n\n{items}\n\nAll of them: {base}/notifications\n{_footer(base)}"
    )
    return Mail(user.email, f"[InWriting] Daily digest: {len(rows)} notification(s)", text)


def _footer(base: str) -> str:
    return (
        "\n-- \nInWriting. Choose how you are told (at once, a daily digest, or not by "
        f"e-mail): {base}/account/notifications\n"
    )


def _mark_sent(db: Database, user_id: int, ids: list[int], when: datetime, digest: bool) -> int:
    with db.transaction() as session:
        result = session.execute(
            update(NotificationRow)
            .where(NotificationRow.id.in_(ids), NotificationRow.mail_state == MailState.PENDING)
            .values(mail_state=MailState.SENT, mailed_at=when)
        )
        if digest:
            preference = session.get(NotificationPreferenceRow, user_id)
            assert preference is not None  # a digest is sent only to those who chose one
            preference.last_digest_at = when
        return int(getattr(result, "rowcount", 0) or 0)


# -- one sender at a time -------------------------------------------------------------------

_HOLDER = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@contextmanager
def _lease(db: Database) -> Iterator[bool]:
    """Hold the sending lease for the block (``True``), or learn that another process
    holds it (``False``). Real time, not the run's ``now``: it orders processes."""
    held = _take(db)
    try:
        yield held
    finally:
        if held:
            with db.transaction() as session:
                row = session.get(LeaseRow, LEASE)
                if row is not None and row.holder == _HOLDER:
                    row.expires_at = datetime.now(UTC)


def _take(db: Database) -> bool:
    clock = datetime.now(UTC)
    with db.transaction() as session:  # writers are serialised: the check is race-free
        row = session.get(LeaseRow, LEASE)
        if row is None:
            session.add(LeaseRow(name=LEASE, holder=_HOLDER, expires_at=clock + LEASE_TIME))
            return True
        if row.holder != _HOLDER and row.expires_at > clock:
            return False
        row.holder, row.expires_at = _HOLDER, clock + LEASE_TIME
        return True


def _renew(db: Database) -> None:
    with db.transaction() as session:
        row = session.get(LeaseRow, LEASE)
        if row is not None and row.holder == _HOLDER:
            row.expires_at = datetime.now(UTC) + LEASE_TIME
