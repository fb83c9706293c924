"""answer levels: each version stores what parties answer one by one; uploads wait for
the import preview's confirmation in held_uploads

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 22:10:00.000000

A version tabled before has the level its provisions show: by section where an ARTICLE
groups Sections (the parser keys such a group ``article-1``), else by article (no version was
cut by paragraph before this revision).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import inwriting.storage.models

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "answer_level", sa.String(length=16), server_default="article", nullable=False
            )
        )
    op.execute(
        sa.text(
            "UPDATE versions SET answer_level = 'section' WHERE id IN ("
            "SELECT version_id FROM provisions WHERE kind = 'group' "
            "AND (key = 'article' OR key LIKE 'article-%' "
            "OR key LIKE '%.article' OR key LIKE '%.article-%'))"
        )
    )

    op.create_table(
        "held_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("held_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_held_uploads_negotiation_id_negotiations"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_held_uploads_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_uploads")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_held_uploads_token_sha256")),
    )
    with op.batch_alter_table("held_uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_held_uploads_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("held_uploads")
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_column("answer_level")
