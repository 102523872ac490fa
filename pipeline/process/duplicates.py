"""Looking a claim's photos up in the other claims: same bytes, same invoice number, or a near page hash
confirmed by the documents' fields (pages printed from one template hash close together)."""
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.document import KEY_FIELDS, Document
from models.enums import DocType, QualityIssue
from models.policy import Policy
from models.text import normalize
from pipeline.process.extraction import Photo
from pipeline.validate.duplicates import DuplicateHit
from storage.database.repository import find_duplicates
from storage.database.tables import DocumentRow


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return normalize(str(value))


def same_page(document: Document, other: DocumentRow, policy: Policy) -> bool:
    """True when the other claim's document is of the same type and its confidently read key fields agree
    with this one's: at least ``duplicate_phash_agreeing_fields`` agree and none differs."""
    if other.doc_type != document.doc_type.value:
        return False
    bar = policy.thresholds.field_confidence
    mine = {name: _text(fv.value) for name, fv in document.fields.present().items()
            if name in KEY_FIELDS[document.doc_type] and fv.confidence >= bar}
    theirs = {f.name: normalize(f.corrected_value or f.value or "") for f in other.fields
              if f.confidence >= bar or f.corrected_value is not None}
    shared = [name for name in mine if name in theirs]
    agree = sum(mine[name] == theirs[name] for name in shared)
    return agree == len(shared) and agree >= policy.thresholds.duplicate_phash_agreeing_fields


def duplicate_hits(session: Session, claim_id: str, photos: list[Photo], policy: Policy) -> list[DuplicateHit]:
    """Every photo of the claim found again in another claim (doc types the policy exempts left out, and files
    that are no photo at all: two empty or undecodable files are alike without being the same document)."""
    bar = policy.thresholds.field_confidence
    hits: list[DuplicateHit] = []
    for photo in photos:
        doc = photo.document
        if doc.doc_type in policy.duplicate_exempt_doc_types or QualityIssue.unreadable_file in doc.quality.issues:
            continue
        invoice = doc.fields.present().get("invoice_number") if doc.doc_type == DocType.hospital_invoice else None
        matches = find_duplicates(
            session, exclude_claim_id=claim_id, sha256=photo.sha256, phash=photo.phash,
            invoice_number=invoice.value if invoice is not None and invoice.confidence >= bar else None,
            phash_max_distance=policy.thresholds.duplicate_phash_distance)
        others = {row.object_key: row for row in session.scalars(
            select(DocumentRow).options(selectinload(DocumentRow.fields))
            .where(DocumentRow.object_key.in_({m.object_key for m in matches})))}
        for m in matches:
            other = others[m.object_key]
            if DocType(other.doc_type) in policy.duplicate_exempt_doc_types:
                continue
            if m.matched_on == "phash" and not same_page(doc, other, policy):
                continue
            hits.append(DuplicateHit(doc.object, m.claim_id, m.object_key, m.matched_on))
    return hits
