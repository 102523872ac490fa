"""Reprocess requests' progress in a table of their own (the audit log is for people, not for resuming): one row
per (request, claim) decided again, written with the decision.

Self-contained, like 0001: no import of storage.database.tables.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reprocessed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.claim_id"], name=op.f("fk_reprocessed_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reprocessed")),
        sa.UniqueConstraint("request", "claim_id", name=op.f("uq_reprocessed_request_claim_id")),
    )
    op.create_index(op.f("ix_reprocessed_request"), "reprocessed", ["request"])
    # requests recorded in the audit log before this table keep their progress
    op.execute("INSERT INTO reprocessed (request, claim_id, created_at) SELECT action, claim_id, "
               "MIN(created_at) FROM audit_log WHERE action LIKE 'reprocessed:%' AND claim_id IS NOT NULL "
               "GROUP BY action, claim_id")


def downgrade() -> None:
    op.drop_index(op.f("ix_reprocessed_request"), table_name="reprocessed")
    op.drop_table("reprocessed")
