"""The claim database's tables as typed SQLAlchemy 2 declarative models.

Portable types only (String, Text, JSON, Numeric, Date, timezone-aware DateTime) so the same schema runs
on SQLite and PostgreSQL. Every timestamp column is stored and returned in UTC (``UTCDateTime``).
Values that come from a closed set are plain strings checked by a CHECK constraint; the allowed
values are the StrEnums below. The migrations in ``migrations/versions`` must match this module
(tests/storage/test_database.py compares them).

JSON columns are not mutation-tracked: assign a new list/dict instead of changing one in place.
"""
from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from storage.crypto import keyring

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class ClaimStatus(StrEnum):
    """Where a claim is in its life; decided = routed fast_pay, in_review = waiting in a manual queue."""

    received = "received"
    processing = "processing"
    decided = "decided"
    in_review = "in_review"
    awaiting_documents = "awaiting_documents"
    approved = "approved"
    rejected = "rejected"
    paid = "paid"


class ReviewerActionKind(StrEnum):
    approve = "approve"
    reject = "reject"
    request_documents = "request_documents"
    reassign = "reassign"
    claim = "claim"
    correct_field = "correct_field"


class UserRole(StrEnum):
    field_staff = "field_staff"
    reviewer = "reviewer"
    supervisor = "supervisor"
    admin = "admin"


ROUTES = ("fast_pay", "manual_review")


def _in(column: str, values: Any) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """``DateTime(timezone=True)`` that refuses naive datetimes and always returns aware UTC values.

    SQLite keeps no offset, PostgreSQL returns the session's time zone; this makes both the same.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: claimflow stores timezone-aware times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class EncryptedText(TypeDecorator[str]):
    """Text sealed with the data keyring (storage.crypto) on the way in and opened on the way out; rows from
    before encryption read as they are. Never compared in SQL: look such values up by a keyed-hash column."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else keyring().encrypt_text(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else keyring().decrypt_text(value)


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON value stored as sealed text (see EncryptedText)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else keyring().encrypt_text(json.dumps(value, ensure_ascii=False))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(keyring().decrypt_text(value))


Money = Numeric(12, 2)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class _Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, server_default=func.now())


class ClaimRow(_Timestamps, Base):
    """One claim as filed (contract §1) and where it stands now."""

    __tablename__ = "claims"
    __table_args__ = (CheckConstraint(_in("status", ClaimStatus), name="status"),)

    claim_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    claim_type: Mapped[str] = mapped_column(String(32), index=True)
    insured_name: Mapped[str] = mapped_column(EncryptedText())
    insured_id_number: Mapped[str] = mapped_column(EncryptedText())
    insured_id_hash: Mapped[str] = mapped_column(String(64), index=True)  # keyring().blind_index of the ID
    accident_date: Mapped[date] = mapped_column(Date)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(32))
    report: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON())
    status: Mapped[str] = mapped_column(
        String(24), index=True, default=ClaimStatus.received.value, server_default=ClaimStatus.received.value
    )
    queue: Mapped[str | None] = mapped_column(String(32), index=True)
    assigned_reviewer: Mapped[str | None] = mapped_column(String(64), index=True)
    created_by: Mapped[str | None] = mapped_column(String(64), index=True)
    paper_form_number: Mapped[str | None] = mapped_column(String(64), unique=True)  # a paper claim entered later
    review_due: Mapped[date | None] = mapped_column(Date, index=True)
    documents_due: Mapped[date | None] = mapped_column(Date, index=True)  # documents incomplete: family told by then
    payment_due: Mapped[date | None] = mapped_column(Date, index=True)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )

    documents: Mapped[list[DocumentRow]] = relationship(back_populates="claim", order_by="DocumentRow.id")
    decisions: Mapped[list[DecisionRow]] = relationship(back_populates="claim", order_by="DecisionRow.id")


class DocumentRow(_Timestamps, Base):
    """One photo object of a claim, as classified and read by a pipeline version (or taken out of the claim)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    object_key: Mapped[str] = mapped_column(String(1024), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    phash: Mapped[str | None] = mapped_column(String(64), index=True)
    doc_type: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float)
    quality_usable: Mapped[bool] = mapped_column(Boolean)
    quality_issues: Mapped[list[str]] = mapped_column(JSON, default=list)
    invoice_number: Mapped[str | None] = mapped_column(String(64), index=True)
    pipeline_version: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=func.now()
    )
    # taken out of the claim by the field staff (a wrong or bad photo, retaken): the photo stays in intake/, but
    # no check, decision or duplicate search uses it
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    superseded_by: Mapped[str | None] = mapped_column(String(64))

    claim: Mapped[ClaimRow] = relationship(back_populates="documents")
    fields: Mapped[list[FieldRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="FieldRow.id", passive_deletes=True
    )


class FieldRow(Base):
    """One extracted key field of a document; a reviewer's correction is kept beside the machine value."""

    __tablename__ = "fields"
    __table_args__ = (UniqueConstraint("document_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[str | None] = mapped_column(EncryptedText())
    confidence: Mapped[float] = mapped_column(Float)
    box: Mapped[list[list[float]] | None] = mapped_column(JSON)
    corrected_value: Mapped[str | None] = mapped_column(EncryptedText())
    corrected_by: Mapped[str | None] = mapped_column(String(64))
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    document: Mapped[DocumentRow] = relationship(back_populates="fields")


class DecisionRow(_Timestamps, Base):
    """One routing decision; history is kept and exactly one row per claim is current."""

    __tablename__ = "decisions"
    __table_args__ = (
        CheckConstraint(_in("route", ROUTES), name="route"),
        Index(
            "uq_decisions_current_claim_id",
            "claim_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    route: Mapped[str] = mapped_column(String(16))
    queues: Mapped[list[str]] = mapped_column(JSON, default=list)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(EncryptedJSON(), default=list)
    payable_amount: Mapped[Decimal | None] = mapped_column(Money)
    allowance_days: Mapped[int | None] = mapped_column(Integer)
    policy_year: Mapped[int | None] = mapped_column(Integer)
    decision_json: Mapped[str] = mapped_column(EncryptedText())
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
    pipeline_version: Mapped[str] = mapped_column(String(32))
    policy_version: Mapped[str | None] = mapped_column(String(64))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    claim: Mapped[ClaimRow] = relationship(back_populates="decisions")


class ReviewerActionRow(_Timestamps, Base):
    """What a reviewer did to a claim (approve, reject, request documents, reassign, claim, correct a field)."""

    __tablename__ = "reviewer_actions"
    __table_args__ = (CheckConstraint(_in("action", ReviewerActionKind), name="action"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON(), default=dict)


class AuditLogRow(_Timestamps, Base):
    """An append-only audit entry; ``detail`` never holds an unmasked ID number."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(64))
    claim_id: Mapped[str | None] = mapped_column(String(64), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON(), default=dict)


class UserRow(_Timestamps, Base):
    """A person who signs in to the review UI."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_in("role", UserRole), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class WebSessionRow(_Timestamps, Base):
    """A signed-in browser session: the cookie holds only a random token, kept here as its SHA-256; a session
    stands until it expires or is revoked (sign-out, the account switched off or its password changed)."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RateEventRow(Base):
    """One counted event of a rate limit (a failed sign-in, a failed status lookup), shared by every web process
    through the claim database; the key (an address, an account) is kept only as its SHA-256."""

    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_bucket_key_at", "bucket", "key_hash", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(32))
    key_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class PaymentRow(_Timestamps, Base):
    """A claim's place in a payment batch; a claim is paid in exactly one batch, ever (UNIQUE claim_id)."""

    __tablename__ = "payments"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_not_negative"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), unique=True)
    batch_id: Mapped[str] = mapped_column(String(64), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)


class IntakeProblemRow(_Timestamps, Base):
    """A claim folder the batch could not take in (its name, its claim.json, an internal error): a case for a
    person in the queue the policy names, until someone marks it dealt with. One row per folder; ``message``
    is masked and never holds SQL."""

    __tablename__ = "intake_problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folder: Mapped[str] = mapped_column(String(255), unique=True)
    queue: Mapped[str] = mapped_column(String(32), index=True)
    object_key: Mapped[str] = mapped_column(String(1024))
    field: Mapped[str] = mapped_column(String(128))
    message: Mapped[str] = mapped_column(Text)
    times_seen: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, server_default=func.now())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolution: Mapped[str | None] = mapped_column(Text)


class ProcessedPhotoRow(_Timestamps, Base):
    """Cache of finished extraction: the Document JSON for a photo's content under a pipeline version."""

    __tablename__ = "processed_photos"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    pipeline_version: Mapped[str] = mapped_column(String(32), primary_key=True)
    document_json: Mapped[str] = mapped_column(EncryptedText())


class NotificationKind(StrEnum):
    progress = "progress"      # every N working days while the claim is open (policy SLA)
    documents = "documents"    # what is missing, all at once
    decision = "decision"      # approved or fast-paid (with the amount), or rejected (with the reason)


class NotificationRow(_Timestamps, Base):
    """A notice owed to the claimant, queued once per (claim, kind, day) and sent by the notify flow; the
    recipient and the text are sealed."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("claim_id", "kind", "due_on"),
                      CheckConstraint(_in("kind", NotificationKind), name="kind"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date] = mapped_column(Date)
    recipient: Mapped[str] = mapped_column(EncryptedText())
    message: Mapped[str] = mapped_column(EncryptedText())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    channel: Mapped[str | None] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)


class ReprocessedRow(_Timestamps, Base):
    """A claim decided again by one reprocess request (its reason, claims, pipeline and policy version): a run
    killed and started again skips the claims it finished. Written with the decision, in its transaction."""

    __tablename__ = "reprocessed"
    __table_args__ = (UniqueConstraint("request", "claim_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request: Mapped[str] = mapped_column(String(64), index=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.claim_id"))


metadata = Base.metadata
