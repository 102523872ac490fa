"""Paper claims: a claim taken on a paper form while the system was down, entered afterwards, keeps the form's
number (unique: one form is entered once).

Self-contained, like 0001: no import of storage.database.tables.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("paper_form_number", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(batch.f("uq_claims_paper_form_number"), ["paper_form_number"])


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_constraint(batch.f("uq_claims_paper_form_number"), type_="unique")
        batch.drop_column("paper_form_number")
