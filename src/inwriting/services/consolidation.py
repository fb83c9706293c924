"""The consolidated bracketed text of a version, and redlines between stored versions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.documents import Provision
from inwriting.domain.responses import ResponseContent, ResponseStatus
from inwriting.errors import ValidationError
from inwriting.redline import ConsolidatedText, Redline, compare, consolidate
from inwriting.services.actors import Actor, require_read
from inwriting.storage import queries
from inwriting.storage.conversions import draft_from_row, provision_from_row
from inwriting.storage.engine import Database
from inwriting.storage.models import RequestRow, ResponseRow, VersionRow


@dataclass(frozen=True)
class Consolidated:
    version_id: int
    version_label: str
    title: str
    text: ConsolidatedText
    responses: dict[str, int]  # party -> the submitted response shown


def consolidated_text(db: Database, actor: Actor, version_id: int) -> Consolidated:
    """Every party's current submitted position, in place, in brackets."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        require_read(session, version.document.negotiation, actor, "version")
        current = current_responses(session, version)
        text = consolidate(
            [provision_from_row(p) for p in version.provisions],
            {party: draft for party, (_, draft) in current.items()},
            parties_asked(session, version),
        )
        return Consolidated(
            version.id,
            version.label,
            version.title,
            text,
            {party: row_id for party, (row_id, _) in current.items()},
        )


def version_redline(
    db: Database, actor: Actor, old_id: int, new_id: int
) -> tuple[str, str, Redline]:
    """(old label, new label, redline) between two versions of one negotiation. Versions of
    one document derived in the product are aligned by key."""
    with db.reading() as session:
        old, new = queries.get_version(session, old_id), queries.get_version(session, new_id)
        negotiation = old.document.negotiation
        require_read(session, negotiation, actor, "version")
        require_read(session, new.document.negotiation, actor, "version")
        if new.document.negotiation_id != negotiation.id:
            raise ValidationError("compare versions of the same negotiation")
        by_key = old.document_id == new.document_id
        redline = compare(_provisions(old), _provisions(new), by_key=by_key)
        return old.label, new.label, redline


def current_responses(
    session: Session, version: VersionRow
) -> dict[str, tuple[int, ResponseContent]]:
    """Each party's current (submitted, not superseded) response to ``version``."""
    rows = session.scalars(
        select(ResponseRow)
        .where(ResponseRow.version_id == version.id, ResponseRow.status == ResponseStatus.SUBMITTED)
        .order_by(ResponseRow.id)
    )
    return {row.party.name: (row.id, draft_from_row(row)) for row in rows}


def parties_asked(session: Session, version: VersionRow) -> list[str]:
    """The parties asked to answer ``version`` (every other party if nobody was asked)."""
    requests = session.scalars(select(RequestRow).where(RequestRow.version_id == version.id))
    asked = {a.party_id for r in requests for a in r.asked}
    parties = version.document.negotiation.parties
    if asked:
        return [p.name for p in parties if p.id in asked]
    return [p.name for p in parties if p.id != version.tabled_by_party_id]


def _provisions(version: VersionRow) -> list[Provision]:
    return [provision_from_row(p) for p in version.provisions]
