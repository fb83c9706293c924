"""Language texts of a version: adding one (aligned, put in writing), reading them, and
checking them against each other for divergences.

A language text is added once, by :func:`add_language_text`, and never changed: like the
version it translates, there is no service that edits one and the storage guards refuse ORM
changes to its rows. Its digest (bound to the version's digest) goes on the record in the
same transaction (``language_text_added``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.digests import language_text_digest
from inwriting.domain.divergences import Divergence, divergences
from inwriting.domain.documents import ParsedDocument
from inwriting.domain.events import Event, EventType
from inwriting.domain.languages import (
    LanguageProvision,
    align,
    language_tag,
    original_text,
)
from inwriting.domain.negotiations import Role
from inwriting.errors import Conflict, NotFound, ValidationError
from inwriting.formats.levels import answer_by
from inwriting.services.actors import Actor, now_or, require_read, require_role
from inwriting.services.parsing import parse_bytes_within
from inwriting.services.record import append_event
from inwriting.storage import queries
from inwriting.storage.conversions import (
    language_provision_from_row,
    language_provision_rows,
    provision_from_row,
)
from inwriting.storage.engine import Database
from inwriting.storage.models import LanguageTextRow, UserRow, VersionRow


@dataclass(frozen=True)
class LanguageText:
    """One language's text of a version: the version's own (``original``) or an added one."""

    version_id: int
    language: str
    original: bool
    title: str
    added_by: str  # party name
    added_at: datetime
    content_sha256: str
    provisions: tuple[LanguageProvision, ...]
    record_index: int | None = None  # the entry that put it in writing (its version's, if original)


@dataclass(frozen=True)
class LanguageCheck:
    """The divergences between a version's original text and each of its language texts."""

    version_id: int
    original: str
    languages: tuple[str, ...]  # the original first
    divergences: tuple[Divergence, ...]

    @property
    def diverges(self) -> bool:
        return bool(self.divergences)


def add_language_text(
    db: Database,
    actor: Actor,
    version_id: int,
    language: str,
    parsed: ParsedDocument,
    *,
    mapping: Mapping[str, str] | None = None,
    source_name: str = "",
    now: datetime | None = None,
) -> LanguageText:
    """Add ``parsed``, a translation of version ``version_id`` into ``language``, as one of
    its equally authentic texts: aligned to the version's provisions by structure (and the
    confirmed ``mapping``), refused with every provision that does not line up."""
    when = now_or(now)
    tag = language_tag(language)
    with db.transaction() as session:
        version = queries.get_version(session, version_id)
        neg = version.document.negotiation
        require_read(session, neg, actor, "version")
        user = require_role(session, actor, version.tabled_by, Role.DRAFTER, Role.PRINCIPAL)
        _refuse_duplicate(session, version, tag)
        provisions = tuple(provision_from_row(p) for p in version.provisions)
        # The translation is cut where the version was: paragraph by paragraph if it was.
        parsed = answer_by(parsed, version.answer_level)
        alignment = align(provisions, parsed.provisions, mapping)
        if not alignment.complete:
            problems = alignment.problems(tag)
            raise ValidationError(
                f"the {tag} text does not line up with version {version_id} "
                f"({len(problems)} provision(s)); fix it or confirm a mapping (--map)",
                problems,
            )
        row = added_language_text(
            session, version, user, tag, parsed.title, alignment.provisions, source_name, when
        )
        return _value(row, alignment.provisions)


def added_language_text(
    session: Session,
    version: VersionRow,
    user: UserRow,
    tag: str,
    title: str,
    provisions: tuple[LanguageProvision, ...],
    source_name: str,
    when: datetime,
) -> LanguageTextRow:
    """Write a language text (aligned already) and its record entry, in the caller's
    transaction."""
    digest = language_text_digest(version.content_sha256, version.language, tag, title, provisions)
    row = LanguageTextRow(
        version=version,
        language=tag,
        title=title,
        added_by_party_id=version.tabled_by_party_id,
        added_by_user_id=user.id,
        source_name=source_name,
        content_sha256=digest,
        added_at=when,
    )
    session.add(row)
    session.flush()
    for provision in language_provision_rows(provisions):
        provision.language_text_id = row.id
        session.add(provision)
    session.flush()
    neg = version.document.negotiation
    ids = {"document": version.document_id, "version": version.id, "language_text": row.id}
    event = Event(
        EventType.LANGUAGE_TEXT_ADDED, when, user.id, neg.id, version.tabled_by_party_id,
        ids, digest,
    )  # fmt: skip
    append_event(session, event, ("language_text", row.id))
    return row


def add_language_file(
    db: Database,
    actor: Actor,
    version_id: int,
    language: str,
    source_name: str,
    data: bytes,
    *,
    mapping: Mapping[str, str] | None = None,
    parse_seconds: float = 0,
) -> LanguageText:
    """Parse a translation file's bytes (as an import does) and add it: the upload page's
    and the API's way in. ``parse_seconds`` as for :func:`documents.table_file`."""
    parsed = parse_bytes_within(data, source=source_name, seconds=parse_seconds)
    return add_language_text(
        db, actor, version_id, language, parsed, mapping=mapping, source_name=source_name
    )


def list_language_texts(db: Database, actor: Actor, version_id: int) -> list[LanguageText]:
    """Every language text of the version, its original first, with their provisions."""
    with db.reading() as session:
        version = _readable(session, actor, version_id)
        return _texts(version)


def get_language_text(db: Database, actor: Actor, version_id: int, language: str) -> LanguageText:
    """The version's text in ``language`` (its own provisions for the original language)."""
    with db.reading() as session:
        version = _readable(session, actor, version_id)
        wanted = language.strip().casefold()
        for text in _texts(version):
            if text.language.casefold() == wanted:
                return text
        raise NotFound(f"version {version_id} has no {language[:40]} text")


def check_languages(db: Database, actor: Actor, version_id: int) -> LanguageCheck:
    """The divergence checks between the version's original text and each language text."""
    with db.reading() as session:
        version = _readable(session, actor, version_id)
        texts = _texts(version)
    by_language = {t.language: t.provisions for t in texts}
    found = divergences(texts[0].language, by_language)
    return LanguageCheck(version_id, texts[0].language, tuple(by_language), tuple(found))


def _readable(session: Session, actor: Actor, version_id: int) -> VersionRow:
    version = queries.get_version(session, version_id)
    require_read(session, version.document.negotiation, actor, "version")
    return version


def _refuse_duplicate(session: Session, version: VersionRow, tag: str) -> None:
    if tag.casefold() == version.language.casefold():
        raise Conflict(f"version {version.id} is itself written in {tag}")
    taken = session.scalar(
        select(LanguageTextRow.id).where(
            LanguageTextRow.version_id == version.id, LanguageTextRow.language == tag
        )
    )
    if taken is not None:
        raise Conflict(f"version {version.id} already has a {tag} text; it never changes")


def _texts(version: VersionRow) -> list[LanguageText]:
    session = Session.object_session(version)
    original = LanguageText(
        version.id,
        version.language,
        True,
        version.title,
        version.tabled_by.name,
        version.tabled_at,
        version.content_sha256,
        original_text([provision_from_row(p) for p in version.provisions]),
        None if session is None else queries.record_index(session, "version", version.id),
    )
    added = [
        _value(row, tuple(language_provision_from_row(p) for p in row.provisions))
        for row in version.language_texts
    ]
    return [original, *added]


def _value(row: LanguageTextRow, provisions: tuple[LanguageProvision, ...]) -> LanguageText:
    session = Session.object_session(row)
    return LanguageText(
        row.version_id,
        row.language,
        False,
        row.title,
        row.added_by.name,
        row.added_at,
        row.content_sha256,
        provisions,
        None if session is None else queries.record_index(session, "language_text", row.id),
    )
