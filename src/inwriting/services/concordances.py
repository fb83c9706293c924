"""Comparing any two versions a reader may read — of one document, of two documents, of two
negotiations: the versions to choose from, the redline and the concordance between two.

Versions are named to people by document and per-document number ("Treaty on the Lysra,
Draft 3"), never by database id. A version of a negotiation the actor may not read answers
exactly like one that does not exist (:func:`~inwriting.services.actors.require_read`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.negotiations import Visibility
from inwriting.redline import Redline, compare
from inwriting.redline.concordance import Concordance, ConcordanceBy, concordance
from inwriting.services.actors import Actor, is_participant, require_read
from inwriting.storage import queries
from inwriting.storage.conversions import provision_from_row
from inwriting.storage.engine import Database
from inwriting.storage.models import NegotiationRow, VersionRow


@dataclass(frozen=True)
class Choice:
    """A version someone may compare, and how to name it."""

    id: int
    negotiation: str  # slug
    negotiation_title: str
    document: str  # title
    number: int
    label: str

    @property
    def name(self) -> str:
        """ "Treaty on the Lysra, Draft 3", with the version's own label if it has one."""
        own = "" if self.label in ("", f"Version {self.number}") else f" ({self.label})"
        return f"{self.document}, Draft {self.number}{own}"


def list_choices(db: Database, actor: Actor) -> list[Choice]:
    """Every version of every negotiation ``actor`` may read, by negotiation, document and
    number."""
    with db.reading() as session:
        found: list[Choice] = []
        for neg in session.scalars(select(NegotiationRow).order_by(NegotiationRow.id)):
            public = neg.visibility == Visibility.PUBLIC
            if not (public or is_participant(session, neg, actor)):
                continue
            for document in neg.documents:
                found += [_choice(v) for v in document.versions]
        return found


def _choice(row: VersionRow) -> Choice:
    document = row.document
    negotiation = document.negotiation
    return Choice(
        row.id, negotiation.slug, negotiation.title, document.title, row.number, row.label
    )


def version_redline(
    db: Database, actor: Actor, old_id: int, new_id: int
) -> tuple[Choice, Choice, Redline]:
    """The redline between any two versions ``actor`` may read; versions of one document
    are aligned by key (keys survive renumbering there)."""
    with db.reading() as session:
        old, new = _readable(session, actor, old_id), _readable(session, actor, new_id)
        result = compare(
            [provision_from_row(p) for p in old.provisions],
            [provision_from_row(p) for p in new.provisions],
            by_key=old.document_id == new.document_id,
        )
        return _choice(old), _choice(new), result


def version_concordance(
    db: Database, actor: Actor, old_id: int, new_id: int, by: ConcordanceBy
) -> tuple[Choice, Choice, Concordance]:
    """The concordance of version ``new_id`` with the baseline ``old_id``."""
    with db.reading() as session:
        old, new = _readable(session, actor, old_id), _readable(session, actor, new_id)
        result = concordance(
            [provision_from_row(p) for p in old.provisions],
            [provision_from_row(p) for p in new.provisions],
            by=by,
        )
        return _choice(old), _choice(new), result


def _readable(session: Session, actor: Actor, version_id: int) -> VersionRow:
    """The version, or the very ``NotFound`` of a version that does not exist."""
    row = queries.get_version(session, version_id)
    require_read(session, row.document.negotiation, actor, "version")
    return row
