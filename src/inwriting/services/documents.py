"""Documents and their versions: tabling a text, reading it back.

A version is written once, by ``table_version``, and never changed: there is no service that
edits one, and the storage guards refuse ORM changes to its rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from inwriting.domain.digests import version_digest
from inwriting.domain.documents import AnswerLevel, ParsedDocument, Provision, ProvisionKind
from inwriting.domain.events import Event, EventType
from inwriting.domain.languages import DEFAULT_LANGUAGE, language_tag
from inwriting.domain.negotiations import Role, slugify
from inwriting.domain.statements import Action, Statement, statement_time
from inwriting.errors import ValidationError, missing
from inwriting.formats.levels import answer_by, default_level, level_named
from inwriting.services import clearance
from inwriting.services.actors import Actor, now_or, require_read, require_role
from inwriting.services.notifications import on_version
from inwriting.services.parsing import parse_bytes_within
from inwriting.services.party_keys import Signing, accept_signature
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
    answer_level: AnswerLevel = AnswerLevel.ARTICLE
    record_index: int | None = None  # its entry, where the call that tabled it says
    signed_with: str | None = None  # the party key that signed its tabling, likewise


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
    signature: str | bytes | None = None,
    origin: str = "",
    now: datetime | None = None,
    progress: Progress | None = None,
    answer_level: AnswerLevel | None = None,
) -> Version | PendingVersion:
    """Table ``parsed`` as the next version of ``document`` (a new document if ``None``),
    written in ``language`` (a BCP 47 tag); signed by the member's key where a signature is
    given or the party requires one (see :func:`statement_for_tabling`); for a party with a
    clearance chain, kept pending until the chain is cleared
    (:mod:`inwriting.services.version_drafts`).

    ``parsed`` is tabled as given, already cut at its answer level (see :func:`cut`);
    ``answer_level`` records which one (``None``: the level its provisions show)."""
    when = now_or(now)
    language = language_tag(language)
    with db.transaction() as session:
        neg = queries.get_negotiation(session, negotiation)
        party_row = queries.get_party(session, neg, party)
        user = require_role(session, actor, party_row, Role.DRAFTER, Role.PRINCIPAL)
        signing = accept_tabling_signature(
            session, user, neg, party_row, parsed, origin, signature, when
        )
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
            answer_level=answer_level,
            signing=signing,
        )
        index = queries.record_index(session, "version", row.id)
        return replace(
            _version(row, _count(parsed.provisions)),
            record_index=index,
            signed_with=signing.key.name if signing else None,
        )


def accept_tabling_signature(
    session: Session,
    user: UserRow,
    neg: NegotiationRow,
    party: PartyRow,
    parsed: ParsedDocument,
    origin: str,
    signature: str | bytes | None,
    when: datetime,
) -> Signing | None:
    """The member's signature over tabling ``parsed`` for ``party``, checked: refused if it
    does not verify, or if it is missing where the party requires signatures."""
    expected = tabling_statement(neg, party, parsed, origin, when)
    return accept_signature(session, user, party, expected, signature, when)


def statement_for_tabling(
    db: Database,
    actor: Actor,
    negotiation: str,
    party: str,
    parsed: ParsedDocument,
    origin: str,
    *,
    now: datetime | None = None,
) -> Statement:
    """What a member signs to table ``parsed`` for ``party``: the digest of its text, in
    this negotiation."""
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        party_row = queries.get_party(session, neg, party)
        require_role(session, actor, party_row, Role.DRAFTER, Role.PRINCIPAL)
        return tabling_statement(neg, party_row, parsed, origin, now_or(now))


def tabling_statement(
    neg: NegotiationRow, party: PartyRow, parsed: ParsedDocument, origin: str, when: datetime
) -> Statement:
    return Statement(
        record=origin or "-",
        action=Action.VERSION_TABLED,
        negotiation=neg.id,
        party=party.id,
        about=("negotiation", neg.id),
        content_sha256=version_digest(parsed.title, parsed.provisions),
        time=statement_time(when),
    )


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
    answer_level: AnswerLevel | str | None = None,
    signature: str | bytes | None = None,
    origin: str = "",
) -> Version | PendingVersion:
    """Table a draft file's bytes: parse them (the format told by ``source_name``'s suffix or
    the bytes themselves), cut them at ``answer_level`` (``None``: the level the structure
    makes obvious) and table the result, as the import page and the API do.

    ``parse_seconds`` > 0 parses in a child process stopped past that budget (see
    :mod:`inwriting.services.parsing`): what a web upload gets."""
    chosen = level_named(answer_level)  # an unknown level is refused before parsing
    parsed = parse_bytes_within(data, source=source_name, seconds=parse_seconds)
    level, cut_doc = cut(parsed, chosen)
    return table_version(
        db,
        actor,
        negotiation,
        party,
        cut_doc,
        document=document,
        label=label,
        source_name=source_name,
        language=language,
        answer_level=level,
        signature=signature,
        origin=origin,
    )


def check_may_table(db: Database, actor: Actor, negotiation: str, party: str) -> None:
    """Refuse (as :func:`table_version` would) anyone who may not table for ``party``: for a
    preview to say so before a file is read."""
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_role(
            session, actor, queries.get_party(session, neg, party), Role.DRAFTER, Role.PRINCIPAL
        )


def cut(
    parsed: ParsedDocument, answer_level: AnswerLevel | str | None
) -> tuple[AnswerLevel, ParsedDocument]:
    """The level (``answer_level``, or the default for ``parsed``) and ``parsed`` cut at it:
    what a front door tables, and what the import preview shows."""
    level = level_named(answer_level) or default_level(parsed)
    return level, answer_by(parsed, level)


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
    answer_level: AnswerLevel | None = None,
    signing: Signing | None = None,
) -> VersionRow:
    """Write a new version and its record entry, in the caller's transaction.

    The answer level is stored with the version; the record commits to it through the
    content digest, since each level has its own provisions."""
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
        answer_level=answer_level or default_level(parsed),
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
    append_event(
        session,
        event,
        ("version", row.id),
        signature=signing.signature if signing else None,
        party_key_id=signing.key.id if signing else None,
    )
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


def version_negotiation(db: Database, actor: Actor, version_id: int) -> str:
    """The slug of the version's negotiation, for a participant; ``no such version`` to
    anyone else."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        neg = version.document.negotiation
        require_read(session, neg, actor, "version")
        return neg.slug


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
        answer_level=row.answer_level,
    )
