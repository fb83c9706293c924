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
    with op.batch_alter_table("provisions") as batch:
        batch.drop_column("notes")
