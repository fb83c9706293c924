"""Rows to domain values and back; the only place that knows both shapes."""

from __future__ import annotations

from collections.abc import Iterable

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseDraft, ResponseKind
from inwriting.storage.models import PositionRow, ProvisionRow, ResponseRow


def provision_from_row(row: ProvisionRow) -> Provision:
    return Provision(
        key=row.key,
        kind=ProvisionKind(row.kind),
        label=row.label,
        number=row.number,
        heading=row.heading,
        text=row.text,
        parent=row.parent_key,
    )


def provision_rows(provisions: Iterable[Provision]) -> list[ProvisionRow]:
    return [
        ProvisionRow(
            ordinal=i,
            key=p.key,
            kind=p.kind.value,
            label=p.label,
            number=p.number,
            heading=p.heading,
            text=p.text,
            parent_key=p.parent,
        )
        for i, p in enumerate(provisions)
    ]


def position_from_row(row: PositionRow) -> Position:
    return Position(
        kind=PositionKind(row.kind),
        provision=row.provision_key,
        after=row.after_key,
        text=row.text,
        reason=row.reason,
        exception=row.exception,
    )


def position_rows(positions: Iterable[Position]) -> list[PositionRow]:
    return [
        PositionRow(
            ordinal=i,
            kind=p.kind.value,
            provision_key=p.provision,
            after_key=p.after,
            text=p.text,
            reason=p.reason,
            exception=p.exception,
        )
        for i, p in enumerate(positions)
    ]


def draft_from_row(row: ResponseRow) -> ResponseDraft:
    return ResponseDraft(
        party=row.party.name,
        kind=ResponseKind(row.kind),
        cover_note=row.cover_note,
        positions=tuple(position_from_row(p) for p in row.positions),
    )
