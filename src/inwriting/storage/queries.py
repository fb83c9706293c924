"""Lookups shared by services. They run inside a session the caller opened.

``get_*`` returns a row or raises ``NotFound``; ``find_*`` returns a row or ``None``.
References are what people type: a slug, a name, or a numeric id. A missing negotiation,
document, version or response is :func:`~inwriting.errors.missing`: the same answer the
read check gives for one the caller may not see.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, cast

from sqlalchemy import String, Table, delete, exists, insert, select, type_coerce
from sqlalchemy.orm import Session, joinedload

from inwriting.domain.documents import Provision
from inwriting.domain.responses import Position, PositionKind, ResponseStatus
from inwriting.errors import NotFound, missing
from inwriting.storage.conversions import notes_from_column, wordings_column, wordings_from_column
from inwriting.storage.models import (
    DocumentRow,
    MemberRow,
    NegotiationRow,
    PartyRow,
    PositionRow,
    ProvisionRow,
    RecordEntryRow,
    RequestPartyRow,
    RequestRow,
    ResponseRow,
    UserRow,
    VersionRow,
)

T = TypeVar("T")


MAX_ID = 2**63 - 1  # the largest key either engine stores; a larger one names nothing


def by_id(session: Session, model: type[T], row_id: int) -> T | None:
    """``session.get`` for ids typed by users: out-of-range ids find nothing, never crash."""
    return session.get(model, row_id) if 0 < row_id <= MAX_ID else None


def get_negotiation(session: Session, ref: str) -> NegotiationRow:
    row = session.scalar(select(NegotiationRow).where(NegotiationRow.slug == ref))
    if row is None and ref.isascii() and ref.isdigit():
        row = by_id(session, NegotiationRow, int(ref))
    if row is None:
        raise missing("negotiation")
    return row


def find_user(session: Session, username: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.username == username))


def get_user(session: Session, username: str) -> UserRow:
    row = find_user(session, username)
    if row is None:
        raise NotFound(f"no user {username!r}")
    return row


def find_party(session: Session, negotiation: NegotiationRow, name: str) -> PartyRow | None:
    """The party ``name`` names: its name, compared case-insensitively with runs of spaces
    collapsed, or its id. Names are unique by that comparison (``add_party``), so a party
    whose name is exactly ``name`` (that is not an id) is the one, found by the index without
    loading every party (193 at the UN)."""
    if not name.strip().isdigit():
        exact = select(PartyRow).where(
            PartyRow.negotiation_id == negotiation.id, PartyRow.name == name
        )
        found = session.scalars(exact).first()
        if found is not None:
            return found
    wanted = " ".join(name.split()).casefold()
    for party in negotiation.parties:
        if party.name.casefold() == wanted or str(party.id) == name.strip():
            return party
    return None


def get_party(session: Session, negotiation: NegotiationRow, name: str) -> PartyRow:
    party = find_party(session, negotiation, name)
    if party is None:
        known = ", ".join(p.name for p in negotiation.parties) or "none yet"
        raise NotFound(f"no party {name!r} in {negotiation.slug} (parties: {known})")
    return party


def find_member(session: Session, party: PartyRow, user: UserRow) -> MemberRow | None:
    return session.scalar(
        select(MemberRow).where(MemberRow.party_id == party.id, MemberRow.user_id == user.id)
    )


def participation(
    session: Session, negotiation: NegotiationRow, username: str
) -> tuple[bool, bool] | None:
    """Whether the user is an administrator, and whether a member of a party of the
    negotiation, in one query; ``None`` for no such user."""
    member = exists().where(
        MemberRow.user_id == UserRow.id,
        MemberRow.party_id == PartyRow.id,
        PartyRow.negotiation_id == negotiation.id,
    )
    found = session.execute(
        select(UserRow.is_admin, member).where(UserRow.username == username)
    ).first()
    return None if found is None else (bool(found[0]), bool(found[1]))


def user_parties(session: Session, negotiation: NegotiationRow, user: UserRow) -> list[MemberRow]:
    return list(
        session.scalars(
            select(MemberRow)
            .join(PartyRow)
            .where(PartyRow.negotiation_id == negotiation.id, MemberRow.user_id == user.id)
        )
    )


def get_document(session: Session, negotiation: NegotiationRow, ref: str) -> DocumentRow:
    row = session.scalar(
        select(DocumentRow).where(
            DocumentRow.negotiation_id == negotiation.id, DocumentRow.slug == ref
        )
    )
    if row is None and ref.isascii() and ref.isdigit():
        row = by_id(session, DocumentRow, int(ref))
        row = row if row is not None and row.negotiation_id == negotiation.id else None
    if row is None:
        raise missing("document")
    return row


def get_version(session: Session, version_id: int) -> VersionRow:
    """The version with its document and negotiation, loaded in the same query: nearly
    every caller checks who may read the negotiation next."""
    if not 0 < version_id <= MAX_ID:
        raise missing("version")
    loaded = joinedload(VersionRow.document).joinedload(DocumentRow.negotiation)
    row = session.get(VersionRow, version_id, options=[loaded])
    if row is None:
        raise missing("version")
    return row


def get_response(session: Session, response_id: int) -> ResponseRow:
    """The response with its party, version, document and negotiation, loaded in the same
    query: every caller checks who may read it (the negotiation) and acts for a party."""
    if not 0 < response_id <= MAX_ID:
        raise missing("response")
    version = joinedload(ResponseRow.version)
    loaded = [
        joinedload(ResponseRow.party),
        version.joinedload(VersionRow.document).joinedload(DocumentRow.negotiation),
    ]
    row = session.get(ResponseRow, response_id, options=loaded)
    if row is None:
        raise missing("response")
    return row


def requests_for(session: Session, version: VersionRow, party: PartyRow) -> list[RequestRow]:
    """Requests on ``version`` that ask ``party`` to answer, oldest first (asked in SQL, not
    by loading every party each request names: 193 rows per request at the UN)."""
    asked = select(RequestPartyRow.request_id).where(RequestPartyRow.party_id == party.id)
    return list(
        session.scalars(
            select(RequestRow)
            .where(RequestRow.version_id == version.id, RequestRow.id.in_(asked))
            .order_by(RequestRow.id)
        )
    )


def current_responses_of(
    session: Session, version: VersionRow, party: PartyRow
) -> list[ResponseRow]:
    """The party's responses to ``version`` that are not superseded (its open draft and its
    current submitted response), oldest first: not every answer it ever gave."""
    return list(
        session.scalars(
            select(ResponseRow)
            .where(ResponseRow.version_id == version.id, ResponseRow.party_id == party.id)
            .where(ResponseRow.status != ResponseStatus.SUPERSEDED)
            .order_by(ResponseRow.id)
        )
    )


def responses_of(session: Session, version: VersionRow, party: PartyRow) -> list[ResponseRow]:
    return list(
        session.scalars(
            select(ResponseRow)
            .where(ResponseRow.version_id == version.id, ResponseRow.party_id == party.id)
            .order_by(ResponseRow.id)
        )
    )


def record_entry(session: Session, subject_kind: str, subject_id: int) -> RecordEntryRow | None:
    """The record entry about a row, if it has one."""
    return session.scalars(
        select(RecordEntryRow).where(
            RecordEntryRow.subject_kind == subject_kind, RecordEntryRow.subject_id == subject_id
        )
    ).first()


def record_index(session: Session, subject_kind: str, subject_id: int) -> int | None:
    """The index of the record entry about a row, if it has one."""
    return session.scalar(
        select(RecordEntryRow.index).where(
            RecordEntryRow.subject_kind == subject_kind, RecordEntryRow.subject_id == subject_id
        )
    )


# A response holds a position per provision: 400 for a long agreement, and a matrix or a
# consolidated text reads those of every party (77,200 for 193 parties). They are read and
# written as plain column tuples, never as ORM objects: loading one ORM object per position
# cost about 25 us of CPU each, and the unit of work inserted them one statement at a time
# (it asks each for its new id), 400 statements per saved draft (bench/web.py).


def positions_of(session: Session, response_ids: Sequence[int]) -> dict[int, list[Position]]:
    """The positions of each of the responses, each response's in its order (as
    ``conversions.position_from_row`` would give them); a response with none is absent."""
    table = cast(Table, PositionRow.__table__)
    c = table.c
    query = (
        # Core, not the ORM (whose result rows cost more than the query at 77,200 rows), and
        # the kind as its stored word, looked up once per row below (not a TypeDecorator call)
        select(c.response_id, type_coerce(c.kind, String), c.provision_key, c.after_key)
        .add_columns(c.text, c.reason, c.exception, c.wordings)
        .where(c.response_id.in_(response_ids))
        .order_by(c.response_id, c.ordinal)
    )
    kinds = {kind.value: kind for kind in PositionKind}
    # Positions are values: 193 parties accepting Article 5 are one Position, made once
    # (a frozen dataclass costs microseconds to make, and most positions are accepts).
    made: dict[tuple[str, ...], Position] = {}
    found: dict[int, list[Position]] = {}
    listed: list[Position] = []
    current = None
    for response_id, *fields in session.connection().execute(query).all():
        if response_id != current:
            current, listed = response_id, found.setdefault(response_id, [])
        said = tuple(fields)
        position = made.get(said)
        if position is None:
            kind, key, after, text, reason, exception, wordings = said
            position = made[said] = Position(
                kinds[kind],
                key,
                after,
                text,
                reason,
                exception,
                wordings=wordings_from_column(wordings),
            )
        listed.append(position)
    return found


def replace_positions(
    session: Session, response: ResponseRow, positions: Sequence[Position]
) -> None:
    """Make ``positions`` the positions of ``response`` (a flushed row): one DELETE and one
    multi-row INSERT. Its ``positions`` collection is expired, to be read afresh if asked."""
    table = cast(Table, PositionRow.__table__)
    connection = session.connection()
    connection.execute(delete(table).where(table.c.response_id == response.id))
    values = [
        {
            "response_id": response.id,
            "ordinal": i,
            "kind": p.kind,
            "provision_key": p.provision,
            "after_key": p.after,
            "text": p.text,
            "reason": p.reason,
            "exception": p.exception,
            "wordings": wordings_column(p.wordings),
        }
        for i, p in enumerate(positions)
    ]
    if values:
        connection.execute(insert(table), values)
    session.expire(response, ["positions"])


def provisions_of(session: Session, version_id: int) -> tuple[Provision, ...]:
    """The version's provisions, in document order (as ``conversions.provision_from_row``
    would give them)."""
    row = ProvisionRow
    query = (
        select(row.key, row.kind, row.label, row.number, row.heading, row.text, row.parent_key)
        .add_columns(row.notes)
        .where(row.version_id == version_id)
        .order_by(row.ordinal)
    )
    return tuple(
        Provision(key, kind, label, number, heading, text, parent, notes_from_column(notes))
        for key, kind, label, number, heading, text, parent, notes in session.execute(query)
    )
