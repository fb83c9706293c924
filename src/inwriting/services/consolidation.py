"""The consolidated bracketed text of a version, and redlines between stored versions.

**Made once per state of the record**, as the agreement matrix is (see
:mod:`inwriting.services.matrix`): the text shows the submitted responses and the parties
asked, all written in the same transaction as a record entry, so while the record's latest
entry is the same, so is the text. Each process keeps the texts it made, keyed by database
and version with that entry, and compares it on every request after the permission check:
193 responses of 400 positions take about a second to bracket, one indexed query to confirm.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.languages import language_document
from inwriting.domain.responses import Position, ResponseContent, ResponseKind, ResponseStatus
from inwriting.errors import NotFound, ValidationError
from inwriting.redline import ConsolidatedText, Redline, compare, consolidate
from inwriting.services.actors import Actor, require_read
from inwriting.services.cache import StateCache
from inwriting.storage import queries
from inwriting.storage import record as stored_record
from inwriting.storage.conversions import language_provision_from_row
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    LanguageTextRow,
    PartyRow,
    RequestRow,
    ResponseRow,
    VersionRow,
)


@dataclass(frozen=True)
class Consolidated:
    version_id: int
    version_label: str
    title: str
    text: ConsolidatedText
    responses: Mapping[str, int]  # party -> the submitted response shown
    language: str = ""  # the language it is written in (the version's own, or a text's)
    languages: tuple[str, ...] = ()  # every language of the version, its own first


State = tuple[int, bytes] | None  # the record's last leaf (storage.record.last_leaf)
KEPT = 16  # versions whose text each process keeps, per database
_made: weakref.WeakKeyDictionary[Database, StateCache[tuple[int, str], State, Consolidated]] = (
    weakref.WeakKeyDictionary()
)


def consolidated_text(
    db: Database, actor: Actor, version_id: int, *, language: str = ""
) -> Consolidated:
    """Every party's current submitted position, in place, in brackets: in the version's
    own language, or in ``language``, one of its language texts, with each proposal in its
    wording in that language (and said where a party did not give it)."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        require_read(session, version.document.negotiation, actor, "version")
        text = _language_text(version, language)
        made = _made.get(db) or _made.setdefault(db, StateCache(KEPT))
        state = stored_record.last_leaf(session)
        wanted = (version_id, text.language if text else "")
        found = made.get(wanted, state)
        if found is None:
            found = _consolidated(session, version, text)
            # Under READ COMMITTED (PostgreSQL) the reads may straddle a commit: keep the
            # text only if no entry was appended while it was being read.
            if stored_record.last_leaf(session) == state:
                made.put(wanted, state, found)
        return found


def _language_text(version: VersionRow, language: str) -> LanguageTextRow | None:
    """The language text ``language`` names (None: the version's own text)."""
    wanted = language.strip().casefold()
    if not wanted or wanted == version.language.casefold():
        return None
    for text in version.language_texts:
        if text.language.casefold() == wanted:
            return text
    has = ", ".join([version.language, *(t.language for t in version.language_texts)])
    raise NotFound(f"version {version.id} has no {language[:40]} text (it is in {has})")


def _consolidated(
    session: Session, version: VersionRow, in_language: LanguageTextRow | None
) -> Consolidated:
    current = current_responses(session, version)
    provisions = queries.provisions_of(session, version.id)
    title = version.title
    if in_language is not None:
        translated = [language_provision_from_row(p) for p in in_language.provisions]
        provisions = language_document(provisions, translated)
        title = in_language.title
    text = consolidate(
        provisions,
        {party: draft for party, (_, draft) in current.items()},
        parties_asked(session, version),
        language=in_language.language if in_language else "",
    )
    return Consolidated(
        version.id,
        version.label,
        title,
        text,
        MappingProxyType({party: row_id for party, (row_id, _) in current.items()}),
        in_language.language if in_language else version.language,
        (version.language, *(t.language for t in version.language_texts)),
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
        redline = compare(
            queries.provisions_of(session, old.id),
            queries.provisions_of(session, new.id),
            by_key=by_key,
        )
        return old.label, new.label, redline


def current_responses(
    session: Session, version: VersionRow
) -> dict[str, tuple[int, ResponseContent]]:
    """Each party's current (submitted, not superseded) response to ``version``: read as
    column tuples, one query for the responses and one for all their positions."""
    query = (
        select(ResponseRow.id, PartyRow.name, ResponseRow.kind, ResponseRow.cover_note)
        .join(PartyRow, PartyRow.id == ResponseRow.party_id)
        .where(ResponseRow.version_id == version.id, ResponseRow.status == ResponseStatus.SUBMITTED)
        .order_by(ResponseRow.id)
    )
    rows = session.execute(query).all()
    given = queries.positions_of(session, [row_id for row_id, *_ in rows])
    return {
        party: (row_id, _content(party, kind, note, given.get(row_id, [])))
        for row_id, party, kind, note in rows
    }


def parties_asked(session: Session, version: VersionRow) -> list[str]:
    """The parties asked to answer ``version`` (every other party if nobody was asked)."""
    requests = session.scalars(select(RequestRow).where(RequestRow.version_id == version.id))
    asked = {a.party_id for r in requests for a in r.asked}
    parties = version.document.negotiation.parties
    if asked:
        return [p.name for p in parties if p.id in asked]
    return [p.name for p in parties if p.id != version.tabled_by_party_id]


def _content(
    party: str, kind: ResponseKind, note: str, positions: list[Position]
) -> ResponseContent:
    return ResponseContent(party, ResponseKind(kind), note, tuple(positions))
