"""Personal data encrypted at rest: the insured's name and ID number, the claim report, field values and
corrections, decisions (their JSON and reasons), the extraction cache, reviewer-action and audit details are
sealed with the data keyring (storage.crypto); claims get ``insured_id_hash`` (a keyed hash) for lookups by ID
number. Existing rows are encrypted here; the downgrade opens them again.

Self-contained, like 0001: no import of storage.database.tables (storage.crypto holds the keys).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from storage.crypto import keyring

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table → (key column, the columns sealed)
SEALED = {
    "claims": ("claim_id", ("insured_name", "insured_id_number", "report")),
    "fields": ("id", ("value", "corrected_value")),
    "decisions": ("id", ("reasons", "decision_json")),
    "reviewer_actions": ("id", ("detail",)),
    "audit_log": ("id", ("detail",)),
    "processed_photos": (("sha256", "pipeline_version"), ("document_json",)),
}
WAS_JSON = {("claims", "report"), ("decisions", "reasons"), ("reviewer_actions", "detail"), ("audit_log", "detail")}


def _rewrite(table: str, change: Callable[[str], str]) -> None:
    """Apply ``change`` to every non-null sealed value of ``table``, row by row."""
    key, columns = SEALED[table]
    keys = key if isinstance(key, tuple) else (key,)
    bind = op.get_bind()
    rows = bind.execute(sa.text(f"SELECT {', '.join(keys + columns)} FROM {table}")).fetchall()
    for row in rows:
        values = dict(zip(keys + columns, row))
        new = {c: change(v if isinstance(v, str) else _json_text(v)) for c in columns if (v := values[c]) is not None}
        if new:
            where = " AND ".join(f"{k} = :k_{k}" for k in keys)
            sets = ", ".join(f"{c} = :{c}" for c in new)
            bind.execute(sa.text(f"UPDATE {table} SET {sets} WHERE {where}"),
                         {**new, **{f"k_{k}": values[k] for k in keys}})


def _json_text(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("insured_id_hash", sa.String(length=64), nullable=True))
        batch.drop_index("ix_claims_insured_id_number")
        batch.alter_column("insured_name", type_=sa.Text(), existing_type=sa.String(length=64))
        batch.alter_column("insured_id_number", type_=sa.Text(), existing_type=sa.String(length=18))
        batch.alter_column("report", type_=sa.Text(), existing_type=sa.JSON(), postgresql_using="report::text")
    for table, column in WAS_JSON - {("claims", "report")}:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.Text(), existing_type=sa.JSON(),
                               postgresql_using=f"{column}::text")
    ring = keyring()
    bind = op.get_bind()
    for claim_id, id_number in bind.execute(sa.text("SELECT claim_id, insured_id_number FROM claims")).fetchall():
        plain = ring.decrypt_text(id_number)
        bind.execute(sa.text("UPDATE claims SET insured_id_hash = :h WHERE claim_id = :c"),
                     {"h": ring.blind_index(plain.upper()), "c": claim_id})
    for table in SEALED:
        _rewrite(table, lambda v: v if ring.sealed_with(v) else ring.encrypt_text(v))
    with op.batch_alter_table("claims") as batch:
        batch.alter_column("insured_id_hash", nullable=False, existing_type=sa.String(length=64))
        batch.create_index("ix_claims_insured_id_hash", ["insured_id_hash"])


def downgrade() -> None:
    ring = keyring()
    for table in SEALED:
        _rewrite(table, ring.decrypt_text)
    for table, column in WAS_JSON - {("claims", "report")}:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.JSON(), existing_type=sa.Text(), postgresql_using=f"{column}::json")
    with op.batch_alter_table("claims") as batch:
        batch.drop_index("ix_claims_insured_id_hash")
        batch.drop_column("insured_id_hash")
        batch.alter_column("report", type_=sa.JSON(), existing_type=sa.Text(), postgresql_using="report::json")
        batch.alter_column("insured_id_number", type_=sa.String(length=18), existing_type=sa.Text())
        batch.alter_column("insured_name", type_=sa.String(length=64), existing_type=sa.Text())
        batch.create_index("ix_claims_insured_id_number", ["insured_id_number"])
