"""Notifications: what a member is told, and when a reminder falls due. Time is passed in.

A notification is identified by *who* is told, *what kind* of thing happened, *what* it is
about (its subject, ``"request:7"``) and *which occasion* (a due date, a response, a
draft's content): telling the same person the same thing twice is impossible by
construction, which is what makes sending idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class NotificationKind(StrEnum):
    REQUEST_RECEIVED = "request_received"  # my party is asked for a written answer
    DUE_SOON = "due_soon"  # an answer my party owes is due within the reminder time
    OVERDUE = "overdue"  # ... and its due date has passed
    AWAITING_CLEARANCE = "awaiting_clearance"  # a draft waits for me to clear (approve) it
    ANSWER_SUBMITTED = "answer_submitted"  # a party answered a version my party tabled
    VERSION_TABLED = "version_tabled"  # a new version in a negotiation I take part in
    MENTION = "mention"  # someone named me in a thread
    COMMITMENT_CHANGED = "commitment_changed"  # a commitment to or by my party rated, disputed

    @property
    def heading(self) -> str:
        """How the kind is named to people: a list's heading, an e-mail's subject."""
        return _TITLES[self]


_TITLES = {
    NotificationKind.REQUEST_RECEIVED: "Request for a written answer",
    NotificationKind.DUE_SOON: "Answer due soon",
    NotificationKind.OVERDUE: "Answer overdue",
    NotificationKind.AWAITING_CLEARANCE: "Draft awaiting your clearance",
    NotificationKind.ANSWER_SUBMITTED: "Answer submitted",
    NotificationKind.VERSION_TABLED: "New version tabled",
    NotificationKind.MENTION: "You were mentioned",
    NotificationKind.COMMITMENT_CHANGED: "Commitment rated or disputed",
}


class Delivery(StrEnum):
    """How a user wants their notifications by e-mail (the in-app list has them all)."""

    IMMEDIATE = "immediate"  # one e-mail per notification, at the next send
    DIGEST = "digest"  # one e-mail a day with everything new
    OFF = "off"  # no e-mail


class MailState(StrEnum):
    PENDING = "pending"  # not yet e-mailed
    SENT = "sent"  # e-mailed, alone or in a digest
    SKIPPED = "skipped"  # never to be e-mailed: delivery off, no address, or too old


# A notification not e-mailed within this time is not e-mailed at all: configuring a mail
# server (or turning delivery back on) does not send people weeks of stale news.
STALE_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class Reminder:
    kind: NotificationKind
    occasion: str  # part of the idempotency key: the due date it reminds of


def reminder(due_at: datetime, now: datetime, lead: timedelta) -> Reminder | None:
    """The reminder an unanswered request due at ``due_at`` calls for at ``now``: overdue
    once past it, due soon within ``lead`` of it, none before. The occasion names the due
    date, so a request whose due date moved is reminded of anew."""
    occasion = f"due:{due_at:%Y-%m-%dT%H:%M}"
    if now > due_at:
        return Reminder(NotificationKind.OVERDUE, occasion)
    if lead > timedelta(0) and now >= due_at - lead:
        return Reminder(NotificationKind.DUE_SOON, occasion)
    return None


def digest_due(last_digest_at: datetime | None, now: datetime) -> bool:
    """Whether a daily digest may go out at ``now``: none yet today (UTC)."""
    return last_digest_at is None or last_digest_at.date() < now.date()
