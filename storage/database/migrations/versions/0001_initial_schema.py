"""Initial schema: claims, documents, fields, decisions, reviewer actions, audit log, users, payments and
the processed-photo cache.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

Self-contained on purpose (no import of storage.database.tables): a migration is a frozen picture of
the schema at its revision. Timestamps are DateTime(timezone=True); tables.UTCDateTime wraps that type.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ts(name: str, *, nullable: bool = False, now: bool = True) -> sa.Column:
    return sa.Column(
        name, sa.DateTime(timezone=True), nullable=nullable, server_default=sa.func.now() if now else None
    )


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_actor"), "audit_log", ["actor"])
    op.create_index(op.f("ix_audit_log_claim_id"), "audit_log", ["claim_id"])
    op.create_index("ix_audit_log_created_at", "audit_log", ["created_at"])

    op.create_table(
        "claims",
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("claim_type", sa.String(length=32), nullable=False),
        sa.Column("insured_name", sa.String(length=64), nullable=False),
        sa.Column("insured_id_number", sa.String(length=18), nullable=False),
        sa.Column("accident_date", sa.Date(), nullable=False),
        _ts("reported_at", now=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=24), server_default="received", nullable=False),
        sa.Column("queue", sa.String(length=32), nullable=True),
        sa.Column("assigned_reviewer", sa.String(length=64), nullable=True),
        sa.Column("review_due", sa.Date(), nullable=True),
        sa.Column("payment_due", sa.Date(), nullable=True),
        _ts("updated_at"),
        _ts("created_at"),
        sa.CheckConstraint(
            "status IN ('received', 'processing', 'decided', 'in_review', 'awaiting_documents', "
            "'approved', 'rejected', 'paid')",
            name=op.f("ck_claims_status"),
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claims")),
    )
    for column in ("assigned_reviewer", "claim_type", "insured_id_number", "payment_due", "queue", "review_due",
                   "status"):
        op.create_index(op.f(f"ix_claims_{column}"), "claims", [column])

    op.create_table(
        "processed_photos",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pipeline_version", sa.String(length=32), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("sha256", "pipeline_version", name=op.f("pk_processed_photos")),
    )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        _ts("created_at"),
        sa.CheckConstraint("role IN ('field_staff', 'reviewer', 'supervisor', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("route", sa.String(length=16), nullable=False),
        sa.Column("queues", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("payable_amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("allowance_days", sa.Integer(), nullable=True),
        sa.Column("policy_year", sa.Integer(), nullable=True),
        sa.Column("decision_json", sa.Text(), nullable=False),
        _ts("decided_at", now=False),
        sa.Column("pipeline_version", sa.String(length=32), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=True),
        sa.Column("is_current", sa.Boolean(), server_default=sa.true(), nullable=False),
        _ts("created_at"),
        sa.CheckConstraint("route IN ('fast_pay', 'manual_review')", name=op.f("ck_decisions_route")),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.claim_id"], name=op.f("fk_decisions_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(op.f("ix_decisions_claim_id"), "decisions", ["claim_id"])
    # At most one current decision per claim (partial unique index, SQLite and PostgreSQL alike).
    op.create_index(
        "uq_decisions_current_claim_id",
        "decisions",
        ["claim_id"],
        unique=True,
        sqlite_where=sa.text("is_current"),
        postgresql_where=sa.text("is_current"),
    )

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("object_key", sa.String(length=1024), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("phash", sa.String(length=64), nullable=True),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("quality_usable", sa.Boolean(), nullable=False),
        sa.Column("quality_issues", sa.JSON(), nullable=False),
        sa.Column("invoice_number", sa.String(length=64), nullable=True),
        sa.Column("pipeline_version", sa.String(length=32), nullable=False),
        _ts("updated_at"),
        _ts("created_at"),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.claim_id"], name=op.f("fk_documents_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("object_key", name=op.f("uq_documents_object_key")),
    )
    for column in ("claim_id", "invoice_number", "phash", "sha256"):
        op.create_index(op.f(f"ix_documents_{column}"), "documents", [column])

    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("batch_id", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        _ts("created_at"),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_payments_amount_not_negative")),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.claim_id"], name=op.f("fk_payments_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_payments_claim_id")),
    )
    op.create_index(op.f("ix_payments_batch_id"), "payments", ["batch_id"])

    op.create_table(
        "reviewer_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("reviewer", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _ts("created_at"),
        sa.CheckConstraint(
            "action IN ('approve', 'reject', 'request_documents', 'reassign', 'claim', 'correct_field')",
            name=op.f("ck_reviewer_actions_action"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.claim_id"], name=op.f("fk_reviewer_actions_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewer_actions")),
    )
    op.create_index(op.f("ix_reviewer_actions_claim_id"), "reviewer_actions", ["claim_id"])
    op.create_index(op.f("ix_reviewer_actions_reviewer"), "reviewer_actions", ["reviewer"])

    op.create_table(
        "fields",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("box", sa.JSON(), nullable=True),
        sa.Column("corrected_value", sa.Text(), nullable=True),
        sa.Column("corrected_by", sa.String(length=64), nullable=True),
        _ts("corrected_at", nullable=True, now=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_fields_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fields")),
        sa.UniqueConstraint("document_id", "name", name=op.f("uq_fields_document_id_name")),
    )


def downgrade() -> None:
    # Indexes go with their tables on both backends.
    for table in ("fields", "reviewer_actions", "payments", "documents", "decisions", "users", "processed_photos",
                  "claims", "audit_log"):
        op.drop_table(table)
