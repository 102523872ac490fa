"""A claim missing documents gets a deadline of its own: the day by which the family is told everything that is
missing (the documents queue sorts and marks overdue by it, as the other queues do by their review deadline).

Self-contained, like 0001: no import of storage.database.tables.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("documents_due", sa.Date(), nullable=True))
        batch.create_index(batch.f("ix_claims_documents_due"), ["documents_due"])


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_index(batch.f("ix_claims_documents_due"))
        batch.drop_column("documents_due")
