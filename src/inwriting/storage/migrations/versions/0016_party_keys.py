"""party keys: members sign their party's acts with their own keys

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 21:45:00.000000

A member's Ed25519 verifier key is registered for their party (and may be revoked); a party
may require its acts to be signed; a record entry keeps the signature over the act it
records, and a response the signature over its approval.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import inwriting.storage.models

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "party_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("vkey", sa.Text(), nullable=False),
        sa.Column("registered_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("registered_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_party_keys_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_party_keys_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["registered_by_user_id"],
            ["users.id"],
            name=op.f("fk_party_keys_registered_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_keys")),
        sa.UniqueConstraint("party_id", "vkey", name=op.f("uq_party_keys_party_id_vkey")),
    )
    op.create_index(op.f("ix_party_keys_member_id"), "party_keys", ["member_id"])
    op.create_index(op.f("ix_party_keys_party_id"), "party_keys", ["party_id"])
    op.create_table(
        "party_key_revocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_key_id", sa.Integer(), nullable=False),
        sa.Column("revoked_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("revoked_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["party_key_id"],
            ["party_keys.id"],
            name=op.f("fk_party_key_revocations_party_key_id_party_keys"),
        ),
        sa.ForeignKeyConstraint(
            ["revoked_by_user_id"],
            ["users.id"],
            name=op.f("fk_party_key_revocations_revoked_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_key_revocations")),
        sa.UniqueConstraint("party_key_id", name=op.f("uq_party_key_revocations_party_key_id")),
    )
    op.create_table(
        "signature_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("set_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.Column("set_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_signature_policies_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["set_by_user_id"],
            ["users.id"],
            name=op.f("fk_signature_policies_set_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signature_policies")),
    )
    op.create_index(op.f("ix_signature_policies_party_id"), "signature_policies", ["party_id"])
    with op.batch_alter_table("record_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signature", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("party_key_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_record_entries_signature"), ["signature"])
        batch_op.create_foreign_key(
            batch_op.f("fk_record_entries_party_key_id_party_keys"),
            "party_keys",
            ["party_key_id"],
            ["id"],
        )
    op.create_table(
        "approval_signatures",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("party_key_id", sa.Integer(), nullable=False),
        sa.Column("signed_at", inwriting.storage.models.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_key_id"],
            ["party_keys.id"],
            name=op.f("fk_approval_signatures_party_key_id_party_keys"),
        ),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["responses.id"],
            name=op.f("fk_approval_signatures_response_id_responses"),
        ),
        sa.PrimaryKeyConstraint("response_id", name=op.f("pk_approval_signatures")),
        sa.UniqueConstraint("signature", name=op.f("uq_approval_signatures_signature")),
    )


def downgrade() -> None:
    op.drop_table("approval_signatures")
    with op.batch_alter_table("record_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_record_entries_party_key_id_party_keys"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_record_entries_signature"), type_="unique")
        batch_op.drop_column("party_key_id")
        batch_op.drop_column("signature")
    op.drop_index(op.f("ix_signature_policies_party_id"), table_name="signature_policies")
    op.drop_table("signature_policies")
    op.drop_table("party_key_revocations")
    op.drop_index(op.f("ix_party_keys_party_id"), table_name="party_keys")
    op.drop_index(op.f("ix_party_keys_member_id"), table_name="party_keys")
    op.drop_table("party_keys")
