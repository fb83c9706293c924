"""The agreement matrix: provisions by parties, each cell a party's submitted position.

Only submitted (current, not superseded) responses count: drafts are private to their party.
A provision is ``agreed`` when every party asked accepted it, ``agreed_with_exceptions`` when
all accepted but some with an exception, ``open`` when any party would amend, reject or
delete it, and ``unanswered`` otherwise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.documents import Provision
from inwriting.domain.responses import Position, PositionKind
from inwriting.services.actors import Actor, require_read
from inwriting.storage import queries
from inwriting.storage.conversions import draft_from_row, provision_from_row
from inwriting.storage.engine import Database
from inwriting.storage.models import RequestRow, VersionRow


@dataclass(frozen=True)
class Cell:
    party: str
    position: Position | None  # None: not answered
    interim: bool


@dataclass(frozen=True)
class Row:
    provision: Provision
    cells: tuple[Cell, ...]
    state: str  # agreed | agreed_with_exceptions | open | unanswered
    additions: tuple[tuple[str, Position], ...]  # (party, add position) proposed after it


@dataclass(frozen=True)
class Matrix:
    negotiation: str
    version_id: int
    version_label: str
    title: str
    parties: tuple[str, ...]  # the parties asked (or all but the tabling party)
    rows: tuple[Row, ...]
    responses: dict[str, int]  # party -> response id shown

    def counts(self) -> dict[str, int]:
        return dict(Counter(r.state for r in self.rows))

    def party_counts(self, party: str) -> dict[str, int]:
        kinds = Counter(
            (c.position.kind.value if c.position else "unanswered")
            for r in self.rows
            for c in r.cells
            if c.party == party
        )
        return dict(kinds)


def agreement_matrix(db: Database, actor: Actor, version_id: int) -> Matrix:
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        neg = version.document.negotiation
        require_read(session, neg, actor)
        asked = {a.party.name for r in _requests(session, version) for a in r.asked}
        parties = [p for p in neg.parties if p.name in asked] or [
            p for p in neg.parties if p.id != version.tabled_by_party_id
        ]
        answers: dict[str, tuple[int, bool, dict[str, Position], list[Position]]] = {}
        for party in parties:
            sent = [
                r for r in queries.responses_of(session, version, party) if r.status == "submitted"
            ]
            if sent:
                draft = draft_from_row(sent[-1])
                by_key = {p.provision: p for p in draft.positions if p.kind is not PositionKind.ADD}
                adds = [p for p in draft.positions if p.kind is PositionKind.ADD]
                answers[party.name] = (sent[-1].id, sent[-1].kind == "interim", by_key, adds)
        provisions = [provision_from_row(p) for p in version.provisions]
        rows = tuple(
            _row(p, [x.name for x in parties], answers) for p in provisions if p.answerable
        )
        return Matrix(
            negotiation=neg.slug,
            version_id=version.id,
            version_label=version.label,
            title=version.title,
            parties=tuple(p.name for p in parties),
            rows=rows,
            responses={name: a[0] for name, a in answers.items()},
        )


def _requests(session: Session, version: VersionRow) -> list[RequestRow]:
    return list(session.scalars(select(RequestRow).where(RequestRow.version_id == version.id)))


def _row(
    provision: Provision,
    parties: list[str],
    answers: dict[str, tuple[int, bool, dict[str, Position], list[Position]]],
) -> Row:
    cells = []
    additions = []
    for name in parties:
        found = answers.get(name)
        cells.append(
            Cell(name, found[2].get(provision.key) if found else None, bool(found and found[1]))
        )
        if found:
            additions += [(name, a) for a in found[3] if a.after == provision.key]
    return Row(provision, tuple(cells), _state(cells), tuple(additions))


def _state(cells: list[Cell]) -> str:
    kinds = [c.position.kind if c.position else None for c in cells]
    if any(k is not None and k.disagrees for k in kinds):
        return "open"
    if not kinds or any(k is None for k in kinds):
        return "unanswered"
    if any(k is PositionKind.ACCEPT_WITH_EXCEPTION for k in kinds):
        return "agreed_with_exceptions"
    return "agreed"
