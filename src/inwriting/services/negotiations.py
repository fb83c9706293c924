"""Negotiations: creating them and reading where they stand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from inwriting.domain.events import Event, EventType
from inwriting.domain.negotiations import Visibility, slugify
from inwriting.errors import Conflict, ValidationError
from inwriting.services.actors import Actor, now_or, require_admin, require_read
from inwriting.services.actors import is_participant as _is_participant
from inwriting.services.record import append_event
from inwriting.storage import queries
from inwriting.storage.conversions import negotiation_digest
from inwriting.storage.engine import Database
from inwriting.storage.models import NegotiationRow


@dataclass(frozen=True)
class Negotiation:
    id: int
    slug: str
    title: str
    visibility: str
    created_at: datetime
    parties: tuple[str, ...]
    documents: int


def create_negotiation(
    db: Database,
    actor: Actor,
    title: str,
    *,
    slug: str | None = None,
    visibility: Visibility = Visibility.PRIVATE,
    now: datetime | None = None,
) -> Negotiation:
    if not title.strip():
        raise ValidationError("a negotiation needs a title")
    slug = slugify(slug or title, fallback="negotiation")
    when = now_or(now)
    with db.transaction() as session:
        user = require_admin(session, actor)
        if session.scalar(select(NegotiationRow.id).where(NegotiationRow.slug == slug)):
            raise Conflict(f"a negotiation {slug!r} already exists; choose another --slug")
        row = NegotiationRow(slug=slug, title=title.strip(), visibility=visibility, created_at=when)
        session.add(row)
        session.flush()
        event = Event(
            EventType.NEGOTIATION_CREATED,
            when,
            user.id if user else None,
            row.id,
            None,
            {"negotiation": row.id},
            negotiation_digest(row),
        )
        append_event(session, event, ("negotiation", row.id))
        return _negotiation(row)


def get_negotiation(db: Database, actor: Actor, ref: str) -> Negotiation:
    with db.reading() as session:
        row = queries.get_negotiation(session, ref)
        require_read(session, row, actor)
        return _negotiation(row)


def list_negotiations(db: Database, actor: Actor) -> list[Negotiation]:
    """The negotiations ``actor`` may read: public ones and those they take part in."""
    with db.reading() as session:
        rows = session.scalars(select(NegotiationRow).order_by(NegotiationRow.id))
        return [
            _negotiation(r)
            for r in rows
            if r.visibility == Visibility.PUBLIC or _is_participant(session, r, actor)
        ]


def _negotiation(row: NegotiationRow) -> Negotiation:
    return Negotiation(
        id=row.id,
        slug=row.slug,
        title=row.title,
        visibility=row.visibility,
        created_at=row.created_at,
        parties=tuple(p.name for p in row.parties),
        documents=len(row.documents),
    )
