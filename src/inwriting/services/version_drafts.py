"""Pending versions: a version (or derived version) waiting for its party's clearances.

``documents.table_version`` and ``derivation.derive_version`` keep the text here instead of
tabling it when the party has a clearance chain (:mod:`inwriting.services.clearance`). Its
members see it, edit it (which withdraws the later clearances) and clear it; the last
clearance tables it, on the record as any version, numbered when it is tabled.
A pending version is private to its party: to anyone else it does not exist.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.derivation import Action
from inwriting.domain.documents import ParsedDocument
from inwriting.domain.negotiations import Role
from inwriting.errors import Conflict, ValidationError, missing
from inwriting.services import clearance, documents
from inwriting.services.actors import Actor, is_member_of, now_or, require_role
from inwriting.services.parsing import parse_bytes_within
from inwriting.storage import queries
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    AdoptionRow,
    PartyRow,
    UserRow,
    VersionDraftAuthorRow,
    VersionDraftRow,
)


@dataclass(frozen=True)
class PendingView:
    """A pending version with its chain's progress and history, as a member sees it."""

    draft: clearance.PendingVersion
    status: clearance.Status
    authors: tuple[str, ...]


def get_version_draft(db: Database, actor: Actor, draft_id: int) -> PendingView:
    with db.reading() as session:
        row = _visible(session, actor, draft_id)
        return _view(session, actor, row)


def list_version_drafts(
    db: Database, actor: Actor, negotiation: str
) -> list[clearance.PendingVersion]:
    """The pending versions of the actor's own parties in the negotiation, oldest first."""
    with db.reading() as session:
        neg = queries.get_negotiation(session, negotiation)
        mine = [p.id for p in neg.parties if is_member_of(session, p, actor)]
        if not mine:
            return []
        query = select(VersionDraftRow).where(
            VersionDraftRow.party_id.in_(mine), VersionDraftRow.version_id.is_(None)
        )
        rows = session.scalars(query.order_by(VersionDraftRow.id))
        return [clearance.pending_version(r) for r in rows]


def edit_version_draft(
    db: Database,
    actor: Actor,
    draft_id: int,
    parsed: ParsedDocument,
    *,
    label: str | None = None,
    now: datetime | None = None,
) -> PendingView:
    """Replace the pending text (a drafter or principal of its party). The editor becomes
    one of its authors, so clears it at no step, and the later clearances are withdrawn."""
    when = now_or(now)
    with db.transaction() as session:
        row = _open(session, actor, draft_id)
        user = require_role(session, actor, row.party, Role.DRAFTER, Role.PRINCIPAL)
        keys = {p.key for p in parsed.provisions}
        kept = [a for a in json.loads(row.adoptions) if a["key"] in keys]
        if not parsed.answerable():
            raise ValidationError("the text has no answerable provision")
        clearance.fill_version_draft(row, parsed, kept, when)
        if label is not None:
            row.label = label.strip()
        if all(a.user_id != user.id for a in row.authors):
            row.authors.append(VersionDraftAuthorRow(user_id=user.id))
        clearance.withdraw_after_edit(session, row.party, user, "version_draft", row.id, when)
        session.flush()
        return _view(session, actor, row)


def edit_version_file(
    db: Database,
    actor: Actor,
    draft_id: int,
    source_name: str,
    data: bytes,
    *,
    label: str | None = None,
    parse_seconds: float = 0,
) -> PendingView:
    """:func:`edit_version_draft` with a file's bytes, parsed as for tabling
    (:func:`inwriting.services.documents.table_file`)."""
    with db.reading() as session:
        _open(session, actor, draft_id)  # refuse outsiders before parsing anything
    parsed = parse_bytes_within(data, source=source_name, seconds=parse_seconds)
    return edit_version_draft(db, actor, draft_id, parsed, label=label)


def clear_version_draft(
    db: Database, actor: Actor, draft_id: int, *, now: datetime | None = None
) -> PendingView:
    """Clear the pending version's current step; the last clearance tables it (then
    ``draft.version_id`` names the version)."""
    when = now_or(now)
    with db.transaction() as session:
        row = _open(session, actor, draft_id)
        user = _member_user(session, actor, row.party)
        authors = clearance.draft_authors(row, session)
        done = clearance.give(
            session, row.party, user, "version_draft", row.id, authors, row.content_sha256, when
        )
        if done:
            _table(session, row, user, when)
        return _view(session, actor, row)


def _table(session: Session, row: VersionDraftRow, user: UserRow, when: datetime) -> None:
    parsed = ParsedDocument(row.title, clearance.draft_provisions(row))
    version = documents.tabled_version(
        session,
        row.party,
        user,
        parsed,
        document=row.document.slug if row.document else None,
        label=row.label,
        baseline_id=row.baseline_id,
        source_name=row.source_name,
        when=when,
        language=row.language,
    )
    session.add_all(
        AdoptionRow(
            version_id=version.id,
            provision_key=a["key"],
            action=Action(a["action"]),
            response_id=a["response_id"],
            position_ordinal=a["ordinal"],
        )
        for a in json.loads(row.adoptions)
    )
    row.version_id = version.id
    session.flush()


def _visible(session: Session, actor: Actor, draft_id: int) -> VersionDraftRow:
    row = queries.by_id(session, VersionDraftRow, draft_id) if draft_id > 0 else None
    if row is None or not is_member_of(session, row.party, actor):
        raise missing("pending version")  # its existence is the party's own business
    return row


def _open(session: Session, actor: Actor, draft_id: int) -> VersionDraftRow:
    row = _visible(session, actor, draft_id)
    if row.version_id is not None:
        raise Conflict(f"pending version {row.id} was cleared and tabled; it cannot change")
    return row


def _member_user(session: Session, actor: Actor, party: PartyRow) -> UserRow:
    return require_role(session, actor, party, Role.DRAFTER, Role.PRINCIPAL, Role.OBSERVER)


def _view(session: Session, actor: Actor, row: VersionDraftRow) -> PendingView:
    authors = clearance.draft_authors(row, session)
    status = clearance.status_of(session, row.party, actor, "version_draft", row.id, authors)
    return PendingView(clearance.pending_version(row), status, tuple(authors))
