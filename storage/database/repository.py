"""The database operations the pipeline needs: claims, documents, decisions, duplicates, allowance days,
the processed-photo cache and the audit log.

Every function takes an open Session and only flushes; the caller owns the transaction (see
``storage.database.session.session_scope``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from models.claim import ClaimReport
from models.decision import Decision
from models.document import Document
from models.enums import Route
from models.ids import mask_id
from models.text import normalize
from storage.crypto import keyring
from storage.database import lifecycle
from storage.database.tables import (
    AuditLogRow,
    ClaimRow,
    ClaimStatus,
    DecisionRow,
    DocumentRow,
    FieldRow,
    IntakeProblemRow,
    PaymentRow,
    ProcessedPhotoRow,
    utcnow,
)

_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_ID_KEYS = re.compile(r"(^|_)id_?number$|^id_no$|^身份证", re.IGNORECASE)


class ClaimNotFound(LookupError):
    """A claim_id that has no row in ``claims``."""

    def __init__(self, claim_id: str) -> None:
        self.claim_id = claim_id
        super().__init__(f"claim {claim_id}: not in the database")


@dataclass(frozen=True)
class DuplicateMatch:
    """A document of another claim that shares a photo, a near-identical photo or an invoice number."""

    claim_id: str
    object_key: str
    matched_on: Literal["sha256", "phash", "invoice_number"]
    value: str


# --- claims -------------------------------------------------------------------------------------------


def id_number_hash(id_number: str) -> str:
    """The keyed hash claims are looked up by ID number with (the number itself is stored encrypted)."""
    return keyring().blind_index(id_number.strip().upper())


def upsert_claim(session: Session, report: ClaimReport) -> ClaimRow:
    """Insert the claim from its report, or refresh the reported facts of an existing one.

    Status, queue, reviewer and due dates of an existing claim are left as they are.
    """
    row = session.get(ClaimRow, report.claim_id)
    if row is None:
        row = ClaimRow(claim_id=report.claim_id, status=ClaimStatus.received.value)
        session.add(row)
    row.claim_type = report.claim_type.value
    row.insured_name = report.insured.name
    row.insured_id_number = report.insured.id_number
    row.insured_id_hash = id_number_hash(report.insured.id_number)
    row.accident_date = report.accident.date
    row.reported_at = report.reported_at
    row.channel = report.channel.value
    row.report = report.model_dump(mode="json")
    session.flush()
    return row


def get_claim(session: Session, claim_id: str) -> ClaimRow:
    """The claim's row; raises ClaimNotFound when there is none."""
    row = session.get(ClaimRow, claim_id)
    if row is None:
        raise ClaimNotFound(claim_id)
    return row


# --- documents ----------------------------------------------------------------------------------------


def normalize_invoice_number(value: str | None) -> str | None:
    """Invoice number as compared for duplicates: normalised (models.text: full-width → ASCII, no whitespace),
    upper case."""
    if value is None:
        return None
    text = normalize(str(value)).upper()
    return text or None


def _field_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def record_document(
    session: Session,
    claim_id: str,
    document: Document,
    *,
    sha256: str,
    pipeline_version: str,
    phash: str | None = None,
) -> DocumentRow:
    """Store a photo's Document and its present fields under the claim (keyed by ``document.object``).

    Recording the same object again replaces the machine values; a reviewer's correction of a field
    that is still present is kept. ``invoice_number`` is taken from the fields (normalised).
    """
    get_claim(session, claim_id)
    row = session.scalars(select(DocumentRow).where(DocumentRow.object_key == document.object)).one_or_none()
    if row is None:
        row = DocumentRow(claim_id=claim_id, object_key=document.object)
        session.add(row)
    elif row.claim_id != claim_id:
        raise ValueError(f"object {document.object} already belongs to claim {row.claim_id}, not {claim_id}")
    present = document.fields.present()
    invoice = present.get("invoice_number")
    row.sha256 = sha256.lower()
    row.phash = phash.lower() if phash else None
    row.doc_type = document.doc_type.value
    row.confidence = document.confidence
    row.quality_usable = document.quality.usable
    row.quality_issues = [issue.value for issue in document.quality.issues]
    row.invoice_number = normalize_invoice_number(invoice.value) if invoice is not None else None
    row.pipeline_version = pipeline_version

    corrections = {f.name: f for f in row.fields if f.corrected_by is not None or f.corrected_value is not None}
    new_fields: list[FieldRow] = []
    for name, fv in present.items():
        field = FieldRow(
            name=name,
            value=_field_text(fv.value),
            confidence=fv.confidence,
            box=[list(p) for p in fv.box] if fv.box is not None else None,
        )
        old = corrections.get(name)
        if old is not None:
            field.corrected_value, field.corrected_by, field.corrected_at = (
                old.corrected_value,
                old.corrected_by,
                old.corrected_at,
            )
        new_fields.append(field)
    if row.fields:
        row.fields.clear()
        session.flush()  # delete the old field rows before inserting their replacements (unique name)
    row.fields.extend(new_fields)
    session.flush()
    return row


def find_duplicates(
    session: Session,
    *,
    exclude_claim_id: str,
    sha256: str | None = None,
    phash: str | None = None,
    invoice_number: str | None = None,
    phash_max_distance: int = 0,
) -> list[DuplicateMatch]:
    """Documents of claims other than ``exclude_claim_id`` with the same sha256, phash or invoice number (photos
    taken out of their claim left out).

    ``phash`` matches exactly unless ``phash_max_distance`` > 0, then by Hamming distance over the hex
    hashes of the same length (this scans every other claim's phash). Sorted by claim, object, match.
    """
    matches: list[DuplicateMatch] = []
    others = (DocumentRow.claim_id != exclude_claim_id) & DocumentRow.superseded_at.is_(None)
    if sha256:
        for claim_id, key, value in session.execute(
            select(DocumentRow.claim_id, DocumentRow.object_key, DocumentRow.sha256).where(
                others, DocumentRow.sha256 == sha256.lower()
            )
        ):
            matches.append(DuplicateMatch(claim_id, key, "sha256", value))
    invoice = normalize_invoice_number(invoice_number)
    if invoice:
        for claim_id, key, number in session.execute(
            select(DocumentRow.claim_id, DocumentRow.object_key, DocumentRow.invoice_number).where(
                others, DocumentRow.invoice_number == invoice
            )
        ):
            assert number is not None  # equal to ``invoice``
            matches.append(DuplicateMatch(claim_id, key, "invoice_number", number))
    if phash:
        wanted = phash.lower()
        query = select(DocumentRow.claim_id, DocumentRow.object_key, DocumentRow.phash).where(others)
        if phash_max_distance > 0:
            query = query.where(DocumentRow.phash.is_not(None), func.length(DocumentRow.phash) == len(wanted))
        else:
            query = query.where(DocumentRow.phash == wanted)
        for claim_id, key, hashed in session.execute(query):
            assert hashed is not None  # the query leaves out documents without a phash
            if phash_max_distance <= 0 or _hamming(wanted, hashed) <= phash_max_distance:
                matches.append(DuplicateMatch(claim_id, key, "phash", hashed))
    return sorted(set(matches), key=lambda m: (m.claim_id, m.object_key, m.matched_on))


def superseded_objects(session: Session, claim_id: str) -> set[str]:
    """The photos taken out of the claim (still in intake/, used by nothing)."""
    return set(session.scalars(select(DocumentRow.object_key).where(DocumentRow.claim_id == claim_id,
                                                                   DocumentRow.superseded_at.is_not(None))))


def set_superseded(session: Session, claim_id: str, document_id: int, by: str | None) -> DocumentRow:
    """Take the claim's photo out of it (``by`` the person), or put it back (``by`` None); LookupError when the
    claim has no such photo."""
    row = session.get(DocumentRow, document_id)
    if row is None or row.claim_id != claim_id:
        raise LookupError(f"claim {claim_id} has no document {document_id}")
    row.superseded_at, row.superseded_by = (utcnow(), by) if by is not None else (None, None)
    return row


def _hamming(a: str, b: str) -> int:
    try:
        return (int(a, 16) ^ int(b, 16)).bit_count()
    except ValueError:
        return 1 << 30  # not hex: never near


# --- decisions ----------------------------------------------------------------------------------------


def record_decision(
    session: Session,
    decision: Decision,
    *,
    allowance_days: int | None = None,
    policy_year: int | None = None,
) -> DecisionRow:
    """Add the decision as the claim's current one; earlier decisions stay as history (is_current False).

    While the claim is open (see lifecycle.REDECIDABLE) its status becomes ``decided`` (fast_pay) or
    ``in_review`` with ``queue`` = the decision's first queue (manual_review). ``allowance_days`` and
    ``policy_year`` are what ``earlier_allowance_days`` sums for hospital allowance claims.
    """
    claim = get_claim(session, decision.claim_id)
    session.execute(
        update(DecisionRow)
        .where(DecisionRow.claim_id == decision.claim_id, DecisionRow.is_current.is_(True))
        .values(is_current=False)
        .execution_options(synchronize_session="fetch")
    )
    session.flush()
    row = DecisionRow(
        claim_id=decision.claim_id,
        route=decision.route.value,
        queues=[q.value for q in decision.queues],
        reasons=[{"code": r.code.value, "detail": r.detail} for r in decision.reasons],
        payable_amount=decision.payable_amount,
        allowance_days=allowance_days,
        policy_year=policy_year,
        decision_json=decision.to_json(),
        decided_at=decision.decided_at,
        pipeline_version=decision.pipeline_version,
        policy_version=decision.policy_version,
        is_current=True,
    )
    session.add(row)
    if claim.status in lifecycle.REDECIDABLE:
        if decision.route == Route.fast_pay:
            claim.status, claim.queue = ClaimStatus.decided.value, None
        else:
            claim.status = ClaimStatus.in_review.value
            claim.queue = decision.queues[0].value if decision.queues else None
    session.flush()
    return row


def current_decision(session: Session, claim_id: str) -> DecisionRow | None:
    """The claim's current decision row, or None before the first decision."""
    return session.scalars(
        select(DecisionRow).where(DecisionRow.claim_id == claim_id, DecisionRow.is_current.is_(True))
    ).one_or_none()


def decision_history(session: Session, claim_id: str) -> list[DecisionRow]:
    """Every decision of the claim, oldest first."""
    return list(session.scalars(select(DecisionRow).where(DecisionRow.claim_id == claim_id).order_by(DecisionRow.id)))


def earlier_allowance_days(
    session: Session,
    id_number: str,
    policy_year: int,
    *,
    claim_id: str,
    reported_at: datetime | None = None,
    statuses: Iterable[str] = lifecycle.COUNTED,
) -> int:
    """Hospital-allowance days already granted to the insured in ``policy_year`` by other claims.

    Sums ``allowance_days`` of the current decisions of the insured's other claims whose status is in
    ``statuses``. With ``reported_at``, only claims reported earlier count (ties broken by claim_id), so
    re-running a batch gives the same answer whatever order the claims were decided in.
    """
    query = (
        select(func.coalesce(func.sum(DecisionRow.allowance_days), 0))
        .join(ClaimRow, ClaimRow.claim_id == DecisionRow.claim_id)
        .where(
            ClaimRow.insured_id_hash == id_number_hash(id_number),
            ClaimRow.claim_id != claim_id,
            ClaimRow.status.in_([str(s) for s in statuses]),
            DecisionRow.is_current.is_(True),
            DecisionRow.policy_year == policy_year,
            DecisionRow.allowance_days.is_not(None),
        )
    )
    if reported_at is not None:
        query = query.where(
            or_(
                ClaimRow.reported_at < reported_at,
                and_(ClaimRow.reported_at == reported_at, ClaimRow.claim_id < claim_id),
            )
        )
    return int(session.scalar(query) or 0)


def decided_objects(session: Session, claim_id: str | None = None) -> dict[str, set[str]]:
    """For every claim (or just ``claim_id``) with a current decision, the photo objects recorded for it."""
    current = select(DecisionRow.claim_id).where(DecisionRow.is_current.is_(True))
    documents = select(DocumentRow.claim_id, DocumentRow.object_key)
    if claim_id is not None:
        current = current.where(DecisionRow.claim_id == claim_id)
        documents = documents.where(DocumentRow.claim_id == claim_id)
    decided: dict[str, set[str]] = {c: set() for c in session.scalars(current)}
    for owner, key in session.execute(documents):
        if owner in decided:
            decided[owner].add(key)
    return decided


# --- payments -----------------------------------------------------------------------------------------


def enqueue_payment(session: Session, claim_id: str, amount: Decimal, batch_id: str) -> bool:
    """Put the claim into payment batch ``batch_id`` unless it already has a payment record (a claim is paid
    once, ever); True when a record was added."""
    if session.scalars(select(PaymentRow.id).where(PaymentRow.claim_id == claim_id)).first() is not None:
        return False
    session.add(PaymentRow(claim_id=claim_id, batch_id=batch_id, amount=amount))
    session.flush()
    return True


# --- processed-photo cache ----------------------------------------------------------------------------


def get_cached_document(session: Session, sha256: str, pipeline_version: str) -> Document | None:
    """The Document extracted earlier from a photo with this content under this pipeline version.

    Its ``object`` is the photo it was first extracted from; set the current one before use.
    """
    row = session.get(ProcessedPhotoRow, (sha256.lower(), pipeline_version))
    return Document.model_validate_json(row.document_json) if row is not None else None


def cache_document(session: Session, sha256: str, pipeline_version: str, document: Document) -> None:
    """Remember the extraction result for (content sha256, pipeline version), replacing an older one."""
    payload = document.model_dump_json()
    row = session.get(ProcessedPhotoRow, (sha256.lower(), pipeline_version))
    if row is None:
        session.add(ProcessedPhotoRow(sha256=sha256.lower(), pipeline_version=pipeline_version, document_json=payload))
    else:
        row.document_json = payload
    session.flush()


# --- audit log ----------------------------------------------------------------------------------------


def mask_ids(value: Any, *, key: str | None = None) -> Any:
    """A copy of ``value`` with every ID number masked (``mask_id``): 18-character IDs anywhere in text,
    and any string under a key such as ``id_number``."""
    if isinstance(value, dict):
        return {k: mask_ids(v, key=str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_ids(v, key=key) for v in value]
    if isinstance(value, str):
        if key is not None and _ID_KEYS.search(key) and "*" not in value:
            return mask_id(value)
        return _ID_IN_TEXT.sub(lambda m: mask_id(m.group(0)), value)
    if isinstance(value, (Decimal, date, datetime)):
        return _field_text(value)
    return value


def append_audit(
    session: Session,
    actor: str,
    action: str,
    *,
    claim_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditLogRow:
    """Append an audit entry; ID numbers in ``detail`` are masked before they are stored."""
    row = AuditLogRow(actor=actor, action=action, claim_id=claim_id, detail=mask_ids(detail or {}))
    session.add(row)
    session.flush()
    return row


# --- intake problems -----------------------------------------------------------------------------------


def record_intake_problem(session: Session, folder: str, queue: str, object_key: str, field: str,
                          message: str) -> IntakeProblemRow:
    """Record (or see again) a claim folder the batch could not take in; its message is masked. A problem seen
    again after it was marked dealt with is opened again."""
    row = session.scalars(select(IntakeProblemRow).where(IntakeProblemRow.folder == folder)).first()
    text_ = mask_ids(message)
    if row is None:
        row = IntakeProblemRow(folder=folder, queue=queue, object_key=object_key, field=field, message=text_)
        session.add(row)
    else:
        row.queue, row.object_key, row.field, row.message = queue, object_key, field, text_
        row.times_seen += 1
        row.last_seen = utcnow()
        row.resolved_at = row.resolved_by = row.resolution = None
    session.flush()
    return row


def open_intake_problems(session: Session, queue: str | None = None) -> list[IntakeProblemRow]:
    """Intake problems nobody has dealt with yet, oldest first (optionally of one queue)."""
    query = select(IntakeProblemRow).where(IntakeProblemRow.resolved_at.is_(None))
    if queue is not None:
        query = query.where(IntakeProblemRow.queue == queue)
    return list(session.scalars(query.order_by(IntakeProblemRow.created_at, IntakeProblemRow.id)))


def resolve_intake_problem(session: Session, problem_id: int, who: str, resolution: str) -> IntakeProblemRow:
    """Mark an intake problem dealt with, saying how; audited."""
    row = session.get(IntakeProblemRow, problem_id)
    if row is None:
        raise LookupError(f"intake problem {problem_id}: no such problem")
    row.resolved_at, row.resolved_by, row.resolution = utcnow(), who, resolution
    append_audit(session, who, "resolve_intake_problem", detail={"folder": row.folder, "resolution": resolution})
    return row
