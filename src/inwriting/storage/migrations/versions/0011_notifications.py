"""notifications: users' e-mail addresses, what they are told, how, and their last visit

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 21:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import inwriting.storage.models

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("email", sa.String(length=320), server_default="", nullable=False)
        )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=80), nullable=False),
        sa.Column("occasion", sa.String(length=120), nullable=False),
        sa.Column("negotiation_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("created_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("read_at", inwriting.storage.models.UTCDateTime(), nullable=True),
        sa.Column("mail_state", sa.String(length=16), nullable=False),
        sa.Column("mailed_at", inwriting.storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["negotiation_id"],
            ["negotiations.id"],
            name=op.f("fk_notifications_negotiation_id_negotiations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint(
            "user_id",
            "kind",
            "subject",
            "occasion",
            name=op.f("uq_notifications_user_id_kind_subject_occasion"),
        ),
    )
    op.create_index(op.f("ix_notifications_user_id"), "notifications", ["user_id"])
    op.create_index(op.f("ix_notifications_mail_state"), "notifications", ["mail_state"])
    op.create_table(
        "notification_preferences",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("delivery", sa.String(length=16), nullable=False),
        sa.Column("last_digest_at", inwriting.storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notification_preferences_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_notification_preferences")),
    )
    op.create_table(
        "visits",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("since", inwriting.storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_visits_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_visits")),
    )
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=80), nullable=False),
        sa.Column("expires_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )


def downgrade() -> None:
    op.drop_table("leases")
    op.drop_table("visits")
    op.drop_table("notification_preferences")
    op.drop_index(op.f("ix_notifications_mail_state"), table_name="notifications")
    op.drop_index(op.f("ix_notifications_user_id"), table_name="notifications")
    op.drop_table("notifications")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("email")
