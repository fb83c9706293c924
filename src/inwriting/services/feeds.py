"""The Atom feed of a negotiation: versions tabled, responses submitted, deadlines passed and
commitment status changes, newest first, each linked to its record entry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.commitments import CommitmentStatus
from inwriting.domain.events import EventType, decode_event
from inwriting.domain.responses import ResponseKind
from inwriting.formats.atom import FeedEntry
from inwriting.services.actors import Actor, now_or, require_read
from inwriting.services.commitments import list_commitments
from inwriting.storage import queries
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    CommitmentRow,
    PartyRow,
    RecordEntryRow,
    ResponseRow,
    StatusChangeRow,
    VersionRow,
)

_FEED_TYPES = (
    EventType.VERSION_TABLED,
    EventType.RESPONSE_SUBMITTED,
    EventType.COMMITMENT_RECORDED,
    EventType.COMMITMENT_STATUS_CHANGED,
)
MAX_ENTRIES = 200


def negotiation_feed(
    db: Database, actor: Actor, negotiation: str, *, base_url: str, now: datetime | None = None
) -> tuple[str, list[FeedEntry]]:
    """(title, entries) for ``negotiation`` as ``actor`` may see it."""
    when = now_or(now)
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_read(session, neg, actor)
        rows = session.scalars(
            select(RecordEntryRow)
            .where(RecordEntryRow.negotiation_id == neg.id)
            .where(RecordEntryRow.type.in_([t.value for t in _FEED_TYPES]))
            .order_by(RecordEntryRow.index.desc())
            .limit(MAX_ENTRIES)
        )
        entries = [e for r in rows if (e := _entry(session, r, base_url)) is not None]
        title = neg.title
    for c in list_commitments(db, actor, negotiation, overdue_only=True, now=when):
        assert c.due_at is not None  # overdue implies a due date
        entries.append(
            FeedEntry(
                id=f"{base_url}/commitments/{c.id}#due",
                title=f"Deadline passed: {c.party}",
                updated=c.due_at,
                summary=f"{c.party} was due to: {c.text} Nothing was recorded as done.",
                author=c.party,
            )
        )
    return title, entries


def _entry(session: Session, row: RecordEntryRow, base_url: str) -> FeedEntry | None:
    event = decode_event(bytes(row.entry))
    party = session.get(PartyRow, row.party_id) if row.party_id else None
    who = party.name if party else "InWriting"
    link = f"{base_url}/api/v1/record/entries?start={row.index}&end={row.index + 1}"
    ident = f"{base_url}/record/entry/{row.index}"
    if event.type is EventType.VERSION_TABLED:
        version = session.get_one(VersionRow, row.subject_id)
        title = f"{who} tabled {version.label} of {version.document.title}"
        summary = f"{title}. Content sha256 {version.content_sha256}."
    elif event.type is EventType.RESPONSE_SUBMITTED:
        response = session.get_one(ResponseRow, row.subject_id)
        kind = "an interim" if response.kind is ResponseKind.INTERIM else "a formal"
        title = f"{who} submitted {kind} written response to {response.version.label}"
        summary = f"{title}. Content sha256 {response.content_sha256}."
    elif event.type is EventType.COMMITMENT_RECORDED:
        commitment = session.get_one(CommitmentRow, row.subject_id)
        title = f"Commitment {commitment.id} recorded: {commitment.party.name}"
        summary = f"{commitment.text} ({commitment.source_citation}: “{commitment.source_quote}”)"
    else:
        change = session.get_one(StatusChangeRow, row.subject_id)
        if change.status is CommitmentStatus.NOT_YET_RATED:
            return None  # the recording of a promise; its later changes are what matter
        title = f"Commitment {change.commitment_id} is now {change.status.replace('_', ' ')}"
        summary = change.rationale
    return FeedEntry(ident, title, event.time, summary, link, who)
