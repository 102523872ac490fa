"""Claims waiting for review, put into the database through the repository (as the batch would)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from models.claim import ClaimReport
from models.decision import ChecklistResult, Decision, Reason
from models.document import FIELDS_BY_DOC_TYPE, Document, Quality
from models.enums import DocType, Queue, ReasonCode, Route
from storage.database.repository import get_claim, record_decision, record_document, upsert_claim
from storage.database.session import session_scope
from storage.object_store import ObjectStore

CHINA = timezone(timedelta(hours=8))
INSURED_ID = "440524195203151224"
BOX = [[40.0, 60.0], [400.0, 60.0], [400.0, 110.0], [40.0, 110.0]]
QUEUE_OF = {ReasonCode.MISSING_DOCUMENT: Queue.documents, ReasonCode.LOW_CONFIDENCE: Queue.verification,
            ReasonCode.HIGH_VALUE: Queue.adjudication, ReasonCode.DUPLICATE_DOCUMENT: Queue.fraud}


def report(claim_id: str, id_number: str = INSURED_ID) -> ClaimReport:
    """A hospital-allowance report as field staff would file it."""
    return ClaimReport.model_validate({
        "claim_id": claim_id, "claim_type": "hospital_allowance",
        "insured": {"name": "陈秀英", "id_number": id_number},
        "accident": {"date": "2026-03-10", "description": "在家中浴室滑倒致右股骨骨折"},
        "claimant": {"name": "林志强", "relationship": "child", "phone": "13800138000"},
        "payee": {"name": "陈秀英", "bank": "中国农业银行", "account": "6228480000000000000"},
        "reported_at": "2026-03-20T09:30:00+08:00", "channel": "service_point"})


def seed_case(db_url: str, claim_id: str, *, reason: ReasonCode = ReasonCode.LOW_CONFIDENCE,
              review_due: date | None = None, store: ObjectStore | None = None, photo: bytes | None = None,
              payable: Decimal | None = Decimal("240.00"), missing: tuple[str, ...] = (),
              detail: str = "expense_list.total_amount", documents_due: date | None = None) -> None:
    """A claim in manual review for ``reason`` (with ``detail``) with one expense list (a confident name, an
    unsure total) and the ``missing`` checklist lines; the photo is put into ``store`` when given."""
    key = f"intake/{claim_id}/photo-001.jpg"
    if store is not None and photo is not None:
        store.put_intake(key, photo, "image/jpeg")
    fields = FIELDS_BY_DOC_TYPE[DocType.expense_list].model_validate({
        "name": {"value": "陈秀英", "confidence": 0.97, "box": BOX},
        "total_amount": {"value": "1234.56", "confidence": 0.41, "box": [[40.0, 200.0], [300.0, 200.0],
                                                                          [300.0, 250.0], [40.0, 250.0]]}})
    document = Document(object=key, doc_type=DocType.expense_list, confidence=0.93,
                        quality=Quality(usable=True), fields=fields)
    decision = Decision(claim_id=claim_id, route=Route.manual_review, queues=[QUEUE_OF[reason]],
                        reasons=[Reason(code=reason, detail=detail)], payable_amount=payable,
                        documents=[document], checklist=ChecklistResult(complete=not missing, missing=list(missing)),
                        decided_at=datetime(2026, 3, 20, 9, 31, tzinfo=CHINA), pipeline_version="test")
    with session_scope(db_url) as session:
        upsert_claim(session, report(claim_id))
        record_document(session, claim_id, document, sha256=claim_id.encode().hex().ljust(64, "0")[:64],
                        pipeline_version="test")
        record_decision(session, decision)
        row = get_claim(session, claim_id)
        row.review_due, row.documents_due = review_due, documents_due
