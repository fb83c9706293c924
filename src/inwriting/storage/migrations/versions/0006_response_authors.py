"""response authors: everyone who saved a draft, none of whom may approve it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "response_authors",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_response_authors_response_id_responses"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_response_authors_user_id_users")
        ),
        sa.PrimaryKeyConstraint("response_id", "user_id", name=op.f("pk_response_authors")),
    )
    # Until now only the last saver was kept: they are an author of each existing response.
    op.execute(
        "INSERT INTO response_authors (response_id, user_id) "
        "SELECT id, drafted_by_user_id FROM responses"
    )


def downgrade() -> None:
    op.drop_table("response_authors")
