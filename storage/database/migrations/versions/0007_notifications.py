"""Notifications: the outbox of notices owed to claimants (progress, documents, decision), one per (claim, kind,
day); recipient and text sealed.

Self-contained, like 0001: no import of storage.database.tables.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint("kind IN ('progress', 'documents', 'decision')", name=op.f("ck_notifications_kind")),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.claim_id"], name=op.f("fk_notifications_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("claim_id", "kind", "due_on", name=op.f("uq_notifications_claim_id_kind_due_on")),
    )
    op.create_index(op.f("ix_notifications_claim_id"), "notifications", ["claim_id"])
    op.create_index(op.f("ix_notifications_sent_at"), "notifications", ["sent_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_notifications_sent_at"), table_name="notifications")
    op.drop_index(op.f("ix_notifications_claim_id"), table_name="notifications")
    op.drop_table("notifications")
