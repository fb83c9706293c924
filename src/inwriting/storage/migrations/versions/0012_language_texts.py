"""language texts: a version's language, and its texts in other languages, per key

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 21:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import inwriting.storage.models

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=35), server_default="en", nullable=False)
        )
    op.create_table(
        "language_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("added_by_party_id", sa.Integer(), nullable=False),
        sa.Column("added_by_user_id", sa.Integer(), nullable=False),
        sa.Column("source_name", sa.String(length=300), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by_party_id"],
            ["parties.id"],
            name=op.f("fk_language_texts_added_by_party_id_parties"),
        ),
        sa.ForeignKeyConstraint(
            ["added_by_user_id"],
            ["users.id"],
            name=op.f("fk_language_texts_added_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_language_texts_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_language_texts")),
        sa.UniqueConstraint(
            "version_id", "language", name=op.f("uq_language_texts_version_id_language")
        ),
    )
    with op.batch_alter_table("language_texts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_language_texts_version_id"), ["version_id"], unique=False
        )
    op.create_table(
        "language_provisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("language_text_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["language_text_id"],
            ["language_texts.id"],
            name=op.f("fk_language_provisions_language_text_id_language_texts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_language_provisions")),
        sa.UniqueConstraint(
            "language_text_id", "key", name=op.f("uq_language_provisions_language_text_id_key")
        ),
        sa.UniqueConstraint(
            "language_text_id",
            "ordinal",
            name=op.f("uq_language_provisions_language_text_id_ordinal"),
        ),
    )
    with op.batch_alter_table("language_provisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_language_provisions_language_text_id"),
            ["language_text_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("language_provisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_language_provisions_language_text_id"))
    op.drop_table("language_provisions")
    with op.batch_alter_table("language_texts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_language_texts_version_id"))
    op.drop_table("language_texts")
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_column("language")
