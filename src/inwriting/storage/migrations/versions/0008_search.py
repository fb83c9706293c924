"""search: full-text indexes over provisions, positions and commitments

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 10:00:00.000000

SQLite: one FTS5 table per searched table, with external content (the text is stored once,
in the base table) and triggers that keep it in step *in the same transaction* as every
insert, update and delete of the base row, whichever code writes it. PostgreSQL: GIN
indexes over the very ``to_tsvector('simple', ...)`` expressions ``storage/search.py``
queries, so the base tables are searched directly and nothing can fall out of step.

Neither is in the models: the drift test leaves out the ``search_*`` names on purpose.
Caution for later migrations: SQLite's batch mode (copy and move) of ``provisions``,
``positions`` or ``commitments`` drops their triggers; such a migration must re-run
:func:`upgrade`'s statements for that table (and ``'rebuild'`` its index).
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# table -> the columns searched, in the order both engines index them.
SEARCHED = {
    "provisions": ("heading", "text"),
    "positions": ("text", "reason", "exception"),
    "commitments": ("text", "source_quote"),
}


def upgrade() -> None:
    for table, columns in SEARCHED.items():
        if op.get_bind().dialect.name == "sqlite":
            for statement in _fts5(table, columns):
                op.execute(statement)
        else:
            op.execute(
                f"CREATE INDEX ix_search_{table} ON {table} USING gin ({tsvector(table, columns)})"
            )


def downgrade() -> None:
    for table in SEARCHED:
        if op.get_bind().dialect.name == "sqlite":
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER search_{table}_{suffix}")
            op.execute(f"DROP TABLE search_{table}")
        else:
            op.execute(f"DROP INDEX ix_search_{table}")


def tsvector(table: str, columns: tuple[str, ...]) -> str:
    """The indexed expression; ``storage/search.py`` must query exactly this text."""
    joined = " || ' ' || ".join(f"{table}.{c}" for c in columns)
    return f"to_tsvector('simple'::regconfig, {joined})"


def _fts5(table: str, columns: tuple[str, ...]) -> list[str]:
    fts = f"search_{table}"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    # Names are this file's constants, never input.
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"  # noqa: S608
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"  # noqa: S608
    return [
        # No diacritics removed: PostgreSQL's 'simple' configuration keeps them too.
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END",
        # The rows written before this migration:
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",  # noqa: S608
    ]
