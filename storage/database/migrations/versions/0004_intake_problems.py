"""Intake problems: claim folders the batch could not take in, each a case for a person.

Self-contained, like 0001: no import of storage.database.tables.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "intake_problems",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(length=255), nullable=False),
        sa.Column("queue", sa.String(length=32), nullable=False),
        sa.Column("object_key", sa.String(length=1024), nullable=False),
        sa.Column("field", sa.String(length=128), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("times_seen", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=64), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_problems")),
        sa.UniqueConstraint("folder", name=op.f("uq_intake_problems_folder")),
    )
    op.create_index(op.f("ix_intake_problems_queue"), "intake_problems", ["queue"])
    op.create_index(op.f("ix_intake_problems_resolved_at"), "intake_problems", ["resolved_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_intake_problems_resolved_at"), table_name="intake_problems")
    op.drop_index(op.f("ix_intake_problems_queue"), table_name="intake_problems")
    op.drop_table("intake_problems")
