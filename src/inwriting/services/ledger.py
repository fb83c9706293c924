"""The ledger: the rows put in writing against the record's entries, in both directions.

``db check`` (:func:`check_database`) runs it alone; ``record verify``
(:mod:`inwriting.services.verification`) runs it after checking the record itself (its
Merkle tree and signed checkpoints). Together they detect changes made behind the
services' back.

Every row the services put in writing (a negotiation, party, member, tabled version,
request, submitted response, commitment, status change) is appended to the record in the
same transaction (DESIGN.md rule 6). So, in a database nobody touched by hand:

* every entry names a row that exists and whose content's digest the entry still commits to
  (the digest itself in format 1, its salted commitment in format 2);
* every row put in writing has exactly one entry, and no row has an entry it should not
  (a draft response with a submission entry was rolled back);
* statuses are what the record says: a response is ``submitted`` unless a later entry
  records a response superseding it, then ``superseded``; a commitment's status is that of
  its last recorded status change;
* nothing refers past the record's end: checkpoints already signed, and record indexes the
  rows cite as evidence, are all smaller than the record's size (a cut tail).

``db check`` and ``record verify`` both run these checks; ``record verify`` adds the Merkle
tree and the checkpoints' signatures. What cannot be detected locally: a rollback of *every*
table together to an earlier consistent state (entries, nodes, checkpoints and rows alike).
Only copies kept elsewhere (witnesses, monitors, receipts parties hold) reveal that.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inwriting.domain.events import EntryError, EventType, RecordedEvent, decode_event
from inwriting.domain.responses import SENT, ResponseStatus
from inwriting.storage.conversions import (
    language_text_row_digest,
    response_row_digest,
    version_row_digest,
)
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    CheckpointRow,
    CommitmentRow,
    LanguageTextRow,
    RecordEntryRow,
    ResponseRow,
    StatusChangeRow,
    VersionRow,
)
from inwriting.storage.record import SUBJECT_ROWS

_BATCH = 5000

# The row each kind of entry is about: its kind, named in the entry's ``ids`` too.
SUBJECTS: dict[EventType, str] = {
    EventType.NEGOTIATION_CREATED: "negotiation",
    EventType.PARTY_REGISTERED: "party",
    EventType.MEMBER_REGISTERED: "member",
    EventType.VERSION_TABLED: "version",
    EventType.LANGUAGE_TEXT_ADDED: "language_text",
    EventType.REQUEST_MADE: "request",
    EventType.RESPONSE_SUBMITTED: "response",
    EventType.COMMITMENT_RECORDED: "commitment",
    EventType.COMMITMENT_STATUS_CHANGED: "status_change",
    EventType.COMMENTS_PUBLISHED: "comment_batch",
    EventType.CLEARANCE_GIVEN: "clearance",
}


@dataclass(frozen=True)
class Discrepancy:
    index: int | None  # the entry concerned, or None for a row or checkpoint problem
    what: str  # "entry changed", "entry missing", "status rolled back", "record cut short"...
    detail: str

    def __str__(self) -> str:
        at = f"entry {self.index}: " if self.index is not None else ""
        return f"{at}{self.what} — {self.detail}"


@dataclass
class Ledger:
    """What the record says was put in writing, gathered entry by entry in index order."""

    size: int = 0
    recorded: dict[str, dict[int, int]] = field(default_factory=dict)  # kind -> id -> index
    superseded: dict[int, int] = field(default_factory=dict)  # response id -> index

    def add(self, session: Session, row: RecordEntryRow, event: RecordedEvent) -> list[Discrepancy]:
        """Note ``event`` (entry ``row``) and check its row; returns what does not match."""
        kind = SUBJECTS[event.type]
        subject = event.ids.get(kind)
        if subject is None or (row.subject_kind, row.subject_id) != (kind, subject):
            named = f"{row.subject_kind} {row.subject_id}"
            detail = f"its columns name {named}, its bytes {kind} {subject}"
            return [Discrepancy(row.index, "entry changed", detail)]
        earlier = self.recorded.setdefault(kind, {}).setdefault(subject, row.index)
        found = []
        if earlier != row.index:
            detail = f"{kind} {subject} is already recorded by entry {earlier}"
            found.append(Discrepancy(row.index, "entry duplicated", detail))
        if event.type is EventType.RESPONSE_SUBMITTED and "supersedes" in event.ids:
            self.superseded[event.ids["supersedes"]] = row.index
        return found + _check_content(session, row, kind, subject, event)

    def check_rows(self, session: Session) -> list[Discrepancy]:
        """Every row put in writing has its entry and the status the record gives it; nothing
        refers beyond the record's end."""
        found: list[Discrepancy] = []
        for kind, (model, _) in SUBJECT_ROWS.items():
            if kind != "response":
                found.extend(self._unrecorded(kind, _ids(session, select(model.id))))
        found.extend(self._response_statuses(session))
        found.extend(_commitment_statuses(session))
        found.extend(_beyond_the_end(session, self.size))
        return found

    def _unrecorded(self, kind: str, ids: Iterator[int]) -> Iterator[Discrepancy]:
        recorded = self.recorded.get(kind, {})
        for row_id in ids:
            if row_id not in recorded:
                yield Discrepancy(
                    None,
                    "entry missing",
                    f"{kind} {row_id} was put in writing but no record entry records it "
                    "(its entry was deleted, or the row was added behind the services' back)",
                )

    def _response_statuses(self, session: Session) -> Iterator[Discrepancy]:
        recorded = self.recorded.get("response", {})
        query = select(ResponseRow.id, ResponseRow.status).order_by(ResponseRow.id)
        for row_id, status in session.execute(query.execution_options(yield_per=_BATCH)):
            expected = _expected_status(row_id, recorded, self.superseded)
            if expected is None and status in SENT:
                yield from self._unrecorded("response", iter([row_id]))
            elif expected is not None and status != expected:
                index = self.superseded.get(row_id, recorded[row_id])
                yield Discrepancy(
                    index,
                    "status rolled back" if status not in SENT else "status changed",
                    f"the record makes response {row_id} {expected}, its row says {status}",
                )


def _expected_status(
    row_id: int, recorded: dict[int, int], superseded: dict[int, int]
) -> str | None:
    if row_id not in recorded:
        return None
    return ResponseStatus.SUPERSEDED if row_id in superseded else ResponseStatus.SUBMITTED


def _check_content(
    session: Session, entry: RecordEntryRow, kind: str, subject: int, event: RecordedEvent
) -> list[Discrepancy]:
    model, digest = SUBJECT_ROWS[kind]
    index, row = entry.index, session.get(model, subject)
    if row is None:
        detail = f"it records {kind} {subject}, which is no longer in the database"
        return [Discrepancy(index, "row missing", detail)]
    salt = None if entry.salt is None else bytes(entry.salt)
    if not event.opens(digest(row), salt):
        detail = (
            f"the {kind} {subject} in the database no longer matches the digest recorded "
            f"on {event.time:%Y-%m-%d %H:%M} UTC"
        )
        return [Discrepancy(index, "content changed", detail)]
    return []


def _commitment_statuses(session: Session) -> Iterator[Discrepancy]:
    """A commitment's status is the status of its last recorded change."""
    last: dict[int, str] = {}
    changes = select(StatusChangeRow.commitment_id, StatusChangeRow.status).order_by(
        StatusChangeRow.id
    )
    for commitment, status in session.execute(changes.execution_options(yield_per=_BATCH)):
        last[commitment] = status
    rows = select(CommitmentRow.id, CommitmentRow.status).order_by(CommitmentRow.id)
    for row_id, status in session.execute(rows):
        if row_id in last and last[row_id] != status:
            yield Discrepancy(
                None,
                "status changed",
                f"commitment {row_id} says {status}, its last recorded change says {last[row_id]}",
            )


def _beyond_the_end(session: Session, size: int) -> Iterator[Discrepancy]:
    """The record cannot be shorter than what was already signed or cited as evidence."""
    signed = session.scalar(select(func.max(CheckpointRow.size)))
    if signed is not None and signed > size:
        yield Discrepancy(
            size,
            "record cut short",
            f"a checkpoint of size {signed} was signed, the record now has {size} entries",
        )
    cited = session.scalar(select(func.max(StatusChangeRow.evidence_record_index)))
    if cited is not None and cited >= size:
        yield Discrepancy(
            size,
            "record cut short",
            f"a commitment status change cites entry {cited}, the record has {size} entries",
        )


def _ids(session: Session, query: Any) -> Iterator[int]:
    for (row_id,) in session.execute(query.execution_options(yield_per=_BATCH)):
        yield row_id


def stream_entries(session: Session) -> Iterator[RecordEntryRow]:
    """Every entry in index order, a batch at a time."""
    query = select(RecordEntryRow).order_by(RecordEntryRow.index)
    for (row,) in session.execute(query.execution_options(yield_per=_BATCH)):
        yield row


def check_entry(session: Session, ledger: Ledger, row: RecordEntryRow) -> list[Discrepancy]:
    """Parse entry ``row`` and note it in ``ledger``; an unreadable entry is a change."""
    ledger.size = max(ledger.size, row.index + 1)
    try:
        event = decode_event(bytes(row.entry))
    except EntryError as error:
        return [Discrepancy(row.index, "entry changed", str(error))]
    return ledger.add(session, row, event)


@dataclass(frozen=True)
class DatabaseReport:
    entries: int
    versions: int
    responses: int
    discrepancies: tuple[Discrepancy, ...]

    @property
    def ok(self) -> bool:
        return not self.discrepancies


def check_database(db: Database) -> DatabaseReport:
    """Rows against their own stored digests, and rows against the record, both ways."""
    found: list[Discrepancy] = []
    ledger = Ledger()
    with db.reading() as session:
        entries = 0
        for row in stream_entries(session):
            entries += 1
            if row.index != ledger.size:
                detail = f"entries jump from {ledger.size - 1} to {row.index}"
                found.append(Discrepancy(ledger.size, "entry missing", detail))
            found.extend(check_entry(session, ledger, row))
        found.extend(ledger.check_rows(session))
        versions, responses = _stored_digests(session, found)
    found.sort(key=lambda d: (d.index is None, d.index or 0))
    return DatabaseReport(entries, versions, responses, tuple(found))


def _stored_digests(session: Session, found: list[Discrepancy]) -> tuple[int, int]:
    """Each version and sent response against the digest kept in its own row."""
    versions = list(session.scalars(select(VersionRow).order_by(VersionRow.id)))
    for v in versions:
        if version_row_digest(v) != v.content_sha256:
            detail = f"version {v.id} was changed after it was tabled: its text no longer "
            found.append(Discrepancy(None, "content changed", detail + "matches its digest"))
    for t in session.scalars(select(LanguageTextRow).order_by(LanguageTextRow.id)):
        if language_text_row_digest(t) != t.content_sha256:
            detail = f"the {t.language} text of version {t.version_id} was changed after it was "
            found.append(Discrepancy(None, "content changed", detail + "added"))
    query = select(ResponseRow).where(ResponseRow.status.in_(SENT)).order_by(ResponseRow.id)
    responses = list(session.scalars(query))
    for r in responses:
        if response_row_digest(r) != r.content_sha256:  # bound to the version's stored digest
            detail = f"response {r.id} was changed after it was submitted: its positions no "
            found.append(Discrepancy(None, "content changed", detail + "longer match its digest"))
    return len(versions), len(responses)
