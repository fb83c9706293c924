"""Refuse, at flush time, any ORM change to what has been put in writing.

Tabled versions and their provisions, requests, commitments (but for their current status)
and their histories, clearances (but for being withdrawn, once), and the record's entries,
nodes and checkpoints are never updated or deleted. A submitted response and
its positions are never changed either; the one allowed change is its ``status`` moving from
``submitted`` to ``superseded`` when a newer response that names it is submitted.

This guards against mistakes in our own code. Changes made outside the ORM are detected by
the content digests (``inwriting db check``) and, once the record exists, proven by it.

:func:`refuse_nul` guards every statement sent to either engine: PostgreSQL can never store a
NUL character in text (psycopg refuses the whole statement), so a NUL from any input — a
JSON field, a form, a path, a file, a command-line argument — is refused as bad input before
it reaches the driver, on SQLite too, so both engines answer alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.engine.interfaces import ExecutionContext
from sqlalchemy.orm import Session, sessionmaker

from inwriting.domain.responses import SENT
from inwriting.errors import ImmutableRecord, Problem, ValidationError
from inwriting.storage.models import (
    AdoptionRow,
    CheckpointRow,
    ClearanceRow,
    CommitmentPromiseeRow,
    CommitmentRow,
    LanguageProvisionRow,
    LanguageTextRow,
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

_BIND_SUFFIX = re.compile(r"(_+\d+)+$")  # "slug_1", "reason__0": SQLAlchemy's bind names


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for row in list(session.dirty) + list(session.deleted):
        deleting = row in session.deleted
        if isinstance(row, VersionRow | ProvisionRow | LanguageTextRow | LanguageProvisionRow):
            if deleting or session.is_modified(row, include_collections=False):
                raise ImmutableRecord("a tabled version can never be changed or deleted")
        elif isinstance(row, RequestRow | RequestPartyRow | AdoptionRow):
            if deleting or session.is_modified(row, include_collections=False):
                raise ImmutableRecord("a request or a derivation can never be changed or deleted")
        elif isinstance(row, CheckpointRow) and not deleting:
            _check_checkpoint(session, row)
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
        elif isinstance(row, ClearanceRow):
            _check_clearance(row, deleting)
    for row in session.new:
        if isinstance(row, PositionRow) and row.response is not None and _was_sent(row.response):
            raise ImmutableRecord("a submitted response can never be changed")


def _check_checkpoint(session: Session, row: CheckpointRow) -> None:
    """A checkpoint's note may only grow by signature lines appended to it (witnesses'
    cosignatures); its size, root, time and everything already signed stay as they are."""
    state = inspect(row)
    changed = {a.key for a in state.attrs if a.history.has_changes()}
    if not session.is_modified(row, include_collections=False):
        return
    history = state.attrs.note.history
    old = history.deleted[0] if history.deleted else None
    if changed != {"note"} or old is None or not row.note.startswith(old):
        raise ImmutableRecord("a checkpoint only ever gains signature lines")


def _check_clearance(row: ClearanceRow, deleting: bool) -> None:
    """A clearance given is recorded; the one change it may undergo is being withdrawn by an
    edit, once."""
    changed = _changed_columns(row)
    withdrawn = inspect(row).attrs.withdrawn_at.history.deleted
    if deleting or changed - {"withdrawn_at", "withdrawn_by_user_id"} or any(withdrawn):
        raise ImmutableRecord("a clearance is never changed or deleted, only withdrawn once")


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
    if old_status not in SENT:
        return
    if deleting:
        raise ImmutableRecord("a submitted response can never be deleted")
    if _changed_columns(row) - {"status", "updated_at"} or row.status not in SENT:
        raise ImmutableRecord("a submitted response can never be changed")


def _was_sent(response: ResponseRow | None) -> bool:
    if response is None:
        return False
    history = inspect(response).attrs.status.history
    old = history.deleted[0] if history.deleted else response.status
    return old in SENT


def refuse_nul(
    _conn: Any,
    _cursor: Any,
    _statement: str,
    parameters: Any,
    context: ExecutionContext | None,
    executemany: bool,
) -> None:
    """``before_cursor_execute``: refuse a statement binding text with a NUL character,
    naming the column or condition it was meant for where SQLAlchemy knows it."""
    if not any(_has_nul(value) for value in _values(parameters, executemany)):
        return
    field = _field_with_nul(context)
    raise ValidationError(
        f"{field or 'a text'} contains a NUL character, which text can never hold",
        [Problem("text cannot contain a NUL character", field=field, code="nul_character")],
    )


def _values(parameters: Any, executemany: bool) -> Iterator[object]:
    """Every bound value: of one row (a mapping or a sequence), or of each row."""
    for row in parameters if executemany else (parameters,):
        if isinstance(row, Mapping):
            yield from row.values()
        elif isinstance(row, list | tuple):
            yield from row


def _has_nul(value: object) -> bool:
    return isinstance(value, str) and "\x00" in value


def _field_with_nul(context: ExecutionContext | None) -> str:
    for params in getattr(context, "compiled_parameters", None) or ():
        for name, value in params.items():
            if _has_nul(value):
                return _BIND_SUFFIX.sub("", name)
    return ""
