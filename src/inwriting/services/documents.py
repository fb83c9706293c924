"""Documents and their versions: tabling a text, reading it back.

A version is written once, by ``table_version``, and never changed: there is no service that
edits one, and the storage guards refuse ORM changes to its rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from inwriting.domain.digests import version_digest
from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.events import Event, EventType
from inwriting.domain.languages import DEFAULT_LANGUAGE, language_tag
from inwriting.domain.negotiations import Role, slugify
from inwriting.errors import ValidationError, missing
from inwriting.services import clearance
from inwriting.services.actors import Actor, now_or, require_read, require_role
from inwriting.services.notifications import on_version
from inwriting.services.parsing import parse_bytes_within
from inwriting.services.record import append_event
from inwriting.storage import queries
from inwriting.storage.conversions import provision_from_row, provision_rows
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    DocumentRow,
    NegotiationRow,
    PartyRow,
    ProvisionRow,
    UserRow,
    VersionRow,
)

PendingVersion = clearance.PendingVersion
Progress = Callable[[int, int], None]  # (done, total)

_BATCH = 500


@dataclass(frozen=True)
class Version:
    id: int
    document: str  # document slug
    number: int
    label: str
    title: str
    tabled_by: str  # party name
    tabled_at: datetime
    baseline_id: int | None
    content_sha256: str
    provision_count: int  # how many, answerable or not
    answerable: int
    language: str = DEFAULT_LANGUAGE  # BCP 47: the language its provisions are written in


@dataclass(frozen=True)
class VersionText:
    version: Version
    negotiation: str
    provisions: tuple[Provision, ...]


@dataclass(frozen=True)
class Document:
    slug: str
    title: str
    versions: tuple[Version, ...]


def table_version(
    db: Database,
    actor: Actor,
    negotiation: str,
    party: str,
    parsed: ParsedDocument,
    *,
    document: str | None = None,
    label: str = "",
    baseline_id: int | None = None,
    source_name: str = "",
    language: str = DEFAULT_LANGUAGE,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Version | PendingVersion:
    """Table ``parsed`` as the next version of ``document`` (a new document if ``None``),
    written in ``language`` (a BCP 47 tag); for a party with a clearance chain, keep it
    pending until the chain is cleared (:mod:`inwriting.services.version_drafts`)."""
    when = now_or(now)
    language = language_tag(language)
    with db.transaction() as session:
        neg = queries.get_negotiation(session, negotiation)
        party_row = queries.get_party(session, neg, party)
        user = require_role(session, actor, party_row, Role.DRAFTER, Role.PRINCIPAL)
        if clearance.steps_of(session, party_row):
            pending = clearance.save_version_draft(
                session,
                party_row,
                user,
                parsed,
                document=document,
                label=label,
                baseline_id=baseline_id,
                source_name=source_name,
                when=when,
                language=language,
            )
            return clearance.pending_version(pending)
        row = tabled_version(
            session,
            party_row,
            user,
            parsed,
            document=document,
            label=label,
            baseline_id=baseline_id,
            source_name=source_name,
            when=when,
            progress=progress,
            language=language,
        )
        return _version(row, _count(parsed.provisions))


def table_file(
    db: Database,
    actor: Actor,
    negotiation: str,
    party: str,
    source_name: str,
    data: bytes,
    *,
    document: str | None = None,
    label: str = "",
    language: str = DEFAULT_LANGUAGE,
    parse_seconds: float = 0,
) -> Version | PendingVersion:
    """Table a draft file's bytes: parse them (the format told by ``source_name``'s suffix or
    the bytes themselves) and table the result, as the import page and the API do.

    ``parse_seconds`` > 0 parses in a child process stopped past that budget (see
    :mod:`inwriting.services.parsing`): what a web upload gets."""
    parsed = parse_bytes_within(data, source=source_name, seconds=parse_seconds)
    return table_version(
        db,
        actor,
        negotiation,
        party,
        parsed,
        document=document,
        label=label,
        source_name=source_name,
        language=language,
    )


def tabled_version(
    session: Session,
    party: PartyRow,
    user: UserRow,
    parsed: ParsedDocument,
    *,
    document: str | None,
    label: str,
    baseline_id: int | None,
    source_name: str,
    when: datetime,
    progress: Progress | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> VersionRow:
    """Write a new version and its record entry, in the caller's transaction."""
    if not parsed.answerable():
        raise ValidationError("the text has no answerable provision")
    neg = party.negotiation
    doc = _document_for(session, neg, document, parsed.title, when)
    if baseline_id is not None:
        baseline = queries.get_version(session, baseline_id)
        if baseline.document.negotiation_id != neg.id:
            raise missing("version")
    last = session.scalar(
        select(func.max(VersionRow.number)).where(VersionRow.document_id == doc.id)
    )
    number = (last or 0) + 1
    row = VersionRow(
        document=doc,
        number=number,
        label=label.strip() or f"Version {number}",
        title=parsed.title,
        tabled_by=party,
        tabled_by_user_id=user.id,
        baseline_id=baseline_id,
        source_name=source_name,
        content_sha256=version_digest(parsed.title, parsed.provisions),
        tabled_at=when,
        language=language,
    )
    session.add(row)
    session.flush()
    _insert_provisions(session, row, parsed.provisions, progress)
    ids = {"document": doc.id, "version": row.id}
    if baseline_id is not None:
        ids["baseline"] = baseline_id
    event = Event(
        EventType.VERSION_TABLED, when, user.id, neg.id, party.id, ids, row.content_sha256
    )
    append_event(session, event, ("version", row.id))
    on_version(session, row, user.id, when)
    return row


def list_documents(db: Database, actor: Actor, negotiation: str) -> list[Document]:
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_read(session, neg, actor)
        counts = _counts(session, neg)
        return [
            Document(
                slug=d.slug,
                title=d.title,
                versions=tuple(_version(v, counts.get(v.id, (0, 0))) for v in d.versions),
            )
            for d in neg.documents
        ]


def get_version(db: Database, actor: Actor, version_id: int) -> VersionText:
    with db.reading() as session:
        row = queries.get_version(session, version_id)
        neg = row.document.negotiation
        require_read(session, neg, actor, "version")
        provisions = tuple(provision_from_row(p) for p in row.provisions)
        return VersionText(_version(row, _count(provisions)), neg.slug, provisions)


def _document_for(
    session: Session, neg: NegotiationRow, ref: str | None, title: str, when: datetime
) -> DocumentRow:
    if ref is not None:
        return queries.get_document(session, neg, ref)
    base = slugify(title, fallback="document")
    taken = {d.slug for d in neg.documents}
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    doc = DocumentRow(slug=slug, title=title.strip() or slug, created_at=when)
    neg.documents.append(doc)
    return doc


def _insert_provisions(
    session: Session,
    version: VersionRow,
    provisions: tuple[Provision, ...],
    progress: Progress | None,
) -> None:
    rows = provision_rows(provisions)
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        for row in batch:
            row.version_id = version.id
        session.add_all(batch)
        session.flush()
        if progress is not None:
            progress(start + len(batch), len(rows))


def version_value(row: VersionRow, provisions: tuple[Provision, ...]) -> Version:
    return _version(row, _count(provisions))


def _count(provisions: tuple[Provision, ...]) -> tuple[int, int]:
    return len(provisions), sum(1 for p in provisions if p.answerable)


def _counts(session: Session, neg: NegotiationRow) -> dict[int, tuple[int, int]]:
    """(provisions, answerable) per version of ``neg``, in one query."""
    answerable = case((ProvisionRow.kind != ProvisionKind.GROUP.value, 1), else_=0)
    rows = session.execute(
        select(ProvisionRow.version_id, func.count(), func.sum(answerable))
        .join(VersionRow)
        .join(DocumentRow)
        .where(DocumentRow.negotiation_id == neg.id)
        .group_by(ProvisionRow.version_id)
    )
    return {vid: (int(total), int(ans or 0)) for vid, total, ans in rows}


def _version(row: VersionRow, counts: tuple[int, int]) -> Version:
    return Version(
        id=row.id,
        document=row.document.slug,
        number=row.number,
        label=row.label,
        title=row.title,
        tabled_by=row.tabled_by.name,
        tabled_at=row.tabled_at,
        baseline_id=row.baseline_id,
        content_sha256=row.content_sha256,
        provision_count=counts[0],
        answerable=counts[1],
        language=row.language,
    )
