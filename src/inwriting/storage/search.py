"""Full-text matching of provisions, positions, commitments and discussion messages, one
clause per engine.

The indexes are made by migrations 0008 and 0017 only (FTS5 tables and triggers on SQLite, GIN
expression indexes on PostgreSQL); :data:`SEARCHED` and :func:`tsvector` must stay the
same as there (a test compares them), or PostgreSQL would scan instead of using its index.
Words come in already reduced to letters and digits (``domain.search.terms``) and always as
bound parameters.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, bindparam, literal_column, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from inwriting.domain.search import fts5_query

SEARCHED = {
    "provisions": ("heading", "text"),
    "positions": ("text", "reason", "exception"),
    "commitments": ("text", "source_quote"),
    "discussion_messages": ("body",),  # migration 0017
}


def tsvector(table: str, columns: tuple[str, ...]) -> str:
    joined = " || ' ' || ".join(f"{table}.{c}" for c in columns)
    return f"to_tsvector('simple'::regconfig, {joined})"


def matching(
    session: Session, table: str, id_column: InstrumentedAttribute[int], words: tuple[str, ...]
) -> ColumnElement[bool] | TextClause:
    """A condition true for the rows of ``table`` that contain every one of ``words``."""
    if session.get_bind().dialect.name == "sqlite":
        fts = f"search_{table}"
        found: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(text(fts))
            .where(
                text(f"{fts} MATCH :fts_query").bindparams(
                    bindparam("fts_query", fts5_query(words))
                )
            )
        )
        return id_column.in_(found)
    expression = (
        f"{tsvector(table, SEARCHED[table])} @@ plainto_tsquery('simple'::regconfig, :ts_query)"
    )
    return text(expression).bindparams(bindparam("ts_query", " ".join(words)))
