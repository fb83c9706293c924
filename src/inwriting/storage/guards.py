"""Refuse, at flush time, any ORM change to what has been put in writing.

Tabled versions and their provisions, requests, commitments (but for their current status)
and their histories, and the record's entries, nodes and checkpoints are never updated or
deleted. A submitted response and
its positions are never changed either; the one allowed change is its ``status`` moving from
``submitted`` to ``superseded`` when a newer response that names it is submitted.

This guards against mistakes in our own code. Changes made outside the ORM are detected by
the content digests (``inwriting db check``) and, once the record exists, proven by it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from inwriting.errors import ImmutableRecord
from inwriting.storage.models import (
    AdoptionRow,
    CheckpointRow,
    CommitmentPromiseeRow,
    CommitmentRow,
    PositionRow,
    ProvisionRow,
    RecordEntryRow,
    RecordNodeRow,
    RequestPartyRow,
    RequestRow,
    ResponseRow,
    StatusChangeRow,
    VersionRow,
)

_SENT = ("submitted", "superseded")


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for row in list(session.dirty) + list(session.deleted):
        deleting = row in session.deleted
        if isinstance(row, VersionRow | ProvisionRow):
            if deleting or session.is_modified(row, include_collections=False):
                raise ImmutableRecord("a tabled version can never be changed or deleted")
        elif isinstance(row, RequestRow | RequestPartyRow | AdoptionRow):
            if deleting or session.is_modified(row, include_collections=False):
                raise ImmutableRecord("a request or a derivation can never be changed or deleted")
        elif isinstance(row, RecordEntryRow | RecordNodeRow | CheckpointRow):
            raise ImmutableRecord("the record is append-only")
        elif isinstance(row, StatusChangeRow | CommitmentPromiseeRow):
            raise ImmutableRecord("a commitment's history is never changed or deleted")
        elif isinstance(row, CommitmentRow):
            _check_commitment(row, deleting)
        elif isinstance(row, ResponseRow):
            _check_response(row, deleting)
        elif isinstance(row, PositionRow) and _was_sent(row.response):
            raise ImmutableRecord("a submitted response can never be changed")
    for row in session.new:
        if isinstance(row, PositionRow) and row.response is not None and _was_sent(row.response):
            raise ImmutableRecord("a submitted response can never be changed")


def _check_commitment(row: CommitmentRow, deleting: bool) -> None:
    """Only the current status may move (it mirrors the last status change)."""
    if deleting or _changed_columns(row) - {"status"}:
        raise ImmutableRecord("a commitment is never changed or deleted; record a status change")


def _changed_columns(row: object) -> set[str]:
    state = inspect(row)
    return {
        attr.key
        for attr in state.mapper.column_attrs
        if state.attrs[attr.key].history.has_changes()
    }


def _check_response(row: ResponseRow, deleting: bool) -> None:
    state = inspect(row)
    before = state.attrs.status.history.deleted
    old_status = before[0] if before else row.status
    if old_status not in _SENT:
        return
    if deleting:
        raise ImmutableRecord("a submitted response can never be deleted")
    if _changed_columns(row) - {"status", "updated_at"} or row.status not in _SENT:
        raise ImmutableRecord("a submitted response can never be changed")


def _was_sent(response: ResponseRow | None) -> bool:
    if response is None:
        return False
    history = inspect(response).attrs.status.history
    old = history.deleted[0] if history.deleted else response.status
    return old in _SENT
