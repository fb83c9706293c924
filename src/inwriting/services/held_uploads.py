"""Uploads held for the import preview, until the drafter tables them.

The import page shows what a file would table before anything is put in writing; confirming
must table the very bytes that were shown, without asking the browser for the file again or
trusting it to send them back unchanged. So the upload is *held*: kept in the database (which
every app process shares, as it shares sessions) under a random token, for the user who sent
it and that negotiation only, for :data:`HOLD`. It is no version and no record entry; it is
removed once tabled, and an expired one is removed by the next upload held.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from inwriting.domain.documents import AnswerLevel
from inwriting.domain.languages import DEFAULT_LANGUAGE, language_tag
from inwriting.domain.negotiations import Role
from inwriting.errors import PermissionDenied, missing
from inwriting.formats.levels import level_named
from inwriting.services import clearance, documents
from inwriting.services.actors import Actor, acting_user, now_or, require_read, require_role
from inwriting.services.clearance import PendingVersion
from inwriting.services.parsing import parse_bytes_within
from inwriting.storage import queries
from inwriting.storage.engine import Database
from inwriting.storage.models import HeldUploadRow

HOLD = timedelta(hours=1)  # an upload waits this long in the preview
MAX_HELD = 5  # uploads one user may have waiting at once; the oldest goes first
_GONE = "upload waiting to be tabled (an upload waits an hour: send the file again)"


@dataclass(frozen=True)
class HeldUpload:
    token: str
    name: str  # the file's name, which tells its format
    data: bytes


def hold_upload(
    db: Database,
    actor: Actor,
    negotiation: str,
    name: str,
    data: bytes,
    *,
    now: datetime | None = None,
) -> str:
    """Keep ``data`` for ``actor`` in ``negotiation``; return the token that names it."""
    when = now_or(now)
    token = secrets.token_urlsafe(32)
    with db.transaction() as session:
        neg = queries.get_negotiation(session, negotiation)
        require_read(session, neg, actor)
        user = acting_user(session, actor)
        if user is None:
            raise PermissionDenied("sign in to import a text")
        session.execute(delete(HeldUploadRow).where(HeldUploadRow.held_at < when - HOLD))
        mine = session.scalars(
            select(HeldUploadRow.id)
            .where(HeldUploadRow.user_id == user.id)
            .order_by(HeldUploadRow.held_at.desc(), HeldUploadRow.id.desc())
            .offset(MAX_HELD - 1)
        ).all()
        if mine:
            session.execute(delete(HeldUploadRow).where(HeldUploadRow.id.in_(mine)))
        session.add(
            HeldUploadRow(
                token_sha256=_digest(token),
                user_id=user.id,
                negotiation_id=neg.id,
                name=name,
                data=data,
                held_at=when,
            )
        )
    return token


def get_held_upload(
    db: Database, actor: Actor, negotiation: str, token: str, *, now: datetime | None = None
) -> HeldUpload:
    """The upload ``token`` names, if ``actor`` holds it in ``negotiation`` and it has not
    expired; else :class:`~inwriting.errors.NotFound`, the same for someone else's token."""
    when = now_or(now)
    with db.reading() as session:
        row = _find(session, actor, negotiation, token)
        if row is None or row.held_at < when - HOLD:
            raise missing(_GONE)
        return HeldUpload(token, row.name, row.data)


def table_held_upload(
    db: Database,
    actor: Actor,
    negotiation: str,
    token: str,
    party: str,
    *,
    document: str | None = None,
    label: str = "",
    language: str = DEFAULT_LANGUAGE,
    answer_level: AnswerLevel | str | None = None,
    parse_seconds: float = 0,
    signature: str | bytes | None = None,
    origin: str = "",
    now: datetime | None = None,
) -> documents.Version | PendingVersion:
    """Table the held upload at ``answer_level``, as :func:`documents.table_file` tables a
    file (pending, for a party with a clearance chain); the upload goes in the same
    transaction, so confirming twice tables it once."""
    language = language_tag(language)
    when = now_or(now)
    chosen = level_named(answer_level)
    held = get_held_upload(db, actor, negotiation, token, now=when)
    parsed = parse_bytes_within(held.data, source=held.name, seconds=parse_seconds)
    level, cut = documents.cut(parsed, chosen)
    with db.transaction() as session:
        neg = queries.get_negotiation(session, negotiation)
        party_row = queries.get_party(session, neg, party)
        user = require_role(session, actor, party_row, Role.DRAFTER, Role.PRINCIPAL)
        taken = session.execute(
            delete(HeldUploadRow).where(
                HeldUploadRow.token_sha256 == _digest(token), HeldUploadRow.user_id == user.id
            )
        )
        if cast(CursorResult[Any], taken).rowcount != 1:  # confirmed meanwhile, elsewhere
            raise missing(_GONE)
        signing = documents.accept_tabling_signature(
            session, user, neg, party_row, cut, origin, signature, when
        )
        if clearance.steps_of(session, party_row):
            pending = clearance.save_version_draft(
                session,
                party_row,
                user,
                cut,
                document=document,
                label=label,
                baseline_id=None,
                source_name=held.name,
                when=when,
                language=language,
            )
            return clearance.pending_version(pending)
        row = documents.tabled_version(
            session,
            party_row,
            user,
            cut,
            document=document,
            label=label,
            baseline_id=None,
            source_name=held.name,
            when=when,
            language=language,
            answer_level=level,
            signing=signing,
        )
        return documents.version_value(row, cut.provisions)


def _find(session: Session, actor: Actor, negotiation: str, token: str) -> HeldUploadRow | None:
    user = None if actor.anonymous else acting_user(session, actor)
    if user is None or len(token) > 100:
        return None
    neg = queries.get_negotiation(session, negotiation)
    row = session.scalar(select(HeldUploadRow).where(HeldUploadRow.token_sha256 == _digest(token)))
    if row is None or row.user_id != user.id or row.negotiation_id != neg.id:
        return None
    return row


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
