"""Web app: who filed a claim (``claims.created_by``), so field staff see only their own claims.

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-25
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("created_by", sa.String(length=64), nullable=True))
        batch.create_index(batch.f("ix_claims_created_by"), ["created_by"])


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_index(batch.f("ix_claims_created_by"))
        batch.drop_column("created_by")
