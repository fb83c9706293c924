"""position wordings: a proposed text in each of the version's other languages

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-08 01:00:00.000000

The column is added and dropped natively, never by SQLite's batch copy-and-move, which would
drop the positions' search triggers (migration 0008). The wordings are not searched.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A JSON object, language tag -> wording; every position written before had none.
    op.add_column(
        "positions", sa.Column("wordings", sa.Text(), nullable=False, server_default="{}")
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE positions DROP COLUMN wordings")  # SQLite 3.35+
    else:
        op.drop_column("positions", "wordings")
