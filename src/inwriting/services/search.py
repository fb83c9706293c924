"""Search across everything the actor may read: provision texts of tabled versions, the
proposed texts, reasons and exceptions of positions, commitments, and the messages of
discussion threads (an internal thread's only for the members of its party).

Permission is part of the query, not a filter applied to its results: a row the actor may
not read (a private negotiation they take no part in, another party's draft) is never
fetched, so it can leave no trace in hits, counts or snippets. The rules are those of
``services.actors`` and ``services.responses``: a negotiation is readable if public, or by
its participants (members, administrators, the local operator); a position is readable if
its response was sent, or by members of the party drafting it (the operator sees no drafts).

Matching is each engine's own full-text search (``storage/search.py``): FTS5 on SQLite,
``to_tsvector``/``plainto_tsquery`` on PostgreSQL; every word of the query must appear.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from inwriting.domain.negotiations import Visibility
from inwriting.domain.responses import SENT
from inwriting.domain.search import Segment, hits_in, snippet, terms
from inwriting.services.actors import Actor, acting_user, require_read
from inwriting.services.discussion import readable_threads
from inwriting.storage import queries
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    CommitmentRow,
    DocumentRow,
    MemberRow,
    MessageRow,
    NegotiationRow,
    PartyRow,
    PositionRow,
    ProvisionRow,
    ResponseRow,
    ThreadRow,
    VersionRow,
)
from inwriting.storage.search import matching

MAX_LIMIT = 500


class TextKind(StrEnum):
    """Which kind of text a hit was found in."""

    PROVISION = "provision"
    PROPOSED_TEXT = "proposed text"
    REASON = "reason"
    EXCEPTION = "exception"
    COMMITMENT = "commitment"
    MESSAGE = "discussion"


@dataclass(frozen=True)
class Hit:
    negotiation: str  # slug
    negotiation_title: str
    document: str  # title; "" for a commitment
    version_id: int | None
    version_label: str
    provision_key: str  # "" for a commitment
    provision_label: str
    kind: TextKind
    party: str  # who tabled the version, answered, or promised
    status: str  # "tabled"; a response's status ("draft"...); a commitment's status
    commitment_id: int | None
    path: str  # the page showing it: the provision, or the commitment
    snippet: tuple[Segment, ...]

    @property
    def excerpt(self) -> str:
        """The snippet as plain text."""
        return "".join(s.text for s in self.snippet)


def search(
    db: Database,
    actor: Actor,
    query: str,
    *,
    negotiation: str | None = None,
    limit: int = 50,
) -> list[Hit]:
    """The first ``limit`` hits for ``query`` that ``actor`` may read, grouped by
    negotiation (in the order they were created), then in document order; commitments
    after a negotiation's documents. ``negotiation`` (slug or id) narrows the search to
    one, and is ``NotFound`` to an actor who may not read it."""
    words = terms(query)
    limit = max(0, min(limit, MAX_LIMIT))
    if not words or not limit:
        return []
    with db.reading() as session:
        where, mine = _scope(session, actor, negotiation)
        found = [
            *_provisions(session, words, where, limit),
            *_positions(session, words, where, mine, limit),
            *_commitments(session, words, where, limit),
            *_messages(session, words, where, actor, limit),
        ]
    found.sort(key=lambda pair: pair[0])
    return [hit for _, hit in found[:limit]]


Keyed = tuple[tuple[int, ...], Hit]


def _scope(
    session: Session, actor: Actor, negotiation: str | None
) -> tuple[ColumnElement[bool], Select[Any] | None]:
    """Which negotiations may be read, and the parties whose drafts may be (``None``: none)."""
    user = acting_user(session, actor)  # NotFound for an unknown user, as everywhere
    mine = None if user is None else select(MemberRow.party_id).where(MemberRow.user_id == user.id)
    if negotiation is not None:
        row = queries.get_negotiation(session, negotiation)
        require_read(session, row, actor)
        return NegotiationRow.id == row.id, mine
    if actor.anonymous:
        return NegotiationRow.visibility == Visibility.PUBLIC, None
    if user is None or user.is_admin:  # the operator; an administrator
        return true(), mine
    theirs = select(PartyRow.negotiation_id).join(MemberRow).where(MemberRow.user_id == user.id)
    return or_(NegotiationRow.visibility == Visibility.PUBLIC, NegotiationRow.id.in_(theirs)), mine


def _provisions(
    session: Session, words: tuple[str, ...], where: ColumnElement[bool], limit: int
) -> list[Keyed]:
    tabler = aliased(PartyRow)
    query = (
        select(ProvisionRow, VersionRow, DocumentRow, NegotiationRow, tabler.name)
        .join(VersionRow, ProvisionRow.version_id == VersionRow.id)
        .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
        .join(NegotiationRow, DocumentRow.negotiation_id == NegotiationRow.id)
        .join(tabler, VersionRow.tabled_by_party_id == tabler.id)
        .where(where, matching(session, "provisions", ProvisionRow.id, words))
        .order_by(NegotiationRow.id, DocumentRow.id, VersionRow.number, ProvisionRow.ordinal)
        .limit(limit)
    )
    keyed: list[Keyed] = []
    for p, v, d, n, party in session.execute(query):
        text = f"{p.heading}\n{p.text}" if p.heading else p.text
        hit = _hit(n, d, v, p.key, p.label, TextKind.PROVISION, party, "tabled", text, words)
        keyed.append(((n.id, 0, d.id, v.number, p.ordinal, 0, p.id), hit))
    return keyed


def _positions(
    session: Session,
    words: tuple[str, ...],
    where: ColumnElement[bool],
    mine: Select[Any] | None,
    limit: int,
) -> list[Keyed]:
    sent = ResponseRow.status.in_(SENT)
    readable = sent if mine is None else or_(sent, ResponseRow.party_id.in_(mine))
    key = case(
        (PositionRow.provision_key != "", PositionRow.provision_key), else_=PositionRow.after_key
    )
    ordinal = func.coalesce(ProvisionRow.ordinal, -1)
    query = (
        select(PositionRow, ResponseRow, VersionRow, DocumentRow, NegotiationRow, PartyRow.name)
        .add_columns(ProvisionRow.label, ordinal)
        .join(ResponseRow, PositionRow.response_id == ResponseRow.id)
        .join(PartyRow, ResponseRow.party_id == PartyRow.id)
        .join(VersionRow, ResponseRow.version_id == VersionRow.id)
        .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
        .join(NegotiationRow, DocumentRow.negotiation_id == NegotiationRow.id)
        .outerjoin(
            ProvisionRow, and_(ProvisionRow.version_id == VersionRow.id, ProvisionRow.key == key)
        )
        .where(where, readable, matching(session, "positions", PositionRow.id, words))
        .order_by(NegotiationRow.id, DocumentRow.id, VersionRow.number, ordinal, PositionRow.id)
        .limit(limit)
    )
    keyed: list[Keyed] = []
    for pos, r, v, d, n, party, label, at in session.execute(query):
        fields = {
            TextKind.PROPOSED_TEXT: pos.text,
            TextKind.REASON: pos.reason,
            TextKind.EXCEPTION: pos.exception,
        }
        kind = max(fields, key=lambda k: hits_in(fields[k], words))  # first of the best
        link = pos.provision_key or pos.after_key
        hit = _hit(n, d, v, link, label or "", kind, party, r.status, fields[kind], words)
        keyed.append(((n.id, 0, d.id, v.number, at, 1, pos.id), hit))
    return keyed


def _commitments(
    session: Session, words: tuple[str, ...], where: ColumnElement[bool], limit: int
) -> list[Keyed]:
    query = (
        select(CommitmentRow, NegotiationRow, PartyRow.name)
        .join(NegotiationRow, CommitmentRow.negotiation_id == NegotiationRow.id)
        .join(PartyRow, CommitmentRow.party_id == PartyRow.id)
        .where(where, matching(session, "commitments", CommitmentRow.id, words))
        .order_by(NegotiationRow.id, CommitmentRow.id)
        .limit(limit)
    )
    keyed: list[Keyed] = []
    for c, n, party in session.execute(query):
        text = max((c.text, c.source_quote), key=lambda t: hits_in(t, words))
        hit = Hit(
            negotiation=n.slug,
            negotiation_title=n.title,
            document="",
            version_id=None,
            version_label="",
            provision_key="",
            provision_label="",
            kind=TextKind.COMMITMENT,
            party=party,
            status=str(c.status),
            commitment_id=c.id,
            path=f"/negotiations/{quote(n.slug)}/commitments/{c.id}",
            snippet=snippet(text, words),
        )
        keyed.append(((n.id, 1, 0, 0, 0, 0, c.id), hit))
    return keyed


def _messages(
    session: Session, words: tuple[str, ...], where: ColumnElement[bool], actor: Actor, limit: int
) -> list[Keyed]:
    """Messages of the threads the actor may read (``discussion.readable_threads``): none
    for an anonymous visitor, whatever the negotiation."""
    if actor.anonymous:
        return []
    readable = readable_threads(acting_user(session, actor))
    tabler = aliased(PartyRow)
    query = (
        select(MessageRow, ThreadRow, VersionRow, DocumentRow, NegotiationRow, tabler.name)
        .add_columns(ProvisionRow.label, func.coalesce(ProvisionRow.ordinal, -1))
        .join(ThreadRow, MessageRow.thread_id == ThreadRow.id)
        .join(VersionRow, ThreadRow.version_id == VersionRow.id)
        .join(DocumentRow, VersionRow.document_id == DocumentRow.id)
        .join(NegotiationRow, ThreadRow.negotiation_id == NegotiationRow.id)
        .outerjoin(tabler, MessageRow.party_id == tabler.id)
        .outerjoin(
            ProvisionRow,
            and_(
                ProvisionRow.version_id == VersionRow.id,
                ProvisionRow.key == ThreadRow.provision_key,
            ),
        )
        .where(where, readable, matching(session, "discussion_messages", MessageRow.id, words))
        .order_by(NegotiationRow.id, DocumentRow.id, VersionRow.number, MessageRow.id)
        .limit(limit)
    )
    keyed: list[Keyed] = []
    for m, t, v, d, n, party, label, at in session.execute(query):
        hit = _hit(
            n,
            d,
            v,
            t.provision_key,
            label or "",
            TextKind.MESSAGE,
            party or "",
            t.status,
            m.body,
            words,
        )
        hit = replace(hit, path=f"{hit.path}#thread-{t.id}")
        keyed.append(((n.id, 0, d.id, v.number, at, 2, m.id), hit))
    return keyed


def _hit(
    n: NegotiationRow,
    d: DocumentRow,
    v: VersionRow,
    key: str,
    label: str,
    kind: TextKind,
    party: str,
    status: Any,
    text: str,
    words: tuple[str, ...],
) -> Hit:
    return Hit(
        negotiation=n.slug,
        negotiation_title=n.title,
        document=d.title,
        version_id=v.id,
        version_label=v.label,
        provision_key=key,
        provision_label=label,
        kind=kind,
        party=party,
        status=str(status),
        commitment_id=None,
        path=f"/negotiations/{quote(n.slug)}/versions/{v.id}/provisions/{quote(key, safe='')}",
        snippet=snippet(text, words),
    )
