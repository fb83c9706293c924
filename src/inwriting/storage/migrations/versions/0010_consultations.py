"""consultations: a version out for public comment, its comments, their groups and batches;
sign-ups, for the pace at which one address may open accounts

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 22:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import inwriting.storage.models

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("created_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_ups")),
    )
    op.create_index(op.f("ix_sign_ups_client"), "sign_ups", ["client"], unique=False)
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("opened_by_user_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("closes_at", inwriting.storage.models.UTCDateTime(), nullable=True),
        sa.Column("closed_at", inwriting.storage.models.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["opened_by_user_id"],
            ["users.id"],
            name=op.f("fk_consultations_opened_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_consultations_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
        sa.UniqueConstraint("version_id", name=op.f("uq_consultations_version_id")),
    )
    op.create_table(
        "comment_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("provision_key", sa.String(length=120), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("published", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.Integer(), nullable=True),
        sa.Column("created_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_comment_groups_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_groups")),
    )
    op.create_index(
        "ix_comment_groups_provision",
        "comment_groups",
        ["version_id", "provision_key"],
        unique=False,
    )
    op.create_table(
        "comment_bands",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("provision_key", sa.String(length=120), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["comment_groups.id"],
            name=op.f("fk_comment_bands_group_id_comment_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_comment_bands_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_bands")),
    )
    op.create_index(op.f("ix_comment_bands_group_id"), "comment_bands", ["group_id"], unique=False)
    op.create_index(
        "ix_comment_bands_lookup",
        "comment_bands",
        ["version_id", "provision_key", "band", "hash"],
        unique=False,
    )
    op.create_table(
        "comment_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("published_by_user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["published_by_user_id"],
            ["users.id"],
            name=op.f("fk_comment_batches_published_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_comment_batches_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comment_batches")),
    )
    op.create_index(
        op.f("ix_comment_batches_version_id"), "comment_batches", ["version_id"], unique=False
    )
    op.create_table(
        "public_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("provision_key", sa.String(length=120), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("argument_sha256", sa.String(length=64), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("moderated_at", inwriting.storage.models.UTCDateTime(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["comment_batches.id"],
            name=op.f("fk_public_comments_batch_id_comment_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["comment_groups.id"],
            name=op.f("fk_public_comments_group_id_comment_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_public_comments_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_public_comments_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_comments")),
        sa.UniqueConstraint(
            "version_id",
            "provision_key",
            "user_id",
            name=op.f("uq_public_comments_version_id_provision_key_user_id"),
        ),
    )
    op.create_index(
        op.f("ix_public_comments_batch_id"), "public_comments", ["batch_id"], unique=False
    )
    op.create_index(
        "ix_public_comments_summary",
        "public_comments",
        ["version_id", "provision_key", "status", "group_id", "stance"],
        unique=False,
    )
    op.create_index(
        "ix_public_comments_argument",
        "public_comments",
        ["version_id", "provision_key", "argument_sha256"],
        unique=False,
    )
    op.create_index(
        "ix_public_comments_group", "public_comments", ["group_id", "status"], unique=False
    )
    op.create_index(
        "ix_public_comments_pace", "public_comments", ["user_id", "created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_table("public_comments")
    op.drop_table("comment_batches")
    op.drop_table("comment_bands")
    op.drop_table("comment_groups")
    op.drop_table("consultations")
    op.drop_table("sign_ups")
