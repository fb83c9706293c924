"""answer levels: each version stores what parties answer one by one

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 22:10:00.000000

A version tabled before has the level its provisions show: by section where an ARTICLE
groups Sections (the parser keys such a group ``article-1``), else by article (no version was
cut by paragraph before this revision).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
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


def downgrade() -> None:
    with op.batch_alter_table("versions", schema=None) as batch_op:
        batch_op.drop_column("answer_level")
