"""provision notes: the footnotes a provision cites, kept beside its text

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 22:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A JSON array of the notes' texts; every provision tabled before had none.
    op.add_column("provisions", sa.Column("notes", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    # Natively, never by SQLite's batch copy-and-move, which drops the provisions' search
    # triggers (migration 0008).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE provisions DROP COLUMN notes")  # SQLite 3.35+
    else:
        op.drop_column("provisions", "notes")
