"""clearance: parties' clearance chains, pending version drafts and the clearances given

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 21:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import inwriting.storage.models

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clearance_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=True),
        sa.Column("required", sa.Integer(), nullable=False),
        sa.Column("created_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_clearance_steps_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearance_steps")),
        sa.UniqueConstraint(
            "party_id", "ordinal", name=op.f("uq_clearance_steps_party_id_ordinal")
        ),
    )
    op.create_index(
        op.f("ix_clearance_steps_party_id"), "clearance_steps", ["party_id"], unique=False
    )
    op.create_table(
        "clearance_step_members",
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["clearance_steps.id"],
            name=op.f("fk_clearance_step_members_step_id_clearance_steps"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_clearance_step_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("step_id", "user_id", name=op.f("pk_clearance_step_members")),
    )
    op.create_table(
        "version_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("baseline_id", sa.Integer(), nullable=True),
        sa.Column("derived", sa.Boolean(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("source_name", sa.String(length=300), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=False),
        sa.Column("provisions", sa.Text(), nullable=False),
        sa.Column("adoptions", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by_user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("updated_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_version_drafts_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_version_drafts_document_id_documents")
        ),
        sa.ForeignKeyConstraint(
            ["baseline_id"], ["versions.id"], name=op.f("fk_version_drafts_baseline_id_versions")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_version_drafts_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_version_drafts_version_id_versions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version_drafts")),
    )
    op.create_index(
        op.f("ix_version_drafts_party_id"), "version_drafts", ["party_id"], unique=False
    )
    op.create_table(
        "version_draft_authors",
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["version_drafts.id"],
            name=op.f("fk_version_draft_authors_draft_id_version_drafts"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_version_draft_authors_user_id_users")
        ),
        sa.PrimaryKeyConstraint("draft_id", "user_id", name=op.f("pk_version_draft_authors")),
    )
    op.create_table(
        "clearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("version_draft_id", sa.Integer(), nullable=True),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("step_name", sa.String(length=100), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("clearer_salt", sa.LargeBinary(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("cleared_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", inwriting.storage.models.UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_clearances_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["response_id"], ["responses.id"], name=op.f("fk_clearances_response_id_responses")
        ),
        sa.ForeignKeyConstraint(
            ["version_draft_id"],
            ["version_drafts.id"],
            name=op.f("fk_clearances_version_draft_id_version_drafts"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_clearances_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["withdrawn_by_user_id"],
            ["users.id"],
            name=op.f("fk_clearances_withdrawn_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearances")),
    )
    op.create_index(op.f("ix_clearances_party_id"), "clearances", ["party_id"], unique=False)
    op.create_index(op.f("ix_clearances_response_id"), "clearances", ["response_id"], unique=False)
    op.create_index(
        op.f("ix_clearances_version_draft_id"), "clearances", ["version_draft_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_clearances_version_draft_id"), table_name="clearances")
    op.drop_index(op.f("ix_clearances_response_id"), table_name="clearances")
    op.drop_index(op.f("ix_clearances_party_id"), table_name="clearances")
    op.drop_table("clearances")
    op.drop_table("version_draft_authors")
    op.drop_index(op.f("ix_version_drafts_party_id"), table_name="version_drafts")
    op.drop_table("version_drafts")
    op.drop_table("clearance_step_members")
    op.drop_index(op.f("ix_clearance_steps_party_id"), table_name="clearance_steps")
    op.drop_table("clearance_steps")
