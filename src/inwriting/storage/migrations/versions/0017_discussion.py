"""discussion: threads on provisions, their messages and the members they mention

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-10 10:00:00.000000

Messages are searched like the tables of migration 0008: on SQLite an FTS5 table with
external content kept in step by triggers, on PostgreSQL a GIN index over the very
``to_tsvector('simple', ...)`` expression ``storage/search.py`` queries.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import inwriting.storage.models

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# table -> the columns searched, as in migration 0008 (``storage/search.py`` holds both).
SEARCHED = {"discussion_messages": ("body",)}


def upgrade() -> None:
    op.create_table(
        "discussion_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("provision_key", sa.String(length=120), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("visibility", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("resolved_by_user_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", inwriting.storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_discussion_threads_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_discussion_threads_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_discussion_threads_negotiation_id_negotiations"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_discussion_threads_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_user_id"],
            ["users.id"],
            name=op.f("fk_discussion_threads_resolved_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_discussion_threads_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussion_threads")),
    )
    for column in ("negotiation_id", "document_id", "party_id"):
        op.create_index(
            op.f(f"ix_discussion_threads_{column}"), "discussion_threads", [column], unique=False
        )
    op.create_table(
        "discussion_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("author_user_id", sa.Integer(), nullable=True),
        sa.Column("party_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_user_id"],
            ["users.id"],
            name=op.f("fk_discussion_messages_author_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_discussion_messages_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["discussion_threads.id"],
            name=op.f("fk_discussion_messages_thread_id_discussion_threads"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discussion_messages")),
    )
    op.create_index(
        op.f("ix_discussion_messages_thread_id"), "discussion_messages", ["thread_id"], unique=False
    )
    op.create_table(
        "discussion_mentions",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["discussion_messages.id"],
            name=op.f("fk_discussion_mentions_message_id_discussion_messages"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_discussion_mentions_user_id_users")
        ),
        sa.PrimaryKeyConstraint("message_id", "user_id", name=op.f("pk_discussion_mentions")),
    )
    op.create_index(
        op.f("ix_discussion_mentions_user_id"), "discussion_mentions", ["user_id"], unique=False
    )
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
    op.drop_index(op.f("ix_discussion_mentions_user_id"), table_name="discussion_mentions")
    op.drop_table("discussion_mentions")
    op.drop_index(op.f("ix_discussion_messages_thread_id"), table_name="discussion_messages")
    op.drop_table("discussion_messages")
    for column in ("negotiation_id", "document_id", "party_id"):
        op.drop_index(op.f(f"ix_discussion_threads_{column}"), table_name="discussion_threads")
    op.drop_table("discussion_threads")


def tsvector(table: str, columns: tuple[str, ...]) -> str:
    """The indexed expression; ``storage/search.py`` must query exactly this text."""
    joined = " || ' ' || ".join(f"{table}.{c}" for c in columns)
    return f"to_tsvector('simple'::regconfig, {joined})"


def _fts5(table: str, columns: tuple[str, ...]) -> list[str]:
    """As in migration 0008 (kept apart so neither migration depends on the other's code)."""
    fts = f"search_{table}"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    # Names are this file's constants, never input.
    insert = f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new});"  # noqa: S608
    delete = f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old});"  # noqa: S608
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {names} ON {table} BEGIN {delete} {insert} END",
    ]
