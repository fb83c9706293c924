"""The agreement matrix: provisions by parties, each cell a party's submitted position.

Only submitted (current, not superseded) responses count: drafts are private to their party.
A provision is ``agreed`` when every party asked accepted it, ``agreed_with_exceptions`` when
all accepted but some with an exception, ``open`` when any party would amend, reject or
delete it, and ``unanswered`` otherwise.

**Built once per state of the record.** Everything the matrix shows — the parties, the
requests naming who was asked, the submitted responses and the ones they supersede — is
written in the same transaction as a record entry (DESIGN.md rule 6), so while the record's
latest entry is the same, so is every matrix. Each process keeps the matrices it built,
keyed by database and version with the latest entry they saw, and compares it on every
request: a cache validated against the database, never state of its own, so any number of
workers behave as one. Permission is checked on every request, before the cache is read.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.documents import Provision
from inwriting.domain.negotiations import Visibility
from inwriting.domain.responses import (
    Position,
    PositionKind,
    ProvisionState,
    ResponseKind,
    ResponseStatus,
)
from inwriting.errors import NotFound, missing
from inwriting.redline.diff import diff_texts
from inwriting.redline.operations import Operation
from inwriting.services import discussion
from inwriting.services.actors import Actor, is_participant, require_read
from inwriting.services.cache import StateCache
from inwriting.storage import queries
from inwriting.storage import record as stored_record
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    PartyRow,
    RequestPartyRow,
    RequestRow,
    ResponseRow,
    VersionRow,
)

NONE = "none"  # a party asked that has not answered the provision
TALLIED = (*(k.value for k in PositionKind if k is not PositionKind.ADD), NONE)


class Cell(NamedTuple):
    """One party's position on one provision. A named tuple, not a dataclass: a matrix of
    193 parties has 77,200 of them, and a tuple is made several times faster."""

    party: str
    position: Position | None  # None: not answered
    interim: bool


@dataclass(frozen=True)
class Row:
    provision: Provision
    cells: tuple[Cell, ...]
    state: ProvisionState
    additions: tuple[tuple[str, Position], ...]  # (party, add position) proposed after it

    @cached_property
    def tally(self) -> dict[str, int]:
        """How many parties took each position on the provision (``none``: not answered), in
        the order of :data:`TALLIED`: a line of the heat map that summarises a large matrix."""
        found = Counter(c.position.kind.value if c.position else NONE for c in self.cells)
        return {kind: found[kind] for kind in TALLIED}

    def amendments(self) -> dict[str, tuple[Operation, ...]]:
        """Each amending party's proposal as a redline of the tabled text: equal + delete
        give the tabled text, equal + insert the proposed one."""
        return {
            c.party: diff_texts(self.provision.text, c.position.text)
            for c in self.cells
            if c.position is not None and c.position.kind is PositionKind.AMEND
        }


@dataclass(frozen=True)
class Matrix:
    negotiation: str
    version_id: int
    version_label: str
    title: str
    parties: tuple[str, ...]  # the parties asked (or all but the tabling party)
    rows: tuple[Row, ...]
    responses: Mapping[str, int]  # party -> response id shown

    def counts(self) -> dict[str, int]:
        return dict(Counter(r.state for r in self.rows))

    def row(self, key: str) -> Row:
        """The row of the provision ``key`` (answerable provisions only)."""
        for found in self.rows:
            if found.provision.key == key:
                return found
        raise NotFound(f"no provision {key!r} to answer in {self.version_label}")

    def party_counts(self, party: str) -> dict[str, int]:
        column = self.parties.index(party)  # every row has one cell per party, in this order
        cells = (r.cells[column].position for r in self.rows)
        return dict(Counter(p.kind.value if p else ProvisionState.UNANSWERED.value for p in cells))


def agreement_matrix(db: Database, actor: Actor, version_id: int) -> Matrix:
    """The matrix of a version, as ``actor`` may read it (the same for every reader)."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        require_read(session, version.document.negotiation, actor, "version")
        return _kept(db, session, version)


def matrix_page(
    db: Database, actor: Actor, version_id: int
) -> tuple[Matrix, dict[str, discussion.Count]]:
    """What the matrix page shows: :func:`agreement_matrix` and, per provision, the threads
    ``actor`` may read (:func:`discussion.thread_counts`), in one transaction that asks
    once whether ``actor`` takes part (the page had made two, each asking)."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        negotiation = version.document.negotiation
        takes_part = is_participant(session, negotiation, actor)
        if not takes_part and negotiation.visibility != Visibility.PUBLIC:
            raise missing("version")  # as require_read says it
        grid = _kept(db, session, version)
        return grid, discussion.counts_on(session, actor, version) if takes_part else {}


def _kept(db: Database, session: Session, version: VersionRow) -> Matrix:
    """The version's matrix, as kept for the record's current state, or built now."""
    built = _built.get(db) or _built.setdefault(db, StateCache(KEPT))
    state = stored_record.last_leaf(session)
    found = built.get(version.id, state)
    if found is None:
        found = _build(session, version)
        # Under READ COMMITTED (PostgreSQL) the reads above may straddle a commit; keep
        # the matrix only if no entry was appended while it was being read.
        if stored_record.last_leaf(session) == state:
            built.put(version.id, state, found)
    return found


def _build(session: Session, version: VersionRow) -> Matrix:
    neg = version.document.negotiation
    asked = _asked(session, version)
    parties = [p for p in neg.parties if p.id in asked] or [
        p for p in neg.parties if p.id != version.tabled_by_party_id
    ]
    answers = _answers(session, version, parties)
    names = [p.name for p in parties]
    columns: list[Column] = [
        (name, found[2], found[1], found[3])
        if (found := answers.get(name))
        else (name, None, False, [])
        for name in names
    ]
    provisions = queries.provisions_of(session, version.id)
    rows = tuple(_row(p, columns) for p in provisions if p.answerable)
    return Matrix(
        negotiation=neg.slug,
        version_id=version.id,
        version_label=version.label,
        title=version.title,
        parties=tuple(names),
        rows=rows,
        responses=MappingProxyType({name: a[0] for name, a in answers.items()}),
    )


State = tuple[int, bytes] | None  # the record's last leaf (storage.record.last_leaf)
KEPT = 64  # versions whose matrix each process keeps, per database (100 x 10: about 0.4 MB)
_built: weakref.WeakKeyDictionary[Database, StateCache[int, State, Matrix]] = (
    weakref.WeakKeyDictionary()
)


# The matrix shows every position of every party (1,000 for 100 provisions and ten parties).
# It reads them, and the provisions, as plain column tuples, one query each
# (queries.positions_of, provisions_of): loading ORM objects, two lazy loads per party, made
# building the 100 x 10 matrix cost about 25 ms of CPU instead of 8 (docs/benchmarks.md).

Answer = tuple[int, bool, dict[str, Position], list[Position]]  # id, interim, by key, additions


def _asked(session: Session, version: VersionRow) -> set[int]:
    """The ids of the parties any request for the version asked to answer."""
    query = select(RequestPartyRow.party_id).join(RequestRow)
    return set(session.scalars(query.where(RequestRow.version_id == version.id)))


def _answers(session: Session, version: VersionRow, parties: list[PartyRow]) -> dict[str, Answer]:
    """Each party's current submitted response (the latest: submitting again supersedes)."""
    names = {p.id: p.name for p in parties}
    latest: dict[int, tuple[int, ResponseKind]] = {}
    sent = select(ResponseRow.id, ResponseRow.party_id, ResponseRow.kind).where(
        ResponseRow.version_id == version.id, ResponseRow.status == ResponseStatus.SUBMITTED
    )
    for response_id, party_id, kind in session.execute(sent.order_by(ResponseRow.id)):
        if party_id in names:
            latest[party_id] = (response_id, kind)
    positions = queries.positions_of(session, [response_id for response_id, _ in latest.values()])
    answers: dict[str, Answer] = {}
    for party_id, (response_id, kind) in latest.items():
        given = positions.get(response_id, [])
        by_key = {p.provision: p for p in given if p.kind is not PositionKind.ADD}
        adds = [p for p in given if p.kind is PositionKind.ADD]
        answers[names[party_id]] = (response_id, kind is ResponseKind.INTERIM, by_key, adds)
    return answers


Column = tuple[str, dict[str, Position] | None, bool, list[Position]]  # name, by key, ...


def _row(provision: Provision, columns: list[Column]) -> Row:
    key = provision.key
    cells = [
        Cell(name, by_key.get(key) if by_key else None, interim)
        for name, by_key, interim, _ in columns
    ]
    additions = tuple((name, a) for name, _, _, adds in columns for a in adds if a.after == key)
    return Row(provision, tuple(cells), _state(cells), additions)


DISAGREE = frozenset(k for k in PositionKind if k.disagrees)


def _state(cells: list[Cell]) -> ProvisionState:
    kinds = {c.position.kind if c.position else None for c in cells}
    if kinds & DISAGREE:
        return ProvisionState.OPEN
    if not kinds or None in kinds:
        return ProvisionState.UNANSWERED
    if PositionKind.ACCEPT_WITH_EXCEPTION in kinds:
        return ProvisionState.AGREED_WITH_EXCEPTIONS
    return ProvisionState.AGREED
