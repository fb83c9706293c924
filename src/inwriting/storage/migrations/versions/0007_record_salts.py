"""record salts: entry format 2 commits to each subject under a random salt

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 19:20:00.000000

Existing entries keep format 1 (their salt stays NULL) and verify as before: a published
entry never changes meaning.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("salt", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("record_entries", schema=None) as batch_op:
        batch_op.drop_column("salt")
